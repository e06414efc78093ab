"""One export file read and mapped to the canonical model, batch by batch.

This is the one way a file becomes canonical rows, for every engine: a
reader yields batches (:func:`~svccheck.io.readers.batches.iter_batches`),
the profile maps each (:func:`~svccheck.io.profiles.map_tickets`), and the
engine takes the mapped batches -- the in-memory engine and the dask workers
stack them, the stream engine spills each by key. Read whole
(``batch_bytes=None``: the in-memory engine, and a dask worker reading one
file), a file is a single batch; there is no separate whole-file glue.
Mapping a batch must give the rows of the whole file's mapping, so nothing
may depend on which rows share a batch. The mapping of a cell depends on
that cell alone (timestamps are parsed cell by cell, with no format guessed
from the column; value maps are fixed by the profile; the ticket id falls
back to the row number); what does depend on the whole file is **which
column feeds which field** (:func:`~svccheck.io.profile_match.match_columns`
looks at every column, and a JSON Lines file may bring a new key in any
line). So each batch is mapped with every column seen so far (absent ones
null, in the order the whole file would have them), and a column appearing
later that would change an earlier decision -- rather than only add a field
-- is an error instead of a silently different mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, Reader, ReadOptions, RowProblem
from svccheck.io.profile_match import match_columns
from svccheck.io.profiles import Profile, event_columns, map_events, map_tickets
from svccheck.io.readers.batches import BATCH_BYTES, iter_batches
from svccheck.io.readers.json import INDEX, LIST
from svccheck.io.unmapped import Tally, add_tally

__all__ = ["BATCH_BYTES", "FileSummary", "MappedBatch", "MappedFile", "iter_mapped_events"]

#: Columns the readers put last in an events frame, in this order.
_EVENT_TAIL = (LIST, INDEX, ROW)


@dataclass
class MappedBatch:
    """Canonical tickets (and nested events) of one batch, with its rows' problems."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    problems: list[RowProblem]


@dataclass
class FileSummary:
    """What the report says about the file (``InputSummary``'s fields); final once iterated."""

    path: Path
    format: str = ""
    encoding: str | None = None
    compression: str | None = None
    profile: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    unused_columns: list[str] = field(default_factory=list)
    #: unmapped raw values of classified fields, over every batch so far
    unmapped: Tally = field(default_factory=dict)
    rows: int = 0
    events: int = 0
    batches: int = 0


class MappedFile:
    """Iterate to get :class:`MappedBatch` es; then ``summary`` describes the whole file.

    ``profile`` is a profile, or a function choosing one from the first
    batch's columns (a JSON Lines key first seen later does not take part).
    ``batch_bytes`` None reads the file whole, as one batch.
    ``name`` replaces the path in ``_source`` and the summary, as
    ``load_audit``'s ``names`` do. ``prepare`` is given each batch as read
    (a helpdesk export's links: :class:`svccheck.io.linking.Links`).
    """

    def __init__(
        self, path: Path, readers: Sequence[Reader], options: ReadOptions,
        profile: Profile | Callable[[list[str]], Profile], timezone: str, *,
        batch_bytes: int | None = BATCH_BYTES, name: str | None = None,
        input_tz: str | None = None,
        prepare: Callable[[RawInput], RawInput] | None = None,
    ) -> None:
        self.path = path
        self.readers = readers
        self.options = options
        self.choose = profile
        self.timezone = timezone
        self.batch_bytes = batch_bytes
        self.name = name
        self.input_tz = input_tz
        self.prepare = prepare
        self.summary = FileSummary(path=Path(name) if name else path)

    def __iter__(self) -> Iterator[MappedBatch]:
        ticket_columns: dict[str, None] = {}
        event_columns: dict[str, None] = {}
        fields: dict[str, str] = {}
        event_fields: dict[str, str] = {}
        profile: Profile | None = None
        summary = self.summary
        for raw in iter_batches(self.path, self.readers, self.options,
                                batch_bytes=self.batch_bytes):
            if self.prepare is not None:
                raw = self.prepare(raw)
            if profile is None:
                profile = (self.choose if isinstance(self.choose, Profile)
                           else self.choose(raw.tickets.columns))
                summary.profile = profile.id
            if self.name:
                raw.path = Path(self.name)
            ticket_columns.update(dict.fromkeys(c for c in raw.tickets.columns if c != ROW))
            raw.tickets = _widened(raw.tickets, ticket_columns, (ROW,))
            fields = _decided(self.path, fields, profile.fields, ticket_columns, raw, "field")
            if raw.events is not None:
                event_columns.update(
                    dict.fromkeys(c for c in raw.events.columns if c not in _EVENT_TAIL)
                )
                raw.events = _widened(raw.events, event_columns, _EVENT_TAIL)
                event_fields = _decided(self.path, event_fields,
                                        profile.events.get("fields", {}), event_columns, raw,
                                        "event field")
            mapped = map_tickets(raw, profile, self.timezone, self.input_tz)
            summary.fields, summary.unused_columns = mapped.fields, mapped.unused_columns
            if summary.batches:
                add_tally(summary.unmapped, mapped.unmapped)
            else:  # a file in one batch is tallied whole, as it always was read whole
                summary.unmapped = mapped.unmapped
            _tally(summary, raw, mapped.events.height if mapped.events is not None else 0)
            yield MappedBatch(tickets=mapped.tickets, events=mapped.events,
                              problems=raw.problems)


def _decided(path: Path, before: dict[str, str], aliases: dict[str, list[str]],
             columns: dict[str, None], raw: RawInput, what: str) -> dict[str, str]:
    """The columns the fields are read from now; refuse changing an earlier choice."""
    now = match_columns(aliases, list(columns))
    for name, column in before.items():
        if now.get(name) != column:
            first = raw.tickets.get_column(ROW).min() if raw.tickets.height else "?"
            raise InputError(
                f"{path}: a column first seen near row {first} changes which "
                f"column {what} {name!r} is read from, after earlier rows were read "
                "without it; this file cannot be read in batches"
            )
    return now


def iter_mapped_events(path: Path, readers: Sequence[Reader], options: ReadOptions,
                       profile: Profile, timezone: str, summary: FileSummary, *,
                       batch_bytes: int | None = BATCH_BYTES, input_tz: str | None = None,
                       prepare: Callable[[RawInput], RawInput] | None = None,
                       ) -> Iterator[tuple[pl.DataFrame, list[RowProblem]]]:
    """A separate events file (``--events``) read and mapped batch by batch.

    As :class:`MappedFile`, each batch is mapped with every column seen so
    far; yields canonical event frames with their rows' problems and counts
    them into ``summary``.
    """
    columns: dict[str, None] = {}
    fields: dict[str, str] = {}
    aliases = profile.events.get("fields", {})
    for raw in iter_batches(path, readers, options, batch_bytes=batch_bytes):
        if prepare is not None:
            raw = prepare(raw)
        columns.update(dict.fromkeys(c for c in raw.tickets.columns if c != ROW))
        raw.tickets = _widened(raw.tickets, columns, (ROW,))
        fields = _decided(path, fields, aliases, columns, raw, "event field")
        frame = map_events(raw.tickets, profile, timezone, raw, source=str(path),
                           tally=summary.unmapped, input_tz=input_tz)
        summary.fields, summary.unused_columns = event_columns(profile, list(columns))
        _tally(summary, raw, frame.height)
        yield frame, raw.problems


def _tally(summary: FileSummary, raw: RawInput, events: int) -> None:
    """Count one batch into its file's summary."""
    summary.format, summary.encoding = raw.format, raw.encoding
    summary.compression = raw.compression
    summary.rows += raw.tickets.height
    summary.events += events
    summary.batches += 1


def _widened(frame: pl.DataFrame, columns: dict[str, None], tail: tuple[str, ...]
             ) -> pl.DataFrame:
    """``frame`` with every column in ``columns`` (null where absent), in that order.

    Built from Series, never ``pl.col(name)``: a header may be ``*``.
    """
    if list(columns) == [c for c in frame.columns if c not in tail]:
        return frame
    height = frame.height
    present = set(frame.columns)
    series = [
        frame.get_column(name) if name in present
        else pl.Series(name, [None] * height, dtype=pl.String)
        for name in [*columns, *(c for c in tail if c in present)]
    ]
    return pl.DataFrame(series, schema=None) if series else frame
