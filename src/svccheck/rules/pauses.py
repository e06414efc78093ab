"""Paused clocks: time a ticket spent waiting on the customer does not count.

Helpdesks stop a service clock while the ticket waits on the customer:
Zendesk and Frappe pause the resolution clock in *pending*/*on hold*,
Zammad the first-response and resolution clocks in its pending states. A
standard names those statuses in its calendar (``paused_statuses``;
default pending, 待客户反馈, on hold). Where the export has status events
(``kind: status``, the new status in ``text``), a paused status holds from
its event to the next status event; rules subtract the paused time inside
the span they measure, on the clock they measure it on, and say how much.
Without status events nothing is paused -- the export cannot show a wait.
"""

from __future__ import annotations

import polars as pl

from svccheck.calendar import DEFAULT_PAUSED_STATUSES, status_key
from svccheck.io.base import TICKET
from svccheck.rule import RuleContext
from svccheck.rules.timing import with_elapsed


def paused_statuses(ctx: RuleContext) -> tuple[str, ...]:
    return ctx.calendar.paused_statuses if ctx.calendar is not None else DEFAULT_PAUSED_STATUSES


def pause_intervals(ctx: RuleContext) -> pl.LazyFrame | None:
    """``TICKET``, ``_p0``, ``_p1``: each paused interval (``_p1`` null: still paused).

    None when the export has no status events to read pauses from.
    """
    cols = ctx.event_columns
    if ctx.events is None or not {"at", "kind", "text"} <= cols:
        return None
    changes = ctx.events.filter((pl.col("kind") == "status") & pl.col("at").is_not_null())
    # statuses are few distinct texts: compare those, then look each event's up
    paused = set(paused_statuses(ctx))
    texts = changes.select(pl.col("text").unique()).collect().to_series()
    pausing = [t for t in texts.drop_nulls().to_list() if status_key(t) in paused]
    statuses = (
        changes.select(TICKET, pl.col("at").cast(pl.Datetime("us", ctx.timezone)),
                       pl.col("text").is_in(pausing).fill_null(False).alias("_paused"))
        # stable: the export's order breaks ties of equal times
        .sort([TICKET, "at"], maintain_order=True)
        # the next status event of the same ticket: the next row, when it is the ticket's
        .with_columns(pl.when(pl.col(TICKET).shift(-1) == pl.col(TICKET))
                      .then(pl.col("at").shift(-1)).alias("_p1"))
    )
    return statuses.filter(pl.col("_paused")).select(TICKET, pl.col("at").alias("_p0"), "_p1")


def with_paused(ctx: RuleContext, frame: pl.LazyFrame, start: str, end: str, clock: str,
                out: str) -> pl.LazyFrame:
    """Add ``out``: seconds (on ``clock``) of ``[start, end)`` the ticket spent paused.

    ``frame`` is held in memory here: the paused time is summed per row and
    put back at the row's position, which must not change in between.
    """
    intervals = pause_intervals(ctx)
    if intervals is None:
        return frame.with_columns(pl.lit(0, pl.Int64).alias(out))
    # one chunk: a frame stacked from several files, held in chunks, made polars 2.1
    # panic (binview index out of bounds) in the rule's later string expressions
    rows = frame.with_row_index("_pid").collect().rechunk()
    overlap = (
        rows.lazy().select("_pid", TICKET, start, end)
        .filter(pl.col(start).is_not_null() & pl.col(end).is_not_null())
        .join(intervals, on=TICKET, how="inner")
        .with_columns(
            pl.max_horizontal("_p0", start).alias("_q0"),
            pl.min_horizontal(pl.coalesce("_p1", end), end).alias("_q1"),
        )
        .filter(pl.col("_q1") > pl.col("_q0"))
        .select("_pid", "_q0", "_q1")
        .collect().lazy()
    )
    sums = (with_elapsed(ctx, overlap, "_q0", "_q1", clock, "_qs")
            .group_by("_pid").agg(pl.col("_qs").sum().cast(pl.Int64)).collect())
    # each row's sum put at its position: no join back
    paused = pl.zeros(rows.height, pl.Int64, eager=True).scatter(sums["_pid"], sums["_qs"])
    return rows.drop("_pid").with_columns(paused.alias(out)).lazy()


def paused_text(ctx: RuleContext, seconds: pl.Expr, duration: pl.Expr) -> pl.Expr:
    """``（不含等待客户 2小时）`` / `` (2h waiting on the customer not counted)``, or empty."""
    return pl.when(seconds > 0).then(pl.format(
        ctx.text("（不含等待客户 {}）", " ({} waiting on the customer not counted)"), duration,
    )).otherwise(pl.lit(""))
