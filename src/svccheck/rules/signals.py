"""``record.priority-signals`` and ``record.category-signals``: misfiled tickets.

Seed 004 二.2 defines 紧急 by its impact -- "影响客户核心使用体验或可能引发负面
舆情（如账号无法登录导致无法下单）" -- and files 投诉类 apart (二.3: reported to
the 客服主管). A ticket marked 一般 or 低 whose customer writes "所有用户都无法
登录" or "我要打12315" escapes the urgent window; a complaint filed as a
consultation escapes the supervisor. The words are in the export: the
description, the customer's messages and the remarks.

What counts (issue 23): whole words only (媒体 is not inside 多媒体, 12315 not
inside an order number); a negated word does not count (不是无法登录, 不投诉了,
not all users); the category name 投诉建议 is no complaint word; quoted
words are someone else's. Both lists are a standard's parameters, in the
form of ``conduct.forbidden-phrases`` (:mod:`svccheck.rules.phrases`). Both
rules are warnings: a word is a reason to look, not proof.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.conversation import conversation, normalised
from svccheck.rules.phrases import entries, negation_pattern, phrase_hits, phrase_list_schema

#: Impact words (004 二.2 紧急): blocked core use, many users, public opinion,
#: regulators and courts, safety.
PRIORITY_WORDS: list[str | dict[str, Any]] = [
    "无法登录", "登录不了", "登不上", "无法下单", "下不了单", "无法支付", "支付不了", "无法付款",
    "付不了款", "大面积", "所有用户", "全部用户", "很多用户", "大量用户", "舆情",
    {"phrase": "媒体", "unless": ["多媒体", "流媒体", "社交媒体", "媒体文件", "媒体库"]},
    {"phrase": "曝光", "unless": ["曝光不足", "曝光过度", "曝光补偿", "曝光度", "曝光率",
                                "曝光时间", "曝光模式"]},
    "12315", "消协", "消费者协会", "律师", "起诉",
    {"phrase": "法院", "unless": ["法院附近", "法院旁", "法院对面", "法院路", "法院街"]},
    "诉讼", "人身安全", "安全隐患",
    "受伤", "烫伤", "起火", "着火", "冒烟", "爆炸", "漏电", "触电", "数据泄露", "信息泄露",
    "盗刷",
    "can't log in", "cannot log in", "unable to log in", "can't login", "cannot login",
    "unable to login", "can't place an order", "cannot place an order", "unable to pay",
    "can't pay", "cannot pay", "nobody can log in", "no one can log in", "all users",
    "every user", "all customers", "outage",
    {"phrase": "media", "unless": ["social media", "media file", "media player"]},
    {"phrase": "press", "unless": ["press the", "press and hold", "press any", "press it",
                                   "press release", "press button", "press kit"]},
    "journalist", "lawyer", "attorney", "sue", "lawsuit", "legal action",
    {"phrase": "court", "unless": ["court reporter", "food court", "tennis court"]},
    "injured", "injury", "caught fire", "on fire",
    {"phrase": "smoke", "unless": ["smoke detector", "smoke alarm"]}, "exploded", "electric shock",
    "data breach", "data leak",
]
#: Complaint words (004 二.3 投诉类); 投诉建议 is a category's name, not a complaint.
COMPLAINT_WORDS: list[str | dict[str, Any]] = [
    {"phrase": "投诉", "unless": ["投诉建议", "投诉就算了", "投诉…撤回", "投诉…撤销"]},
    {"phrase": "差评", "unless": ["差评…不给", "差评…不打", "差评…不写", "差评就算了"]},
    "举报", "客诉",
    "complaint", "complain", "complaining", "complained", "bad review", "negative review",
    "1-star review", "one-star review", "report you",
]
#: Words that negate what follows them, and the few words that may stand between.
NEGATORS = [
    "不是", "并不是", "并非", "不再", "没有", "没", "不会", "不想", "不要", "不用", "无需",
    "不打算",
    "不", "未", "别", "绝不", "没人", "没有人", "无人", "撤销", "撤回",
    "not", "no", "never", "don't", "do not", "won't", "will not", "isn't", "aren't", "wasn't",
    "without", "didn't", "doesn't", "nor", "nobody", "no one", "none",
]
FILLERS = [
    "再", "会", "想", "要", "去", "打算", "准备", "用", "是", "给", "打", "写", "留",
    "a", "an", "the", "going to", "want to", "planning to", "trying to", "to", "really", "any",
    "was", "were", "is", "got", "been",
]
#: Double negatives read as the positive they are (不得不投诉: must complain), and
#: A-不-A questions (是不是大面积故障) as the question they are: neither negates.
_DOUBLE_NEGATIVE = r"不得不|不能不|不可能不|不会不"
_QUESTION = r"是不是|会不会|要不要|能不能|有没有|可不可以|算不算"

_SOURCES = {"description": ("问题描述", "the description"),
            "message": ("客户消息", "a customer message"),
            "remarks": ("备注", "the remarks")}


def _params(default: list[Any], what: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "words": phrase_list_schema(default, f"{what} (case-insensitive): a string, or "
                                                 "{phrase, unless: [longer expressions that "
                                                 "do not count]}"),
            "negators": {"type": "array", "items": {"type": "string", "minLength": 1},
                         "default": NEGATORS,
                         "description": "words that negate the word right after them"},
            "fillers": {"type": "array", "items": {"type": "string", "minLength": 1},
                        "default": FILLERS,
                        "description": "words that may stand between a negator and the word "
                                       "(不会再投诉, not going to complain)"},
        },
    }


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if not ({"description", "remarks"} & columns) and not has_events:
        return "export has no description, remarks or messages"
    return None


def _texts(ctx: RuleContext) -> pl.LazyFrame:
    """``TICKET``, ``_where`` and ``norm``: the description, the remarks and every public
    customer message, normalised (double negatives made positive)."""
    parts: list[pl.LazyFrame] = []
    for name in ("description", "remarks"):
        if name in ctx.columns:
            parts.append(ctx.tickets.filter(pl.col(name).is_not_null()).select(
                TICKET, pl.lit(name).alias("_where"), pl.col(name).cast(pl.String).alias("_t")))
    if ctx.events is not None and {"text", "role"} <= ctx.event_columns:
        said = conversation(ctx).filter(pl.col("is_message") & pl.col("public")
                                        & (pl.col("role") == "customer").fill_null(False))
        parts.append(said.select(TICKET, pl.lit("message").alias("_where"),
                                 pl.col("text").alias("_t")))
    if not parts:
        return pl.LazyFrame(schema={TICKET: pl.String, "_where": pl.String, "norm": pl.String})
    return pl.concat(parts, how="vertical_relaxed").select(
        TICKET, "_where",
        prepared(normalised(pl.col("_t"))).alias("norm"))


def prepared(text: pl.Expr) -> pl.Expr:
    """Normalised text with double negatives and A-不-A questions made plain."""
    return text.str.replace_all(_DOUBLE_NEGATIVE, "必须").str.replace_all(_QUESTION, "是否")


def signal_hits(texts: pl.LazyFrame, params: dict[str, Any]) -> pl.LazyFrame:
    """One row per (text, word of ``params['words']`` it holds): ``_phrase`` added."""
    negation = negation_pattern(params["negators"], params["fillers"])
    return phrase_hits(texts, entries(params["words"], negation=negation))


def _signals(ctx: RuleContext, scope: pl.Expr, why: pl.Expr, field: str,
             message: tuple[str, str]) -> pl.LazyFrame:
    """Findings for tickets in ``scope`` whose texts hold one of the configured words."""
    texts = _texts(ctx)
    has_text = texts.filter(pl.col("norm").str.len_chars() > 0).select(TICKET).unique() \
        .with_columns(pl.lit(True).alias("_has_text"))
    tickets = ctx.tickets.filter(scope).join(has_text, on=TICKET, how="left",
                                             maintain_order="left")
    no_text = skips.reason(ctx, "没有问题描述、备注或客户消息",
                           "no description, remarks or customer message")
    ctx.cover(tickets, skip=skips.first(why, pl.when(pl.col("_has_text").is_null())
                                        .then(no_text)))
    judged = tickets.filter(why.is_null())
    hits = (
        signal_hits(texts.join(judged.select(TICKET), on=TICKET, how="semi"), ctx.params)
        .with_columns(pl.col("_where").replace_strict(
            {"description": 0, "remarks": 1, "message": 2}, return_dtype=pl.Int64)
            .alias("_rank"))
        .sort(["_rank", "_message", "_at"])
        .group_by(TICKET, maintain_order=True)
        .agg(pl.col("_where").first(), pl.col("_phrase").unique(maintain_order=True))
    )
    found = judged.join(hits, on=TICKET, how="inner", maintain_order="left")
    where = pl.col("_where").replace_strict(
        {k: ctx.text(*v) for k, v in _SOURCES.items()}, return_dtype=pl.String)
    words = pl.col("_phrase").list.head(3).list.join(ctx.text("、", ", "))
    value = skips.raw_value(ctx, field)
    return ctx.findings(
        found, field=field, evidence=words,
        message=pl.format(ctx.text(*message), value, where, words))


@columnar_rule(
    id="record.priority-signals",
    scope="ticket",
    title={"zh": "紧急程度与影响范围相符", "en": "Priority matches the impact described"},
    severity="warning",
    clause="004 二.2 (紧急：影响客户核心使用体验或可能引发负面舆情)",
    requires=("priority",),
    params=_params(PRIORITY_WORDS, "impact words that make a ticket urgent"),
)
def priority_signals(ctx: RuleContext) -> pl.LazyFrame:
    """A ticket marked 一般 or 低 holds no impact words.

    Seed 004 二.2: 紧急 is what "影响客户核心使用体验或可能引发负面舆情（如账号
    无法登录导致无法下单）". A ticket marked normal or low whose description,
    customer messages or remarks say so -- 无法登录, 无法下单, 无法支付, 大面积,
    所有用户, 舆情, 媒体, 12315, 消协, 律师, 起诉, 人身安全 … (``words``,
    configurable) -- was probably mis-graded and escaped the urgent window.
    Whole words only (媒体 is not inside 多媒体 or 社交媒体, 12315 not inside an
    order number), an entry's ``unless`` expressions do not count, a negated
    word does not count (不是无法登录, not all users: ``negators``, with at most
    two ``fillers`` between), quoted words are someone else's. An urgent or
    high ticket has no priority signal. One finding per ticket, quoting up to
    three words and where the first was found. Skipped: a priority that is
    missing or not a known value, and a ticket with no text to read.
    """
    raw = skips.raw_value(ctx, "priority")
    scope = pl.col("priority").is_in(["normal", "low"]).fill_null(False) \
        | pl.col("priority").is_null()
    why = pl.when(pl.col("priority").is_null()).then(
        pl.when(raw.is_null()).then(skips.reason(ctx, "紧急程度缺失", "priority missing"))
        .otherwise(skips.unknown_value(ctx, "priority")))
    label = field_label("priority", ctx.lang)
    return _signals(ctx, scope, why, "priority", (
        f"{label}为“{{}}”，但{{}}含影响范围词“{{}}”"
        "（004 二.2：影响核心使用或可能引发舆情的为紧急）",
        "priority '{}' but {} holds impact words '{}' (004 二.2: what blocks core use or may "
        "cause public-opinion risk is urgent)"))


@columnar_rule(
    id="record.category-signals",
    scope="ticket",
    title={"zh": "投诉归入投诉类", "en": "Complaints filed as complaints"},
    severity="warning",
    clause="004 二.2-二.3 (诉求分类; 投诉类上报客服主管)",
    requires=("category",),
    params=_params(COMPLAINT_WORDS, "complaint words"),
)
def category_signals(ctx: RuleContext) -> pl.LazyFrame:
    """A ticket outside the complaint category holds no complaint words.

    Seed 004 二.2 classifies requests (咨询类, 问题类, 投诉类 …) and 二.3 sends
    投诉类 to the 客服主管. A ticket filed elsewhere whose description,
    customer messages or remarks say 投诉, 差评, 举报, complaint … (``words``,
    configurable) is probably a complaint that escaped the supervisor. The
    category name 投诉建议 is no complaint word; a withdrawn or denied one
    (不投诉了, 没有投诉, not a complaint) does not count; quoted words are
    someone else's; whole words only. One finding per ticket. Skipped: a
    category that is missing or not a known value, and a ticket with no text
    to read.
    """
    scope = (pl.col("category") != "complaint").fill_null(True)
    label = field_label("category", ctx.lang)
    return _signals(ctx, scope, skips.unplaced(ctx, "category").cast(pl.String), "category", (
        f"{label}为“{{}}”，但{{}}含投诉词“{{}}”（004 二.3：投诉类上报客服主管）",
        "category '{}' but {} holds complaint words '{}' (004 二.3: complaints go to the "
        "supervisor)"))


RULES: list[Rule] = [priority_signals, category_signals]
for _i, _rule in enumerate(RULES):
    RULES[_i] = Rule(**{**_rule.__dict__, "precondition": _precondition})
priority_signals, category_signals = RULES


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
