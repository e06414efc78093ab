"""``bank.no-secret-request``: an agent never asks a customer for a PIN, CVV or password.

Banks tell their customers that staff will never ask for these; one agent
who does teaches customers to answer the fraudster who calls next. The rule
reads the agent's own messages (per-ticket API: a ticket with its events in
time order) and flags a message that names a secret *and* asks for it.

An agent who names a secret to warn the customer -- 请勿向任何人透露密码,
"never share your PIN" -- is doing the right thing: a message with a warning
phrase is exempt. Both lists are parameters, so a bank adds its own words.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from svccheck.plugin import (
    Phrases,
    RuleContext,
    TicketFinding,
    TicketSkip,
    finding,
    phrases,
    skip,
    ticket_rule,
)

SECRETS_ZH = ["密码", "取款密码", "交易密码", "支付密码", "查询密码", "安全码", "CVV",
              "卡背面后三位", "卡背后三位", "短信验证码", "动态验证码", "验证码"]
SECRETS_EN = ["PIN", "CVV", "CVC", "security code", "password", "passcode", "one-time code",
              "OTP", "verification code"]
ASKS_ZH = ["告诉我", "提供", "报一下", "说一下", "发给我", "发一下", "输入给我", "念一下",
           "是多少", "告知"]
ASKS_EN = ["tell me", "give me", "provide", "what is your", "what's your", "send me",
           "read out", "confirm your", "share your", "need your"]
EXEMPT_ZH = ["请勿", "切勿", "不要", "不会向您索要", "不会索要", "任何人都不要告诉", "谨防"]
EXEMPT_EN = ["never share", "do not share", "don't share", "never tell", "do not tell",
             "don't tell", "will never ask", "won't ask", "never ask"]

PARAMS = {
    "type": "object",
    "properties": {
        "secrets": {"type": "array", "items": {"type": "string", "minLength": 1},
                    "minItems": 1, "default": SECRETS_ZH + SECRETS_EN,
                    "description": "words that name a secret (zh and en)"},
        "asks": {"type": "array", "items": {"type": "string", "minLength": 1},
                 "minItems": 1, "default": ASKS_ZH + ASKS_EN,
                 "description": "phrases that ask the customer for something"},
        "exempt": {"type": "array", "items": {"type": "string", "minLength": 1},
                   "default": EXEMPT_ZH + EXEMPT_EN,
                   "description": "warning phrases that make a message exempt"},
    },
    "additionalProperties": False,
}

#: Who speaks for the bank in a ticket's events.
STAFF = {"agent", "supervisor"}


@cache
def _lists(secrets: tuple[str, ...], asks: tuple[str, ...],
           exempt: tuple[str, ...]) -> tuple[Phrases, Phrases]:
    """Compiled once per parameter set, not once per ticket."""
    return phrases(secrets), phrases(asks, unless=exempt)


@ticket_rule(
    id="bank.no-secret-request",
    title={"zh": "不得索要密码/安全码", "en": "Never ask for a PIN, CVV or password"},
    severity="error",
    clause="003 4.3 客户隐私保护",
    params=PARAMS,
    needs_events=True,
)
def no_secret_request(
    ticket: dict[str, Any], events: list[dict[str, Any]], ctx: RuleContext
) -> Iterator[TicketFinding | TicketSkip]:
    """An agent's message names a secret (PIN, CVV, password, SMS code) and asks for it.

    A message is flagged when it contains a word from ``secrets`` and a
    phrase from ``asks``, unless it also contains a warning from ``exempt``
    (the agent reminding the customer *not* to share it). The evidence is the
    secret's name, never the customer's reply.
    """
    if not any(event.get("role") in STAFF for event in events):
        # nothing an agent said is on record: the ticket cannot be judged
        if any(event.get("role") is None for event in events):
            yield skip(ctx, zh="消息没有作者角色", en="no role for message authors")
        else:
            yield skip(ctx, zh="没有客服消息", en="no agent message")
        return
    secret, ask = _lists(tuple(ctx.params["secrets"]), tuple(ctx.params["asks"]),
                         tuple(ctx.params["exempt"]))
    for index, event in enumerate(events):
        if event.get("role") not in STAFF:
            continue
        text = event.get("text")
        named = secret.search(text)
        if named is None or ask.search(text) is None:
            continue
        yield finding(
            ctx,
            zh=f"客服在第 {index + 1} 条消息中向客户索要{named}",
            en=f"agent asks the customer for a secret ({named}) in message {index + 1}",
            field="text", evidence=named, key=str(index + 1),
        )
