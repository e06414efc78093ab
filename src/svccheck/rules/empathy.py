"""``conduct.empathy-first``: an upset customer hears an apology or understanding first.

Seed 004 二.1: "若客户情绪激动，需先安抚情绪（如“非常理解您的着急，我会尽力帮您
解决”），避免急于辩解或推诿"; 002 2.5 共情与安抚: "当客户表现出不满、焦虑或愤怒时，
首先要表示理解和共情". 000 一(五) calls it 先处理心情，后处理事情. Speech
analytics scores tone on its own recordings; the export already holds the words.

An *agitated* customer message holds strong negative words (气死了, 太过分,
垃圾, ridiculous), a threat to complain or to review (投诉, 差评, 12315,
lawyer), or repeated exclamation marks (!!, ?!). 不投诉了 and one calm "!"
are not agitation. The *next agent message* -- a public message by an agent
or supervisor; bots and internal notes are not it -- must acknowledge or
apologise (抱歉, 理解您的心情, 给您带来不便, sorry, I understand) before
anything else; a greeting or a self-introduction may come first. Word lists
use :mod:`svccheck.rules.phrases` (negation, quotes, whole words) and are a
standard's parameters.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.conversation import NTH, clip, conversation, normalise_phrase
from svccheck.rules.greeting import AGENT_TITLES, DEPARTMENTS, GREETINGS, SELF_IDENTIFICATION
from svccheck.rules.phrases import (
    CLAUSE,
    entries,
    holds_any,
    negation_pattern,
    phrase_list_schema,
    spoken,
)

#: Strong negative words and threats (to complain, to review, to go public).
AGITATION: list[str | dict[str, Any]] = [
    "气死", "太差", "太差劲", "垃圾", "骗子", "骗人", "愤怒", "无语", "受够了", "坑人", "坑爹",
    "恶心", "太过分", "过分了", "忍无可忍", "什么破", "破服务", "欺骗", "失望", "离谱", "火大",
    {"phrase": "生气", "unless": ["生气泡"]}, "崩溃", "烦死", "搞什么", "什么玩意", "黑店", "流氓",
    "无耻", "忽悠", "耍我", "敷衍", "有病", "太慢了", "等了半天", "到底还要等多久",
    {"phrase": "投诉", "unless": ["投诉建议"]}, "差评", "举报", "曝光", "12315", "消协", "律师",
    "起诉", {"phrase": "媒体", "unless": ["多媒体", "流媒体", "社交媒体", "媒体文件", "媒体库"]},
    "terrible", "awful", "ridiculous", "unacceptable", "disgusting", "scam", "furious",
    {"phrase": "angry", "unless": ["angry bird"]},
    "fed up", "worst", "useless", "pathetic", "outrageous", "horrible", "sick of", "wtf",
    "rip-off", "ripoff", "incompetent", "fraud", "lawyer", "sue", "complaint", "complain",
    "bad review", "one-star", "1-star", "report you",
]
#: An apology or an acknowledgement of the customer's feelings.
EMPATHY: list[str | dict[str, Any]] = [
    {"phrase": "抱歉", "unless": ["没什么好抱歉", "没有什么好抱歉", "不用抱歉", "无需抱歉",
                                "不必抱歉"]},
    "对不起", "不好意思", "致歉", "道歉", "歉意", "理解您", "理解你", "体谅",
    "明白您的心情", "明白您的感受", "明白您的着急", "明白您的意思", "给您带来不便", "给您带来困扰",
    "给您带来的不便", "给您添麻烦", "给您添麻烦了", "让您久等", "让您失望", "辛苦您", "您别着急",
    "您先别着急", "别着急", "不要着急", "请您消消气", "消消气", "别生气", "您的心情",
    "sorry", "apologise", "apologize", "apologies", "i understand", "i completely understand",
    "i can understand", "i totally understand", "i hear you", "must be frustrating",
    "frustrating for you", "i can see why", "we regret", "understandable",
    "i know how frustrating",
]
#: What may come before the acknowledgement: a greeting (with at most a name
#: after it: 您好, 亲, hi Anna) ...
GREETING_WORDS: list[str] = [
    *GREETINGS, "亲", "亲爱的", "尊敬的", "dear", "好的", "嗯", "嗯嗯", "收到", "在的", "在呢",
    "ok", "okay",
]
#: ... or a short self-introduction (这里是客服中心, 我是客服小李, 售后服务部, this is
#: Tom from support, thank you for reaching out, 很高兴为您服务).
INTRODUCTIONS: list[str] = [
    *SELF_IDENTIFICATION, *DEPARTMENTS, *AGENT_TITLES, "为您服务", "感谢您的来电", "感谢您联系",
    "感谢您的咨询", "thanks for contacting", "thank you for contacting",
    "thanks for reaching out", "thank you for reaching out", "happy to help", "glad to help",
    "how can i help", "how may i help",
]
#: At most this many characters after a greeting (a name or a title) ...
AFTER_GREETING = 4
#: ... and in a self-introduction clause (Chinese; other text gets twice as many).
INTRODUCTION_CHARS = 20
NEGATORS = ["不是", "并不是", "没有", "没", "不会", "不想", "不", "未", "not", "no", "never",
            "don't", "won't", "isn't", "wasn't", "无法", "很难", "难以", "can't", "cannot"]
FILLERS = ["再", "会", "想", "要", "去", "打算", "是", "太", "那么", "给", "打", "写", "留",
           "really", "going to", "be", "that", "so", "the", "a"]
#: Two or more exclamation marks in a row (after normalisation, ！！ is !!), or ?! / !?.
EXCLAMATIONS = r"!!|\?!|!\?"


def _alternation(words: list[str]) -> str:
    cleaned = sorted({normalise_phrase(w) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(pl.escape_regex(w) for w in cleaned) or r"[^\s\S]"


def _params() -> dict[str, Any]:
    words = {"type": "array", "items": {"type": "string", "minLength": 1}}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "agitation": phrase_list_schema(AGITATION, "strong negative words and threats in a "
                                                       "customer message"),
            "empathy": phrase_list_schema(EMPATHY, "an apology or an acknowledgement in the "
                                                   "agent's reply"),
            "greetings": {**words, "default": GREETING_WORDS,
                          "description": "greetings and fillers that may come before the "
                                         "acknowledgement, with at most a name after them"},
            "introductions": {**words, "default": INTRODUCTIONS,
                              "description": "phrases of a short self-introduction that may "
                                             "come before the acknowledgement"},
            "negators": {**words, "default": NEGATORS,
                         "description": "words that negate the word right after them"},
            "fillers": {**words, "default": FILLERS,
                        "description": "words that may stand between a negator and the word"},
            "exclamations": {"type": "boolean", "default": True,
                             "description": "repeated exclamation marks (!!, ?!) are agitation"},
        },
    }


def agitated(text: pl.Expr, params: dict[str, Any]) -> pl.Expr:
    """Whether a (normalised) customer text is agitated."""
    negation = negation_pattern(params["negators"], params["fillers"])
    found = holds_any(text, entries(params["agitation"], negation=negation))
    if params["exclamations"]:
        found = found | spoken(text).str.contains(EXCLAMATIONS)
    return found


def acknowledges_first(text: pl.Expr, params: dict[str, Any]) -> pl.Expr:
    """Whether a (normalised) agent reply apologises or acknowledges before anything
    else: its clauses are read in order, greetings (with at most a name after
    them) and short self-introductions skipped; the first other one must hold
    an empathy word."""
    negation = negation_pattern(params["negators"], params["fillers"])
    empathy = entries(params["empathy"], negation=negation)
    greeting = r"^\s*(?:" + _alternation(params["greetings"]) + ")"
    element = pl.element()
    is_empathy = holds_any(element, empathy)
    rest = element.str.replace(greeting, "").str.strip_chars()
    chinese = element.str.contains(r"\p{Han}")
    is_opener = (
        (element.str.contains(greeting) & (rest.str.len_chars() <= AFTER_GREETING))
        | (element.str.contains(_alternation(params["introductions"]))
           & (element.str.strip_chars().str.len_chars()
              <= pl.when(chinese).then(INTRODUCTION_CHARS).otherwise(2 * INTRODUCTION_CHARS)))
    )
    clauses = spoken(text).str.extract_all(CLAUSE)
    empathic = clauses.list.eval(is_empathy)
    stops = clauses.list.eval(is_empathy | ~is_opener)
    first = stops.list.arg_max()
    return (stops.list.any() & empathic.list.get(first, null_on_oob=True)).fill_null(False)


def _empathy_first(ctx: RuleContext) -> pl.LazyFrame:
    """After an agitated customer message, the next agent message acknowledges it first.

    Seed 004 二.1 ("若客户情绪激动，需先安抚情绪（如“非常理解您的着急，我会尽力帮您
    解决”）"), 002 2.5 (共情与安抚: "首先要表示理解和共情"). A customer message is
    agitated when it holds one of ``agitation`` -- strong negative words
    (气死了, 太过分, 垃圾, 骗子, ridiculous, unacceptable) or a threat to
    complain, review or go public (投诉, 差评, 12315, 律师, lawyer) -- or, with
    ``exclamations``, two exclamation marks in a row (!!, ?!, ！！). Negated
    words (不投诉了, not angry), quoted words and one calm "!" are not
    agitation. The next public agent message (bots and internal notes are not
    it) must apologise or acknowledge (``empathy``: 抱歉, 对不起, 理解您的心情,
    非常理解您的着急, 给您带来不便, 让您久等, sorry, I understand) before any
    other content: its clauses are read in order, and only a greeting or
    filler with at most a name after it (``greetings``: 您好, 亲, 好的, hi
    Anna) or a short self-introduction (``introductions``: 这里是客服中心,
    我是客服小李, 售后服务部, this is Tom from support) may come first. One
    finding per agent message that does not, naming the customer message it
    answers.

    In scope: tickets with an agitated customer message. Skipped: messages
    whose author has no role ("no role for message authors": a customer
    cannot be told from an agent), and agitated messages no agent message
    follows ("no public agent message").
    """
    params = ctx.params
    conv = conversation(ctx)
    said = conv.filter(pl.col("is_message") & pl.col("public"))
    customer = (pl.col("role") == "customer").fill_null(False)
    upset = said.filter((customer | pl.col("role").is_null())
                        & agitated(pl.col("norm"), params)).select(
        TICKET, pl.col(NTH).alias("_c_nth"), pl.col("at").alias("_c_at"),
        pl.col("role").is_null().alias("_c_unplaced"), pl.col("text").alias("_c_text"))
    agents = said.filter(pl.col("is_agent")).select(
        TICKET, pl.col(NTH).alias("_a_nth"), pl.col("at").alias("_a_at"),
        pl.col("text").alias("_a_text"), pl.col("norm").alias("_a_norm"))
    answered = (
        upset.join(agents, on=TICKET, how="left")
        .filter(pl.col("_a_nth").is_null() | (pl.col("_a_nth") > pl.col("_c_nth")))
        .sort([TICKET, "_c_nth", "_a_nth"], nulls_last=True)
        .group_by([TICKET, "_c_nth"], maintain_order=True).first()
    )
    if "role" not in ctx.event_columns:
        per_ticket = answered.group_by(TICKET).agg(pl.lit(True).alias("_none"))
        ctx.cover(per_ticket, skip=skips.reason(ctx, *skips.NO_ROLE))
        return ctx.findings(ctx.tickets.head(0), message="")
    answered = answered.with_columns(
        pl.when(pl.col("_c_unplaced")).then(skips.reason(ctx, *skips.NO_ROLE))
        .when(pl.col("_a_nth").is_null()).then(skips.reason(ctx, *skips.NO_AGENT_MESSAGE))
        .alias("_why"))
    per_ticket = answered.group_by(TICKET).agg(
        pl.col("_why").is_null().any().alias("_any"), pl.col("_why").drop_nulls().first())
    ctx.cover(per_ticket, skip=pl.when(~pl.col("_any")).then(pl.col("_why")))
    replies = (
        answered.filter(pl.col("_why").is_null())
        .group_by([TICKET, "_a_nth"], maintain_order=True).first()  # one per agent message
        .filter(~acknowledges_first(pl.col("_a_norm"), params))
        .join(ctx.tickets.select(TICKET, ROW, SOURCE), on=TICKET, how="inner")
        .sort([SOURCE, ROW, "_a_nth"])
    )
    c_when = pl.coalesce(pl.col("_c_at").dt.strftime("%Y-%m-%d %H:%M"),
                         pl.format("#{}", pl.col("_c_nth")))
    a_when = pl.coalesce(pl.col("_a_at").dt.strftime("%Y-%m-%d %H:%M"),
                         pl.format("#{}", pl.col("_a_nth")))
    message = pl.format(
        ctx.text("客户消息（{}）情绪激动（“{}”），下一条客服消息（{}）没有先致歉或表示理解",
                 "after the customer's agitated message ({}: '{}'), the next agent message "
                 "({}) does not first apologise or acknowledge it"),
        c_when, clip(pl.col("_c_text").fill_null(""), 20), a_when)
    return ctx.findings(replies, field="text", message=message,
                        evidence=clip(pl.col("_a_text").fill_null("")), key=a_when)


empathy_first = columnar_rule(
    id="conduct.empathy-first",
    scope="ticket",
    title={"zh": "先安抚情绪", "en": "Empathy first"},
    severity="warning",
    clause="004 二.1 (若客户情绪激动，需先安抚情绪), 002 2.5 (共情与安抚)",
    params=_params(),
    needs_events=True,
    requires_events=("text",),
)(_empathy_first)

RULES: list[Rule] = [empathy_first]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
