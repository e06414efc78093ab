"""Repeat contacts and first-contact resolution (FCR), columnar.

A telecom hotline counts a problem as solved at first contact only if the
customer does not call back about it: the same customer on the same category
within ``window_days`` (7 by default, the usual FCR window) is a repeat
contact, and the earlier ticket counts against first-contact resolution --
however it was closed. Both rules are polars queries over the whole export
(sort, then compare each ticket with the same customer's next one), so they
cost the same for a thousand tickets as a pass of the columns for a million.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.plugin import RuleContext, columnar_rule

WINDOW = {"type": "integer", "minimum": 1, "maximum": 90, "default": 7,
          "description": "days after a contact within which a new one is a repeat"}

KEYS = ("customer_id", "category")


def _with_next(ctx: RuleContext) -> pl.LazyFrame:
    """Each ticket with the same customer's next ticket on the same category.

    ``_next_gap`` is the seconds to it, ``_next`` its id; tickets without a
    customer, a category or a creation time are left out: nothing can be said
    of them.
    """
    over = list(KEYS)
    return (
        ctx.tickets.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in (*KEYS,
                                                                               "created_at")))
        .sort([*KEYS, "created_at", ROW])
        .with_columns(
            (pl.col("created_at").shift(-1).over(over) - pl.col("created_at"))
            .dt.total_seconds().alias("_next_gap"),
            pl.col(TICKET).shift(-1).over(over).alias("_next"),
            pl.col(TICKET).shift(1).over(over).alias("_previous"),
            (pl.col("created_at") - pl.col("created_at").shift(1).over(over))
            .dt.total_seconds().alias("_previous_gap"),
        )
    )


@columnar_rule(
    id="telecom.repeat-contact",
    scope="customer",
    title={"zh": "7天内重复来电", "en": "Repeat contact within 7 days"},
    severity="warning",
    clause="003 电信服务标准 (首问负责, 一次解决)",
    params={"type": "object", "properties": {"window_days": WINDOW},
            "additionalProperties": False},
    requires=(*KEYS, "created_at"),
)
def repeat_contact(ctx: RuleContext) -> pl.LazyFrame:
    """The customer contacts again on the same category within ``window_days``.

    The finding is on the repeat ticket and names the earlier one: that one
    was not resolved at first contact. Chains count link by link (a third
    call six days after the second is a repeat of the second).
    """
    days = ctx.params["window_days"]
    window = timedelta(days=days).total_seconds()
    # every ticket is judged, unless what ties it to earlier calls is missing
    ctx.cover(ctx.tickets, skip=pl.coalesce(
        *(pl.when(pl.col(k).is_null()).then(pl.lit(ctx.text(f"{k} 为空", f"{k} missing")))
          for k in (*KEYS, "created_at"))))
    repeats = _with_next(ctx).filter(pl.col("_previous_gap") <= window)
    hours = (pl.col("_previous_gap") / 3600).round(1)
    message = pl.format(
        ctx.text(f"客户在 {{}} 小时内就同一类诉求再次来电（{days} 天内），"
                 "前一张工单 {} 未能一次解决",
                 f"the customer contacted again on the same category after {{}} h (within "
                 f"{days} days): ticket {{}} was not resolved at first contact"),
        hours, pl.col("_previous"),
    )
    return ctx.findings(repeats, field="category", message=message,
                        evidence=pl.col("_previous"), key=pl.col("_previous"))


@columnar_rule(
    id="telecom.first-contact-resolution",
    title={"zh": "一次解决率", "en": "First-contact resolution rate"},
    severity="warning",
    clause="003 COPC 绩效指标 (一次解决率)",
    params={
        "type": "object",
        "properties": {
            "window_days": WINDOW,
            "floor": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.8,
                      "description": "lowest acceptable share of contacts with no repeat"},
            "min_tickets": {"type": "integer", "minimum": 1, "default": 20,
                            "description": "fewer judged contacts than this is not a rate"},
        },
        "additionalProperties": False,
    },
    requires=(*KEYS, "created_at"),
)
def first_contact_resolution(ctx: RuleContext) -> pl.LazyFrame:
    """At least ``floor`` of contacts get no repeat contact within ``window_days``.

    A contact is judged once its window has passed at the export moment
    (``--as-of``) or a repeat has already come; younger ones are not counted
    yet, so a fresh export is not punished for calls that may never come.
    One finding for the whole export (no ticket) when the rate is below.
    """
    window = timedelta(days=ctx.params["window_days"]).total_seconds()
    as_of = pl.lit(ctx.as_of).dt.convert_time_zone(ctx.timezone)
    judged = _with_next(ctx).with_columns(
        (pl.col("_next_gap") <= window).fill_null(False).alias("_repeated"),
    ).filter(
        pl.col("_repeated")
        | ((as_of - pl.col("created_at")).dt.total_seconds() >= window)
    )
    floor, least = ctx.params["floor"], ctx.params["min_tickets"]
    overall = judged.select(
        (1 - pl.col("_repeated").cast(pl.Float64).mean()).alias("_rate"),
        pl.len().alias("_n"),
    )
    # one group, the whole export: too few judged contacts is not a rate
    ctx.cover(overall, unit="groups", skip=pl.when(pl.col("_n") < least).then(
        pl.lit(ctx.text(f"少于 {least} 次可判定的来电", f"fewer than {least} contacts to judge"))))
    rate = overall.filter((pl.col("_n") >= least) & (pl.col("_rate") < floor - 1e-12))
    shown = pl.format("{}%", (pl.col("_rate") * 100).round(1))
    message = pl.format(
        ctx.text(f"一次解决率为 {{}}（{{}} 次来电），低于下限 {floor * 100:g}%",
                 f"first-contact resolution is {{}} over {{}} contacts, below the "
                 f"{floor * 100:g}% floor"),
        shown, pl.col("_n"),
    )
    rows = rate.with_columns(
        pl.lit(None, pl.String).alias(TICKET), pl.lit(None, pl.Int64).alias(ROW),
        pl.lit(None, pl.String).alias(SOURCE),
    )
    return ctx.findings(rows, field="category", message=message, evidence=shown,
                        key="overall")
