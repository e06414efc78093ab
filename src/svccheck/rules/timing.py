"""Shared pieces of the time rules: targets, clocks, deadlines and durations people can read.

A *target* is written in a standard as ``{hours: 2, clock: working}`` (or
``seconds``/``minutes``/``days``; ``clock`` is ``working`` or ``calendar``),
or in working days as ``{working_days: 3}`` ("3个工作日": due at the close of
the third working day after the day the clock starts). ``days`` count 24-hour
days and only on the calendar clock: "3 days of working time" read as 72
working hours is a trap, so a standard must say ``working_days``.

Every target is measured the same way (:func:`with_target`): the elapsed
time on the target's clock, the limit in seconds on that clock and the
deadline as an instant. A breach is *elapsed > limit*, counted to the
second; the deadline is what a finding tells the reader. Findings state the
measured time, the target, the clock and the time zone, in Chinese or
English; working durations are working hours and minutes
(``工作时间26小时5分``), never days of 24 hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl

from svccheck.calendar import calendar_seconds
from svccheck.rule import RuleContext

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
#: Every key a target may hold its amount in.
AMOUNTS = (*UNITS, "working_days")

TARGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{unit: {"type": "number", "exclusiveMinimum": 0} for unit in UNITS},
        "working_days": {"type": "integer", "minimum": 1},
        "clock": {"enum": ["working", "calendar"]},
    },
    "oneOf": [{"required": [unit]} for unit in AMOUNTS],
    "allOf": [
        {"if": {"required": ["working_days"]},
         "then": {"properties": {"clock": {
             "const": "working",
             "x-error": "a target in working_days is on the working clock"}}},
         "else": {"required": ["clock"]}},
        {"if": {"required": ["days"]},
         "then": {"properties": {"clock": {
             "const": "calendar",
             "x-error": "days count 24-hour calendar days; write {working_days: N} "
                        "for working days"}}}},
    ],
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
    "working_days": ("个工作日", " working days"),
}


def target_clock(target: Mapping[str, Any]) -> str:
    """``working`` or ``calendar``: the clock the target is measured on."""
    return "working" if "working_days" in target else str(target["clock"])


def target_seconds(target: Mapping[str, Any]) -> int:
    """The target in seconds on its clock (not for working days, which vary)."""
    for unit, factor in UNITS.items():
        if unit in target:
            return round(target[unit] * factor)
    raise ValueError(f"target without a fixed amount of seconds: {target}")


def target_text(target: Mapping[str, Any], lang: str) -> str:
    """``2小时`` / ``2h`` / ``3个工作日`` as the standard wrote it."""
    for unit in AMOUNTS:
        if unit in target:
            amount = target[unit]
            shown = int(amount) if float(amount).is_integer() else amount
            zh, en = _UNIT_TEXT[unit]
            if unit == "working_days" and shown == 1:
                en = " working day"
            return f"{shown}{zh if lang == 'zh' else en}"
    return "?"


def clock_text(clock: str, ctx: RuleContext) -> str:
    """``工作时间, Asia/Shanghai`` -- the clock and the calendar's zone."""
    return f"{_CLOCK[clock][ctx.lang]}, {ctx.timezone}"


def goal_text(target: Mapping[str, Any], ctx: RuleContext) -> str:
    """``2小时 (工作时间, Asia/Shanghai)``: the target with its clock."""
    return f"{target_text(target, ctx.lang)} ({clock_text(target_clock(target), ctx)})"


def _pieces(sec: pl.Expr, lang: str, days: bool) -> pl.Expr:
    zh = lang == "zh"
    pieces = [] if not days else [(sec // 86400, "天", "d")]
    pieces += [
        ((sec % 86400) // 3600 if days else sec // 3600, "小时", "h"),
        ((sec % 3600) // 60, "分", "m"),
        (sec % 60, "秒", "s"),
    ]
    parts = [pl.when(value > 0).then(pl.format("{}" + (z if zh else e), value))
             for value, z, e in pieces]
    return pl.concat_str(parts, separator="" if zh else " ", ignore_nulls=True)


def duration_text(seconds: pl.Expr, lang: str, clock: str | pl.Expr = "calendar") -> pl.Expr:
    """Seconds as people read them, on their clock.

    Calendar time: ``1天3小时30分5秒`` / ``1d 3h 30m 5s``. Working time:
    ``工作时间26小时5分`` / ``26h 5m of working time`` -- hours, never days of
    24 hours. ``clock`` may be an expression (``working``/``calendar`` per row).
    """
    sec = seconds.cast(pl.Int64)
    zero = "0秒" if lang == "zh" else "0s"
    calendar = pl.when(sec <= 0).then(pl.lit(zero)).otherwise(_pieces(sec, lang, days=True))
    worked = pl.when(sec <= 0).then(pl.lit(zero)).otherwise(_pieces(sec, lang, days=False))
    working = (pl.lit("工作时间") + worked if lang == "zh"
               else worked + pl.lit(" of working time"))
    if isinstance(clock, str):
        return working if clock == "working" else calendar
    return pl.when(clock == "working").then(working).otherwise(calendar)


def instant_text(instant: pl.Expr) -> pl.Expr:
    """``2025-10-09 11:00`` (seconds shown only when not zero)."""
    return pl.when(instant.dt.second() == 0).then(instant.dt.strftime("%Y-%m-%d %H:%M")) \
        .otherwise(instant.dt.strftime("%Y-%m-%d %H:%M:%S"))


def with_elapsed(
    ctx: RuleContext, frame: pl.LazyFrame, start: str, end: str, clock: str, out: str,
    span: tuple[date, date] | None = None,
) -> pl.LazyFrame:
    """Add ``out``: seconds from ``start`` to ``end`` on the given clock (0 if reversed)."""
    if clock == "working":
        assert ctx.calendar is not None, "the engine always passes the standard's calendar"
        return ctx.calendar.with_working_seconds(frame, start, end, out, span)
    return frame.with_columns(calendar_seconds(pl.col(start), pl.col(end)).alias(out))


def with_target(ctx: RuleContext, frame: pl.LazyFrame, start: str, end: str,
                target: Mapping[str, Any], prefix: str) -> pl.LazyFrame:
    """Measure ``start`` → ``end`` against ``target``.

    Adds ``{prefix}_elapsed`` (seconds on the target's clock),
    ``{prefix}_limit`` (the target in seconds on that clock: for working
    days, the working time from ``start`` to the deadline) and
    ``{prefix}_due`` (the deadline as an instant). On the working clock the
    deadline and both working times share one span of the calendar (one
    lookup table); the elapsed time on one clock is computed once per frame
    and shared by the targets on it.
    """
    clock = target_clock(target)
    elapsed = f"_el_{start}_{end}_{clock}"
    limit, due = f"{prefix}_limit", f"{prefix}_due"
    tz = pl.Datetime("us", ctx.timezone)
    fresh = elapsed not in frame.collect_schema().names()
    if clock == "calendar":
        seconds = target_seconds(target)
        if fresh:
            frame = with_elapsed(ctx, frame, start, end, clock, elapsed)
        frame = frame.with_columns(
            (pl.col(start) + pl.duration(seconds=seconds)).cast(tz).alias(due),
            pl.lit(seconds, pl.Int64).alias(limit))
        return frame.with_columns(pl.col(elapsed).alias(f"{prefix}_elapsed"))
    calendar = ctx.calendar
    assert calendar is not None, "the engine always passes the standard's calendar"
    days = (target["working_days"] if "working_days" in target
            else calendar.days_of(target_seconds(target)))
    span = calendar.deadline_span(frame, (start, end), days)
    ws, we, wd = f"{prefix}_ws", f"{prefix}_we", f"{prefix}_wd"
    if "working_days" in target:
        frame = calendar.with_working_day_close(frame, start, int(target["working_days"]), due,
                                                span)
        # W at the start, the end and the deadline from one table: three lookups
        frame = calendar.with_worked(frame, {start: ws, end: we, due: wd}, span)
        frame = frame.with_columns(
            pl.max_horizontal(pl.col(wd) - pl.col(ws), pl.lit(0)).alias(limit))
    else:
        seconds = target_seconds(target)
        frame = calendar.with_working_deadline(frame, start, seconds, due, span)
        frame = frame.with_columns(pl.lit(seconds, pl.Int64).alias(limit))
        if fresh:
            frame = calendar.with_worked(frame, {start: ws, end: we}, span)
    if fresh:
        frame = frame.with_columns(
            pl.max_horizontal(pl.col(we) - pl.col(ws), pl.lit(0)).alias(elapsed))
    names = frame.collect_schema().names()
    frame = frame.drop([c for c in (ws, we, wd) if c in names])
    return frame.with_columns(pl.col(elapsed).alias(f"{prefix}_elapsed"))


def as_of_lit(ctx: RuleContext) -> pl.Expr:
    """``--as-of`` as a literal in the calendar's zone, for open-ended clocks."""
    return pl.lit(ctx.as_of).cast(pl.Datetime("us", ctx.timezone))
