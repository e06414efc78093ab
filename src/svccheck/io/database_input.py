"""A database source as one more input of an audit.

:mod:`svccheck.io.database` reads rows; this module maps them through the
profiles with the same :func:`~svccheck.io.profiles.map_tickets` a file's
batches go through (:mod:`svccheck.io.mapped_batches`) -- a table has no
bytes to cut, so its batches come from the query, not the readers -- and
names the input by its masked URI (never its password) in the report and in
every finding's ``source``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from svccheck.engines.contract import InputSummary
from svccheck.io.base import SOURCE
from svccheck.io.database import DatabaseSource, iter_table
from svccheck.io.profile_match import choose_profile, column_mapping
from svccheck.io.profiles import (
    Profile,
    event_columns,
    map_events,
    map_tickets,
)
from svccheck.io.unmapped import Tally, add_tally, listed


@dataclass
class DatabaseBatch:
    """Canonical frames from a batch of a database source's rows.

    ``summary`` comes with the last batch of the tickets, and again with the
    last batch of the events, when the row counts are known.
    """

    tickets: pl.DataFrame | None
    events: pl.DataFrame | None
    profile: Profile
    summary: InputSummary | None = None


def iter_database(source: DatabaseSource, *, profiles: dict[str, Profile],
                  profile: Profile | None, timezone: str,
                  batch_rows: int | None = None,
                  input_tz: str | None = None) -> Iterator[DatabaseBatch]:
    """Read the tickets (then the events) of ``source`` into canonical frames.

    With ``batch_rows``, in batches of about that many rows (the streaming
    engine); without, each table whole.
    """
    label = source.label()
    chosen: Profile | None = None
    rows = 0
    summary: InputSummary | None = None
    tally: Tally = {}
    for raw in iter_table(source, source.ticket_sql(), timezone, batch_rows=batch_rows):
        chosen = chosen or profile or choose_profile(
            raw.tickets.columns, profiles, label)  # type: ignore[arg-type]
        mapped = map_tickets(raw, chosen, timezone, input_tz)
        rows += raw.tickets.height
        add_tally(tally, mapped.unmapped)
        summary = summary or InputSummary(
            path=label, format=raw.format, encoding=None, compression=None, profile=chosen.id,
            profile_detected=profile is None, rows=0, events=0,
            fields=mapped.fields, unused_columns=mapped.unused_columns,
            mapping=column_mapping(mapped.fields),
        )
        yield DatabaseBatch(tickets=mapped.tickets.with_columns(pl.lit(label).alias(SOURCE)),
                            events=None, profile=chosen)
    assert chosen is not None and summary is not None  # iter_table gives at least one batch
    summary.rows = rows
    summary.unmapped_values, summary.unmapped_more = listed(tally)
    yield DatabaseBatch(tickets=None, events=None, profile=chosen, summary=summary)
    sql = source.event_sql()
    if sql is None:
        return
    events_label = source.label(events=True)
    event_profile = chosen if chosen.events else profiles["generic"]
    rows = events = 0
    first = None
    tally = {}
    for raw in iter_table(source, sql, timezone, events=True, batch_rows=batch_rows):
        frame = map_events(raw.tickets, event_profile, timezone, raw, source=events_label,
                           tally=tally, input_tz=input_tz)
        rows += raw.tickets.height
        events += frame.height
        first = first or raw
        yield DatabaseBatch(tickets=None, events=frame, profile=chosen)
    assert first is not None
    fields, unused = event_columns(event_profile, first.tickets.columns)
    values, more = listed(tally)
    yield DatabaseBatch(tickets=None, events=None, profile=chosen, summary=InputSummary(
        path=events_label, format=first.format, encoding=None, compression=None,
        profile=event_profile.id, profile_detected=True, rows=rows, events=events,
        fields=fields, unused_columns=unused, kind="events", mapping=column_mapping(fields),
        unmapped_values=values, unmapped_more=more,
    ))
