"""Half an emoji in a JSON string: repaired, and reported on its row.

JSON writes a character beyond the Basic Multilingual Plane -- an emoji, a
rare CJK character -- as two ``\\u`` escapes, a UTF-16 surrogate pair
(``\\ud83d\\ude00``). A help desk that cuts a text at N UTF-16 units, or an
export tool that truncates a field, leaves one half behind (``"\\ud83d
cut"``). Python's :mod:`json` accepts it and returns a ``str`` holding a lone
surrogate, which is no character at all: it cannot be encoded as UTF-8, so
polars -- and every report -- fails on the whole file.

Such a half is replaced by U+FFFD (the replacement character, as any UTF-8
decoder does with a broken byte) and the row is reported naming the field,
so the text around it is still audited -- a phone number next to the broken
emoji is still found -- and the damage is not hidden.

Decoded JSON text (UTF-8, UTF-16 or GB18030 bytes) can only hold a lone
surrogate through such an escape, so the escape is the cheap test that
spares every ordinary line the walk.
"""

from __future__ import annotations

import re
from typing import Any

#: A ``\\u`` escape of a surrogate (D800-DFFF), in JSON text. A pair decodes to
#: one character and leaves nothing behind; the walk decides.
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE = re.compile("[\ud800-\udfff]")
#: What a lone surrogate becomes.
REPLACEMENT = "\ufffd"


def may_hold_lone_surrogates(text: str) -> bool:
    """Whether JSON ``text`` has a surrogate escape (so its values need :func:`repair`)."""
    return _ESCAPE.search(text) is not None


def _fixed(text: str) -> str:
    return _LONE.sub(REPLACEMENT, text)


def repair(value: Any, prefix: str = "") -> tuple[Any, list[str]]:
    """``value`` with every lone surrogate in its strings and keys replaced.

    Returns the repaired value and the names of the places repaired, as the
    readers name flattened cells: ``description``, ``via.channel``,
    ``messages[2].body``. Values without one come back as they are.
    """
    if isinstance(value, str):
        if _LONE.search(value) is None:
            return value, []
        return _fixed(value), [prefix or "(value)"]
    if isinstance(value, dict):
        places: list[str] = []
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = _fixed(key) if isinstance(key, str) else key
            path = f"{prefix}.{name}" if prefix else str(name)
            if name != key:
                places.append(path)
            fixed, inner = repair(item, path)
            places.extend(inner)
            out[name] = fixed
        return out, places
    if isinstance(value, list):
        places = []
        items = []
        for index, item in enumerate(value):
            fixed, inner = repair(item, f"{prefix}[{index}]")
            places.extend(inner)
            items.append(fixed)
        return items, places
    return value, []
