"""Which engine checks an audit, and starting it (the contract: svccheck.engine_contract).

* ``memory`` reads every input into one pair of frames and runs each rule
  once over them: the fastest for exports that fit in memory.
* ``stream`` spills the inputs to disk in parts and checks them part by part
  (:mod:`svccheck.streaming`): memory follows one part, not the audit.
* ``dask`` checks the parts on a Dask cluster (:mod:`svccheck.dask_engine`):
  beyond one machine's cores and memory.
* ``auto`` (the default) streams when the memory engine would need more
  than :data:`AUTO_MEMORY_BYTES` for the inputs (:func:`memory_needed`).

All give the same findings, summary and report (tested); the choice is
about memory and machines only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from svccheck.engine import RunResult, run
from svccheck.engine_contract import Checked, RunOptions
from svccheck.errors import SvccheckError
from svccheck.io.database import DatabaseSource, count_rows
from svccheck.io.load import DB_ROW_BYTES, iter_pieces, load_audit
from svccheck.io.readers.batches import BATCH_BYTES
from svccheck.io.readers.inflated import inflated_size
from svccheck.partitioned import make_plan, needs_customers
from svccheck.standards import ActiveRule
from svccheck.streaming import (
    MAX_PARTS,
    PART_BYTES,
    parts_for,
    run_spilled,
    spilled,
    total_bytes,
)

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
        from svccheck.dask_engine import checked_on_cluster

        with checked_on_cluster(scheduler, paths, active, timezone=timezone,
                                run_options=o, parts=parts, **load) as done:
            yield done
        return
    if scheduler is not None:
        raise SvccheckError("--scheduler: only with --engine dask")
    if engine == "memory":
        audit = load_audit(paths, timezone=timezone, **load)

        def rerun(rules: list[ActiveRule]) -> RunResult:
            return run(audit, rules, lang=o.lang, as_of=o.as_of, calendar=o.calendar,
                       keep_going=True)

        result = run(audit, active, lang=o.lang, as_of=o.as_of, calendar=o.calendar,
                     on_rule=o.on_rule, keep_going=o.keep_going)
        yield Checked(result=result, inputs=audit.inputs, problems=audit.problems,
                      tickets=audit.tickets, rerun=rerun, every_ticket=audit.tickets.lazy)
        return
    count = parts if parts is not None else parts_for(
        sum(input_bytes(p) for p in paths) + database_bytes())
    pieces = iter_pieces(paths, timezone=timezone, batch_bytes=BATCH_BYTES, **load)
    with spilled(pieces, parts=count, by_customer=needs_customers(active),
                 timezone=timezone, workdir=workdir) as data:
        has_events = data.event_schema is not None and any(
            i.events for i in data.inputs)
        event_columns = (frozenset(data.event_schema) if data.event_schema is not None
                         else frozenset())

        def run_rules(rules: Sequence[ActiveRule], keep_going: bool,
                      on_rule: Callable[[str], None] | None = None,
                      on_part: Callable[[int, int], None] | None = None) -> RunResult:
            plan = make_plan(rules, columns=data.columns, event_columns=event_columns,
                             has_events=has_events, lang=o.lang, as_of=o.as_of,
                             timezone=timezone, calendar=o.calendar, keep_going=keep_going)
            return run_spilled(data, plan, jobs=jobs, on_part=on_part, on_rule=on_rule)

        result = run_rules(active, o.keep_going, o.on_rule, o.on_part)
        yield Checked(result=result, inputs=data.inputs, problems=data.problems,
                      tickets=data.tickets(),
                      rerun=lambda rules: run_rules(rules, keep_going=True),
                      every_ticket=data.tickets)

