"""Which engine checks an audit, and starting it (the contract: svccheck.engines.contract).

* ``memory`` reads every input into one pair of frames and runs each rule
  once over them (:mod:`svccheck.engines.memory`): the fastest for exports
  that fit in memory.
* ``stream`` spills the inputs to disk in parts and checks them part by part
  (:mod:`svccheck.engines.stream`): memory follows one part, not the audit.
* ``dask`` checks the parts on a Dask cluster (:mod:`svccheck.engines.dask`):
  beyond one machine's cores and memory.
* ``auto`` (the default) streams when the memory engine would need more
  than :data:`AUTO_MEMORY_BYTES` for the inputs (:func:`memory_needed`).

All give the same findings, summary and report (tested); the choice is
about memory and machines only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from svccheck.engines.contract import Checked, RunOptions
from svccheck.engines.memory import checked_in_memory
from svccheck.engines.stream import (
    MAX_PARTS,
    PART_BYTES,
    checked_streamed,
    parts_for,
    total_bytes,
)
from svccheck.errors import SvccheckError
from svccheck.io.database import DatabaseSource, count_rows
from svccheck.io.load import DB_ROW_BYTES
from svccheck.io.readers.inflated import inflated_size
from svccheck.standards import ActiveRule

ENGINES = ("auto", "memory", "stream", "dask")
#: ``--engine auto`` streams inputs the memory engine would need more than
#: this for: a CSV export of about 400 MB (1.7M tickets) still runs in memory,
#: twice as fast as streamed, on any machine a CI job gets.
AUTO_MEMORY_BYTES = 2 * 1024**3
#: The memory engine's peak per byte of input, by suffix (bench/RESULTS.md:
#: 1M tickets as CSV 270 MB -> 1.27 GB, as JSON Lines with messages 1.4 GB
#: -> 15.5 GB, as Parquet 19 MB -> 0.92 GB). Compressed formats hold many
#: times their size; a suffix not listed is taken as compressed.
MEMORY_PER_BYTE: dict[str, int] = {
    ".csv": 5, ".tsv": 5, ".txt": 5, ".jsonl": 11, ".ndjson": 11, ".json": 11,
    ".parquet": 50, ".pq": 50, ".xlsx": 50, ".xlsm": 50,
}
_COMPRESSED = 50
#: How many times a gzipped export is taken to inflate when it cannot be
#: counted (not a readable gzip file: the reader will say so). A readable one
#: is inflated and counted (:func:`input_bytes`).
GZIP_RATIO = 8
#: Counting a ``.gz`` stops past this: more parts than the stream engine makes.
_COUNT_LIMIT = PART_BYTES * MAX_PARTS


def choose(engine: str, paths: Sequence[Path], needed: int | None = None) -> str:
    """``auto`` resolved by the memory the inputs would need; anything else as given.

    ``needed`` is :func:`memory_needed` when the caller has it already.
    """
    if engine not in ENGINES:
        raise SvccheckError(f"--engine {engine!r}: must be one of {', '.join(ENGINES)}")
    if engine == "auto":
        needed = memory_needed(paths) if needed is None else needed
        return "stream" if needed > AUTO_MEMORY_BYTES else "memory"
    return engine


def memory_needed(paths: Sequence[Path], database_bytes: int = 0) -> int:
    """About the memory engine's peak for the inputs: each file's size times its format's factor.

    By size alone a 19 MB Parquet dump of a million tickets (0.9 GB in
    memory) would look smaller than a 100k-ticket CSV export. Database
    inputs (``database_bytes``, :func:`_database_bytes`) count as a CSV export.
    """
    needed = database_bytes * MEMORY_PER_BYTE[".csv"]
    for path in paths:
        suffix = Path(path.name.lower().removesuffix(".gz")).suffix
        needed += input_bytes(path) * MEMORY_PER_BYTE.get(suffix, _COMPRESSED)
    return needed


def input_bytes(path: Path) -> int:
    """The bytes a reader reads from ``path``: a ``.gz`` inflated, counted.

    The ratio a gzipped export compresses by varies too much to be guessed
    (:mod:`svccheck.io.readers.inflated`); only a file that is no readable
    gzip falls back to :data:`GZIP_RATIO` times its size.
    """
    size = total_bytes([path])
    if not path.name.lower().endswith(".gz"):
        return size
    inflated = inflated_size(path, _COUNT_LIMIT)
    return inflated if inflated is not None else size * GZIP_RATIO


def _database_bytes(source: DatabaseSource) -> int:
    """A database input's size, taken as its rows (tickets and events) at ``DB_ROW_BYTES``."""
    rows = count_rows(source, source.ticket_sql())
    events = source.event_sql()
    if events is not None:
        rows += count_rows(source, events, events=True)
    return rows * DB_ROW_BYTES


@contextmanager
def checked(engine: str, paths: Sequence[Path], active: Sequence[ActiveRule], *,
            timezone: str, run_options: RunOptions, parts: int | None = None, jobs: int = 1,
            workdir: Path | None = None, scheduler: str | None = None,
            **load: Any) -> Iterator[Checked]:
    """Read the inputs and run the rules with ``engine``; clean up on leaving.

    ``load`` are :func:`svccheck.io.load.iter_pieces`' options (readers,
    profiles, events files, progress ...). ``scheduler`` is the Dask
    scheduler's address, for ``dask`` only.
    """
    o = run_options
    databases = load.get("databases", ())

    @cache
    def database_bytes() -> int:
        """One ``COUNT(*)`` per table, for ``auto`` and the stream engine's parts alike."""
        return sum(_database_bytes(d) for d in databases)

    asked = engine
    # once: "auto" measures the inputs, events files and database tables included
    needed = (memory_needed([*paths, *load.get("event_paths", ())], database_bytes())
              if engine == "auto" else 0)
    engine = choose(engine, paths, needed)
    if o.on_engine is not None:
        o.on_engine(engine, asked, needed)
    if engine == "dask":
        # imported here: dask is an optional extra
        from svccheck.engines.dask import checked_on_cluster

        with checked_on_cluster(scheduler, paths, active, timezone=timezone,
                                run_options=o, parts=parts, **load) as done:
            yield done
        return
    if scheduler is not None:
        raise SvccheckError("--scheduler: only with --engine dask")
    if engine == "memory":
        with checked_in_memory(paths, active, timezone=timezone, run_options=o,
                               **load) as done:
            yield done
        return
    count = parts if parts is not None else parts_for(
        sum(input_bytes(p) for p in paths) + database_bytes())
    with checked_streamed(paths, active, timezone=timezone, run_options=o, parts=count,
                          jobs=jobs, workdir=workdir, **load) as done:
        yield done
