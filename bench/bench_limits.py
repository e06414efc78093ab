"""Peak memory of refusing hostile inputs, against refusing a tiny one.

Issue "hardening", resource limits: a 2 GB single line or a Parquet
decompression bomb must fail with exit 2 in bounded memory. Each case runs
``svccheck check`` as a fresh process on a huge input and on a tiny input
refused by the same guard (the reference: interpreter, imports and the
refusal itself); the child's own peak RSS comes from ``os.wait4``. The ratio
huge/tiny is the claim -- near 1.0 means the input's size did not matter.

    python bench/bench_limits.py --gib 2
    python bench/bench_limits.py --gib 2 --overhead-tickets 1000000

The long-line inputs are sparse files (NUL bytes, no newline) so they cost
no disk, and the same bytes gzipped; the guard refuses them before any
decoding, like any other line.
The Parquet bomb is one integer repeated ``--bomb-values`` times (a few
hundred kilobytes of zstd).

``--overhead-tickets N`` also prices the line guard on an ordinary export
(bench/generate.py, seeded): the median time of streaming the file through
the guard against the median time of ``Path.read_bytes`` on the same file,
which every CSV read does anyway (both warm in the page cache).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path


def peak(path: Path) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak RSS in KiB, stderr) of ``svccheck check path``."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "svccheck", "check", str(path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss, err


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


def gzipped(path: Path, size: int) -> Path:
    """``size`` NUL bytes gzipped, compressed chunk by chunk (a few MB on disk)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    with path.open("wb") as stream:
        for _ in range(size >> 20):
            stream.write(packer.compress(chunk))
        stream.write(packer.flush())
    return path


def parquet(path: Path, values: int) -> Path:
    import polars as pl

    pl.select(id=pl.repeat(0, values, dtype=pl.Int64)).write_parquet(path, compression="zstd")
    return path


def overhead(folder: Path, tickets: int, repeat: int = 5) -> None:
    import statistics

    from svccheck.io.base import DEFAULT_MAX_CELL_BYTES
    from svccheck.io.readers import _scan_lines
    from svccheck.io.readers.limits import LineGuard, max_record_bytes

    path = folder / "tickets.csv"
    subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--tickets",
                    str(tickets), "--seed", "1", "--out", str(path), "--quiet"], check=True)
    reads, scans = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        path.read_bytes()
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        _scan_lines(path, LineGuard(max_record_bytes(DEFAULT_MAX_CELL_BYTES)))
        scans.append(time.perf_counter() - start)
    read, scan = statistics.median(reads), statistics.median(scans)
    print(f"line guard on {tickets:,} tickets ({path.stat().st_size:,} bytes), "
          f"median of {repeat}: read_bytes {read:.3f}s, guard {scan:.3f}s, "
          f"ratio guard/read {scan / read:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=2.0, help="size of the long-line files")
    parser.add_argument("--bomb-values", type=int, default=1_000_000_000)
    parser.add_argument("--overhead-tickets", type=int, default=0)
    args = parser.parse_args()
    huge = int(args.gib * (1 << 30))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()}")
    print(f"command: python bench/bench_limits.py --gib {args.gib:g} "
          f"--bomb-values {args.bomb_values} --overhead-tickets {args.overhead_tickets}")
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        cases = [
            ("CSV, one line", sparse(folder / "tiny.csv", 65 << 20),
             sparse(folder / "huge.csv", huge)),
            ("JSON Lines, one line", sparse(folder / "tiny.jsonl", 65 << 20),
             sparse(folder / "huge.jsonl", huge)),
            ("CSV .gz, one line", gzipped(folder / "tiny.csv.gz", 65 << 20),
             gzipped(folder / "huge.csv.gz", huge)),
            ("Parquet bomb", parquet(folder / "tiny.parquet", 70_000_000),
             parquet(folder / "huge.parquet", args.bomb_values)),
        ]
        print(f"{'case':<22}{'input':>16}{'exit':>6}{'seconds':>9}{'peak MiB':>10}"
              f"{'ref MiB':>9}{'ratio':>7}")
        for name, tiny, big in cases:
            ref_code, _, ref_kib, ref_err = peak(tiny)
            code, seconds, kib, err = peak(big)
            assert ref_code == 2 and code == 2, (ref_err, err)
            print(f"{name:<22}{big.stat().st_size:>16,}{code:>6}{seconds:>9.2f}"
                  f"{kib / 1024:>10.0f}{ref_kib / 1024:>9.0f}{kib / ref_kib:>7.2f}")
            print(f"  {err.strip()}")
        if args.overhead_tickets:
            overhead(folder, args.overhead_tickets)


if __name__ == "__main__":
    main()
