"""``response.live-answer``: a live contact is answered within seconds.

Seed 002 2.1: "在规定时间内(如电话铃响三声内,在线消息10秒内响应)". A contact
centre's export has the queue times (``offered_at`` → ``answered_at``); a
chat export often has only the conversation. Then the wait is the time from
the customer's first message to the first agent message after it (bots do
not answer for the company) -- the same promise, read from what the export
holds, so a chat log without queue times is still judged.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.io.base import TICKET
from svccheck.model import ENUMS
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.timeline import timeline
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    duration_text,
    goal_text,
    target_clock,
    with_target,
)

DEFAULT_TARGETS = {
    "chat": {"seconds": 10, "clock": "calendar"},
    "phone": {"seconds": 15, "clock": "calendar"},
}


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if {"offered_at", "answered_at"} <= columns or has_events:
        return None
    return "export has neither offered_at/answered_at nor messages"


def _by_channel(names: list[str], values: list[pl.Expr], dtype: pl.DataType) -> pl.Expr:
    chosen = pl.lit(None, dtype)
    for i in reversed(range(len(names))):
        chosen = pl.when(pl.col("channel") == names[i]).then(values[i]).otherwise(chosen)
    return chosen


def _waits(ctx: RuleContext, from_messages: list[str]) -> pl.LazyFrame:
    """Tickets with ``_start``/``_stop`` (the wait) and ``_skip`` (why it is unknown)."""
    tz = pl.Datetime("us", ctx.timezone)
    none = pl.lit(None, tz)
    offered = pl.col("offered_at").cast(tz) if "offered_at" in ctx.columns else none
    answered = pl.col("answered_at").cast(tz) if "answered_at" in ctx.columns else none
    frame = ctx.tickets
    first_customer = first_agent = none
    unplaced = pl.lit(False)
    if ctx.events is not None and "at" in ctx.event_columns:
        opened = pl.col("at").filter(pl.col("customer")).min()
        chats = timeline(ctx).group_by(TICKET).agg(
            opened.alias("_customer"),
            pl.col("at").filter(pl.col("update") & (pl.col("at") >= opened)).min()
            .alias("_agent"),
            pl.col("unplaced").any().alias("_unplaced"),
        )
        frame = frame.join(chats, on=TICKET, how="left", maintain_order="left")
        first_customer, first_agent = pl.col("_customer"), pl.col("_agent")
        unplaced = pl.col("_unplaced").fill_null(False)
    queued = offered.is_not_null()
    by_messages = ~queued & pl.col("channel").is_in(from_messages).fill_null(False)
    return frame.with_columns(
        pl.when(queued).then(offered).otherwise(first_customer).alias("_start"),
        pl.when(queued).then(answered).otherwise(first_agent).alias("_stop"),
        # offered but never answered: abandoned, kpi.abandonment-rate's concern
        (queued & answered.is_null()).alias("_abandoned"),
        skips.first(
            skips.unknown_value(ctx, "channel"),
            pl.when(~queued & ~by_messages).then(
                skips.reason(ctx, "没有进线/接起时间", "no offered_at/answered_at")),
            pl.when(by_messages & first_customer.is_null()).then(
                skips.reason(ctx, *skips.NO_CUSTOMER_MESSAGE)),
            pl.when(by_messages & first_agent.is_null() & unplaced).then(
                skips.reason(ctx, *skips.NO_ROLE)),
            pl.when(by_messages & first_agent.is_null()).then(
                skips.reason(ctx, *skips.NO_AGENT_MESSAGE)),
        ).alias("_skip"),
    )


def _live_answer(ctx: RuleContext) -> pl.LazyFrame:
    """A live contact is answered within seconds: chat 10 s, phone 15 s (three rings).

    Seed 002 2.1: "电话铃响三声内，在线消息10秒内响应". Measured at second
    precision, per channel: from ``offered_at`` to ``answered_at`` where the
    export has them; for a ``from_messages`` channel (chat) without them,
    from the customer's first message to the first public agent message
    after it. Contacts offered and never answered (abandoned) are not
    measured here (``kpi.abandonment-rate``). Skipped, with the reason: a
    live ticket with neither queue times nor a conversation to read, a chat
    without a customer message or without an agent answer, an unknown
    channel.
    """
    targets: dict[str, Any] = ctx.params["targets"]
    names = list(targets)
    frame = _waits(ctx, ctx.params["from_messages"])
    in_scope = (pl.col("channel").is_in(names).fill_null(False)
                | skips.unknown_value(ctx, "channel").is_not_null())
    frame = frame.filter(in_scope & ~pl.col("_abandoned"))
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = frame.filter(pl.col("_skip").is_null())
    for i, channel in enumerate(names):
        frame = with_target(ctx, frame, "_start", "_stop", targets[channel], f"_t{i}")
    frame = frame.with_columns(
        _by_channel(names, [pl.col(f"_t{i}_elapsed") for i in range(len(names))],
                    pl.Int64).alias("_elapsed"),
        _by_channel(names, [pl.col(f"_t{i}_limit") for i in range(len(names))],
                    pl.Int64).alias("_limit"),
        _by_channel(names, [pl.lit(target_clock(targets[c])) for c in names],
                    pl.String).alias("_clock"),
        _by_channel(names, [pl.lit(goal_text(targets[c], ctx)) for c in names],
                    pl.String).alias("_goal"),
    ).filter(pl.col("_elapsed") > pl.col("_limit"))
    message = pl.format(
        ctx.text("{}接起用时{}，超过目标 {}", "{} answered after {}, over the {} target"),
        pl.col("channel"), duration_text(pl.col("_elapsed"), ctx.lang, pl.col("_clock")),
        pl.col("_goal"),
    )
    return ctx.findings(frame, field="answered_at", message=message,
                        evidence=pl.col("_elapsed").cast(pl.String) + pl.lit(" s"))


live_answer = columnar_rule(
    id="response.live-answer",
    scope="ticket",
    title={"zh": "在线/电话及时接起", "en": "Live contacts answered in time"},
    severity="warning",
    clause="002 2.1 (电话铃响三声内, 在线消息10秒内响应)",
    requires=("channel",),
    requires_events=("at",),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "targets": {
                "type": "object",
                "propertyNames": {"enum": list(ENUMS["channel"])},
                "additionalProperties": TARGET_SCHEMA,
                "default": DEFAULT_TARGETS,
            },
            "from_messages": {
                "type": "array", "items": {"enum": list(ENUMS["channel"])},
                "uniqueItems": True, "default": ["chat"],
            },
        },
    },
)(_live_answer)
live_answer = Rule(**{**live_answer.__dict__, "precondition": _precondition})
