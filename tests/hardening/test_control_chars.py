"""Control characters from cells and file names are shown, never obeyed.

ANSI/OSC escape sequences in cells (set the terminal's title, clear the
screen, blink) reached the terminal and the ``-o`` file through the text
report, and a newline in a file name forged a line of it. Everything the
terminal-like outputs print from data or file names -- the text, GitHub and
Markdown reports, error lines, the ``--verbose`` log -- shows control
characters as escapes (``\\x1b``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svccheck.report.control_chars import neutral

TITLE = "\x1b]0;pwned\x07"  # OSC: set the window title
CLEAR = "\x1b[2J"  # CSI: clear the screen
BLINK = "\x1b[5m"  # SGR: blink
C1_CSI = "\x9b31m"  # the one-byte CSI of C1
RTL = "\u202e"  # right-to-left override: text reads backwards
HOSTILE = (TITLE, CLEAR, BLINK, C1_CSI, RTL, "\x7f", "\x00")
HEADER = "id,customer_id,category,description,priority,status,created_at,assignee"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    lines = [
        HEADER,
        f'T1{BLINK},C1,"oth{TITLE}er{CLEAR}\nsvccheck 0.1.0 · FAKE LINE",x,normal,open,'
        "2025-10-09 09:00,amy",
        f"T2,C1,{RTL}rehto,x,normal,open,2025-10-09 09:00,{C1_CSI}amy\x7f",
    ]
    # a file name with an escape sequence and a newline in it
    path = tmp_path / f"t{CLEAR}\nFORGED.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
                                or c in "\u202a\u202b\u202c\u202d\u202e") and c not in allowed]


@pytest.mark.parametrize("fmt", ["text", "github", "markdown"])
def test_terminal_formats_show_control_characters_as_escapes(svccheck, export, tmp_path, fmt):
    report = tmp_path / "report.out"
    for run, text in ((svccheck("check", export, "--format", fmt, "--as-of", "2025-11-30"),
                       None),
                      (svccheck("check", export, "--format", fmt, "--as-of", "2025-11-30",
                                "-o", report), "file")):
        output = run.out if text is None else report.read_text(encoding="utf-8")
        assert run.code == 1, run.err
        assert raw_controls(output) == [], fmt
        # Markdown escapes backslashes and brackets: the rendered page shows the same text
        shown = re.sub(r"\\(.)", r"\1", output) if fmt == "markdown" else output
        assert "\\x1b]0;pwned\\x07" in shown
        # no line of the report starts with what a cell or a file name wrote
        assert not any(line.startswith(("svccheck 0.1.0 · FAKE", "FORGED"))
                       for line in output.splitlines())


def test_colours_are_svccheck_s_own_and_nothing_else(svccheck, export, monkeypatch):
    run = svccheck("check", export, "--as-of", "2025-11-30", "--color", "always")
    sequences = re.findall(r"\x1b\[[0-9;]*m", run.out)
    assert sequences and set(sequences) <= {"\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1;31m",
                                             "\x1b[1;32m", "\x1b[0m"}
    assert raw_controls(re.sub(r"\x1b\[[0-9;]*m", "", run.out)) == []
    assert BLINK not in run.out


def test_an_error_line_naming_such_a_file_stays_one_line(svccheck, tmp_path):
    missing = tmp_path / f"gone{TITLE}\nsvccheck: error: forged.csv"
    run = svccheck("check", missing)
    assert run.code == 2
    assert run.err.count("\n") == 1, run.err
    assert raw_controls(run.err) == []
    assert "gone\\x1b]0;pwned\\x07\\nsvccheck: error: forged.csv: file not found" in run.err


def test_the_verbose_log_names_the_file_escaped(svccheck, export):
    run = svccheck("check", export, "--verbose", "--quiet", "--format", "json",
                   "--as-of", "2025-11-30")
    assert raw_controls(run.err) == []
    assert "\\x1b[2J\\nFORGED.csv" in run.err


def test_neutral_writes_each_control_as_its_escape():
    assert neutral("a\x1b[2Jb\tc\nd\u202ee\x9bf\x00") == "a\\x1b[2Jb\\tc\\nd\\u202ee\\x9bf\\x00"
    assert neutral("line\nnext\r", keep="\r\n") == "line\nnext\r"
    assert neutral("中文 ordinary text · ok") == "中文 ordinary text · ok"
    for char in HOSTILE:
        assert raw_controls(neutral(char), allowed="") == []
