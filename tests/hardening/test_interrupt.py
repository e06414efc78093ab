"""Ctrl-C: exit 130, and no report or half a report left behind.

Reports are written to a temporary file in the target directory and renamed
over the target only when complete, so an interrupted run leaves either the
previous report or none -- never a truncated file that a CI step would
upload as if it were the result.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svccheck.engines import memory, stream

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
    monkeypatch.setattr(memory, "run", _interrupt)
    target = export.parent / "report.json"
    run = svccheck("check", export, "--format", "json", "--output", target)
    assert run.code == 130
    assert run.err == "svccheck: interrupted\n"
    assert sorted(p.name for p in export.parent.iterdir()) == ["t.csv"]


def test_interrupt_while_writing_keeps_the_previous_report(svccheck, export, monkeypatch):
    target = export.parent / "report.json"
    target.write_text("previous report\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _interrupt)
    run = svccheck("check", export, "--format", "json", "--output", target)
    assert run.code == 130
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in export.parent.iterdir()) == ["report.json", "t.csv"]


def test_sigint_gives_exit_status_130(export):
    """A real SIGINT delivered to the process while it audits (not a simulated exception)."""
    script = (
        "import os, signal, sys\n"
        "import svccheck.cli as cli, svccheck.engines.memory as memory\n"
        "memory.run = lambda *a, **k: (os.kill(os.getpid(), signal.SIGINT), signal.pause())\n"
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
    monkeypatch.setattr(stream.tempfile, "tempdir", str(spills))
    monkeypatch.setattr(stream, "run_part", _interrupt)
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
        "import svccheck.cli as cli, svccheck.engines.stream as stream\n"
        "def stop(*a, **k):\n"
        f"    os.kill(os.getpid(), signal.{signame})\n"
        "    signal.pause()\n"
        "stream.run_part = stop\n"
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


SRC = Path(__file__).resolve().parents[2] / "src"
#: How a shell sees either: exit status 130, or death by SIGINT (128 + 2). CPython
#: ends itself with SIGINT at exit when a KeyboardInterrupt passed through code a C
#: extension ran with PyRun_String during start-up, even though svccheck caught it.
INTERRUPTED = (130, -signal.SIGINT)


#: A child that says when svccheck's command line begins to load -- inside
#: ``svccheck.entry.main``, before ``cli.main`` exists -- and then waits there
#: ``{pause}`` seconds. Saying it from inside svccheck's own code keeps the
#: interpreter's start-up (a Ctrl-C there is Python's to report) out of the test.
ANNOUNCING = (
    "import sys, time\n"
    "class Announce:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'svccheck.cli':\n"
    "            print('importing', flush=True)\n"
    "            time.sleep({pause})\n"
    "sys.meta_path.insert(0, Announce())\n"
    "from svccheck.entry import main\n"
    "sys.exit(main())\n"
)


def announcing(export: Path, pause: float, *args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", ANNOUNCING.format(pause=pause), "check", str(export), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "importing\n"
    return child


def test_ctrl_c_while_starting_up_exits_130_quietly(export):
    """Ctrl-C while svccheck still imports polars and its rules (the first ~0.5 s)."""
    child = announcing(export, 5)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err == "svccheck: interrupted\n"
    assert out == ""


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3, 0.6])
def test_ctrl_c_at_any_moment_of_a_short_run_is_quiet(export, delay):
    """Interrupted ``delay`` seconds after svccheck's code began: never a traceback.

    Whatever the moment -- importing, reading, checking, or done already -- the
    run ends as a Ctrl-C or as it would have (1: T1 is a finding).
    """
    child = announcing(export, 0, "--format", "json")
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert "Traceback" not in err
    if child.returncode == 1:
        assert err == ""
    else:
        assert child.returncode in INTERRUPTED
        assert err == "svccheck: interrupted\n"
