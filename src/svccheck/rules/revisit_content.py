"""``revisit.content``: a follow-up (回访) records the customer's verdict.

Seed 001 3.1: "在问题解决后，及时回访客户，确认客户是否满意"; 000 一(四) 客户确认
asks "客户对服务结果的满意度". ``revisit.after-resolution`` checks that the call
back happened in time; this rule checks what it is for: the record says what
the customer thought -- 满意/不满意, 已解决/未解决, a satisfaction score --
not only that a call was made. "满意度调查已发送" (a survey went out) and
"需跟进回访" (a follow-up is still owed) record no verdict; "询问客户是否满意"
asks the question without its answer.

A follow-up is an event of kind ``followup`` (its text is its record), or,
for an export with a 回访时间 column and no follow-up events, the ticket's
``followup_at`` (the row's 备注 is its record). The ticket's satisfaction value
(客户满意度), recorded on the same row, is a verdict too.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.conversation import clip, normalised
from svccheck.rules.phrases import entries, holds_any, phrase_list_schema
from svccheck.rules.timing import as_of_lit, instant_text

#: Words that record the customer's verdict (满意 and 不满意 alike).
VERDICTS: list[str | dict[str, Any]] = [
    {"phrase": "满意", "unless": ["满意度调查", "满意度问卷", "满意度短信", "满意度评价链接",
                                "满意度回访", "是否满意", "满不满意", "满意吗", "满意与否",
                                "满意度调研"]},
    {"phrase": "已解决", "unless": ["是否已解决"]}, "未解决", "解决了", "没解决", "没有解决",
    "问题解决", "得到解决", "仍未解决", "还没解决", "认可", "好评", "差评", "表扬", "不认可",
    "还行", "无异议", "没有异议", "有异议", "已经好了", "已好了", "恢复正常",
    "satisfied", "dissatisfied", "unsatisfied", "happy with", "unhappy", "pleased",
    "not happy", {"phrase": "resolved", "unless": ["whether it was resolved", "if it was resolved",
                                                   "is it resolved"]},
    "unresolved", "not resolved", "still broken", "works now", "working now", "fixed",
    "all good", "no further issues",
]
#: A score in the text: 满意度4分, 评分5, 5星, rated 4/5 (never 5分钟).
RATING = (r"(?:满意度|评分|打分|评价|rating|rated|score)\s*(?:[:：]|为|是|了)?\s*[1-5]"
          r"|[1-5]\s*(?:星|颗星|/5|out of 5)|[1-5]\s*分(?:[^钟]|$)")


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "followup_at" not in columns and not has_events:
        return "export has neither followup_at nor events"
    return None


def verdict(text: pl.Expr, params: dict[str, Any]) -> pl.Expr:
    """Whether a (normalised) follow-up record holds the customer's verdict."""
    return holds_any(text, entries(params["verdicts"])) | text.str.contains(RATING)


def _followups(ctx: RuleContext) -> pl.LazyFrame:
    """One row per follow-up known at ``--as-of``: ``TICKET``, ``_at``, ``_field``,
    ``_text`` (null when the export cannot hold one) and ``_readable`` (the export
    has where a record would be)."""
    tz = pl.Datetime("us", ctx.timezone)
    as_of = as_of_lit(ctx)
    schema = {TICKET: pl.String, "_at": tz, "_field": pl.String, "_text": pl.String,
              "_readable": pl.Boolean, "_skip": pl.String}
    parts: list[pl.LazyFrame] = []
    by_event = pl.LazyFrame(schema={TICKET: pl.String})
    cols = ctx.event_columns
    if ctx.events is not None and {"kind", "at"} <= cols:
        text = pl.col("text").cast(pl.String) if "text" in cols else pl.lit(None, pl.String)
        events = ctx.events.filter((pl.col("kind") == "followup") & pl.col("at").is_not_null()
                                   & (pl.col("at") <= as_of))
        parts.append(events.select(
            TICKET, pl.col("at").cast(tz).alias("_at"), pl.lit("text").alias("_field"),
            text.alias("_text"), pl.lit("text" in cols).alias("_readable"),
            pl.lit(None, pl.String).alias("_skip")))
        by_event = events.select(TICKET).unique()
    if "followup_at" in ctx.columns:
        remarks = pl.col("remarks") if "remarks" in ctx.columns else pl.lit(None, pl.String)
        raw = skips.raw_value(ctx, "followup_at")
        rows = ctx.tickets.join(by_event, on=TICKET, how="anti").filter(
            raw.is_not_null() & (pl.col("followup_at").is_null()
                                 | (pl.col("followup_at") <= as_of)))
        parts.append(rows.select(
            TICKET, pl.col("followup_at").cast(tz).alias("_at"),
            pl.lit("followup_at").alias("_field"), remarks.cast(pl.String).alias("_text"),
            pl.lit(bool({"remarks", "satisfaction"} & ctx.columns)).alias("_readable"),
            skips.unreadable_time(ctx, "followup_at").alias("_skip")))
    if not parts:
        return pl.LazyFrame(schema=schema)
    return pl.concat(parts, how="vertical_relaxed").cast(schema)  # type: ignore[arg-type]


@columnar_rule(
    id="revisit.content",
    scope="ticket",
    title={"zh": "回访记录客户评价", "en": "Follow-up records the customer's verdict"},
    severity="warning",
    clause="001 3.1 (回访客户，确认客户是否满意), 000 一(四) 客户确认",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "verdicts": phrase_list_schema(
                VERDICTS, "words that record the customer's verdict (case-insensitive); a "
                          "score such as 满意度4分 or 5星 counts too"),
        },
    },
)
def _content(ctx: RuleContext) -> pl.LazyFrame:
    """A follow-up (回访) records the customer's verdict, not only that it happened.

    Seed 001 3.1 ("回访客户，确认客户是否满意"), 000 一(四) 客户确认. A
    follow-up is an event of kind ``followup``, whose text is its record, or
    -- for a ticket without follow-up events -- the ticket's ``followup_at``,
    whose row's remarks (备注) are its record. Only follow-ups dated on or
    before ``--as-of`` are known. A record holds a verdict when it says what
    the customer thought: a word of ``verdicts`` (满意, 不满意, 已解决, 未解决,
    认可, satisfied, resolved ...) or a score (满意度4分, 评分5, 5星, rated 4/5),
    or when the ticket has a satisfaction value (客户满意度), recorded on the
    same row. "满意度调查已发送", "需跟进回访", "已回访" and "询问客户是否满意"
    record none: each such follow-up is a finding. In scope: tickets with a
    follow-up. Skipped: a 回访时间 that cannot be read, and a follow-up the
    export has nowhere to record (no text column, no remarks, no
    satisfaction).
    """
    followups = _followups(ctx)
    satisfaction = (pl.col("satisfaction").is_not_null() if "satisfaction" in ctx.columns
                    else pl.lit(False))
    frame = followups.join(
        ctx.tickets.select(TICKET, ROW, SOURCE, satisfaction.alias("_rated")), on=TICKET,
        how="inner").with_columns(
        skips.first(pl.col("_skip"), pl.when(~pl.col("_readable") & ~pl.col("_rated")).then(
            skips.reason(ctx, "导出中没有回访记录的内容", "the export holds no follow-up record")))
        .alias("_skip"))
    per_ticket = frame.group_by(TICKET).agg(
        pl.col("_skip").is_null().any().alias("_any"), pl.col("_skip").drop_nulls().first())
    ctx.cover(per_ticket, skip=pl.when(~pl.col("_any")).then(pl.col("_skip")))
    norm = normalised(pl.col("_text"))
    missing = (
        frame.filter(pl.col("_skip").is_null())
        .filter(~pl.col("_rated") & ~verdict(norm, ctx.params).fill_null(False))
        .sort([SOURCE, ROW, "_at"])
    )
    when = pl.coalesce(instant_text(pl.col("_at")), pl.lit("-"))
    record = pl.when(pl.col("_text").is_null() | (pl.col("_text").str.strip_chars() == ""))\
        .then(pl.lit(ctx.text("（空）", "(empty)"))).otherwise(clip(pl.col("_text")))
    message = pl.format(
        ctx.text("回访（{}）没有记录客户的评价（满意与否、是否解决或满意度）：{}",
                 "the follow-up of {} records no verdict from the customer (satisfied or not, "
                 "resolved or not, or a score): {}"),
        when, record)
    return ctx.findings(missing, field=pl.col("_field"), message=message,
                        evidence=record, key=when)


content = Rule(**{**_content.__dict__, "precondition": _precondition})

RULES: list[Rule] = [content]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
