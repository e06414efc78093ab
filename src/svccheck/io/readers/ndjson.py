"""JSON Lines whatever the suffix: telling one-object-a-line files from JSON documents.

Zendesk's admin "JSON export" is a file named ``export-...-<hash>_1.json``
that holds one ticket object per line -- newline-delimited JSON, not one
JSON document. Its name says ``.json``; its content says JSON Lines. Both
the whole-file reader and the batched reader ask here which it is, from the
first lines, so that such a file is read as JSON Lines (and in batches) and
a JSON document -- pretty-printed or on one line -- is read whole.
"""

from __future__ import annotations

import json

#: Bytes looked at to decide: the first line of a ticket export (a Zendesk
#: ticket with its comments) can be long, but the decision needs only the
#: first line and the start of the second.
HEAD_BYTES = 1 << 20


def looks_like_json_lines(text: str) -> bool:
    """True when ``text`` starts with a whole JSON object on its first line and
    another line follows that starts an object too.

    A JSON document never does: pretty-printed, its first line is ``{`` or
    ``[``; on one line, nothing follows it. Only the first two non-blank
    lines are looked at, so ``text`` may be the head of a large file (a cut
    second line does not matter).
    """
    lines = (line for line in text.split("\n") if line.strip())
    first = next(lines, None)
    second = next(lines, None)
    if first is None or second is None or not second.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def head_is_json_lines(head: bytes) -> bool:
    """:func:`looks_like_json_lines` on the first bytes of a file (UTF-8, BOM allowed)."""
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return looks_like_json_lines(text)
