"""The ``response.*`` family: was the customer answered, progressed and served in time?

The seeds' commitments are about time: "工作时间X小时内/非工作时间Y小时内予以初步
响应" (000 二.二 1), "紧急问题...Z小时内给出解决方案" (000 二.二 2), "需24小时内反馈
处理进度" (004 二.3), "在线消息10秒内响应 / 电话铃响三声内" (002 2.1). Every rule
here measures elapsed time on the clock the standard names -- working time on
the standard's business calendar, or calendar time -- and a breach is
*elapsed > target*, counted to the second. All are columnar.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import ENUMS
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    as_of_lit,
    clock_text,
    duration_text,
    target_seconds,
    target_text,
    with_elapsed,
)

AGENT_ROLES = ("agent", "supervisor")
PRIORITIES = ("urgent", "high", "normal", "low")
TARGETS_BY_PRIORITY = {
    "type": "object",
    "propertyNames": {"enum": list(PRIORITIES)},
    "additionalProperties": TARGET_SCHEMA,
}


def _target_map(targets: dict[str, Any], key: str) -> pl.Expr:
    """Per-priority target seconds as an expression on ``priority``."""
    mapping = {p: target_seconds(t) for p, t in targets.items()}
    return pl.col(key).replace_strict(mapping, default=None, return_dtype=pl.Int64)


def _text_map(targets: dict[str, Any], key: str, ctx: RuleContext) -> pl.Expr:
    mapping = {
        p: f"{target_text(t, ctx.lang)} ({clock_text(t['clock'], ctx)})"
        for p, t in targets.items()
    }
    return pl.col(key).replace_strict(mapping, default=None, return_dtype=pl.String)


def public_agent_messages(ctx: RuleContext) -> pl.LazyFrame:
    """Messages an agent showed the customer: no internal notes, no bots."""
    assert ctx.events is not None
    cols = ctx.event_columns
    keep = pl.col("at").is_not_null()
    keep &= pl.col("role").is_in(AGENT_ROLES) if "role" in cols else pl.lit(False)
    if "public" in cols:
        keep &= pl.col("public").fill_null(True)
    if "kind" in cols:
        keep &= pl.col("kind").fill_null("message") == "message"
    return ctx.events.filter(keep)


def _first_reply_precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "first_response_at" in columns or has_events:
        return None
    return "export has neither first_response_at nor messages"


def measure_first_reply(ctx: RuleContext, params: dict[str, Any]) -> pl.LazyFrame:
    """Every ticket with a first-reply target, with its measured time.

    Adds ``_reply`` (the first response, or null), ``_elapsed`` (seconds on
    the target's clock until the reply, else the resolution, else
    ``--as-of``), ``_target`` (seconds), ``_target_text`` and ``_answered``.
    Shared by ``response.first-reply`` and ``kpi.first-reply-attainment``.
    """
    targets: dict[str, Any] = params["targets"]
    outside: dict[str, Any] = params.get("outside_hours") or {}
    by_category: dict[str, Any] = params.get("category_targets") or {}
    frame = ctx.tickets.filter(pl.col("created_at").is_not_null())
    if params.get("categories") and "category" in ctx.columns:
        frame = frame.filter(pl.col("category").is_in(params["categories"]))
    reply = pl.col("first_response_at") if "first_response_at" in ctx.columns else pl.lit(None)
    if ctx.events is not None and "role" in ctx.event_columns:
        first_agent = public_agent_messages(ctx).group_by(TICKET).agg(
            pl.col("at").min().alias("_first_agent")
        )
        frame = frame.join(first_agent, on=TICKET, how="left", maintain_order="left")
        reply = pl.coalesce(reply, pl.col("_first_agent"))
    resolved = pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None)
    frame = frame.with_columns(
        reply.cast(pl.Datetime("us", ctx.timezone)).alias("_reply"),
        pl.coalesce(reply, resolved, as_of_lit(ctx)).cast(pl.Datetime("us", ctx.timezone))
        .alias("_end"),
    )
    # Which target applies: a category target, else the outside-hours one
    # where given and created outside hours, else the priority's.
    key = pl.col("priority")
    if outside:
        assert ctx.calendar is not None
        frame = ctx.calendar.with_in_hours(frame, "created_at", "_in_hours")
        key = (
            pl.when(~pl.col("_in_hours") & pl.col("priority").is_in(list(outside)))
            .then(pl.lit("outside:") + pl.col("priority"))
            .otherwise(key)
        )
    if by_category and "category" in ctx.columns:
        key = (
            pl.when(pl.col("category").is_in(list(by_category)))
            .then(pl.lit("category:") + pl.col("category"))
            .otherwise(key)
        )
    frame = frame.with_columns(key.alias("_key"))
    all_targets = {
        **targets,
        **{f"outside:{p}": t for p, t in outside.items()},
        **{f"category:{c}": t for c, t in by_category.items()},
    }
    clocks = sorted({t["clock"] for t in all_targets.values()})
    for clock in clocks:
        frame = with_elapsed(ctx, frame, "created_at", "_end", clock, f"_el_{clock}")
    elapsed = pl.lit(None, pl.Int64)
    for clock in clocks:
        keys = [k for k, t in all_targets.items() if t["clock"] == clock]
        elapsed = pl.when(pl.col("_key").is_in(keys)).then(pl.col(f"_el_{clock}")).otherwise(
            elapsed
        )
    return frame.with_columns(
        elapsed.alias("_elapsed"),
        _target_map(all_targets, "_key").alias("_target"),
        _text_map(all_targets, "_key", ctx).alias("_target_text"),
        (pl.col("_reply").is_not_null() | pl.col("_end").ne(as_of_lit(ctx))).alias("_answered"),
    ).filter(pl.col("_target").is_not_null())


def _first_reply(ctx: RuleContext) -> pl.LazyFrame:
    """The first response comes within the target for the ticket's priority.

    The first response is ``first_response_at``, else the first **public**
    message by an agent (internal notes and bot messages do not count); a
    ticket resolved without a recorded response counts its resolution. Each
    priority has its own target on its own clock (cn-baseline: urgent 30
    calendar minutes, high 1, normal 2 and low 8 working hours).
    ``outside_hours`` gives separate targets for tickets received outside
    working hours (the seed's "非工作时间Y小时内"); ``category_targets`` gives
    a category its own target, before all others (after-sales: 24 calendar
    hours). A ticket still unanswered at ``--as-of`` is a finding once its
    target has passed.
    """
    frame = measure_first_reply(ctx, ctx.params).filter(pl.col("_elapsed") > pl.col("_target"))
    took = duration_text(pl.col("_elapsed"), ctx.lang)
    message = pl.when(pl.col("_answered")).then(pl.format(
        ctx.text("首次响应用时 {}，超过目标 {}", "first response took {}, over the {} target"),
        took, pl.col("_target_text"),
    )).otherwise(pl.format(
        ctx.text("截至检查时仍未首次响应，已用时 {}，超过目标 {}",
                 "no first response by --as-of after {}, over the {} target"),
        took, pl.col("_target_text"),
    ))
    return ctx.findings(frame, field="first_response_at", message=message,
                        evidence=pl.col("_elapsed").cast(pl.String) + pl.lit(" s"))


first_reply = columnar_rule(
    id="response.first-reply",
    scope="ticket",
    title={"zh": "首次响应及时", "en": "First reply in time"},
    severity="error",
    clause="000 一(一) 初步响应, 二.二 1-2",
    requires=("created_at", "priority"),
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["targets"],
        "properties": {
            "targets": {**TARGETS_BY_PRIORITY, "default": {
                "urgent": {"minutes": 30, "clock": "calendar"},
                "high": {"hours": 1, "clock": "working"},
                "normal": {"hours": 2, "clock": "working"},
                "low": {"hours": 8, "clock": "working"},
            }},
            "outside_hours": TARGETS_BY_PRIORITY,
            "category_targets": {
                "type": "object",
                "propertyNames": {"enum": list(ENUMS["category"])},
                "additionalProperties": TARGET_SCHEMA,
            },
            "categories": {"type": "array", "items": {"enum": list(ENUMS["category"])}},
        },
    },
)(_first_reply)
first_reply = Rule(**{**first_reply.__dict__, "precondition": _first_reply_precondition})


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

    Resolved after ``due_at``: a finding saying how late. Not resolved and
    ``due_at`` before ``--as-of``: overdue, saying by how much. Calendar time:
    a promise to the customer is a moment, not an amount of work.
    """
    resolved = pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None)
    done = resolved.is_not_null()
    if "status" in ctx.columns:
        done |= pl.col("status").is_in(["resolved", "closed"])
    end = pl.when(resolved.is_not_null()).then(resolved).otherwise(
        pl.when(~done).then(as_of_lit(ctx))
    )
    frame = ctx.tickets.filter(pl.col("due_at").is_not_null()).with_columns(
        end.cast(pl.Datetime("us", ctx.timezone)).alias("_end"),
        resolved.is_not_null().alias("_resolved"),
    )
    frame = with_elapsed(ctx, frame, "due_at", "_end", "calendar", "_late")
    frame = frame.filter(pl.col("_late") > 0)
    late = duration_text(pl.col("_late"), ctx.lang)
    due = pl.col("due_at").dt.strftime("%Y-%m-%d %H:%M")
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text("晚于预计完成时间 {} 完成，超出 {}", "promised by {}, resolved {} late"),
        due, late,
    )).otherwise(pl.format(
        ctx.text("已过预计完成时间 {} 仍未完成，逾期 {}", "promised by {}, still open {} later"),
        due, late,
    ))
    key = pl.when(pl.col("_resolved")).then(pl.lit("late")).otherwise(pl.lit("overdue"))
    return ctx.findings(frame, field="resolved_at", message=message, key=key,
                        evidence=pl.col("_late").cast(pl.String) + pl.lit(" s"))


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
    """Urgent tickets are resolved within the target after creation.

    Seed 000 二.二 2: "对于紧急问题...力求在Z小时内给出解决方案"; Z is left open,
    cn-baseline chooses 4 calendar hours. A ticket still open at ``--as-of``
    past the target is a finding too.
    """
    target = ctx.params["target"]
    seconds = target_seconds(target)
    resolved = pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None)
    frame = ctx.tickets.filter(
        pl.col("priority").is_in(ctx.params["priorities"]) & pl.col("created_at").is_not_null()
    ).with_columns(
        pl.coalesce(resolved, as_of_lit(ctx)).cast(pl.Datetime("us", ctx.timezone)).alias("_end"),
        resolved.is_not_null().alias("_resolved"),
    )
    frame = with_elapsed(ctx, frame, "created_at", "_end", target["clock"], "_elapsed")
    frame = frame.filter(pl.col("_elapsed") > seconds)
    took = duration_text(pl.col("_elapsed"), ctx.lang)
    goal = f"{target_text(target, ctx.lang)} ({clock_text(target['clock'], ctx)})"
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text(f"紧急工单解决用时 {{}}，超过目标 {goal}",
                 f"urgent ticket took {{}} to resolve, over the {goal} target"), took,
    )).otherwise(pl.format(
        ctx.text(f"紧急工单截至检查时已 {{}} 未解决，超过目标 {goal}",
                 f"urgent ticket still open after {{}} at --as-of, over the {goal} target"), took,
    ))
    return ctx.findings(frame, field="resolved_at", message=message,
                        evidence=pl.col("_elapsed").cast(pl.String) + pl.lit(" s"))


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
    tickets resolved within 48 hours. A ticket still open at ``--as-of`` past
    its target is a finding too.
    """
    targets = ctx.params["targets"]
    resolved = pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None)
    frame = ctx.tickets.filter(
        pl.col("category").is_in(list(targets)) & pl.col("created_at").is_not_null()
    ).with_columns(
        pl.coalesce(resolved, as_of_lit(ctx)).cast(pl.Datetime("us", ctx.timezone)).alias("_end"),
        resolved.is_not_null().alias("_resolved"),
    )
    clocks = sorted({t["clock"] for t in targets.values()})
    for clock in clocks:
        frame = with_elapsed(ctx, frame, "created_at", "_end", clock, f"_el_{clock}")
    elapsed = pl.lit(None, pl.Int64)
    for clock in clocks:
        keys = [k for k, t in targets.items() if t["clock"] == clock]
        elapsed = pl.when(pl.col("category").is_in(keys)).then(pl.col(f"_el_{clock}")).otherwise(
            elapsed
        )
    frame = frame.with_columns(
        elapsed.alias("_elapsed"),
        _target_map(targets, "category").alias("_target"),
        _text_map(targets, "category", ctx).alias("_target_text"),
    ).filter(pl.col("_elapsed") > pl.col("_target"))
    took = duration_text(pl.col("_elapsed"), ctx.lang)
    message = pl.when(pl.col("_resolved")).then(pl.format(
        ctx.text("{}类工单处理用时 {}，超过目标 {}",
                 "{} ticket took {} to resolve, over the {} target"),
        pl.col("category"), took, pl.col("_target_text"),
    )).otherwise(pl.format(
        ctx.text("{}类工单截至检查时已 {} 未解决，超过目标 {}",
                 "{} ticket still open after {} at --as-of, over the {} target"),
        pl.col("category"), took, pl.col("_target_text"),
    ))
    return ctx.findings(frame, field="resolved_at", message=message,
                        evidence=pl.col("_elapsed").cast(pl.String) + pl.lit(" s"))


@columnar_rule(
    id="response.progress-update",
    scope="ticket",
    title={"zh": "24小时内反馈进度", "en": "Progress reported in time"},
    severity="error",
    clause="004 二.3 (24小时内反馈处理进度), 000 一(三) 过程透明",
    needs_events=True,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "target": {**TARGET_SCHEMA, "default": {"hours": 24, "clock": "calendar"}},
            "pause_statuses": {
                "type": "array", "items": {"type": "string"}, "default": ["pending"],
            },
        },
    },
)
def progress_update(ctx: RuleContext) -> pl.LazyFrame:
    """While a ticket is open, the customer hears back within the target.

    Every public customer message and every hand-off (a ``handoff`` event,
    or an event whose ``assignee`` differs from the ticket's previous one)
    starts a clock that the next public agent message stops. The clock is
    anchored on the **oldest unanswered** customer message: a second message
    does not restart it. Status events whose text is in ``pause_statuses``
    (e.g. pending: waiting on the customer) pause it until the next status
    event. Triggers after resolution do not count; an unanswered trigger at
    the end is measured to resolution or ``--as-of``.
    """
    assert ctx.events is not None
    target = ctx.params["target"]
    seconds = target_seconds(target)
    cols = ctx.event_columns
    role = pl.col("role") if "role" in cols else pl.lit(None, pl.String)
    kind = pl.col("kind").fill_null("message") if "kind" in cols else pl.lit("message")
    public = pl.col("public").fill_null(True) if "public" in cols else pl.lit(True)
    text = pl.col("text") if "text" in cols else pl.lit(None, pl.String)
    is_message = kind == "message"
    # A change of assignee/team is a hand-off too: compared with the ticket's
    # previous known value, so the first assignment is not one.
    if "assignee" in cols:
        previous = pl.col("assignee").forward_fill().shift(1).over(TICKET)
        reassigned = (pl.col("assignee").is_not_null() & previous.is_not_null()
                      & (pl.col("assignee") != previous))
    else:
        reassigned = pl.lit(False)
    trigger = (is_message & public & (role == "customer")) | (kind == "handoff") | reassigned
    response = is_message & public & role.is_in(AGENT_ROLES)
    status = kind == "status"
    pausing = text.str.strip_chars().str.to_lowercase().is_in(
        [s.lower() for s in ctx.params["pause_statuses"]]
    )

    tickets = ctx.tickets.select(
        TICKET, ROW, SOURCE,
        (pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None))
        .cast(pl.Datetime("us", ctx.timezone)).alias("_resolved"),
    )
    events = (
        ctx.events.filter(pl.col("at").is_not_null())
        # export order breaks ties of equal times (a reply logged in the same
        # second as the message it answers must stay after it)
        .join(tickets.select(TICKET, "_resolved"), on=TICKET, how="inner",
              maintain_order="left")
        .filter(pl.col("_resolved").is_null() | (pl.col("at") < pl.col("_resolved")))
        .sort([TICKET, "at"], maintain_order=True)
        .with_columns(
            trigger.fill_null(False).alias("_trigger"),
            (kind == "handoff").fill_null(False).or_(reassigned.fill_null(False))
            .alias("_handoff"),
            response.fill_null(False).alias("_response"),
            # paused state after each event: status events set it, others carry it
            pl.when(status).then(pausing.fill_null(False)).otherwise(None).alias("_pause_set"),
        )
        .with_columns(
            pl.col("_pause_set").forward_fill().over(TICKET).fill_null(False).alias("_paused"),
            pl.col("at").shift(-1).over(TICKET).alias("_next_at"),
            # a response closes the segment it ends: it belongs with the triggers before it
            (pl.col("_response").cast(pl.Int32).cum_sum().over(TICKET)
             - pl.col("_response").cast(pl.Int32)).alias("_seg"),
        )
    )
    segments = (
        events.group_by(TICKET, "_seg")
        .agg(
            pl.col("at").filter(pl.col("_trigger")).min().alias("_anchor"),
            # events are sorted by time, so the first trigger is the anchor
            pl.col("_handoff").filter(pl.col("_trigger")).first().alias("_by_handoff"),
            pl.col("at").filter(pl.col("_response")).min().alias("_reply"),
            pl.col("_resolved").first(),
        )
        .filter(pl.col("_anchor").is_not_null())
        .with_columns(
            pl.coalesce("_reply", "_resolved", as_of_lit(ctx))
            .cast(pl.Datetime("us", ctx.timezone)).alias("_end")
        )
    )
    # paused time inside [anchor, end): each paused event interval, clipped
    paused = (
        events.filter(pl.col("_paused"))
        .select(TICKET, "at", "_next_at")
        .join(segments.select(TICKET, "_seg", "_anchor", "_end"), on=TICKET, how="inner")
        .with_columns(
            pl.max_horizontal("at", "_anchor").alias("_p0"),
            pl.min_horizontal(pl.coalesce("_next_at", "_end"), "_end").alias("_p1"),
        )
        .filter(pl.col("_p1") > pl.col("_p0"))
    )
    paused = with_elapsed(ctx, paused, "_p0", "_p1", target["clock"], "_pause")
    paused = paused.group_by(TICKET, "_seg").agg(pl.col("_pause").sum())
    frame = with_elapsed(ctx, segments, "_anchor", "_end", target["clock"], "_gross")
    frame = (
        frame.join(paused, on=[TICKET, "_seg"], how="left")
        .with_columns((pl.col("_gross") - pl.col("_pause").fill_null(0)).alias("_elapsed"))
        .filter(pl.col("_elapsed") > seconds)
        .join(tickets.select(TICKET, ROW, SOURCE), on=TICKET, how="left")
        .sort([SOURCE, ROW, "_anchor"])
    )
    took = duration_text(pl.col("_elapsed"), ctx.lang)
    goal = f"{target_text(target, ctx.lang)} ({clock_text(target['clock'], ctx)})"
    since = pl.col("_anchor").dt.strftime("%Y-%m-%d %H:%M:%S")
    what = pl.when(pl.col("_by_handoff")).then(
        pl.lit(ctx.text("转交", "hand-off"))
    ).otherwise(pl.lit(ctx.text("客户消息", "customer message")))
    message = pl.when(pl.col("_reply").is_not_null()).then(pl.format(
        ctx.text(f"{{}} {{}} 后 {{}} 才有答复，超过目标 {goal}",
                 f"{{}} of {{}} answered after {{}}, over the {goal} target"),
        what, since, took,
    )).otherwise(pl.format(
        ctx.text(f"{{}} {{}} 后 {{}} 未有答复，超过目标 {goal}",
                 f"{{}} of {{}} unanswered for {{}}, over the {goal} target"),
        what, since, took,
    ))
    return ctx.findings(frame, message=message, evidence=since, key=since)


_LIVE_DEFAULT = {
    "chat": {"seconds": 10, "clock": "calendar"},
    "phone": {"seconds": 15, "clock": "calendar"},
}


@columnar_rule(
    id="response.live-answer",
    scope="ticket",
    title={"zh": "在线/电话及时接起", "en": "Live contacts answered in time"},
    severity="warning",
    clause="002 2.1 (电话铃响三声内, 在线消息10秒内响应)",
    requires=("offered_at", "answered_at", "channel"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "targets": {
                "type": "object",
                "additionalProperties": TARGET_SCHEMA,
                "default": _LIVE_DEFAULT,
            },
        },
    },
)
def live_answer(ctx: RuleContext) -> pl.LazyFrame:
    """A live contact is answered within seconds: chat 10 s, phone 15 s (three rings).

    Seed 002 2.1: "电话铃响三声内，在线消息10秒内响应". Measured from
    ``offered_at`` to ``answered_at`` at second precision, per channel; an
    export without these fields leaves the rule not evaluated. Contacts
    never answered (abandoned) are not measured here.
    """
    targets = ctx.params["targets"]
    frame = ctx.tickets.filter(
        pl.col("offered_at").is_not_null() & pl.col("answered_at").is_not_null()
        & pl.col("channel").is_in(list(targets))
    )
    clocks = {t["clock"] for t in targets.values()}
    for clock in clocks:
        frame = with_elapsed(ctx, frame, "offered_at", "answered_at", clock, f"_el_{clock}")
    elapsed = pl.lit(None, pl.Int64)
    for clock in clocks:
        keys = [k for k, t in targets.items() if t["clock"] == clock]
        elapsed = pl.when(pl.col("channel").is_in(keys)).then(pl.col(f"_el_{clock}")).otherwise(
            elapsed
        )
    frame = frame.with_columns(
        elapsed.alias("_elapsed"),
        _target_map(targets, "channel").alias("_target"),
        _text_map(targets, "channel", ctx).alias("_target_text"),
    ).filter(pl.col("_elapsed") > pl.col("_target"))
    message = pl.format(
        ctx.text("{}接起用时 {}，超过目标 {}", "{} answered after {}, over the {} target"),
        pl.col("channel"), duration_text(pl.col("_elapsed"), ctx.lang), pl.col("_target_text"),
    )
    return ctx.findings(frame, field="answered_at", message=message,
                        evidence=pl.col("_elapsed").cast(pl.String) + pl.lit(" s"))


RULES: list[Rule] = [
    first_reply, resolution_due, urgent_resolution, resolution_time, progress_update, live_answer,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
