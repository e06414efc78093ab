"""Business calendar: working time between two instants, counted to the second.

A standard's calendar has a time zone, weekly working hours (several
intervals a day allowed, e.g. a lunch break), a country's statutory holidays
*and make-up working days* (调休: a Saturday on which China works) from the
``holidays`` package, and a company calendar on top (extra closed dates,
extra working dates with their hours) that wins over the country calendar.

Working time is computed columnar, never per ticket in Python: for every
local date in range we build one row -- the date's working intervals as real
instants (epoch seconds, so a DST change is exact) and the working seconds
accumulated before that date. ``W(t)`` is then a join on ``t``'s local date
plus a clamp per interval, and the working time between ``a`` and ``b`` is
``max(W(b) - W(a), 0)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import polars as pl

from svccheck.errors import ConfigError
from svccheck.yamlsource import load_yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Most working intervals one day may have.
MAX_INTERVALS = 6
_DATE = "_cal_date"
_CUM = "_cal_cum"

Interval = tuple[int, int]  # seconds after local midnight, end exclusive


def parse_range(text: str) -> Interval:
    """``"09:00-18:00"`` → (32400, 64800); ``24:00`` is the end of the day."""
    start, end = text.split("-")
    seconds = [int(h) * 3600 + int(m) * 60 for h, m in (p.split(":") for p in (start, end))]
    return seconds[0], seconds[1]


def _ranges(items: Iterable[str], where: str) -> tuple[Interval, ...]:
    parsed = sorted(parse_range(item) for item in items)
    for (_, e1), (s2, _) in pairwise(parsed):
        if s2 < e1:
            raise ConfigError(f"{where}: working hours overlap ({parsed})")
    for start, end in parsed:
        if end <= start:
            raise ConfigError(f"{where}: working hours end before they start")
    if len(parsed) > MAX_INTERVALS:
        raise ConfigError(f"{where}: at most {MAX_INTERVALS} working intervals a day")
    return tuple(parsed)


@dataclass
class BusinessCalendar:
    """A resolved calendar. Build it with :meth:`from_config`."""

    timezone: str
    weekly: dict[int, tuple[Interval, ...]]
    country: str | None = None
    closed: set[date] = field(default_factory=set)
    extra_working: dict[date, tuple[Interval, ...]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _tables: dict[tuple[date, date], pl.DataFrame] = field(default_factory=dict, repr=False)
    _warned_years: set[int] = field(default_factory=set, repr=False)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], where: str = "calendar") -> BusinessCalendar:
        """From a standard's ``calendar`` mapping (already schema-validated)."""
        tz = config.get("timezone", "UTC")
        hours = config.get("working_hours")
        if hours is None:  # no working hours given: every day, all day
            hours = {day: ["00:00-24:00"] for day in WEEKDAYS}
        weekly = {i: _ranges(hours.get(day, []), f"{where}.working_hours.{day}")
                  for i, day in enumerate(WEEKDAYS)}
        closed = {date.fromisoformat(d) for d in config.get("closed_dates", [])}
        default = next((h for h in weekly.values() if h), ((9 * 3600, 18 * 3600),))
        extra = {
            date.fromisoformat(item["date"]): _ranges(item["hours"], f"{where}.working_dates")
            if item.get("hours") else default
            for item in config.get("working_dates", [])
        }
        calendar = cls(timezone=tz, weekly=weekly, country=config.get("holidays"),
                       closed=closed, extra_working=extra)
        if config.get("file"):
            calendar._add_file(Path(config["file"]), default)
        if calendar.country:
            try:
                holidays.country_holidays(calendar.country, years=2000)
            except NotImplementedError:
                raise ConfigError(
                    f"{where}.holidays: {calendar.country!r} is not a country the holidays "
                    "package knows (use an ISO code such as CN)"
                ) from None
        return calendar

    def _add_file(self, path: Path, default: tuple[Interval, ...]) -> None:
        """A company calendar file: ``closed_dates`` and ``working_dates`` like a standard's."""
        doc = load_yaml(path, "calendar file")
        data = doc.data or {}
        if not isinstance(data, dict) or set(data) - {"closed_dates", "working_dates"}:
            raise ConfigError(f"{path}: a calendar file holds closed_dates and working_dates")
        try:
            self.closed |= {date.fromisoformat(str(d)) for d in data.get("closed_dates", [])}
            for item in data.get("working_dates", []):
                day = date.fromisoformat(str(item["date"]))
                hours = item.get("hours")
                self.extra_working[day] = _ranges(hours, str(path)) if hours else default
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: invalid calendar entry: {exc}") from None

    # -- which hours a date has ------------------------------------------------

    def _country_days(self, years: range) -> tuple[set[date], set[date]]:
        if not self.country:
            return set(), set()
        data = holidays.country_holidays(self.country, years=list(years))
        closed = set(data.keys())
        makeup = {d for d in getattr(data, "weekend_workdays", set()) if d.year in years}
        known = {d.year for d in getattr(data, "weekend_workdays", set())}
        if known:  # the country has make-up days at all: say which years lack them
            for year in years:
                if year not in known and year not in self._warned_years and year > max(known):
                    self._warned_years.add(year)
                    self.warnings.append(
                        f"calendar: the holidays data has no make-up working days (调休) for "
                        f"{self.country} {year}; weekends of {year} are counted as closed"
                    )
        return closed, makeup

    def hours_on(self, day: date, country_closed: set[date], makeup: set[date]
                 ) -> tuple[Interval, ...]:
        if day in self.extra_working:
            return self.extra_working[day]
        if day in self.closed or day in country_closed:
            return ()
        if day in makeup:
            return next((h for h in self.weekly.values() if h), ())
        return self.weekly[day.weekday()]

    def table(self, first: date, last: date) -> pl.DataFrame:
        """One row per local date: interval instants and working seconds before it."""
        key = (first, last)
        if key in self._tables:
            return self._tables[key]
        zone = ZoneInfo(self.timezone)
        closed, makeup = self._country_days(range(first.year, last.year + 1))
        dates, cum_list = [], []
        starts: list[list[int | None]] = [[] for _ in range(MAX_INTERVALS)]
        ends: list[list[int | None]] = [[] for _ in range(MAX_INTERVALS)]
        cum = 0
        day = first
        while day <= last:
            dates.append(day)
            cum_list.append(cum)
            spans = self.hours_on(day, closed, makeup)
            for i in range(MAX_INTERVALS):
                if i < len(spans):
                    s, e = (self._instant(day, sec, zone) for sec in spans[i])
                    starts[i].append(s)
                    ends[i].append(e)
                    cum += e - s
                else:
                    starts[i].append(None)
                    ends[i].append(None)
            day += timedelta(days=1)
        columns: dict[str, Any] = {_DATE: dates, _CUM: cum_list}
        for i in range(MAX_INTERVALS):
            columns[f"_cal_s{i}"] = starts[i]
            columns[f"_cal_e{i}"] = ends[i]
        schema = {_DATE: pl.Date, **{k: pl.Int64 for k in columns if k != _DATE}}
        frame = pl.DataFrame(columns, schema=schema)
        used = [i for i in range(MAX_INTERVALS) if frame[f"_cal_s{i}"].null_count() < len(dates)]
        frame = frame.select(_DATE, _CUM, *[c for i in used for c in (f"_cal_s{i}", f"_cal_e{i}")])
        self._tables[key] = frame
        return frame

    @staticmethod
    def _instant(day: date, seconds: int, zone: ZoneInfo) -> int:
        local = datetime.combine(day, time()) + timedelta(seconds=seconds)
        return int(local.replace(tzinfo=zone).timestamp())

    # -- columnar working time --------------------------------------------------

    def _w(self, frame: pl.LazyFrame, column: str, table: pl.DataFrame, out: str) -> pl.LazyFrame:
        """Add ``out`` = working seconds from the table's start up to ``column``."""
        local_date = pl.col(column).dt.convert_time_zone(self.timezone).dt.date()
        epoch = pl.col(column).dt.epoch("s")
        pairs = [(c, c.replace("_s", "_e")) for c in table.columns if c.startswith("_cal_s")]
        within = pl.sum_horizontal(
            [pl.min_horizontal(pl.max_horizontal(epoch - pl.col(s), pl.lit(0)),
                               pl.col(e) - pl.col(s)).fill_null(0) for s, e in pairs]
        ) if pairs else pl.lit(0)
        return (
            frame.with_columns(local_date.alias(_DATE))
            .join(table.lazy(), on=_DATE, how="left", maintain_order="left")
            .with_columns(pl.when(pl.col(column).is_not_null()).then(pl.col(_CUM) + within)
                          .alias(out))
            .drop(table.columns)
        )

    def date_range_of(self, frame: pl.LazyFrame, columns: Iterable[str]) -> tuple[date, date]:
        """The local dates the given columns span (one cheap aggregate query)."""
        exprs = []
        for c in columns:
            local = pl.col(c).dt.convert_time_zone(self.timezone).dt.date()
            exprs += [local.min().alias(f"{c}_min"), local.max().alias(f"{c}_max")]
        row = frame.select(exprs).collect().row(0)
        values = [v for v in row if v is not None]
        if not values:
            today = date.today()
            return today, today
        return min(values) - timedelta(days=1), max(values) + timedelta(days=1)

    def with_working_seconds(self, frame: pl.LazyFrame, start: str, end: str, out: str,
                             span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add ``out`` = working seconds between ``start`` and ``end`` (0 if reversed)."""
        first, last = span or self.date_range_of(frame, (start, end))
        table = self.table(first, last)
        frame = self._w(frame, start, table, "_cal_w_start")
        frame = self._w(frame, end, table, "_cal_w_end")
        return frame.with_columns(
            pl.max_horizontal(pl.col("_cal_w_end") - pl.col("_cal_w_start"), pl.lit(0))
            .alias(out)
        ).drop("_cal_w_start", "_cal_w_end")

    def with_in_hours(self, frame: pl.LazyFrame, column: str, out: str,
                      span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add boolean ``out``: is ``column`` inside a working interval?"""
        first, last = span or self.date_range_of(frame, (column,))
        table = self.table(first, last)
        epoch = pl.col(column).dt.epoch("s")
        pairs = [(c, c.replace("_s", "_e")) for c in table.columns if c.startswith("_cal_s")]
        inside = pl.any_horizontal(
            [((epoch >= pl.col(s)) & (epoch < pl.col(e))).fill_null(False) for s, e in pairs]
        ) if pairs else pl.lit(False)
        return (
            frame.with_columns(
                pl.col(column).dt.convert_time_zone(self.timezone).dt.date().alias(_DATE)
            )
            .join(table.lazy(), on=_DATE, how="left", maintain_order="left")
            .with_columns(pl.when(pl.col(column).is_not_null()).then(inside).alias(out))
            .drop(table.columns)
        )


def calendar_seconds(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Elapsed real seconds between two instants (0 if reversed); DST-correct."""
    return pl.max_horizontal((end.dt.epoch("s") - start.dt.epoch("s")), pl.lit(0))
