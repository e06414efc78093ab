"""``escalation.stalled``: a ticket that cannot go on as planned goes up.

Seed 000 一(三) 问题升级: "在服务过程中若遇到新的问题或无法按计划推进时，应立即
启动问题升级机制，向上级或相关负责人汇报，寻求支持". An export cannot say why a
plan stalled, but it shows that it did: a ticket still open past the time
promised to the customer (预计完成时间), or -- where a standard sets the
number -- open longer than N working days. Such a ticket must have a
supervisor involved: its owner, a hand-off, a note or a remark, as
``escalation.complaint-owner`` reads it (:mod:`svccheck.rules.supervisors`:
客服主管, 客服经理, 主管 or a supervisor role; 升级 in APP升级/系统升级 is no
escalation).

No helpdesk checks this: an SLA engine reports the breach, not whether
anyone above the agent looked at it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.pauses import paused_text, with_paused
from svccheck.rules.supervisors import PARAMS, involved
from svccheck.rules.timing import (
    as_of_lit,
    duration_text,
    goal_text,
    instant_text,
    with_elapsed,
    with_target,
)

#: Where a pause count starts for a ticket without a readable ``created_at``.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _open_status_unknown(ctx: RuleContext) -> pl.Expr:
    """``status '已完结' is not a known value`` for a ticket without ``resolved_at`` whose
    status the profile could not map: it may be closed."""
    if "status" not in ctx.columns:
        return pl.lit(None, pl.String)
    return pl.when(skips.resolved_at(ctx).is_null()).then(skips.unknown_value(ctx, "status"))


def _stalled(ctx: RuleContext) -> pl.LazyFrame:
    """An open ticket past its promised time has a supervisor involved.

    Seed 000 一(三) 问题升级 ("无法按计划推进时，应立即启动问题升级机制，向上级或
    相关负责人汇报"). A ticket not resolved at ``--as-of`` whose promised
    completion time (``due_at``, 预计完成时间) has passed -- net of the time it
    waited on the customer, as ``response.resolution-due`` counts it; due
    exactly at ``--as-of`` is not yet stalled -- or, where a standard sets
    ``open_working_days``, one open longer than that many working days (on
    the calendar, time waiting on the customer not counted), is stalled. A
    stalled ticket needs a supervisor involved, as
    ``escalation.complaint-owner`` reads it: the assignee's role or title
    (客服主管, 客服经理, 主管 ...; 组长 only with ``team_leads``), a remark or the
    resolution naming the escalation (已上报客服主管B, 已升级主管处理; 升级 in
    APP升级/系统升级 and a negated escalation are none), or an event by a
    supervisor, naming the escalation, or handing the ticket to one. Events
    after ``--as-of`` are not known yet.

    In scope: tickets open at ``--as-of`` with a promised time (and, with
    ``open_working_days``, every open ticket). Skipped: an unreadable
    ``due_at`` or ``created_at`` the clause needs, and a status the profile
    does not know on a ticket without ``resolved_at`` (it may be closed).
    """
    params = ctx.params
    days = params["open_working_days"]
    tz = pl.Datetime("us", ctx.timezone)
    as_of = as_of_lit(ctx)
    has_due = skips.raw_value(ctx, "due_at").is_not_null()
    scope = has_due if days is None else pl.lit(True)
    due = pl.col("due_at").cast(tz) if "due_at" in ctx.columns else pl.lit(None, tz)
    created = pl.col("created_at").cast(tz) if "created_at" in ctx.columns else pl.lit(None, tz)
    why = skips.first(
        _open_status_unknown(ctx),
        pl.when(has_due & due.is_null() & (pl.lit(days is None) | created.is_null()))
        .then(skips.unreadable_time(ctx, "due_at")),
        pl.when(~has_due & created.is_null()).then(skips.unreadable_time(ctx, "created_at")),
    )
    frame = ctx.tickets.filter(~skips.done(ctx) & scope).with_columns(
        why.alias("_skip"), due.alias("_due"), created.alias("_created"),
        as_of.alias("_as_of"),
        pl.coalesce(created, pl.lit(_EPOCH).cast(tz)).alias("_from"))
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = frame.filter(pl.col("_skip").is_null())
    # past the promised time, net of waiting on the customer
    frame = with_elapsed(ctx, frame, "_due", "_as_of", "calendar", "_gross")
    frame = with_paused(ctx, frame, "_from", "_as_of", "calendar", "_paused")
    frame = frame.with_columns(
        (pl.col("_gross") - pl.col("_paused")).fill_null(0).alias("_late"))
    stalled = pl.col("_late") > 0
    if days is not None:
        target = {"working_days": days}
        frame = with_target(ctx, frame, "_created", "_as_of", target, "_n")
        frame = with_paused(ctx, frame, "_from", "_as_of", "working", "_npaused")
        frame = frame.with_columns(
            (pl.col("_n_elapsed") - pl.col("_npaused")).alias("_open"))
        stalled |= (pl.col("_open") > pl.col("_n_limit")).fill_null(False)
    frame = involved(ctx, frame.filter(stalled), params, as_of)
    frame = frame.filter(~pl.col("_supervised"))
    owner = pl.col("assignee") if "assignee" in ctx.columns else pl.lit(None, pl.String)
    label = field_label("assignee", ctx.lang)
    paused = paused_text(ctx, pl.col("_paused"), duration_text(pl.col("_paused"), ctx.lang))
    message = pl.when(pl.col("_late") > 0).then(pl.format(
        ctx.text(f"已过预计完成时间 {{}} 仍未完成（逾期 {{}}{{}}），未见主管介入（{label}：{{}}）",
                 f"open past its promised time {{}} ({{}} overdue{{}}) with no supervisor "
                 f"involved ({label}: {{}})"),
        instant_text(pl.col("_due")), duration_text(pl.col("_late"), ctx.lang), paused,
        owner.fill_null("-")))
    if days is not None:
        goal = goal_text({"working_days": days}, ctx)
        message = message.otherwise(pl.format(
            ctx.text(f"工单已打开{{}}，超过 {goal}，未见主管介入（{label}：{{}}）",
                     f"open for {{}}, over {goal}, with no supervisor involved "
                     f"({label}: {{}})"),
            duration_text(pl.col("_open"), ctx.lang, "working"), owner.fill_null("-")))
    return ctx.findings(frame, field="assignee", message=message, evidence=owner)


stalled = columnar_rule(
    id="escalation.stalled",
    scope="ticket",
    title={"zh": "逾期未推进的工单上报主管", "en": "Stalled tickets go to a supervisor"},
    severity="error",
    clause="000 一(三) 问题升级",
    requires_any=("due_at", "created_at"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **PARAMS,
            "open_working_days": {
                "type": ["integer", "null"], "minimum": 1, "default": None,
                "description": "a ticket open longer than this many working days is stalled "
                               "too (null: only a ticket past its promised time)",
            },
        },
    },
)(_stalled)

RULES: list[Rule] = [stalled]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
