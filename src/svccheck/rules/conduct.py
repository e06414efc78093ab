"""The ``conduct.*`` family: what an agent must never say to a customer.

Seed 004 四 (关键执行规范 · 沟通规范) asks agents to "始终保持耐心、专业的服务
态度" and to avoid brush-off phrases; 002 2.3 says a request beyond one's
authority is escalated "而非直接拒绝"; 000 二.一 promises "不误导、不隐瞒、
不推诿". A phrase such as 不归我管 or 这是规定，我也没办法 is exactly the 推诿
these clauses forbid, and it is cheap to find: one Aho-Corasick pass over the
agents' public messages (polars ``str.extract_many``).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import (
    clip,
    cover_conversations,
    public_agent_messages,
    when_label,
)
from svccheck.rules.phrases import PHRASE_ITEM, entries, phrase_hits

#: The default list: each entry a whole expression an agent must not say,
#: with the longer expressions around it that are courteous (``unless``).
FORBIDDEN: list[str | dict[str, Any]] = [
    {"phrase": "不知道", "unless": [
        "您不知道", "您还不知道", "您是不知道", "如果…不知道", "要是…不知道", "不知道您",
        "不知道你是否", "不知道是否", "不知道能否", "不知道可否", "不知道有没有", "不知道还有",
        "不是不知道", "客户不知道", "用户不知道"]},
    {"phrase": "不清楚", "unless": [
        "不清楚的地方", "不清楚之处", "有不清楚", "哪里不清楚", "如果…不清楚", "不清楚的话",
        "没有不清楚", "您不清楚", "听不清楚", "看不清楚", "声音…不清楚", "信号…不清楚",
        "图片…不清楚", "照片…不清楚"]},
    "不归我管", "我不管",
    {"phrase": "不是我们的问题", "unless": [
        "如果不是我们的问题", "即使不是我们的问题", "就算不是我们的问题", "哪怕不是我们的问题"]},
    {"phrase": "不是我的问题", "unless": ["如果不是我的问题", "即使不是我的问题"]},
    "你自己看",
    {"phrase": "自己去看", "unless": [
        "可以自己去看", "也可以自己去看", "不用自己去看", "不需要自己去看", "无需自己去看"]},
    {"phrase": "没办法", "unless": [
        "如果…没办法", "要是…没办法", "若…没办法", "没办法联系", "没办法接通", "没办法打通"]},
    "我也没办法", "你听不懂吗", "听不懂吗", "爱买不买",
    {"phrase": "随便你", "unless": ["随便你选", "随便你挑"]},
    "找别人去",
    {"phrase": "你找别的部门", "unless": ["不需要你找别的部门", "不用你找别的部门",
                                     "无需你找别的部门"]},
    {"phrase": "这是规定", "unless": ["这是规定范围内"]},
    {"phrase": "i don't know", "unless": ["i don't know if", "i don't know whether"]},
    "not my problem", "not my job", "calm down", "nothing i can do", "not our problem",
    "that's the policy", "deal with it", "figure it out yourself", "not my department",
]
#: Courteous phrases that contain a forbidden one, for every entry.
EXCEPTIONS: list[str] = []
#: Saying one will *not* say it: 不会说…, 绝不会跟您说…, 不是说…, we never say….
#: The rest of the clause is not checked.
NEGATED = (
    r"(?:不会|绝不会|绝不|从不|不要|别|不能|不是)(?:跟|对|和)?(?:您|你)?(?:说|讲)[^，。！？；,.!?;]*"
    r"|(?:never|won't|will not|would never|wouldn't|don't) (?:say|tell you|tell anyone)"
    r"[^.!?;]*"
)


@columnar_rule(
    id="conduct.forbidden-phrases",
    scope="ticket",
    title={"zh": "客服消息不含禁用语", "en": "No forbidden phrases"},
    severity="error",
    clause="004 四, 002 2.3, 000 二.一",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": {
                "type": "array", "items": PHRASE_ITEM, "minItems": 1,
                "default": FORBIDDEN,
                "description": "expressions an agent must not use (case-insensitive): a "
                               "string, or {phrase, unless: [courteous expressions around "
                               "it]}",
            },
            "exceptions": {
                "type": "array", "items": {"type": "string", "minLength": 1},
                "default": EXCEPTIONS,
                "description": "courteous expressions that excuse any entry they contain",
            },
        },
    },
    needs_events=True,
)
def forbidden_phrases(ctx: RuleContext) -> pl.LazyFrame:
    """Agents' public messages contain none of the forbidden expressions.

    Seed 004 四 沟通规范 and 002 2.3 (说明情况并升级处理,"而非直接拒绝"), 000 二.一
    (不推诿): 不知道, 不清楚, 不归我管, 不是我们的问题, 你自己看, 没办法, 你听不懂吗,
    我不管, 爱买不买, 随便你, 找别人去, 这是规定 … and in English "not my problem",
    "I don't know", "calm down" …. Each entry is a whole expression; its
    ``unless`` list names the courteous expressions around it that are fine
    ("您不知道订单号也没关系", "不知道您是否方便", "如有不清楚的地方", "如果线上没
    办法解决，我们安排上门"; ``…`` in one stands for a few characters of the same
    clause: 如果…没办法): an occurrence inside one of them does not count,
    another occurrence in the same message still does. Words the agent quotes
    (“不归我管”, "not my problem": the customer's, or a colleague's being
    apologised for) and speech the agent negates (我们不会说没办法, we never say
    …) are not the agent saying them. Matching ignores case and full-/half-width
    differences. Each expression in each message is one finding that quotes it
    and the message's time; one inside a longer one found in the message (没办法
    in 我也没办法) is not counted twice. Internal notes, bot and customer
    messages are not checked. A ticket with no public agent message, or whose
    messages have no author role, is skipped.
    """
    found = entries(ctx.params["phrases"], ctx.params["exceptions"])
    cover_conversations(ctx, ctx.tickets)
    hits = phrase_hits(public_agent_messages(ctx), found, NEGATED)
    label = when_label(ctx)
    return ctx.findings(
        hits,
        field="text",
        message=pl.format(
            ctx.text("客服消息({})使用了禁用语“{}”",
                     "agent message ({}) uses forbidden phrase '{}'"),
            label, pl.col("_phrase"),
        ),
        evidence=clip(pl.col("text").fill_null("")),
        key=pl.format("{}|{}", label, pl.col("_phrase")),
    )


RULES: list[Rule] = [forbidden_phrases]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
