"""``--engine stream`` gives the report ``--engine memory`` gives, whatever the parts.

The streaming engine spills the audit to disk in parts and checks each part
alone; each rule's scope says what it must see at once (a ticket, a
customer, a KPI's partial counts, or every ticket). These tests run the same
audit with both engines over exports that exercise every scope -- messages
per ticket, a customer's tickets, KPI groups, a plugin rule that reads every
ticket, unreadable rows, a rule crashing on one part -- and compare the
whole JSON report, findings, order and summary included.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from svccheck.engines import spill
from svccheck.engines import stream as stream_engine
from svccheck.engines.partition import PART, merge_schema

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-11-30 18:00"
PARTS = ("1", "4", "7")


def generated(tmp_path: Path, fmt: str, encoding: str = "utf-8") -> Path:
    """A 1,500-ticket export from the benchmark generator (about 12% with a violation)."""
    out = tmp_path / f"export.{fmt}"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--tickets", "1500",
         "--seed", "7", "--format", fmt, "--encoding", encoding, "--out", str(out), "--quiet"],
        check=True,
    )
    return out


def same_reports(svccheck, *argv, parts=PARTS, extra=()) -> dict:
    """Run ``argv`` with each engine; every streamed report equals the in-memory one."""
    memory = svccheck("check", *argv, "--format", "json", "--engine", "memory")
    assert memory.code in (0, 1), memory.err
    for count in parts:
        for more in ((), *extra):
            stream = svccheck("check", *argv, "--format", "json", "--engine", "stream",
                              "--parts", count, *more)
            assert stream.code == memory.code, stream.err
            assert stream.report == memory.report, (count, more)
    return memory.report


def test_chats_with_messages_every_ticket_rule_and_kpi(svccheck, tmp_path):
    export = generated(tmp_path, "jsonl")
    report = same_reports(svccheck, export, "--as-of", AS_OF, "--standard", "contact-center",
                          extra=[("--jobs", "3")])
    rules = {r["rule"]: r for r in report["summary"]["rules"]}
    # the run is worth comparing: per-ticket, message and KPI rules all found something
    assert rules["response.first-reply"]["violations"] > 0
    assert rules["greeting.opening"]["violations"] > 0
    assert rules["privacy.unmasked-contact"]["violations"] > 0


def test_gb18030_csv_with_every_baseline_rule(svccheck, tmp_path):
    export = generated(tmp_path, "csv", "gb18030")
    report = same_reports(svccheck, export, "--as-of", AS_OF)
    assert report["summary"]["violations"] > 100


def test_a_parquet_dump(svccheck, tmp_path):
    """The generator's Parquet dump (canonical fields, read whole as one batch)."""
    export = generated(tmp_path, "parquet")
    report = same_reports(svccheck, export, "--as-of", AS_OF, parts=("4",))
    assert report["inputs"][0]["format"] == "parquet"
    assert report["summary"]["violations"] > 100


@pytest.mark.parametrize(("fmt", "encoding"), [("csv", "gb18030"), ("jsonl", "utf-8")])
def test_files_read_in_small_batches(svccheck, tmp_path, monkeypatch, fmt, encoding):
    """The stream engine reads a file in batches (8 MiB by default); cut into
    hundreds of 16 kB batches, written to the parts a few batches at a time,
    an export still gives the in-memory report."""
    export = generated(tmp_path, fmt, encoding)
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", 16_000)
    monkeypatch.setattr(spill, "SPILL_BUFFER_BYTES", 60_000)
    same_reports(svccheck, export, "--as-of", AS_OF, "--standard", "contact-center",
                 parts=("3",))


def test_kpi_merged_from_parts_is_the_whole_audits_figure(svccheck, tmp_path,
                                                          unreachable_kpis):
    """A floor no group reaches: every group's rate must come out as over all tickets."""
    standard = unreachable_kpis
    export = generated(tmp_path, "jsonl")
    report = same_reports(svccheck, export, "--as-of", AS_OF, "--standard", standard)
    kpis = [v for v in report["violations"] if v["rule"].startswith("kpi.")]
    assert {v["rule"] for v in kpis} == {"kpi.first-reply-attainment",
                                         "kpi.satisfaction-average"}
    assert len(kpis) > 10  # overall, and per assignee and channel


def test_a_customers_policies_stay_together(svccheck, insurance_book, monkeypatch):
    """Insurance: a birthday greeting logged under one of a customer's policies counts
    for the others (a ``customer`` rule), activities come from a separate events file,
    and the 13-month persistency is merged from the parts."""
    policies, activities, standard = insurance_book
    report = same_reports(svccheck, "--standard", standard, policies, "--events", activities,
                          "--as-of", AS_OF, parts=("2", "3", "5"))
    # the policies and the activities, each in batches of a few rows, written
    # to the parts a few batches at a time
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", 200)
    monkeypatch.setattr(spill, "SPILL_BUFFER_BYTES", 2_000)
    assert same_reports(svccheck, "--standard", standard, policies, "--events", activities,
                        "--as-of", AS_OF, parts=("3",)) == report
    found = [(v["ticket"], v["rule"]) for v in report["violations"]]
    assert ("P2406", "greeting.birthday") in found
    assert ("P2409", "greeting.birthday") not in found  # greeted under P2401
    assert any(rule == "kpi.persistency-13m" for _, rule in found)


def hotline() -> str:
    """40 customers calling about broadband; the even ones call again 2 days later
    (a repeat contact each): first-contact resolution 40/80 judged, under the 80% floor."""
    lines = ["工单流水号,客户编号,受理渠道,业务类别,诉求内容,工单状态,受理时间,办结时间,处理工号"]
    for n in range(40):
        lines.append(f"W{n}a,C{n},10000号,故障申告,宽带无法上网,已办结,2025-11-03 09:{n:02d},"
                     f"2025-11-03 10:{n:02d},800{n % 3}")
        if n % 2 == 0:
            lines.append(f"W{n}b,C{n},10000号,故障申告,宽带又断了,已办结,2025-11-05 09:{n:02d},"
                         f"2025-11-05 10:{n:02d},800{n % 3}")
    return "\n".join(lines) + "\n"


def test_plugin_rules_by_customer_and_over_every_ticket(svccheck, write):
    """telecom.repeat-contact compares a customer's tickets; the first-contact KPI
    declares no scope, so it sees every ticket at once."""
    path = write("hotline.csv", hotline())
    report = same_reports(svccheck, path, "--standard", "telecom-hotline", "--as-of", AS_OF)
    repeats = [v["ticket"] for v in report["violations"]
               if v["rule"] == "telecom.repeat-contact"]
    assert sorted(repeats) == sorted(f"W{n}b" for n in range(0, 40, 2))
    assert [v["rule"] for v in report["violations"]].count(
        "telecom.first-contact-resolution") == 1


def test_unreadable_rows_are_reported_the_same(svccheck, write):
    path = write("ragged.csv", """
        工单编号,客户ID,问题类别,问题描述,紧急程度,处理状态,受理时间
        T1,C1,咨询,x,一般,已解决,2025-11-03 09:00
        T2,C2,咨询
        T3,C3,咨询,x,一般,已解决,2025-11-03 09:00,extra
        T4,C4,咨询,x,一般,已解决,2025-11-03 09:00
        """)
    report = same_reports(svccheck, path, "--as-of", AS_OF, "--profile", "cn-response-record")
    unreadable = [v["ticket"] for v in report["violations"] if v["rule"] == "record.readable-row"]
    assert unreadable == ["T2", "T3"]


CRASHING = '''
import polars as pl
from svccheck.hookspecs import hookimpl
from svccheck.rule import columnar_rule


@columnar_rule(id="local.fragile", title={"zh": "脆弱", "en": "Fragile"}, scope="ticket")
def fragile(ctx):
    """Fails on the part that holds ticket T7."""
    if ctx.tickets.filter(pl.col("_ticket") == "T7").collect().height:
        raise ValueError("cannot handle this part")
    return ctx.findings(ctx.tickets, message="seen")


@hookimpl
def svccheck_rules():
    return [fragile]
'''


def test_a_rule_failing_on_one_part_fails_for_the_whole_run(svccheck, write, tmp_path):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "fragile.py").write_text(CRASHING)
    rows = "\n".join(f"T{n},C{n},咨询,x,一般,已解决,2025-11-03 09:00" for n in range(20))
    path = write("tickets.csv", "工单编号,客户ID,问题类别,问题描述,紧急程度,处理状态,受理时间\n"
                 + rows + "\n")
    argv = (path, "--as-of", AS_OF, "--plugins-dir", tmp_path / "plugins",
            "--select", "local.fragile", "--profile", "cn-response-record")
    report = same_reports(svccheck, *argv, "--keep-going")
    assert [(v["rule"], v["ticket"]) for v in report["violations"]] == [("local.fragile", None)]
    assert "cannot handle this part" in report["violations"][0]["message"]
    stopped = svccheck("check", *argv, "--engine", "stream", "--parts", "4")
    assert stopped.code == 2 and "local.fragile" in stopped.err


def test_history_records_the_same_kpis(svccheck, tmp_path):
    export = generated(tmp_path, "jsonl")
    for engine in ("memory", "stream"):
        db = tmp_path / f"{engine}.db"
        run = svccheck("check", export, "--as-of", AS_OF, "--standard", "contact-center",
                       "--engine", engine, "--parts", "5", "--history", db, "--format", "json")
        assert run.code in (0, 1), run.err
    listed = [json.loads(svccheck("history", "--history", tmp_path / f"{e}.db", "--format",
                                  "json").out)[0] for e in ("memory", "stream")]
    assert listed[0]["kpis"] and listed[0]["kpis"] == listed[1]["kpis"]
    assert listed[0]["rules"] == listed[1]["rules"]


def test_the_spill_directory_is_removed(svccheck, tmp_path, monkeypatch):
    """The parts on disk hold every ticket: nothing of them is left after the run."""
    spills = tmp_path / "spills"
    spills.mkdir()
    monkeypatch.setattr(spill.tempfile, "tempdir", str(spills))
    export = generated(tmp_path, "csv")
    run = svccheck("check", export, "--engine", "stream", "--parts", "3", "--as-of", AS_OF)
    assert run.code == 1
    assert list(spills.iterdir()) == []


@pytest.mark.parametrize("value", ["0", "-2", "many"])
@pytest.mark.parametrize("option", ["--parts", "--jobs"])
def test_parts_and_jobs_must_be_positive(svccheck, capsys, tmp_path, option, value):
    export = tmp_path / "x.csv"
    export.write_text("id\nT1\n")
    with pytest.raises(SystemExit) as stopped:
        svccheck("check", export, option, value)
    assert stopped.value.code == 2
    assert f"argument {option}" in capsys.readouterr().err


def test_spilled_batches_typed_differently_come_back_whole(tmp_path, monkeypatch):
    """Batches are held and written to the parts together, but only batches of
    the same column types are stacked: a batch where a column is all empty
    (typed ``Null``) or missing is written apart, and every row comes back
    in input order with the audit's types."""
    monkeypatch.setattr(spill, "SPILL_BUFFER_BYTES", 10**9)  # one flush at the end
    data = spill.Spill(root=tmp_path, parts=2)
    batches = [
        pl.DataFrame({"id": ["T1", "T2"], "score": [5, 3], PART: [0, 1]}),
        pl.DataFrame({"id": ["T3"], "score": [None], PART: [0]}),
        pl.DataFrame({"id": ["T4", "T5"], PART: [0, 1]}),
        pl.DataFrame({"id": ["T6"], "score": [4], PART: [1]}),
    ]
    schema = None
    for batch in batches:
        schema = merge_schema(schema, batch)
        data._write("t", batch)
    data.flush()
    data.ticket_schema = pl.Schema({k: v for k, v in schema.items() if k != PART})
    first, _ = data.part(0)
    second, _ = data.part(1)
    assert first.to_dicts() == [{"id": "T1", "score": 5}, {"id": "T3", "score": None},
                                {"id": "T4", "score": None}]
    assert second.to_dicts() == [{"id": "T2", "score": 3}, {"id": "T5", "score": None},
                                 {"id": "T6", "score": 4}]
