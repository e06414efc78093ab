"""Coverage-guided fuzzing of the CSV/TSV reader (atheris), run by hand for a fixed time.

    python bench/fuzz_csv.py -max_total_time=600 [-rss_limit_mb=2048] [CORPUS_DIR]

Every input must come back as a table or as ``InputError`` -- anything else
is a crash that a user would see as a traceback, and atheris stops with the
input that caused it (``crash-*`` in the working directory); add it to
``tests/hardening`` as a regression case. The gzip guard and the cell limit
run too, through ``read_file``'s helpers, on the decompressed bytes.
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
    from svccheck.io.readers.csv import CsvReader

READER = CsvReader()
OPTIONS = ReadOptions(max_cell_bytes=4096)
PATHS = (Path("fuzz.csv"), Path("fuzz.tsv"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = PATHS[data[0] & 1]
    try:
        raw = READER.read(data[1:] or b"\n", path, OPTIONS)
    except InputError as exc:
        assert "\n" not in str(exc), "an error message must be one line"
        return
    _limit_cells(raw, OPTIONS.max_cell_bytes)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
