"""Control characters from data are shown, never obeyed.

A cell, a column name or a file name can hold terminal control sequences
-- ``ESC ] 0 ; title BEL`` sets the terminal's title, ``ESC [ 2 J`` clears
the screen, ``ESC [ 5 m`` makes everything after it blink -- and a
newline in a file name forges a line of the text report. Everything svccheck
prints from data or file names to a terminal-like output (the text report,
the GitHub and Markdown reports, stderr) goes through :func:`neutral`:
every C0 and C1 control character, DEL, and the Unicode bidirectional
overrides that make text read in another order than it is stored, are
written as the escape a Python programmer would type (``\\x1b``, ``\\n``,
``\\u202e``). Machine-readable formats (JSON, SARIF, JUnit, HTML) escape
them in their own syntax already.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

#: What is never passed through: C0 and C1 controls, DEL, and the bidirectional
#: marks and overrides (U+200E/F, U+202A-E, U+2066-9) and line/paragraph separators.
_CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0),
                              0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                              0x2028, 0x2029)]
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
ESCAPES: dict[str, str] = {
    c: _NAMED.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
    for c in _CONTROLS
}


@cache
def _pattern(keep: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in _CONTROLS if c not in keep) + "]")


def neutral(text: object, keep: str = "") -> str:
    """``text`` with every control character written as its escape.

    ``keep``: characters to pass through -- ``"\n"`` for a message svccheck
    itself lays out on several lines, ``"\r\n"`` where the format encodes
    them in its own way (GitHub's workflow commands).
    """
    return _pattern(keep).sub(lambda m: ESCAPES[m.group()], str(text))


def neutral_column(column: pl.Expr) -> pl.Expr:
    """:func:`neutral` over a string column, vectorised."""
    return column.str.replace_many(list(ESCAPES), list(ESCAPES.values()))
