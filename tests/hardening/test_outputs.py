"""Nothing the user gave us is modified, and no half-done runs.

A run writes up to three things a CI gate trusts together: the report, a
new baseline and a history row. ``--update-baseline b.json --history h.db
-o missing/r.json`` used to exit 2 *after* writing the baseline and
recording a passing run; ``--history in.db`` on the audited SQLite database
added svccheck's tables to the evidence.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from svccheck import history as history_module
from svccheck import outputs
from svccheck.errors import SvccheckError

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,problem,x,normal,open,2025-10-09 09:00,amy
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""
AS_OF = ("--as-of", "2025-11-30")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_runs(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as connection:
        tables = {r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "svccheck_runs" not in tables:
            return 0
        return connection.execute("SELECT COUNT(*) FROM svccheck_runs").fetchone()[0]


def test_a_report_that_cannot_be_written_stops_the_run_before_anything_is_written(
        svccheck, export, tmp_path):
    baseline, db = tmp_path / "b.json", tmp_path / "h.db"
    run = svccheck("check", export, "--update-baseline", baseline, "--history", db,
                   "-o", tmp_path / "missing" / "r.json", *AS_OF)
    assert run.code == 2
    assert run.err == (f"svccheck: error: {tmp_path}/missing/r.json: directory "
                       f"{tmp_path}/missing does not exist\n")
    assert not baseline.exists() and not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.parametrize("target", ["baseline", "history"])
def test_every_output_location_is_checked_before_the_read(svccheck, export, tmp_path,
                                                          monkeypatch, target):
    """A baseline or history in a missing directory: exit 2 before any input is read."""
    from svccheck.engines import memory

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("the inputs were read")

    monkeypatch.setattr(memory, "load_audit", must_not_run)
    missing = tmp_path / "missing" / "x"
    option = {"baseline": "--update-baseline", "history": "--history"}[target]
    run = svccheck("check", export, option, missing, "-o", tmp_path / "r.json", *AS_OF)
    assert run.code == 2
    assert "missing does not exist" in run.err and run.err.count("\n") == 1
    assert not (tmp_path / "r.json").exists()


def test_a_failed_rename_of_the_report_leaves_no_baseline(svccheck, export, tmp_path,
                                                          monkeypatch):
    """The last step fails (disk full, a read-only target): the baseline is not written."""
    baseline, report = tmp_path / "b.json", tmp_path / "r.json"
    real = outputs.os.replace

    def replace(source, target):
        if Path(target) == report:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(outputs.os, "replace", replace)
    # the report is renamed first; after its failure the baseline is not renamed
    run = svccheck("check", export, "--format", "json", "-o", report,
                   "--update-baseline", baseline, *AS_OF)
    assert run.code == 2
    assert run.err == f"svccheck: error: {report}: cannot write the report (No space left on device)\n"
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_a_history_that_fails_to_commit_leaves_no_report_and_no_baseline(
        svccheck, export, tmp_path, monkeypatch):
    baseline, report, db = tmp_path / "b.json", tmp_path / "r.json", tmp_path / "h.db"
    real = history_module.HistoryStore._runs

    def runs(self, connection, standard, limit):
        found = real(self, connection, standard, limit)
        connection.execute("CREATE TABLE svccheck_runs (x)")  # fails: the table exists
        return found

    monkeypatch.setattr(history_module.HistoryStore, "_runs", runs)
    run = svccheck("check", export, "--format", "html", "-o", report,
                   "--update-baseline", baseline, "--history", db, *AS_OF)
    assert run.code == 2
    assert run.err.startswith(f"svccheck: error: --history {db}: ")
    assert not report.exists() and not baseline.exists()
    assert recorded_runs(db) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) in (["t.csv"], ["h.db", "t.csv"])


def test_ctrl_c_while_the_report_is_rendered_writes_nothing(svccheck, export, tmp_path,
                                                            monkeypatch):
    from svccheck.report import json_report

    def interrupt(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(json_report.JsonReporter, "render", interrupt)
    baseline, report, db = tmp_path / "b.json", tmp_path / "r.json", tmp_path / "h.db"
    run = svccheck("check", export, "--format", "json", "-o", report,
                   "--update-baseline", baseline, "--history", db, *AS_OF)
    assert run.code == 130
    assert not report.exists() and not baseline.exists()
    assert recorded_runs(db) == 0


def test_a_successful_run_writes_all_three_and_the_trend_shows_this_run(
        svccheck, export, tmp_path):
    baseline, report, db = tmp_path / "b.json", tmp_path / "r.html", tmp_path / "h.db"
    for expected in (1, 2):
        run = svccheck("check", export, "--format", "html", "-o", report,
                       "--update-baseline", baseline, "--history", db, *AS_OF)
        assert run.code == 0, run.err
        assert recorded_runs(db) == expected
        assert f"#{expected} 2025-11-30" in report.read_text(encoding="utf-8")
    assert json.loads(baseline.read_text(encoding="utf-8"))["count"] == 1


def test_the_report_goes_to_stdout_after_baseline_and_history(svccheck, export, tmp_path):
    baseline, db = tmp_path / "b.json", tmp_path / "h.db"
    run = svccheck("check", export, "--format", "json", "--update-baseline", baseline,
                   "--history", db, *AS_OF)
    assert run.code == 0, run.err
    assert run.report["summary"]["baselined"] == 1
    assert baseline.exists() and recorded_runs(db) == 1


def test_a_report_into_dev_null_is_still_written_into_it(svccheck, export, tmp_path):
    run = svccheck("check", export, "--format", "json", "-o", "/dev/null", *AS_OF)
    assert run.code == 1 and run.err == ""
    assert Path("/dev/null").is_char_device()


# -- a history that is one of the inputs ----------------------------------------------


@pytest.fixture
def helpdesk(tmp_path: Path) -> Path:
    """The audited SQLite database: a tickets table, nothing of svccheck's."""
    path = tmp_path / "helpdesk.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE tickets (id TEXT, customer_id TEXT, category TEXT, "
                           "description TEXT, priority TEXT, status TEXT, created_at TEXT, "
                           "assignee TEXT)")
        connection.execute("INSERT INTO tickets VALUES ('T9', 'C1', 'other', 'x', 'normal', "
                           "'open', '2025-10-09 09:00', 'amy')")
    connection.close()
    return path


def test_a_history_in_the_audited_database_is_refused(svccheck, helpdesk, tmp_path,
                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = digest(helpdesk)
    for history in ("helpdesk.db", str(helpdesk), "sqlite:///helpdesk.db"):
        run = svccheck("check", "sqlite:///helpdesk.db", "--table", "tickets",
                       "--history", history, *AS_OF)
        assert run.code == 2, run.err
        assert "is an input file of this run; a history is never kept in the audited data" \
            in run.err
        assert digest(helpdesk) == before


@pytest.mark.parametrize("how", ["same path", "symlink"])
def test_a_history_that_is_an_input_file_is_refused(svccheck, export, tmp_path, how):
    history = export
    if how == "symlink":
        history = tmp_path / "history.db"
        history.symlink_to(export)
    before = digest(export)
    run = svccheck("check", export, "--history", history, *AS_OF)
    assert run.code == 2
    assert "is an input file of this run" in run.err
    assert digest(export) == before


def test_check_outputs_refuses_a_history_directory_and_a_device(tmp_path):
    with pytest.raises(SvccheckError, match="is a directory"):
        outputs.check_outputs([], [], history=tmp_path)
    with pytest.raises(SvccheckError, match="is a character device"):
        outputs.check_outputs([], [], history=Path("/dev/zero"))
