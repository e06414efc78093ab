"""Why a rule could not judge a ticket: the skip reasons several families share.

Coverage (:mod:`svccheck.coverage`) is only as useful as its reasons: a QA
lead reading "judged 3 of 5; 2 skipped: priority 'P2' is not a known value"
knows to add ``P2`` to the profile. The same causes recur across families
-- a classified field the profile cannot map, a time that is missing or
unreadable -- so they are worded once, here, as polars expressions that are
null where the ticket *can* be judged. A reason quotes a classified raw
value (low-cardinality by nature, and masked later like every reason) but
never free text or an id.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.profiles import RAW_PREFIX
from svccheck.model import field_label
from svccheck.rule import RuleContext


def _raw(ctx: RuleContext, name: str) -> pl.Expr | None:
    """The cell as written, where the profile keeps it beside the parsed value."""
    raw = RAW_PREFIX + name
    return pl.col(raw) if raw in ctx.tickets.collect_schema().names() else None


def unplaced(ctx: RuleContext, name: str) -> pl.Expr:
    """Null when ``name`` holds a known value; else "missing" or "'X' is not a known value"."""
    label = field_label(name, ctx.lang)
    raw = _raw(ctx, name)
    missing = pl.lit(ctx.text(f"{label}为空", f"{name} missing"))
    if name not in ctx.columns:
        return missing
    if raw is None:
        return pl.when(pl.col(name).is_null()).then(missing)
    return (
        pl.when(raw.is_null()).then(missing)
        .when(pl.col(name).is_null())
        .then(pl.format(ctx.text(f"{label}“{{}}”不是已知取值",
                                 f"{name} '{{}}' is not a known value"), raw))
    )


def untimed(ctx: RuleContext, name: str) -> pl.Expr:
    """Null when the time ``name`` was read; else "missing" or "unreadable"."""
    label = field_label(name, ctx.lang)
    missing = pl.lit(ctx.text(f"{label}为空", f"{name} missing"))
    if name not in ctx.columns:
        return missing
    raw = _raw(ctx, name)
    if raw is None:
        return pl.when(pl.col(name).is_null()).then(missing)
    return (
        pl.when(raw.is_null()).then(missing)
        .when(pl.col(name).is_null())
        .then(pl.lit(ctx.text(f"{label}无法识别", f"{name} unreadable")))
    )


def first_of(*reasons: pl.Expr) -> pl.Expr:
    """The first reason that applies (null when none does)."""
    return pl.coalesce(*reasons) if len(reasons) > 1 else reasons[0]
