"""The insurance policy lifecycle: seed 003 保险标准化服务 (标准服务助腾飞).

The seed's 保单全生命周期服务图 fixes the service an individual-insurance agent
owes each policy: in-person visits (亲访) 1, 4, 7 and 10 months after signing,
at least three premium reminders starting three months before each due date
(续期缴费温馨提示), the deduction result fed back the day after (缴费反馈), the
suspension confirmation (《保单效力中止确认书》) signed within a month of a lapse
(失效提醒), a greeting on the customer's birthday (生日祝福), and -- as the
agent's first-year assessment (考核) -- a 13-month persistency of at least 88%.

These rules read a policy export (one "ticket" per policy: ``signed_at``,
``birthday``, ``premium_due_dates``, ``lapsed_at``) and its activity log (events:
``at``, ``kind``, ``channel``), e.g. with the ``cn-insurance-policy`` profile.

Every deadline here is a **calendar date** in the standard's time zone: the
seed speaks in months and days ("签单后1个月", "缴费次日", "失效后1个月内"),
not in working hours. Months are calendar months clamped to the month's end
(:func:`add_months`). A deadline day counts as passed only once it is over
at ``--as-of``; a service whose window is still open is not a finding, and
activities dated after ``--as-of`` are ignored, so re-running an audit "as of"
a past date gives the answer it gave then.

This module holds the visits after signing and the birthday greeting, and
registers every rule of the lifecycle; the premium cycle (reminders,
feedback, lapse) is in svccheck.rules.insurance_premiums, the 13-month
persistency in svccheck.rules.insurance_persistency, and the calendar-date
reading they share in svccheck.rules.insurance_dates.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.io.profiles import RAW_PREFIX
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.insurance_dates import (
    POLICY_KEY,
    activity_days,
    add_months,
    as_of_date,
    policy_rows,
    show_date,
)
from svccheck.rules.insurance_persistency import persistency_13m
from svccheck.rules.insurance_premiums import lapse_notice, payment_feedback, renewal_reminders
from svccheck.rules.skips import unreadable_time

# --- revisit.policy-visits -------------------------------------------------


@columnar_rule(
    id="revisit.policy-visits",
    scope="ticket",
    title={"zh": "签单后定期亲访", "en": "In-person visits after signing"},
    severity="error",
    clause="003 保单全生命周期服务图 (签单后1/4/7/10个月 亲访)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at",),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "months": {
                "type": "array", "items": {"type": "integer", "minimum": 1},
                "minItems": 1, "uniqueItems": True, "default": [1, 4, 7, 10],
            },
            "tolerance_days": {"type": "integer", "minimum": 0, "default": 15},
        },
    },
)
def policy_visits(ctx: RuleContext) -> pl.LazyFrame:
    """The agent visits the customer in person 1, 4, 7 and 10 months after signing.

    Seed 003 保单全生命周期服务图 marks 亲访 at 签单后1个月, 4个月, 7个月 and
    10个月 (the first policy year: 送合同, 保单体检, 邀约活动, 续期温馨提示).
    Each visit is due on signing + N calendar months (clamped to the month's
    end: signed 01-31 → 02-29) and counts within ``tolerance_days`` either
    side, both ends included (the seed gives no tolerance; ±15 days is
    ours). A visit is an activity of kind ``visit`` (亲访), or any activity
    done in person (channel ``in_person``: a reminder delivered at the
    customer's home is that month's visit). A visit not found is a finding
    once its window is over at ``--as-of``; the message names the nearest
    visit, if any. A visit due after the policy lapsed is not required (the
    lapse notice takes over).
    """
    tolerance = ctx.params["tolerance_days"]
    months = sorted(ctx.params["months"])
    as_of = as_of_date(ctx)
    # policies whose first visit window is over; one whose signing date
    # cannot be read may be among them, and is skipped
    first_due = add_months(pl.col("_signed"), months[0]) + pl.duration(days=tolerance)
    ctx.cover(policy_rows(ctx).filter(pl.col("_signed").is_null() | (first_due < as_of)),
              skip=unreadable_time(ctx, "signed_at"))
    schedule = (
        policy_rows(ctx)
        .filter(pl.col("_signed").is_not_null())
        .join(pl.LazyFrame({"_n": months}, schema={"_n": pl.Int64}), how="cross")
        .with_columns(add_months(pl.col("_signed"), pl.col("_n")).alias("_target"))
    )
    visits = activity_days(ctx, ("visit",), ("in_person",)).unique()
    pairs = (
        schedule.select(*POLICY_KEY, TICKET, "_n", "_target")
        .join(visits, on=TICKET, how="inner")
        .with_columns((pl.col("_on") - pl.col("_target")).dt.total_days().alias("_delta"))
        .with_columns(pl.col("_delta").abs().alias("_abs"))
    )
    hits = (
        pairs.filter(pl.col("_abs") <= tolerance)
        .select(*POLICY_KEY, "_n").unique().with_columns(pl.lit(True).alias("_hit"))
    )
    # Each visit is "the nearest" only for the scheduled visit it is closest to.
    nearest = (
        pairs.sort([*POLICY_KEY, "_on", "_abs", "_n"])
        .group_by([*POLICY_KEY, "_on"]).agg(pl.col("_n").first(), pl.col("_delta").first(),
                                         pl.col("_abs").first())
        .sort([*POLICY_KEY, "_n", "_abs", "_delta"])
        .group_by([*POLICY_KEY, "_n"]).agg(pl.col("_delta").first().alias("_nearest"))
    )
    missed = (
        schedule.join(hits, on=[*POLICY_KEY, "_n"], how="left")
        .join(nearest, on=[*POLICY_KEY, "_n"], how="left")
        .filter(
            pl.col("_hit").is_null()
            & ((pl.col("_target") + pl.duration(days=tolerance)) < as_of)
            & (pl.col("_lapsed").is_null() | (pl.col("_target") <= pl.col("_lapsed")))
        )
        .sort([*POLICY_KEY, "_n"])
    )
    target, signed, n = show_date(pl.col("_target")), show_date(pl.col("_signed")), pl.col("_n")
    near = pl.col("_nearest")
    near_on = show_date(pl.col("_target") + pl.duration(days=near))
    if ctx.lang == "zh":
        base = pl.format(
            f"签单（{{}}）后{{}}个月应在 {{}} 前后{tolerance}天内亲访，未找到亲访记录",
            signed, n, target,
        )
        extra = pl.format(
            "；最近一次亲访在 {}（{}{}天）", near_on,
            pl.when(near > 0).then(pl.lit("晚")).otherwise(pl.lit("早")), near.abs(),
        )
    else:
        unit = pl.when(n == 1).then(pl.lit("month")).otherwise(pl.lit("months"))
        base = pl.format(
            f"no in-person visit within ±{tolerance} days of {{}} ({{}} {{}} after signing "
            "on {})", target, n, unit, signed,
        )
        extra = pl.format(
            "; the nearest visit was {}, {} days {}", near_on, near.abs(),
            pl.when(near > 0).then(pl.lit("after")).otherwise(pl.lit("before")),
        )
    message = pl.when(near.is_null()).then(base).otherwise(pl.concat_str([base, extra]))
    return ctx.findings(missed, field="signed_at", message=message, evidence=target,
                        key=pl.format("{}mo", n))


# --- greeting.birthday ------------------------------------------------------


@columnar_rule(
    id="greeting.birthday",
    scope="customer",
    title={"zh": "生日当天祝福", "en": "Birthday greeting on the day"},
    severity="warning",
    clause="003 生日祝福 (生日当天送去个人祝福)",
    requires=("birthday", "signed_at"),
    needs_events=True,
    requires_events=("at", "kind"),
)
def birthday(ctx: RuleContext) -> pl.LazyFrame:
    """The customer gets a greeting on their birthday, every year the policy is in force.

    Seed 003 保单长期基础服务, 生日祝福: "生日当天送去个人祝福" (亲访、短信;
    95567生日短信). Every birthday from the signing date until the day before
    ``--as-of`` (or the lapse) needs an activity of kind ``greeting`` dated
    on that very day; a 02-29 birthday falls on 02-28 in common years. The
    greeting is owed to the customer, not to each policy: with a customer
    id, one greeting logged under any of the customer's policies counts, and
    a missed birthday is one finding, on the customer's first policy. The
    message names the year, never the date of birth (personal data).
    """
    as_of = as_of_date(ctx)
    who = pl.lit("p:") + pl.col(TICKET)
    if "customer_id" in ctx.columns:
        who = pl.coalesce(pl.lit("c:") + pl.col("customer_id"), who)
    policies = policy_rows(ctx).with_columns(who.alias("_who"))
    # every policy with a birthday on record that was signed before --as-of
    ctx.cover(policies.filter(pl.col(RAW_PREFIX + "birthday").is_not_null()
                              & (pl.col("_signed").is_null() | (pl.col("_signed") < as_of))),
              skip=pl.coalesce(unreadable_time(ctx, "birthday"), unreadable_time(ctx, "signed_at")))
    birthdays = (
        policies.filter(pl.col("_signed").is_not_null() & pl.col("birthday").is_not_null())
        .with_columns(
            pl.col("birthday").dt.date().alias("_birth"),
            pl.min_horizontal(pl.lit(as_of - timedelta(days=1)), pl.col("_lapsed"))
            .alias("_until"),
        )
        .with_columns(pl.int_ranges(
            pl.col("_signed").dt.year() - pl.col("_birth").dt.year(),
            pl.col("_until").dt.year() - pl.col("_birth").dt.year() + 1,
        ).alias("_age"))
        .explode("_age")
        .filter(pl.col("_age").is_not_null())
        .with_columns(add_months(pl.col("_birth"), pl.col("_age") * 12).alias("_day"))
        .filter(pl.col("_day").is_between(pl.col("_signed"), pl.col("_until")))
        .sort(POLICY_KEY)
        .unique(["_who", "_day"], keep="first", maintain_order=True)
    )
    greetings = (
        activity_days(ctx, ("greeting",))
        .join(policies.select(TICKET, "_who").unique(), on=TICKET, how="inner")
        .select("_who", pl.col("_on").alias("_day"))
        .unique()
    )
    missed = birthdays.join(greetings, on=["_who", "_day"], how="anti").sort([*POLICY_KEY, "_day"])
    year = pl.col("_day").dt.year().cast(pl.String)
    message = pl.format(ctx.text("客户 {} 年生日当天没有生日祝福",
                                 "no greeting on the customer's birthday in {}"), year)
    return ctx.findings(missed, field="birthday", message=message, evidence=year, key=year)


RULES: list[Rule] = [
    policy_visits, renewal_reminders, payment_feedback, lapse_notice, birthday,
    persistency_13m,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
