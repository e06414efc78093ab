"""Benchmark: memory of auditing a database table, against its CSV export.

Question: does ``svccheck check sqlite:///…`` / ``postgresql://…`` stay as
lean as auditing the same rows from a CSV file, at a million tickets? The
read is streamed (Arrow batches, or ``fetchmany`` from a server-side cursor)
and only the string form of each batch is kept, so a database input should
cost what the CSV export costs -- no driver-side copy of the whole result,
no Python object per row.

For each size, ``bench/generate.py`` writes the export; it is loaded into a
SQLite file (and into PostgreSQL with ``--postgres URI``). Then each input is
audited by the real command line in a child process, and its peak resident
set size is read from the kernel (``wait4``). The CSV run is the reference
in the same run: the report gives each input's peak RSS and its ratio to the
CSV's, and how peak RSS grows from the smallest size to the largest.

    python bench/bench_database.py --rows 100000 1000000
    python bench/bench_database.py --rows 100000 1000000 --postgres "$(.ci/postgres-up)"
    python bench/bench_database.py --rows 100000 1000000 --engine stream --format jsonl \
        --postgres "$(.ci/postgres-up)"
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
AS_OF = "2025-11-30 18:00"
LOAD_BATCH = 50_000


def generate(rows: int, out: Path) -> None:
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--tickets", str(rows),
                    "--seed", "1", "--encoding", "utf-8", "--out", str(out), "--quiet"],
                   check=True)


def _csv_batches(path: Path) -> tuple[list[str], object]:
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.reader(handle)
    header = next(reader)

    def batches():
        with handle:
            batch = []
            for row in reader:
                batch.append([cell or None for cell in row])
                if len(batch) == LOAD_BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch

    return header, batches()


def load_sqlite(export: Path, db: Path) -> None:
    """The export as one table of text columns, streamed in (as a restore would)."""
    header, batches = _csv_batches(export)
    with sqlite3.connect(db) as connection:
        columns = ", ".join(f'"{h}"' for h in header)
        connection.execute(f"CREATE TABLE tickets ({columns})")
        marks = ", ".join("?" * len(header))
        for batch in batches:  # type: ignore[attr-defined]
            connection.executemany(f"INSERT INTO tickets VALUES ({marks})", batch)
    connection.close()


def load_postgres(export: Path, uri: str, table: str) -> None:
    import psycopg

    header, _ = _csv_batches(export)
    with psycopg.connect(uri, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        columns = ", ".join(f'"{h}" text' for h in header)
        connection.execute(f"CREATE TABLE {table} ({columns})")
        with connection.cursor().copy(
                f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy, \
                export.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)


def audit(args: list[str], report: Path, extra: list[str]) -> tuple[float, int, int]:
    """Run ``svccheck check ARGS``; (seconds, peak RSS in bytes, exit code).

    The report goes to a real file: ``-o`` writes atomically (a temporary file
    renamed over the target), which must never be pointed at a device.
    """
    command = [sys.executable, "-m", "svccheck", "check", *args, "--quiet", "--as-of", AS_OF,
               "-o", str(report), *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"svccheck exited {process.returncode}: {' '.join(command)}")
    return seconds, usage.ru_maxrss * 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", metavar="URI", help="also load and audit PostgreSQL")
    parser.add_argument("--workdir", type=Path, help="keep the data here (default: temporary)")
    parser.add_argument("--engine", default="memory",
                        help="svccheck's --engine for every input (default memory)")
    parser.add_argument("--format", default="json",
                        help="svccheck's report --format (default json)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="svccheck-bench-db-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"polars {pl.__version__}, --engine {args.engine} --format {args.format}")
    results: dict[str, dict[int, int]] = {}
    for rows in args.rows:
        export = workdir / f"tickets-{rows}.csv"
        if not export.exists():
            generate(rows, export)
        db = workdir / f"tickets-{rows}.db"
        if not db.exists():
            load_sqlite(export, db)
        inputs = {"csv (reference)": [str(export)],
                  "sqlite": [f"sqlite:///{db}", "--table", "tickets"]}
        if args.postgres:
            table = f"bench_tickets_{rows}"
            load_postgres(export, args.postgres, table)
            inputs["postgresql"] = [args.postgres, "--table", table]
        reference = None
        for name, argv in inputs.items():
            seconds, rss, code = audit(argv, workdir / "report.out",
                                       ["--engine", args.engine, "--format", args.format])
            results.setdefault(name, {})[rows] = rss
            reference = reference or (seconds, rss)
            print(f"rows={rows:>9,}  {name:<16} peak RSS {rss / 2**20:8.0f} MiB "
                  f"(x{rss / reference[1]:.2f} of csv)  {seconds:6.1f}s "
                  f"(x{seconds / reference[0]:.2f} of csv)  exit {code}")
    if len(args.rows) > 1:
        low, high = min(args.rows), max(args.rows)
        for name, by_rows in results.items():
            print(f"{name:<16} peak RSS x{by_rows[high] / by_rows[low]:.2f} "
                  f"for x{high / low:g} rows")


if __name__ == "__main__":
    main()
