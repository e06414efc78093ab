"""Benchmark: svccheck vs ``frictionless validate`` on the same export.

Issue "millions of tickets", target 2: on a 1M-ticket export, the full
``cn-baseline`` audit should be at least 20 times faster than frictionless
checking what a Table Schema can express of it (bench/frictionless-schema.
json: required fields, the vocabularies, the shapes of ids, masked contacts
and timestamps, the satisfaction range). Both run as whole commands,
alternately, in one run; the figure is the ratio of medians.

frictionless stops at 1,000 errors unless told otherwise, which on a real
export means it stops reading after a few thousand rows; it is given
``--limit-errors`` high enough to read the whole file, as svccheck does.

frictionless is not a dependency of svccheck; install it to run this
(``pip install frictionless``, 5.x).

    python bench/bench_frictionless.py --tickets 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_scale import AS_OF, generate, machine, summary, timed

HERE = Path(__file__).parent
SCHEMA = HERE / "frictionless-schema.json"
NO_LIMIT = "1000000000"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, help="an existing UTF-8 (with BOM) export")
    args = parser.parse_args()
    frictionless = shutil.which("frictionless")
    if frictionless is None:
        raise SystemExit("frictionless is not installed: pip install frictionless")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.data or Path(tmp) / "export.csv"
        if args.data is None:
            generate(path, args.tickets, args.seed, "csv")
        commands = {
            "frictionless validate": [
                frictionless, "validate", "--trusted", "--schema", str(SCHEMA),
                "--encoding", "utf-8-sig", "--limit-errors", NO_LIMIT, "--json", str(path),
            ],
            "svccheck cn-baseline --format json": [
                sys.executable, "-m", "svccheck", "check", str(path), "--standard",
                "cn-baseline", "--as-of", AS_OF, "--format", "json",
                "--output", str(Path(tmp) / "report.json"), "--quiet",
            ],
        }
        results = {name: ([], []) for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                elapsed, rss = timed(command)
                results[name][0].append(elapsed)
                results[name][1].append(rss)

    print(f"tickets={args.tickets} seed={args.seed} repeat={args.repeat}")
    print(f"machine: {machine()}")
    for name, (times, rss) in results.items():
        rate = args.tickets / statistics.median(times)
        print(f"{summary(name, times, rss)}  = {rate:,.0f} rows/s")
    slow = statistics.median(results["frictionless validate"][0])
    fast = statistics.median(results["svccheck cn-baseline --format json"][0])
    print(f"ratio frictionless/svccheck: {slow / fast:.1f}")


if __name__ == "__main__":
    main()
