"""The ``kpi.*`` family: floors on aggregate service figures, overall and per group.

Seed 003 (客户服务标准体系, COPC 绩效指标; 6.1 客户满意度调查, 6.2 绩效评估) and
001 7.1 measure a service by rates and averages, not single tickets. A KPI
finding has no ticket: it names the group (overall, an assignee, a channel),
the measured value, how many tickets it rests on, and the floor. Groups
smaller than ``min_tickets`` -- the overall one included -- are not judged:
a handful of tickets is not a rate. A KPI's coverage counts groups: those
judged, and those skipped for being too small.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.first_reply import (
    CATEGORY_TARGETS,
    DEFAULT_TARGETS,
    TARGETS_BY_PRIORITY,
    measure_first_reply,
)
from svccheck.rules.first_reply import first_reply as first_reply_rule

GROUPS = ("overall", "assignee", "channel")


def _partial_groups(frame: pl.LazyFrame, value: str, by: list[str],
                    columns: frozenset[str]) -> pl.LazyFrame:
    """Partial figures per group: ``_group`` (kind), ``_name``, ``_n`` and ``_sum``.

    Counts and sums add up, so the engine may compute them part by part of a
    large audit (or on several machines) and :func:`_merge_groups` still
    gives the same rates as over all tickets at once.
    """
    figures = (pl.col(value).count().cast(pl.Int64).alias("_n"),
               pl.col(value).sum().cast(pl.Float64).alias("_sum"))
    parts: list[pl.LazyFrame] = []
    for group in by:
        if group == "overall":
            parts.append(frame.select(
                pl.lit("overall").alias("_group"), pl.lit(None, pl.String).alias("_name"),
                *figures,
            ))
        elif group in columns:
            parts.append(
                frame.filter(pl.col(group).is_not_null())
                .group_by(group).agg(*figures)
                .select(pl.lit(group).alias("_group"), pl.col(group).cast(pl.String)
                        .alias("_name"), "_n", "_sum")
            )
    if not parts:
        return pl.LazyFrame(schema={"_group": pl.String, "_name": pl.String,
                                    "_n": pl.Int64, "_sum": pl.Float64})
    return pl.concat(parts)


def _merge_groups(ctx: RuleContext, partials: pl.LazyFrame, by: list[str],
                  min_count: int) -> pl.LazyFrame:
    """One row per judged group: ``_value`` (the mean) and ``_n``.

    Groups smaller than ``min_count`` are covered as skipped ("fewer than 10
    tickets"), not judged. Ordered as the report lists them: the kinds in
    ``group_by`` order, names sorted.
    """
    rank = {group: index for index, group in enumerate(by)}
    groups = partials.group_by("_group", "_name").agg(pl.col("_n").sum(), pl.col("_sum").sum())
    ctx.cover(groups, unit="groups", skip=pl.when(pl.col("_n") < min_count).then(
        pl.lit(ctx.text(f"少于 {min_count} 张工单", f"fewer than {min_count} tickets"))))
    return (
        groups.filter(pl.col("_n") >= min_count)
        .with_columns((pl.col("_sum") / pl.col("_n")).alias("_value"))
        .sort(pl.col("_group").replace_strict(rank, return_dtype=pl.Int64), "_name",
              nulls_last=False)
    )


def _kpi_findings(ctx: RuleContext, groups: pl.LazyFrame, floor: float, field: str,
                  what: dict[str, str], show: pl.Expr, goal: str,
                  above: bool = False) -> pl.LazyFrame:
    """Findings for groups whose ``_value`` is under ``floor``; ``above`` words
    the message for a ceiling (the value shown is the complement)."""
    below = groups.filter(pl.col("_value") < floor - 1e-12).with_columns(
        pl.lit(None, pl.String).alias(TICKET), pl.lit(None, pl.Int64).alias(ROW),
        pl.lit(None, pl.String).alias(SOURCE),
    )
    zh = ctx.lang == "zh"
    who = (
        pl.when(pl.col("_group") == "overall").then(pl.lit("整体" if zh else "overall"))
        .otherwise(pl.format("{} {}", pl.col("_group").replace_strict(
            {g: field_label(g, ctx.lang) for g in GROUPS}, default=pl.col("_group")),
            pl.col("_name")))
    )
    bound = ctx.text("高于上限", "above the") if above else ctx.text("低于下限", "below the")
    kind = "ceiling" if above else "floor"
    message = pl.format(
        ctx.text(f"{what['zh']}（{{}}）为 {{}}（{{}} 张工单），{bound} {goal}",
                 f"{what['en']} ({{}}) is {{}} over {{}} tickets, {bound} {goal} {kind}"),
        who, show, pl.col("_n"),
    )
    key = pl.concat_str([pl.col("_group"), pl.col("_name").fill_null("")], separator="=")
    # an assignee's figure is about that assignee: the report shows it as the finding's
    assignee = pl.when(pl.col("_group") == "assignee").then(pl.col("_name"))
    return ctx.findings(below, field=field, message=message, evidence=show, key=key,
                        assignee=assignee)


_GROUP_PARAM = {
    "type": "array", "items": {"enum": list(GROUPS)}, "uniqueItems": True, "minItems": 1,
}


def _attainment(ctx: RuleContext) -> pl.LazyFrame:
    """At least ``floor`` of tickets get their first reply within target.

    Measures the promise ``response.first-reply`` checks, the same way:
    every target that applies to a ticket (its priority's, its category's)
    must be met for the ticket to count as met. The targets are given here
    with the same defaults as the rule: a standard that changes one there
    changes it here too (the shipped standards are tested to agree).
    Tickets the rule skips are not counted; a ticket still waiting but not
    yet over a target is not counted yet, one waiting past it is a miss.
    Judged overall, per assignee and per channel; groups with fewer than
    ``min_tickets`` tickets are skipped.
    """
    params: dict[str, Any] = {
        key: ctx.params.get(key) for key in ("targets", "category_targets")
    }
    measured = measure_first_reply(ctx, params).filter(
        pl.col("_skip").is_null() & ~pl.col("_waiting")
    ).with_columns((~pl.col("_breached")).cast(pl.Float64).alias("_met"))
    return _partial_groups(measured, "_met", ctx.params["group_by"], ctx.columns)


def _attainment_findings(ctx: RuleContext, partials: pl.LazyFrame) -> pl.LazyFrame:
    groups = _merge_groups(ctx, partials, ctx.params["group_by"], ctx.params["min_tickets"])
    floor = ctx.params["floor"]
    show = pl.format("{}%", (pl.col("_value") * 100).round(1))
    return _kpi_findings(ctx, groups, floor, "first_response_at",
                         {"zh": "首次响应达标率", "en": "first-reply attainment"},
                         show, f"{floor * 100:g}%")


first_reply_attainment = columnar_rule(
    id="kpi.first-reply-attainment",
    title={"zh": "首次响应达标率", "en": "First-reply attainment"},
    severity="warning",
    clause="003 COPC 绩效指标, 6.2 客户服务绩效评估",
    requires=("created_at", "priority"),
    requires_events=("at",),
    scope="aggregate",
    merge=_attainment_findings,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "floor": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
            "targets": {**TARGETS_BY_PRIORITY, "default": DEFAULT_TARGETS},
            # as in response.first-reply: a standard that gives a category its
            # own first-reply target gives it here too, so the KPI measures the
            # same promise as the rule
            "category_targets": CATEGORY_TARGETS,
            "group_by": {**_GROUP_PARAM, "default": ["overall", "assignee", "channel"]},
            "min_tickets": {"type": "integer", "minimum": 1, "default": 10},
        },
    },
)(_attainment)
first_reply_attainment = Rule(**{**first_reply_attainment.__dict__,
                                 "precondition": first_reply_rule.precondition})


def _satisfaction_findings(ctx: RuleContext, partials: pl.LazyFrame) -> pl.LazyFrame:
    groups = _merge_groups(ctx, partials, ctx.params["group_by"], ctx.params["min_tickets"])
    floor = ctx.params["floor"]
    show = pl.format("{}", pl.col("_value").round(2))
    return _kpi_findings(ctx, groups, floor, "satisfaction",
                         {"zh": "平均满意度", "en": "average satisfaction"}, show, f"{floor:g}")


@columnar_rule(
    id="kpi.satisfaction-average",
    title={"zh": "平均满意度", "en": "Average satisfaction"},
    severity="warning",
    clause="003 6.1 客户满意度调查, 001 7.1",
    requires=("satisfaction",),
    scope="aggregate",
    merge=_satisfaction_findings,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "floor": {"type": "number", "minimum": 1, "maximum": 5, "default": 4.0},
            "group_by": {**_GROUP_PARAM, "default": ["overall", "assignee"]},
            "min_tickets": {"type": "integer", "minimum": 1, "default": 10},
        },
    },
)
def satisfaction_average(ctx: RuleContext) -> pl.LazyFrame:
    """Average satisfaction (1-5) is at least ``floor``, overall and per assignee.

    Only rated tickets count (``-`` or empty is not a rating; out-of-range
    values are ``record.satisfaction-range`` findings and are left out).
    """
    rated = ctx.tickets.filter(pl.col("satisfaction").is_between(1, 5)).with_columns(
        pl.col("satisfaction").cast(pl.Float64)
    )
    return _partial_groups(rated, "satisfaction", ctx.params["group_by"], ctx.columns)


def _abandonment_findings(ctx: RuleContext, partials: pl.LazyFrame) -> pl.LazyFrame:
    groups = _merge_groups(ctx, partials, ctx.params["group_by"], ctx.params["min_tickets"])
    ceiling = ctx.params["ceiling"]
    show = pl.format("{}%", ((1 - pl.col("_value")) * 100).round(1))
    # "answered share below 1 - ceiling" is "abandoned share above ceiling"
    return _kpi_findings(ctx, groups, 1 - ceiling, "answered_at",
                         {"zh": "放弃率", "en": "abandonment rate"}, show,
                         f"{ceiling * 100:g}%", above=True)


@columnar_rule(
    id="kpi.abandonment-rate",
    title={"zh": "放弃率", "en": "Abandonment rate"},
    severity="warning",
    clause="002 2.1 (渠道畅通, 电话铃响三声内), 000 一(一) 渠道畅通",
    requires=("offered_at", "answered_at", "channel"),
    scope="aggregate",
    merge=_abandonment_findings,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "ceiling": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.05},
            "channels": {"type": "array", "items": {"type": "string"},
                         "default": ["phone", "chat"]},
            "group_by": {**_GROUP_PARAM, "default": ["overall", "channel"]},
            "min_tickets": {"type": "integer", "minimum": 1, "default": 10},
        },
    },
)
def abandonment_rate(ctx: RuleContext) -> pl.LazyFrame:
    """At most ``ceiling`` of live contacts are abandoned (offered, never answered).

    Seed 000 一(一) asks that channels stay open "避免出现无人响应或长时间等待";
    002 2.1 sets the answer time. A contact with ``offered_at`` and no
    ``answered_at`` was abandoned. Judged overall and per live channel.
    """
    live = ctx.tickets.filter(
        pl.col("offered_at").is_not_null() & pl.col("channel").is_in(ctx.params["channels"])
    ).with_columns(pl.col("answered_at").is_not_null().cast(pl.Float64).alias("_answered"))
    return _partial_groups(live, "_answered", ctx.params["group_by"], ctx.columns)


RULES: list[Rule] = [first_reply_attainment, satisfaction_average, abandonment_rate]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
