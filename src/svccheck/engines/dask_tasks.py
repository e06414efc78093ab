"""The dask engine's tasks: what runs on the cluster's workers.

Everything here is shipped to a worker by reference (module and name), so a
worker needs the same svccheck installed
(:func:`svccheck.engines.dask.check_versions` makes sure). A task reads and
places one input (:func:`map_input`), hands over one part's bucket of a map
(:func:`bucket`), assembles a part from its buckets (:func:`assemble`),
checks a part (:func:`check_part`), or reads a part's columns for the
client (:func:`columns_of`, :func:`context_rows`).
The client side -- connecting, the shuffle's wiring, combining -- is
:mod:`svccheck.engines.dask`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.engines.contract import InputSummary
from svccheck.engines.in_parts import PartResult, run_part
from svccheck.engines.partition import PART, align, owners, place_events, place_tickets
from svccheck.errors import SvccheckError
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.io.linking import Links, survey
from svccheck.io.load import iter_pieces, one_piece
from svccheck.io.whole_tickets import settle
from svccheck.pii import redact

#: Columns the report's context reads of a finding's row (add_context), and of
#: a finding's ticket (its internal id, looked up by ticket).
CONTEXT_COLUMNS = (SOURCE, ROW, TICKET, "assignee", "channel", "_raw_channel", "created_at",
                   "internal_id")


@dataclass
class MapMeta:
    """What the client learns of one mapped input: no ticket rows."""

    summary: InputSummary
    problems: pl.DataFrame
    ticket_schema: pl.Schema | None
    event_schema: pl.Schema | None
    ticket_parts: list[int]
    event_parts: list[int]
    has_owners: bool


@dataclass
class MapOutput:
    """One input placed into parts; stays on its worker until the parts pull it."""

    meta: MapMeta
    tickets: dict[int, pl.DataFrame]
    events: dict[int, pl.DataFrame]
    owners: pl.DataFrame | None


def _masked(task: Callable[..., Any]) -> Callable[..., Any]:
    """A task whose one-line errors leave the worker masked.

    A worker logs a failed task's error before the client prints it; the
    message can quote a cell, so it is masked here, as the command line masks
    what it prints.
    """

    @functools.wraps(task)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return task(*args, **kwargs)
        except SvccheckError as exc:
            raise type(exc)(redact(str(exc))) from None

    return run


def _silent(path: Path, rows: int | None) -> None:
    """Workers show no reading progress: the client does, as maps finish."""


def _buckets(frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
    return {part: rows.drop(PART) for (part,), rows in
            frame.partition_by(PART, as_dict=True, maintain_order=True).items()}


@_masked
def map_input(load: bytes, path: Path, *, events_file: bool, profile: str | None,
              known: list[pl.DataFrame] | None, by_customer: bool, parts: int) -> MapOutput:
    """Read and map one file, and place its rows into ``parts`` buckets.

    Mirrors :func:`svccheck.engines.spill.spill` for one piece, so parts hold the
    same rows in the same order as the streaming engine's.
    """
    import cloudpickle

    options = cloudpickle.loads(load)
    if events_file:
        # events are mapped by the tickets' profile, as in one local run
        if options["profile"] is None and profile is not None:
            options["profile"] = options["profiles"].get(profile)
        pieces = iter_pieces([], event_paths=[path], progress=_silent, **options)
    else:
        pieces = iter_pieces([path], progress=_silent, **options)
    piece = one_piece(pieces)
    tickets: dict[int, pl.DataFrame] = {}
    events: dict[int, pl.DataFrame] = {}
    local = kept = None
    if piece.tickets is not None:
        placed = place_tickets(piece.tickets, by_customer=by_customer, parts=parts)
        local = owners(placed)
        if by_customer and "customer_id" in piece.tickets.columns:
            kept = local
        tickets = _buckets(placed)
    if piece.events is not None and piece.events.height:
        holders = local if local is not None else (
            pl.concat(known).unique(maintain_order=True) if known else None)
        events = _buckets(place_events(piece.events, holders, parts))
    meta = MapMeta(
        summary=piece.summary, problems=piece.problems,
        ticket_schema=piece.tickets.schema if piece.tickets is not None else None,
        event_schema=piece.events.schema if piece.events is not None else None,
        ticket_parts=sorted(tickets), event_parts=sorted(events), has_owners=kept is not None,
    )
    return MapOutput(meta=meta, tickets=tickets, events=events, owners=kept)


@_masked
def survey_inputs(load: bytes, files: list[Path], event_paths: list[Path]) -> Links | None:
    """:func:`svccheck.io.linking.survey` of the inputs, run where the files are."""
    import cloudpickle

    options = cloudpickle.loads(load)
    return survey(files, readers=options["readers"], profiles=options["profiles"],
                  profile=options["profile"], options=options["options"],
                  event_paths=event_paths)


def bucket(output: MapOutput, kind: str, part: int) -> pl.DataFrame:
    """One part's rows of one map output (a small task beside the map's data)."""
    return (output.tickets if kind == "t" else output.events)[part]


@dataclass
class Part:
    """One part of the audit, assembled from its buckets: whole tickets with their events."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    #: Ticket versions dropped per source file (svccheck.io.whole_tickets).
    dropped: dict[str, int] = field(default_factory=dict)


def assemble(tickets: list[pl.DataFrame], events: list[pl.DataFrame],
             ticket_schema: pl.Schema, event_schema: pl.Schema | None) -> Part:
    """Stack a part's buckets (input order) with the audit's columns and types.

    One block per column, as the other engines' parts (see
    :meth:`svccheck.engines.spill.Spill.part`), and settled as they are
    (:mod:`svccheck.io.whole_tickets`): a part holds its tickets whole.
    """
    part_events = None
    if event_schema is not None:
        part_events = align([e.lazy() for e in events], event_schema).collect().rechunk()
    part_tickets = align([t.lazy() for t in tickets], ticket_schema).collect().rechunk()
    part_tickets, part_events, dropped = settle(part_tickets, part_events)
    return Part(part_tickets, part_events, dropped)


@_masked
def check_part(plan: bytes, part: Part, problems: pl.DataFrame) -> PartResult:
    import cloudpickle

    return run_part(cloudpickle.loads(plan), part.tickets, part.events, problems)


def columns_of(part: Part, kind: str, names: list[str] | None,
               n_rows: int | None) -> pl.DataFrame:
    """Some columns of a part's tickets or events, for a rule that reads every ticket."""
    frame = part.tickets if kind == "t" else part.events
    assert frame is not None
    if names is not None:
        frame = frame.select(names)
    return frame.head(n_rows) if n_rows is not None else frame


def context_rows(part: Part, wanted: pl.DataFrame, named: pl.Series | None = None
                 ) -> pl.DataFrame:
    """The report's context columns of the rows (source, row) some finding points at,
    and of the tickets (``named``) some finding names."""
    tickets = part.tickets
    keep = [c for c in CONTEXT_COLUMNS if c in tickets.columns]
    if not {SOURCE, ROW} <= set(keep):
        return tickets.select(keep).head(0)
    keys = tickets.select(pl.col(SOURCE).cast(pl.String), pl.col(ROW).cast(pl.Int64))
    chosen = (keys.join(wanted, on=[SOURCE, ROW], how="left", maintain_order="left")
              .get_column("_wanted").fill_null(False))
    if named is not None and TICKET in tickets.columns:
        chosen = chosen | tickets.get_column(TICKET).cast(pl.String).is_in(named.implode())
    return tickets.select(keep).filter(chosen)
