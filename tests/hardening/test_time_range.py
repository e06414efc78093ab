"""Times at the edges of the calendar: a finding on their row, never a crash.

Year 0001 and 9999 are what exports hold where a date was never entered
(``0001-01-01``) or means "never" (``9999-12-31``). The rules compute
deadlines from times, and at the edges of Python's calendar that
arithmetic overflowed: ``response.first-reply`` crashed the run, and with
``--keep-going`` one finding without a row stood for the whole export.

Every fixture below holds ticket T9, whose category ``other`` is a
``record.allowed-values`` finding: when T9 is reported, the rows around the
damage were audited.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from svccheck.io.timestamps import parse_timestamps

HEADER = "id,customer_id,category,description,priority,status,created_at,first_response_at,assignee"
EXPORT = f"""\
{HEADER}
T1,C1,problem,x,normal,open,2025-10-09 09:00,2025-10-09 09:10,amy
T2,C1,problem,x,normal,open,0001-01-01 09:00,0001-01-01 09:10,amy
T3,C1,problem,x,normal,open,9999-12-31 23:00,9999-12-31 23:59,amy
T4,C1,problem,x,normal,open,2025-10-09 09:00,9999年12月31日 23时59分,amy
T5,C1,problem,x,normal,open,1899-06-30T12:00:00Z,2025-10-09 09:10,amy
T9,C1,other,x,normal,open,2025-10-09 09:00,2025-10-09 09:10,amy
"""
# T2, T3: both times out of range; T4: the Chinese form, year 9999;
# T5: an ISO time with an offset, in 1899.
OUT_OF_RANGE = [("T2", "created_at"), ("T2", "first_response_at"),
                ("T3", "created_at"), ("T3", "first_response_at"),
                ("T4", "first_response_at"), ("T5", "created_at")]


@pytest.mark.parametrize("keep_going", [False, True])
def test_out_of_range_times_are_findings_on_their_rows(svccheck, write, keep_going):
    path = write("t.csv", EXPORT)
    extra = ["--keep-going"] if keep_going else []
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--standard", "contact-center", *extra)

    assert run.code == 1, run.err
    assert run.err == ""
    found = [(f["ticket"], f["field"]) for f in run.findings("record.timestamp")]
    assert found == OUT_OF_RANGE
    messages = {f["message"] for f in run.findings("record.timestamp")}
    assert "created_at '0001-01-01 09:00' is outside the years 1900–2199" in messages
    # no rule crashed: every finding names a row, and first-reply judged T1 and T9
    assert all(f["row"] is not None for f in run.findings())
    rules = {o["rule"]: o for o in run.report["summary"]["rules"]}
    assert rules["response.first-reply"]["evaluated"] is True
    assert run.tickets("record.allowed-values") == ["T9"]


def test_out_of_range_message_times_are_findings(svccheck, write):
    """A conversation's message at 9999-12-31 (JSON Lines): that message, not the run."""
    tickets = [
        {"id": "T1", "customer_id": "C1", "category": "problem", "description": "x",
         "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00",
         "assignee": "amy", "messages": [
             {"author_role": "agent", "at": "9999-12-31 23:59", "body": "您好，我是客服小王"},
             {"author_role": "agent", "at": "0001-01-01T00:00:00+08:00", "body": "请稍等"}]},
        {"id": "T9", "customer_id": "C1", "category": "other", "description": "x",
         "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00",
         "assignee": "amy"},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--standard", "contact-center", "--keep-going")

    assert run.code == 1, run.err
    assert [(f["ticket"], f["field"]) for f in run.findings("record.timestamp")] == [
        ("T1", "at"), ("T1", "at")]
    assert all(f["row"] is not None for f in run.findings())
    assert run.tickets("record.allowed-values") == ["T9"]


def test_a_parquet_datetime_in_year_one_is_a_finding(svccheck, tmp_path: Path):
    """A typed column (Parquet, a database) goes through the same range as text."""
    path = tmp_path / "t.parquet"
    pl.DataFrame({
        "id": ["T1", "T9"], "customer_id": ["C1", "C1"], "category": ["problem", "other"],
        "description": ["x", "x"], "priority": ["normal", "normal"], "status": ["open", "open"],
        "created_at": [datetime(1, 1, 1, 9), datetime(2025, 10, 9, 9)],
        "first_response_at": [datetime(9999, 12, 31, 23, 59), datetime(2025, 10, 9, 9, 10)],
        "assignee": ["amy", "amy"],
    }).write_parquet(path)
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--standard", "contact-center")

    assert run.code == 1, run.err
    assert [(f["ticket"], f["field"]) for f in run.findings("record.timestamp")] == [
        ("T1", "created_at"), ("T1", "first_response_at")]
    assert run.tickets("record.allowed-values") == ["T9"]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31 23:59", "1899-12-31 23:59",
                                   "2200-01-01"])
def test_as_of_outside_the_years_is_an_argument_error(svccheck, write, as_of):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--as-of", as_of)
    assert run.code == 2
    assert run.err == (f"svccheck: error: --as-of {as_of!r}: outside the years "
                       "1900 to 2199\n")


@pytest.mark.parametrize("as_of", ["1900-01-01", "2199-12-31 23:59"])
def test_as_of_at_the_edges_of_the_range_runs(svccheck, write, as_of):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--format", "json", "--as-of", as_of,
                   "--standard", "contact-center")
    assert run.code == 1, run.err
    assert run.tickets("record.allowed-values") == ["T9"]


@pytest.mark.parametrize(("text", "read"), [
    ("1899-12-31 23:59:59", False), ("1900-01-01 00:00", True),
    ("2199-12-31 23:59:59", True), ("2200-01-01 00:00", False),
    ("0001-01-01", False), ("9999-12-31", False), ("0000-01-01", False),
    ("1900年1月1日", True), ("2200年1月1日", False),
])
def test_the_parser_reads_years_1900_to_2199(text, read):
    parsed = pl.select(parse_timestamps(pl.lit(text), "Asia/Shanghai")).item()
    assert (parsed is not None) is read
