"""One cell holding several dates: an insurance policy's premium due dates (应缴日期)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl

from svccheck.io.profiles import parse_timestamp_list, split_list_cell

SH = ZoneInfo("Asia/Shanghai")


def _day(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def _parse(cells: list[str | None]) -> list[list[datetime | None] | None]:
    frame = pl.DataFrame({"c": cells}, schema={"c": pl.String})
    return frame.select(parse_timestamp_list(pl.col("c"), "Asia/Shanghai"))["c"].to_list()


def test_every_separator_an_export_uses():
    cells = ["2025-03-01;2026-03-01", "2025-03-01；2026-03-01", "2025-03-01、2026-03-01",
             "2025-03-01,2026-03-01", "2025-03-01，2026-03-01", "2025-03-01\n2026-03-01",
             '["2025-03-01", "2026-03-01"]', " 2025-03-01 ； 2026-03-01 ；"]
    both = [_day(2025, 3, 1), _day(2026, 3, 1)]
    assert _parse(cells) == [both] * len(cells)


def test_a_space_is_not_a_separator():
    assert _parse(["2025-03-01 09:30；2026/3/1"]) == [[_day(2025, 3, 1, 9, 30),
                                                      _day(2026, 3, 1)]]


def test_an_unreadable_element_stays_in_place_as_null():
    cells = ["2025-03-01；2025-02-30；2026-03-01"]
    assert _parse(cells) == [[_day(2025, 3, 1), None, _day(2026, 3, 1)]]
    raw = pl.DataFrame({"c": cells}).select(split_list_cell(pl.col("c")))["c"].to_list()
    assert raw == [["2025-03-01", "2025-02-30", "2026-03-01"]]  # so a rule can quote it


def test_blank_and_dash_elements_are_not_dates():
    assert _parse(["2025-03-01；-；；", "-", "", None]) == [[_day(2025, 3, 1)], [], [], None]
