"""SARIF as code scanning reads it, and one row numbering in every format.

The export below has a conversation text over three lines in its first
ticket, so every later ticket starts further down the file than its row
number says::

    line 1   id,channel,assignee,created_at,first_response_at,resolved_at,status,description
    line 2   ML-1 ... "客户来电：\n无法登录\n已重置密码"      (three lines: 2-4)
    line 5   ML-2 ... clean
    line 6   ML-3 ... resolved before the first response    record.time-order
    line 7   ML-4 ... status 已关闭 without a resolved time   (status-consistency, info)

A spreadsheet shows ML-3 on row 4 (header = row 1); an editor and code
scanning on line 6.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from svccheck.report import sarif

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"
AS_OF = "2025-11-30 18:00"
EXPORT = (
    "id,channel,assignee,created_at,first_response_at,resolved_at,status,satisfaction,"
    "description\n"
    'ML-1,phone,Zhang Min,2025-11-03 09:00,2025-11-03 09:05,2025-11-03 10:00,resolved,5,'
    '"客户来电：\n无法登录\n已重置密码"\n'
    "ML-2,chat,Wang Fang,2025-11-03 10:00,2025-11-03 10:05,2025-11-03 11:00,resolved,4,"
    "咨询退款\n"
    "ML-3,email,Liu Yang,2025-11-04 11:00,2025-11-04 11:10,2025-11-04 10:00,resolved,3,催单\n"
    "ML-4,email,Wang Lei,2025-11-06 15:00,2025-11-06 15:20,,closed,,投诉\n"
)
STANDARD = """\
id: lines-test
title: {zh: 行号测试, en: Line test}
version: "1"
calendar: {timezone: Asia/Shanghai}
rules:
  record.time-order: true
  record.status-consistency: {severity: info}
"""


def validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


@pytest.fixture
def export(tmp_path, monkeypatch) -> Path:
    (tmp_path / "tickets.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "standard.yaml").write_text(STANDARD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "tickets.csv"


def check(svccheck, *args: str | Path):
    return svccheck("check", *args, "--standard", "standard.yaml", "--as-of", AS_OF)


def test_every_format_gives_the_spreadsheet_row_and_json_the_line(svccheck, export):
    found = check(svccheck, "tickets.csv", "--format", "json").findings("record.time-order")
    assert [(f["ticket"], f["row"], f["line"]) for f in found] == [("ML-3", 4, 6)]
    text = check(svccheck, "tickets.csv").out
    assert any(line.split()[:3] == ["ML-3", "4", "record.time-order"]
               for line in text.splitlines())
    github = check(svccheck, "tickets.csv", "--format", "github").out
    assert "::error file=tickets.csv,line=6,title=svccheck record.time-order::ticket ML-3 · row 4" \
        in github


def test_start_line_is_the_records_physical_line(svccheck, export):
    log = json.loads(check(svccheck, "tickets.csv", "--format", "sarif").out)
    validate(log)
    lines = {r["properties"]["ticket"]: r["locations"][0]["physicalLocation"]["region"]
             ["startLine"] for r in log["runs"][0]["results"]}
    assert lines == {"ML-3": 6, "ML-4": 7}
    assert log["runs"][0]["automationDetails"] == {"id": "svccheck/lines-test/"}


def test_a_kpi_finding_points_at_the_input_file(svccheck, export):
    (export.parent / "kpi.yaml").write_text(
        "id: kpi-lines\nversion: '1'\ntitle: kpi\nextends: standard.yaml\nrules:\n"
        "  kpi.satisfaction-average: {params: {min_tickets: 1, floor: 5, "
        "group_by: [overall]}}\n",
        encoding="utf-8")
    run = svccheck("check", "tickets.csv", "--standard", "kpi.yaml", "--as-of", AS_OF,
                   "--format", "sarif")
    log = json.loads(run.out)
    validate(log)
    kpi = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("kpi.")]
    assert len(kpi) == 1
    physical = kpi[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "tickets.csv", "index": 0}
    assert physical["region"] == {"startLine": 1}


def test_locations_relative_to_the_project_root(svccheck, export, tmp_path):
    (tmp_path / "exports").mkdir()
    moved = tmp_path / "exports" / "tickets.csv"
    export.rename(moved)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.csv"
    outside.write_text(EXPORT.replace("ML-", "OUT-"), encoding="utf-8")
    try:
        run = check(svccheck, str(moved), str(outside), "--project-root", str(tmp_path),
                    "--format", "sarif")
    finally:
        outside.unlink()
    log = json.loads(run.out)
    validate(log)
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert uris[0] == "exports/tickets.csv"
    assert uris[1] == Path(outside).as_uri()
    # no root: a relative input stays relative, an absolute one is a file:// URI
    log = json.loads(check(svccheck, "exports/tickets.csv", str(moved),
                           "--format", "sarif").out)
    assert [a["location"]["uri"] for a in log["runs"][0]["artifacts"]] == [
        "exports/tickets.csv", moved.as_uri()]


def test_baselined_results_are_listed_unchanged(svccheck, export):
    check(svccheck, "tickets.csv", "--update-baseline", "baseline.json", "--format", "json")
    export.write_text(EXPORT + "ML-5,chat,Zhang Min,2025-11-07 10:00,2025-11-07 10:10,"
                               "2025-11-07 09:00,resolved,5,新单\n", encoding="utf-8")
    log = json.loads(check(svccheck, "tickets.csv", "--baseline", "baseline.json",
                           "--format", "sarif").out)
    validate(log)
    states = {r["properties"]["ticket"]: r["baselineState"] for r in log["runs"][0]["results"]}
    assert states == {"ML-3": "unchanged", "ML-4": "unchanged", "ML-5": "new"}


def test_more_results_than_code_scanning_accepts_are_capped_with_a_notice(
        svccheck, export, monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 1)
    log = json.loads(check(svccheck, "tickets.csv", "--format", "sarif").out)
    validate(log)
    run = log["runs"][0]
    # the error is kept before the info finding
    assert [r["properties"]["ticket"] for r in run["results"]] == ["ML-3"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any(n.startswith("1 of 2 results left out") and "--format jsonl" in n
               for n in notes)


def test_outputs_get_the_umask_mode_and_keep_a_replaced_files_mode(svccheck, export):
    old = os.umask(0o022)
    try:
        check(svccheck, "tickets.csv", "--format", "sarif", "-o", "new.sarif")
        assert (export.parent / "new.sarif").stat().st_mode & 0o777 == 0o644
        (export.parent / "new.sarif").chmod(0o640)
        check(svccheck, "tickets.csv", "--format", "sarif", "-o", "new.sarif")
        assert (export.parent / "new.sarif").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
