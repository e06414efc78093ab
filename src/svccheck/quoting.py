"""How an error quotes what it was given: briefly.

An error names the file, the line and the key, and may quote the value it
could not use, so a person can find it. But the file may be anything --
``extends: /etc/shadow``, ``--waivers /etc/passwd`` -- and YAML reads most
text files as a mapping of its lines or as one long string: an error that
quoted every unknown key, or the whole value, printed the file's lines
(``unknown key(s) ('root:$6$…', ...)``). So a quote is at most
:data:`QUOTE_CHARS` characters, a list at most :data:`LISTED` items, and
the command line masks personal values in the line as it prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Characters of a value an error shows (its repr, cut with an ellipsis).
QUOTE_CHARS = 24
#: ... of a name an error shows -- a rule id, a standard or profile
#: reference: long enough for any real one, so a typo can still be recognised.
NAME_CHARS = 64
#: Items of a list an error names before "and N more".
LISTED = 3
#: Errors one file's validation reports before "and N more".
ERRORS = 5


def brief(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters (:data:`NAME_CHARS` for a name)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def named(value: Any) -> str:
    """A name from a file as an error quotes it: :func:`brief` at :data:`NAME_CHARS`."""
    return brief(value, NAME_CHARS)


def brief_list(values: Iterable[Any]) -> str:
    """``'a', 'b', 'c' and 4 more``: the first :data:`LISTED`, each :func:`brief`."""
    items = list(values)
    shown = ", ".join(brief(v) for v in items[:LISTED])
    return shown + (f" and {len(items) - LISTED} more" if len(items) > LISTED else "")


def key_path(path: Iterable[str | int]) -> str:
    """``rules.record.timestamp.params`` or ``waivers[0].expires``, each key cut to a quote.

    The keys come from the file: a file of long lines read as a mapping has
    keys as long as its lines.
    """
    parts = [f"[{p}]" if isinstance(p, int) else _cut(str(p)) for p in path]
    return ".".join(parts).replace(".[", "[") or "(top level)"


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
