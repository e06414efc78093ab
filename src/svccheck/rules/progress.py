"""Keeping a ticket moving: ``response.handoff-feedback`` and ``response.progress-update``.

Two promises the seeds make about the time after the first answer:

* 004 二.3: a ticket handed to another team goes with the note "需24小时内反馈
  处理进度" -- the *receiving* team records progress within 24 hours. An
  internal note is progress: the promise is between teams.
* 000 一(三) 过程透明: the customer hears how things stand, regularly. From
  the first reply until resolution no gap between public agent updates may
  be longer than 24 hours, not counting time waiting on the customer.

Each wait gets one verdict from one rule: the wait before the first reply
belongs to ``response.first-reply`` alone, so progress is only measured
from the first reply on. Both read the event time line
(:mod:`svccheck.rules.timeline`) and report one finding per late gap.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.pauses import paused_text, with_paused
from svccheck.rules.timeline import timeline
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    as_of_lit,
    duration_text,
    goal_text,
    target_clock,
    with_target,
)

_PARAMS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "target": {**TARGET_SCHEMA, "default": {"hours": 24, "clock": "calendar"}},
    },
}


def _ticket_ends(ctx: RuleContext) -> pl.LazyFrame:
    """``TICKET``, ``_resolved`` (null if open) and ``_done`` per ticket."""
    tz = pl.Datetime("us", ctx.timezone)
    return ctx.tickets.select(
        TICKET, skips.resolved_at(ctx).cast(tz).alias("_resolved"),
        skips.done(ctx).alias("_done"),
    )


def _context(ctx: RuleContext, frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.join(ctx.tickets.select(TICKET, ROW, SOURCE), on=TICKET, how="left")


@columnar_rule(
    id="response.handoff-feedback",
    scope="ticket",
    title={"zh": "转交后24小时内反馈进度", "en": "Progress recorded after a hand-off"},
    severity="error",
    clause="004 二.3 (需24小时内反馈处理进度)",
    needs_events=True,
    requires_events=("at",),
    params=_PARAMS,
)
def handoff_feedback(ctx: RuleContext) -> pl.LazyFrame:
    """After a hand-off, the receiving assignee or team records progress within 24 hours.

    A hand-off is a ``handoff`` event, or an event whose ``assignee`` (the
    holder after it: a person or a team) differs from the ticket's previous
    one -- the first assignment is not a hand-off. Progress is a public
    agent reply or an internal note, after the hand-off, by anyone but the
    previous holder (where the export names authors). The wait ends at the
    first progress; without any, at the next hand-off, the resolution or
    ``--as-of`` -- each longer than the target is a finding. Hand-offs after
    resolution do not count. In scope: tickets with a hand-off. Skipped: a
    hand-off followed only by messages whose authors have no role, and
    tickets resolved without ``resolved_at``.
    """
    assert ctx.events is not None
    target = ctx.params["target"]
    cols = ctx.event_columns
    if "kind" not in cols and "assignee" not in cols:  # no hand-off can be seen
        ctx.cover(ctx.tickets.head(0))
        return ctx.findings(ctx.tickets.head(0), message="")
    previous = pl.col("assignee").forward_fill().shift(1).over(TICKET)
    reassigned = (pl.col("assignee").is_not_null() & previous.is_not_null()
                  & (pl.col("assignee") != previous))
    events = (
        timeline(ctx)
        .join(_ticket_ends(ctx), on=TICKET, how="inner", maintain_order="left")
        .with_columns(
            ((pl.col("kind") == "handoff") | reassigned).fill_null(False).alias("_handoff"),
            previous.alias("_sender"),
        )
        .with_columns(pl.col("_handoff") & (pl.col("_resolved").is_null()
                                            | (pl.col("at") < pl.col("_resolved")))
                      .alias("_handoff"))
        .with_columns(pl.col("_handoff").cast(pl.Int32).cum_sum().over(TICKET).alias("_h"))
        .filter(pl.col("_h") > 0)
    )
    anchor = pl.col("at").filter(pl.col("_handoff")).first()
    sender = pl.col("_sender").filter(pl.col("_handoff")).first()
    after = pl.col("at") > anchor
    by_other = pl.col("author").is_null() | sender.is_null() | (pl.col("author") != sender)
    tz = pl.Datetime("us", ctx.timezone)
    waits = (
        events.group_by(TICKET, "_h").agg(
            anchor.alias("_anchor"),
            pl.col("at").filter(after & pl.col("progress") & by_other).min().alias("_progress"),
            (after & pl.col("unplaced")).any().alias("_unplaced"),
            pl.col("_resolved").first(), pl.col("_done").first(),
        )
        .sort([TICKET, "_h"])
        .with_columns(pl.col("_anchor").shift(-1).over(TICKET).alias("_next"))
        .with_columns(
            pl.min_horizontal("_progress", "_next", "_resolved",
                              pl.when(~pl.col("_done")).then(as_of_lit(ctx)))
            .cast(tz).alias("_end"),
            pl.when(pl.col("_progress").is_null()).then(skips.first(
                pl.when(pl.col("_unplaced")).then(skips.reason(ctx, *skips.NO_ROLE)),
                pl.when(pl.col("_done") & pl.col("_resolved").is_null()).then(
                    skips.reason(ctx, "已解决但没有实际完成时间", "resolved without resolved_at")),
            )).alias("_skip"),
        )
    )
    per_ticket = waits.group_by(TICKET).agg(pl.col("_skip").drop_nulls().first())
    ctx.cover(per_ticket, skip=pl.col("_skip"))
    judged = waits.join(per_ticket.filter(pl.col("_skip").is_null()).select(TICKET),
                        on=TICKET, how="semi")
    frame = with_target(ctx, judged, "_anchor", "_end", target, "_w")
    frame = _context(ctx, frame.filter(pl.col("_w_elapsed") > pl.col("_w_limit"))) \
        .sort([SOURCE, ROW, "_anchor"])
    took = duration_text(pl.col("_w_elapsed"), ctx.lang, target_clock(target))
    goal = goal_text(target, ctx)
    since = pl.col("_anchor").dt.strftime("%Y-%m-%d %H:%M:%S")
    message = (
        pl.when(pl.col("_progress").is_not_null()).then(pl.format(ctx.text(
            f"{{}} 转交后，接收方{{}}后才记录处理进度，超过目标 {goal}",
            f"hand-off of {{}}: progress first recorded after {{}}, over the {goal} target"),
            since, took))
        .when(pl.col("_end") == pl.col("_next")).then(pl.format(ctx.text(
            f"{{}} 转交后没有记录处理进度，{{}}后再次转交，超过目标 {goal}",
            f"hand-off of {{}}: no progress recorded before it was handed on {{}} later, "
            f"over the {goal} target"), since, took))
        .when(pl.col("_end") == pl.col("_resolved")).then(pl.format(ctx.text(
            f"{{}} 转交后没有记录处理进度，{{}}后才解决，超过目标 {goal}",
            f"hand-off of {{}}: no progress recorded until resolution {{}} later, "
            f"over the {goal} target"), since, took))
        .otherwise(pl.format(ctx.text(
            f"{{}} 转交后截至检查时{{}}没有记录处理进度，超过目标 {goal}",
            f"hand-off of {{}}: no progress recorded for {{}} by --as-of, "
            f"over the {goal} target"), since, took))
    )
    return ctx.findings(frame, message=message, evidence=since, key=since)


@columnar_rule(
    id="response.progress-update",
    scope="ticket",
    title={"zh": "24小时内反馈进度", "en": "Progress reported in time"},
    severity="error",
    clause="000 一(三) 过程透明, 004 二.3 (24小时内反馈处理进度)",
    needs_events=True,
    requires_events=("at",),
    params=_PARAMS,
)
def progress_update(ctx: RuleContext) -> pl.LazyFrame:
    """From the first reply until resolution, no gap between agent updates exceeds the target.

    An update is a public agent message (``first_response_at``, where the
    export has it, is the first one). Each gap -- from one update to the
    next, and from the last to the resolution, or to ``--as-of`` while the
    ticket is open -- counts without the time the ticket waited on the
    customer (the calendar's ``paused_statuses``, from status events), and
    one longer than the target is a finding. The wait before the first
    reply is ``response.first-reply``'s. Skipped: tickets without any public
    agent message (or whose messages have no author roles), and tickets
    resolved without ``resolved_at``.
    """
    assert ctx.events is not None
    target = ctx.params["target"]
    clock = target_clock(target)
    tz = pl.Datetime("us", ctx.timezone)
    ends = _ticket_ends(ctx)
    updates = timeline(ctx).filter(pl.col("update")).select(TICKET, "at")
    if "first_response_at" in ctx.columns:
        updates = pl.concat([updates, ctx.tickets.filter(pl.col("first_response_at").is_not_null())
                             .select(TICKET, pl.col("first_response_at").cast(tz).alias("at"))])
    unplaced = timeline(ctx).group_by(TICKET).agg(pl.col("unplaced").any().alias("_unplaced"))
    updates = (
        updates.join(ends, on=TICKET, how="inner")
        .filter(pl.col("_resolved").is_null() | (pl.col("at") < pl.col("_resolved")))
        .unique([TICKET, "at"])
    )
    counted = updates.group_by(TICKET).agg(pl.len().alias("_updates"))
    scope = (
        ends.join(counted, on=TICKET, how="left").join(unplaced, on=TICKET, how="left")
        .with_columns(skips.first(
            pl.when(pl.col("_updates").is_null()).then(
                pl.when(pl.col("_unplaced").fill_null(False))
                .then(skips.reason(ctx, *skips.NO_ROLE))
                .otherwise(skips.reason(ctx, *skips.NO_AGENT_MESSAGE))),
            pl.when(pl.col("_done") & pl.col("_resolved").is_null()).then(
                skips.reason(ctx, "已解决但没有实际完成时间", "resolved without resolved_at")),
        ).alias("_skip"))
    )
    ctx.cover(scope, skip=pl.col("_skip"))
    gaps = (
        updates.join(scope.filter(pl.col("_skip").is_null()).select(TICKET), on=TICKET,
                     how="semi")
        # sorted after the join: a join does not keep order, and the next update is the
        # next row of the ticket's
        .sort([TICKET, "at"])
        .with_columns(pl.col("at").shift(-1).over(TICKET).alias("_next"))
        .with_columns(
            pl.coalesce("_next", "_resolved", as_of_lit(ctx)).cast(tz).alias("_end"),
            pl.when(pl.col("_next").is_not_null()).then(pl.lit("next"))
            .when(pl.col("_resolved").is_not_null()).then(pl.lit("resolved"))
            .otherwise(pl.lit("open")).alias("_until"),
        )
    )
    gaps = with_target(ctx, gaps, "at", "_end", target, "_g")
    gaps = with_paused(ctx, gaps, "at", "_end", clock, "_paused")
    frame = gaps.with_columns((pl.col("_g_elapsed") - pl.col("_paused")).alias("_net")) \
        .filter(pl.col("_net") > pl.col("_g_limit"))
    frame = _context(ctx, frame).sort([SOURCE, ROW, "at"])
    took = duration_text(pl.col("_net"), ctx.lang, clock)
    paused = paused_text(ctx, pl.col("_paused"), duration_text(pl.col("_paused"), ctx.lang, clock))
    goal = goal_text(target, ctx)
    since = pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S")
    message = (
        pl.when(pl.col("_until") == "next").then(pl.format(ctx.text(
            f"{{}} 的更新之后{{}}没有进展更新，超过目标 {goal}{{}}",
            f"no progress update for {{}} after the update of {{}}, over the {goal} "
            f"target{{}}"), *((since, took) if ctx.lang == "zh" else (took, since)), paused))
        .when(pl.col("_until") == "resolved").then(pl.format(ctx.text(
            f"{{}} 的更新之后直到解决{{}}没有进展更新，超过目标 {goal}{{}}",
            f"no progress update for {{}} between the update of {{}} and resolution, "
            f"over the {goal} target{{}}"),
            *((since, took) if ctx.lang == "zh" else (took, since)), paused))
        .otherwise(pl.format(ctx.text(
            f"{{}} 的更新之后截至检查时{{}}没有进展更新，超过目标 {goal}{{}}",
            f"no progress update since {{}}: {{}} by --as-of, over the {goal} target{{}}"),
            since, took, paused))
    )
    return ctx.findings(frame, message=message, evidence=since, key=since)

