"""The response.* rules, each one second inside and one second over its target.

Calendar: cn-baseline (Asia/Shanghai, Mon-Fri 09:00-18:00, CN holidays and
make-up workdays). 2025-10-09 is a Thursday; 2025-10-17 a Friday.
"""

from __future__ import annotations

import json

AS_OF = "2025-11-30 18:00"
HEADER = "id,customer_id,category,description,priority,status,created_at,first_response_at,assignee,due_at,resolved_at,resolution"


def _run(svccheck, path, *extra, rule=None):
    args = ["check", path, "--format", "json", "--as-of", AS_OF, *extra]
    if rule:
        args += ["--select", rule]
    run = svccheck(*args)
    assert run.code in (0, 1), run.err
    return run


def _csv(write, rows: str, name="t.csv"):
    body = [HEADER] + [r.split("  #", 1)[0].rstrip() for r in rows.strip().splitlines()]
    return write(name, "\n".join(body) + "\n")


def test_first_reply_boundaries_per_priority_and_clock(svccheck, write):
    path = _csv(write, """
N1,C,problem,x,normal,open,2025-10-09 09:00:00,2025-10-09 11:00:00,amy,,,  # exactly 2 working hours: ok
N2,C,problem,x,normal,open,2025-10-09 09:00:00,2025-10-09 11:00:01,amy,,,  # 2 h 1 s: over
N3,C,problem,x,normal,open,2025-10-09 17:00:00,2025-10-10 10:00:00,amy,,,  # overnight = 2 working hours: ok
N4,C,problem,x,normal,open,2025-09-30 17:00:00,2025-10-09 10:00:01,amy,,,  # across 国庆: 2 h 1 s: over
U1,C,complaint,x,urgent,open,2025-10-09 23:50:00,2025-10-10 00:20:00,amy,,,  # 30 calendar minutes: ok
U2,C,complaint,x,urgent,open,2025-10-09 23:50:00,2025-10-10 00:20:01,amy,,,  # 30 min 1 s: over
L1,C,problem,x,low,open,2025-10-17 17:00:00,2025-10-20 16:00:00,amy,,,  # Fri 1 h + Mon 7 h = 8 h: ok
L2,C,problem,x,low,open,2025-10-17 17:00:00,2025-10-20 16:00:01,amy,,,  # 8 h 1 s: over
""")
    run = _run(svccheck, path, rule="response.first-reply")
    found = run.findings("response.first-reply")
    assert [f["ticket"] for f in found] == ["N2", "N4", "U2", "L2"]
    assert found[0]["message"] == (
        "first response took 2h 1s, over the 2h (working time, Asia/Shanghai) target")
    assert found[2]["message"] == (
        "first response took 30m 1s, over the 30 min (calendar time, Asia/Shanghai) target")
    zh = _run(svccheck, path, "--lang", "zh", rule="response.first-reply")
    assert zh.findings()[0]["message"] == (
        "首次响应用时 2小时1秒，超过目标 2小时 (工作时间, Asia/Shanghai)")


def test_first_reply_still_unanswered_at_as_of(svccheck, write):
    path = _csv(write, """
P1,C,problem,x,normal,open,2025-11-28 16:00:00,,amy,,,  # Fri 2 h + Mon... as-of is Sunday: 2 h: ok
P2,C,problem,x,normal,open,2025-11-28 15:59:59,,amy,,,  # 2 h 1 s by --as-of: over
""")
    run = _run(svccheck, path, rule="response.first-reply")
    found = run.findings("response.first-reply")
    assert [f["ticket"] for f in found] == ["P2"]
    assert found[0]["message"].startswith("no first response by --as-of after 2h 1s")


def test_first_reply_outside_hours_target(svccheck, write):
    standard = write("std.yaml", """
        id: evening
        title: Evening
        version: "1"
        extends: cn-baseline
        rules:
          response.first-reply:
            params:
              outside_hours:
                normal: {hours: 12, clock: calendar}
    """)
    path = _csv(write, """
E1,C,problem,x,normal,open,2025-10-09 20:00:00,2025-10-10 08:00:00,amy,,,  # outside hours: 12 calendar hours: ok
E2,C,problem,x,normal,open,2025-10-09 20:00:00,2025-10-10 08:00:01,amy,,,  # 12 h 1 s: over
E3,C,problem,x,normal,open,2025-10-09 10:00:00,2025-10-09 12:00:01,amy,,,  # inside hours: 2 working hours apply: over
""")
    run = _run(svccheck, path, "--standard", standard, rule="response.first-reply")
    assert run.tickets("response.first-reply") == ["E2", "E3"]


def test_first_reply_from_messages_ignores_notes_and_bots(svccheck, write):
    def ticket(tid, reply_at):
        return {
            "id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy",
            "messages": [
                {"at": "2025-10-09 09:00:00", "role": "customer", "text": "app crashes"},
                {"at": "2025-10-09 09:00:05", "role": "bot", "text": "您好，我是智能助手"},
                {"at": "2025-10-09 09:01:00", "role": "agent", "public": False, "text": "note"},
                {"at": reply_at, "role": "agent", "text": "您好，这里是客服中心"},
            ],
        }
    lines = [ticket("M1", "2025-10-09 11:00:00"),  # the public agent reply at 2 h: ok
             ticket("M2", "2025-10-09 11:00:01")]  # 2 h 1 s: over (bot and note don't count)
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in lines))
    run = _run(svccheck, path, rule="response.first-reply")
    assert run.tickets("response.first-reply") == ["M2"]


def test_resolution_due(svccheck, write):
    path = _csv(write, """
D1,C,problem,x,normal,resolved,2025-10-09 09:00,,amy,2025-10-10 18:00:00,2025-10-10 18:00:00,done  # on time
D2,C,problem,x,normal,resolved,2025-10-09 09:00,,amy,2025-10-10 18:00:00,2025-10-10 18:00:01,done  # 1 s late
D3,C,problem,x,normal,in_progress,2025-11-20 09:00,,amy,2025-11-30 17:00:00,,  # open, overdue at as-of
D4,C,problem,x,normal,in_progress,2025-11-20 09:00,,amy,2025-12-01 09:00:00,,  # open, not yet due
""")
    run = _run(svccheck, path, rule="response.resolution-due")
    found = run.findings("response.resolution-due")
    assert [f["ticket"] for f in found] == ["D2", "D3"]
    assert found[0]["message"] == "promised by 2025-10-10 18:00, resolved 1s late"
    assert found[1]["message"] == "promised by 2025-11-30 17:00, still open 1h later"


def test_urgent_resolution(svccheck, write):
    path = _csv(write, """
R1,C,complaint,x,urgent,resolved,2025-10-09 09:00:00,,amy,,2025-10-09 13:00:00,done  # 4 h: ok
R2,C,complaint,x,urgent,resolved,2025-10-09 09:00:00,,amy,,2025-10-09 13:00:01,done  # 4 h 1 s: over
R3,C,complaint,x,urgent,in_progress,2025-11-30 13:00:00,,amy,,,  # open 5 h at as-of: over
R4,C,complaint,x,normal,resolved,2025-10-09 09:00:00,,amy,,2025-10-10 13:00:01,done  # not urgent
""")
    run = _run(svccheck, path, rule="response.urgent-resolution")
    assert run.tickets("response.urgent-resolution") == ["R2", "R3"]


def _conversation(tid: str, events: list[dict]) -> dict:
    return {"id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "low", "status": "in_progress", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy", "events": events}


def msg(at, role, public=True, kind="message", text="...", assignee=None):
    event = {"at": at, "role": role, "public": public, "kind": kind, "text": text}
    if assignee:
        event["assignee"] = assignee
    return event


def test_progress_update(svccheck, write):
    tickets = [
        _conversation("G1", [msg("2025-10-09 09:00:00", "customer"),   # answered at 24 h: ok
                             msg("2025-10-10 09:00:00", "agent")]),
        _conversation("G2", [msg("2025-10-09 09:00:00", "customer"),   # answered at 24 h 1 s: over
                             msg("2025-10-10 09:00:01", "agent")]),
        _conversation("G3", [msg("2025-10-09 09:00:00", "customer"),   # oldest unanswered anchors
                             msg("2025-10-09 20:00:00", "customer"),   # (does not restart)
                             msg("2025-10-10 09:00:01", "agent")]),
        _conversation("G4", [msg("2025-10-09 09:00:00", "customer"),   # 2 h paused: 23 h: ok
                             msg("2025-10-09 10:00:00", "system", kind="status", text="pending"),
                             msg("2025-10-09 12:00:00", "system", kind="status", text="in_progress"),
                             msg("2025-10-10 10:00:00", "agent")]),
        _conversation("G5", [msg("2025-10-09 09:00:00", "agent"),      # hand-off unanswered 25 h
                             msg("2025-10-10 09:00:00", "system", kind="handoff"),
                             msg("2025-10-11 10:00:00", "agent", public=False)]),
        _conversation("G6", [msg("2025-11-29 17:00:00", "customer")]),  # unanswered 25 h at as-of
        _conversation("G7", [msg("2025-10-09 09:00:00", "agent", assignee="amy"),  # reassigned to
                             msg("2025-10-10 09:00:00", "system", kind="status",   # bob, no word
                                 text="in_progress", assignee="bob"),              # for 25 h: over
                             msg("2025-10-11 10:00:00", "agent", assignee="bob")]),
        _conversation("G8", [msg("2025-10-09 09:00:00", "agent", assignee="amy"),  # reassigned,
                             msg("2025-10-10 09:00:00", "system", kind="status",   # answered 1 h
                                 text="in_progress", assignee="bob"),              # later: ok
                             msg("2025-10-10 10:00:00", "agent", assignee="bob")]),
        _conversation("G10", [msg("2025-10-09 09:00:00", "customer"),  # reply logged in the
                              msg("2025-10-09 09:00:00", "agent")]),   # same second: answered
        _conversation("G9", [msg("2025-10-09 09:00:00", "system", kind="status",   # first
                                 text="open", assignee="amy"),                     # assignment is
                             msg("2025-10-11 09:00:00", "agent", assignee="amy")]),  # no hand-off
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t) for t in tickets))
    run = _run(svccheck, path, rule="response.progress-update")
    found = run.findings("response.progress-update")
    assert [f["ticket"] for f in found] == ["G2", "G3", "G5", "G6", "G7"]
    assert found[2]["message"].startswith("hand-off of 2025-10-10 09:00:00 unanswered for 51d")
    assert found[4]["message"].startswith("hand-off of 2025-10-10 09:00:00 answered after 1d 1h")
    assert found[1]["message"] == ("customer message of 2025-10-09 09:00:00 answered after "
                                   "1d 1s, over the 24h (calendar time, Asia/Shanghai) target")
    assert "unanswered for 1d 1h" in found[3]["message"]


def test_progress_update_not_evaluated_without_messages(svccheck, write):
    path = _csv(write, "X1,C,problem,x,normal,open,2025-10-09 09:00,,amy,,,")
    rules = {r["rule"]: r for r in _run(svccheck, path).report["summary"]["rules"]}
    assert rules["response.progress-update"]["evaluated"] is False
    assert rules["response.live-answer"]["reason"] == "export has no offered_at, answered_at, channel"


def test_live_answer(svccheck, write):
    path = write("calls.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,channel,offered_at,answered_at
        C1,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,chat,2025-10-09 09:00:00,2025-10-09 09:00:10
        C2,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,chat,2025-10-09 09:00:00,2025-10-09 09:00:11
        C3,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,phone,2025-10-09 09:00:00,2025-10-09 09:00:15
        C4,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,phone,2025-10-09 09:00:00,2025-10-09 09:00:16
        C5,C,consultation,x,normal,resolved,2025-10-09 09:00,amy,email,2025-10-09 09:00:00,2025-10-09 12:00:00
    """)
    # C1 chat 10 s ok, C2 11 s over, C3 phone 15 s ok, C4 16 s over, C5 e-mail not live
    run = _run(svccheck, path, rule="response.live-answer")
    found = run.findings("response.live-answer")
    assert [(f["ticket"], f["severity"]) for f in found] == [("C2", "warning"), ("C4", "warning")]
    assert found[1]["message"] == (
        "phone answered after 16s, over the 15s (calendar time, Asia/Shanghai) target")


def test_calendar_warning_for_a_year_without_make_up_days(svccheck, write):
    path = _csv(write, "F1,C,problem,x,normal,open,2027-03-01 09:00,2027-03-01 09:30,amy,,,")
    run = svccheck("check", path, "--format", "json", "--as-of", "2027-03-02")
    assert any("CN 2027" in w for w in run.report["warnings"])
    text = svccheck("check", path, "--as-of", "2027-03-02")
    assert "warning: calendar: the holidays data (holidays " in text.out


def test_resolution_time_per_category(svccheck, write):
    standard = write("shop.yaml", """
        id: shop
        title: Shop
        version: "1"
        extends: cn-baseline
        rules:
          response.resolution-time:
            params:
              targets:
                after_sales: {hours: 48, clock: calendar}
    """)
    path = _csv(write, """
T1,C,after_sales,退货,normal,resolved,2025-10-09 09:00:00,,amy,,2025-10-11 09:00:00,已退款  # 48 h: ok
T2,C,after_sales,换货,normal,resolved,2025-10-09 09:00:00,,amy,,2025-10-11 09:00:01,已换货  # 48 h 1 s
T3,C,after_sales,退货,normal,in_progress,2025-11-27 09:00:00,,amy,,,  # open 3 days at as-of
T4,C,problem,x,normal,resolved,2025-10-09 09:00:00,,amy,,2025-10-19 09:00:00,ok  # not after-sales
""")
    run = _run(svccheck, path, "--standard", standard, rule="response.resolution-time")
    found = run.findings("response.resolution-time")
    assert [f["ticket"] for f in found] == ["T2", "T3"]
    assert found[0]["message"] == (
        "after_sales ticket took 2d 1s to resolve, over the 48h (calendar time, Asia/Shanghai) "
        "target")
