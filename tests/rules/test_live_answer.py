"""response.live-answer: 002 2.1 "电话铃响三声内，在线消息10秒内响应", from queue times or,
for a chat without them, from the conversation itself."""

from __future__ import annotations

import json


def _run(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30 18:00",
                   "--select", "response.live-answer", *extra)
    assert run.code in (0, 1), run.err
    return run


def _status(run):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == "response.live-answer")


def test_002_2_1_queue_times(svccheck, write):
    path = write("calls.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,channel,offered_at,answered_at
        C1,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,chat,2025-10-09 09:00:00,2025-10-09 09:00:10
        C2,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,chat,2025-10-09 09:00:00,2025-10-09 09:00:11
        C3,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,phone,2025-10-09 09:00:00,2025-10-09 09:00:15
        C4,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,phone,2025-10-09 09:00:00,2025-10-09 09:00:16
        C5,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,email,2025-10-09 09:00:00,2025-10-09 12:00:00
        C6,C,consultation,x,normal,closed,2025-10-09 09:00,amy,phone,2025-10-09 09:00:00,
    """)
    # C1 chat 10 s ok, C2 11 s over, C3 phone 15 s ok, C4 16 s over, C5 e-mail is not live,
    # C6 abandoned (kpi.abandonment-rate's concern, not measured here)
    run = _run(svccheck, path)
    found = run.findings("response.live-answer")
    assert [(f["ticket"], f["severity"]) for f in found] == [("C2", "warning"), ("C4", "warning")]
    assert found[1]["message"] == (
        "phone answered after 16s, over the 15s (calendar time, Asia/Shanghai) target")
    assert (_status(run)["status"], _status(run)["checked"]) == ("failed", 4)


def _chat(tid, messages, channel="chat"):
    return {"id": tid, "customer_id": "C", "category": "consultation", "description": "x",
            "priority": "normal", "status": "resolved", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy", "channel": channel, "resolved_at": "2025-10-09 09:10:00",
            "messages": messages}


def msg(at, role, public=True):
    return {"at": at, "role": role, "public": public, "text": "..."}


CHATS = [
    _chat("L1", [msg("2025-10-09 09:00:00", "customer"),      # answered in 10 s: ok
                 msg("2025-10-09 09:00:10", "agent")]),
    _chat("L2", [msg("2025-10-09 09:00:00", "customer"),      # the bot's instant line does
                 msg("2025-10-09 09:00:01", "bot"),           # not answer for the company;
                 msg("2025-10-09 09:00:02", "agent", False),  # nor an internal note: 11 s
                 msg("2025-10-09 09:00:11", "agent")]),
    _chat("L3", [msg("2025-10-09 08:59:00", "agent"),         # a proactive greeting before
                 msg("2025-10-09 09:00:00", "customer"),      # the customer wrote does not
                 msg("2025-10-09 09:00:30", "agent")]),       # answer them: 30 s
    _chat("L4", [msg("2025-10-09 09:00:00", "customer")]),    # never answered: skipped
    _chat("L5", [msg("2025-10-09 09:00:00", "customer"),      # e-mail: not live
                 msg("2025-10-09 11:00:00", "agent")], channel="email"),
    _chat("L6", [msg("2025-10-09 09:00:00", "customer"),      # a phone call leaves no queue
                 msg("2025-10-09 09:01:00", "agent")], channel="phone"),  # times: skipped
]


def test_002_2_1_chat_from_the_customers_first_message(svccheck, write):
    path = write("chats.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in CHATS))
    run = _run(svccheck, path)
    found = {f["ticket"]: f["message"] for f in run.findings("response.live-answer")}
    assert sorted(found) == ["L2", "L3"]
    assert found["L2"] == (
        "chat answered after 11s, over the 10s (calendar time, Asia/Shanghai) target")
    assert found["L3"].startswith("chat answered after 30s")
    rule = _status(run)
    assert (rule["checked"], rule["skipped"]) == (
        3, {"no public agent message": 1, "no offered_at/answered_at": 1})
    zh = _run(svccheck, path, "--lang", "zh")
    assert zh.findings()[0]["message"] == "chat接起用时11秒，超过目标 10秒 (自然时间, Asia/Shanghai)"


def test_live_answer_not_evaluated_without_queue_times_or_messages(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,channel
        X1,C,problem,x,normal,open,2025-10-09 09:00,amy,chat
    """)
    rule = _status(_run(svccheck, path))
    assert rule["status"] == "not_evaluated"
    assert rule["reason"] == "export has neither offered_at/answered_at nor messages"
