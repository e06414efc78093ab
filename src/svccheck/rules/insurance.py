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
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.io.profiles import RAW_PREFIX, split_list_cell
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.skips import unreadable_time

_DAY = "%Y-%m-%d"
#: A policy is one row of one file; its id (``_ticket``) links the activities.
POLICY_KEY = [SOURCE, ROW]


def add_months(dates: pl.Expr, months: int | pl.Expr) -> pl.Expr:
    """``dates`` plus ``months`` calendar months, clamped to the end of the month.

    The seed schedules service by calendar month ("签单后1个月", "缴费前3个月",
    "失效后1个月内"). A policy signed on 01-31 is due its first visit on 02-29
    (02-28 in a common year), never in March: polars' ``mo`` offset clamps
    to the month's last day, which is what we rely on. Always count from the
    anchor (signing + 4 months), never chain (signing + 1 + 3): 01-31 + 4
    months is 05-31, while 02-29 + 3 months would be 05-29. ``months`` may be
    negative, or an integer expression.
    """
    if isinstance(months, pl.Expr):
        return dates.dt.offset_by(pl.format("{}mo", months))
    return dates.dt.offset_by(f"{months}mo")


def as_of_date(ctx: RuleContext) -> date:
    """``--as-of`` as a calendar date in the standard's zone."""
    return ctx.as_of.astimezone(ZoneInfo(ctx.timezone)).date()


def show_date(expr: pl.Expr) -> pl.Expr:
    """A date as a finding shows it: ``2025-03-01``."""
    return expr.dt.strftime(_DAY)


def _date_of(ctx: RuleContext, name: str) -> pl.Expr:
    """A canonical time field as a local calendar date (null if the export lacks it)."""
    if name in ctx.columns:
        return pl.col(name).dt.date()
    return pl.lit(None, pl.Date)


def policy_rows(ctx: RuleContext) -> pl.LazyFrame:
    """The policies with ``_signed`` and ``_lapsed`` as dates."""
    return ctx.tickets.with_columns(
        _date_of(ctx, "signed_at").alias("_signed"),
        _date_of(ctx, "lapsed_at").alias("_lapsed"),
    )


def activity_days(
    ctx: RuleContext, kinds: tuple[str, ...], channels: tuple[str, ...] = ()
) -> pl.LazyFrame:
    """``_ticket`` and ``_on`` (date) of activities of these kinds, or by these channels.

    Only activities with a readable date on or before ``--as-of`` count.
    """
    assert ctx.events is not None, "the rules here declare needs_events"
    cols = ctx.event_columns
    empty = ctx.events.head(0).select(TICKET, pl.lit(None, pl.Date).alias("_on"))
    if "at" not in cols:
        return empty
    match = pl.lit(False)
    if "kind" in cols:
        match |= pl.col("kind").is_in(kinds)
    if channels and "channel" in cols:
        match |= pl.col("channel").is_in(channels)
    return (
        ctx.events.filter(match.fill_null(False) & pl.col("at").is_not_null())
        .select(TICKET, pl.col("at").dt.date().alias("_on"))
        .filter(pl.col("_on") <= as_of_date(ctx))
    )


def _empty(ctx: RuleContext) -> pl.LazyFrame:
    return ctx.findings(ctx.tickets.head(0), message="")


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


# --- premium due dates: reminders and feedback ------------------------------


def due_dates(ctx: RuleContext) -> pl.LazyFrame:
    """One row per policy and premium due date: ``_due`` (date; null where the
    element could not be read) and ``_due_raw`` (the element as written)."""
    names = ctx.tickets.collect_schema().names()
    raw_name = RAW_PREFIX + "premium_due_dates"
    parsed = pl.col("premium_due_dates").list.eval(pl.element().dt.date())
    raw = (split_list_cell(pl.col(raw_name)) if raw_name in names
           else pl.col("premium_due_dates").list.eval(pl.element().dt.strftime(_DAY)))
    return (
        policy_rows(ctx)
        .select(*POLICY_KEY, TICKET, "_signed", "_lapsed", parsed.alias("_due"),
                raw.alias("_due_raw"))
        .filter(pl.col("_due").is_not_null())
        .explode(["_due", "_due_raw"])
        .filter(pl.col("_due").is_not_null() | pl.col("_due_raw").is_not_null())
    )


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


# --- kpi.persistency-13m ----------------------------------------------------

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



RULES: list[Rule] = [
    policy_visits, renewal_reminders, payment_feedback, lapse_notice, birthday,
    persistency_13m,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
