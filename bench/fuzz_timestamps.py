"""Coverage-guided fuzzing of the timestamp parser (atheris), run by hand.

    python bench/fuzz_timestamps.py -max_total_time=600 [-rss_limit_mb=2048] [CORPUS_DIR]

The input is a list of cells (split on NUL) in any text -- dates of any
year, Chinese forms, offsets, Excel serials, junk. The parser must never
raise; a time it reads lies in the years 1900 to 2199 (an ``0001`` or
``9999`` used to crash the rules that compute deadlines); the common-form
fast path filled up by the full parser must give what the full parser
gives; and ``record.timestamp``'s wording of an unreadable time must not
raise either. Anything else stops the run with a ``crash-*`` file to turn
into a regression test in ``tests/hardening``.
"""

from __future__ import annotations

import sys

import atheris
import polars as pl  # imported uninstrumented: instrumenting it breaks its operators

# Coverage feedback from svccheck's own code only.
with atheris.instrument_imports(include=["svccheck"]):
    from svccheck.io.timestamps import (
        EARLIEST_YEAR,
        LATEST_YEAR,
        fill_uncommon_timestamps,
        parse_common_timestamps,
        parse_timestamps,
    )

ZONES = ("Asia/Shanghai", "UTC", "America/New_York", "Pacific/Kiritimati")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    zone = ZONES[data[0] % len(ZONES)]
    cells = data[1:].decode("utf-8", "replace").split("\x00")[:32]
    frame = pl.DataFrame({"raw": cells}, schema={"raw": pl.String})
    full = frame.select(parse_timestamps(pl.col("raw"), zone)).to_series()
    for parsed in full.to_list():
        assert parsed is None or EARLIEST_YEAR <= parsed.year <= LATEST_YEAR, parsed
    fast = frame.with_columns(parse_common_timestamps(pl.col("raw"), zone).alias("parsed"))
    filled = fill_uncommon_timestamps(fast, "parsed", "raw", zone).get_column("parsed")
    assert filled.to_list() == full.to_list()


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
