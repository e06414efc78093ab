"""Benchmark: working time between two timestamp columns, vs polars parsing them.

The business-calendar computation must be columnar: for a million ticket
pairs it should cost no more than polars parsing the same two timestamp
columns from strings. Both are measured in one process, alternately, and
the ratio of medians is reported (machines are noisy; ratios are not).

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

TZ = "Asia/Shanghai"
CONFIG = {
    "timezone": TZ,
    "working_hours": {
        d: ["09:00-12:00", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")
    },
    "holidays": "CN",
}
FORMAT = "%Y-%m-%d %H:%M:%S"


def make_pairs(n: int, seed: int) -> pl.DataFrame:
    """Creation times over 2025, replies 0-72 hours later, as strings."""
    rng = random.Random(seed)
    base = datetime(2025, 1, 1)
    created, replied = [], []
    for _ in range(n):
        start = base + timedelta(seconds=rng.randrange(365 * 86400))
        created.append(start.strftime(FORMAT))
        replied.append((start + timedelta(seconds=rng.randrange(72 * 3600))).strftime(FORMAT))
    return pl.DataFrame({"created": created, "replied": replied})


def parse(strings: pl.DataFrame) -> pl.DataFrame:
    """The reference: polars parsing both columns into zoned datetimes."""
    return strings.select(
        pl.col(c).str.strptime(pl.Datetime("us"), FORMAT).dt.replace_time_zone(TZ)
        for c in ("created", "replied")
    )


def working(parsed: pl.DataFrame) -> pl.DataFrame:
    """What svccheck does: working seconds on the CN business calendar."""
    calendar = BusinessCalendar.from_config(CONFIG)
    return calendar.with_working_seconds(parsed.lazy(), "created", "replied", "w").collect()


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
    strings = make_pairs(args.pairs, args.seed)
    parsed = parse(strings)
    working(parsed)  # warm-up (also builds the holiday data once)
    ref, ours = [], []
    for _ in range(args.repeat):
        ref.append(timed(parse, strings))
        ours.append(timed(working, parsed))
    r, o = statistics.median(ref), statistics.median(ours)
    print(f"pairs={args.pairs} repeat={args.repeat} polars={pl.__version__}")
    rows = (("parse two columns (reference)", ref), ("working time (svccheck)", ours))
    for label, values in rows:
        print(f"{label + ':':31}median {statistics.median(values):.3f}s  "
              f"min {min(values):.3f}s  max {max(values):.3f}s")
    print(f"ratio working/parse: {o / r:.2f}")


if __name__ == "__main__":
    main()
