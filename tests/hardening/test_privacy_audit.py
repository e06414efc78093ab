"""Every error path, fed personal values, shows none of them raw.

``test_error_privacy.py`` covers damaged CSV and JSON Lines; this table
covers every other place a message can quote what it was given: reader
messages that list keys, sheet or column names, the profile stage, database
errors, waiver, standard, profile and baseline files, command-line
arguments, a rule that crashes, and the ``--verbose`` log. Each case puts a
mobile number, a resident ID, an e-mail address and a bank card right where
its message looks, runs the real command line in every report format with
the report written to a file, and greps stdout, stderr and the report for
the raw values. Where a message is expected to *name* the value, the case
also checks it shows the masked form -- the message still says which one.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from svccheck.plugins import load_plugins

PHONE = "13812345678"
ID_CARD = "11010519491231002X"
EMAIL = "zhang.wei@example.com"
CARD = "6222021234567890128"  # Luhn-valid UnionPay number
SECRETS = (PHONE, ID_CARD, EMAIL, CARD)
PERSONAL = " ".join(SECRETS)

HEADER = ["id", "customer_id", "category", "description", "priority", "status",
          "created_at", "assignee"]


def row(ticket: str, description: str = "x", category: str = "problem") -> list[str]:
    return [ticket, "C1", category, description, "normal", "open", "2025-10-09 09:00", "amy"]


def csv_text(*rows: list[str]) -> str:
    return "".join(",".join(cells) + "\n" for cells in rows)


GOOD_CSV = csv_text(HEADER, row("T1"))
Build = Callable[[Path], None]


def text(content: str) -> Build:
    return lambda path: path.write_text(content, encoding="utf-8")


def workbook(sheets: dict[str, list[list[str]]]) -> Build:
    def build(path: Path) -> None:
        book = xlsxwriter.Workbook(str(path))
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            for number, cells in enumerate(rows):
                sheet.write_row(number, 0, cells)
        book.close()
    return build


def parquet(columns: dict[str, list[str]]) -> Build:
    return lambda path: pl.DataFrame(columns).write_parquet(path)


def sqlite(build_sql: str, rows: list[tuple[str, ...]]) -> Build:
    def build(path: Path) -> None:
        with sqlite3.connect(path) as con:
            con.execute(build_sql)
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO t VALUES ({marks})", rows)
        con.close()
    return build


def json_record_over_limit(path: Path) -> None:
    """Normal tickets, then one whose 300 messages of personal values pass the bound."""
    tickets = [dict(zip(HEADER, row(f"T{n}"), strict=True)) for n in range(1, 30)]
    tickets[3]["messages"] = [{"author": "customer", "text": PERSONAL}] * 300
    path.write_text(json.dumps(tickets), encoding="utf-8")


def gzipped(build: Build) -> Build:
    """The file ``build`` writes, gzip-compressed."""
    def build_gz(path: Path) -> None:
        plain = path.with_name("plain")
        build(plain)
        path.write_bytes(gzip.compress(plain.read_bytes()))
        plain.unlink()
    return build_gz


CRASHING_RULE = '''
from svccheck.hookspecs import hookimpl
from svccheck.rule import ticket_rule


@ticket_rule(id="team.parse-description", title={"zh": "解析", "en": "Parse"},
             severity="error", clause="team handbook 1", requires=("description",))
def parse(ticket, events, ctx):
    """Crashes with the cell in its message, as a careless plugin would."""
    raise ValueError(f"cannot parse {ticket['description']!r}")
    yield


@hookimpl
def svccheck_rules():
    return [parse]
'''
CRASH_STANDARD = 'id: team\ntitle: Team\nversion: "1"\nrules:\n  team.parse-description: {}\n'


@dataclass(frozen=True)
class Case:
    """One error path: the files it needs, the arguments, the exit code expected."""

    path: str  # the code path covered, as a user would name it
    files: dict[str, Build]
    #: arguments after ``check``; ``{dir}`` is the test's directory
    args: tuple[str, ...]
    code: int
    #: masked forms the output must show (the message still names the value)
    shown: tuple[str, ...] = ()
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


CASES = [
    Case("json reader: an object without a tickets array lists its keys",
         {"t.json": text(json.dumps(dict.fromkeys(SECRETS, 1)))},
         ("{dir}/t.json",), 2, shown=("138****5678", "z***@example.com")),
    Case("json reader: a record over the record bound",
         {"t.json": json_record_over_limit},
         ("{dir}/t.json", "--max-cell-bytes", "100"), 2),
    Case("json reader: a record over the bound in a .json.gz",
         {"t.json.gz": gzipped(json_record_over_limit)},
         ("{dir}/t.json.gz", "--max-cell-bytes", "100"), 2),
    Case("xlsx reader: an unknown --sheet lists the sheet names",
         {"t.xlsx": workbook({secret: [HEADER, row("T1")] for secret in SECRETS})},
         ("{dir}/t.xlsx", "--sheet", "tickets"), 2, shown=("138****5678",)),
    Case("xlsx reader: the chosen sheet is empty",
         {"t.xlsx": workbook({"tickets": [HEADER, row("T1")], PHONE: []})},
         ("{dir}/t.xlsx", "--sheet", PHONE), 2, shown=("138****5678",)),
    Case("xlsx reader: header cells are personal values (no profile matches)",
         {"t.xlsx": workbook({"tickets": [list(SECRETS), list(SECRETS)]})},
         ("{dir}/t.xlsx",), 2, shown=("1101**********002X",)),
    Case("parquet reader: column names are personal values (no profile matches)",
         {"t.parquet": parquet({secret: ["x"] for secret in SECRETS})},
         ("{dir}/t.parquet",), 2, shown=("6222 **** **** *** 0128",)),
    Case("profiles: a header-less CSV, its first row quoted as column names",
         {"t.csv": text(csv_text(["T1", PHONE, PHONE, EMAIL, ID_CARD, CARD]))},
         ("{dir}/t.csv",), 2, shown=("138****5678_2",)),
    Case("profiles: unused columns named by personal values, listed in every report",
         {"t.csv": text(csv_text([*HEADER, *SECRETS, PHONE], [*row("T1"), "a", "b", "c", "d", "e"]))},
         ("{dir}/t.csv", "--as-of", "2025-11-30"), 0),
    Case("cell limit: an oversized cell under a column named by a personal value",
         {"t.csv": text(csv_text([*HEADER, PHONE, PHONE], [*row("T1"), "y" * 300, "y" * 300]))},
         ("{dir}/t.csv", "--max-cell-bytes", "200", "--as-of", "2025-11-30"), 1),
    Case("rules: values and timestamps that are personal values, as findings' evidence",
         {"t.csv": text(csv_text(HEADER, [*row("T1", PERSONAL, PHONE)[:6], EMAIL, CARD]))},
         ("{dir}/t.csv", "--as-of", "2025-11-30"), 1),
    Case("--verbose log and progress on data full of personal values",
         {"t.csv": text(csv_text(HEADER, row("T1", PERSONAL), row("T2", PERSONAL, "other")))},
         ("{dir}/t.csv", "--verbose", "--as-of", "2025-11-30"), 1),
    Case("database: a query error quoting a value",
         {"t.db": sqlite("CREATE TABLE t (id, description)", [("T1", PERSONAL)])},
         ("sqlite:///{dir}/t.db", "--query", f"SELECT * FROM t WHERE description = '{PHONE}"),
         2, shown=("138****5678",)),
    Case("database: a --table that is not a table name",
         {"t.db": sqlite("CREATE TABLE t (id, description)", [("T1", PERSONAL)])},
         ("sqlite:///{dir}/t.db", "--table", f"{EMAIL}'"), 2, shown=("z***@example.com",)),
    Case("database: column names that are personal values (no profile matches)",
         {"t.db": sqlite(f'CREATE TABLE t ("{PHONE}", "{EMAIL}")', [("a", "b")])},
         ("sqlite:///{dir}/t.db", "--table", "t"), 2, shown=("138****5678",)),
    Case("database: a password in the DSN of a connection that fails",
         {}, (f"postgresql://agent:{PHONE}@127.0.0.1:1/helpdesk", "--table", "t"), 2),
    Case("waivers: a date field holding a personal value",
         {"t.csv": text(GOOD_CSV),
          "w.yaml": text("waivers:\n  - rule: record.allowed-values\n    tickets: [T1]\n"
                         f"    owner: amy\n    reason: known\n    expires: '{PHONE}'\n")},
         ("{dir}/t.csv", "--waivers", "{dir}/w.yaml"), 2),
    Case("standards: a rule option that fails the schema",
         {"t.csv": text(GOOD_CSV),
          "s.yaml": text(f'id: s\ntitle: S\nversion: "1"\nrules:\n'
                         f'  record.required-fields: "{EMAIL}"\n')},
         ("{dir}/t.csv", "--standard", "{dir}/s.yaml"), 2),
    Case("profiles: a profile file whose value fails the schema",
         {"t.csv": text(GOOD_CSV),
          "p.yaml": text(f"id: p\nfields:\n  id: [{PHONE}, {EMAIL}]\n  customer_id: {{x: {CARD}}}\n")},
         ("{dir}/t.csv", "--profile", "{dir}/p.yaml"), 2),
    Case("baseline: a file that is not a baseline",
         {"t.csv": text(GOOD_CSV),
          "b.json": text(json.dumps({"version": 1, "findings": [{PHONE: EMAIL}]}))},
         ("{dir}/t.csv", "--baseline", "{dir}/b.json"), 2),
    Case("command line: an --as-of that is not a time",
         {"t.csv": text(GOOD_CSV)}, ("{dir}/t.csv", "--as-of", PHONE), 2,
         shown=("138****5678",)),
    Case("rules: a plugin rule crashes, its exception quoting a cell",
         {"t.csv": text(csv_text(HEADER, row("T1", PERSONAL))),
          "plugins/team_parse.py": text(CRASHING_RULE), "s.yaml": text(CRASH_STANDARD)},
         ("{dir}/t.csv", "--standard", "{dir}/s.yaml", "--plugins-dir", "{dir}/plugins"), 2),
    Case("rules: under --keep-going the crash becomes a finding in the report",
         {"t.csv": text(csv_text(HEADER, row("T1", PERSONAL))),
          "plugins/team_parse.py": text(CRASHING_RULE), "s.yaml": text(CRASH_STANDARD)},
         ("{dir}/t.csv", "--standard", "{dir}/s.yaml", "--plugins-dir", "{dir}/plugins",
          "--keep-going", "--fail-on", "never"), 0),
]
FORMATS = sorted(load_plugins().reporters)
SUFFIX = {"github": "txt", "markdown": "md", "sarif": "sarif.json"}


@pytest.fixture
def forget_plugins():
    """Modules a plugins directory loads must not leak into the next case."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("team_", "svccheck_local_plugins")):
            del sys.modules[name]


@pytest.mark.usefixtures("forget_plugins")
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.path, marks=c.marks) for c in CASES])
def test_no_error_path_shows_a_personal_value(svccheck, tmp_path: Path, case: Case,
                                              fmt: str) -> None:
    inputs = tmp_path / "in"
    for name, build in case.files.items():
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        build(inputs / name)
    report = tmp_path / f"report.{SUFFIX.get(fmt, fmt)}"
    args = [arg.replace("{dir}", str(inputs)) for arg in case.args]

    run = svccheck("check", *args, "--format", fmt, "--output", report)

    assert run.code == case.code, run.err
    assert "Traceback" not in run.err
    if run.code == 2:
        assert run.err.startswith("svccheck: error: "), run.err
    written = report.read_text(encoding="utf-8") if report.exists() else ""
    for secret in SECRETS:
        assert secret not in run.err, f"{secret} on stderr: {run.err}"
        assert secret not in run.out, f"{secret} on stdout"
        assert secret not in written, f"{secret} in the {fmt} report"
    for masked in case.shown:
        assert masked in run.err + written, (masked, run.err)

