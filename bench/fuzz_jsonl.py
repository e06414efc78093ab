"""Coverage-guided fuzzing of the JSON Lines and JSON readers (atheris), run by hand.

    python bench/fuzz_jsonl.py -max_total_time=600 [-rss_limit_mb=2048] [CORPUS_DIR]

The first byte picks the reader (``.jsonl`` or ``.json``, bit 0) and what
the rest is (bit 1): the file itself, or the inside of JSON strings -- the
bytes, two at a time, become ``\\uXXXX`` escapes and plain characters in a
ticket's key and values, so surrogate halves, NULs and escaped quotes reach
the decoder as an export writes them. Every input must come back as a
table whose every cell and column name can be written as UTF-8, or as
``InputError``; anything else stops the run with a ``crash-*`` file to turn
into a regression test in ``tests/hardening``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris
import polars  # noqa: F401  (imported uninstrumented: instrumenting it breaks its operators)

# Coverage feedback from svccheck's own code only.
with atheris.instrument_imports(include=["svccheck"]):
    from svccheck.errors import InputError
    from svccheck.io.base import ReadOptions
    from svccheck.io.readers import _limit_cells
    from svccheck.io.readers.json import JsonLinesReader, JsonReader

READERS = ((JsonLinesReader(), Path("fuzz.jsonl")), (JsonReader(), Path("fuzz.json")))
OPTIONS = ReadOptions(max_cell_bytes=4096)


def json_strings(data: bytes) -> bytes:
    """A ticket whose key and values are made of ``data``: escapes and plain characters."""
    pieces = []
    for i in range(0, len(data) - 1, 2):
        unit = int.from_bytes(data[i:i + 2], "big")
        # odd units as escapes (any of the 65,536, surrogate halves too), even as text
        pieces.append(f"\\u{unit:04x}" if unit & 1 else
                      chr(unit >> 1).replace("\\", "/").replace('"', "'"))
    text = "".join(pieces)
    key, _, value = text.partition(",")
    return (f'{{"id": "T1", "{key}": "{value}", "messages": '
            f'[{{"body": "{value}"}}]}}\n').encode("utf-8", "surrogatepass")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    reader, path = READERS[data[0] & 1]
    body = json_strings(data[1:]) if data[0] & 2 else data[1:] or b"\n"
    if reader is READERS[1][0] and data[0] & 2:
        body = b"[" + body + b"]"
    try:
        raw = reader.read(body, path, OPTIONS)
    except InputError as exc:
        assert "\n" not in str(exc), "an error message must be one line"
        return
    _limit_cells(raw, OPTIONS.max_cell_bytes)
    for frame in (raw.tickets, raw.events):
        if frame is None:
            continue
        for name in frame.columns:  # a half surrogate cannot be encoded: it must be gone
            name.encode("utf-8")
            for cell in frame.get_column(name).cast(str).to_list():  # type: ignore[arg-type]
                if cell is not None:
                    cell.encode("utf-8")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
