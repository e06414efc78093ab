"""Ctrl-C: exit 130, and no report or half a report left behind.

Reports are written to a temporary file in the target directory and renamed
over the target only when complete, so an interrupted run leaves either the
previous report or none -- never a truncated file that a CI step would
upload as if it were the result.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from svccheck import cli, engines, streaming

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,other,x,normal,open,2025-10-09 09:00,amy
"""


@pytest.fixture
def export(write) -> Path:
    return write("t.csv", EXPORT)


def _interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


def test_interrupt_while_checking_exits_130_without_a_report(svccheck, export, monkeypatch):
    monkeypatch.setattr(engines, "run", _interrupt)
    target = export.parent / "report.json"
    run = svccheck("check", export, "--format", "json", "--output", target)
    assert run.code == 130
    assert run.err == "svccheck: interrupted\n"
    assert sorted(p.name for p in export.parent.iterdir()) == ["t.csv"]


def test_interrupt_while_writing_keeps_the_previous_report(svccheck, export, monkeypatch):
    target = export.parent / "report.json"
    target.write_text("previous report\n", encoding="utf-8")
    monkeypatch.setattr(cli.os, "replace", _interrupt)
    run = svccheck("check", export, "--format", "json", "--output", target)
    assert run.code == 130
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in export.parent.iterdir()) == ["report.json", "t.csv"]


def test_sigint_gives_exit_status_130(export):
    """A real SIGINT delivered to the process while it audits (not a simulated exception)."""
    script = (
        "import os, signal, sys\n"
        "import svccheck.cli as cli, svccheck.engines as engines\n"
        "engines.run = lambda *a, **k: (os.kill(os.getpid(), signal.SIGINT), signal.pause())\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    target = export.parent / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(export), "--output", str(target)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "svccheck: interrupted\n"
    assert not target.exists()


def test_interrupt_while_streaming_leaves_no_spilled_parts(svccheck, export, monkeypatch,
                                                            tmp_path):
    """The streaming engine's parts on disk hold tickets: they go, whatever stops the run."""
    spills = tmp_path / "spills"
    spills.mkdir()
    monkeypatch.setattr(streaming.tempfile, "tempdir", str(spills))
    monkeypatch.setattr(streaming, "run_part", _interrupt)
    run = svccheck("check", export, "--engine", "stream", "--parts", "2")
    assert run.code == 130
    assert list(spills.iterdir()) == []


@pytest.mark.parametrize("signame, status", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_while_streaming_removes_parts_and_report(export, tmp_path, signame, status):
    """A cancelled CI job or ``timeout`` sends SIGTERM (a closed terminal SIGHUP).

    Their default action ends the process on the spot, leaving the spilled
    tickets in the temporary directory; the run must unwind as after Ctrl-C.
    """
    spills = tmp_path / "spills"
    spills.mkdir()
    script = (
        "import os, signal, sys\n"
        "import svccheck.cli as cli, svccheck.streaming as streaming\n"
        "def stop(*a, **k):\n"
        f"    os.kill(os.getpid(), signal.{signame})\n"
        "    signal.pause()\n"
        "streaming.run_part = stop\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    target = export.parent / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(export), "--engine", "stream",
         "--parts", "2", "--format", "json", "--output", str(target)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "TMPDIR": str(spills)},
    )
    assert done.returncode == status, done.stderr
    assert done.stderr == "svccheck: terminated\n"
    assert not target.exists()
    assert list(spills.iterdir()) == [], "spilled tickets were left on disk"
