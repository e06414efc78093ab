"""The insurance cadence seed 003 draws: the service an agent owes a policy over its life.

Seed 003 保险标准化服务 (标准服务助腾飞) draws, beside the first-year visits and
the premium cycle of :mod:`svccheck.rules.insurance_premiums`, the rhythm of the rest:

* 合同递送日 亲访 -- the contract is handed over in person (保单全生命周期服务图,
  保单第一年度服务: 送合同, 签回执);
* 新契约回访服务 -- the company's callback of a new contract, within the
  15-day cooling-off period (犹豫期);
* 缴费期开始切入失效提醒 -- from the unpaid due date on, warn of the lapse;
* 半年1次亲访交流, 每季1次活动邀约, 每月1次利好推送 -- the long-term rhythm
  (保单长期基础服务 / 增值服务);
* 节日问候 -- "中国传统节日、西方重要节日当天送去个人祝福".

All of it is owed only while the policy is in force: it stops at a lapse,
like the birthday greeting. Dates are calendar dates in the standard's zone;
a period or a day is judged once it is over at ``--as-of``, and activities
dated after ``--as-of`` are not known. The long-term rhythm and the
greetings are owed to the customer, not to each policy: with a customer id,
an activity logged under any of the customer's policies counts, and a
missed period is one finding, on the customer's first policy in force. The
seed marks 基础服务 to be spot-checked (抽查) and 增值服务 (邀约活动, 节日问候)
to be encouraged (倡导): the shipped standard's severities say so.

One module, though it runs past 450 lines: the per-policy rules and the
per-customer rhythm share the helpers at the top (the window an activity
must fall in, the end of service at a lapse or ``--as-of``, the reading of a
date the export may lack), and each rule is one short query over them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.io.profiles import RAW_PREFIX
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
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

_IN_PERSON = (("visit",), ("in_person",))


def _int_param(name: str, default: int, minimum: int = 1) -> dict[str, Any]:
    return {name: {"type": "integer", "minimum": minimum, "default": default}}


def _params(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties}


def _raw_present(ctx: RuleContext, name: str) -> pl.Expr:
    raw = RAW_PREFIX + name
    names = ctx.tickets.collect_schema().names()
    if raw in names:
        return pl.col(raw).is_not_null()
    return pl.col(name).is_not_null() if name in ctx.columns else pl.lit(False)


def _date(ctx: RuleContext, name: str) -> pl.Expr:
    return pl.col(name).dt.date() if name in ctx.columns else pl.lit(None, pl.Date)


def _until(ctx: RuleContext) -> pl.Expr:
    """The first day no longer owed: the lapse, or ``--as-of`` (whose day is not over)."""
    return pl.min_horizontal(pl.lit(as_of_date(ctx)), pl.col("_lapsed"))


def _in_time(activities: pl.LazyFrame, frame: pl.LazyFrame, on: list[str], start: str,
             end: str) -> pl.LazyFrame:
    """``frame`` with ``_hit``: an activity (``_on``) from ``start`` to ``end``, both
    included, and ``_late``: the first one after ``end`` (before the next such window)."""
    joined = frame.join(activities, on=on, how="left")
    act = pl.col("_on")
    return joined.group_by([*POLICY_KEY, start], maintain_order=True).agg(
        pl.all().exclude("_on").first(),
        act.is_between(pl.col(start), pl.col(end)).any().alias("_hit"),
        act.filter(act > pl.col(end)).min().alias("_late"),
    )


# --- revisit.delivery-visit ------------------------------------------------------------


@columnar_rule(
    id="revisit.delivery-visit",
    scope="ticket",
    title={"zh": "合同递送日亲访", "en": "In-person visit on contract delivery"},
    severity="error",
    clause="003 保单全生命周期服务图 (合同递送日 亲访), 保单第一年度服务 (送合同)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at",),
    params=_params(**_int_param("days_after_signing", 7, 0)),
)
def delivery_visit(ctx: RuleContext) -> pl.LazyFrame:
    """The contract is handed over in person: a visit on the contract-delivery day.

    Seed 003 保单全生命周期服务图 marks 亲访 on the 合同递送日; 保单第一年度服务
    lists 送合同, 签回执. With a delivery date (``delivered_at``, 合同递送日期) the
    visit is due on that very day; without one (no such column, or an empty
    cell), it is an in-person visit within ``days_after_signing`` days of
    signing (7, the last day included; the seed gives no number). A visit is
    an activity of kind ``visit`` (亲访, 送合同) or any activity done in person.
    Judged once the day (or the last day) is over at ``--as-of``; not owed
    when the policy lapsed before it. Skipped: an unreadable signing or
    delivery date.
    """
    days = ctx.params["days_after_signing"]
    as_of = as_of_date(ctx)
    delivered = _date(ctx, "delivered_at")
    frame = policy_rows(ctx).with_columns(
        pl.coalesce(delivered, pl.col("_signed")).alias("_from"),
        pl.coalesce(delivered, pl.col("_signed") + pl.duration(days=days)).alias("_to"),
        delivered.is_not_null().alias("_dated"),
    )
    unreadable_delivery = (_raw_present(ctx, "delivered_at") & delivered.is_null())
    skip = skips.first(
        pl.when(unreadable_delivery).then(unreadable_time(ctx, "delivered_at")),
        pl.when(pl.col("_signed").is_null() & delivered.is_null())
        .then(unreadable_time(ctx, "signed_at")))
    owed = (pl.col("_to") < as_of) & (pl.col("_lapsed").is_null()
                                      | (pl.col("_from") < pl.col("_lapsed")))
    scope = frame.filter(owed.fill_null(False) | skip.is_not_null())
    ctx.cover(scope, skip=skip)
    judged = scope.filter(skip.is_null())
    visits = activity_days(ctx, *_IN_PERSON).unique()
    found = _in_time(visits, judged.select(*POLICY_KEY, TICKET, "_from", "_to", "_dated"),
                     [TICKET], "_from", "_to").filter(~pl.col("_hit").fill_null(False))
    late = pl.when(pl.col("_late").is_not_null()).then(pl.format(
        ctx.text("；首次亲访在 {}", "; the first visit was on {}"), show_date(pl.col("_late"))
    )).otherwise(pl.lit(""))
    message = pl.when(pl.col("_dated")).then(pl.format(
        ctx.text("合同递送日 {} 没有亲访记录{}", "no in-person visit on the contract-delivery "
                 "day {}{}"), show_date(pl.col("_from")), late,
    )).otherwise(pl.format(
        ctx.text(f"签单（{{}}）后{days}天内（至 {{}}）没有亲访递送合同的记录{{}}",
                 f"no in-person visit within {days} days of signing on {{}} (by {{}}) to "
                 "hand over the contract{}"),
        show_date(pl.col("_from")), show_date(pl.col("_to")), late))
    field = pl.when(pl.col("_dated")).then(pl.lit("delivered_at")).otherwise(pl.lit("signed_at"))
    return ctx.findings(found.sort(POLICY_KEY), field=field, message=message,
                        evidence=show_date(pl.col("_to")))


# --- revisit.cooling-off-callback -----------------------------------------------------


@columnar_rule(
    id="revisit.cooling-off-callback",
    scope="ticket",
    title={"zh": "犹豫期内新契约回访", "en": "New-contract callback in the cooling-off period"},
    severity="error",
    clause="003 保单第一年度服务 (公司服务支持: 新契约回访服务)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at", "kind"),
    params=_params(**_int_param("days", 15)),
)
def cooling_off_callback(ctx: RuleContext) -> pl.LazyFrame:
    """The new contract gets its callback (新契约回访) within the cooling-off period.

    Seed 003 保单第一年度服务 lists the company's 新契约回访服务 among the
    first-year support; the callback confirms the sale while the customer may
    still withdraw, in the 15-day cooling-off period (犹豫期; ``days``). It is
    an activity of kind ``contract_callback`` (新契约回访) dated from signing
    -- or from the contract's delivery, where ``delivered_at`` is known: the
    period runs from the customer's receipt -- to day 15, both included; a
    plain call (kind ``call``) is not one. Judged once day 15 is over at
    ``--as-of``; a later callback is a finding saying how late.
    """
    days = ctx.params["days"]
    as_of = as_of_date(ctx)
    frame = policy_rows(ctx).with_columns(
        pl.coalesce(_date(ctx, "delivered_at"), pl.col("_signed")).alias("_from"),
    ).with_columns((pl.col("_from") + pl.duration(days=days)).alias("_to"))
    skip = pl.when(pl.col("_from").is_null()).then(unreadable_time(ctx, "signed_at"))
    owed = (pl.col("_to") < as_of) & (pl.col("_lapsed").is_null()
                                      | (pl.col("_from") < pl.col("_lapsed")))
    scope = frame.filter(owed.fill_null(False) | (_raw_present(ctx, "signed_at")
                                                  & pl.col("_from").is_null()))
    ctx.cover(scope, skip=skip)
    callbacks = activity_days(ctx, ("contract_callback",)).unique()
    found = _in_time(callbacks, scope.filter(skip.is_null()).select(
        *POLICY_KEY, TICKET, "_from", "_to"), [TICKET], "_from", "_to").filter(
        ~pl.col("_hit").fill_null(False))
    since, until = show_date(pl.col("_from")), show_date(pl.col("_to"))
    message = pl.when(pl.col("_late").is_not_null()).then(pl.format(
        ctx.text(f"新契约回访于 {{}} 才进行，应在犹豫期内（{{}} 起{days}天，至 {{}}），"
                 "晚了 {} 天",
                 f"new-contract callback (新契约回访) only on {{}}, due within the {days}-day "
                 f"cooling-off period from {{}} (by {{}}): {{}} day(s) late"),
        show_date(pl.col("_late")), since, until,
        (pl.col("_late") - pl.col("_to")).dt.total_days(),
    )).otherwise(pl.format(
        ctx.text(f"犹豫期内（{{}} 起{days}天，至 {{}}）没有新契约回访",
                 f"no new-contract callback (新契约回访) within the {days}-day cooling-off "
                 "period from {} (by {})"), since, until))
    return ctx.findings(found.sort(POLICY_KEY), field="signed_at", message=message,
                        evidence=until)


# --- revisit.lapse-warning --------------------------------------------------------------


@columnar_rule(
    id="revisit.lapse-warning",
    scope="ticket",
    title={"zh": "失效前失效提醒", "en": "Lapse warned of before it happens"},
    severity="error",
    clause="003 保单长期基础服务 (缴费期开始切入失效提醒)",
    requires=("lapsed_at", "premium_due_dates"),
    needs_events=True,
    requires_events=("at", "kind"),
)
def lapse_warning(ctx: RuleContext) -> pl.LazyFrame:
    """A lapsed policy was warned of the lapse from the unpaid due date on.

    Seed 003 保单长期基础服务: "缴费期开始切入失效提醒, 失效后1个月内签署《保单效力
    中止确认书》" (the confirmation is ``revisit.lapse-notice``'s). For a lapsed
    policy, the unpaid premium is the last due date on or before the lapse
    (after signing); a lapse warning (kind ``lapse_warning``, 失效提醒) must
    come from that due date to the day before the lapse, both included. A
    renewal reminder is not a lapse warning. Judged for policies lapsed by
    ``--as-of``. Skipped: an unreadable lapse date, and a lapse with no
    readable premium due date before it (the warning's window is unknown).
    """
    as_of = as_of_date(ctx)
    lapsed = policy_rows(ctx).filter(pl.col("_lapsed").is_not_null()
                                     & (pl.col("_lapsed") <= as_of))
    unpaid = (
        due_dates(ctx).filter(pl.col("_due").is_not_null() & pl.col("_lapsed").is_not_null()
                              & (pl.col("_due") <= pl.col("_lapsed"))
                              & (pl.col("_signed").is_null() | (pl.col("_due") > pl.col(
                                  "_signed"))))
        .group_by(POLICY_KEY).agg(pl.col("_due").max().alias("_unpaid"))
    )
    frame = lapsed.join(unpaid, on=POLICY_KEY, how="left").with_columns(
        (pl.col("_lapsed") - pl.duration(days=1)).alias("_last"))
    unreadable = policy_rows(ctx).filter(_raw_present(ctx, "lapsed_at")
                                         & pl.col("_lapsed").is_null())
    no_due = skips.reason(ctx, "失效前没有可读的应缴日期", "no readable premium due date "
                                                    "before the lapse")
    ctx.cover(pl.concat([
        frame.select(*POLICY_KEY, pl.when(pl.col("_unpaid").is_null()).then(no_due)
                     .alias("_why")),
        unreadable.select(*POLICY_KEY, unreadable_time(ctx, "lapsed_at").alias("_why")),
    ], how="vertical_relaxed"), skip=pl.col("_why"))
    warnings = activity_days(ctx, ("lapse_warning",)).unique()
    found = _in_time(warnings, frame.filter(pl.col("_unpaid").is_not_null()).select(
        *POLICY_KEY, TICKET, "_unpaid", "_last", "_lapsed"), [TICKET], "_unpaid", "_last")
    found = found.filter(~pl.col("_hit").fill_null(False))
    message = pl.format(
        ctx.text("失效（{}）前没有失效提醒：应缴日期 {} 未缴后至 {} 应有失效提醒",
                 "no lapse warning before the lapse on {}: due from the unpaid premium of {} "
                 "to {}"),
        show_date(pl.col("_lapsed")), show_date(pl.col("_unpaid")), show_date(pl.col("_last")))
    return ctx.findings(found.sort(POLICY_KEY), field="lapsed_at", message=message,
                        evidence=show_date(pl.col("_unpaid")))


# --- revisit.half-yearly-visits -----------------------------------------------------------


@columnar_rule(
    id="revisit.half-yearly-visits",
    scope="ticket",
    title={"zh": "首年后每半年亲访", "en": "Half-yearly visits after the first year"},
    severity="warning",
    clause="003 保单全生命周期服务图 (半年1次亲访交流)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at",),
    params=_params(**_int_param("from_months", 12), **_int_param("every_months", 6)),
)
def half_yearly_visits(ctx: RuleContext) -> pl.LazyFrame:
    """After the first policy year, an in-person visit every half year.

    Seed 003 保单全生命周期服务图: "半年1次亲访交流", after the first year's visits
    (1, 4, 7, 10 months: ``revisit.policy-visits``). From signing + 12 months
    (``from_months``), each half year (``every_months``) -- months 13-18,
    19-24, ... after signing, in calendar months clamped to the month's end --
    needs at least one visit (kind ``visit``, or any activity in person).
    Judged once the half year is over at ``--as-of``; not owed for a half
    year that ends after the lapse. One finding per half year without a
    visit. Skipped: an unreadable signing date.
    """
    start, every = ctx.params["from_months"], ctx.params["every_months"]
    as_of = as_of_date(ctx)
    months = ((as_of.year - pl.col("_signed").dt.year()) * 12
              + (as_of.month - pl.col("_signed").dt.month()))
    periods = (
        policy_rows(ctx).filter(pl.col("_signed").is_not_null())
        .with_columns(pl.int_ranges(0, ((months - start) // every + 1).clip(lower_bound=0))
                      .alias("_k"))
        .explode("_k").filter(pl.col("_k").is_not_null())
        .with_columns(
            add_months(pl.col("_signed"), start + every * pl.col("_k")).alias("_from"),
            add_months(pl.col("_signed"), start + every * (pl.col("_k") + 1)).alias("_end"))
        .with_columns((pl.col("_end") - pl.duration(days=1)).alias("_to"))
        .filter((pl.col("_to") < as_of)
                & (pl.col("_lapsed").is_null() | (pl.col("_end") <= pl.col("_lapsed"))))
    )
    owed = periods.select(*POLICY_KEY).unique()
    unreadable = policy_rows(ctx).filter(_raw_present(ctx, "signed_at")
                                         & pl.col("_signed").is_null())
    ctx.cover(pl.concat([owed.with_columns(pl.lit(None, pl.String).alias("_why")),
                         unreadable.select(*POLICY_KEY, unreadable_time(ctx, "signed_at")
                                           .alias("_why"))], how="vertical_relaxed"),
              skip=pl.col("_why"))
    visits = activity_days(ctx, *_IN_PERSON).unique()
    found = _in_time(visits, periods.select(*POLICY_KEY, TICKET, "_k", "_from", "_to"),
                     [TICKET], "_from", "_to").filter(~pl.col("_hit").fill_null(False))
    first = start + every * pl.col("_k") + 1
    last = start + every * (pl.col("_k") + 1)
    message = pl.format(
        ctx.text("签单后第{}至{}个月（{} 至 {}）没有亲访（半年1次亲访交流）",
                 "no in-person visit in months {}-{} after signing ({} to {}): one is due "
                 "every half year"),
        first, last, show_date(pl.col("_from")), show_date(pl.col("_to")))
    return ctx.findings(found.sort([*POLICY_KEY, "_from"]), field="signed_at", message=message,
                        evidence=show_date(pl.col("_from")), key=show_date(pl.col("_from")))


# --- the customer's rhythm: news, invitations, holiday greetings ---------------------------


def _customers(ctx: RuleContext) -> pl.LazyFrame:
    """Policies with ``_who``: the customer they belong to (else the policy itself)."""
    who = pl.lit("p:") + pl.col(TICKET)
    if "customer_id" in ctx.columns:
        who = pl.coalesce(pl.lit("c:") + pl.col("customer_id"), who)
    return policy_rows(ctx).with_columns(who.alias("_who"))


def _owed_to_customers(ctx: RuleContext, owed: pl.LazyFrame, kind: str) -> pl.LazyFrame:
    """``owed`` (policy rows with ``_who``, ``_from``, ``_to``, ``_label``) once per
    customer and period -- on the customer's first policy -- with ``_hit``: an
    activity of ``kind`` logged under any of the customer's policies in the period."""
    customers = _customers(ctx).select(TICKET, "_who").unique()
    done = (activity_days(ctx, (kind,)).join(customers, on=TICKET, how="inner")
            .select("_who", "_on").unique())
    periods = (owed.sort(POLICY_KEY)
               .unique(["_who", "_from"], keep="first", maintain_order=True))
    hits = (periods.select("_who", "_from", "_to").join(done, on="_who", how="inner")
            .filter(pl.col("_on").is_between(pl.col("_from"), pl.col("_to")))
            .select("_who", "_from").unique().with_columns(pl.lit(True).alias("_hit")))
    return periods.join(hits, on=["_who", "_from"], how="left").with_columns(
        pl.col("_hit").fill_null(False))


def _cover_customers(ctx: RuleContext, owed: pl.LazyFrame) -> None:
    """Policies with a period owed are judged; those whose signing date cannot be read
    are skipped."""
    unreadable = policy_rows(ctx).filter(_raw_present(ctx, "signed_at")
                                         & pl.col("_signed").is_null())
    ctx.cover(pl.concat([
        owed.select(*POLICY_KEY).unique().with_columns(pl.lit(None, pl.String).alias("_why")),
        unreadable.select(*POLICY_KEY, unreadable_time(ctx, "signed_at").alias("_why")),
    ], how="vertical_relaxed"), skip=pl.col("_why"))


def _calendar_periods(ctx: RuleContext, months: int) -> pl.LazyFrame:
    """Each policy's whole calendar periods of ``months`` months (1: months, 3: quarters)
    from the first one starting on or after signing to the last one over at
    ``--as-of`` and before the lapse: ``_from``, ``_to`` (last day)."""
    unit = "1mo" if months == 1 else "1q"
    start = pl.col("_signed").dt.truncate(unit)
    first = pl.when(start < pl.col("_signed")).then(add_months(start, months)).otherwise(start)
    return (
        _customers(ctx).filter(pl.col("_signed").is_not_null())
        .with_columns(first.alias("_first"),
                      _until(ctx).dt.truncate(unit).alias("_stop"))
        .filter(pl.col("_first") < pl.col("_stop"))
        .with_columns(pl.date_ranges("_first", add_months(pl.col("_stop"), -months),
                                     interval=f"{months}mo").alias("_from"))
        .explode("_from")
        .with_columns((add_months(pl.col("_from"), months) - pl.duration(days=1)).alias("_to"))
    )


def _period_rule(ctx: RuleContext, months: int, kind: str, what: tuple[str, str]
                 ) -> pl.LazyFrame:
    owed = _calendar_periods(ctx, months)
    _cover_customers(ctx, owed)
    found = _owed_to_customers(ctx, owed, kind).filter(~pl.col("_hit"))
    if months == 1:
        label = pl.col("_from").dt.strftime("%Y-%m")
        label_zh = label
    else:
        quarter = (pl.col("_from").dt.month() - 1) // 3 + 1
        label = pl.format("{} Q{}", pl.col("_from").dt.year(), quarter)
        label_zh = pl.format("{}年第{}季度", pl.col("_from").dt.year(), quarter)
    message = pl.format(ctx.text(f"{{}}没有{what[0]}", f"no {what[1]} in {{}}"),
                        label_zh if ctx.lang == "zh" else label)
    return ctx.findings(found.sort([*POLICY_KEY, "_from"]), field=None, message=message,
                        evidence=label, key=label)


@columnar_rule(
    id="revisit.monthly-news",
    scope="customer",
    title={"zh": "每月利好推送", "en": "Monthly news for the customer"},
    severity="warning",
    clause="003 保单长期基础服务 (每月一次利好推送)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at", "kind"),
)
def monthly_news(ctx: RuleContext) -> pl.LazyFrame:
    """Every calendar month the policy is in force, the customer gets the company's news.

    Seed 003 保单长期基础服务: 利好推送, "每月一次利好推送" ("第一时间传递公司利好";
    the 服务图's 每月1次利好推送). Each whole calendar month from the first one
    starting on or after signing, until the lapse, needs an activity of kind
    ``news`` (利好推送) for the customer. Owed to the customer: with a customer
    id, a push logged under any of their policies counts, and a missed month
    is one finding on their first policy. Judged once the month is over at
    ``--as-of``. Skipped: an unreadable signing date.
    """
    return _period_rule(ctx, 1, "news", ("利好推送", "news push (利好推送)"))


@columnar_rule(
    id="revisit.quarterly-invitations",
    scope="customer",
    title={"zh": "每季活动邀约", "en": "Quarterly event invitations"},
    severity="info",
    clause="003 保单全生命周期服务图 (每季1次活动邀约), 保单长期增值服务 (邀约活动)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at", "kind"),
)
def quarterly_invitations(ctx: RuleContext) -> pl.LazyFrame:
    """Every calendar quarter the policy is in force, the customer is invited to an event.

    Seed 003 保单全生命周期服务图 "每季1次活动邀约"; 保单长期增值服务 邀约活动
    ("结合客户爱好，邀约客户参加活动"). Each whole calendar quarter from the first
    one starting on or after signing, until the lapse, needs an activity of
    kind ``invitation`` (活动邀约) for the customer, under any of their
    policies. Judged once the quarter is over at ``--as-of``. The seed
    encourages (倡导) its 增值服务 rather than checking them: an info in the
    shipped standard. Skipped: an unreadable signing date.
    """
    return _period_rule(ctx, 3, "invitation", ("活动邀约", "event invitation (活动邀约)"))


@columnar_rule(
    id="greeting.holidays",
    scope="customer",
    title={"zh": "节日当天问候", "en": "Greetings on the holidays"},
    severity="info",
    clause="003 保单长期增值服务 (节日问候: 中国传统节日当天送去个人祝福)",
    requires=("signed_at",),
    needs_events=True,
    requires_events=("at", "kind"),
)
def holidays(ctx: RuleContext) -> pl.LazyFrame:
    """On each statutory holiday the policy is in force, the customer gets a greeting.

    Seed 003 保单长期增值服务 节日问候: "中国传统节日、西方重要节日当天送去个人祝福".
    The holidays are the statutory ones of the standard's calendar (its
    ``holidays`` country: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 for
    CN; 除夕 and 春节 are one holiday, days off moved by 调休 are none); each
    one from signing until the day before ``--as-of`` (or the lapse) needs an
    activity of kind ``holiday_greeting`` (节日祝福) on one of its days, for
    the customer under any of their policies. Western holidays are no
    statutory days and are not checked. An info in the shipped standard
    (增值服务: encouraged). Skipped: an unreadable signing date; every policy
    when the calendar names no country.
    """
    calendar = ctx.calendar
    as_of = as_of_date(ctx)
    rows = _customers(ctx).filter(pl.col("_signed").is_not_null())
    first = rows.select(pl.col("_signed").min()).collect().item()
    days = (calendar.statutory_holidays(first, as_of - timedelta(days=1))
            if calendar is not None and first is not None else [])
    if calendar is None or not calendar.country:
        why = skips.reason(ctx, "标准的日历没有指定国家的法定节假日",
                           "the standard's calendar names no country's holidays")
        ctx.cover(policy_rows(ctx).filter(_raw_present(ctx, "signed_at")), skip=why)
        return ctx.findings(ctx.tickets.head(0), message="")
    table = pl.LazyFrame(
        {"_from": [d[0] for d in days], "_to": [d[1] for d in days],
         "_zh": [d[2] for d in days], "_en": [d[3] for d in days]},
        schema={"_from": pl.Date, "_to": pl.Date, "_zh": pl.String, "_en": pl.String})
    owed = (rows.join(table, how="cross")
            .filter((pl.col("_from") >= pl.col("_signed")) & (pl.col("_to") < _until(ctx))))
    _cover_customers(ctx, owed)
    found = _owed_to_customers(ctx, owed, "holiday_greeting").filter(~pl.col("_hit"))
    year = pl.col("_from").dt.year().cast(pl.String)
    message = pl.format(ctx.text("{}年{}当天没有节日问候", "no greeting on {} {} ({} to {})"),
                        *((year, pl.col("_zh")) if ctx.lang == "zh" else
                          (pl.col("_en"), year, show_date(pl.col("_from")),
                           show_date(pl.col("_to")))))
    return ctx.findings(found.sort([*POLICY_KEY, "_from"]), field=None, message=message,
                        evidence=show_date(pl.col("_from")),
                        key=pl.format("{}|{}", year, pl.col("_en")))


RULES: list[Rule] = [
    delivery_visit, cooling_off_callback, lapse_warning, half_yearly_visits, monthly_news,
    quarterly_invitations, holidays,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
