"""A personal value in a file's name is masked wherever the name is shown.

Exports are named after their customer (``张伟13812345678.csv``); the name
was printed raw in every report, the ``--verbose`` log and the history
database, though ``redact()`` would mask it -- and ``redact()`` itself
reads ``exports/13812345678.csv`` as one token and leaves it.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from svccheck.pii.paths import redact_path
from svccheck.plugins import load_plugins
from svccheck.report.progress import Progress

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""
EVENTS = """\
ticket_id,author_role,at,body
T9,agent,2025-10-09 09:05,您好，我是客服小王
"""
FORMATS = sorted(load_plugins().reporters)
SUFFIX = {"github": "txt", "markdown": "md", "sarif": "sarif.json"}


@pytest.fixture
def exports(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / f"客户{ID_NUMBER}"  # a folder named after the customer too
    folder.mkdir()
    first = folder / f"张伟{PHONE}.csv"
    second = tmp_path / f"{PHONE}.csv"
    events = tmp_path / f"messages_{PHONE}.csv"
    for path, text in ((first, EXPORT), (second, EXPORT), (events, EVENTS)):
        path.write_text(text, encoding="utf-8")
    return first, second, events


def assert_masked(*outputs: str) -> None:
    for output in outputs:
        assert PHONE not in output, output
        assert ID_NUMBER not in output and ID_NUMBER[:-1] not in output, output


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_are_masked_in_every_report_the_log_and_the_history(svccheck, exports,
                                                                   tmp_path, fmt):
    first, second, events = exports
    report = tmp_path / f"report.{SUFFIX.get(fmt, fmt)}"
    history = tmp_path / "history.db"
    run = svccheck("check", first, second, "--events", events, "--format", fmt,
                   "--output", report, "--verbose", "--quiet", "--history", history,
                   "--as-of", "2025-11-30")
    assert run.code == 1, run.err
    written = report.read_text(encoding="utf-8")
    with sqlite3.connect(history) as connection:
        stored = "\n".join(str(row) for row in connection.execute("SELECT * FROM svccheck_runs"))
    connection.close()
    assert_masked(run.out, run.err, written, stored)
    assert f"张伟{PHONE[:3]}****{PHONE[-4:]}.csv" in run.err  # the log names the file
    assert "138****5678" in stored


def test_the_json_report_names_inputs_and_sources_masked(svccheck, exports):
    first, second, events = exports
    run = svccheck("check", first, second, "--events", events, "--format", "json",
                   "--as-of", "2025-11-30")
    paths = [i["path"] for i in run.report["inputs"]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == [
        "张伟138****5678.csv", "138****5678.csv", "messages_138****5678.csv"]
    assert all("客户1101**********002X" in p for p in paths[:1])
    assert {f["source"] for f in run.findings()} <= set(paths)
    assert_masked(run.out)


def test_an_error_naming_such_a_file_masks_it(svccheck, tmp_path):
    missing = tmp_path / "exports" / f"{PHONE}.csv"
    run = svccheck("check", missing)
    assert run.code == 2
    assert run.err == f"svccheck: error: {tmp_path}/exports/138****5678.csv: file not found\n"


def test_the_progress_bar_names_the_file_masked():
    stream = io.StringIO()
    bar = Progress(stream, files=1, rules=1)
    bar.reading(Path(f"/data/张伟{PHONE}.csv"), None)
    bar.reading(Path(f"/data/张伟{PHONE}.csv"), 10)
    assert PHONE not in stream.getvalue()
    assert "张伟138****5678.csv" in stream.getvalue()


@pytest.mark.parametrize(("path", "shown"), [
    (f"exports/{PHONE}.csv", "exports/138****5678.csv"),
    (f"/data/客户_{PHONE}_2025-10.csv", "/data/客户_138****5678_2025-10.csv"),
    (f"exports\\{ID_NUMBER}.xlsx", "exports\\1101**********002X.xlsx"),
    ("exports/138-1234-5678.csv", "exports/138****5678.csv"),
    ("zhang.wei@example.com.csv", "z***@example.com.csv"),
    # dates, versions and order numbers in names stay as they are
    ("tickets-2025-10-09.csv", "tickets-2025-10-09.csv"),
    ("v1.2.3/tickets.csv", "v1.2.3/tickets.csv"),
    ("订单20251009123456.csv", "订单20251009123456.csv"),
])
def test_redact_path(path, shown):
    assert redact_path(path) == shown
