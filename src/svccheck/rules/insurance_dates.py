"""The policy export read as calendar dates: signing, lapse, premium due dates, activity days.

Shared by the insurance rules (svccheck.rules.insurance and the modules
beside it): seed 003 speaks in calendar months and days ("签单后1个月",
"缴费次日", "失效后1个月内"), not in working hours, so every deadline there is
a date in the standard's time zone. Months are calendar months clamped to
the month's end (:func:`add_months`); activities dated after ``--as-of`` are
not known (:func:`activity_days`).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.io.profiles import RAW_PREFIX, split_list_cell
from svccheck.rule import RuleContext

_DAY = "%Y-%m-%d"
#: A policy is one row of one file; its id (``_ticket``) links the activities.
POLICY_KEY = [SOURCE, ROW]


def add_months(dates: pl.Expr, months: int | pl.Expr) -> pl.Expr:
    """``dates`` plus ``months`` calendar months, clamped to the end of the month.

    The seed schedules service by calendar month ("签单后1个月", "缴费前3个月",
    "失效后1个月内"). A policy signed on 01-31 is due its first visit on 02-29
    (02-28 in a common year), never in March: polars' ``mo`` offset clamps
    to the month's last day, which is what we rely on. Always count from the
    anchor (signing + 4 months), never chain (signing + 1 + 3): 01-31 + 4
    months is 05-31, while 02-29 + 3 months would be 05-29. ``months`` may be
    negative, or an integer expression.
    """
    if isinstance(months, pl.Expr):
        return dates.dt.offset_by(pl.format("{}mo", months))
    return dates.dt.offset_by(f"{months}mo")


def as_of_date(ctx: RuleContext) -> date:
    """``--as-of`` as a calendar date in the standard's zone."""
    return ctx.as_of.astimezone(ZoneInfo(ctx.timezone)).date()


def show_date(expr: pl.Expr) -> pl.Expr:
    """A date as a finding shows it: ``2025-03-01``."""
    return expr.dt.strftime(_DAY)


def _date_of(ctx: RuleContext, name: str) -> pl.Expr:
    """A canonical time field as a local calendar date (null if the export lacks it)."""
    if name in ctx.columns:
        return pl.col(name).dt.date()
    return pl.lit(None, pl.Date)


def policy_rows(ctx: RuleContext) -> pl.LazyFrame:
    """The policies with ``_signed`` and ``_lapsed`` as dates."""
    return ctx.tickets.with_columns(
        _date_of(ctx, "signed_at").alias("_signed"),
        _date_of(ctx, "lapsed_at").alias("_lapsed"),
    )


def activity_days(
    ctx: RuleContext, kinds: tuple[str, ...], channels: tuple[str, ...] = ()
) -> pl.LazyFrame:
    """``_ticket`` and ``_on`` (date) of activities of these kinds, or by these channels.

    Only activities with a readable date on or before ``--as-of`` count.
    """
    assert ctx.events is not None, "the rules here declare needs_events"
    cols = ctx.event_columns
    empty = ctx.events.head(0).select(TICKET, pl.lit(None, pl.Date).alias("_on"))
    if "at" not in cols:
        return empty
    match = pl.lit(False)
    if "kind" in cols:
        match |= pl.col("kind").is_in(kinds)
    if channels and "channel" in cols:
        match |= pl.col("channel").is_in(channels)
    return (
        ctx.events.filter(match.fill_null(False) & pl.col("at").is_not_null())
        .select(TICKET, pl.col("at").dt.date().alias("_on"))
        .filter(pl.col("_on") <= as_of_date(ctx))
    )


def due_dates(ctx: RuleContext) -> pl.LazyFrame:
    """One row per policy and premium due date: ``_due`` (date; null where the
    element could not be read) and ``_due_raw`` (the element as written)."""
    names = ctx.tickets.collect_schema().names()
    raw_name = RAW_PREFIX + "premium_due_dates"
    parsed = pl.col("premium_due_dates").list.eval(pl.element().dt.date())
    raw = (split_list_cell(pl.col(raw_name)) if raw_name in names
           else pl.col("premium_due_dates").list.eval(pl.element().dt.strftime(_DAY)))
    return (
        policy_rows(ctx)
        .select(*POLICY_KEY, TICKET, "_signed", "_lapsed", parsed.alias("_due"),
                raw.alias("_due_raw"))
        .filter(pl.col("_due").is_not_null())
        .explode(["_due", "_due_raw"])
        .filter(pl.col("_due").is_not_null() | pl.col("_due_raw").is_not_null())
    )
