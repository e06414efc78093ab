"""conduct.forbidden-phrases on small chat exports, in Chinese and English.

The rule reads what an agent said to the customer: internal notes, bot
lines and the customer's own words are not checked. Each finding quotes the
phrase and the message's time.
"""

from __future__ import annotations

import json

AS_OF = "2025-11-30 18:00"


def msg(at, role, text, public=True, kind="message"):
    return {"at": f"2025-10-09 {at}", "role": role, "text": text, "public": public, "kind": kind}


def ticket(tid, *events):
    return {"id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "normal", "status": "in_progress", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy", "events": list(events)}


def run_rule(svccheck, write, tickets, *extra):
    path = write("chat.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF,
                   "--select", "conduct.forbidden-phrases", *extra)
    assert run.code in (0, 1), run.err
    return run


TICKETS = [
    ticket("Z1", msg("09:01", "agent", "您好，这个不归我管，你找别的部门")),       # two phrases
    ticket("Z2", msg("09:01", "agent", "这是规定，我也没办法")),                    # 没办法 counted once
    ticket("Z3", msg("09:01", "agent", "不知道您是否方便接听电话？")),              # courteous: ok
    ticket("Z4", msg("09:01", "agent", "这客户听不懂吗", public=False, kind="note"),  # note: ignored
           msg("09:02", "customer", "你们就是没办法！"),                            # customer: ignored
           msg("09:03", "bot", "不清楚的问题请转人工")),                            # bot: ignored
    ticket("Z5", msg("09:01", "agent", "不清楚的地方请随时问我")),                  # courteous: ok
    ticket("E1", msg("09:01", "agent", "Sorry, that's NOT MY PROBLEM.")),            # case-insensitive
    ticket("E2", msg("09:01", "agent", "Please calm down, I don’t know yet.")),      # curly quote
    ticket("E3", msg("09:01", "agent", "I don't know", public=False, kind="note"),   # note: ignored
           msg("09:02", "bot", "Calm down and read the FAQ"),                       # bot: ignored
           msg("09:03", "agent", "Let me find out for you.")),                      # ok
]


def test_forbidden_phrases_zh_and_en(svccheck, write):
    run = run_rule(svccheck, write, TICKETS)
    found = [(f["ticket"], f["message"]) for f in run.findings("conduct.forbidden-phrases")]
    assert found == [
        ("Z1", "agent message (2025-10-09 09:01) uses forbidden phrase '不归我管'"),
        ("Z1", "agent message (2025-10-09 09:01) uses forbidden phrase '你找别的部门'"),
        ("Z2", "agent message (2025-10-09 09:01) uses forbidden phrase '这是规定'"),
        ("Z2", "agent message (2025-10-09 09:01) uses forbidden phrase '我也没办法'"),
        ("E1", "agent message (2025-10-09 09:01) uses forbidden phrase 'not my problem'"),
        ("E2", "agent message (2025-10-09 09:01) uses forbidden phrase 'calm down'"),
        ("E2", "agent message (2025-10-09 09:01) uses forbidden phrase 'i don't know'"),
    ]


def test_findings_are_kept_apart_and_quote_the_message(svccheck, write):
    run = run_rule(svccheck, write, TICKETS[:1], "--lang", "zh")
    found = run.findings("conduct.forbidden-phrases")
    assert found[0]["message"] == "客服消息(2025-10-09 09:01)使用了禁用语“不归我管”"
    assert found[0]["evidence"] == "您好，这个不归我管，你找别的部门"
    assert len({f["fingerprint"] for f in found}) == 2


def test_phrase_list_is_configurable(svccheck, write):
    standard = write("std.yaml", """
        id: team
        title: Team
        version: "1"
        extends: cn-baseline
        rules:
          conduct.forbidden-phrases:
            params:
              phrases: [亲亲]
    """)
    tickets = [ticket("T1", msg("09:01", "agent", "亲亲，不知道哦")),
               ticket("T2", msg("09:01", "agent", "这是规定"))]
    run = run_rule(svccheck, write, tickets, "--standard", standard)
    assert run.tickets("conduct.forbidden-phrases") == ["T1"]


def test_evidence_masks_a_number_in_the_message(svccheck, write):
    tickets = [ticket("P1", msg("09:01", "agent", "不归我管，你自己打13812345678问"))]
    run = run_rule(svccheck, write, tickets)
    evidence = {f["evidence"] for f in run.findings("conduct.forbidden-phrases")}
    assert evidence == {"不归我管，你自己打138****5678问"}


def test_a_courteous_line_holding_a_phrase_is_not_a_finding(svccheck, write):
    tickets = [
        ticket("U1", msg("09:01", "agent", "您不知道订单号也没关系，我帮您查")),     # the probe
        ticket("U2", msg("09:01", "agent", "如果线上没办法解决，我们安排师傅上门")),  # 如果…没办法
        ticket("U3", msg("09:01", "agent", "您说客服回复“不归我管”，我们会严肃处理")),  # a quote
        ticket("U4", msg("09:01", "agent", "请放心，我们不会说没办法")),              # negated
        ticket("U5", msg("09:01", "agent", "不知道您是否方便？不知道，我也不清楚")),  # 2nd 不知道
    ]
    run = run_rule(svccheck, write, tickets)
    found = [(f["ticket"], f["message"].rsplit(" ", 1)[-1])
             for f in run.findings("conduct.forbidden-phrases")]
    assert found == [("U5", "'不知道'"), ("U5", "'不清楚'")]


def test_entries_take_their_own_exceptions(svccheck, write):
    standard = write("std.yaml", """
        id: team
        title: Team
        version: "1"
        extends: cn-baseline
        rules:
          conduct.forbidden-phrases:
            params:
              phrases:
                - {phrase: 亲亲, unless: [亲亲您好]}
                - 这是规定
    """)
    tickets = [ticket("T1", msg("09:01", "agent", "亲亲您好，马上为您处理")),   # excused
               ticket("T2", msg("09:01", "agent", "亲亲，这是规定"))]           # two findings
    run = run_rule(svccheck, write, tickets, "--standard", standard)
    assert run.tickets("conduct.forbidden-phrases") == ["T2", "T2"]


def test_tickets_no_agent_answered_are_skipped_not_passed(svccheck, write):
    tickets = [ticket("S1", msg("09:01", "customer", "不知道怎么退款")),       # customer only
               ticket("S2", msg("09:01", "agent", "您好，马上为您处理"))]      # judged
    run = run_rule(svccheck, write, tickets)
    line = next(r for r in run.report["summary"]["rules"]
                if r["rule"] == "conduct.forbidden-phrases")
    assert (line["status"], line["checked"], line["skipped"]) == (
        "partial", 1, {"no public agent message": 1})
