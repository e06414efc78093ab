"""``--history DB``: each run recorded (counts and KPI values only), ``svccheck history``.

The history must agree with the run's own report, hold no personal data,
and work the same in a SQLite file and in PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from svccheck.cli import sample_path

AS_OF = ("--as-of", "2025-11-30 18:00")


def sample_rows(count: int, tmp_path: Path, name: str) -> Path:
    """The first ``count`` tickets of the bundled sample, as their own export."""
    lines = sample_path().read_bytes().decode("gb18030").splitlines(keepends=True)
    path = tmp_path / name
    path.write_bytes("".join(lines[: count + 1]).encode("gb18030"))
    return path


def history_json(svccheck, ref) -> list[dict]:
    run = svccheck("history", "--history", ref, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_each_run_is_recorded_with_the_counts_of_its_report(svccheck, tmp_path):
    db = tmp_path / "audits.db"
    reports = []
    for count in (100, 200, 300):
        export = sample_rows(count, tmp_path, f"export-{count}.csv")
        run = svccheck("check", export, "--history", db, "--format", "json", *AS_OF)
        assert run.code == 1, run.err
        reports.append(run.report)
    runs = history_json(svccheck, db)
    assert [r["id"] for r in runs] == [1, 2, 3]
    for recorded, report in zip(runs, reports, strict=True):
        assert recorded["tickets"] == report["summary"]["tickets"]
        assert recorded["findings"] == report["summary"]["violations"]
        assert recorded["inputs"] == [i["path"] for i in report["inputs"]]
        assert (recorded["standard"], recorded["standard_version"]) == (
            report["standards"][0]["id"], report["standards"][0]["version"])
        by_rule = report["summary"]["by_rule"]
        assert {rule: recorded["rules"][rule]["findings"] for rule in by_rule} == by_rule
        assert all(c["findings"] == 0 for r, c in recorded["rules"].items() if r not in by_rule)
        assert recorded["failed"] is report["summary"]["failed"]
    listing = svccheck("history", "--history", db)
    assert listing.code == 0
    assert [line.split()[0] for line in listing.out.splitlines()[2:]] == ["1", "2", "3"]


def test_kpi_values_are_recorded_even_when_the_kpi_passes(svccheck, tmp_path):
    """The sample's average satisfaction (4.37) is above the 4.0 floor: no finding,
    yet the trend needs the value. It must be the mean of the export's ratings."""
    db = tmp_path / "audits.db"
    run = svccheck("demo", "--history", db, "--format", "json")
    assert not run.findings("kpi.satisfaction-average")
    text = sample_path().read_bytes().decode("gb18030")
    ratings = [int(r["客户满意度（1-5分）"]) for r in csv.DictReader(io.StringIO(text))
               if r["客户满意度（1-5分）"].strip().isdigit()
               and 1 <= int(r["客户满意度（1-5分）"]) <= 5]
    kpis = history_json(svccheck, db)[0]["kpis"]
    assert kpis["kpi.satisfaction-average"] == pytest.approx(sum(ratings) / len(ratings),
                                                             abs=0.005)
    assert 0 < kpis["kpi.first-reply-attainment"] <= 1


def test_a_failing_kpi_is_recorded_with_the_value_its_finding_shows(svccheck, tmp_path):
    db = tmp_path / "audits.db"
    strict = tmp_path / "strict.yaml"
    strict.write_text("id: strict\nversion: '1'\ntitle: strict\nextends: cn-baseline\n"
                      "rules:\n  kpi.first-reply-attainment:\n    params: {floor: 1.0}\n",
                      encoding="utf-8")
    run = svccheck("demo", "--standard", strict, "--history", db, "--format", "json")
    overall = [f for f in run.findings("kpi.first-reply-attainment")
               if f["message"].startswith("first-reply attainment (overall)")]
    assert len(overall) == 1, run.err
    shown = float(overall[0]["evidence"].rstrip("%")) / 100
    recorded = history_json(svccheck, db)[0]
    assert recorded["standard"] == "strict"
    assert recorded["kpis"]["kpi.first-reply-attainment"] == pytest.approx(shown, abs=5e-4)


def test_the_history_holds_no_personal_data(svccheck, tmp_path, write):
    export = write("tickets.csv", """
        id,customer_id,contact,channel,category,description,priority,status,created_at,first_response_at,assignee
        TK-7731,CUST-9912,13800138000,phone,complaint,张三的退货没有到账,normal,open,2025-11-03 09:00,2025-11-03 13:00,amy
    """)
    # contact unmasked, a name in the description, a late reply: findings quote them
    db = tmp_path / "audits.db"
    run = svccheck("check", export, "--history", db, "--format", "json", *AS_OF)
    assert run.findings("privacy.unmasked-contact")
    with sqlite3.connect(db) as connection:
        cells = [str(v) for table in ("svccheck_runs", "svccheck_rule_counts", "svccheck_kpis")
                 for row in connection.execute(f"SELECT * FROM {table}") for v in row]
    connection.close()
    stored = "\n".join(cells)
    for personal in ("13800138000", "138****8000", "张三", "退货", "amy", "CUST-9912", "TK-7731"):
        assert personal not in stored


def test_a_history_that_cannot_be_written_is_exit_2_in_one_line(svccheck, tmp_path):
    run = svccheck("demo", "--history", tmp_path, "--format", "json")
    assert run.code == 2 and "is a directory" in run.err and run.err.count("\n") == 1
    run = svccheck("demo", "--history", "postgresql://qa:S3cret-pw@127.0.0.1:1/none")
    assert run.code == 2 and run.err.count("\n") == 1
    assert "S3cret-pw" not in run.err and "qa:***@" in run.err


def test_an_empty_history_says_so(svccheck, tmp_path):
    run = svccheck("history", "--history", tmp_path / "none.db")
    assert run.code == 0 and "no runs recorded" in run.out
    assert not (tmp_path / "none.db").exists()


def test_the_history_can_be_named_in_the_config_file(svccheck, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "svccheck.yaml").write_text("history: team-audits.db\n", encoding="utf-8")
    export = sample_rows(50, tmp_path, "export.csv")
    assert svccheck("check", export, "--format", "json", *AS_OF).code == 1
    assert (tmp_path / "team-audits.db").is_file()
    assert [r["tickets"] for r in history_json(svccheck, "team-audits.db")] == [50]
    listing = svccheck("history")  # no --history: the config's file
    assert listing.code == 0 and listing.out.splitlines()[2].split()[0] == "1"
