"""Coverage-guided fuzzing of the JSON Lines and JSON readers (atheris), run by hand.

    python bench/fuzz_jsonl.py -max_total_time=600 [-rss_limit_mb=2048] [CORPUS_DIR]

The first byte picks the reader (``.jsonl`` or ``.json``), the rest is the
file. Every input must come back as a table or as ``InputError``; anything
else stops the run with a ``crash-*`` file to turn into a regression test
in ``tests/hardening``.
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


def test_one_input(data: bytes) -> None:
    if not data:
        return
    reader, path = READERS[data[0] & 1]
    try:
        raw = reader.read(data[1:] or b"\n", path, OPTIONS)
    except InputError as exc:
        assert "\n" not in str(exc), "an error message must be one line"
        return
    _limit_cells(raw, OPTIONS.max_cell_bytes)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
