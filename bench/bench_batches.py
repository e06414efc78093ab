"""Peak memory and time of reading an export in batches, against reading it whole.

Issue "scale": memory must not grow with the file. Each measurement runs
in a fresh process (the child's own peak RSS comes from ``os.wait4``) over
the same seeded export from bench/generate.py:

* ``polars``  -- ``pl.read_csv(path, infer_schema=False)``: the reference time;
* ``whole``   -- ``read_file``: what svccheck does today;
* ``batches`` -- ``iter_batches``, each batch dropped once read;
* ``whole+map`` / ``batches+map`` -- the same, mapped to the canonical model
  with the export's profile (``map_tickets`` / ``MappedFile``).

Reported as ratios measured in one run: peak RSS batches/whole, and time
against polars' plain read. Times are the median of ``--repeat`` runs.

    python bench/bench_batches.py --tickets 1000000
    python bench/bench_batches.py --tickets 1000000 --encoding gb18030
    python bench/bench_batches.py --tickets 200000 --format jsonl

JSON Lines exports are mapped with the ``generic`` profile, CSV ones with
``cn-response-record``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ("polars", "whole", "batches", "whole+map", "batches+map")


def child(mode: str, path: Path, batch_bytes: int) -> None:
    """Run one mode and print its seconds (the parent reads the peak RSS)."""
    import polars as pl

    from svccheck.io.base import ReadOptions
    from svccheck.io.mapped_batches import MappedFile
    from svccheck.io.profiles import SHIPPED_DIR, load_profile, map_tickets
    from svccheck.io.readers import BUILTIN_READERS, read_file
    from svccheck.io.readers.batches import iter_batches

    jsonl = path.suffix == ".jsonl"
    profile = load_profile(SHIPPED_DIR / ("generic.yaml" if jsonl else "cn-response-record.yaml"))
    options = ReadOptions()
    rows = 0
    start = time.perf_counter()
    if mode == "polars":
        rows = pl.read_csv(path, infer_schema=False).height
    elif mode == "whole":
        rows = read_file(path, BUILTIN_READERS, options).tickets.height
    elif mode == "batches":
        for raw in iter_batches(path, BUILTIN_READERS, options, batch_bytes=batch_bytes):
            rows += raw.tickets.height
    elif mode == "whole+map":
        rows = map_tickets(read_file(path, BUILTIN_READERS, options), profile,
                           "Asia/Shanghai").tickets.height
    elif mode == "batches+map":
        for batch in MappedFile(path, BUILTIN_READERS, options, profile, "Asia/Shanghai",
                                batch_bytes=batch_bytes):
            rows += batch.tickets.height
    print(f"{time.perf_counter() - start:.4f} {rows}")


def measure(mode: str, path: Path, batch_bytes: int) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, rows) of one mode in a fresh process."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(path), "--batch-bytes", str(batch_bytes)],
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    out = process.stdout.read().decode().split()
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, f"{mode} failed"
    return float(out[0]), usage.ru_maxrss, int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8-sig", choices=["utf-8", "utf-8-sig",
                                                                    "gb18030"])
    parser.add_argument("--format", default="csv", choices=["csv", "jsonl"])
    parser.add_argument("--batch-bytes", type=int, default=8 << 20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.batch_bytes)
        return
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 30)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, "
          f"Python {platform.python_version()}, {platform.system()}")
    print(f"command: python bench/bench_batches.py --tickets {args.tickets} --format "
          f"{args.format} --encoding {args.encoding} --batch-bytes {args.batch_bytes} "
          f"--repeat {args.repeat}")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"tickets.{args.format}"
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")),
                        "--tickets", str(args.tickets), "--seed", "1", "--encoding",
                        args.encoding, "--format", args.format, "--out", str(path),
                        "--quiet"], check=True)
        print(f"input: {args.tickets:,} tickets, {path.stat().st_size:,} bytes")
        results: dict[str, tuple[float, int]] = {}
        for mode in MODES:
            if mode == "polars" and (args.encoding == "gb18030" or args.format == "jsonl"):
                continue  # polars reads UTF-8 only, and JSON Lines has no CSV reference
            runs = [measure(mode, path, args.batch_bytes) for _ in range(args.repeat)]
            assert len({rows for _, _, rows in runs}) == 1
            results[mode] = (statistics.median(t for t, _, _ in runs),
                             max(kib for _, kib, _ in runs))
        reference = results.get("polars", results["whole"])[0]
        name = "polars" if "polars" in results else "whole"
        print(f"{'mode':<14}{'seconds':>9}{'peak MiB':>10}{'time / ' + name:>16}")
        for mode, (seconds, kib) in results.items():
            print(f"{mode:<14}{seconds:>9.2f}{kib / 1024:>10.0f}{seconds / reference:>16.2f}")
        for plain in ("", "+map"):
            whole, batched = results["whole" + plain], results["batches" + plain]
            print(f"peak RSS batches{plain}/whole{plain}: {batched[1] / whole[1]:.2f}; "
                  f"time batches{plain}/whole{plain}: {batched[0] / whole[0]:.2f}")


if __name__ == "__main__":
    main()
