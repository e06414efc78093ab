"""``revisit.after-resolution``: the call back (回访) after a problem is solved.

Seed 000 一(五) asks for "定期回访" and for complaints to be followed up;
001 3.1 "在问题解决后，及时回访客户，确认客户是否满意"; the template's remarks
column carries "需跟进回访" (004 三). Which tickets need a follow-up, and
within how long, is a list of triggers in the standard; a ticket matching
several gets the shortest window.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.model import ENUMS
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.timing import TARGET_SCHEMA, as_of_lit, duration_text, target_seconds

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


def _after_resolution(ctx: RuleContext) -> pl.LazyFrame:
    """A follow-up (回访) comes within the window after resolution.

    Triggers (cn-baseline): complaints, satisfaction ≤ 2, and remarks asking
    for one (需跟进回访, 需回访, 待回访) -- each with its window (3 calendar
    days). The follow-up is ``followup_at`` or a ``followup`` event at or
    after the resolution. A late follow-up says how late; none at all is a
    finding only once the window has passed at ``--as-of`` (a follow-up not
    yet due is not a finding).
    """
    triggers = [(t, _condition(t, ctx.columns)) for t in ctx.params["triggers"]]
    triggers = [(t, c) for t, c in triggers if c is not None]
    frame = ctx.tickets.filter(pl.col("resolved_at").is_not_null())
    if not triggers:
        return ctx.findings(frame.head(0), message="")
    # Shortest applicable window, and the trigger that set it.
    ordered = sorted(triggers, key=lambda tc: target_seconds(tc[0]["within"]))
    window = pl.lit(None, pl.Int64)
    reason = pl.lit(None, pl.String)
    for trigger, condition in reversed(ordered):
        window = pl.when(condition).then(pl.lit(target_seconds(trigger["within"]))).otherwise(
            window)
        reason = pl.when(condition).then(pl.lit(_why(trigger, ctx.lang))).otherwise(reason)
    frame = frame.with_columns(window.alias("_window"), reason.alias("_why")).filter(
        pl.col("_window").is_not_null()
    )
    followup = pl.col("followup_at") if "followup_at" in ctx.columns else pl.lit(None)
    followup = pl.when(followup >= pl.col("resolved_at")).then(followup)
    if ctx.events is not None and "kind" in ctx.event_columns:
        events = (
            ctx.events.filter((pl.col("kind") == "followup") & pl.col("at").is_not_null())
            .join(ctx.tickets.select(TICKET, "resolved_at"), on=TICKET, how="inner")
            .filter(pl.col("at") >= pl.col("resolved_at"))
            .group_by(TICKET).agg(pl.col("at").min().alias("_event_followup"))
        )
        frame = frame.join(events, on=TICKET, how="left", maintain_order="left")
        followup = pl.min_horizontal(followup, pl.col("_event_followup"))
    tz = pl.Datetime("us", ctx.timezone)
    frame = frame.with_columns(followup.cast(tz).alias("_followup")).with_columns(
        (pl.coalesce("_followup", as_of_lit(ctx)).dt.epoch("s")
         - pl.col("resolved_at").dt.epoch("s")).alias("_elapsed")
    ).filter(pl.col("_elapsed") > pl.col("_window"))
    late = duration_text(pl.col("_elapsed") - pl.col("_window"), ctx.lang)
    window_text = duration_text(pl.col("_window"), ctx.lang)
    message = pl.when(pl.col("_followup").is_not_null()).then(pl.format(
        ctx.text("回访晚了 {}（{}，应在解决后 {} 内回访）",
                 "follow-up {} late ({}: due within {} of resolution)"),
        late, pl.col("_why"), window_text,
    )).otherwise(pl.format(
        ctx.text("解决后 {} 内没有回访（{}），已逾期 {}",
                 "no follow-up within {} of resolution ({}); {} overdue at --as-of"),
        window_text, pl.col("_why"), late,
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
