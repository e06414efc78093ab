"""Benchmark: the per-ticket rule API, vs a bare polars iteration over the same rows.

A plugin author's per-ticket rule is plain Python called once per ticket;
the engine's own cost around that call must stay small. Target (plugin
kit): at least 200k tickets/s for a trivial rule. The reference is the
cheapest way to see every row of the same canonical frame as a dict in
Python -- ``DataFrame.iter_rows(named=True)`` -- measured in the same process,
alternately, so the ratio of medians holds across machines.

The frame is a real audit: a generated response-record export (bench/
generate.py) read through the reader and the profile, all canonical
columns and timestamps included.

    python bench/bench_ticket_api.py --tickets 200000 --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from svccheck.engines.contract import Audit
from svccheck.engines.memory import run
from svccheck.io.base import ReadOptions
from svccheck.io.load import load_audit
from svccheck.io.profiles import load_profiles
from svccheck.plugin import finding, ticket_rule
from svccheck.plugins import load_plugins
from svccheck.standards import with_defaults

TZ = "Asia/Shanghai"
HERE = Path(__file__).parent


@ticket_rule(id="bench.trivial", title={"zh": "基准", "en": "benchmark"}, severity="info")
def trivial(ticket, events, ctx):
    """Looks at one field of every ticket; flags about one in a hundred."""
    if ticket["satisfaction"] == 1:
        yield finding(ctx, zh="满意度 1", en="satisfaction 1", field="satisfaction")


@ticket_rule(id="bench.five-fields", title={"zh": "基准", "en": "benchmark"}, severity="info")
def five_fields(ticket, events, ctx):
    """Reads five fields, two of them timestamps: a typical small rule."""
    if (ticket["status"] == "closed" and ticket["priority"] == "urgent"
            and ticket["created_at"] is not None and ticket["first_response_at"] is not None
            and not ticket["description"]):
        yield finding(ctx, zh="x", en="x")


def load(tickets: int, seed: int) -> Audit:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--tickets", str(tickets),
                        "--seed", str(seed), "--out", str(path), "--quiet"], check=True)
        registry = load_plugins(entry_points_enabled=False)
        return load_audit([path], readers=registry.readers,
                          profiles=load_profiles(registry.profile_files), profile=None,
                          timezone=TZ, options=ReadOptions())


def bare(audit: Audit) -> int:
    """The reference: every row as a dict, nothing else."""
    count = 0
    for _row in audit.tickets.iter_rows(named=True):
        count += 1
    return count


def _run(audit: Audit, rule) -> int:
    result = run(audit, [with_defaults(rule, "bench")], lang="en",
                 as_of=datetime(2025, 11, 30, 18, tzinfo=ZoneInfo(TZ)))
    return result.findings.height


def api(audit: Audit) -> int:
    """svccheck: the engine running the trivial per-ticket rule."""
    return _run(audit, trivial)


def api_five(audit: Audit) -> int:
    """svccheck: the engine running a rule that reads five fields."""
    return _run(audit, five_fields)


def timed(fn: Callable[[Audit], int], audit: Audit) -> float:
    start = time.perf_counter()
    fn(audit)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    audit = load(args.tickets, args.seed)
    n = audit.tickets.height
    print(f"tickets={n} columns={audit.tickets.width} repeat={args.repeat} "
          f"polars={pl.__version__}")
    findings = api(audit)  # warm-up, and the findings are real
    refs, apis, fives = [], [], []
    for _ in range(args.repeat):
        refs.append(timed(bare, audit))
        apis.append(timed(api, audit))
        fives.append(timed(api_five, audit))
    for label, times in (("bare iter_rows (reference)", refs),
                         ("per-ticket API, 1 field", apis),
                         ("per-ticket API, 5 fields", fives)):
        med = statistics.median(times)
        print(f"{label:28} median {med:.3f}s  min {min(times):.3f}s  max {max(times):.3f}s"
              f"  = {n / med / 1000:.0f}k tickets/s")
    print(f"findings={findings}")
    ref = statistics.median(refs)
    print(f"ratio api/bare: {statistics.median(apis) / ref:.2f} (1 field), "
          f"{statistics.median(fives) / ref:.2f} (5 fields)")


if __name__ == "__main__":
    main()
