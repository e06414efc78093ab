"""Shared pieces of the time rules: targets, clocks, and durations people can read.

A *target* is written in a standard as ``{hours: 2, clock: working}`` (or
``seconds``/``minutes``/``days``; ``clock`` is ``working`` or ``calendar``).
Findings state the measured time, the target, the clock and the time zone,
in Chinese or English, e.g. ``首次响应用时 3小时30分(工作时间),超过目标 2小时``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from svccheck.calendar import calendar_seconds
from svccheck.rule import RuleContext

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

TARGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["clock"],
    "properties": {
        **{unit: {"type": "number", "exclusiveMinimum": 0} for unit in UNITS},
        "clock": {"enum": ["working", "calendar"]},
    },
    "oneOf": [{"required": [unit]} for unit in UNITS],
}

_CLOCK = {
    "working": {"zh": "工作时间", "en": "working time"},
    "calendar": {"zh": "自然时间", "en": "calendar time"},
}
_UNIT_TEXT = {
    "seconds": ("秒", "s"),
    "minutes": ("分钟", " min"),
    "hours": ("小时", "h"),
    "days": ("天", "d"),
}


def target_seconds(target: Mapping[str, Any]) -> int:
    for unit, factor in UNITS.items():
        if unit in target:
            return round(target[unit] * factor)
    raise ValueError(f"target without an amount: {target}")


def target_text(target: Mapping[str, Any], lang: str) -> str:
    """``2小时`` / ``2h`` as the standard wrote it."""
    for unit in UNITS:
        if unit in target:
            amount = target[unit]
            shown = int(amount) if float(amount).is_integer() else amount
            zh, en = _UNIT_TEXT[unit]
            return f"{shown}{zh if lang == 'zh' else en}"
    return "?"


def clock_text(clock: str, ctx: RuleContext) -> str:
    """``工作时间, Asia/Shanghai`` -- the clock and the calendar's zone."""
    return f"{_CLOCK[clock][ctx.lang]}, {ctx.timezone}"


def duration_text(seconds: pl.Expr, lang: str) -> pl.Expr:
    """Seconds as ``1天3小时30分5秒`` / ``1d 3h 30m 5s`` (zero parts left out)."""
    sec = seconds.cast(pl.Int64)
    pieces = [
        (sec // 86400, "天", "d"),
        ((sec % 86400) // 3600, "小时", "h"),
        ((sec % 3600) // 60, "分", "m"),
        (sec % 60, "秒", "s"),
    ]
    parts = [
        pl.when(value > 0).then(pl.format("{}" + (zh if lang == "zh" else en), value))
        for value, zh, en in pieces
    ]
    text = pl.concat_str(parts, separator="" if lang == "zh" else " ", ignore_nulls=True)
    return pl.when(sec <= 0).then(pl.lit("0秒" if lang == "zh" else "0s")).otherwise(text)


def with_elapsed(
    ctx: RuleContext, frame: pl.LazyFrame, start: str, end: str, clock: str, out: str
) -> pl.LazyFrame:
    """Add ``out``: seconds from ``start`` to ``end`` on the given clock (0 if reversed)."""
    if clock == "working":
        assert ctx.calendar is not None, "the engine always passes the standard's calendar"
        return ctx.calendar.with_working_seconds(frame, start, end, out)
    return frame.with_columns(calendar_seconds(pl.col(start), pl.col(end)).alias(out))


def as_of_lit(ctx: RuleContext) -> pl.Expr:
    """``--as-of`` as a literal in the calendar's zone, for open-ended clocks."""
    return pl.lit(ctx.as_of).cast(pl.Datetime("us", ctx.timezone))
