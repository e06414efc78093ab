"""bank.no-secret-request on tickets written inline, and on the YAML cases beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from svccheck.testing import rule_cases

from svccheck_bank.secrets import no_secret_request

HERE = Path(__file__).parent


def chat(ticket: str, *lines: tuple[str, str]) -> dict[str, object]:
    """A ticket with its chat, one (role, text) pair per message."""
    return {
        "id": ticket, "customer_id": "C1", "category": "consultation", "status": "open",
        "created_at": "2025-11-03 09:00",
        "messages": [{"role": role, "at": f"2025-11-03 09:0{i}", "text": text}
                     for i, (role, text) in enumerate(lines, start=1)],
    }


def test_agent_asking_for_a_pin_is_flagged_with_the_secret_as_evidence(rule_runner):
    result = rule_runner.run(no_secret_request, [
        chat("T1", ("customer", "我的卡被锁了"), ("agent", "请告诉我您的取款密码，我帮您核实")),
        chat("T2", ("customer", "我的卡被锁了"), ("agent", "请携带身份证到网点办理解锁")),
    ])
    result.assert_findings([
        {"ticket": "T1", "field": "text", "evidence": "取款密码", "message": "message 2"},
    ])


def test_reminding_the_customer_not_to_share_is_not_asking(rule_runner):
    result = rule_runner.run(no_secret_request, [
        chat("T1", ("agent", "请勿向任何人提供您的密码或短信验证码")),
        chat("T2", ("agent", "We will never ask for your PIN. Never share it with anyone.")),
    ])
    result.assert_tickets([])


def test_customer_volunteering_a_secret_is_not_the_agents_conduct(rule_runner):
    result = rule_runner.run(no_secret_request, [
        chat("T1", ("customer", "我的密码是多少来着，要不要提供给你"), ("agent", "您好，请稍等")),
    ])
    result.assert_tickets([])


def test_english_phrases_match_in_any_case_but_not_inside_words(rule_runner):
    result = rule_runner.run(no_secret_request, [
        chat("T1", ("agent", "Could you tell me the CVV on the back of the card?")),
        chat("T2", ("agent", "I will tell me... the shipping of your card is on its way")),
    ])
    result.assert_tickets(["T1"])


def test_a_bank_adds_its_own_words_through_params(rule_runner):
    tickets = [chat("T1", ("agent", "麻烦报一下您的网银盾口令"))]
    assert rule_runner.run(no_secret_request, tickets).tickets == []
    result = rule_runner.run(no_secret_request, tickets, params={"secrets": ["网银盾口令"]})
    result.assert_tickets(["T1"])


def test_messages_are_reported_in_chinese_with_lang_zh(rule_runner):
    result = rule_runner.run(no_secret_request, [chat("T1", ("agent", "请提供CVV"))], lang="zh")
    assert result.findings[0]["message"] == "客服在第 1 条消息中向客户索要CVV"


@pytest.mark.parametrize("case", rule_cases(HERE / "no_secret_request.yaml"))
def test_yaml_cases(rule_runner, case):
    rule_runner.check_case(no_secret_request, case)


def test_a_ticket_without_an_agent_message_is_skipped_not_passed(rule_runner):
    result = rule_runner.run(no_secret_request, [
        chat("T1", ("customer", "我的卡被锁了"), ("agent", "请携带身份证到网点办理")),
        chat("T2", ("customer", "我的卡被锁了")),
    ])
    assert (result.status, result.checked, result.skipped) == (
        "partial", 1, {"no agent message": 1})
    only_customers = rule_runner.run(no_secret_request, [chat("T3", ("customer", "在吗"))])
    assert only_customers.status == "not_evaluated"
