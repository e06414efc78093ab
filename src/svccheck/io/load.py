"""From file paths to one :class:`~svccheck.engine.Audit`.

Several files in one run are one audit: their canonical frames are stacked
(columns a file lacks are null), every row keeping its source file and row
number. Events come nested in JSON tickets or from ``--events`` files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.engine import Audit, InputSummary
from svccheck.errors import ConfigError
from svccheck.io.base import ROW, SOURCE, RawInput, Reader, ReadOptions
from svccheck.io.database import DatabaseSource
from svccheck.io.database_input import load_database
from svccheck.io.profiles import Profile, choose_profile, load_profile, map_events, map_tickets
from svccheck.io.readers import read_file

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
        return load_profile(path)
    raise ConfigError(
        f"unknown profile {ref!r} (known: {', '.join(sorted(profiles))}; or a path to a .yaml file)"
    )


def _problems(raw: RawInput) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {SOURCE: str(raw.path), ROW: p.row, "message_en": p.message_en,
             "message_zh": p.message_zh}
            for p in raw.problems
        ],
        schema=PROBLEM_SCHEMA,
    )


def _progress(message: str) -> None:
    """Progress for people watching a terminal; silent in pipes and CI logs."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


@dataclass
class Piece:
    """Canonical rows from one input (a file, a database source, an events file).

    The engines take them one at a time: the in-memory engine stacks them,
    the streaming engine spills each to disk by key.
    """

    tickets: pl.DataFrame | None
    events: pl.DataFrame | None
    problems: pl.DataFrame
    summary: InputSummary


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
) -> Iterator[Piece]:
    """Read every input in turn and map it to the canonical model.

    ``names`` gives a file the name reports use instead of its path (the
    bundled sample is shown by its file name, not by where pip put it).
    ``progress``, when given, is called with each path before it is read
    (rows None) and after (its row count), instead of the plain TTY line.
    ``databases`` are read after the files, mapped by the same profiles;
    events files come last, mapped by the tickets' profile when it has events.
    """
    used_profile: Profile | None = profile
    for path in paths:
        if progress is None:
            _progress(f"svccheck: reading {path}")
        else:
            progress(path, None)
        raw = read_file(path, readers, options)
        if progress is not None:
            progress(path, raw.tickets.height)
        if names and path in names:
            raw.path = Path(names[path])
        chosen = profile or choose_profile(raw.tickets.columns, profiles, path)
        used_profile = used_profile or chosen
        mapped = map_tickets(raw, chosen, timezone)
        yield Piece(
            tickets=mapped.tickets, events=mapped.events, problems=_problems(raw),
            summary=InputSummary(
                path=str(raw.path), format=raw.format, encoding=raw.encoding,
                compression=raw.compression, profile=chosen.id,
                profile_detected=profile is None, rows=raw.tickets.height,
                events=mapped.events.height if mapped.events is not None else 0,
                fields=mapped.fields, unused_columns=mapped.unused_columns,
            ),
        )
    for source in databases:
        part = load_database(source, profiles=profiles, profile=profile, timezone=timezone)
        used_profile = used_profile or part.profile
        for index, summary in enumerate(part.inputs):
            first = index == 0
            yield Piece(tickets=part.tickets if first else None,
                        events=part.events if not first else None,
                        problems=pl.DataFrame(schema=PROBLEM_SCHEMA), summary=summary)
    for path in event_paths:
        if progress is None:
            _progress(f"svccheck: reading events {path}")
        else:
            progress(path, None)
        raw = read_file(path, readers, options)
        if progress is not None:
            progress(path, raw.tickets.height)
        has_events = used_profile is not None and bool(used_profile.events)
        event_profile = used_profile if has_events else profiles["generic"]
        frame = map_events(raw.tickets, event_profile, timezone, raw, source=str(path))
        yield Piece(
            tickets=None, events=frame, problems=_problems(raw),
            summary=InputSummary(
                path=str(path), format=raw.format, encoding=raw.encoding,
                compression=raw.compression, profile=event_profile.id, profile_detected=True,
                rows=raw.tickets.height, events=frame.height, fields={}, unused_columns=[],
                kind="events",
            ),
        )


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
        inputs.append(piece.summary)
        if piece.tickets is not None:
            tickets.append(piece.tickets)
        if piece.events is not None:
            events.append(piece.events)
        problems.append(piece.problems)
    # One block per column (rechunk): polars 2.1 panics formatting strings
    # after a filter over a frame stacked from several inputs.
    return Audit(
        tickets=pl.concat(tickets, how="diagonal_relaxed", rechunk=True),
        events=pl.concat(events, how="diagonal_relaxed", rechunk=True) if events else None,
        inputs=inputs,
        problems=pl.concat(problems) if problems else pl.DataFrame(schema=PROBLEM_SCHEMA),
        timezone=timezone,
    )
