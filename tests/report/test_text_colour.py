"""The text report is coloured only for a person at a terminal.

Escape codes in a file, a pipe or a CI log are noise a machine has to strip;
NO_COLOR (https://no-color.org) and TERM=dumb turn colour off on a terminal.
"""

from __future__ import annotations

import io
import sys

import pytest

from svccheck.cli import main

ESC = "\x1b["
ARGS = ["check", "export.csv", "--standard", "standard.yaml", "--as-of", "2025-11-30 18:00"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def on_terminal(audit, monkeypatch):
    """Run the fixture audit with stdout a terminal; return what it printed."""
    audit()  # writes the fixture files into the working directory
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def call(*extra: str) -> str:
        terminal, real = FakeTerminal(), sys.stdout
        sys.stdout = terminal
        try:
            assert main([*ARGS, *extra]) == 1
        finally:
            sys.stdout = real
        return terminal.getvalue()

    return call


def test_severities_and_verdict_are_coloured_on_a_terminal(on_terminal):
    out = on_terminal()
    assert ESC in out
    verdict = out.rstrip().splitlines()[-1]
    assert ESC in verdict and "FAILED" in verdict


def test_no_colour_in_a_pipe(audit):
    assert ESC not in audit().out


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_colour_when_the_terminal_asks_for_none(on_terminal, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    assert ESC not in on_terminal()


def test_no_colour_in_a_file_even_from_a_terminal(on_terminal, tmp_path):
    assert on_terminal("-o", "report.txt") == ""
    assert ESC not in (tmp_path / "report.txt").read_text(encoding="utf-8")
