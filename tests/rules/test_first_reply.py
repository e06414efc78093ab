"""response.first-reply and response.first-reply-off-hours: the first answer, against
every promise that applies (000 二.二 1: 工作时间X小时内 / 非工作时间Y小时内).

Calendar: cn-baseline (Asia/Shanghai, Mon-Fri 09:00-18:00, CN holidays and
make-up workdays). 2025-10-09 is a Thursday, the first working day after
国庆 (10-01..08); 2025-10-17 a Friday.
"""

from __future__ import annotations

import json

import pytest

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


def _status(run, rule):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


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
        "first response took 2h 1s of working time, over the 2h (working time, Asia/Shanghai) "
        "target for normal priority; due by 2025-10-09 11:00")
    # the deadline of a working-hours target skips the holiday: 09-30 17:00 + 1 h, then 10-09
    assert found[1]["message"].endswith("due by 2025-10-09 10:00")
    assert found[2]["message"] == (
        "first response took 30m 1s, over the 30 min (calendar time, Asia/Shanghai) target "
        "for urgent priority; due by 2025-10-10 00:20")
    assert found[3]["message"].startswith("first response took 8h 1s of working time")
    assert _status(run, "response.first-reply")["status"] == "failed"
    zh = _run(svccheck, path, "--lang", "zh", rule="response.first-reply")
    assert zh.findings()[0]["message"] == (
        "首次响应用时工作时间2小时1秒，超过紧急程度 normal 的目标 2小时 (工作时间, Asia/Shanghai)，"
        "应于 2025-10-09 11:00 前响应")


def test_first_reply_working_durations_never_show_days_of_24_hours(svccheck, write):
    # Mon 09:00 → Wed 17:05 is 9 + 9 + 8 h 5 m = 26 h 5 m of working time (three days of
    # the calendar): shown as working hours, never as "1天2小时5分"
    path = _csv(write, """
W1,C,problem,x,low,open,2025-10-13 09:00:00,2025-10-15 17:05:00,amy,,,  # 26 h 5 m of working time
""")
    run = _run(svccheck, path, "--lang", "zh", rule="response.first-reply")
    assert run.findings()[0]["message"].startswith("首次响应用时工作时间26小时5分，")
    en = _run(svccheck, path, rule="response.first-reply")
    assert en.findings()[0]["message"].startswith("first response took 26h 5m of working time,")


def test_first_reply_still_unanswered_at_as_of(svccheck, write):
    path = _csv(write, """
P1,C,problem,x,normal,open,2025-11-28 16:00:00,,amy,,,  # Fri 2 h + Mon... as-of is Sunday: 2 h: ok
P2,C,problem,x,normal,open,2025-11-28 15:59:59,,amy,,,  # 2 h 1 s by --as-of: over
""")
    run = _run(svccheck, path, rule="response.first-reply")
    found = run.findings("response.first-reply")
    assert [f["ticket"] for f in found] == ["P2"]
    assert found[0]["message"].startswith(
        "no first response by --as-of after 2h 1s of working time, over the 2h")


# -- item 1: every applicable target applies (000 二.二 1-2 with 001 4.1 / 003 电商 7.2) ------

AFTER_SALES = """
S1,C,after_sales,洗衣机漏水,urgent,resolved,2025-10-09 09:00:00,2025-10-09 14:00:00,amy,,2025-10-09 15:00:00,已上门  # urgent 售后 answered after 5 h
S2,C,after_sales,耳机无声,urgent,resolved,2025-10-09 09:00:00,2025-10-10 08:00:00,amy,,2025-10-10 09:00:00,已换新  # ... after 23 h
S3,C,after_sales,换货,urgent,resolved,2025-10-09 09:00:00,2025-10-09 09:25:00,amy,,2025-10-09 12:00:00,已换新  # in 25 min: clean
S4,C,after_sales,退货,normal,resolved,2025-10-09 09:00:00,2025-10-10 10:00:00,amy,,2025-10-10 12:00:00,已退款  # 25 calendar hours: both targets broken
"""


@pytest.mark.parametrize("standard", ["after-sales", "ecommerce"])
def test_000_2_2_1_category_target_never_relaxes_the_urgent_one(svccheck, write, standard):
    path = _csv(write, AFTER_SALES)
    run = _run(svccheck, path, "--standard", standard, rule="response.first-reply")
    found = {f["ticket"]: f["message"] for f in run.findings("response.first-reply")}
    assert sorted(found) == ["S1", "S2", "S4"]
    # the target it broke, and the earliest deadline
    assert found["S1"] == (
        "first response took 5h, over the 30 min (calendar time, Asia/Shanghai) target for "
        "urgent priority; due by 2025-10-09 09:30")
    assert found["S2"].startswith("first response took 23h, over the 30 min")
    # S4 broke both its priority's 2 working hours (due 11:00) and the category's 24 h
    # (due 10-10 09:00): the finding names the one due first
    assert found["S4"].endswith("target for normal priority; due by 2025-10-09 11:00")


def test_000_2_2_1_the_kpi_measures_every_target_the_rule_does(svccheck, write):
    rows = [f"K{i},C,after_sales,x,urgent,resolved,2025-10-09 09:00:00,2025-10-09 14:00:00,amy,,"
            f"2025-10-09 15:00:00,ok" for i in range(10)]
    path = write("t.csv", "\n".join([HEADER, *rows]) + "\n")
    run = _run(svccheck, path, "--standard", "after-sales", rule="kpi.first-reply-attainment")
    found = run.findings("kpi.first-reply-attainment")
    assert [f["evidence"] for f in found] == ["0.0%", "0.0%"]  # overall, assignee amy


# -- item 2: Y is checked (000 二.二 1 非工作时间Y小时内) ---------------------------------

NATIONAL_DAY = """
Y1,C,problem,x,normal,resolved,2025-09-30 18:05:00,2025-10-09 10:59:00,amy,,2025-10-09 12:00:00,ok  # after closing before 国庆: X met (1 h 59 m), Y broken
Y2,C,problem,x,normal,resolved,2025-10-09 20:00:00,2025-10-10 08:00:00,amy,,2025-10-10 09:00:00,ok  # evening: 12 calendar hours exactly: ok
Y3,C,problem,x,normal,resolved,2025-10-09 20:00:00,2025-10-10 08:00:01,amy,,2025-10-10 09:00:00,ok  # 12 h 1 s: Y broken, X met
Y4,C,problem,x,normal,resolved,2025-10-09 10:00:00,2025-10-09 12:00:01,amy,,2025-10-09 13:00:00,ok  # inside hours: only X applies, broken
"""


def test_000_2_2_1_off_hours_request_answered_within_y(svccheck, write):
    path = _csv(write, NATIONAL_DAY)
    run = _run(svccheck, path)
    assert run.tickets("response.first-reply") == ["Y4"]
    off = run.findings("response.first-reply-off-hours")
    assert [(f["ticket"], f["severity"]) for f in off] == [("Y1", "warning"), ("Y3", "warning")]
    assert off[0]["message"] == (
        "received outside working hours (2025-09-30 18:05); first response took 8d 16h 54m, "
        "over the 12h (calendar time, Asia/Shanghai) target; due by 2025-10-01 06:05")
    assert off[0]["clause"] == "000 二.二 1 (非工作时间Y小时内予以初步响应)"
    rule = _status(run, "response.first-reply-off-hours")
    assert rule["checked"] == 3  # Y1-Y3 were received outside working hours; Y4 is not in scope
    assert run.code == 1  # Y4's X breach is an error; Y alone would be a warning
    # contact-center holds Y as an error
    center = _run(svccheck, path, "--standard", "contact-center",
                  rule="response.first-reply-off-hours")
    assert {f["severity"] for f in center.findings()} == {"error"}
    zh = _run(svccheck, path, "--lang", "zh", rule="response.first-reply-off-hours")
    assert zh.findings()[0]["message"] == (
        "非工作时间 2025-09-30 18:05 受理，首次响应用时8天16小时54分，超过目标 12小时 "
        "(自然时间, Asia/Shanghai)，应于 2025-10-01 06:05 前响应")


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


def test_first_reply_skips_what_it_cannot_measure(svccheck, write):
    lines = [
        {"id": "R1", "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00",
         "messages": [{"at": "2025-10-09 09:30", "role": "agent", "text": "您好"}]},  # judged
        {"id": "R2", "priority": "P2", "status": "open", "created_at": "2025-10-09 09:00",
         "messages": []},  # no target for P2
        {"id": "R3", "priority": "normal", "status": "open", "created_at": "yesterday",
         "messages": []},  # unreadable time
        {"id": "R4", "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00",
         "messages": [{"at": "2025-10-09 09:30", "text": "您好"}]},  # who wrote it?
        {"id": "R5", "priority": "normal", "status": "resolved", "created_at": "2025-10-09 09:00",
         "messages": []},  # resolved, but when?
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in lines))
    run = _run(svccheck, path, "--profile", "generic", rule="response.first-reply")
    rule = _status(run, "response.first-reply")
    assert rule["status"] == "partial"
    assert (rule["checked"], rule["skipped"]) == (1, {
        "priority 'P2' has no target": 1, "created_at unreadable": 1,
        "no role for message authors": 1, "resolved without resolved_at": 1})


# -- item 5: targets in working days (002 2.3 "预计在X个工作日内给您回复") ---------------------

WORKING_DAYS = """
D1,C,problem,x,normal,open,2025-10-13 10:00:00,2025-10-16 18:00:00,amy,,,  # Mon: the 3rd working day after is Thu; at its close: ok
D2,C,problem,x,normal,open,2025-10-13 10:00:00,2025-10-17 09:00:01,amy,,,  # Fri 09:00:01, once work resumed: late
D3,C,problem,x,normal,open,2025-10-10 19:00:00,2025-10-15 18:00:00,amy,,,  # Fri after closing: make-up Sat 10-11 starts; Mon, Tue, Wed: ok
D4,C,problem,x,normal,open,2025-09-30 12:00:00,2025-10-13 17:00:00,amy,,,  # 国庆 between: 10-09, 10-10, make-up Sat 10-11 at close: late
"""


def test_002_2_3_reply_within_working_days(svccheck, write):
    standard = write("days.yaml", """
        id: days
        title: Days
        version: "1"
        extends: cn-baseline
        rules:
          response.first-reply:
            params:
              targets:
                normal: {working_days: 3}
    """)
    path = _csv(write, WORKING_DAYS)
    run = _run(svccheck, path, "--standard", standard, rule="response.first-reply")
    found = {f["ticket"]: f["message"] for f in run.findings()}
    assert sorted(found) == ["D2", "D4"]
    assert found["D2"] == (
        "first response took 35h 1s of working time, over the 3 working days (working time, "
        "Asia/Shanghai) target for normal priority; due by 2025-10-16 18:00")
    assert found["D4"].endswith("due by 2025-10-11 18:00")
    zh = _run(svccheck, path, "--standard", standard, "--lang", "zh", rule="response.first-reply")
    assert zh.findings()[0]["message"].startswith(
        "首次响应用时工作时间35小时1秒，超过紧急程度 normal 的目标 3个工作日 (工作时间, Asia/Shanghai)")


def test_days_on_the_working_clock_are_refused_with_the_spelling_to_use(svccheck, write):
    standard = write("bad.yaml", """
        id: bad
        title: Bad
        version: "1"
        extends: cn-baseline
        rules:
          response.first-reply:
            params:
              targets:
                normal: {days: 3, clock: working}
    """)
    path = _csv(write, "X1,C,problem,x,normal,open,2025-10-13 10:00,,amy,,,")
    run = svccheck("check", path, "--standard", standard)
    assert run.code == 2
    assert "bad.yaml:" in run.err
    assert "write {working_days: N} for working days" in run.err
