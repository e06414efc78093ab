"""The dask engine: the stream engine's parts, checked on a Dask cluster.

One machine runs out of cores (and, for customer-wide rules, memory) long
before a large contact centre runs out of tickets. Here the audit is split
exactly as :mod:`svccheck.engines.stream` splits it -- by a hash of the ticket
(or customer) key, :mod:`svccheck.engines.partition` -- but the steps run as
Dask tasks on the cluster's workers (:mod:`svccheck.engines.dask_tasks`);
this module is the client's side: connecting, wiring the tasks, combining.

1. **map**, one task per input file: the worker reads and maps the file
   (:func:`~svccheck.engines.dask_tasks.map_input`) and places its rows into buckets,
   one per part. Only small metadata (summary, schemas, unreadable rows)
   goes to the client; the buckets stay on the worker.
2. **shuffle and assemble**, one task per part: the part's buckets of every
   map are pulled worker to worker, stacked in input order and aligned to
   the audit's schema. The assembled parts stay on the cluster until the run
   is over (the history's KPI probes and the report's context read them).
3. **check**, one task per part: :func:`~svccheck.engines.in_parts.run_part`.
4. **combine**, on the client: findings merged, KPI partials merged, and
   whole-audit (``all``) rules run over the tickets gathered from the parts.

Events from separate ``--events`` files follow their ticket: when parts hold
whole customers, each events map receives the ticket maps' ticket-to-part
lists (ticket ids and part numbers only), as the stream engine keeps them.

The cluster's workers read the input files themselves: the paths must be
the same on every machine (shared storage). Dask is an optional extra,
imported only when this engine runs.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from svccheck.engines.contract import Checked, RunOptions, RunResult
from svccheck.engines.dask_tasks import (
    MapMeta,
    assemble,
    bucket,
    check_part,
    columns_of,
    context_rows,
    map_input,
    survey_inputs,
)
from svccheck.engines.in_parts import Plan, RulesOverParts, combine
from svccheck.engines.partition import merge_schema, needs_customers
from svccheck.errors import SvccheckError
from svccheck.io.base import ROW, SOURCE
from svccheck.io.inputs import expand_inputs
from svccheck.io.load import PROBLEM_SCHEMA, count_duplicates
from svccheck.standards import ActiveRule

if TYPE_CHECKING:
    from distributed import Client, Future

#: Seconds to wait for the scheduler to answer, then for a first worker.
CONNECT_TIMEOUT = 10.0
WORKERS_TIMEOUT = 30.0
#: Parts per worker when ``--parts`` is not given: a part per core keeps every
#: worker busy, a second one evens out parts of unequal size.
PARTS_PER_WORKER = 2
INSTALL = "pip install 'svccheck[dask]'"


def connect(address: str | None) -> Client:
    """A client of the scheduler at ``address``, with at least one worker."""
    if not address:
        raise SvccheckError("--engine dask: give the cluster's scheduler, "
                            "e.g. --scheduler tcp://10.0.0.5:8786")
    try:
        from distributed import Client
    except ImportError:
        raise SvccheckError(f"--engine dask needs Dask's distributed scheduler: {INSTALL}"
                            ) from None
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    try:  # before the client exists: one built on a bad address hangs on closing
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise SvccheckError(f"--scheduler {address}: not a scheduler address like "
                            f"tcp://10.0.0.5:8786 ({exc})") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SvccheckError(f"--scheduler {address}: cannot reach the Dask scheduler within "
                            f"{CONNECT_TIMEOUT:g} s ({reason})") from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except (OSError, TimeoutError):
        client.close()
        raise SvccheckError(f"--scheduler {address}: the scheduler has no worker after "
                            f"{WORKERS_TIMEOUT:g} s (start one with: dask worker {address})"
                            ) from None
    return client


def _versions() -> dict[str, str]:
    """What must be the same on the client and every worker: the part hash is polars'."""
    found = {}
    for name in ("svccheck", "polars"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def check_versions(client: Client) -> None:
    """Refuse a cluster whose workers would place or check rows differently."""
    ours = _versions()
    try:
        found = client.run(_versions)
    except Exception as exc:  # e.g. a worker without svccheck cannot unpickle the call
        raise SvccheckError(f"--scheduler: a worker cannot run svccheck ({type(exc).__name__}); "
                            "install the same svccheck, plugins and polars everywhere") from None
    for worker, theirs in sorted(found.items()):
        for name, wanted in ours.items():
            if theirs.get(name) != wanted:
                raise SvccheckError(
                    f"--scheduler: worker {worker} has {name} {theirs.get(name)}, this machine "
                    f"{wanted}; install the same svccheck, plugins and polars everywhere")


def _ship(value: Any) -> bytes:
    """Pickled by value where needed: rules and readers of a plugins directory are
    modules the workers cannot import, so their code travels with the task."""
    import sys

    import cloudpickle

    for name, module in list(sys.modules.items()):
        if name.startswith("svccheck_local_plugins.") and module is not None:
            try:
                cloudpickle.register_pickle_by_value(module)
            except ValueError:
                continue
    return cloudpickle.dumps(value)


class ClusterAudit:
    """An audit placed in parts on a cluster; checks it with any rules, as often as asked."""

    def __init__(self, client: Client, paths: Sequence[Path], *, by_customer: bool,
                 parts: int, timezone: str, progress: Callable[[Path, int | None], None] | None,
                 event_paths: Sequence[Path], **load: Any) -> None:
        self.client = client
        self.parts = parts
        self.timezone = timezone
        files = expand_inputs(paths, load["readers"])
        # a helpdesk export's files are told apart and linked once, on a worker
        # (which sees the files), and every map is given the links
        links = client.submit(survey_inputs, _ship(load), files, list(event_paths),
                              pure=False).result()
        blob = _ship({"timezone": timezone, **load, "links": links})
        metas: list[MapMeta] = []
        outputs: list[Future] = []

        def mapped(files: Sequence[Path], **kwargs: Any) -> None:
            futures = [client.submit(map_input, blob, path, by_customer=by_customer,
                                     parts=parts, pure=False, **kwargs) for path in files]
            meta_futures = [client.submit(operator.attrgetter("meta"), f) for f in futures]
            for path, meta_future in zip(files, meta_futures, strict=True):
                if progress is not None:
                    progress(path, None)
                meta = meta_future.result()
                if progress is not None:
                    progress(path, meta.summary.rows)
                metas.append(meta)
            outputs.extend(futures)

        kinds = links.kinds if links is not None else {}
        ticket_files = [f for f in files if kinds.get(str(f), "tickets") == "tickets"]
        mapped(ticket_files, events_file=False, profile=None, known=None)
        # comments, users and metrics files after the tickets, which their events follow
        others = [f for f in files if kinds.get(str(f), "tickets") != "tickets"]
        if others:
            known = [client.submit(operator.attrgetter("owners"), out)
                     for out, meta in zip(outputs, metas, strict=True) if meta.has_owners]
            mapped(others, events_file=False, profile=None, known=known or None)
        if event_paths:
            known = [client.submit(operator.attrgetter("owners"), out)
                     for out, meta in zip(outputs, metas, strict=True) if meta.has_owners]
            profile = metas[0].summary.profile if metas else None
            mapped(event_paths, events_file=True, profile=profile, known=known or None)
        self.inputs = [m.summary for m in metas]
        problems = [m.problems for m in metas]
        self.problems = pl.concat(problems) if problems else pl.DataFrame(schema=PROBLEM_SCHEMA)
        ticket_schema: pl.Schema | None = None
        event_schema: pl.Schema | None = None
        for meta in metas:
            if meta.ticket_schema is not None:
                ticket_schema = merge_schema(ticket_schema, pl.DataFrame(
                    schema=meta.ticket_schema))
            if meta.event_schema is not None:
                event_schema = merge_schema(event_schema, pl.DataFrame(schema=meta.event_schema))
        self.ticket_schema = ticket_schema if ticket_schema is not None else pl.Schema()
        self.event_schema = event_schema
        # the shuffle: each part pulls its buckets from every map, in input order
        self._parts: list[Future] = []
        for index in range(parts):
            tickets = [client.submit(bucket, out, "t", index)
                       for out, meta in zip(outputs, metas, strict=True)
                       if index in meta.ticket_parts]
            events = [client.submit(bucket, out, "e", index)
                      for out, meta in zip(outputs, metas, strict=True)
                      if index in meta.event_parts]
            if tickets or events:  # as the streaming engine, no empty part is checked
                self._parts.append(client.submit(assemble, tickets, events,
                                                 self.ticket_schema, self.event_schema))
        for future in self._parts:  # a part that failed fails the run, with its error
            if future.exception() is not None:
                future.result()
        dropped = client.gather([client.submit(operator.attrgetter("dropped"), part)
                                 for part in self._parts])
        for counts in dropped:
            count_duplicates(self.inputs, counts)
        # the assembled parts hold every row: the map outputs can go
        outputs.clear()
        self._problems = client.scatter(self.problems, broadcast=True)

    @property
    def columns(self) -> frozenset[str]:
        return frozenset(c for c in self.ticket_schema if not c.startswith("_"))

    @property
    def has_events(self) -> bool:
        return self.event_schema is not None and any(i.events for i in self.inputs)

    def run(self, plan: Plan, *, on_part: Callable[[int, int], None] | None = None,
            on_rule: Callable[[str], None] | None = None) -> RunResult:
        """Check every part on the cluster, then combine on the client."""
        from distributed import as_completed

        blob = _ship(plan)
        futures = [self.client.submit(check_part, blob, part, self._problems, pure=False)
                   for part in self._parts]
        for done, _ in enumerate(as_completed(futures, loop=self.client.loop), 1):
            if on_part is not None:
                on_part(done, len(futures))
        results = self.client.gather(futures)  # in part order, as the streaming engine
        return combine(plan, results, tickets=lambda: self._scan("t", self.ticket_schema),
                       events=self._events, problems=self.problems, on_rule=on_rule)

    def _events(self) -> pl.LazyFrame | None:
        if self.event_schema is None:
            return None
        return self._scan("e", self.event_schema)

    def _scan(self, kind: str, schema: pl.Schema) -> pl.LazyFrame:
        """Every part's rows as one lazy frame: gathered to the client only when read,
        and only the columns the query uses."""
        from polars.io.plugins import register_io_source

        def source(names: list[str] | None, predicate: pl.Expr | None, n_rows: int | None,
                   batch_size: int | None) -> Iterator[pl.DataFrame]:
            futures = [self.client.submit(columns_of, part, kind, names, n_rows)
                       for part in self._parts]
            left = n_rows
            for future in futures:
                frame = future.result()
                if predicate is not None:
                    frame = frame.filter(predicate)
                if left is not None:
                    frame = frame.head(left)
                    left -= frame.height
                yield frame
                if left is not None and left <= 0:
                    break

        return register_io_source(source, schema=schema)

    def scan_tickets(self) -> pl.LazyFrame:
        """Every ticket of the audit, gathered from the workers only when read."""
        return self._scan("t", self.ticket_schema)

    def context(self, findings: pl.DataFrame) -> pl.DataFrame:
        """The report's context columns of the rows the findings point at (few rows)."""
        wanted = findings.select(pl.col("source").cast(pl.String).alias(SOURCE),
                                 pl.col("row").cast(pl.Int64).alias(ROW)).drop_nulls().unique()
        wanted = wanted.with_columns(pl.lit(True).alias("_wanted"))
        named = (findings.get_column("ticket").drop_nulls().unique().cast(pl.String)
                 if "internal_id" in self.ticket_schema else None)
        # sent to the workers once, not inside every part's task: the findings of
        # a large audit are many
        sent_wanted = self.client.scatter(wanted, broadcast=True)
        sent_named = self.client.scatter(named, broadcast=True) if named is not None else None
        futures = [self.client.submit(context_rows, part, sent_wanted, sent_named)
                   for part in self._parts]
        frames = self.client.gather(futures)
        if not frames:
            return pl.DataFrame(schema={SOURCE: pl.String, ROW: pl.Int64})
        return pl.concat(frames, how="diagonal_relaxed")


@contextmanager
def checked_on_cluster(address: str | None, paths: Sequence[Path],
                       active: Sequence[ActiveRule], *, timezone: str,
                       run_options: RunOptions, parts: int | None = None,
                       **load: Any) -> Iterator[Checked]:
    """:func:`svccheck.engines.choice.checked` on a Dask cluster."""
    if load.pop("databases", ()):
        raise SvccheckError("--engine dask reads export files; audit a database with "
                            "--engine memory or stream")
    client = connect(address)
    try:
        check_versions(client)
        workers = len(client.scheduler_info().get("workers", {}))
        count = parts if parts is not None else max(1, workers * PARTS_PER_WORKER)
        o = run_options
        audit = ClusterAudit(client, paths, by_customer=needs_customers(active), parts=count,
                             timezone=timezone, progress=load.pop("progress", None),
                             event_paths=load.pop("event_paths", ()), **load)
        runner = RulesOverParts(
            lambda plan, on_rule, on_part: audit.run(plan, on_part=on_part, on_rule=on_rule),
            columns=audit.columns, event_schema=audit.event_schema,
            has_events=audit.has_events, options=o, timezone=timezone)
        result = runner.first(active)
        yield Checked(result=result, inputs=audit.inputs, problems=audit.problems,
                      tickets=audit.context(result.findings), rerun=runner.rerun,
                      every_ticket=lambda: audit.scan_tickets())
    finally:
        client.close()
