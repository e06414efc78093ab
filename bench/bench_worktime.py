"""Benchmark: working time between two timestamp columns, vs polars parsing them.

The business-calendar computation must be columnar: for a million ticket
pairs it should cost no more than polars parsing the same two timestamp
columns from strings. Three measures, each against that reference:

* working time between the two columns (the clock every working-hours
  target reads);
* a target in working days (``{working_days: 3}``): the close of the third
  working day after the day each clock starts, the working time up to that
  deadline and the elapsed working time -- what a rule computes per target;
* the same with pauses: a third of the tickets wait on the customer once
  (a ``pending`` status event and the next status event), and the paused
  working time inside each span is subtracted. This one reads the status
  events' times too, so its reference parses them as well: the two ticket
  columns and the events' time column (its ratio to the two columns alone
  is printed beside it).

All are measured in one process, alternately: each repeat times the
reference and then each measure, and the median of the per-repeat ratios
is reported (a shared machine's load drifts over a run; a measure and the
reference timed back to back share it).

    python bench/bench_worktime.py --pairs 1000000 --repeat 7
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import datetime, timedelta

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import RuleContext
from svccheck.rules.pauses import with_paused
from svccheck.rules.resolution import resolution_due
from svccheck.rules.timing import with_target

TZ = "Asia/Shanghai"
CONFIG = {
    "timezone": TZ,
    "working_hours": {
        d: ["09:00-12:00", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")
    },
    "holidays": "CN",
}
FORMAT = "%Y-%m-%d %H:%M:%S"
TARGET = {"working_days": 3}


def make_pairs(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Creation times over 2025, replies 0-72 hours later, as strings; and for a third of
    the tickets a wait on the customer (two status events) inside that span."""
    rng = random.Random(seed)
    base = datetime(2025, 1, 1)
    created, replied = [], []
    ticket, at, text = [], [], []
    for i in range(n):
        start = base + timedelta(seconds=rng.randrange(365 * 86400))
        span = rng.randrange(72 * 3600)
        created.append(start.strftime(FORMAT))
        replied.append((start + timedelta(seconds=span)).strftime(FORMAT))
        if i % 3 == 0 and span > 2:
            wait = start + timedelta(seconds=rng.randrange(span // 2))
            back = wait + timedelta(seconds=rng.randrange(span // 2))
            ticket += [f"T{i}", f"T{i}"]
            at += [wait.strftime(FORMAT), back.strftime(FORMAT)]
            text += ["pending", "open"]
    pairs = pl.DataFrame({TICKET: [f"T{i}" for i in range(n)], "created": created,
                          "replied": replied})
    events = pl.DataFrame({TICKET: ticket, "at": at, "kind": ["status"] * len(at),
                           "text": text})
    return pairs, events


def _times(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(c).str.strptime(pl.Datetime("us"), FORMAT).dt.replace_time_zone(TZ)
        for c in columns
    )


def parse(strings: pl.DataFrame) -> pl.DataFrame:
    """The reference: polars parsing both columns into zoned datetimes."""
    return _times(strings, ("created", "replied")).select("created", "replied")


def parse_all(data: tuple[pl.DataFrame, pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference for pauses: the two ticket columns and the status events' times."""
    strings, events = data
    return parse(strings), _times(events, ("at",))


def working(parsed: pl.DataFrame) -> pl.DataFrame:
    """What svccheck does: working seconds on the CN business calendar."""
    calendar = BusinessCalendar.from_config(CONFIG)
    return calendar.with_working_seconds(parsed.lazy(), "created", "replied", "w").collect()


def context(events: pl.DataFrame | None) -> RuleContext:
    """A rule's context over the bench's events, on the bench's calendar."""
    columns = frozenset(events.columns) if events is not None else frozenset()
    return RuleContext(
        rule=resolution_due, tickets=pl.LazyFrame(), columns=frozenset(),
        events=events.lazy() if events is not None else None, event_columns=columns,
        params={}, lang="en", as_of=datetime(2026, 1, 1), timezone=TZ,
        calendar=BusinessCalendar.from_config(CONFIG))


def working_days(parsed: pl.DataFrame) -> pl.DataFrame:
    """A 3-working-day target: deadline, limit and elapsed working time."""
    frame = with_target(context(None), parsed.lazy(), "created", "replied", TARGET, "_t")
    return frame.select("_t_due", "_t_limit", "_t_elapsed").collect()


def paused(data: tuple[pl.DataFrame, pl.DataFrame]) -> pl.DataFrame:
    """The working-day target, net of the working time spent waiting on the customer."""
    parsed, events = data
    ctx = context(events)
    frame = with_target(ctx, parsed.lazy(), "created", "replied", TARGET, "_t")
    frame = with_paused(ctx, frame, "created", "replied", "working", "_paused")
    return frame.select((pl.col("_t_elapsed") - pl.col("_paused")).alias("_net"),
                        "_t_limit").collect()


def timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    strings, raw_events = make_pairs(args.pairs, args.seed)
    parsed = parse(strings).with_columns(strings[TICKET], pl.lit(0).alias(ROW),
                                         pl.lit("bench").alias(SOURCE))
    events = _times(raw_events, ("at",))
    measures = (("working time (svccheck)", working, parsed),
                ("3 working days target", working_days, parsed),
                ("... net of pauses", paused, (parsed, events)))
    for _, fn, arg in measures:
        fn(arg)  # warm-up (also builds the holiday data once)
    ref: list[float] = []
    ref_all: list[float] = []
    ours: dict[str, list[float]] = {label: [] for label, _, _ in measures}
    for _ in range(args.repeat):
        ref.append(timed(parse, strings))
        ref_all.append(timed(parse_all, (strings, raw_events)))
        for label, fn, arg in measures:
            ours[label].append(timed(fn, arg))
    print(f"pairs={args.pairs} repeat={args.repeat} polars={pl.__version__} "
          f"paused tickets={raw_events.height // 2} status events={raw_events.height}")
    rows = (("parse two columns (reference)", ref), ("... and the events' times", ref_all),
            *ours.items())
    for label, values in rows:
        print(f"{label + ':':31}median {statistics.median(values):.3f}s  "
              f"min {min(values):.3f}s  max {max(values):.3f}s")
    def ratio(values: list[float], against: list[float]) -> float:
        return statistics.median(v / a for v, a in zip(values, against, strict=True))

    *plain, (pause_label, pauses) = ours.items()
    for label, values in plain:
        print(f"ratio {label} / parse: {ratio(values, ref):.2f}")
    print(f"ratio {pause_label} / parse with the events' times: "
          f"{ratio(pauses, ref_all):.2f} (/ two columns: {ratio(pauses, ref):.2f})")


if __name__ == "__main__":
    main()
