"""The first answer a customer gets: ``response.first-reply`` and its off-hours twin.

Seed 000 二.二 1 promises a first response "工作时间X小时内/非工作时间Y小时内"
and 000 一(一) asks every request to be answered (初步响应). A ticket can be
bound by several promises at once -- its priority's (urgent: 30 minutes),
its category's (after-sales: 24 hours) -- and a QA auditor holds it to all
of them: every applicable target applies, and a breach of any one is a
finding naming the target it broke (the one whose deadline came first) and
that deadline. A category target never relaxes an urgent ticket's.

Y, the promise to requests received outside working hours, is its own rule
so that a standard can give it its own severity (cn-baseline: a warning, as
a night-time answer is a courtesy; contact-center: an error).

The first response is ``first_response_at``, else the first public agent
message (bots and internal notes do not count); a ticket resolved without a
recorded response counts its resolution. ``kpi.first-reply-attainment``
measures the same promise with :func:`measure_first_reply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from svccheck.io.base import TICKET
from svccheck.model import ENUMS
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.timeline import timeline
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    as_of_lit,
    duration_text,
    goal_text,
    instant_text,
    target_clock,
    with_target,
)

PRIORITIES = ENUMS["priority"]
TARGETS_BY_PRIORITY = {
    "type": "object",
    "propertyNames": {"enum": list(PRIORITIES)},
    "additionalProperties": TARGET_SCHEMA,
}
CATEGORY_TARGETS = {
    "type": "object",
    "propertyNames": {"enum": list(ENUMS["category"])},
    "additionalProperties": TARGET_SCHEMA,
}
DEFAULT_TARGETS = {
    "urgent": {"minutes": 30, "clock": "calendar"},
    "high": {"hours": 1, "clock": "working"},
    "normal": {"hours": 2, "clock": "working"},
    "low": {"hours": 8, "clock": "working"},
}


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "first_response_at" in columns or has_events:
        return None
    return "export has neither first_response_at nor messages"


def replies(ctx: RuleContext) -> pl.LazyFrame:
    """Every ticket with ``_reply`` (its first response or null), ``_end`` (the
    reply, else the resolution, else ``--as-of``), ``_answered`` and
    ``_reply_skip`` (why the wait cannot be measured, or null)."""
    frame = ctx.tickets
    reply = (pl.col("first_response_at") if "first_response_at" in ctx.columns
             else pl.lit(None, pl.Datetime("us", ctx.timezone)))
    unplaced = pl.lit(False)
    if ctx.events is not None and "at" in ctx.event_columns:
        firsts = (timeline(ctx).group_by(TICKET).agg(
            pl.col("at").filter(pl.col("update")).min().alias("_first_update"),
            pl.col("unplaced").any().alias("_unplaced"),
        ).collect().lazy())
        frame = frame.join(firsts, on=TICKET, how="left", maintain_order="left")
        reply = pl.coalesce(reply, pl.col("_first_update"))
        unplaced = pl.col("_unplaced").fill_null(False)
    tz = pl.Datetime("us", ctx.timezone)
    resolved = skips.resolved_at(ctx)
    frame = frame.with_columns(
        reply.cast(tz).alias("_reply"),
        pl.coalesce(reply, resolved, as_of_lit(ctx)).cast(tz).alias("_end"),
    )
    no_reply = pl.col("_reply").is_null()
    return frame.with_columns(
        (~no_reply | resolved.is_not_null()).alias("_answered"),
        skips.first(
            skips.unreadable_time(ctx, "created_at"),
            pl.when(no_reply & unplaced).then(skips.reason(ctx, *skips.NO_ROLE)),
            pl.when(no_reply).then(skips.resolved_without_time(ctx)),
        ).alias("_reply_skip"),
    )


@dataclass(frozen=True)
class Slot:
    """One promise a ticket may be bound by: its test, its target, and its name."""

    applies: pl.Expr
    target: dict[str, Any]
    what_zh: str
    what_en: str


def _slots(ctx: RuleContext, params: dict[str, Any]) -> list[Slot]:
    slots = [Slot(pl.col("priority") == p, t, f"紧急程度 {p}", f"{p} priority")
             for p, t in params["targets"].items()]
    if "category" in ctx.columns:
        slots += [Slot(pl.col("category") == c, t, f"诉求类型 {c}", f"category {c}")
                  for c, t in (params.get("category_targets") or {}).items()]
    return slots


def _pick(values: list[pl.Expr], index: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    chosen = pl.lit(None, dtype)
    for i in reversed(range(len(values))):
        chosen = pl.when(index == i).then(values[i]).otherwise(chosen)
    return chosen


def measure_first_reply(ctx: RuleContext, params: dict[str, Any]) -> pl.LazyFrame:
    """Every ticket in scope, measured against every first-reply target that applies.

    Adds ``_skip`` (why it was not judged), ``_answered``, ``_waiting``
    (unanswered and within every target: not yet judged by a KPI),
    ``_breached`` and, for the breached target whose deadline came first,
    ``_took`` (seconds on its clock), ``_clock``, ``_goal``, ``_what`` and
    ``_due``. Shared by ``response.first-reply`` and
    ``kpi.first-reply-attainment``, which therefore measure one promise.
    """
    frame = replies(ctx)
    if params.get("categories") and "category" in ctx.columns:
        frame = frame.filter(pl.col("category").is_in(params["categories"]))
    slots = _slots(ctx, params)
    for i, slot in enumerate(slots):
        frame = with_target(ctx, frame, "created_at", "_end", slot.target, f"_t{i}")
    applies = [slot.applies.fill_null(False) for slot in slots]
    breached = [a & (pl.col(f"_t{i}_elapsed") > pl.col(f"_t{i}_limit"))
                for i, a in enumerate(applies)]
    due_if = [pl.when(b).then(pl.col(f"_t{i}_due")) for i, b in enumerate(breached)]
    first_due = pl.min_horizontal(due_if) if due_if else pl.lit(None)
    pick = pl.lit(None, pl.Int64)
    for i in reversed(range(len(slots))):
        pick = pl.when(breached[i] & pl.col(f"_t{i}_due").eq_missing(pl.col("_first_due"))) \
            .then(pl.lit(i)).otherwise(pick)
    any_target = pl.any_horizontal(applies) if applies else pl.lit(False)
    any_breach = pl.any_horizontal(breached) if breached else pl.lit(False)
    has_priority_target = (pl.col("priority").is_in(list(params["targets"])).fill_null(False)
                           if "priority" in ctx.columns else pl.lit(False))
    frame = frame.with_columns(
        first_due.alias("_first_due"),
        any_breach.fill_null(False).alias("_breached"),
        skips.first(
            pl.col("_reply_skip"),
            pl.when(~any_target).then(skips.no_target(ctx, "priority", has_priority_target)),
        ).alias("_skip"),
    ).with_columns(pick.alias("_pick"))
    tz = pl.Datetime("us", ctx.timezone)
    return frame.with_columns(
        (~pl.col("_answered") & ~pl.col("_breached")).alias("_waiting"),
        _pick([pl.col(f"_t{i}_elapsed") for i in range(len(slots))], pl.col("_pick"),
              pl.Int64).alias("_took"),
        _pick([pl.lit(target_clock(s.target)) for s in slots], pl.col("_pick"),
              pl.String).alias("_clock"),
        _pick([pl.lit(goal_text(s.target, ctx)) for s in slots], pl.col("_pick"),
              pl.String).alias("_goal"),
        _pick([pl.lit(ctx.text(s.what_zh, s.what_en)) for s in slots], pl.col("_pick"),
              pl.String).alias("_what"),
        _pick([pl.col(f"_t{i}_due") for i in range(len(slots))], pl.col("_pick"),
              tz).alias("_due"),
    )


def _first_reply(ctx: RuleContext) -> pl.LazyFrame:
    """The first response comes within every target that applies to the ticket.

    The first response is ``first_response_at``, else the first **public**
    message by an agent (internal notes and bot messages do not count); a
    ticket resolved without a recorded response counts its resolution.
    Targets: one per priority on its own clock (cn-baseline: urgent 30
    calendar minutes, high 1, normal 2 and low 8 working hours), and
    ``category_targets`` for a category (after-sales: 24 calendar hours).
    Every applicable target applies -- an urgent after-sales ticket must be
    answered in 30 minutes -- and the finding names the breached target
    whose deadline came first, with that deadline. A ticket still
    unanswered at ``--as-of`` is a finding once a target has passed.
    Skipped, with the reason: tickets without a readable ``created_at``,
    whose priority has no target (and no category target applies), whose
    messages have no author roles, or resolved without ``resolved_at``.
    """
    frame = measure_first_reply(ctx, ctx.params)
    ctx.cover(frame, skip=pl.col("_skip"))
    late = frame.filter(pl.col("_skip").is_null() & pl.col("_breached"))
    took = duration_text(pl.col("_took"), ctx.lang, pl.col("_clock"))
    due = instant_text(pl.col("_due")).fill_null("?")
    message = pl.when(pl.col("_reply").is_not_null() | pl.col("_answered")).then(pl.format(
        ctx.text("首次响应用时{}，超过{} 的目标 {}，应于 {} 前响应",
                 "first response took {}, over the {} target for {}; due by {}"),
        *((took, pl.col("_what"), pl.col("_goal"), due) if ctx.lang == "zh"
          else (took, pl.col("_goal"), pl.col("_what"), due)),
    )).otherwise(pl.format(
        ctx.text("截至检查时仍未首次响应，已用时{}，超过{} 的目标 {}，应于 {} 前响应",
                 "no first response by --as-of after {}, over the {} target for {}; due by {}"),
        *((took, pl.col("_what"), pl.col("_goal"), due) if ctx.lang == "zh"
          else (took, pl.col("_goal"), pl.col("_what"), due)),
    ))
    return ctx.findings(late, field="first_response_at", message=message,
                        evidence=pl.col("_took").cast(pl.String) + pl.lit(" s"))


first_reply = columnar_rule(
    id="response.first-reply",
    scope="ticket",
    title={"zh": "首次响应及时", "en": "First reply in time"},
    severity="error",
    clause="000 一(一) 初步响应, 二.二 1-2",
    requires=("created_at", "priority"),
    requires_events=("at",),
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["targets"],
        "properties": {
            "targets": {**TARGETS_BY_PRIORITY, "default": DEFAULT_TARGETS},
            "category_targets": CATEGORY_TARGETS,
            "categories": {"type": "array", "items": {"enum": list(ENUMS["category"])}},
        },
    },
)(_first_reply)
first_reply = Rule(**{**first_reply.__dict__, "precondition": _precondition})


def _off_hours(ctx: RuleContext) -> pl.LazyFrame:
    """A request received outside working hours gets a first response within Y.

    Seed 000 二.二 1: "非工作时间Y小时内予以初步响应". Y is left open;
    cn-baseline chooses 12 calendar hours -- a request sent at 18:05 is
    answered by 06:05 -- as a warning, on top of the working-hours target
    of ``response.first-reply`` (X), which still applies. In scope: tickets
    whose ``created_at`` falls outside the calendar's working time
    (evenings, weekends, holidays); a ticket without a readable
    ``created_at`` is skipped, as its scope cannot be known. The first
    response is found as ``response.first-reply`` finds it.
    """
    assert ctx.calendar is not None
    target = ctx.params["target"]
    frame = ctx.calendar.with_in_hours(replies(ctx), "created_at", "_in_hours")
    frame = frame.filter(~pl.col("_in_hours").fill_null(False))
    frame = with_target(ctx, frame, "created_at", "_end", target, "_y")
    ctx.cover(frame, skip=pl.col("_reply_skip"))
    late = frame.filter(pl.col("_reply_skip").is_null()
                        & (pl.col("_y_elapsed") > pl.col("_y_limit")))
    clock = target_clock(target)
    took = duration_text(pl.col("_y_elapsed"), ctx.lang, clock)
    goal = goal_text(target, ctx)
    received = instant_text(pl.col("created_at"))
    due = instant_text(pl.col("_y_due"))
    message = pl.when(pl.col("_answered")).then(pl.format(
        ctx.text(f"非工作时间 {{}} 受理，首次响应用时{{}}，超过目标 {goal}，应于 {{}} 前响应",
                 f"received outside working hours ({{}}); first response took {{}}, "
                 f"over the {goal} target; due by {{}}"),
        received, took, due,
    )).otherwise(pl.format(
        ctx.text(f"非工作时间 {{}} 受理，截至检查时仍未首次响应，已用时{{}}，超过目标 {goal}，"
                 f"应于 {{}} 前响应",
                 f"received outside working hours ({{}}); no first response by --as-of after "
                 f"{{}}, over the {goal} target; due by {{}}"),
        received, took, due,
    ))
    return ctx.findings(late, field="first_response_at", message=message,
                        evidence=pl.col("_y_elapsed").cast(pl.String) + pl.lit(" s"))


first_reply_off_hours = columnar_rule(
    id="response.first-reply-off-hours",
    scope="ticket",
    title={"zh": "非工作时间首次响应及时", "en": "Off-hours request answered in time"},
    severity="warning",
    clause="000 二.二 1 (非工作时间Y小时内予以初步响应)",
    requires=("created_at",),
    requires_events=("at",),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "target": {**TARGET_SCHEMA, "default": {"hours": 12, "clock": "calendar"}},
        },
    },
)(_off_hours)
first_reply_off_hours = Rule(**{**first_reply_off_hours.__dict__,
                                "precondition": _precondition})
