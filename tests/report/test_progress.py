"""The progress bar: on stderr only for a person watching a large run.

"Watching" is a terminal on stderr; "large" is ``LARGE_INPUT_BYTES`` of input
on disk. Anywhere else -- a CI log, a pipe, a small file, ``--quiet`` -- stderr
must stay empty, so that a machine reading it gets exactly the one error line
and nothing else. A fake terminal stands in for a real one.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from svccheck.cli import main
from svccheck.report import progress
from svccheck.report.progress import LARGE_INPUT_BYTES, Progress


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def large(tmp_path: Path) -> Path:
    """A file of exactly LARGE_INPUT_BYTES (sparse: nothing is written)."""
    path = tmp_path / "large.csv"
    with path.open("wb") as handle:
        handle.truncate(LARGE_INPUT_BYTES)
    return path


def test_shows_on_a_terminal_for_a_large_input(large):
    stream = FakeTerminal()
    bar = Progress.for_run([large], quiet=False, rules=2, stream=stream)
    assert bar.enabled
    bar.reading(large, None)
    bar.reading(large, 1_200_000)
    bar.rule("record.time-order")
    drawn = stream.getvalue()
    assert "reading large.csv" in drawn
    assert "1,200,000 rows" in drawn
    assert "0/2 rules" in drawn and "record.time-order" in drawn
    assert "\n" not in drawn  # one line, redrawn in place
    bar.done()
    assert stream.getvalue().endswith("\r\x1b[K")  # erased before the report is written


@pytest.mark.parametrize(
    ("stream", "quiet", "size"),
    [
        (io.StringIO(), False, LARGE_INPUT_BYTES),  # a pipe or a CI log
        (FakeTerminal(), True, LARGE_INPUT_BYTES),  # --quiet
        (FakeTerminal(), False, LARGE_INPUT_BYTES - 1),  # a small input
    ],
)
def test_silent_elsewhere(tmp_path, stream, quiet, size):
    path = tmp_path / "export.csv"
    with path.open("wb") as handle:
        handle.truncate(size)
    bar = Progress.for_run([path], quiet=quiet, rules=3, stream=stream)
    assert not bar.enabled
    bar.reading(path, None)
    bar.reading(path, 10)
    bar.rule("record.time-order")
    bar.done()
    assert stream.getvalue() == ""


def test_inputs_add_up_and_a_missing_file_counts_zero(tmp_path, large):
    half = tmp_path / "half.csv"
    half.write_bytes(b"x" * (LARGE_INPUT_BYTES // 2))
    assert progress.input_bytes([large, half, tmp_path / "missing.csv"]) == (
        LARGE_INPUT_BYTES + LARGE_INPUT_BYTES // 2)
    # two halves of a large run are a large run
    other = tmp_path / "other.csv"
    other.write_bytes(b"x" * (LARGE_INPUT_BYTES // 2))
    assert Progress.for_run([half, other], quiet=False, rules=1, stream=FakeTerminal()).enabled


@pytest.mark.parametrize(
    ("options", "large_from", "shown"),
    [
        ([], 10, True),  # the 6-ticket export stands in for a large one
        (["--quiet"], 10, False),
        ([], LARGE_INPUT_BYTES, False),  # a small export on a terminal
    ],
)
def test_the_cli_draws_on_a_terminal_stderr_only_and_never_on_stdout(
        audit, monkeypatch, capsys, options, large_from, shown):
    audit()  # writes the fixture export into the working directory
    capsys.readouterr()
    monkeypatch.setattr(progress, "LARGE_INPUT_BYTES", large_from)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["check", "export.csv", "--standard", "standard.yaml", "--format", "json",
                 "--as-of", "2025-11-30 18:00", *options])
    assert code == 1
    out = capsys.readouterr().out
    assert out.startswith("{") and "\r" not in out
    drawn = terminal.getvalue()
    if not shown:
        assert drawn == ""
    else:
        assert "read export.csv" in drawn and "6 rows" in drawn
        assert "4/5 rules" in drawn and "5/5 rules" not in drawn  # drawn before each rule
        assert drawn.endswith("\r\x1b[K")


def test_the_cli_is_silent_on_a_stderr_that_is_not_a_terminal(audit, monkeypatch):
    monkeypatch.setattr(progress, "LARGE_INPUT_BYTES", 10)
    run = audit("--format", "json")
    assert run.code == 1 and run.err == ""
