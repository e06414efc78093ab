"""greeting.opening, greeting.confirmation and greeting.closing on small chat exports.

Each ticket is one JSONL line with its conversation; the comment beside it
says what the rule must conclude. Only public agent messages count: bot
lines, internal notes and the customer's own words are ignored.
"""

from __future__ import annotations

import json

AS_OF = "2025-11-30 18:00"


def msg(at, role, text, public=True, kind="message"):
    return {"at": f"2025-10-09 {at}", "role": role, "text": text, "public": public, "kind": kind}


def ticket(tid, *events, status="resolved"):
    return {"id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "normal", "status": status, "created_at": "2025-10-09 09:00:00",
            "resolved_at": "2025-10-09 12:00:00" if status == "resolved" else None,
            "assignee": "amy", "events": list(events)}


def run_rule(svccheck, write, rule, tickets, *extra):
    path = write("chat.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF, "--select", rule, *extra)
    assert run.code in (0, 1), run.err
    return run


OPENING = [
    ticket("Z1", msg("09:01", "agent", "您好，这里是XX客服，我是小王，很高兴为您服务")),  # ok
    ticket("Z2", msg("09:01", "agent", "请问有什么问题？"),                              # no greeting,
           msg("09:02", "agent", "您好，我是小王")),                                    # 2nd is too late
    ticket("Z3", msg("09:01", "agent", "您好，请问有什么可以帮您？")),                   # no self-id
    ticket("Z4", msg("09:00", "bot", "您好，我是智能助手"),                               # bot ignored
           msg("09:01", "agent", "稍等")),                                              # agent: nothing
    ticket("Z5", msg("09:00", "agent", "客户很着急", public=False, kind="note"),          # note ignored
           msg("09:01", "agent", "你好，工号1024为您服务")),                             # ok
    ticket("Z6", msg("09:00", "customer", "你好，我是张先生")),                          # no agent reply
    ticket("E1", msg("09:01", "agent", "Hello, this is Amy from support.")),            # ok
    ticket("E2", msg("09:01", "agent", "Let me check."),                                 # greets only
           msg("09:02", "agent", "Hi, my name is Bob.")),                               # in 2nd
    ticket("E3", msg("09:00", "bot", "Hi, I'm the virtual assistant"),                  # bot ignored
           msg("09:01", "agent", "Good morning! What's the order number?")),            # no self-id
    ticket("E4", msg("09:00", "agent", "VIP customer", public=False, kind="note"),
           msg("09:01", "agent", "Good afternoon, I'm Carol.")),                        # ok
    ticket("E5", msg("09:01", "agent", "This is Dan.")),                                 # no greeting
    ticket("E6", msg("09:01", "agent", "Hi, I'm sorry for the wait.")),                 # not a name
    # 000 一(一): 表明身份或所属部门 -- a name or a department says who speaks
    ticket("D1", msg("09:01", "agent", "您好，客服小李很高兴为您服务")),                 # ok: nickname
    ticket("D2", msg("09:01", "agent", "您好，售后服务部为您服务")),                     # ok: department
    ticket("D3", msg("09:01", "agent", "您好，客服主管王强为您服务")),                   # ok: title + name
    ticket("D4", msg("09:01", "agent", "Hi, customer support here, how can I help?")),  # ok
    ticket("D5", msg("09:01", "agent", "您好，客服马上为您处理")),                       # no: 马上
    ticket("D6", msg("09:01", "agent", "您好，请到购物中心一楼取件")),                   # no: a mall
]


def test_opening_zh_and_en(svccheck, write):
    run = run_rule(svccheck, write, "greeting.opening", OPENING)
    found = run.findings("greeting.opening")
    assert [f["ticket"] for f in found] == ["Z2", "Z3", "Z4", "E2", "E3", "E5", "E6", "D5",
                                            "D6"]
    by_ticket = {f["ticket"]: f for f in found}
    assert by_ticket["Z2"]["message"] == (
        "first public agent message (2025-10-09 09:01) lacks a greeting and a self-introduction")
    assert by_ticket["Z3"]["message"].endswith("lacks a self-introduction")
    assert by_ticket["E5"]["message"].endswith("lacks a greeting")
    assert by_ticket["E2"]["evidence"] == "Let me check."


def test_opening_message_in_chinese(svccheck, write):
    run = run_rule(svccheck, write, "greeting.opening", OPENING[1:2], "--lang", "zh")
    [finding] = run.findings("greeting.opening")
    assert finding["message"] == "首条公开客服消息(2025-10-09 09:01)缺少问候语和自报家门"


def test_opening_lists_are_configurable(svccheck, write):
    standard = write("std.yaml", """
        id: team
        title: Team
        version: "1"
        extends: cn-baseline
        rules:
          greeting.opening:
            params:
              greetings: [亲]
              self_identification: [客服小蜜]
    """)
    tickets = [ticket("T1", msg("09:01", "agent", "亲，客服小蜜在的")),      # ok with the team's words
               ticket("T2", msg("09:01", "agent", "您好，我是小王"))]        # not the team's words
    run = run_rule(svccheck, write, "greeting.opening", tickets, "--standard", standard)
    assert run.tickets("greeting.opening") == ["T2"]


def test_opening_evidence_masks_a_number_in_the_message(svccheck, write):
    tickets = [ticket("P1", msg("09:01", "agent", "请拨打13812345678"))]
    run = run_rule(svccheck, write, "greeting.opening", tickets)
    [finding] = run.findings("greeting.opening")
    assert finding["evidence"] == "请拨打138****5678"


def test_confirmation(svccheck, write):
    tickets = [
        ticket("C1", msg("09:10", "agent", "请问这个解决方案您觉得可以吗？")),            # ok
        ticket("C2", msg("09:10", "agent", "已为您退款。")),                              # never asked
        ticket("C3", msg("09:10", "agent", "可以吗", public=False, kind="note"),          # note only
               msg("09:11", "agent", "已处理。")),
        ticket("C4", msg("09:10", "bot", "Is there anything else?"),                      # bot only
               msg("09:11", "agent", "Refund issued.")),
        ticket("C5", msg("09:10", "agent", "Refund issued. Does this solve your problem?")),  # ok
        ticket("C6", msg("13:00", "agent", "还有什么可以帮您？"),                            # asked after
               msg("09:10", "agent", "已处理。")),                                       # resolution
        ticket("C7", msg("09:10", "agent", "处理中"), status="in_progress"),              # not resolved
    ]
    run = run_rule(svccheck, write, "greeting.confirmation", tickets)
    found = run.findings("greeting.confirmation")
    assert [f["ticket"] for f in found] == ["C2", "C3", "C4", "C6"]
    assert {f["severity"] for f in found} == {"info"}


def test_closing(svccheck, write):
    tickets = [
        ticket("L1", msg("09:10", "agent", "已退款"), msg("09:11", "agent", "感谢您的耐心等待")),  # ok
        ticket("L2", msg("09:10", "agent", "谢谢"), msg("09:11", "agent", "已退款")),              # last
        ticket("L3", msg("09:10", "agent", "Done, thank you for waiting!")),                    # ok
        ticket("L4", msg("09:10", "agent", "Done."),                                             # bot's
               msg("09:11", "bot", "Thanks for contacting us")),                                 # ignored
    ]
    run = run_rule(svccheck, write, "greeting.closing", tickets)
    assert run.tickets("greeting.closing") == ["L2", "L4"]


def test_not_evaluated_without_messages(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        X1,C,problem,x,normal,open,2025-10-09 09:00,amy
    """)
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF)
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    for rule in ("greeting.opening", "greeting.confirmation", "greeting.closing",
                 "conduct.forbidden-phrases"):
        assert rules[rule]["evaluated"] is False
        assert rules[rule]["reason"] == "export has no messages/events"



CONVERSATION_RULES = ("greeting.opening", "greeting.confirmation", "greeting.closing",
                      "conduct.forbidden-phrases")


def test_an_events_file_without_roles_judges_nothing_never_passes(svccheck, write):
    # issue 16's trap: with no author roles no rule can tell what an agent said
    tickets = write("tickets.csv", """
        id,customer_id,category,description,priority,status,created_at,resolved_at,assignee
        R1,C1,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 12:00,amy
        R2,C2,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 12:00,amy
    """)
    events = write("events.csv", """
        ticket_id,at,text
        R1,2025-10-09 09:01,请问有什么问题
        R1,2025-10-09 09:05,不知道
        R2,2025-10-09 09:01,hello
    """)
    run = svccheck("check", tickets, "--events", events, "--profile", "generic",
                   "--format", "json", "--as-of", AS_OF, "--select", ",".join(CONVERSATION_RULES))
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    for rule in CONVERSATION_RULES:
        assert rules[rule]["status"] == "not_evaluated", rule
        assert rules[rule]["checked"] == 0, rule
        assert rules[rule]["skipped"] == {"no role for message authors": 2}, rule
        assert "no role for message authors" in rules[rule]["reason"], rule
    assert not run.findings()


def test_tickets_without_a_public_agent_message_are_skipped(svccheck, write):
    tickets = [
        ticket("G1", msg("09:01", "agent", "您好，我是小王")),                        # judged
        ticket("G2", msg("09:01", "customer", "你好")),                               # customer only
        ticket("G3", msg("09:01", "agent", "内部备注", public=False, kind="note")),   # note only
        ticket("G4"),                                                                # no messages
    ]
    run = run_rule(svccheck, write, "greeting.opening", tickets)
    line = next(r for r in run.report["summary"]["rules"] if r["rule"] == "greeting.opening")
    assert (line["status"], line["checked"], line["skipped"]) == (
        "partial", 1, {"no public agent message": 3})
    zh = run_rule(svccheck, write, "greeting.opening", tickets, "--lang", "zh")
    line = next(r for r in zh.report["summary"]["rules"] if r["rule"] == "greeting.opening")
    assert line["skipped"] == {"没有公开的客服消息": 3}
