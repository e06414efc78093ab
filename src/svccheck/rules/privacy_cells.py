"""The cells the privacy rules read: ticket fields, messages, unmapped columns.

Each privacy rule that reads text reads the same cells -- the customer id
and free-text fields, every message or note, the columns no field maps --
and only those that may hold what it looks for, chosen in polars so that
a million clean rows never reach Python: ``privacy.pii-in-text`` by the
candidates of :mod:`svccheck.pii.candidates`, ``privacy.complementary-masks``
by a regex for masked forms.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.pii.candidates import FLAGS, candidates
from svccheck.pii.columns import UNMAPPED
from svccheck.rule import RuleContext
from svccheck.rules.conversation import conversation, when_label
from svccheck.rules.privacy_findings import filled as _filled

TEXT_FIELDS: list[str] = ["description", "resolution", "remarks"]
#: What ``privacy.pii-in-text`` scans by default: the customer id and the free text.
SCANNED_FIELDS: list[str] = ["customer_id", *TEXT_FIELDS]
#: Fields whose whole value may be a name (张伟 as a customer id is a name).
NAME_FIELDS = frozenset({"customer_id", "customer_name"})
#: A cell that may be nothing but a name: 张伟, 欧阳娜娜, John Smith.
_NAME_CELL = r"^\s*(?:\p{Han}{2,4}|[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+){0,2})\s*$"
#: A customer id of digits only can be personal only as a mobile (1 and ten
#: digits), an ID (15 or 18 characters) or a landline (trunk 0, country code
#: 86): a helpdesk's own numeric ids (11-14 digits) are not looked at one by one.
_DIGITS_ONLY = r"^\s*[0-9]+[Xx]?\s*$"
_PERSONAL_DIGITS = r"^\s*(?:1[0-9]{10}|[0-9]{15}|[0-9]{17}[0-9Xx]|0[0-9]{9,11}|86[0-9]{9,13})\s*$"


def has_unmapped(ctx: RuleContext) -> bool:
    return UNMAPPED in ctx.tickets.collect_schema().names()


def scope(ctx: RuleContext, fields: list[str], messages: bool,
           unmapped: bool = False) -> pl.LazyFrame:
    """The tickets with something to read: a filled field, a kept unmapped cell or a message."""
    present = [_filled(name) for name in fields if name in ctx.columns]
    if unmapped and has_unmapped(ctx):
        present.append(pl.col(UNMAPPED).is_not_null())
    filled = pl.any_horizontal(present) if present else pl.lit(False)
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        talked = (ctx.events.filter(_filled("text")).select(pl.col(TICKET))
                  .unique().with_columns(pl.lit(True).alias("_talked")))
        return (ctx.tickets.join(talked, on=TICKET, how="left", maintain_order="left")
                .filter(filled | pl.col("_talked").fill_null(False)))
    return ctx.tickets.filter(filled)


def prefiltered_cells(ctx: RuleContext, fields: list[str], messages: bool, prefilter: str,
                      unmapped: bool = False, sparse: frozenset[str] = frozenset(),
                      pairs: str | None = None) -> pl.DataFrame:
    """The cells to scan: ticket fields, (optionally) every message, and unmapped columns.

    Columns: ticket, row, source, ``field``, ``where`` (the message's time or
    position; null for a ticket field), ``role``, ``kind`` and ``text``. Only cells
    whose NFKC form matches the ``prefilter`` regex are returned, so Python
    looks at the few cells that can hold a number or a name. A field that may
    hold a whole name (:data:`NAME_FIELDS`) also passes when it looks like one,
    and, when it is digits only, only in the shape of a personal number.
    The kept cells of columns no field maps come as ``field`` :data:`UNMAPPED`.

    A cell of a ``sparse`` field (the contact, in every ticket) is returned
    only when its ticket has another cell, or it matches ``pairs`` twice: a
    rule that compares the cells of a ticket has nothing to compare
    otherwise, and a million contacts need not be collected for it.
    """
    frames: list[tuple[str | None, pl.LazyFrame]] = []
    for name in fields:
        if name not in ctx.columns:
            continue
        columns = [
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(name).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(name).cast(pl.String).alias("text"),
        ]
        if name in sparse:
            frames.append((name, ctx.tickets.select(columns)))
        else:
            frames.append((None, ctx.tickets.filter(_passes(ctx, name, prefilter))
                           .select(columns)))
    if unmapped and has_unmapped(ctx):
        frames.append((None, ctx.tickets.filter(pl.col(UNMAPPED).is_not_null()).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(UNMAPPED).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(UNMAPPED).alias("text"),
        )))
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        frames.append((None, conversation(ctx).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit("text").alias("field"), when_label(ctx).alias("where"),
            pl.col("role").cast(pl.String), pl.col("kind").cast(pl.String), pl.col("text"),
        ).filter(_prefiltered(pl.col("text"), prefilter))))
    if not frames:
        return pl.DataFrame(schema={
            TICKET: pl.String, ROW: pl.Int64, SOURCE: pl.String, "field": pl.String,
            "where": pl.String, "role": pl.String, "kind": pl.String, "text": pl.String,
        })
    dense = [frame for name, frame in frames if name is None]
    collected = pl.collect_all(dense) if dense else []
    others = (pl.concat([frame.select(TICKET) for frame in collected]).to_series().unique()
              if collected else pl.Series(TICKET, [], pl.String))
    parts: list[pl.LazyFrame] = []
    for name, frame in frames:
        if name is None:
            parts.append(collected.pop(0).lazy())
            continue
        text = pl.col("text")
        twice = (text.str.normalize("NFKC").str.count_matches(pairs) >= 2).fill_null(False) \
            if pairs is not None else pl.lit(True)
        parts.append(frame.filter(pl.col(TICKET).is_in(others.implode())
                                  | pl.col(TICKET).is_duplicated() | twice)
                     .filter(_prefiltered(text, prefilter)))
    return pl.concat(parts, how="vertical_relaxed").collect()


def pii_cells(ctx: RuleContext, fields: list[str], messages: bool,
              unmapped: bool) -> list[pl.DataFrame]:
    """The cells ``privacy.pii-in-text`` reads, with the kinds each may hold.

    The same cells as :func:`prefiltered_cells`, judged in columns by
    :func:`svccheck.pii.candidates.candidates`: only a cell with a candidate
    that passes its kind's checks is returned, with a flag per kind, so the
    detector runs on few cells and looks only for the kinds flagged. Every
    kept unmapped cell is returned (its header is its context). Parts come
    in :func:`prefiltered_cells`' order.
    """
    columns = [TICKET, ROW, SOURCE, "field", "where", "role", "kind", "text"]
    parts: list[pl.LazyFrame] = []
    for name in fields:
        if name not in ctx.columns:
            continue
        frame = ctx.tickets.select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(name).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(name).cast(pl.String).alias("text"),
        )
        force = None
        if name in NAME_FIELDS:  # the whole cell may be a name or one bare number
            text = pl.col("text")
            digits_only = text.str.contains(_DIGITS_ONLY).fill_null(False)
            personal = text.str.contains(_PERSONAL_DIGITS).fill_null(False)
            frame = frame.filter(~digits_only | personal)
            force = (digits_only & personal) | (
                ~digits_only & text.str.contains(_NAME_CELL).fill_null(False))
        parts.append(candidates(frame, "text", force))
    if unmapped and has_unmapped(ctx):
        parts.append(ctx.tickets.filter(pl.col(UNMAPPED).is_not_null()).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(UNMAPPED).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(UNMAPPED).alias("text"), *[pl.lit(True).alias(flag) for flag in FLAGS],
        ))
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        parts.append(candidates(conversation(ctx).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit("text").alias("field"), when_label(ctx).alias("where"),
            pl.col("role").cast(pl.String), pl.col("kind").cast(pl.String), pl.col("text"),
        ), "text"))
    wanted = [*columns, *FLAGS]
    return pl.collect_all([part.select(wanted) for part in parts])


def _prefiltered(text: pl.Expr, prefilter: str) -> pl.Expr:
    return text.str.normalize("NFKC").str.contains(prefilter).fill_null(False)


def _passes(ctx: RuleContext, name: str, prefilter: str) -> pl.Expr:
    """Which rows of a ticket field pass the prefilter, decided once per distinct value.

    A million tickets hold a few dozen distinct descriptions and resolutions;
    normalising and matching each distinct value once, then looking rows up
    by value, selects exactly the rows a row-by-row match would.
    """
    distinct = ctx.tickets.select(pl.col(name).cast(pl.String).alias("text").unique()).collect()
    text = pl.col("text")
    wanted = _prefiltered(text, prefilter)
    if name in NAME_FIELDS:  # the whole cell may be a name or one bare number
        wanted = (pl.when(text.str.contains(_DIGITS_ONLY).fill_null(False))
                  .then(text.str.contains(_PERSONAL_DIGITS))
                  .otherwise(wanted | text.str.contains(_NAME_CELL)).fill_null(False))
    hits = distinct.filter(wanted).to_series()
    return pl.col(name).cast(pl.String).is_in(hits.implode()).fill_null(False)
