"""Was the problem solved in time: the resolution rules of the ``response.*`` family.

``response.resolution-due``, ``response.urgent-resolution`` and
``response.resolution-time``.

Three promises about the end of a ticket: the completion time told to the
customer (预计完成时间, 004 二.4, 三), the urgent-problem promise (000 二.二 2:
"紧急问题...Z小时内给出解决方案或明确处理时间表") and a category's processing
time (003 电商 7.1). Time the ticket spent waiting on the customer (the
calendar's ``paused_statuses``, read from status events) does not count
against any of them, and a finding says how much was left out.

The urgent promise has two branches, as the seed writes it: a solution
within Z, *or* a clear timetable within Z -- a first response and a promised
completion time, which ``response.resolution-due`` then holds the ticket to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl

from svccheck.model import ENUMS
from svccheck.rule import RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.first_reply import replies
from svccheck.rules.pauses import paused_text, with_paused
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    as_of_lit,
    duration_text,
    goal_text,
    target_clock,
    with_elapsed,
    with_target,
)

PRIORITIES = ENUMS["priority"]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _clock_from(ctx: RuleContext) -> pl.Expr:
    """Where a resolution clock starts for pauses: ``created_at``, else the beginning."""
    tz = pl.Datetime("us", ctx.timezone)
    start = pl.col("created_at") if "created_at" in ctx.columns else pl.lit(None, tz)
    return pl.coalesce(start.cast(tz), pl.lit(_EPOCH).cast(tz))


@columnar_rule(
    id="response.resolution-due",
    scope="ticket",
    title={"zh": "按承诺时间完成", "en": "Resolved by the promised time"},
    severity="error",
    clause="000 二.二, 004 二.4 (预计完成时间)",
    requires=("due_at",),
)
def resolution_due(ctx: RuleContext) -> pl.LazyFrame:
    """A ticket is resolved by its promised time (预计完成时间).

    In scope: every ticket with a ``due_at``. Resolved after it: a finding
    saying how late. Not resolved and ``due_at`` before ``--as-of``:
    overdue, saying by how much. Calendar time: a promise to the customer is
    a moment, not an amount of work -- but time spent waiting on the
    customer (a paused status, from status events) moves it: lateness is
    counted net of the paused time between creation and resolution.
    Skipped: an unreadable ``due_at``; a ticket marked resolved without
    ``resolved_at`` (when it was done is unknown).
    """
    resolved = skips.resolved_at(ctx)
    end = pl.when(resolved.is_not_null()).then(resolved).otherwise(
        pl.when(~skips.done(ctx)).then(as_of_lit(ctx))
    )
    tz = pl.Datetime("us", ctx.timezone)
    frame = ctx.tickets.filter(skips.raw_value(ctx, "due_at").is_not_null()).with_columns(
        end.cast(tz).alias("_end"),
        resolved.is_not_null().alias("_resolved"),
        _clock_from(ctx).alias("_from"),
        skips.first(skips.unreadable_time(ctx, "due_at"),
                    skips.resolved_without_time(ctx)).alias("_skip"),
    )
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = with_elapsed(ctx, frame.filter(pl.col("_skip").is_null()), "due_at", "_end",
                         "calendar", "_gross")
    frame = with_paused(ctx, frame, "_from", "_end", "calendar", "_paused")
    frame = frame.with_columns((pl.col("_gross") - pl.col("_paused")).alias("_late")) \
        .filter(pl.col("_late") > 0)
    late = duration_text(pl.col("_late"), ctx.lang)
    paused = paused_text(ctx, pl.col("_paused"), duration_text(pl.col("_paused"), ctx.lang))
    due = pl.col("due_at").dt.strftime("%Y-%m-%d %H:%M")
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text("晚于预计完成时间 {} 完成，超出 {}{}", "promised by {}, resolved {} late{}"),
        due, late, paused,
    )).otherwise(pl.format(
        ctx.text("已过预计完成时间 {} 仍未完成，逾期 {}{}",
                 "promised by {}, still open {} later{}"),
        due, late, paused,
    ))
    key = pl.when(pl.col("_resolved")).then(pl.lit("late")).otherwise(pl.lit("overdue"))
    return ctx.findings(frame, field="resolved_at", message=message, key=key,
                        evidence=pl.col("_late").cast(pl.String) + pl.lit(" s"))


def _urgent_scope(ctx: RuleContext, priorities: list[str]) -> tuple[pl.Expr, pl.Expr]:
    """(in scope, why skipped): urgent tickets, and those whose priority is unknown."""
    raw = skips.raw_value(ctx, "priority")
    unknown = pl.col("priority").is_null()
    scope = pl.col("priority").is_in(priorities).fill_null(False) | unknown
    why = pl.when(unknown).then(
        pl.when(raw.is_null()).then(skips.reason(ctx, "紧急程度缺失", "priority missing"))
        .otherwise(skips.unknown_value(ctx, "priority")))
    return scope, why


@columnar_rule(
    id="response.urgent-resolution",
    scope="ticket",
    title={"zh": "紧急问题限时解决", "en": "Urgent problems solved in time"},
    severity="error",
    clause="000 二.二 2",
    requires=("created_at", "priority"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "target": {**TARGET_SCHEMA, "default": {"hours": 4, "clock": "calendar"}},
            "priorities": {
                "type": "array", "items": {"enum": list(PRIORITIES)}, "default": ["urgent"],
            },
        },
    },
)
def urgent_resolution(ctx: RuleContext) -> pl.LazyFrame:
    """An urgent ticket gets a solution, or a clear timetable, within Z.

    Seed 000 二.二 2: "对于紧急问题...力求在Z小时内给出解决方案或明确处理时间表";
    Z is left open, cn-baseline chooses 4 calendar hours. A ticket passes
    when it is resolved within Z (time waiting on the customer not counted),
    or when within Z it has a first response and a promised completion time
    (``due_at``) -- the timetable, which ``response.resolution-due`` then
    enforces. The first response is found as ``response.first-reply`` finds
    it; an export that records none at all (no ``first_response_at``, no
    messages: the bare response-record template) counts the 受理 itself, as
    004 二.1 has the agent fill in the record while answering the customer.
    A ticket still open at ``--as-of`` past Z without a timetable is a
    finding too. Skipped: an unknown or missing priority (it may be urgent),
    an unreadable ``created_at``, resolved without ``resolved_at``.
    """
    target = ctx.params["target"]
    clock = target_clock(target)
    scope, why = _urgent_scope(ctx, ctx.params["priorities"])
    resolved = skips.resolved_at(ctx)
    tz = pl.Datetime("us", ctx.timezone)
    records_replies = "first_response_at" in ctx.columns or (
        ctx.events is not None and "at" in ctx.event_columns)
    frame = replies(ctx).filter(scope).with_columns(
        pl.coalesce(resolved, as_of_lit(ctx)).cast(tz).alias("_stop"),
        resolved.is_not_null().alias("_resolved"),
        (pl.col("_reply") if records_replies else pl.col("created_at")).cast(tz)
        .alias("_response"),
        skips.first(why, skips.unreadable_time(ctx, "created_at"),
                    skips.resolved_without_time(ctx)).alias("_skip"),
    )
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = frame.filter(pl.col("_skip").is_null())
    frame = with_target(ctx, frame, "created_at", "_stop", target, "_z")
    frame = with_paused(ctx, frame, "created_at", "_stop", clock, "_paused")
    frame = with_elapsed(ctx, frame, "created_at", "_response", clock, "_to_response")
    has_due = (pl.col("due_at").is_not_null() if "due_at" in ctx.columns else pl.lit(False))
    responded = (pl.col("_response").is_not_null()
                 & (pl.col("_to_response") <= pl.col("_z_limit"))).fill_null(False)
    frame = frame.with_columns(
        (pl.col("_z_elapsed") - pl.col("_paused")).alias("_net"),
    ).filter((pl.col("_net") > pl.col("_z_limit")) & ~(responded & has_due)).with_columns(
        responded.alias("_responded"), has_due.alias("_has_due"),
    )
    took = duration_text(pl.col("_net"), ctx.lang, clock)
    paused = paused_text(ctx, pl.col("_paused"),
                         duration_text(pl.col("_paused"), ctx.lang, clock))
    goal = goal_text(target, ctx)
    missing = (
        pl.when(pl.col("_responded")).then(pl.lit(ctx.text(
            "没有预计完成时间", "no promised completion time (due_at) was given")))
        .when(pl.col("_has_due")).then(pl.lit(ctx.text(
            "目标时间内没有首次响应", "no first response came within it")))
        .otherwise(pl.lit(ctx.text("目标时间内既没有首次响应也没有预计完成时间",
                                   "neither a first response nor a promised completion "
                                   "time came within it")))
    )
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text(f"紧急工单解决用时{{}}，超过目标 {goal}{{}}，且{{}}",
                 f"urgent ticket took {{}} to resolve, over the {goal} target{{}}, and {{}}"),
        took, paused, missing,
    )).otherwise(pl.format(
        ctx.text(f"紧急工单截至检查时已{{}}未解决，超过目标 {goal}{{}}，且{{}}",
                 f"urgent ticket still open after {{}} at --as-of, over the {goal} "
                 f"target{{}}, and {{}}"),
        took, paused, missing,
    ))
    return ctx.findings(frame, field="resolved_at", message=message,
                        evidence=pl.col("_net").cast(pl.String) + pl.lit(" s"))


def _category_targets(ctx: RuleContext, frame: pl.LazyFrame, targets: dict[str, Any]
                      ) -> pl.LazyFrame:
    """Measure each ticket against its category's target: ``_took``, ``_limit``, ``_clock``,
    ``_goal``, ``_paused`` (on that clock)."""
    names = list(targets)
    for i, category in enumerate(names):
        frame = with_target(ctx, frame, "created_at", "_stop", targets[category], f"_t{i}")
    clocks = sorted({target_clock(t) for t in targets.values()})
    for clock in clocks:
        frame = with_paused(ctx, frame, "created_at", "_stop", clock, f"_paused_{clock}")

    def pick(values: list[pl.Expr], dtype: pl.DataType) -> pl.Expr:
        chosen = pl.lit(None, dtype)
        for i in reversed(range(len(names))):
            chosen = pl.when(pl.col("category") == names[i]).then(values[i]).otherwise(chosen)
        return chosen

    return frame.with_columns(
        pick([pl.col(f"_t{i}_elapsed") - pl.col(f"_paused_{target_clock(targets[c])}")
              for i, c in enumerate(names)], pl.Int64).alias("_took"),
        pick([pl.col(f"_paused_{target_clock(targets[c])}") for c in names],
             pl.Int64).alias("_paused"),
        pick([pl.col(f"_t{i}_limit") for i in range(len(names))], pl.Int64).alias("_limit"),
        pick([pl.lit(target_clock(targets[c])) for c in names], pl.String).alias("_clock"),
        pick([pl.lit(goal_text(targets[c], ctx)) for c in names], pl.String).alias("_goal"),
    )


@columnar_rule(
    id="response.resolution-time",
    scope="ticket",
    title={"zh": "按类别限时处理", "en": "Resolved within the category's time"},
    severity="error",
    clause="003 电商 7.1-7.2 (退换货处理时限, 售后服务响应时间)",
    requires=("created_at", "category"),
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["targets"],
        "properties": {
            "targets": {
                "type": "object",
                "propertyNames": {"enum": list(ENUMS["category"])},
                "additionalProperties": TARGET_SCHEMA,
                "minProperties": 1,
            },
        },
    },
)
def resolution_time(ctx: RuleContext) -> pl.LazyFrame:
    """Tickets of a category are resolved within that category's target.

    For commitments by kind of request rather than urgency, e.g. the
    e-commerce handbook's return/exchange (退换货) processing time: after-sales
    tickets resolved within 48 hours. Time waiting on the customer (paused
    statuses) does not count. A ticket still open at ``--as-of`` past its
    target is a finding too. Skipped: an unreadable ``created_at``, resolved
    without ``resolved_at``.
    """
    targets = ctx.params["targets"]
    resolved = skips.resolved_at(ctx)
    tz = pl.Datetime("us", ctx.timezone)
    frame = ctx.tickets.filter(pl.col("category").is_in(list(targets))).with_columns(
        pl.coalesce(resolved, as_of_lit(ctx)).cast(tz).alias("_stop"),
        resolved.is_not_null().alias("_resolved"),
        skips.first(skips.unreadable_time(ctx, "created_at"),
                    skips.resolved_without_time(ctx)).alias("_skip"),
    )
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = _category_targets(ctx, frame.filter(pl.col("_skip").is_null()), targets)
    frame = frame.filter(pl.col("_took") > pl.col("_limit"))
    took = duration_text(pl.col("_took"), ctx.lang, pl.col("_clock"))
    paused = paused_text(ctx, pl.col("_paused"),
                         duration_text(pl.col("_paused"), ctx.lang, pl.col("_clock")))
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text("{}类工单处理用时{}，超过目标 {}{}",
                 "{} ticket took {} to resolve, over the {} target{}"),
        pl.col("category"), took, pl.col("_goal"), paused,
    )).otherwise(pl.format(
        ctx.text("{}类工单截至检查时已{}未解决，超过目标 {}{}",
                 "{} ticket still open after {} at --as-of, over the {} target{}"),
        pl.col("category"), took, pl.col("_goal"), paused,
    ))
    return ctx.findings(frame, field="resolved_at", message=message,
                        evidence=pl.col("_took").cast(pl.String) + pl.lit(" s"))
