"""Shared building blocks for rules that read the conversation (the events table).

Not a plugin: ``greeting``, ``conduct`` and ``privacy`` import it. It exists so
that "an agent's public message" means the same thing in every rule:

* a **message** is an event of kind ``message`` -- or with no kind at all,
  as in exports that only have chat lines;
* **public** is the ``public`` flag, and a missing flag counts as public (most
  chat exports have no internal notes, and treating an unknown line as
  customer-facing is the cautious reading);
* an **agent** is role ``agent`` or ``supervisor``; ``bot`` and ``system``
  lines are not a person speaking for the company (seed 002 2.1 is about the
  客服人员), and customers are not agents.

Everything is a polars expression on the events ``LazyFrame``; missing event
columns become typed nulls so each rule can be written once.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.pii import redact_series
from svccheck.rule import RuleContext

AGENT_ROLES: tuple[str, ...] = ("agent", "supervisor")
#: Statuses that mean the ticket was resolved.
DONE_STATUSES: tuple[str, ...] = ("resolved", "closed")
#: Original order of an event in the export (the tie-breaker for equal times).
SEQ = "_seq"
#: 1-based position of an event in its ticket's conversation (time order).
NTH = "_nth"
_ASCII_WORD = "abcdefghijklmnopqrstuvwxyz0123456789_"
#: A trailing run that could be the cut-off half of a number or address.
_CUT_TAIL = r"[\p{Nd}\p{Latin}\p{Zs}@＠._%+*＊\-－]+$"


def _column(ctx: RuleContext, name: str, dtype: pl.DataType) -> pl.Expr:
    if name in ctx.event_columns:
        return pl.col(name)
    return pl.lit(None, dtype=dtype)


def conversation(ctx: RuleContext) -> pl.LazyFrame:
    """All events with null-safe ``at``, ``kind``, ``role``, ``public``, ``text``.

    Adds ``_seq`` (export order), ``_nth`` (position in the ticket's
    conversation, by time then export order), ``is_message`` and
    ``is_agent`` and ``norm`` (the text normalised for phrase matching).
    """
    assert ctx.events is not None
    events = ctx.events.with_row_index(SEQ)
    at_dtype = pl.Datetime("us", ctx.timezone)
    frame = events.select(
        pl.col(TICKET), pl.col(ROW), pl.col(SOURCE), pl.col(SEQ),
        _column(ctx, "at", at_dtype).alias("at"),
        _column(ctx, "kind", pl.String()).fill_null("message").alias("kind"),
        _column(ctx, "role", pl.String()).alias("role"),
        _column(ctx, "public", pl.Boolean()).fill_null(True).alias("public"),
        _column(ctx, "text", pl.String()).cast(pl.String).alias("text"),
    ).sort(["at", SEQ], nulls_last=True)
    return frame.with_columns(
        (pl.int_range(pl.len()).over(TICKET) + 1).alias(NTH),
        (pl.col("kind") == "message").alias("is_message"),
        pl.col("role").is_in(AGENT_ROLES).fill_null(False).alias("is_agent"),
        normalised(pl.col("text")).alias("norm"),
    )


def public_agent_messages(ctx: RuleContext) -> pl.LazyFrame:
    """What the customer saw an agent say: public agent messages, in conversation order."""
    return conversation(ctx).filter(pl.col("is_message") & pl.col("public") & pl.col("is_agent"))


def cover_conversations(ctx: RuleContext, scope: pl.LazyFrame,
                        messages: pl.LazyFrame | None = None) -> None:
    """Declare which tickets of ``scope`` a conversation rule could judge, and why not the rest.

    A rule about what agents said can only judge a ticket in which it can
    tell an agent's public message: one whose messages carry no author role
    (an events file without a role column) is skipped with "no role for
    message authors" -- never counted as passed --, one in which no agent
    spoke publicly with "no public agent message". ``messages`` narrows the
    conversation (e.g. to before the resolution); it defaults to all of it.
    """
    no_role = pl.lit(ctx.text("消息作者没有角色", "no role for message authors"))
    no_agent = pl.lit(ctx.text("没有公开的客服消息", "no public agent message"))
    tickets = scope.select(pl.col(TICKET)).unique(maintain_order=True)
    if "role" not in ctx.event_columns:
        ctx.cover(tickets, skip=no_role)
        return
    said = (messages if messages is not None else conversation(ctx)).filter(pl.col("is_message"))
    stats = said.group_by(TICKET).agg(
        pl.col("role").is_not_null().any().alias("_roled"),
        (pl.col("public") & pl.col("is_agent")).any().alias("_agent_spoke"),
    )
    frame = tickets.join(stats, on=TICKET, how="left", maintain_order="left")
    ctx.cover(frame, skip=pl.when(pl.col("_roled").is_not_null() & ~pl.col("_roled"))
              .then(no_role)
              .when(~pl.col("_agent_spoke").fill_null(False)).then(no_agent))


def normalised(text: pl.Expr) -> pl.Expr:
    """Text as phrases are matched: NFKC (full-width to ASCII), lower case, straight quotes."""
    return (
        text.fill_null("")
        .str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[‘’ʼ`´]", "'")
    )


def phrase_pattern(phrases: list[str]) -> str:
    """One regex matching any of ``phrases`` in :func:`normalised` text.

    Chinese phrases match anywhere; a phrase that starts or ends with an ASCII
    letter or digit must not be glued to another one there, so ``hi`` does
    not match inside ``this``.
    """
    parts: list[str] = []
    for phrase in sorted({normalise_phrase(p) for p in phrases if p.strip()}, key=len,
                         reverse=True):
        body = pl.escape_regex(phrase)
        if phrase[0] in _ASCII_WORD:
            body = r"(?:^|[^a-z0-9_])" + body
        if phrase[-1] in _ASCII_WORD:
            body += r"(?:[^a-z0-9_]|$)"
        parts.append(body)
    return "|".join(parts) if parts else r"[^\s\S]"


def normalise_phrase(phrase: str) -> str:
    """A configured phrase in the form of :func:`normalised` text."""
    import unicodedata

    text = unicodedata.normalize("NFKC", phrase).strip().lower()
    for quote in "‘’ʼ`´":
        text = text.replace(quote, "'")
    return text


def when_label(ctx: RuleContext) -> pl.Expr:
    """When a message was sent, for a finding: its time, else its position (``#3``)."""
    return pl.coalesce(
        pl.col("at").dt.strftime("%Y-%m-%d %H:%M"),
        pl.format("#{}", pl.col(NTH)),
    )


def clip(text: pl.Expr, width: int = 40) -> pl.Expr:
    """At most ``width`` characters of ``text`` for evidence, personal values masked.

    A greeting or a forbidden phrase is quoted from a message that may also
    hold a phone number, so the text is redacted (:func:`svccheck.pii.redact`)
    before it is cut. A cut never leaves half a value behind either: a
    trailing run of digits, letters, masks and the like at the cut is dropped.
    """
    text = text.map_batches(redact_series, return_dtype=pl.String)
    cut = pl.concat_str([text.str.slice(0, width).str.replace(_CUT_TAIL, ""), pl.lit("…")])
    return pl.when(text.str.len_chars() <= width).then(text).otherwise(cut)


def resolved_tickets(ctx: RuleContext) -> pl.LazyFrame:
    """Resolved tickets (``_ticket``, ``_row``, ``_source``, ``resolved_at``).

    Resolved means status resolved/closed; where the export has no status
    for a ticket, a recorded ``resolved_at``.
    """
    columns = ctx.columns
    resolved_at = pl.col("resolved_at") if "resolved_at" in columns else pl.lit(
        None, dtype=pl.Datetime("us", ctx.timezone)
    )
    if "status" in columns:
        done = pl.when(pl.col("status").is_not_null()).then(
            pl.col("status").is_in(DONE_STATUSES)
        ).otherwise(resolved_at.is_not_null())
    else:
        done = resolved_at.is_not_null()
    return (
        ctx.tickets.filter(done)
        .select(pl.col(TICKET), pl.col(ROW), pl.col(SOURCE), resolved_at.alias("resolved_at"))
        .unique(subset=[TICKET], keep="first", maintain_order=True)
    )


def empty(ctx: RuleContext) -> pl.LazyFrame:
    """No findings, in the findings shape."""
    return ctx.findings(ctx.tickets.head(0), message="")
