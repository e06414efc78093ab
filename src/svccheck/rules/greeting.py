"""The ``greeting.*`` family: does the agent open, confirm and close as the scripts say?

Seed 002 (客服服务流程标准化培训教程) scripts the conversation: 2.1 主动问候与
识别 -- greet and say who you are ("您好,这里是XX客服,我是XXX,很高兴为您服务");
2.4 获取客户确认 -- ask whether the solution is acceptable ("请问这个解决方案您
觉得可以吗?"); seed 004 四 adds the courtesy words ("您好""请问""感谢您的反馈").
Seed 000 一(一) asks for a 礼貌问候 that 主动表明身份.

The rules read public agent messages only (see
:mod:`svccheck.rules.conversation`): an internal note is not said to the
customer, and a bot's canned welcome is not the agent greeting them. All
three need messages; on an export without them (the CSV response record)
they are listed as not evaluated. Phrase matching is columnar (one polars
regex per list); every list is a parameter.
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.pii.names import table as name_table
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import (
    clip,
    conversation,
    cover_conversations,
    normalise_phrase,
    phrase_pattern,
    public_agent_messages,
    resolved_tickets,
    when_label,
)

GREETINGS: list[str] = [
    "您好", "你好", "早上好", "上午好", "中午好", "下午好", "晚上好", "hello", "hi", "hey",
    "good morning", "good afternoon", "good evening", "greetings",
]
SELF_IDENTIFICATION: list[str] = [
    "这里是", "我是", "我叫", "工号", "this is", "my name is", "i am", "i'm",
]
#: Departments that say who is speaking (000 一(一): 表明身份或所属部门):
#: "您好，售后服务部为您服务". A department whose name contains one counts too
#: (会员服务部 holds 服务部).
DEPARTMENTS: list[str] = [
    "客服中心", "服务中心", "呼叫中心", "售后中心", "客服部", "服务部", "售后部", "技术支持部",
    "服务台", "客服团队", "服务团队", "售后团队", "customer service", "customer support",
    "support team", "service team", "help desk", "service desk",
]
#: Titles an agent gives before their name or nickname: 客服小李, 客服Amy, 专员007.
AGENT_TITLES: list[str] = ["客服", "专员", "顾问", "主管", "管家", "助理"]
#: Phrases that start like a self-identification and are not one; removed
#: from the text before ``self_identification`` is matched.
NOT_IDENTIFICATION: list[str] = [
    "i'm sorry", "i am sorry", "i'm afraid", "i am afraid", "i'm not sure", "i am not sure",
    "this is not", "this is because", "我是说",
]
CONFIRMATIONS: list[str] = [
    "可以吗", "可以接受", "是否可以", "是否满意", "满意吗", "还有什么", "还有其他", "还有疑问",
    "有什么疑问", "清楚吗", "解决了吗", "是否解决", "您看可以", "您看这样",
    "is there anything else",
    "anything else", "does this solve", "does that solve", "does this help", "does that help",
    "is that ok", "is this ok", "is that okay", "is this okay", "does that work",
    "does this work", "are you happy with", "are you satisfied",
]
CLOSINGS: list[str] = [
    "感谢", "谢谢", "还有什么可以帮", "还有其他问题", "还有其他需要", "祝您", "thank you", "thanks",
    "anything else", "have a nice day", "have a great day", "glad to help", "happy to help",
]


def _phrases(default: list[str], what: str) -> dict[str, object]:
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "minItems": 1,
        "default": default,
        "description": what,
    }


@columnar_rule(
    id="greeting.opening",
    scope="ticket",
    title={"zh": "首次回复有问候并自报家门", "en": "First reply greets and introduces"},
    severity="error",
    clause="002 2.1, 000 一(一), 004 二.1",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "greetings": _phrases(GREETINGS, "greeting words (case-insensitive)"),
            "self_identification": _phrases(
                SELF_IDENTIFICATION, "phrases by which an agent says who they are"
            ),
            "departments": {
                **_phrases(DEPARTMENTS, "department names that say who is speaking "
                                        "(售后服务部为您服务)"),
                "minItems": 0,
            },
            "agent_titles": {
                **_phrases(AGENT_TITLES, "titles followed by the agent's name or nickname "
                                         "(客服小李, 客服Amy, 专员007)"),
                "minItems": 0,
            },
        },
    },
    needs_events=True,
)
def opening(ctx: RuleContext) -> pl.LazyFrame:
    """The first public agent message greets the customer and says who is speaking.

    Seed 002 2.1 (主动问候与识别): "问候语应包含标准称谓、自报家门(如“您好,这里是XX
    客服,我是XXX,很高兴为您服务”)"; 000 一(一) 礼貌问候 "并主动表明身份**或所属部门**";
    004 二.1 "主动问候客户(如“您好,这里是客服中心……”)". So the first message an agent
    sends the customer must hold a greeting (您好, 你好, hello, hi, good
    morning...) **and** a self-identification, by name or by department:
    这里是…, 我是…, 工号…, this is…, my name is…, I am…/I'm… ("I'm sorry",
    "this is not…" and the like do not count); a title with the agent's name
    or nickname (客服小李, 客服Amy, 专员007, 客服主管王强: ``agent_titles``); or
    a department (售后服务部, 客服中心, support team: ``departments``). So
    "您好，客服小李很高兴为您服务" and "您好，售后服务部为您服务" pass;
    "您好，请问有什么可以帮您" does not. A greeting that only comes in the
    second message is too late: the finding is on the first one. Internal notes
    and bot messages are not the agent's first message. A ticket no agent has
    answered publicly is skipped ("no public agent message";
    ``response.first-reply`` covers it), as is one whose messages have no
    author role ("no role for message authors": an events file without roles
    cannot tell the agent's first message).
    """
    greets = pl.col("norm").str.contains(phrase_pattern(ctx.params["greetings"]))
    unlike = sorted({normalise_phrase(p) for p in NOT_IDENTIFICATION}, key=len, reverse=True)
    text = pl.col("norm")
    if unlike:
        text = text.str.replace_many(unlike, ["\x00"] * len(unlike))
    names = text.str.contains(phrase_pattern(ctx.params["self_identification"]))
    if ctx.params["departments"]:
        names = names | text.str.contains(phrase_pattern(ctx.params["departments"]))
    if ctx.params["agent_titles"]:
        names = names | text.str.contains(_named_title(ctx.params["agent_titles"]))
    cover_conversations(ctx, ctx.tickets)
    first = public_agent_messages(ctx).group_by(TICKET, maintain_order=True).first()
    missing = first.with_columns(greets.alias("_greets"), names.alias("_names")).filter(
        ~pl.col("_greets") | ~pl.col("_names")
    )
    what = (
        pl.when(~pl.col("_greets") & ~pl.col("_names"))
        .then(pl.lit(ctx.text("问候语和自报家门", "a greeting and a self-introduction")))
        .when(~pl.col("_greets"))
        .then(pl.lit(ctx.text("问候语", "a greeting")))
        .otherwise(pl.lit(ctx.text("自报家门", "a self-introduction")))
    )
    return ctx.findings(
        missing,
        field="text",
        message=pl.format(
            ctx.text("首条公开客服消息({})缺少{}", "first public agent message ({}) lacks {}"),
            when_label(ctx), what,
        ),
        evidence=clip(pl.col("text").fill_null("")),
    )


def _named_title(titles: list[str]) -> str:
    """A title followed by a name or nickname: 客服小李, 客服amy, 专员007, 主管王强.

    Matched in :func:`~svccheck.rules.conversation.normalised` (lower-case) text.
    """
    table = name_table()
    surnames = "".join(sorted(table.surnames))
    given = "".join(sorted(table.given))
    alternatives = "|".join(pl.escape_regex(normalise_phrase(t))
                            for t in sorted(set(titles), key=len, reverse=True))
    # a surname needs a given-name character after it: 客服张伟, not 客服马上
    return (rf"(?:{alternatives})\s?(?:[小阿老]\p{{Han}}|[a-z][a-z0-9]*|[0-9]+"
            rf"|[{surnames}][{given}])")


def _before_resolution(ctx: RuleContext, done: pl.LazyFrame) -> pl.LazyFrame:
    """The conversation of resolved tickets up to their resolution time."""
    return conversation(ctx).join(
        done.select(TICKET, "resolved_at"), on=TICKET, how="inner", maintain_order="left"
    ).filter(
        pl.col("at").is_null() | pl.col("resolved_at").is_null()
        | (pl.col("at") <= pl.col("resolved_at"))
    )


@columnar_rule(
    id="greeting.confirmation",
    scope="ticket",
    title={"zh": "解决前征询客户确认", "en": "Agent asks for confirmation"},
    severity="info",
    clause="002 2.4, 004 二.4",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": _phrases(
                CONFIRMATIONS, "questions asking whether the solution is acceptable"
            ),
        },
    },
    needs_events=True,
)
def confirmation(ctx: RuleContext) -> pl.LazyFrame:
    """Before a ticket is resolved, an agent asks whether the solution works for the customer.

    Seed 002 2.4 (获取客户确认): "在提供解决方案后,询问客户:“请问这个解决方案您觉得
    可以吗?”或“对我刚才的说明,您还有什么疑问吗?”"; 004 二.4 "询问客户是否满意(如
    “您看这样的解决方案是否可以接受?”)". A resolved or closed ticket whose public
    agent messages up to the resolution time hold none of the confirmation
    phrases (…可以吗, 还有什么…, is there anything else, does this solve…) is a
    finding. Resolved tickets with no public agent message up to the
    resolution are skipped ("no public agent message"), as are those whose
    messages have no author role; the default severity is info because a
    confirmation given by phone leaves no trace in the chat.
    """
    asks = pl.col("norm").str.contains(phrase_pattern(ctx.params["phrases"]))
    done = resolved_tickets(ctx)
    said = _before_resolution(ctx, done)
    cover_conversations(ctx, done, said)
    before = said.filter(pl.col("is_message") & pl.col("public") & pl.col("is_agent"))
    asked = before.group_by(TICKET).agg(asks.any().alias("_asked"))
    missing = done.join(asked, on=TICKET, how="inner", maintain_order="left").filter(
        ~pl.col("_asked")
    )
    return ctx.findings(
        missing,
        field="text",
        message=ctx.text(
            "工单已解决，但客服未询问客户方案是否可以接受",
            "resolved without an agent asking whether the solution is acceptable",
        ),
    )


@columnar_rule(
    id="greeting.closing",
    scope="ticket",
    title={"zh": "结束语致谢或提供进一步帮助", "en": "Closing thanks or offers help"},
    severity="warning",
    clause="004 四, 002 2.4",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": _phrases(CLOSINGS, "thanks or offers of further help"),
        },
    },
    needs_events=True,
)
def closing(ctx: RuleContext) -> pl.LazyFrame:
    """The last public agent message before resolution thanks the customer or offers more help.

    Seed 004 四 (沟通规范) lists the courtesy words an agent uses -- "您好""请问"
    "感谢您的反馈"; 002 2.4 ends the exchange by asking "您还有什么疑问吗". So the
    agent's last public message up to the resolution time holds a thank-you
    or an offer of further help (感谢…, 谢谢, 还有什么可以帮您, 祝您…, thank you,
    anything else…). Only resolved or closed tickets are in scope; those with
    no public agent message up to the resolution, or whose messages have no
    author role, are skipped.
    """
    polite = pl.col("norm").str.contains(phrase_pattern(ctx.params["phrases"]))
    done = resolved_tickets(ctx)
    said = _before_resolution(ctx, done)  # conversation order decides which message is last
    cover_conversations(ctx, done, said)
    last = (
        said.filter(pl.col("is_message") & pl.col("public") & pl.col("is_agent"))
        .group_by(TICKET, maintain_order=True)
        .last()
    )
    return ctx.findings(
        last.filter(~polite),
        field="text",
        message=pl.format(
            ctx.text("最后一条公开客服消息({})没有致谢或询问是否还需帮助",
                     "last public agent message ({}) neither thanks the customer nor offers "
                     "further help"),
            when_label(ctx),
        ),
        evidence=clip(pl.col("text").fill_null("")),
    )


RULES: list[Rule] = [opening, confirmation, closing]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
