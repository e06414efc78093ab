"""Several reports from one audit, colour as a terminal user expects, a fast ``--version``.

Uses the six-ticket audit of conftest.py (exit 1: two errors).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from svccheck.cli import main

ESC = "\x1b["


def test_one_audit_writes_every_report_it_is_asked_for(audit, tmp_path):
    (tmp_path / "out").mkdir()
    run = audit("--format", "json", "-o", "report.json", "--report", "sarif:out/x.sarif",
                "--report", "markdown:summary.md", "--report", "junit:junit.xml")
    assert run.code == 1 and run.out == "" and run.err == ""
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    sarif = json.loads((tmp_path / "out" / "x.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 5
    markdown = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert markdown.startswith("## ❌ svccheck: FAILED — 5 findings")
    assert ET.parse(tmp_path / "junit.xml").getroot().get("failures") == "3"
    assert report["summary"]["violations"] == 5


def test_reports_agree_with_separate_runs(audit, tmp_path):
    audit("--report", "json:both.json", "--report", "csv:both.csv")
    alone = audit("--format", "json").out
    assert (tmp_path / "both.json").read_text(encoding="utf-8") == alone
    csv = (tmp_path / "both.csv").read_bytes().decode("utf-8")
    assert csv == audit("--format", "csv").out


def test_the_text_report_stays_on_stdout_unless_a_report_takes_it(audit):
    beside = audit("--report", "json:r.json")
    assert "FAILED (--fail-on error)" in beside.out  # the default text report
    instead = audit("--report", "markdown:-")
    assert instead.out.startswith("## ❌ svccheck: FAILED")
    assert "FAILED (--fail-on error)" not in instead.out


@pytest.mark.parametrize(("args", "said"), [
    (("--report", "sarif"), "--report 'sarif': use FORMAT:PATH"),
    (("--report", "pdf:r.pdf"), "--report 'pdf': unknown format"),
    (("--report", "json:r.json", "--report", "sarif:r.json"), "json:r.json already writes"),
    (("--report", "markdown:-", "--report", "json:-"), "already writes to standard output"),
    (("--report", "json:export.csv"), "is an input file of this run"),
])
def test_a_report_option_that_cannot_work_is_refused_before_the_audit(audit, args, said):
    run = audit(*args)
    assert run.code == 2 and said in run.err and run.err.count("\n") == 1


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def printed(audit, monkeypatch):
    """The text report as printed to a terminal (tty=True) or a pipe."""
    audit()  # writes the fixture files into the working directory
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def call(*extra: str, tty: bool) -> str:
        out, real = FakeTerminal(tty), sys.stdout
        sys.stdout = out
        try:
            main(["check", "export.csv", "--standard", "standard.yaml", *extra])
        finally:
            sys.stdout = real
        return out.getvalue()

    return call


def test_color_option_decides_over_the_terminal(printed, monkeypatch):
    assert ESC in printed("--color", "always", tty=False)
    assert ESC not in printed("--color", "never", tty=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC in printed("--color", "always", tty=True)


def test_force_color_colours_a_pipe_and_never_a_file(printed, monkeypatch, tmp_path):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESC in printed(tty=False)
    printed("-o", "report.txt", tty=False)
    assert ESC not in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_version_answers_without_loading_the_audit_machinery():
    probe = ("import sys; from svccheck.entry import main; main(['--version']); "
             "print(sorted(m for m in ('polars', 'jsonschema', 'svccheck.cli') "
             "if m in sys.modules))")
    src = str(Path(__file__).resolve().parents[2] / "src")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 0, done.stderr
    version, loaded = done.stdout.splitlines()
    assert version.startswith("svccheck ") and loaded == "[]"
