"""What can only be settled once a ticket's rows and events are all together.

Two things a helpdesk export leaves open until every file is read:

* **A ticket seen on several pages.** Paging through an API while tickets
  change moves them between pages, and an incremental export repeats a
  ticket on every page it changed in. Those are versions of one ticket, not
  several tickets: for a profile with ``duplicates: latest`` the version
  with the latest ``updated_at`` is kept (the last one read on a tie or
  without one), the others are dropped with their nested comments, and the
  report counts them per file.
* **The opening message.** A ticket's first message is the customer's
  request, whoever typed it: Zendesk's first comment is the ticket's
  description even when an agent logged a phone call, and a Zammad or OTRS
  ticket opens with its first article. For a profile with
  ``events.opening: request`` that message is the customer's, so it is
  never taken for an agent's first reply or greeting.

Rows carry a marker column from the mapping (:data:`REPEATS`, :data:`OPENS`)
so that each engine can settle its tickets where it holds them whole: the
memory engine over the audit, the streaming and distributed engines part by
part (a ticket's rows and events always share a part).
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET

#: Ticket rows of a profile that keeps only the latest version of a ticket.
REPEATS = "_latest_only"
#: Events of a profile whose tickets open with the customer's request.
OPENS = "_opening_request"
_ORDER = "_settle_order"


def settle(tickets: pl.DataFrame, events: pl.DataFrame | None
           ) -> tuple[pl.DataFrame, pl.DataFrame | None, dict[str, int]]:
    """``tickets`` and ``events`` settled; and the versions dropped, per source file."""
    tickets, events, dropped = keep_latest(tickets, events)
    if events is not None:
        events = mark_openings(events)
    return tickets, events, dropped


def keep_latest(tickets: pl.DataFrame, events: pl.DataFrame | None
                ) -> tuple[pl.DataFrame, pl.DataFrame | None, dict[str, int]]:
    """One row per marked ticket id: the latest ``updated_at``, else the last read."""
    if REPEATS not in tickets.columns or not tickets.height:
        return tickets, events, {}
    marked = tickets.get_column(REPEATS).fill_null(False)
    if not (marked & tickets.get_column(TICKET).is_duplicated()).any():
        return tickets, events, {}
    frame = tickets.with_row_index(_ORDER)
    version = (pl.col("updated_at") if "updated_at" in frame.columns
               else pl.lit(None, dtype=pl.Datetime("us")))
    ranked = frame.filter(pl.col(REPEATS).fill_null(False)).with_columns(
        version.alias("_version"))
    # the kept version: latest updated_at (a missing one counts as earliest), then last read
    winners = (ranked.sort(["_version", _ORDER], nulls_last=False)
               .group_by(TICKET, maintain_order=True).last().get_column(_ORDER))
    keep = ~pl.col(REPEATS).fill_null(False) | pl.col(_ORDER).is_in(winners.implode())
    gone = frame.filter(~keep)
    dropped = dict(gone.group_by(SOURCE).len().iter_rows())
    kept = frame.filter(keep).drop(_ORDER)
    if events is not None and events.height:
        # nested comments belong to their version: they share its file and row
        lost = gone.select(pl.col(SOURCE).cast(pl.String), pl.col(ROW).cast(pl.Int64))
        events = events.join(lost, on=[SOURCE, ROW], how="anti", maintain_order="left")
    return kept, events, {str(k): int(v) for k, v in dropped.items()}


def mark_openings(events: pl.DataFrame) -> pl.DataFrame:
    """The first message of each marked ticket made the customer's (the request)."""
    if OPENS not in events.columns or not events.height:
        return events
    frame = events.with_row_index(_ORDER)
    kind = pl.col("kind").fill_null("message") if "kind" in frame.columns else pl.lit("message")
    at = pl.col("at") if "at" in frame.columns else pl.lit(None, dtype=pl.Datetime("us"))
    first = (frame.filter(pl.col(OPENS).fill_null(False) & (kind == "message"))
             .with_columns(at.alias("_at"))
             .sort(["_at", _ORDER], nulls_last=True)
             .group_by(TICKET, maintain_order=True).first().get_column(_ORDER))
    role = pl.col("role") if "role" in frame.columns else pl.lit(None, dtype=pl.String)
    return frame.with_columns(
        pl.when(pl.col(_ORDER).is_in(first.implode())).then(pl.lit("customer"))
        .otherwise(role).alias("role")
    ).drop(_ORDER)
