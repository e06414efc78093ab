"""The helpdesk's own measures, cross-checked against the conversation they measure.

A helpdesk records when a ticket was first answered -- Zendesk's
``ticket_metrics.reply_time_in_minutes``, Zammad's ``first_response_at``,
Freshdesk's ``stats.first_responded_at``. svccheck measures the first reply
itself, from the messages (the first *public agent* message: no internal
note, no trigger auto-reply, not the customer's request an agent typed in;
see :mod:`svccheck.rules.conversation`). The two should agree. When they do
not, either the export is broken -- a page of comments missing, messages
cut off -- or the helpdesk counts something else as a reply (an SLA policy
that takes internal notes or automatic messages for a first response), and
every report built on the helpdesk's figure is wrong. Seed 004 asks that the
record be accurate (二.1 准确记录; the template of 三 is the record), so the
disagreement is reported, as a warning: it is a question about the data, not
a breach of service.
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import public_agent_messages
from svccheck.rules.timing import duration_text

_TIME = "%Y-%m-%d %H:%M:%S"


@columnar_rule(
    id="record.vendor-first-reply",
    scope="ticket",
    title={"zh": "系统记录的首次响应与消息一致",
           "en": "Helpdesk's first-reply time matches the messages"},
    severity="warning",
    clause="004 三 (服务响应记录), 二.1 (准确记录)",
    requires=("vendor_first_response_at",),
    needs_events=True,
    requires_events=("at", "role"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "tolerance_seconds": {
                "type": "integer", "minimum": 0, "default": 60,
                "description": "how far apart the two times may be (Zendesk counts whole "
                               "minutes)",
            },
        },
    },
)
def vendor_first_reply(ctx: RuleContext) -> pl.LazyFrame:
    """The helpdesk's own first-reply time is when the first public agent message was sent.

    For every ticket whose export carries the helpdesk's first-reply measure
    (``vendor_first_response_at``: Zendesk's creation time plus
    ``reply_time_in_minutes.calendar``, Zammad's ``first_response_at``,
    Freshdesk's ``stats.first_responded_at``), the first public agent message
    is found as ``response.first-reply`` finds it: internal notes, trigger
    and system messages, bots, and the customer's opening request (whoever
    typed it) are not replies. Times more than ``tolerance_seconds`` apart
    (one minute: Zendesk counts whole minutes), on the calendar clock, are a
    finding -- a sign of an export with messages missing, or of a helpdesk
    whose SLA counts a note or an automatic message as the first reply. A
    ticket with no public agent message to compare is skipped, and says so.
    """
    tolerance = ctx.params["tolerance_seconds"]
    tickets = ctx.tickets.filter(pl.col("vendor_first_response_at").is_not_null()).select(
        TICKET, ROW, SOURCE, pl.col("vendor_first_response_at").alias("_vendor"))
    first = (public_agent_messages(ctx).filter(pl.col("at").is_not_null())
             .group_by(TICKET).agg(pl.col("at").min().alias("_measured")))
    frame = tickets.join(first, on=TICKET, how="left", maintain_order="left")
    ctx.cover(frame, skip=pl.when(pl.col("_measured").is_null()).then(
        pl.lit(ctx.text("没有公开的客服消息", "no public agent message"))))
    apart = (pl.col("_measured") - pl.col("_vendor")).dt.total_seconds().abs()
    found = frame.with_columns(apart.alias("_apart")).filter(pl.col("_apart") > tolerance)
    vendor = pl.col("_vendor").dt.strftime(_TIME)
    measured = pl.col("_measured").dt.strftime(_TIME)
    when = pl.when(pl.col("_measured") < pl.col("_vendor"))
    message = when.then(pl.format(
        ctx.text("系统记录的首次响应时间为 {}，但首条公开客服消息早在 {}(相差 {})",
                 "the helpdesk records the first reply at {}, but the first public agent "
                 "message came earlier, at {} ({} apart)"),
        vendor, measured, duration_text(pl.col("_apart"), ctx.lang),
    )).otherwise(pl.format(
        ctx.text("系统记录的首次响应时间为 {}，但首条公开客服消息在 {}(相差 {})",
                 "the helpdesk records the first reply at {}, but the first public agent "
                 "message came at {} ({} apart)"),
        vendor, measured, duration_text(pl.col("_apart"), ctx.lang),
    ))
    return ctx.findings(found, field="vendor_first_response_at", message=message,
                        evidence=pl.format("{} / {}", vendor, measured))


RULES: list[Rule] = [vendor_first_reply]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
