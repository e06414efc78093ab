"""The insurance agent's first-year assessment: 13-month persistency of at least 88%.

Seed 003 考核 (保单第一年度服务): "保单13个月继续率≥88%". An aggregate rule:
each part of a large audit counts its policies, and the merge step turns
the summed counts into rates per group. Registered by
svccheck.rules.insurance.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import RuleContext, columnar_rule
from svccheck.rules.insurance_dates import add_months, as_of_date, policy_rows

_PERSISTENCY_GROUPS = ("overall", "assignee")
#: Partial counts per group; they add up across the parts of a large audit.
_PERSISTENCY_PARTIAL = {"_group": pl.String, "_name": pl.String, "_n": pl.Int64,
                        "_k": pl.Int64, "_first": pl.Date, "_last": pl.Date}


def _persistency_findings(ctx: RuleContext, partials: pl.LazyFrame) -> pl.LazyFrame:
    """Rates from the partial counts of every part; small groups are not judged."""
    floor, least = ctx.params["floor"], ctx.params["min_policies"]
    rank = {group: index for index, group in enumerate(ctx.params["group_by"])}
    merged = (
        partials.group_by("_group", "_name")
        .agg(pl.col("_n").sum(), pl.col("_k").sum(), pl.col("_first").min(),
             pl.col("_last").max())
        .sort(pl.col("_group").replace_strict(rank, return_dtype=pl.Int64), "_name",
              nulls_last=False)
    )
    ctx.cover(merged, skip=pl.when(pl.col("_n") < least).then(pl.lit(ctx.text(
        f"少于 {least} 张保单", f"fewer than {least} policies"))), unit="groups")
    below = (
        merged
        .filter(pl.col("_n") >= least)
        .with_columns((pl.col("_k") / pl.col("_n")).alias("_rate"))
        .filter(pl.col("_rate") < floor - 1e-12)
        .with_columns(
            pl.lit(None, pl.String).alias(TICKET), pl.lit(None, pl.Int64).alias(ROW),
            pl.lit(None, pl.String).alias(SOURCE),
        )
    )
    first = pl.col("_first").dt.strftime("%Y-%m")
    last = pl.col("_last").dt.strftime("%Y-%m")
    cohort = pl.when(first == last).then(first).otherwise(pl.format("{}..{}", first, last))
    rate = pl.format("{}%", (pl.col("_rate") * 100).round(1))
    goal = f"{floor * 100:g}%"
    # the policy export's assignee is the agent who sold and serves it: the seed's 营销员
    who = pl.when(pl.col("_group") == "overall").then(pl.lit(ctx.text("整体", "overall")))
    who = who.otherwise(pl.format(ctx.text("营销员 {}", "assignee {}"), pl.col("_name")))
    message = pl.format(
        ctx.text(f"13个月继续率（{{}}）为 {{}}：签单于 {{}} 的 {{}} 张保单中 {{}} 张继续有效，"
                 f"低于下限 {goal}",
                 f"13-month persistency ({{}}) is {{}}: {{}} of {{}} policies signed {{}} "
                 f"still in force, below the {goal} floor"),
        *((who, rate, cohort, pl.col("_n"), pl.col("_k")) if ctx.lang == "zh"
          else (who, rate, pl.col("_k"), pl.col("_n"), cohort)),
    )
    key = pl.concat_str([pl.col("_group"), pl.col("_name").fill_null("")], separator="=")
    group = pl.when(pl.col("_group") == "assignee").then(pl.col("_name"))
    return ctx.findings(below, field="lapsed_at", message=message,
                        evidence=pl.format("{}/{}", pl.col("_k"), pl.col("_n")), key=key,
                        assignee=group)




@columnar_rule(
    id="kpi.persistency-13m",
    title={"zh": "13个月继续率", "en": "13-month persistency"},
    severity="warning",
    clause="003 考核 (保单13个月继续率≥88%)",
    requires=("signed_at", "lapsed_at"),
    scope="aggregate",
    merge=_persistency_findings,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "floor": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.88},
            "grace_days": {"type": "integer", "minimum": 0, "default": 60},
            "group_by": {
                "type": "array", "items": {"enum": list(_PERSISTENCY_GROUPS)},
                "uniqueItems": True, "minItems": 1, "default": ["overall", "assignee"],
            },
            "min_policies": {"type": "integer", "minimum": 1, "default": 10},
        },
    },
)
def persistency_13m(ctx: RuleContext) -> pl.LazyFrame:
    """At least 88% of policies are still in force after their 13th-month premium.

    Seed 003 考核 (保单第一年度服务): "保单13个月继续率≥88%". A policy's 13th
    month begins 12 calendar months after signing, when its second-year
    premium falls due; unpaid, the policy lapses once the grace period ends
    (60 days: 《保险法》第三十六条). So a policy is judged once signing + 12
    months + ``grace_days`` is over at ``--as-of``, and it has persisted
    unless it lapsed on or before that day. The rate is persisted / judged
    policies, by count (the export has no premium amounts); a rate exactly
    at the floor passes. Judged overall and per assignee (营销员), like the
    other ``kpi.*`` rules: a group with fewer than ``min_policies`` judged
    policies -- the overall one included -- is not judged, as a handful of
    policies is not a rate. The finding has no ticket: it names the group
    (a 营销员's finding carries their name as its assignee), the rate, how
    many policies it rests on, their signing months and the floor.
    """
    grace = ctx.params["grace_days"]
    as_of = as_of_date(ctx)
    judged = (
        policy_rows(ctx)
        .filter(pl.col("_signed").is_not_null())
        .with_columns(
            (add_months(pl.col("_signed"), 12) + pl.duration(days=grace)).alias("_decided")
        )
        .filter(pl.col("_decided") < as_of)
        .with_columns(
            (pl.col("_lapsed").is_null() | (pl.col("_lapsed") > pl.col("_decided")))
            .alias("_kept")
        )
    )
    aggregates = [
        pl.len().alias("_n"), pl.col("_kept").sum().alias("_k"),
        pl.col("_signed").min().alias("_first"), pl.col("_signed").max().alias("_last"),
    ]
    parts: list[pl.LazyFrame] = []
    for group in ctx.params["group_by"]:
        if group == "overall":
            parts.append(judged.select(
                pl.lit("overall").alias("_group"), pl.lit(None, pl.String).alias("_name"),
                *aggregates,
            ))
        elif group in ctx.columns:
            parts.append(
                judged.filter(pl.col(group).is_not_null())
                .group_by(group).agg(*aggregates)
                .select(pl.lit(group).alias("_group"),
                        pl.col(group).cast(pl.String).alias("_name"),
                        "_n", "_k", "_first", "_last")
            )
    if not parts:
        return pl.LazyFrame(schema=_PERSISTENCY_PARTIAL)
    return pl.concat(parts).cast(_PERSISTENCY_PARTIAL)  # type: ignore[arg-type]
