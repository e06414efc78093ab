"""Business calendar: working time between two instants, counted to the second.

A standard's calendar has a time zone, weekly working hours (several
intervals a day allowed, e.g. a lunch break), a country's statutory holidays
*and make-up working days* (调休: a Saturday on which China works) from the
``holidays`` package, and a company calendar on top (extra closed dates,
extra working dates with their hours) that wins over the country calendar.

Working time is computed columnar, never per ticket in Python: every working
interval in the data's date range is listed once as real instants (epoch
seconds, so a DST change is exact) with the working seconds accumulated
before it. ``W(t)`` is then a binary search for the interval at or before
``t`` plus a clamp, and the working time between ``a`` and ``b`` is
``max(W(b) - W(a), 0)``.

Deadlines go the other way: the instant at which a number of working hours
after a start is used up (a search of the running totals), or the close of
the Nth working day after the day the clock starts (a search of the working
days' closing instants). The calendar also names the ticket statuses that
stop a service clock (``paused_statuses``): a promise "within 3 working
days" does not run while the ticket waits on the customer.

One module, though it runs past 450 lines: it is one class over one table.
Resolving the calendar (weekly hours, the country's holidays and make-up
days, the company's dates) builds the table of working intervals and their
running totals, and every question asked of it -- working time, in or out of
hours, a deadline in hours or in working days -- is a search of that table;
split, the table and its searches would change apart though they change
together.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import polars as pl

from svccheck.errors import ConfigError
from svccheck.quoting import brief
from svccheck.yamlsource import load_yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Most working intervals one day may have.
MAX_INTERVALS = 6
#: Longest span (days) given a per-minute lookup table (~4 MB a year).
MAX_TABLE_DAYS = 3 * 366

#: Days a span is widened by, beyond a deadline's own length, for holidays
#: (国庆 closes eight days in a row).
DEADLINE_SLACK_DAYS = 31
#: Statuses that stop a service clock while the ticket waits on the customer,
#: when a standard's calendar names none (Zendesk pending/on-hold, Zammad
#: pending, 待客户反馈). Compared after :func:`status_key`.
DEFAULT_PAUSED_STATUSES = ("pending", "待客户反馈", "on hold")

Interval = tuple[int, int]  # seconds after local midnight, end exclusive


def status_key(text: str) -> str:
    """A status as compared: trimmed, lower-case, ``on_hold``/``On-Hold`` → ``on hold``."""
    return text.replace("_", " ").replace("-", " ").strip().lower()



@cache
def _makeup_years(country: str) -> frozenset[int]:
    """Years for which the installed holidays data lists make-up working days (调休).

    Asked once per country over the package's whole range: whether a
    country uses make-up days at all must not depend on the audited years.
    """
    data = holidays.country_holidays(country, years=range(1990, 2101))
    return frozenset(d.year for d in getattr(data, "weekend_workdays", ()))


def _years_text(years: list[int]) -> str:
    """``2000-2002, 2027``: sorted years with runs folded."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


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
    #: Statuses (as :func:`status_key` gives them) that pause a service clock.
    paused_statuses: tuple[str, ...] = DEFAULT_PAUSED_STATUSES
    warnings: list[str] = field(default_factory=list)
    _tables: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
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
        paused = tuple(status_key(str(s)) for s in
                       config.get("paused_statuses", DEFAULT_PAUSED_STATUSES))
        calendar = cls(timezone=tz, weekly=weekly, country=config.get("holidays"),
                       closed=closed, extra_working=extra, paused_statuses=paused)
        if config.get("file"):
            calendar._add_file(Path(config["file"]), default)
        if calendar.country:
            try:
                holidays.country_holidays(calendar.country, years=2000)
            except NotImplementedError:
                raise ConfigError(
                    f"{where}.holidays: {brief(calendar.country)} is not a country the holidays "
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
        self._warn_missing_makeup(years)
        return closed, makeup

    def _warn_missing_makeup(self, years: range) -> None:
        """Warn for every audited year whose make-up days the holidays data does not list.

        A country that has make-up days (CN) has them every year; a year
        without any in the data is a year the installed ``holidays`` release
        does not know yet -- and then its statutory holidays are the bare
        legal days, not the announced schedule (2025's National Day shrinks
        from eight days to three). That changes findings, so it is said,
        never assumed. A company calendar that lists its own extra working
        dates for the year takes charge of it: no warning then.
        """
        known = _makeup_years(self.country) if self.country else frozenset()
        if not known:  # the country has no make-up days at all (US, DE ...)
            return
        company = {d.year for d in self.extra_working}
        missing = [y for y in years
                   if y not in known and y not in company and y not in self._warned_years]
        if not missing:
            return
        self._warned_years.update(missing)
        shown = _years_text(missing)
        self.warnings.append(
            f"calendar: the holidays data (holidays {holidays.__version__}) lists no make-up "
            f"working days (调休) for {self.country} {shown}: those years' statutory holidays "
            f"may be incomplete and their weekends are counted as closed; install a holidays "
            f"release that lists them, or give the dates as working_dates and closed_dates "
            f"in the standard's calendar"
        )

    def statutory_holidays(self, first: date, last: date) -> list[tuple[date, date, str, str]]:
        """The country's statutory holidays from ``first`` to ``last``, each once:
        ``(first day, last day, Chinese name, English name)``.

        A run of consecutive statutory days is one holiday (除夕 and 春节 2025,
        国庆节's three days); days off moved by 调休 and "observed" days are not
        holidays of their own. Empty when the calendar names no country. The
        Chinese name is the data's own where the ``holidays`` package has one.
        """
        if not self.country:
            return []
        years = list(range(first.year, last.year + 1))
        english = holidays.country_holidays(self.country, years=years, language="en_US")
        try:
            chinese = holidays.country_holidays(self.country, years=years, language="zh_CN")
        except (NotImplementedError, ValueError):  # a country without Chinese names
            chinese = english
        days = sorted(
            (day, name) for day, name in english.items()
            if first <= day <= last and not any(
                word in name.lower() for word in ("substituted", "observed", "day off")))
        found: list[tuple[date, date, str, str]] = []
        run: list[date] = []
        for day, _ in [*days, (None, "")]:
            if run and (day is None or day != run[-1] + timedelta(days=1)):
                names = [english[d] for d in run]
                en = max(set(names), key=lambda n: (names.count(n), -names.index(n)))
                zh = chinese.get(run[names.index(en)], en)
                found.append((run[0], run[-1], str(zh), str(en)))
                run = []
            if day is not None:
                run.append(day)
        return found

    def hours_on(self, day: date, country_closed: set[date], makeup: set[date]
                 ) -> tuple[Interval, ...]:
        if day in self.extra_working:
            return self.extra_working[day]
        if day in self.closed or day in country_closed:
            return ()
        if day in makeup:
            return next((h for h in self.weekly.values() if h), ())
        return self.weekly[day.weekday()]

    def intervals(self, first: date, last: date) -> tuple[pl.Series, pl.Series, pl.Series]:
        """Every working interval from ``first`` to ``last`` as real instants.

        Returns ``starts`` and ``ends`` (epoch seconds, sorted) and ``before``:
        the working seconds accumulated before each interval starts.
        """
        key = (first, last)
        if key not in self._tables:
            zone = ZoneInfo(self.timezone)
            closed, makeup = self._country_days(range(first.year, last.year + 1))
            starts: list[int] = []
            ends: list[int] = []
            before: list[int] = []
            total = 0
            day = first
            while day <= last:
                for lo, hi in self.hours_on(day, closed, makeup):
                    s, e = self._instant(day, lo, zone), self._instant(day, hi, zone)
                    starts.append(s)
                    ends.append(e)
                    before.append(total)
                    total += e - s
                day += timedelta(days=1)
            self._tables[key] = (
                pl.Series("starts", starts, dtype=pl.Int64),
                pl.Series("ends", ends, dtype=pl.Int64),
                pl.Series("before", before, dtype=pl.Int64),
            )
        return self._tables[key]

    @staticmethod
    def _instant(day: date, seconds: int, zone: ZoneInfo) -> int:
        local = datetime.combine(day, time()) + timedelta(seconds=seconds)
        return int(local.replace(tzinfo=zone).timestamp())

    # -- columnar working time --------------------------------------------------

    def minutes(self, span: tuple[date, date]) -> tuple[int, pl.Series, pl.Series] | None:
        """Per-minute lookup: ``origin`` (epoch of the span's first local midnight),
        ``flags`` (1 where the minute is working time) and ``before`` (working
        seconds before each minute).

        Working hours are whole minutes and UTC offsets are whole minutes, so
        working time is constant within a minute: ``W(t)`` is then two gathers
        at ``(t - origin) // 60`` -- cheaper than any search. None when the span
        is too long for a table (a stray year-1900 date) or not minute-aligned.
        """
        first, last = span
        if (last - first).days > MAX_TABLE_DAYS:
            return None
        # a table built for a span that covers this one serves it (a deadline's
        # widened span, then the paused stretches inside it): W is the same
        for cached, table in self._tables.items():
            if (cached[0] == "minutes" and table is not None and cached[1] <= first
                    and last <= cached[2]):
                return table
        key = ("minutes", first, last)
        if key not in self._tables:
            starts, ends, _ = self.intervals(first, last)
            origin = self._instant(first, 0, ZoneInfo(self.timezone))
            size = ((self._instant(last + timedelta(days=1), 0, ZoneInfo(self.timezone))
                     - origin) // 60) + 1
            lo, hi = (starts - origin), (ends - origin)
            if ((lo % 60) != 0).any() or ((hi % 60) != 0).any():
                self._tables[key] = None
            else:
                working = pl.int_ranges(lo // 60, hi // 60, dtype=pl.Int64, eager=True).explode()
                flags = pl.zeros(size, dtype=pl.Int64, eager=True).scatter(working.drop_nulls(), 1)
                before = (flags.cum_sum() - flags) * 60
                self._tables[key] = (origin, flags, before)
        return self._tables[key]

    def _fast_worked(self, column: str, table: tuple[int, pl.Series, pl.Series]) -> pl.Expr:
        origin, flags, before = table
        offset = pl.col(column).dt.epoch("s") - origin
        minute = (offset // 60).clip(0, flags.len() - 1)
        return pl.lit(before).gather(minute) + (offset - minute * 60) * pl.lit(flags).gather(minute)

    def _index(self, column: str, span: tuple[date, date]) -> pl.Expr:
        """The last interval starting at or before each instant (-1 if none)."""
        starts = self.intervals(*span)[0]
        epoch = pl.col(column).dt.epoch("s")
        return pl.lit(starts).search_sorted(epoch, side="right").cast(pl.Int64) - 1

    def _at(self, index: str, which: int, span: tuple[date, date]) -> pl.Expr:
        """Start (0), end (1) or prior total (2) of the interval in column ``index``."""
        return pl.lit(self.intervals(*span)[which]).gather(pl.col(index).clip(lower_bound=0))

    def _worked(self, column: str, index: str, span: tuple[date, date]) -> pl.Expr:
        """``W(t)``: working seconds from the start of ``span`` up to ``column``,
        given the interval index already searched into column ``index``."""
        epoch = pl.col(column).dt.epoch("s")
        start, end, before = (self._at(index, i, span) for i in range(3))
        inside = pl.min_horizontal(epoch - start, end - start)
        return (pl.when(pl.col(column).is_null()).then(pl.lit(None, pl.Int64))
                .when(pl.col(index) >= 0).then(before + inside).otherwise(pl.lit(0, pl.Int64)))

    def span_of(self, frame: pl.LazyFrame, columns: Iterable[str]) -> tuple[date, date]:
        """The local dates the given columns span, one day either side (one aggregate)."""
        exprs = [e for i, c in enumerate(columns)
                 for e in (pl.col(c).min().alias(f"lo{i}"), pl.col(c).max().alias(f"hi{i}"))]
        values = [v for v in frame.select(exprs).collect().row(0) if v is not None]
        if not values:
            today = date.today()
            return today, today
        zone = ZoneInfo(self.timezone)
        local = [v.astimezone(zone).date() for v in values]
        return min(local) - timedelta(days=1), max(local) + timedelta(days=1)

    # -- one ticket at a time (per-ticket rules) ----------------------------------

    def _year_table(self, first: date, last: date) -> tuple[list[int], list[int], list[int]]:
        """:meth:`intervals` over whole years (one day either side), as Python lists:
        per-ticket questions reuse one table instead of building one per ticket."""
        key = ("lists", first.year, last.year)
        if key not in self._tables:
            starts, ends, before = self.intervals(date(first.year, 1, 1) - timedelta(days=1),
                                                  date(last.year, 12, 31) + timedelta(days=1))
            self._tables[key] = (starts.to_list(), ends.to_list(), before.to_list())
        return self._tables[key]

    def _epoch(self, at: datetime) -> tuple[int, date]:
        """An instant as epoch seconds and its local date (naive = the calendar's zone)."""
        zone = ZoneInfo(self.timezone)
        local = at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
        return int(local.timestamp()), local.date()

    @staticmethod
    def _worked_until(table: tuple[list[int], list[int], list[int]], t: int) -> int:
        starts, ends, before = table
        k = bisect_right(starts, t) - 1
        return 0 if k < 0 else before[k] + min(t, ends[k]) - starts[k]

    def working_seconds(self, start: datetime, end: datetime) -> int:
        """Working seconds from ``start`` to ``end`` on this calendar (0 if ``end`` is
        not after ``start``): the per-ticket twin of :meth:`with_working_seconds`.

        For a per-ticket rule (``ctx.calendar.working_seconds(ticket["created_at"],
        ticket["first_response_at"])``): the working hours, statutory holidays and
        make-up days, and company dates of the standard, to the second, DST-exact.
        A naive time is read in the calendar's time zone.
        """
        (a, first), (b, last) = self._epoch(start), self._epoch(end)
        if b <= a:
            return 0
        table = self._year_table(first, last)
        return max(0, self._worked_until(table, b) - self._worked_until(table, a))

    def is_working(self, at: datetime) -> bool:
        """Whether ``at`` falls inside working time (per-ticket twin of :meth:`with_in_hours`)."""
        t, day = self._epoch(at)
        starts, ends, _ = self._year_table(day, day)
        k = bisect_right(starts, t) - 1
        return k >= 0 and t < ends[k]

    def with_working_seconds(self, frame: pl.LazyFrame, start: str, end: str, out: str,
                             span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add ``out`` = working seconds between ``start`` and ``end`` (0 if reversed).

        One binary search per column into the sorted interval starts, then three
        gathers: no join and no per-row time-zone conversion.
        """
        span = span or self.span_of(frame, (start, end))
        if self.intervals(*span)[0].len() == 0:
            return frame.with_columns(
                pl.when(pl.col(start).is_not_null() & pl.col(end).is_not_null())
                .then(pl.lit(0, pl.Int64)).alias(out)
            )
        table = self.minutes(span)
        if table is not None:
            worked = self._fast_worked(end, table) - self._fast_worked(start, table)
            return frame.with_columns(pl.max_horizontal(worked, pl.lit(0)).alias(out))
        worked = self._worked(end, "_cal_k1", span) - self._worked(start, "_cal_k0", span)
        return (
            frame.with_columns(self._index(start, span).alias("_cal_k0"),
                               self._index(end, span).alias("_cal_k1"))
            .with_columns(pl.max_horizontal(worked, pl.lit(0)).alias(out))
            .drop("_cal_k0", "_cal_k1")
        )

    def with_worked(self, frame: pl.LazyFrame, columns: Mapping[str, str],
                    span: tuple[date, date]) -> pl.LazyFrame:
        """Add ``W(column)`` as ``out`` for each ``column → out``: working seconds up
        to the instant, counted from a point of the span's lookup table.

        Only differences of values added in one call mean anything (each is a
        working time); one call serves a target's start, end and deadline with
        one table.
        """
        if self.intervals(*span)[0].len() == 0:
            return frame.with_columns(pl.when(pl.col(c).is_not_null()).then(pl.lit(0, pl.Int64))
                                      .alias(o) for c, o in columns.items())
        table = self.minutes(span)
        if table is not None:
            return frame.with_columns(self._fast_worked(c, table).alias(o)
                                      for c, o in columns.items())
        keys = {c: f"_cal_k{i}" for i, c in enumerate(columns)}
        return (frame.with_columns(self._index(c, span).alias(k) for c, k in keys.items())
                .with_columns(self._worked(c, keys[c], span).alias(o)
                              for c, o in columns.items())
                .drop(*keys.values()))

    def with_in_hours(self, frame: pl.LazyFrame, column: str, out: str,
                      span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add boolean ``out``: is ``column`` inside a working interval?"""
        span = span or self.span_of(frame, (column,))
        if self.intervals(*span)[0].len() == 0:
            return frame.with_columns(
                pl.when(pl.col(column).is_not_null()).then(pl.lit(False)).alias(out)
            )
        epoch = pl.col(column).dt.epoch("s")
        inside = (pl.col("_cal_k") >= 0) & (epoch < self._at("_cal_k", 1, span))
        return (
            frame.with_columns(self._index(column, span).alias("_cal_k"))
            .with_columns(pl.when(pl.col(column).is_not_null()).then(inside).alias(out))
            .drop("_cal_k")
        )

    # -- deadlines ----------------------------------------------------------------

    def weekly_seconds(self) -> int:
        """Working seconds in an ordinary week."""
        return sum(hi - lo for spans in self.weekly.values() for lo, hi in spans)

    def deadline_span(self, frame: pl.LazyFrame, columns: Iterable[str], days: float
                      ) -> tuple[date, date]:
        """The span of ``columns``, widened to hold deadlines ``days`` working days later.

        One span for a target's deadline and both its working times: one
        lookup table serves them all.
        """
        first, last = self.span_of(frame, columns)
        weeks = int(days // 5) + 1
        return first, last + timedelta(days=7 * weeks + DEADLINE_SLACK_DAYS)

    def days_of(self, seconds: float) -> float:
        """About how many working days ``seconds`` of working time take (for a span)."""
        weekly = self.weekly_seconds()
        return seconds / weekly * 5 if weekly else 0.0

    def day_closes(self, first: date, last: date) -> pl.Series:
        """Epoch second at which each working day from ``first`` to ``last`` closes, sorted."""
        key = ("closes", first, last)
        if key not in self._tables:
            zone = ZoneInfo(self.timezone)
            closed, makeup = self._country_days(range(first.year, last.year + 1))
            closes: list[int] = []
            day = first
            while day <= last:
                spans = self.hours_on(day, closed, makeup)
                if spans:
                    closes.append(self._instant(day, spans[-1][1], zone))
                day += timedelta(days=1)
            self._tables[key] = pl.Series("closes", closes, dtype=pl.Int64)
        return self._tables[key]

    def _instant_expr(self, epoch: pl.Expr) -> pl.Expr:
        """Epoch seconds as an instant in the calendar's zone (a zoned datetime is stored
        as UTC microseconds: a cast, no conversion per row)."""
        return (epoch * 1_000_000).cast(pl.Datetime("us", self.timezone))

    def with_working_deadline(self, frame: pl.LazyFrame, start: str, seconds: int, out: str,
                              span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add ``out``: when ``seconds`` of working time after ``start`` are used up.

        A deadline that is reached exactly at closing time is that closing
        time (18:00), not the next opening; a reply before work resumes is
        still in time, as *elapsed > target* says. Null where ``start`` is
        null or the calendar has no working time left in reach.
        """
        if self.weekly_seconds() == 0 and not self.extra_working:
            return frame.with_columns(pl.lit(None, pl.Datetime("us", self.timezone)).alias(out))
        span = span or self.deadline_span(frame, (start,), self.days_of(seconds))
        starts, ends, before = self.intervals(*span)
        if starts.len() == 0:
            return frame.with_columns(pl.lit(None, pl.Datetime("us", self.timezone)).alias(out))
        after = before + (ends - starts)
        goal = pl.col("_cal_w") + seconds
        index = pl.lit(after).search_sorted(goal, side="left").cast(pl.Int64)
        inside = index < after.len()
        at = index.clip(0, after.len() - 1)
        epoch = pl.lit(starts).gather(at) + (goal - pl.lit(before).gather(at))
        return (
            frame.with_columns(self._index(start, span).alias("_cal_k0"))
            .with_columns(self._worked(start, "_cal_k0", span).alias("_cal_w"))
            .with_columns(pl.when(pl.col(start).is_not_null() & inside)
                          .then(self._instant_expr(epoch)).alias(out))
            .drop("_cal_k0", "_cal_w")
        )

    def with_working_day_close(self, frame: pl.LazyFrame, start: str, days: int, out: str,
                               span: tuple[date, date] | None = None) -> pl.LazyFrame:
        """Add ``out``: the close of the ``days``-th working day after the day the clock starts.

        The clock starts on the day of ``start`` if that is a working day
        not yet closed; received after closing time or on a closed day, it
        starts on the next working day. "3个工作日" from Monday 10:00 is due
        at Thursday's close; from Friday 19:00, at the next Wednesday's.
        """
        span = span or self.deadline_span(frame, (start,), days)
        closes = self.day_closes(*span)
        if closes.len() == 0:
            return frame.with_columns(pl.lit(None, pl.Datetime("us", self.timezone)).alias(out))
        first_day = pl.lit(closes).search_sorted(pl.col(start).dt.epoch("s"), side="right")
        due_day = first_day.cast(pl.Int64) + days
        epoch = pl.lit(closes).gather(due_day.clip(0, closes.len() - 1))
        return frame.with_columns(
            pl.when(pl.col(start).is_not_null() & (due_day < closes.len()))
            .then(self._instant_expr(epoch)).alias(out)
        )


def calendar_seconds(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Elapsed real seconds between two instants (0 if reversed); DST-correct."""
    return pl.max_horizontal((end.dt.epoch("s") - start.dt.epoch("s")), pl.lit(0))
