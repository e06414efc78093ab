"""response.handoff-feedback (004 二.3 "需24小时内反馈处理进度") and response.progress-update
(000 一(三) 过程透明): one verdict per wait.

Calendar: cn-baseline (Asia/Shanghai). 2025-10-09 is a Thursday; 2025-10-17 a Friday.
"""

from __future__ import annotations

import json

AS_OF = "2025-11-30 18:00"


def _run(svccheck, path, *extra, rule=None):
    args = ["check", path, "--format", "json", "--as-of", AS_OF, *extra]
    if rule:
        args += ["--select", rule]
    run = svccheck(*args)
    assert run.code in (0, 1), run.err
    return run


def _status(run, rule):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


def _ticket(tid: str, events: list[dict], **fields) -> dict:
    base = {"id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "low", "status": "in_progress", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy", "events": events}
    return {**base, **fields}


def ev(at, role, kind="message", public=True, assignee=None, author=None, text="..."):
    event = {"at": at, "role": role, "kind": kind, "public": public, "text": text}
    if assignee:
        event["assignee"] = assignee
    if author:
        event["author"] = author
    return event


def _jsonl(write, tickets):
    return write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))


# -- response.handoff-feedback: 004 二.3 -------------------------------------------------

HANDOFFS = [
    # handed to 技术支持 at 10:00; their internal note 5 h later is the progress: ok
    _ticket("H1", [ev("2025-10-09 09:10:00", "agent", assignee="amy", author="amy"),
                   ev("2025-10-09 10:00:00", "system", kind="status", text="in_progress",
                      assignee="技术支持"),
                   ev("2025-10-09 15:00:00", "agent", kind="note", public=False,
                      author="tech-li", text="已定位为支付回调超时，修复中")]),
    # a hand-off event and nothing since: open at --as-of
    _ticket("H2", [ev("2025-11-28 17:00:00", "system", kind="handoff", text="转 技术支持C")]),
    # the sender's own note does not count; the receiver's reply comes after 25 h
    _ticket("H3", [ev("2025-10-09 09:10:00", "agent", assignee="amy", author="amy"),
                   ev("2025-10-09 10:00:00", "system", kind="status", text="in_progress",
                      assignee="技术支持"),
                   ev("2025-10-09 11:00:00", "agent", kind="note", public=False,
                      author="amy", text="已转技术支持"),
                   ev("2025-10-10 11:00:00", "agent", author="tech-li", text="您好，进展如下")]),
    # handed on 30 h later without a word
    _ticket("H4", [ev("2025-10-09 09:10:00", "agent", assignee="amy"),
                   ev("2025-10-09 10:00:00", "system", kind="status", assignee="售后专员D"),
                   ev("2025-10-10 16:00:00", "system", kind="status", assignee="客服主管B"),
                   ev("2025-10-10 17:00:00", "supervisor", kind="note", public=False)]),
    # the first assignment is no hand-off
    _ticket("H5", [ev("2025-10-09 09:00:00", "system", kind="status", assignee="amy"),
                   ev("2025-10-11 09:00:00", "agent", assignee="amy")]),
    # solved by the receiving team within 24 h without a note: ok
    _ticket("H6", [ev("2025-10-09 10:00:00", "system", kind="handoff")],
            status="resolved", resolved_at="2025-10-10 06:00:00"),
]


def test_004_2_3_receiving_team_records_progress_within_24_hours(svccheck, write):
    run = _run(svccheck, _jsonl(write, HANDOFFS), rule="response.handoff-feedback")
    found = {f["ticket"]: f["message"] for f in run.findings()}
    assert sorted(found) == ["H2", "H3", "H4"]
    assert found["H2"] == ("hand-off of 2025-11-28 17:00:00: no progress recorded for 2d 1h "
                           "by --as-of, over the 24h (calendar time, Asia/Shanghai) target")
    assert found["H3"] == ("hand-off of 2025-10-09 10:00:00: progress first recorded after "
                           "1d 1h, over the 24h (calendar time, Asia/Shanghai) target")
    assert found["H4"].startswith("hand-off of 2025-10-09 10:00:00: no progress recorded "
                                  "before it was handed on 1d 6h later")
    rule = _status(run, "response.handoff-feedback")
    assert rule["checked"] == 5  # every ticket with a hand-off; H5 has none
    zh = _run(svccheck, _jsonl(write, HANDOFFS), "--lang", "zh", rule="response.handoff-feedback")
    assert zh.findings()[1]["message"] == (
        "2025-10-09 10:00:00 转交后，接收方1天1小时后才记录处理进度，超过目标 24小时 "
        "(自然时间, Asia/Shanghai)")


# -- response.progress-update: 000 一(三) ------------------------------------------------

UPDATES = [
    # an update every 24 h, then resolved: ok
    _ticket("G1", [ev("2025-10-09 10:00:00", "agent"), ev("2025-10-10 10:00:00", "agent")],
            status="resolved", resolved_at="2025-10-10 11:00:00"),
    # silent for 4.5 days after the first reply, then resolved
    _ticket("G2", [ev("2025-10-09 10:00:00", "agent")],
            status="resolved", resolved_at="2025-10-13 22:00:00"),
    # Fri 18:05 → Mon 10:00 is a wait for the first reply: response.first-reply's alone
    _ticket("G3", [ev("2025-10-17 18:05:00", "customer"), ev("2025-10-20 10:00:00", "agent")],
            created_at="2025-10-17 18:05:00", status="resolved",
            resolved_at="2025-10-20 11:00:00"),
    # 29 h between updates, 26 of them waiting on the customer: ok
    _ticket("G4", [ev("2025-10-09 10:00:00", "agent"),
                   ev("2025-10-09 12:00:00", "system", kind="status", text="pending"),
                   ev("2025-10-10 14:00:00", "system", kind="status", text="in_progress"),
                   ev("2025-10-10 15:00:00", "agent")],
            status="resolved", resolved_at="2025-10-10 16:00:00"),
    # still open, last update 2 days 8 hours before --as-of
    _ticket("G5", [ev("2025-11-28 10:00:00", "agent")]),
    # a customer's question does not restart the clock: agent updates are 24 h 1 s apart
    _ticket("G6", [ev("2025-10-09 10:00:00", "agent"), ev("2025-10-09 11:00:00", "customer"),
                   ev("2025-10-10 10:00:01", "agent")],
            status="resolved", resolved_at="2025-10-10 11:00:00"),
    # an internal note is not news to the customer
    _ticket("G7", [ev("2025-10-09 10:00:00", "agent"),
                   ev("2025-10-10 09:00:00", "agent", kind="note", public=False)],
            status="resolved", resolved_at="2025-10-10 12:00:00"),
    # no agent ever wrote: nothing to measure from (skipped)
    _ticket("G8", [ev("2025-10-09 09:00:00", "customer")]),
]


def test_000_1_3_no_gap_between_updates_over_24_hours(svccheck, write):
    run = _run(svccheck, _jsonl(write, UPDATES))
    found = {f["ticket"]: f["message"] for f in run.findings("response.progress-update")}
    assert sorted(found) == ["G2", "G5", "G6", "G7"]
    assert found["G2"] == ("no progress update for 4d 12h between the update of "
                           "2025-10-09 10:00:00 and resolution, over the 24h (calendar time, "
                           "Asia/Shanghai) target")
    assert found["G5"] == ("no progress update since 2025-11-28 10:00:00: 2d 8h by --as-of, "
                           "over the 24h (calendar time, Asia/Shanghai) target")
    assert found["G6"].startswith("no progress update for 1d 1s after the update of "
                                  "2025-10-09 10:00:00")
    # G3's weekend wait is the first reply's: 1 working hour, within X (the off-hours
    # promise Y is a separate commitment, judged by response.first-reply-off-hours)
    assert "G3" not in run.tickets("response.first-reply")
    assert "G3" in run.tickets("response.first-reply-off-hours")
    rule = _status(run, "response.progress-update")
    assert (rule["checked"], rule["skipped"]) == (7, {"no public agent message": 1})


def test_progress_update_shows_the_paused_time_it_left_out(svccheck, write):
    ticket = _ticket("W1", [ev("2025-10-09 10:00:00", "agent"),
                            ev("2025-10-09 12:00:00", "system", kind="status", text="pending"),
                            ev("2025-10-09 14:00:00", "system", kind="status", text="open"),
                            ev("2025-10-10 12:00:01", "agent")])
    run = _run(svccheck, _jsonl(write, [ticket]), rule="response.progress-update")
    assert run.findings()[0]["message"] == (
        "no progress update for 1d 1s after the update of 2025-10-09 10:00:00, over the 24h "
        "(calendar time, Asia/Shanghai) target (2h waiting on the customer not counted)")


def test_events_without_times_leave_the_event_rules_not_evaluated(svccheck, write):
    # --profile generic with an events file whose time column is not mapped (`time`, not `at`)
    tickets = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,channel
        E1,C,problem,x,normal,open,2025-10-09 09:00,amy,chat
    """)
    events = write("e.csv", """
        ticket_id,time,role,kind,text
        E1,2025-10-09 10:00,agent,message,您好
        E1,2025-10-09 11:00,system,handoff,转技术支持
    """)
    run = svccheck("check", tickets, "--events", events, "--profile", "generic", "--format",
                   "json", "--as-of", AS_OF)
    assert run.code in (0, 1), run.err
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    for rule in ("response.progress-update", "response.handoff-feedback",
                 "response.first-reply", "response.live-answer"):
        assert rules[rule]["status"] == "not_evaluated", rule
        assert rules[rule]["reason"].startswith("events have no at"), rule
