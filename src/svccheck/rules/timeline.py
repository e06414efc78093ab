"""A ticket's events as a time line the time rules can read.

Not a plugin: the ``response.*``, ``revisit.*`` rules import it. Events come
from many exports, and a column the profile did not map must not crash a
rule (an events file without roles, a chat log without ``kind``): every
column here is present, a missing one as typed nulls. Events are in time
order per ticket, and the export's own order breaks ties -- a reply logged
in the same second as the message it answers stays after it.

What counts as what (the same meaning as the greeting and conduct rules):

* an **update** is a public message by an agent or supervisor: bots and
  system lines do not speak for the company, and an internal note is not
  news to the customer;
* a **customer message** is a public message by the customer;
* **staff progress** is an update or an internal note by staff (a note
  whose author has no role counts: customers cannot write notes);
* a message whose author has no role cannot be placed (``unplaced``).
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import TICKET
from svccheck.rule import RuleContext

AGENT_ROLES = ("agent", "supervisor")
#: Original order of an event in the export.
SEQ = "_seq"


def _column(ctx: RuleContext, name: str, dtype: pl.DataType) -> pl.Expr:
    if name in ctx.event_columns:
        return pl.col(name).cast(dtype)
    return pl.lit(None, dtype=dtype)


def timeline(ctx: RuleContext) -> pl.LazyFrame:
    """Events with a readable time: ``at``, ``kind``, ``role``, ``public``, ``author``,
    ``assignee``, ``text`` and the flags ``update``, ``customer``, ``progress``,
    ``unplaced``, sorted by ticket, time and export order.

    The rule must declare ``requires_events=("at",)``.
    """
    assert ctx.events is not None and "at" in ctx.event_columns
    kind = _column(ctx, "kind", pl.String()).fill_null("message")
    role = _column(ctx, "role", pl.String())
    public = _column(ctx, "public", pl.Boolean()).fill_null(True)
    message = kind == "message"
    staff = role.is_in(AGENT_ROLES).fill_null(False)
    return (
        ctx.events.with_row_index(SEQ)
        .filter(pl.col("at").is_not_null())
        .select(
            pl.col(TICKET), pl.col(SEQ),
            pl.col("at").cast(pl.Datetime("us", ctx.timezone)),
            kind.alias("kind"), role.alias("role"), public.alias("public"),
            _column(ctx, "author", pl.String()).alias("author"),
            _column(ctx, "assignee", pl.String()).alias("assignee"),
            _column(ctx, "text", pl.String()).alias("text"),
            (message & public & staff).alias("update"),
            (message & public & (role == "customer").fill_null(False)).alias("customer"),
            ((message & public & staff)
             | ((kind == "note") & (staff | role.is_null()))).alias("progress"),
            (message & role.is_null()).alias("unplaced"),
        )
        .sort([TICKET, "at", SEQ])
    )
