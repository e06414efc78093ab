"""A database source as one more input of an audit.

:mod:`svccheck.io.database` reads rows; this module maps them through the
profiles exactly as :func:`svccheck.io.load.load_audit` maps a file, and
names the input by its masked URI (never its password) in the report and in
every finding's ``source``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from svccheck.engine import InputSummary
from svccheck.io.base import SOURCE
from svccheck.io.database import DatabaseSource, read_table
from svccheck.io.profiles import Profile, choose_profile, map_events, map_tickets


@dataclass
class DatabaseInput:
    """The canonical frames and report lines of one database source."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    inputs: list[InputSummary]
    profile: Profile


def load_database(source: DatabaseSource, *, profiles: dict[str, Profile],
                  profile: Profile | None, timezone: str) -> DatabaseInput:
    """Read the tickets (and events) of ``source`` into canonical frames."""
    label = source.label()
    raw = read_table(source, source.ticket_sql(), timezone)
    chosen = profile or choose_profile(raw.tickets.columns, profiles, label)  # type: ignore[arg-type]
    mapped = map_tickets(raw, chosen, timezone)
    tickets = mapped.tickets.with_columns(pl.lit(label).alias(SOURCE))
    inputs = [InputSummary(
        path=label, format=raw.format, encoding=None, compression=None, profile=chosen.id,
        profile_detected=profile is None, rows=raw.tickets.height, events=0,
        fields=mapped.fields, unused_columns=mapped.unused_columns,
    )]
    events = None
    sql = source.event_sql()
    if sql is not None:
        events_label = source.label(events=True)
        raw_events = read_table(source, sql, timezone, events=True)
        event_profile = chosen if chosen.events else profiles["generic"]
        events = map_events(raw_events.tickets, event_profile, timezone, raw_events,
                            source=events_label)
        inputs.append(InputSummary(
            path=events_label, format=raw_events.format, encoding=None, compression=None,
            profile=event_profile.id, profile_detected=True, rows=raw_events.tickets.height,
            events=events.height, fields={}, unused_columns=[], kind="events",
        ))
    return DatabaseInput(tickets=tickets, events=events, inputs=inputs, profile=chosen)
