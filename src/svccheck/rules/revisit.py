"""``revisit.after-resolution``: the call back (回访) after a problem is solved.

Seed 000 一(五) asks for "定期回访" and for complaints to be followed up;
001 3.1 "在问题解决后，及时回访客户，确认客户是否满意"; the template's remarks
column carries "需跟进回访" (004 三). Which tickets need a follow-up, and
within how long, is a list of triggers in the standard; a ticket matching
several gets the window that closes first.

A window in days counts dates, as people do: "within 3 days" of a Friday
17:00 resolution ends with Monday, not at Monday 17:00. And only what had
happened by ``--as-of`` is known: a follow-up dated later is not evidence
that the window was kept or missed.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.model import ENUMS
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.timing import (
    TARGET_SCHEMA,
    as_of_lit,
    duration_text,
    instant_text,
    target_text,
    with_target,
)

_TRIGGER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["within"],
    "properties": {
        "category": {"enum": list(ENUMS["category"])},
        "satisfaction_at_most": {"type": "integer", "minimum": 1, "maximum": 5},
        "remarks_pattern": {"type": "string", "minLength": 1},
        "within": TARGET_SCHEMA,
    },
    "minProperties": 2,
}

DEFAULT_TRIGGERS = [
    {"category": "complaint", "within": {"days": 3, "clock": "calendar"}},
    {"satisfaction_at_most": 2, "within": {"days": 3, "clock": "calendar"}},
    {"remarks_pattern": "需跟进回访|需回访|待回访", "within": {"days": 3, "clock": "calendar"}},
]


def _condition(trigger: dict[str, Any], columns: frozenset[str]) -> pl.Expr | None:
    """The trigger's test, or None when the export lacks the field it needs."""
    parts: list[pl.Expr] = []
    if "category" in trigger:
        if "category" not in columns:
            return None
        parts.append(pl.col("category") == trigger["category"])
    if "satisfaction_at_most" in trigger:
        if "satisfaction" not in columns:
            return None
        parts.append(pl.col("satisfaction") <= trigger["satisfaction_at_most"])
    if "remarks_pattern" in trigger:
        if "remarks" not in columns:
            return None
        parts.append(pl.col("remarks").str.contains(trigger["remarks_pattern"]))
    condition = parts[0]
    for part in parts[1:]:
        condition &= part
    return condition.fill_null(False)


def _why(trigger: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    if "category" in trigger:
        return f"诉求类型 {trigger['category']}" if zh else f"category {trigger['category']}"
    if "satisfaction_at_most" in trigger:
        n = trigger["satisfaction_at_most"]
        return f"满意度≤{n}" if zh else f"satisfaction ≤ {n}"
    return "备注要求回访" if zh else "remarks ask for a follow-up"


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "resolved_at" not in columns:
        return "export has no resolved_at"
    if "followup_at" not in columns and not has_events:
        return "export has neither followup_at nor events"
    return None


def _by_date(target: dict[str, Any]) -> bool:
    """A window of whole calendar days, counted by date."""
    return "days" in target and float(target["days"]).is_integer()


def _window(ctx: RuleContext, frame: pl.LazyFrame, target: dict[str, Any], prefix: str
            ) -> pl.LazyFrame:
    """Add ``{prefix}_due`` (when the window closes) and ``{prefix}_late`` (breached)."""
    tz = pl.Datetime("us", ctx.timezone)
    if _by_date(target):
        midnight = (pl.col("resolved_at").dt.date() + pl.duration(days=int(target["days"]) + 1))
        return frame.with_columns(
            midnight.cast(pl.Datetime("us")).dt.replace_time_zone(
                ctx.timezone, ambiguous="earliest", non_existent="null").cast(tz)
            .alias(f"{prefix}_due"),
        ).with_columns((pl.col("_stop") > pl.col(f"{prefix}_due")).alias(f"{prefix}_late"))
    frame = with_target(ctx, frame, "resolved_at", "_stop", target, prefix)
    return frame.with_columns(
        (pl.col(f"{prefix}_elapsed") > pl.col(f"{prefix}_limit")).alias(f"{prefix}_late"))


def _due_text(ctx: RuleContext, by_date: pl.Expr) -> pl.Expr:
    """When the window closed: ``the end of 2025-10-13``, or an instant."""
    last_day = (pl.col("_due") - pl.duration(days=1)).dt.strftime("%Y-%m-%d")
    return pl.when(by_date).then(pl.format(ctx.text("{} 24:00", "the end of {}"), last_day)) \
        .otherwise(instant_text(pl.col("_due")))


def _after_resolution(ctx: RuleContext) -> pl.LazyFrame:
    """A follow-up (回访) comes within the window after resolution.

    Triggers (cn-baseline): complaints, satisfaction ≤ 2, and remarks asking
    for one (需跟进回访, 需回访, 待回访) -- each with its window (3 calendar
    days). A window of whole days is counted by date: it closes at the end
    of the third day after the day of resolution. A ticket matching several
    triggers gets the window that closes first. The follow-up is
    ``followup_at`` or a ``followup`` event at or after the resolution and
    no later than ``--as-of`` (what happened after it is not yet known). A
    late follow-up says how late; none at all is a finding only once the
    window has closed at ``--as-of``. In scope: resolved tickets matching a
    trigger; skipped: those marked resolved without a readable
    ``resolved_at``.
    """
    triggers = [(t, _condition(t, ctx.columns)) for t in ctx.params["triggers"]]
    triggers = [(t, c) for t, c in triggers if c is not None]
    if not triggers:
        ctx.cover(ctx.tickets.head(0))
        return ctx.findings(ctx.tickets.head(0), message="")
    tz = pl.Datetime("us", ctx.timezone)
    matched = pl.any_horizontal([c for _, c in triggers])
    frame = ctx.tickets.filter(matched & (pl.col("resolved_at").is_not_null() | skips.done(ctx)))
    frame = frame.with_columns(pl.when(pl.col("resolved_at").is_null()).then(
        pl.when(skips.raw_value(ctx, "resolved_at").is_not_null())
        .then(skips.unreadable_time(ctx, "resolved_at"))
        .otherwise(skips.reason(ctx, "已解决但没有实际完成时间", "resolved without resolved_at"))
    ).alias("_skip"))
    ctx.cover(frame, skip=pl.col("_skip"))
    frame = frame.filter(pl.col("_skip").is_null())
    as_of = as_of_lit(ctx)
    known = pl.col("followup_at").cast(tz) if "followup_at" in ctx.columns else pl.lit(None, tz)
    followup = pl.when((known >= pl.col("resolved_at")) & (known <= as_of)).then(known)
    if ctx.events is not None and {"kind", "at"} <= ctx.event_columns:
        events = (
            ctx.events.filter((pl.col("kind") == "followup") & pl.col("at").is_not_null())
            .join(ctx.tickets.select(TICKET, "resolved_at"), on=TICKET, how="inner")
            .filter((pl.col("at") >= pl.col("resolved_at")) & (pl.col("at") <= as_of))
            .group_by(TICKET).agg(pl.col("at").min().cast(tz).alias("_event_followup"))
        )
        frame = frame.join(events, on=TICKET, how="left", maintain_order="left")
        followup = pl.min_horizontal(followup, pl.col("_event_followup"))
    frame = frame.with_columns(followup.cast(tz).alias("_followup")).with_columns(
        pl.coalesce("_followup", as_of).alias("_stop"))
    for i, (trigger, _) in enumerate(triggers):
        frame = _window(ctx, frame, trigger["within"], f"_w{i}")
    applies = [c for _, c in triggers]
    first_due = pl.min_horizontal([pl.when(c).then(pl.col(f"_w{i}_due"))
                                   for i, c in enumerate(applies)])
    pick = pl.lit(None, pl.Int64)
    for i in reversed(range(len(triggers))):
        pick = pl.when(applies[i] & pl.col(f"_w{i}_due").eq_missing(first_due)) \
            .then(pl.lit(i)).otherwise(pick)
    frame = frame.with_columns(pick.alias("_pick"))

    def chosen(values: list[pl.Expr], dtype: pl.DataType) -> pl.Expr:
        out = pl.lit(None, dtype)
        for i in reversed(range(len(values))):
            out = pl.when(pl.col("_pick") == i).then(values[i]).otherwise(out)
        return out

    frame = frame.with_columns(
        chosen([pl.col(f"_w{i}_due") for i in range(len(triggers))], tz).alias("_due"),
        chosen([pl.col(f"_w{i}_late") for i in range(len(triggers))], pl.Boolean)
        .alias("_late"),
        chosen([pl.lit(_why(t, ctx.lang)) for t, _ in triggers], pl.String).alias("_why"),
        chosen([pl.lit(target_text(t["within"], ctx.lang)) for t, _ in triggers],
               pl.String).alias("_window"),
        chosen([pl.lit(_by_date(t["within"])) for t, _ in triggers], pl.Boolean)
        .alias("_by_date"),
    ).filter(pl.col("_late").fill_null(False))
    frame = frame.with_columns(
        pl.max_horizontal(pl.col("_stop").dt.epoch("s") - pl.col("_due").dt.epoch("s"),
                          pl.lit(0)).alias("_over"))
    late = duration_text(pl.col("_over"), ctx.lang)
    due = _due_text(ctx, pl.col("_by_date"))
    message = pl.when(pl.col("_followup").is_not_null()).then(pl.format(
        ctx.text("回访晚了 {}（{}：应在 {} 前回访，即解决后 {} 内）",
                 "follow-up {} late ({}: due by {}, {} after resolution)"),
        late, pl.col("_why"), due, pl.col("_window"),
    )).otherwise(pl.format(
        ctx.text("{} 前没有回访（{}：解决后 {} 内），已逾期 {}",
                 "no follow-up by {} ({}: {} after resolution); {} overdue at --as-of"),
        due, pl.col("_why"), pl.col("_window"), late,
    ))
    return ctx.findings(frame, field="followup_at", message=message, evidence=pl.col("_why"))


after_resolution = columnar_rule(
    id="revisit.after-resolution",
    scope="ticket",
    title={"zh": "解决后及时回访", "en": "Follow-up after resolution"},
    severity="error",
    clause="000 一(五) 定期回访/投诉处理, 001 3.1 (问题解决后及时回访), 004 三 (需跟进回访)",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "triggers": {"type": "array", "items": _TRIGGER, "minItems": 1,
                         "default": DEFAULT_TRIGGERS},
        },
    },
)(_after_resolution)
after_resolution = Rule(**{**after_resolution.__dict__, "precondition": _precondition})

RULES: list[Rule] = [after_resolution]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
