"""Tests for the vectorised timestamp parser used by the profile stage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from svccheck.errors import ConfigError
from svccheck.io.timestamps import (
    MISSING_TOKENS,
    SERIAL_MAX,
    SERIAL_MIN,
    is_missing,
    parse_timestamps,
    unparseable,
)

SHANGHAI = "Asia/Shanghai"
NEW_YORK = "America/New_York"
SH = ZoneInfo(SHANGHAI)
NY = ZoneInfo(NEW_YORK)


def _parse(values: list[str | None], tz: str = SHANGHAI) -> pl.Series:
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return frame.select(parse_timestamps(pl.col("raw"), tz)).to_series()


def _one(value: str | None, tz: str = SHANGHAI) -> datetime | None:
    return _parse([value], tz).item()


def _missing(values: list[str | None]) -> list[bool]:
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return frame.select(is_missing(pl.col("raw"))).to_series().to_list()


def _unparseable(values: list[str | None], tz: str = SHANGHAI) -> list[bool]:
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return frame.select(unparseable(pl.col("raw"), tz)).to_series().to_list()


def _excel(serial: float) -> datetime:
    """Reference conversion of an Excel serial, independent of the implementation."""
    naive = datetime(1899, 12, 30) + timedelta(days=serial)
    return naive.replace(microsecond=0) + timedelta(seconds=round(naive.microsecond / 1e6))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-10-01 14:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01 14:30:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01 14:30:00.123", datetime(2023, 10, 1, 14, 30, 0, 123000, tzinfo=SH)),
        ("2023/10/01 14:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023/10/1 9:05", datetime(2023, 10, 1, 9, 5, tzinfo=SH)),
        ("2023-10-1 9:05", datetime(2023, 10, 1, 9, 5, tzinfo=SH)),
        # Chinese forms.
        ("2023年10月1日 14:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023年10月01日14:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023年10月1日 14时30分", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023年10月1日 14时30分15秒", datetime(2023, 10, 1, 14, 30, 15, tzinfo=SH)),
        ("２０２３－１０－０１　１４：３０", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("２０２３／１０／０１", datetime(2023, 10, 1, tzinfo=SH)),
        # Date only -> midnight.
        ("2023-10-01", datetime(2023, 10, 1, tzinfo=SH)),
        ("2023/10/01", datetime(2023, 10, 1, tzinfo=SH)),
        ("2023年10月1日", datetime(2023, 10, 1, tzinfo=SH)),
        # ISO 8601, with and without offsets: same instant.
        ("2023-10-01T14:30:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01T14:30:00+08:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01T06:30:00Z", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01T14:30:00.5+0800", datetime(2023, 10, 1, 14, 30, 0, 500000, tzinfo=SH)),
        ("2023-10-01T01:30:00-05:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01T14:30+08:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01T14:30:00+08", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-01 14:30:00 +08:00", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        # Run-together template form.
        ("2023-10-0114:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("2023-10-019:05", datetime(2023, 10, 1, 9, 5, tzinfo=SH)),
        ("2023-10-0114:30:15", datetime(2023, 10, 1, 14, 30, 15, tzinfo=SH)),
        # Excel serials.
        ("45200", datetime(2023, 10, 1, tzinfo=SH)),
        ("45200.604166", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("45200.5", datetime(2023, 10, 1, 12, 0, tzinfo=SH)),
        # Surrounding whitespace, including ideographic space and NBSP.
        ("  2023-10-01 14:30\t", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("\u3000\u00a02023-10-01 14:30\u3000", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
        ("\ufeff2023-10-01 14:30", datetime(2023, 10, 1, 14, 30, tzinfo=SH)),
    ],
)
def test_parses_supported_forms(raw: str, expected: datetime) -> None:
    result = _one(raw)
    assert result == expected
    assert result is not None and result.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "raw",
    [
        "2023-13-01 10:00",
        "2023-02-30 10:00",
        "2023-10-01 25:00",
        "2023-10-01 14:30:60",  # chrono would roll this over to 14:31
        "2023-10-01 14:3",
        "25:00",
        "14:30",
        "明天",
        "12345678",
        "12345",  # five digits but below the plausible serial range
        "+2023-10-01 14:30",  # chrono accepts a signed year; the gate does not
        "2023-10-01 14:30 extra",
        "2023-10",
        "23-10-01 14:30",
        "2023-10-01T14:30:00+8",
        "45200.5.1",
        "-45200",
        "4.52e4",
    ],
)
def test_rejects(raw: str) -> None:
    assert _one(raw) is None
    assert _unparseable([raw]) == [True]


@pytest.mark.parametrize(
    ("serial", "accepted"),
    [
        (SERIAL_MIN - 1, False),
        (SERIAL_MIN, True),
        (SERIAL_MAX, True),
        (SERIAL_MAX + 1, False),
    ],
)
def test_excel_serial_range(serial: int, accepted: bool) -> None:
    result = _one(str(serial))
    if accepted:
        assert result == _excel(serial).replace(tzinfo=SH)
    else:
        assert result is None


def test_excel_serial_rounds_to_the_second() -> None:
    # 14:30:29.999... as Excel stores it.
    assert _one("45200.6045138888") == datetime(2023, 10, 1, 14, 30, 30, tzinfo=SH)


def test_output_dtype() -> None:
    assert _parse(["2023-10-01"]).dtype == pl.Datetime("us", SHANGHAI)
    assert _parse(["2023-10-01"], NEW_YORK).dtype == pl.Datetime("us", NEW_YORK)


def test_all_null_column_of_null_dtype() -> None:
    frame = pl.DataFrame({"raw": [None, None]})
    assert frame.schema["raw"] == pl.Null
    out = frame.select(
        ts=parse_timestamps(pl.col("raw"), SHANGHAI),
        bad=unparseable(pl.col("raw"), SHANGHAI),
        missing=is_missing(pl.col("raw")),
    )
    assert out["ts"].dtype == pl.Datetime("us", SHANGHAI)
    assert out["ts"].to_list() == [None, None]
    assert out["bad"].to_list() == [False, False]
    assert out["missing"].to_list() == [True, True]


class TestDaylightSaving:
    def test_non_existent_local_time_is_null(self) -> None:
        # 2023-03-12 02:00 -> 03:00 in New York: 02:30 never happened.
        assert _one("2023-03-12 02:30", NEW_YORK) is None
        assert _unparseable(["2023-03-12 02:30"], NEW_YORK) == [True]

    def test_ambiguous_local_time_is_earliest(self) -> None:
        # 01:30 happens twice on 2023-11-05; the earlier one is EDT (UTC-4).
        result = _one("2023-11-05 01:30", NEW_YORK)
        assert result is not None
        assert result.astimezone(UTC) == datetime(2023, 11, 5, 5, 30, tzinfo=UTC)
        assert result.utcoffset() == timedelta(hours=-4)

    def test_excel_serial_in_gap_is_null(self) -> None:
        # 2023-03-12 02:30 as an Excel serial.
        assert _one("44997.1041666667", NEW_YORK) is None
        # 01:30 the same day exists.
        assert _one("44997.0625", NEW_YORK) == datetime(2023, 3, 12, 1, 30, tzinfo=NY)

    def test_times_either_side_of_the_gap(self) -> None:
        before = _one("2023-03-12 01:59", NEW_YORK)
        after = _one("2023-03-12 03:00", NEW_YORK)
        assert before is not None and after is not None
        # Python subtracts same-zone datetimes as wall-clock; compare in UTC.
        assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(minutes=1)


class TestOffsets:
    @pytest.mark.parametrize(
        "raw",
        [
            "2023-10-01T06:30:00Z",
            "2023-10-01T06:30:00z",
            "2023-10-01T06:30:00+00:00",
            "2023-10-01T14:30:00+08:00",
            "2023-10-01T14:30:00+0800",
            "2023-10-01T02:30:00-04:00",
        ],
    )
    def test_same_instant_converted_to_target_zone(self, raw: str) -> None:
        result = _one(raw, NEW_YORK)
        assert result is not None
        assert result.astimezone(UTC) == datetime(2023, 10, 1, 6, 30, tzinfo=UTC)
        # Expressed in the export's zone: 02:30 EDT.
        assert result.replace(tzinfo=None) == datetime(2023, 10, 1, 2, 30)

    def test_offset_is_not_subject_to_dst_gap(self) -> None:
        # The wall-clock time falls in the gap, but the offset pins the instant.
        result = _one("2023-03-12T02:30:00-05:00", NEW_YORK)
        assert result is not None
        assert result.astimezone(UTC) == datetime(2023, 3, 12, 7, 30, tzinfo=UTC)


class TestMissingAndUnparseable:
    @pytest.mark.parametrize("token", MISSING_TOKENS)
    def test_tokens_are_missing(self, token: str) -> None:
        values = [token, f"  {token}\u3000"]
        assert _missing(values) == [True, True]
        assert _unparseable(values) == [False, False]
        assert _parse(values).to_list() == [None, None]

    def test_missing_tokens_constant(self) -> None:
        assert set(MISSING_TOKENS) == {"-", "—", "–", "/", "－", "／"}

    def test_blank_and_null_are_missing(self) -> None:
        values = [None, "", "   ", "\t", "\u3000", "\u200b"]
        assert _missing(values) == [True] * len(values)
        assert _unparseable(values) == [False] * len(values)

    def test_values_are_not_missing(self) -> None:
        values = ["2023-10-01", "明天", "--", "0", "n/a"]
        assert _missing(values) == [False] * len(values)

    def test_unparseable_flags_only_present_bad_values(self) -> None:
        values = ["2023-10-01 14:30", "2023-13-01 10:00", None, "－", "明天", "45200"]
        assert _unparseable(values) == [False, True, False, False, True, False]


def test_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        parse_timestamps(pl.col("raw"), "Mars/Olympus")


def test_works_in_lazy_query() -> None:
    lazy = pl.LazyFrame({"raw": ["2023-10-01 14:30", "bad", None]})
    out = lazy.select(
        ts=parse_timestamps(pl.col("raw"), SHANGHAI),
        bad=unparseable(pl.col("raw"), SHANGHAI),
    ).collect()
    assert out["ts"].to_list() == [datetime(2023, 10, 1, 14, 30, tzinfo=SH), None, None]
    assert out["bad"].to_list() == [False, True, False]


def test_large_mixed_column() -> None:
    """A 200k-row column goes through polars expressions only (no per-row Python)."""
    forms = [
        "2023-10-01 14:30",
        "2023年10月1日 14时30分",
        "2023-10-0114:30",
        "2023-10-01T06:30:00Z",
        "45200.604166",
        "２０２３－１０－０１　１４：３０",
        "2023-13-01 10:00",
        "－",
        None,
        "",
    ]
    n = 200_000
    frame = pl.DataFrame({"raw": forms * (n // len(forms))}, schema={"raw": pl.String})
    out = frame.select(
        ts=parse_timestamps(pl.col("raw"), SHANGHAI),
        bad=unparseable(pl.col("raw"), SHANGHAI),
        missing=is_missing(pl.col("raw")),
    )
    assert out.height == n
    per_form = n // len(forms)
    assert out["ts"].null_count() == 4 * per_form
    assert out["bad"].sum() == per_form
    assert out["missing"].sum() == 3 * per_form
    expected = datetime(2023, 10, 1, 14, 30, tzinfo=SH)
    assert out["ts"].drop_nulls().unique().to_list() == [expected]


def test_common_form_fast_path_plus_fill_equals_the_full_parser() -> None:
    """Profiles parse the common form fast and the rest fully; same answers."""
    from svccheck.io.timestamps import fill_uncommon_timestamps, parse_common_timestamps

    cells = ["2023-10-01 14:30", "2023-10-01 14:30:15", "2023-10-0114:30", "2023/10/1 9:05",
             "2023年10月1日 14:30", "2023-10-01T06:30:00Z", "45200.604166", "2023-02-30 10:00",
             "2023-10-01 25:00", "-", None, "  2023-10-01 14:30  ", "明天"]
    tz = "Asia/Shanghai"
    frame = pl.DataFrame({"raw": cells}, schema={"raw": pl.String})
    full = frame.select(parse_timestamps(pl.col("raw"), tz).alias("t"))["t"]
    fast = frame.with_columns(parse_common_timestamps(pl.col("raw"), tz).alias("t"))
    assert fast["t"].null_count() > full.null_count()  # the fast path alone misses forms
    filled = fill_uncommon_timestamps(fast, "t", "raw", tz)["t"]
    assert filled.to_list() == full.to_list()
