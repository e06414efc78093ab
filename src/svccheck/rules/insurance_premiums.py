"""The insurance premium cycle: reminders before each due date, feedback after it, the lapse.

Seed 003 保单全生命周期服务图: at least three premium reminders starting three
months before each due date (续期缴费温馨提示), the deduction result fed back
the day after (缴费反馈), and -- when a premium stays unpaid -- the suspension
confirmation (《保单效力中止确认书》) signed within a month of the lapse
(失效提醒). The rules are registered by svccheck.rules.insurance.
"""

from __future__ import annotations

import polars as pl

from svccheck.io.base import TICKET
from svccheck.io.profiles import RAW_PREFIX
from svccheck.rule import RuleContext, columnar_rule
from svccheck.rules.insurance_dates import (
    POLICY_KEY,
    activity_days,
    add_months,
    as_of_date,
    due_dates,
    policy_rows,
    show_date,
)
from svccheck.rules.skips import unreadable_time


def _cover_dues(ctx: RuleContext, due: pl.LazyFrame) -> None:
    """The policies with a premium due date to judge at ``--as-of`` (one row each)."""
    ctx.cover(due.select(*POLICY_KEY).unique())


def _renewals(dues: pl.LazyFrame) -> pl.LazyFrame:
    """Readable due dates of renewal premiums while the policy is in force.

    The premium paid at signing is not a renewal, so due dates on or before
    the signing date are left out; after a lapse no premium falls due. Sorted,
    with the previous (``_prev``) and next (``_next``) due date of the policy.
    """
    return (
        dues.filter(
            pl.col("_due").is_not_null()
            & (pl.col("_signed").is_null() | (pl.col("_due") > pl.col("_signed")))
            & (pl.col("_lapsed").is_null() | (pl.col("_due") <= pl.col("_lapsed")))
        )
        .unique([*POLICY_KEY, "_due"], keep="first")
        .sort([*POLICY_KEY, "_due"])
        .with_columns(
            pl.col("_due").shift(1).over(POLICY_KEY).alias("_prev"),
            pl.col("_due").shift(-1).over(POLICY_KEY).alias("_next"),
        )
    )


@columnar_rule(
    id="revisit.renewal-reminders",
    scope="ticket",
    title={"zh": "续期缴费提醒", "en": "Premium reminders before each due date"},
    severity="error",
    clause="003 续期缴费温馨提示 (缴费前3个月开始切入缴费提示, 缴费前至少3次缴费提醒)",
    requires=("premium_due_dates",),
    needs_events=True,
    requires_events=("at", "kind"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min_reminders": {"type": "integer", "minimum": 1, "default": 3},
            "months_before": {"type": "integer", "minimum": 1, "default": 3},
        },
    },
)
def renewal_reminders(ctx: RuleContext) -> pl.LazyFrame:
    """At least 3 premium reminders in the 3 months before each due date.

    Seed 003 续期缴费温馨提示: "缴费前3个月开始切入缴费提示, 缴费前至少3次缴费
    提醒". For a premium due on D, reminders (kind ``reminder``: 续期提醒,
    催缴 -- not 失效提醒, a lapse warning -- by any channel) count from D - 3
    calendar months (clamped to the month's end) to the day before D, both
    included: the first no earlier than 3 months before, the last before the
    payment. Reminders are counted by day (a call and an SMS on one day are
    one reminder). Earlier reminders do not count; the message says how many
    there were. Judged once D has come at ``--as-of``. A due date that cannot be read is a
    finding quoting it: its reminders cannot be checked.
    """
    need, before = ctx.params["min_reminders"], ctx.params["months_before"]
    as_of = as_of_date(ctx)
    dues = due_dates(ctx)
    _cover_dues(ctx, dues.filter(pl.col("_due").is_null() | (pl.col("_due") <= as_of)))
    unreadable = dues.filter(pl.col("_due").is_null())
    unreadable_findings = ctx.findings(
        unreadable, field="premium_due_dates",
        message=pl.format(ctx.text("应缴日期“{}”无法识别为日期，无法检查其续期提醒",
                                   "premium due date '{}' is not a readable date: its "
                                   "reminders cannot be checked"), pl.col("_due_raw")),
        evidence=pl.col("_due_raw"),
        key=pl.lit("unreadable:") + pl.col("_due_raw"),
    )
    windows = _renewals(dues).filter(pl.col("_due") <= as_of).with_columns(
        add_months(pl.col("_due"), -before).alias("_from"),
        (pl.col("_due") - pl.duration(days=1)).alias("_last"),
        pl.coalesce("_prev", "_signed").alias("_after"),
    )
    reminders = activity_days(ctx, ("reminder",)).unique()
    on = pl.col("_on")
    counted = (
        windows.join(reminders, on=TICKET, how="left")
        .group_by([*POLICY_KEY, "_due"], maintain_order=True)
        .agg(
            pl.col(TICKET, "_from", "_last").first(),
            on.filter(on.is_between(pl.col("_from"), pl.col("_last"))).n_unique().alias("_n"),
            on.filter((on < pl.col("_from"))
                      & (pl.col("_after").is_null() | (on > pl.col("_after"))))
            .n_unique().alias("_early"),
        )
        .filter(pl.col("_n") < need)
    )
    due, start, last = (show_date(pl.col(c)) for c in ("_due", "_from", "_last"))
    early = pl.col("_early")
    if ctx.lang == "zh":
        base = pl.format(f"应缴日期 {{}} 前{before}个月内（{{}} 至 {{}}）只有 {{}} 次缴费提醒，"
                         f"至少需要 {need} 次", due, start, last, pl.col("_n"))
        extra = pl.format("；另有 {} 次早于 {}，不计入", early, start)
    else:
        base = pl.format(f"{{}} reminder(s) from {{}} to {{}} for the premium due {{}}; at "
                         f"least {need} in the {before} months before are required",
                         pl.col("_n"), start, last, due)
        extra = pl.format("; {} earlier reminder(s) before {} do not count", early, start)
    message = pl.when(early > 0).then(pl.concat_str([base, extra])).otherwise(base)
    short = ctx.findings(counted, field="premium_due_dates", message=message,
                         evidence=pl.format(f"{{}}/{need}", pl.col("_n")), key=due)
    return pl.concat([unreadable_findings, short])


@columnar_rule(
    id="revisit.payment-feedback",
    scope="ticket",
    title={"zh": "缴费次日反馈扣款情况", "en": "Deduction result fed back the next day"},
    severity="error",
    clause="003 缴费反馈 (缴费次日反馈扣款情况)",
    requires=("premium_due_dates",),
    needs_events=True,
    requires_events=("at", "kind"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "days_after": {"type": "integer", "minimum": 0, "default": 1},
        },
    },
)
def payment_feedback(ctx: RuleContext) -> pl.LazyFrame:
    """The deduction result is fed back to the customer the day after the due date.

    Seed 003 缴费反馈: "缴费次日反馈扣款情况, 协助解决扣款问题, 告知后续扣款
    安排" (from the daily deduction list, 每日扣款清单). For a premium due on D
    a feedback (kind ``feedback``: 缴费反馈, 扣款反馈) dated D or D + 1 is in
    time; a feedback on the due date itself counts, as the result can be
    known that day. Missing by the end of D + 1 at ``--as-of``: a finding;
    given later (before the next due date): a finding saying how late.
    Unreadable due dates are reported by ``revisit.renewal-reminders``.
    """
    days = ctx.params["days_after"]
    as_of = as_of_date(ctx)
    dues = _renewals(due_dates(ctx)).with_columns(
        (pl.col("_due") + pl.duration(days=days)).alias("_deadline")
    )
    _cover_dues(ctx, dues.filter(pl.col("_deadline") < as_of))
    feedback = activity_days(ctx, ("feedback",)).unique()
    on = pl.col("_on")
    judged = (
        dues.join(feedback, on=TICKET, how="left")
        .group_by([*POLICY_KEY, "_due"], maintain_order=True)
        .agg(
            pl.col(TICKET, "_deadline").first(),
            on.is_between(pl.col("_due"), pl.col("_deadline")).any().alias("_ok"),
            on.filter((on > pl.col("_deadline"))
                      & (pl.col("_next").is_null() | (on < pl.col("_next"))))
            .min().alias("_late"),
        )
        .filter(~pl.col("_ok").fill_null(False) & (pl.col("_deadline") < as_of))
        .with_columns(
            (pl.col("_late") - pl.col("_deadline")).dt.total_days().alias("_days_late")
        )
    )
    due, deadline, late = (show_date(pl.col(c)) for c in ("_due", "_deadline", "_late"))
    when_zh = "缴费次日" if days == 1 else f"应缴日后{days}天"
    when_en = "the day after the due date" if days == 1 else f"{days} days after the due date"
    message = pl.when(pl.col("_late").is_not_null()).then(pl.format(
        ctx.text(f"应缴日期 {{}} 的扣款情况于 {{}} 才反馈，应不晚于{when_zh}（{{}}），"
                 "晚了 {} 天",
                 f"deduction result for the premium due {{}} fed back on {{}}, due by {{}} "
                 f"({when_en}): {{}} day(s) late"),
        due, late, deadline, pl.col("_days_late"),
    )).otherwise(pl.format(
        ctx.text(f"应缴日期 {{}} 的扣款情况截至{when_zh}（{{}}）未反馈",
                 f"no feedback on the deduction for the premium due {{}} by {{}} ({when_en})"),
        due, deadline,
    ))
    return ctx.findings(judged, field="premium_due_dates", message=message,
                        evidence=pl.coalesce(late, pl.lit("-")), key=due)


# --- revisit.lapse-notice ---------------------------------------------------


@columnar_rule(
    id="revisit.lapse-notice",
    scope="ticket",
    title={"zh": "失效后签署效力中止确认书", "en": "Suspension confirmed after a lapse"},
    severity="error",
    clause="003 失效提醒 (失效后1个月内签署《保单效力中止确认书》)",
    requires=("lapsed_at",),
    needs_events=True,
    requires_events=("at", "kind"),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "months": {"type": "integer", "minimum": 1, "default": 1},
        },
    },
)
def lapse_notice(ctx: RuleContext) -> pl.LazyFrame:
    """After a lapse, the suspension confirmation is signed within 1 month.

    Seed 003 失效提醒: "失效后1个月内签署《保单效力中止确认书》, 告知权益变化
    情况". The confirmation is an activity of kind ``notice`` (效力中止确认)
    dated from the lapse date to the lapse date + 1 calendar month (clamped:
    a lapse on 01-31 is due by 02-28/29), both included. Missing once that
    day is over at ``--as-of``: a finding; signed later: a finding saying
    how late.
    """
    months = ctx.params["months"]
    as_of = as_of_date(ctx)
    lapsed = policy_rows(ctx).filter(pl.col("_lapsed").is_not_null()).with_columns(
        add_months(pl.col("_lapsed"), months).alias("_deadline")
    )
    raw_lapse = pl.col(RAW_PREFIX + "lapsed_at")
    ctx.cover(policy_rows(ctx).filter(
        (raw_lapse.is_not_null() & pl.col("_lapsed").is_null())
        | (add_months(pl.col("_lapsed"), months) < as_of)), skip=unreadable_time(ctx, "lapsed_at"))
    notices = activity_days(ctx, ("notice",)).unique()
    on = pl.col("_on")
    judged = (
        lapsed.select(*POLICY_KEY, TICKET, "_lapsed", "_deadline")
        .join(notices, on=TICKET, how="left")
        .group_by(POLICY_KEY, maintain_order=True)
        .agg(
            pl.col(TICKET, "_lapsed", "_deadline").first(),
            on.is_between(pl.col("_lapsed"), pl.col("_deadline")).any().alias("_ok"),
            on.filter(on > pl.col("_deadline")).min().alias("_late"),
        )
        .filter(~pl.col("_ok").fill_null(False) & (pl.col("_deadline") < as_of))
        .with_columns(
            (pl.col("_late") - pl.col("_deadline")).dt.total_days().alias("_days_late")
        )
    )
    lapse, deadline, late = (show_date(pl.col(c)) for c in ("_lapsed", "_deadline", "_late"))
    span_zh = "1个月" if months == 1 else f"{months}个月"
    span_en = "1 month" if months == 1 else f"{months} months"
    message = pl.when(pl.col("_late").is_not_null()).then(pl.format(
        ctx.text(f"《保单效力中止确认书》于 {{}} 才签署，应在失效（{{}}）后{span_zh}内"
                 f"（不晚于 {{}}）签署，晚了 {{}} 天",
                 f"suspension confirmation (效力中止确认书) signed on {{}}, due within "
                 f"{span_en} of the lapse on {{}} (by {{}}): {{}} day(s) late"),
        late, lapse, deadline, pl.col("_days_late"),
    )).otherwise(pl.format(
        ctx.text(f"失效（{{}}）后{span_zh}内（截至 {{}}）未签署《保单效力中止确认书》",
                 f"no suspension confirmation (效力中止确认书) within {span_en} of the "
                 f"lapse on {{}} (due by {{}})"),
        lapse, deadline,
    ))
    return ctx.findings(judged, field="lapsed_at", message=message,
                        evidence=pl.coalesce(late, pl.lit("-")))
