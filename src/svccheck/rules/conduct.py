"""The ``conduct.*`` family: what an agent must never say to a customer.

Seed 004 四 (关键执行规范 · 沟通规范) asks agents to "始终保持耐心、专业的服务
态度" and to avoid brush-off phrases; 002 2.3 says a request beyond one's
authority is escalated "而非直接拒绝"; 000 二.一 promises "不误导、不隐瞒、
不推诿". A phrase such as 不归我管 or 这是规定，我也没办法 is exactly the 推诿
these clauses forbid, and it is cheap to find: one Aho-Corasick pass over the
agents' public messages (polars ``str.extract_many``).
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import (
    clip,
    normalise_phrase,
    public_agent_messages,
    when_label,
)

FORBIDDEN: list[str] = [
    "不知道", "不清楚", "不归我管", "不是我们的问题", "不是我的问题", "你自己看", "自己去看",
    "没办法", "我也没办法", "你听不懂吗", "听不懂吗", "我不管", "爱买不买", "随便你", "找别人去",
    "你找别的部门", "这是规定",
    "not my problem", "not my job", "i don't know", "calm down", "nothing i can do",
    "not our problem", "that's the policy", "deal with it", "figure it out yourself",
    "not my department",
]
#: Courteous phrases that contain a forbidden one: "不知道您是否方便" asks, it
#: does not refuse; "如有不清楚的地方" offers help.
EXCEPTIONS: list[str] = [
    "不知道您", "不知道是否", "不清楚的地方", "有不清楚", "哪里不清楚", "如果不清楚", "不清楚的话",
]


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
                "type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                "default": FORBIDDEN,
                "description": "phrases an agent must not use (case-insensitive)",
            },
            "exceptions": {
                "type": "array", "items": {"type": "string", "minLength": 1},
                "default": EXCEPTIONS,
                "description": "courteous phrases that contain a forbidden one and are fine",
            },
        },
    },
    needs_events=True,
)
def forbidden_phrases(ctx: RuleContext) -> pl.LazyFrame:
    """Agents' public messages contain none of the forbidden phrases.

    Seed 004 四 沟通规范 and 002 2.3 (说明情况并升级处理,"而非直接拒绝"), 000 二.一
    (不推诿): 不知道, 不清楚, 不归我管, 不是我们的问题, 你自己看, 没办法, 你听不懂吗,
    我不管, 爱买不买, 随便你, 找别人去, 这是规定 … and in English "not my problem",
    "I don't know", "calm down" …. Matching ignores case and full-/half-width
    differences. Each phrase in each message is one finding that quotes the
    phrase and the message's time; a phrase inside a longer one found in the
    message (没办法 in 我也没办法) is not counted twice. ``exceptions`` lists
    courteous phrases that contain a forbidden one (不知道您是否方便). Internal
    notes, bot and customer messages are not checked.
    """
    phrases = sorted({normalise_phrase(p) for p in ctx.params["phrases"]}, key=len, reverse=True)
    exceptions = sorted({normalise_phrase(p) for p in ctx.params["exceptions"]}, key=len,
                        reverse=True)
    text = pl.col("norm")
    if exceptions:
        text = text.str.replace_many(exceptions, ["\x00"] * len(exceptions))
    found = (
        public_agent_messages(ctx)
        .with_columns(
            text.str.extract_many(phrases, overlapping=True)
            .list.unique(maintain_order=True).alias("_found")
        )
        .with_columns(pl.col("_found").alias("_phrase"))
        .explode("_phrase")
        .filter(pl.col("_phrase").is_not_null() & ~_inside_longer(phrases))
    )
    label = when_label(ctx)
    return ctx.findings(
        found,
        field="text",
        message=pl.format(
            ctx.text("客服消息({})使用了禁用语“{}”",
                     "agent message ({}) uses forbidden phrase '{}'"),
            label, pl.col("_phrase"),
        ),
        evidence=clip(pl.col("text").fill_null("")),
        key=pl.format("{}|{}", label, pl.col("_phrase")),
    )


def _inside_longer(phrases: list[str]) -> pl.Expr:
    """Whether ``_phrase`` is part of a longer phrase also found in the message."""
    conditions = []
    for phrase in phrases:
        longer = [other for other in phrases if other != phrase and phrase in other]
        if longer:
            conditions.append((pl.col("_phrase") == phrase) & pl.any_horizontal(
                [pl.col("_found").list.contains(other) for other in longer]
            ))
    return pl.any_horizontal(conditions) if conditions else pl.lit(False)


RULES: list[Rule] = [forbidden_phrases]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
