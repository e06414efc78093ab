"""Which part each row goes to, and parts that look like the whole audit.

The stream and dask engines check an audit in parts (:mod:`svccheck.engines.in_parts`):
each part holds whole tickets with their events -- and, when a rule compares a
customer's tickets, whole customers -- chosen by a hash of the key. Both
engines place rows here, so a part holds the same rows whichever engine made
it, and align each part to the audit's columns and types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from svccheck.io.base import TICKET
from svccheck.standards import ActiveRule

#: Seed of the hash that assigns keys to parts: fixed, so every process of a
#: run (and every worker of a cluster, on the same polars version) agrees.
_SEED = 0x5C0C


#: The column that holds a row's part number while rows are placed.
PART = "_part"


def part_key(by_customer: bool, columns: Iterable[str]) -> pl.Expr:
    """What keeps rows together: the ticket, or the customer when rules need it."""
    ticket = pl.col(TICKET).cast(pl.String)
    if by_customer and "customer_id" in columns:
        return pl.coalesce(pl.lit("c:") + pl.col("customer_id").cast(pl.String),
                           pl.lit("t:") + ticket)
    return ticket


def part_index(key: pl.Expr, parts: int) -> pl.Expr:
    """The part (0 .. parts-1) of each row's key."""
    return (key.hash(seed=_SEED) % parts).cast(pl.UInt32)


def needs_customers(active: Iterable[ActiveRule]) -> bool:
    """Whether parts must hold whole customers: some rule compares a customer's tickets."""
    return any(item.rule.scope == "customer" for item in active)


def place_tickets(tickets: pl.DataFrame, *, by_customer: bool, parts: int) -> pl.DataFrame:
    """Tickets with their part number (``_part``)."""
    return tickets.with_columns(
        part_index(part_key(by_customer, tickets.columns), parts).alias(PART))


def owners(tickets: pl.DataFrame) -> pl.DataFrame:
    """Which part holds each ticket id (of tickets from :func:`place_tickets`)."""
    return tickets.select(pl.col(TICKET).cast(pl.String), PART).unique(maintain_order=True)


def place_events(events: pl.DataFrame, known: pl.DataFrame | None, parts: int) -> pl.DataFrame:
    """Events with the part of their ticket.

    An event goes to every part holding its ticket id (ids are not always
    unique); one whose ticket is not in ``known`` goes where its ticket id
    alone would put a ticket.
    """
    events = events.with_columns(pl.col(TICKET).cast(pl.String))
    alone = part_index(pl.col(TICKET), parts)
    if known is None:
        return events.with_columns(alone.alias(PART))
    events = events.join(known, on=TICKET, how="left", maintain_order="left")
    return events.with_columns(pl.col(PART).fill_null(alone))


def split(tickets: pl.DataFrame, events: pl.DataFrame | None, *, by_customer: bool,
          parts: int) -> list[tuple[pl.DataFrame, pl.DataFrame | None]]:
    """The audit as ``parts`` pieces of whole tickets (or customers) and their events."""
    tickets = place_tickets(tickets, by_customer=by_customer, parts=parts)
    if events is not None:
        events = place_events(events, owners(tickets), parts)
    pieces: list[tuple[pl.DataFrame, pl.DataFrame | None]] = []
    for index in range(parts):
        part_events = (events.filter(pl.col(PART) == index).drop(PART)
                       if events is not None else None)
        pieces.append((tickets.filter(pl.col(PART) == index).drop(PART), part_events))
    return pieces


def align(frames: Sequence[pl.LazyFrame], schema: pl.Schema) -> pl.LazyFrame:
    """``frames`` stacked, with the audit's columns and types, in order.

    One input may lack a column another has, or hold it with a narrower type:
    every part must look like the whole audit to the rules, whichever inputs
    it happens to hold (the stream engine's spilled parts and the dask
    engine's assembled parts alike).
    """
    if not frames:
        return pl.LazyFrame(schema=schema)
    stacked = pl.concat(frames, how="diagonal_relaxed")
    present = stacked.collect_schema()
    return stacked.select(
        (pl.col(name) if name in present else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    )


def merge_schema(schema: pl.Schema | None, frame: pl.DataFrame) -> pl.Schema:
    """The schema ``pl.concat(..., how="diagonal_relaxed")`` would give."""
    if schema is None:
        return frame.schema
    return pl.concat([pl.DataFrame(schema=schema), frame.head(0)],
                     how="diagonal_relaxed").schema
