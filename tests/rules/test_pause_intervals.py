"""Paused intervals are the same whatever order the export lists status events in.

Readers list a ticket's status events together and oldest first; a separate
status-history file lists every ticket's changes by time, interleaved. These
tests give the same events in the export's order, shuffled and by time
across tickets, and expect the same paused time, written next to each
ticket. Calendar clock; 2025-10-09 is a Thursday.
"""

from __future__ import annotations

import random
from datetime import datetime

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.io.base import TICKET
from svccheck.rule import RuleContext
from svccheck.rules import pauses
from svccheck.rules.resolution import resolution_due

TZ = "Asia/Shanghai"

# ticket, start, end, paused seconds expected
TICKETS = [
    ("A", "10:00", "16:00", 7200),  # pending 11:00, open 13:00: 2 h
    ("B", "09:00", "14:00", 7200),  # pending 12:00, never resumed: paused until the end
    ("C", "09:00", "12:00", 3600),  # pending from 08:00 (before the start) to 10:00: 1 h counts
    ("D", "09:00", "12:00", 2700),  # pending 10:00-10:30 and on hold 11:00-11:15
    ("E", "09:00", "12:00", 0),     # no status event
    ("F", "09:00", "12:00", 0),     # pending and open at the same second, in that order: no wait
    ("G", "09:00", "12:00", 7200),  # open and pending at the same second, in that order: waits
]
EVENTS = [
    ("A", "11:00", "pending"), ("A", "13:00", "open"),
    ("B", "12:00", "pending"),
    ("C", "08:00", "pending"), ("C", "10:00", "open"),
    ("D", "10:00", "pending"), ("D", "10:30", "open"), ("D", "11:00", "on hold"),
    ("D", "11:15", "solved"),
    ("F", "10:00", "pending"), ("F", "10:00", "open"),
    ("G", "10:00", "open"), ("G", "10:00", "pending"),
]


def _at(hm: str) -> datetime:
    return datetime.fromisoformat(f"2025-10-09 {hm}")


def _paused(events: list[tuple[str, str, str]]) -> dict[str, int]:
    zoned = pl.Datetime("us", TZ)
    frame = pl.LazyFrame({
        TICKET: [t for t, *_ in TICKETS],
        "start": [_at(s) for _, s, _, _ in TICKETS],
        "end": [_at(e) for _, _, e, _ in TICKETS],
    }).with_columns(pl.col("start", "end").dt.replace_time_zone(TZ).cast(zoned))
    statuses = pl.DataFrame({
        TICKET: [t for t, _, _ in events], "at": [_at(a) for _, a, _ in events],
        "kind": ["status"] * len(events), "text": [s for _, _, s in events],
    }).with_columns(pl.col("at").dt.replace_time_zone(TZ))
    ctx = RuleContext(
        rule=resolution_due, tickets=frame, columns=frozenset(), events=statuses.lazy(),
        event_columns=frozenset(statuses.columns), params={}, lang="en",
        as_of=datetime(2026, 1, 1), timezone=TZ,
        calendar=BusinessCalendar.from_config({"timezone": TZ}))
    out = pauses.with_paused(ctx, frame, "start", "end", "calendar", "p").collect()
    return dict(zip(out[TICKET].to_list(), out["p"].to_list(), strict=True))


EXPECTED = {t: p for t, _, _, p in TICKETS}


def _shuffled() -> list[tuple[str, str, str]]:
    """The events in another order, each ticket's same-second events kept in theirs."""
    events = EVENTS.copy()
    random.Random(7).shuffle(events)
    for ticket in "FG":
        mine = [e for e in EVENTS if e[0] == ticket]
        slots = [i for i, e in enumerate(events) if e[0] == ticket]
        for i, e in zip(slots, mine, strict=True):
            events[i] = e
    return events


def test_paused_time_of_events_in_the_exports_order():
    assert _paused(EVENTS) == EXPECTED


def test_paused_time_of_shuffled_events_is_the_same():
    shuffled = _shuffled()
    assert shuffled != EVENTS
    assert _paused(shuffled) == EXPECTED


def test_paused_time_of_a_log_by_time_across_tickets_is_the_same():
    # an events log lists every ticket's changes by time, interleaved: the
    # common shape of a separate status-history file
    by_time = sorted(EVENTS, key=lambda e: e[1])
    assert _paused(by_time) == EXPECTED
