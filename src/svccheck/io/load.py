"""From file paths to one :class:`~svccheck.engines.contract.Audit`.

Several files in one run are one audit: their canonical frames are stacked
(columns a file lacks are null), every row keeping its source file and row
number. Events come nested in JSON tickets or from ``--events`` files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.engines.contract import Audit, InputSummary
from svccheck.errors import ConfigError
from svccheck.io.base import ROW, SOURCE, Reader, ReadOptions, RowProblem
from svccheck.io.database import DatabaseSource
from svccheck.io.database_input import iter_database
from svccheck.io.linking import Links, survey
from svccheck.io.linking import with_event_lists as read_options
from svccheck.io.mapped_batches import BATCH_BYTES, FileSummary, MappedFile, iter_mapped_events
from svccheck.io.profile_match import choose_profile, column_mapping
from svccheck.io.profiles import (
    Profile,
    load_profile,
)
from svccheck.io.unmapped import listed
from svccheck.io.whole_tickets import settle

__all__ = [
    "BATCH_BYTES", "DB_ROW_BYTES", "PROBLEM_SCHEMA", "Piece", "count_duplicates",
    "iter_pieces", "load_audit", "one_piece", "resolve_profile",
]

#: Bytes a database row is taken to hold, to size its batches like a file's.
DB_ROW_BYTES = 256

PROBLEM_SCHEMA = {
    SOURCE: pl.String, ROW: pl.Int64, "message_en": pl.String, "message_zh": pl.String,
}


def resolve_profile(ref: str | None, profiles: dict[str, Profile]) -> Profile | None:
    """``--profile`` is a shipped/plugin profile id or a path to a profile YAML file."""
    if ref is None:
        return None
    if ref in profiles:
        return profiles[ref]
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_profile(path, {p.id: p.path for p in profiles.values()})
    raise ConfigError(
        f"unknown profile {ref!r} (known: {', '.join(sorted(profiles))}; or a path to a .yaml file)"
    )


def _problems(source: str, problems: Sequence[RowProblem]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {SOURCE: source, ROW: p.row, "message_en": p.message_en,
             "message_zh": p.message_zh}
            for p in problems
        ],
        schema=PROBLEM_SCHEMA,
    )


def _progress(message: str) -> None:
    """Progress for people watching a terminal; silent in pipes and CI logs."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


@dataclass
class Piece:
    """Canonical rows from one input or one batch of it (a file, a database
    source, an events file).

    The engines take them one at a time: the in-memory engine stacks them,
    the streaming engine spills each to disk by key. ``summary`` comes with
    an input's last piece, when its row counts are known.
    """

    tickets: pl.DataFrame | None
    events: pl.DataFrame | None
    problems: pl.DataFrame
    summary: InputSummary | None = None


def iter_pieces(
    paths: Sequence[Path],
    *,
    readers: Sequence[Reader],
    profiles: dict[str, Profile],
    profile: Profile | None,
    timezone: str,
    options: ReadOptions,
    event_paths: Sequence[Path] = (),
    names: dict[Path, str] | None = None,
    progress: Callable[[Path, int | None], None] | None = None,
    databases: Sequence[DatabaseSource] = (),
    batch_bytes: int | None = None,
    input_tz: str | None = None,
    links: Links | None = None,
) -> Iterator[Piece]:
    """Read every input in turn and map it to the canonical model.

    ``names`` gives a file the name reports use instead of its path (the
    bundled sample is shown by its file name, not by where pip put it).
    ``progress``, when given, is called with each path before it is read
    (rows None) and after (its row count), instead of the plain TTY line.
    ``databases`` are read after the files, mapped by the same profiles;
    events files come last, mapped by the tickets' profile when it has events.
    Every file takes one path whatever the engine: read in batches
    (:func:`~svccheck.io.readers.batches.iter_batches`) and mapped batch by
    batch (:class:`~svccheck.io.mapped_batches.MappedFile`). With
    ``batch_bytes``, CSV and JSON Lines files (and database results) come in
    pieces of about that many bytes, so that memory does not follow the
    input's size; without, each input is read whole, as one batch. ``input_tz``
    (``--input-tz``) is the zone the inputs' naive times were written in.

    The files of a helpdesk export -- ticket pages, per-ticket comment
    files, users, metrics -- are surveyed first (:func:`svccheck.io.linking.survey`),
    unless ``links`` (a survey done elsewhere, e.g. by the distributed
    engine's client) is given: each file is then read as what it is, by one
    profile, and linked to its tickets.
    """
    if links is None and paths:
        links = survey(paths, readers=readers, profiles=profiles, profile=profile,
                       options=options, event_paths=event_paths)
    detected = profile is None
    if links is not None:
        profile, detected = links.profile, links.detected
        # tickets first: the events of the other files follow them into their parts
        paths = [*(p for p in paths if links.kind(p) == "tickets"),
                 *(p for p in paths if links.kind(p) != "tickets")]
    chosen: list[Profile] = [profile] if profile is not None else []

    def choose(columns: list[str], path: Path) -> Profile:
        found = choose_profile(columns, profiles, path)
        chosen.append(found)
        return found

    def started(path: Path, what: str = "") -> None:
        if progress is None:
            _progress(f"svccheck: reading {what}{path}")
        else:
            progress(path, None)

    for path in paths:
        started(path)
        name = names.get(path) if names else None
        kind = links.kind(path) if links is not None else "tickets"
        if links is not None and kind in ("users", "metrics"):
            aux = links.aux[str(path)]
            if progress is not None:
                progress(path, aux.rows)
            yield Piece(tickets=None, events=None, problems=_no_problems(),
                        summary=InputSummary(
                            path=name or str(path), format=aux.format, encoding=aux.encoding,
                            compression=aux.compression, profile=links.profile.id,
                            profile_detected=detected, rows=aux.rows, events=0, fields={},
                            unused_columns=[], kind=kind))
            continue
        if links is not None and kind == "events":
            yield from _event_pieces(path, links.profile, readers=readers, options=options,
                                     timezone=timezone, input_tz=input_tz,
                                     batch_bytes=batch_bytes, progress=progress, links=links,
                                     detected=detected)
            continue
        prepare = links.prepare_tickets if links is not None else None
        batches = MappedFile(path, readers, read_options(options, profile),
                             profile or (lambda columns, path=path: choose(columns, path)),
                             timezone, batch_bytes=batch_bytes, name=name,
                             input_tz=input_tz, prepare=prepare)
        source = str(batches.summary.path)  # as the rows' _source: Path(name), normalised
        for batch in batches:
            yield Piece(tickets=batch.tickets, events=batch.events,
                        problems=_problems(source, batch.problems))
        summary = batches.summary
        if progress is not None:
            progress(path, summary.rows)
        yield Piece(tickets=None, events=None, problems=_no_problems(),
                    summary=_input_summary(summary, detected=detected))
    for source in databases:
        batch_rows = None if batch_bytes is None else max(1, batch_bytes // DB_ROW_BYTES)
        for batch in iter_database(source, profiles=profiles, profile=profile,
                                   timezone=timezone, batch_rows=batch_rows, input_tz=input_tz):
            if not chosen:
                chosen.append(batch.profile)
            yield Piece(tickets=batch.tickets, events=batch.events, problems=_no_problems(),
                        summary=batch.summary)
    for path in event_paths:
        started(path, "events ")
        first = chosen[0] if chosen else None
        event_profile = first if first is not None and first.events else profiles["generic"]
        yield from _event_pieces(path, event_profile, readers=readers, options=options,
                                 timezone=timezone, input_tz=input_tz, batch_bytes=batch_bytes,
                                 progress=progress, links=links)


def _event_pieces(path: Path, profile: Profile, *, readers: Sequence[Reader],
                  options: ReadOptions, timezone: str, input_tz: str | None,
                  batch_bytes: int | None, progress: Callable[[Path, int | None], None] | None,
                  links: Links | None, detected: bool = True) -> Iterator[Piece]:
    """One events file (``--events``, or an export's comments) mapped, then its summary."""
    prepare = links.prepare_events if links is not None else None
    summary = FileSummary(path=path, profile=profile.id)
    for frame, problems in iter_mapped_events(path, readers, read_options(options, profile),
                                              profile, timezone, summary,
                                              batch_bytes=batch_bytes, input_tz=input_tz,
                                              prepare=prepare):
        yield Piece(tickets=None, events=frame, problems=_problems(str(path), problems))
    if progress is not None:
        progress(path, summary.rows)
    yield Piece(tickets=None, events=None, problems=_no_problems(),
                summary=_input_summary(summary, detected=detected, kind="events"))


def _input_summary(summary: FileSummary, *, detected: bool,
                   kind: str = "tickets") -> InputSummary:
    """What the report says about a file, once it has been read."""
    values, more = listed(summary.unmapped)
    return InputSummary(
        path=str(summary.path), format=summary.format, encoding=summary.encoding,
        compression=summary.compression, profile=summary.profile, profile_detected=detected,
        rows=summary.rows, events=summary.events, fields=summary.fields,
        unused_columns=summary.unused_columns, kind=kind,
        mapping=column_mapping(summary.fields), unmapped_values=values, unmapped_more=more,
    )


def one_piece(pieces: Iterable[Piece]) -> Piece:
    """One input's pieces (its batches and its summary) as one piece."""
    tickets: list[pl.DataFrame] = []
    events: list[pl.DataFrame] = []
    problems: list[pl.DataFrame] = []
    summary = None
    for piece in pieces:
        tickets += [piece.tickets] if piece.tickets is not None else []
        events += [piece.events] if piece.events is not None else []
        problems.append(piece.problems)
        summary = piece.summary or summary
    return Piece(
        tickets=pl.concat(tickets, how="diagonal_relaxed", rechunk=True) if tickets else None,
        events=pl.concat(events, how="diagonal_relaxed", rechunk=True) if events else None,
        problems=pl.concat(problems) if problems else _no_problems(),
        summary=summary,
    )


def count_duplicates(inputs: Sequence[InputSummary], dropped: dict[str, int]) -> None:
    """Add each file's dropped ticket versions (:func:`~svccheck.io.whole_tickets.settle`)
    to its summary."""
    for summary in inputs:
        summary.duplicates += dropped.get(summary.path, 0)


def _no_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def load_audit(
    paths: Sequence[Path],
    *,
    timezone: str,
    **options: Any,
) -> Audit:
    """Read every input (see :func:`iter_pieces`) and stack the results in memory."""
    inputs: list[InputSummary] = []
    tickets: list[pl.DataFrame] = []
    events: list[pl.DataFrame] = []
    problems: list[pl.DataFrame] = []
    for piece in iter_pieces(paths, timezone=timezone, **options):
        if piece.summary is not None:
            inputs.append(piece.summary)
        if piece.tickets is not None:
            tickets.append(piece.tickets)
        if piece.events is not None:
            events.append(piece.events)
        problems.append(piece.problems)
    # One block per column (rechunk): polars 2.1 panics formatting strings
    # after a filter over a frame stacked from several inputs.
    all_tickets, all_events, dropped = settle(
        pl.concat(tickets, how="diagonal_relaxed", rechunk=True),
        pl.concat(events, how="diagonal_relaxed", rechunk=True) if events else None)
    count_duplicates(inputs, dropped)
    return Audit(
        tickets=all_tickets,
        events=all_events,
        inputs=inputs,
        problems=pl.concat(problems) if problems else pl.DataFrame(schema=PROBLEM_SCHEMA),
        timezone=timezone,
    )
