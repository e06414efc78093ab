"""Why a rule could not judge a ticket: the skip reasons the families share.

A rule that cannot judge a ticket must say so (a check that judged nothing
never passes), and the reasons must be few and readable so that a report
can count them -- and a QA lead can act on them: ``created_at missing``,
``priority 'P2' has no target``, ``status '已完结' is not a known value``
(add it to the profile). They live here so that every family words the
same gap the same way, in Chinese and English. A reason quotes a
classified raw value (few distinct ones by nature, and masked like every
reason), never free text or an id. Each function returns a String
expression: null where nothing is wrong.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.profiles import RAW_PREFIX
from svccheck.model import field_label
from svccheck.rule import RuleContext

#: Statuses that mean the ticket was resolved.
DONE = ("resolved", "closed")


def _names(ctx: RuleContext) -> list[str]:
    return ctx.tickets.collect_schema().names()


def raw_value(ctx: RuleContext, name: str) -> pl.Expr:
    """The cell as written (the profile's raw twin), else the parsed value as text."""
    raw = RAW_PREFIX + name
    if raw in _names(ctx):
        return pl.col(raw).cast(pl.String)
    return pl.col(name).cast(pl.String) if name in ctx.columns else pl.lit(None, pl.String)


def unreadable_time(ctx: RuleContext, name: str) -> pl.Expr:
    """``created_at missing`` / ``created_at unreadable`` where the time is null."""
    label = field_label(name, ctx.lang)
    if name not in ctx.columns:
        return pl.lit(ctx.text(f"{label}缺失", f"{name} missing"))
    return pl.when(pl.col(name).is_null()).then(
        pl.when(raw_value(ctx, name).is_not_null())
        .then(pl.lit(ctx.text(f"{label}无法识别", f"{name} unreadable")))
        .otherwise(pl.lit(ctx.text(f"{label}缺失", f"{name} missing")))
    )


def no_target(ctx: RuleContext, name: str, has_target: pl.Expr) -> pl.Expr:
    """``priority 'P2' has no target`` (the raw value quoted) where ``has_target`` is false."""
    label = field_label(name, ctx.lang)
    raw = raw_value(ctx, name)
    return pl.when(~has_target.fill_null(False)).then(
        pl.when(raw.is_null()).then(pl.lit(ctx.text(f"{label}缺失", f"{name} missing")))
        .otherwise(pl.format(ctx.text(f"{label}“{{}}”没有目标", f"{name} '{{}}' has no target"),
                             raw))
    )


def unknown_value(ctx: RuleContext, name: str) -> pl.Expr:
    """``priority '特急' is not a known value`` where the profile could not map the cell."""
    label = field_label(name, ctx.lang)
    raw = raw_value(ctx, name)
    if name not in ctx.columns:
        return pl.lit(None, pl.String)
    return pl.when(pl.col(name).is_null() & raw.is_not_null()).then(
        pl.format(ctx.text(f"{label}“{{}}”不是已知取值", f"{name} '{{}}' is not a known value"),
                  raw))


def unplaced(ctx: RuleContext, name: str) -> pl.Expr:
    """``status missing`` or ``status '已完结' is not a known value``: a classified
    field that cannot be placed (null where it holds a known value)."""
    label = field_label(name, ctx.lang)
    missing = pl.lit(ctx.text(f"{label}缺失", f"{name} missing"))
    if name not in ctx.columns:
        return missing
    return pl.when(raw_value(ctx, name).is_null()).then(missing).otherwise(
        unknown_value(ctx, name))


def resolved_at(ctx: RuleContext) -> pl.Expr:
    """``resolved_at``, or a typed null when the export has no such column."""
    return pl.col("resolved_at") if "resolved_at" in ctx.columns else pl.lit(None)


def done(ctx: RuleContext) -> pl.Expr:
    """The ticket is resolved: it has ``resolved_at``, or its status says so."""
    flag = resolved_at(ctx).is_not_null()
    if "status" in ctx.columns:
        flag |= pl.col("status").is_in(DONE).fill_null(False)
    return flag


def resolved_without_time(ctx: RuleContext) -> pl.Expr:
    """``resolved without resolved_at``: the end of the clock is unknown."""
    if "status" not in ctx.columns:
        return pl.lit(None, pl.String)
    return pl.when(pl.col("status").is_in(DONE).fill_null(False)
                   & resolved_at(ctx).is_null()).then(
        pl.lit(ctx.text("已解决但没有实际完成时间", "resolved without resolved_at")))


def reason(ctx: RuleContext, zh: str, en: str) -> pl.Expr:
    """A fixed reason in the run's language."""
    return pl.lit(ctx.text(zh, en))


NO_AGENT_MESSAGE = ("没有客服公开回复", "no public agent message")
NO_CUSTOMER_MESSAGE = ("没有客户消息", "no customer message")
NO_ROLE = ("消息没有作者角色", "no role for message authors")


def first(*reasons: pl.Expr) -> pl.Expr:
    """The first reason that applies (null: the ticket can be judged)."""
    return pl.coalesce([r.cast(pl.String) for r in reasons])
