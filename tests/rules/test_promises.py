"""response.kept-promise: the promises agents write, held to their own time."""

from __future__ import annotations

import json

RULE = "response.kept-promise"

#: Seed 004 三 服务响应记录模板, its three rows as the template prints them
#: (times run together: 2023-10-0311:20). Row 3 is on a ticket still 处理中 and
#: its 处理结果 says "协调排班优化，承诺2小时内回电": due 2023-10-03 13:20.
TEMPLATE = """\
客户编号,联系方式(隐藏后四位),诉求类型,问题描述(简述),紧急程度,处理状态,受理时间,负责人,预计完成时间,实际完成时间,处理结果(简述),客户满意度(1-5分),备注
5678,5678,问题反馈,APP下单后支付页面无法跳转,紧急,已解决,2023-10-0114:30,客服专员A,2023-10-0117:00,2023-10-0116:45,技术修复系统bug，客户已重新下单成功,5,客户表扬处理及时
1593456,1593456,咨询类,产品保修期是否包含人为损坏,一般,已解决,2023-10-0209:15,客服专员A,2023-10-0210:00,2023-10-0209:45,保修期仅包含非人为质量问题，建议客户联系售后检测,3,客户表示理解
17890,17890,投诉类,客服电话三次未接通，影响紧急事务处理,紧急,处理中,2023-10-0311:20,客服主管B,2023-10-0318:00,-,协调排班优化，承诺2小时内回电,-,需跟进回访
"""


def _run(svccheck, path, as_of, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", as_of, "--select", RULE,
                   *extra)
    assert run.code in (0, 1), run.err
    return run


def _line(run):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == RULE)


def test_the_templates_own_third_row_is_a_broken_promise(svccheck, write):
    path = write("template.csv", TEMPLATE, encoding="gb18030")
    run = _run(svccheck, path, "2023-10-03 18:00")
    found = run.findings(RULE)
    # the first two tickets promise nothing; the third (row 4, under the header)
    # has had no contact since 11:20
    assert [(f["row"], f["field"], f["severity"]) for f in found] == [(4, "resolution", "error")]
    assert found[0]["message"] == (
        "the resolution promised '2小时内回电' at 2023-10-03 11:20, due by 2023-10-03 13:20: "
        "no contact since, 4h 40m overdue at --as-of")
    assert found[0]["evidence"] == "2小时内回电"
    assert found[0]["clause"].startswith("004 三")
    assert (_line(run)["checked"], _line(run)["skipped"]) == (1, {})
    zh = _run(svccheck, path, "2023-10-03 18:00", "--lang", "zh")
    assert zh.findings(RULE)[0]["message"] == (
        "处理结果承诺“2小时内回电”（2023-10-03 11:20 起），应于 2023-10-03 13:20 前再联系客户；"
        "截至检查时未再联系客户，已逾期 4小时40分")


def test_a_promise_not_yet_due_is_not_judged(svccheck, write):
    path = write("template.csv", TEMPLATE, encoding="gb18030")
    # due exactly at --as-of: not broken yet, so nothing could be judged
    run = _run(svccheck, path, "2023-10-03 13:20")
    assert run.findings(RULE) == []
    line = _line(run)
    assert (line["status"], line["skipped"]) == (
        "not_evaluated", {"the promised time has not come at --as-of": 1})


def _agent(at, text, **extra):
    return {"at": at, "role": "agent", "kind": "message", "public": True, "text": text, **extra}


def _customer(at, text):
    return {"at": at, "role": "customer", "kind": "message", "public": True, "text": text}


def _tickets(write, tickets):
    base = {"customer_id": "C", "category": "problem", "description": "x", "priority": "normal",
            "status": "in_progress", "created_at": "2025-11-12 09:30", "assignee": "amy"}
    rows = [{**base, **t} for t in tickets]
    return write("t.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))


def test_kept_by_the_next_contact_or_the_resolution(svccheck, write):
    path = _tickets(write, [
        # K1 contact exactly at the deadline keeps it
        {"id": "K1", "events": [_customer("2025-11-12 09:55", "账号登录不上"),
                                _agent("2025-11-12 10:00", "我们会在2小时内给您回电"),
                                _agent("2025-11-12 12:00", "您好，问题已定位")]},
        # K2 the next contact comes five minutes late
        {"id": "K2", "events": [_agent("2025-11-12 10:00", "我们会在2小时内给您回电"),
                                _agent("2025-11-12 12:05", "您好，问题已定位")]},
        # K3 Friday 16:00 "3个工作日": due Wednesday's close; the resolution keeps it
        {"id": "K3", "status": "resolved", "created_at": "2025-11-07 15:00",
         "resolved_at": "2025-11-12 17:00",
         "events": [_agent("2025-11-07 16:00", "预计3个工作日内回复")]},
        # K4 open, nothing after "明天上午给您答复": broken once 11-13 12:00 has passed
        {"id": "K4", "events": [_agent("2025-11-12 10:00", "明天上午给您答复")]},
        # K5 no promise: a conditional, a refund's own timeline, the customer quoted
        {"id": "K5", "events": [
            _agent("2025-11-12 10:00", "如果明天还不行您再联系我们"),
            _agent("2025-11-12 10:01", "退款1-3个工作日原路退回"),
            _agent("2025-11-12 10:02", "您说之前“承诺2小时内回电”却没有打来，非常抱歉")]},
        # K6 the customer's words and a bot's are no promise of ours
        {"id": "K6", "events": [_customer("2025-11-12 10:00", "你们说2小时内给我回电"),
                                {**_agent("2025-11-12 10:01", "我们会在1小时内回复您"),
                                 "role": "bot"}]},
        # K7 English, one hour late
        {"id": "K7", "events": [_agent("2025-11-12 09:00", "We'll get back to you within 24 "
                                                           "hours."),
                                _agent("2025-11-13 10:00", "Here is what we found.")]},
    ])
    run = _run(svccheck, path, "2025-11-13 12:30")
    found = {f["ticket"]: f for f in run.findings(RULE)}
    assert sorted(found) == ["K2", "K4", "K7"]
    assert found["K2"]["message"] == (
        "an agent message promised '2小时内给您回电' at 2025-11-12 10:00, due by 2025-11-12 12:00: "
        "next contact (agent message) at 2025-11-12 12:05, 5m late")
    assert found["K2"]["field"] == "text"
    assert found["K4"]["message"].endswith(
        "due by 2025-11-13 12:00: no contact since, 30m overdue at --as-of")
    assert found["K7"]["message"].endswith("next contact (agent message) at 2025-11-13 10:00, "
                                           "1h late")
    assert _line(run)["checked"] == 5  # K1 K2 K3 K4 K7; K5 and K6 promise nothing
    # at 11:00 on the 12th every promise is still running (K3's resolution at 17:00 is
    # not known yet): none can be judged
    earlier = _run(svccheck, path, "2025-11-12 11:00")
    assert earlier.findings(RULE) == []
    assert _line(earlier)["skipped"] == {"the promised time has not come at --as-of": 5}


def test_working_days_count_on_the_calendar(svccheck, write):
    # 2025-09-30 (Tue) 10:00 "3个工作日": 10-01..10-08 are National Day, 10-11 (Sat) is a
    # make-up working day: due 2025-10-11 18:00 -- not 10-03, not 10-13
    promise = _agent("2025-09-30 10:00", "我们会在3个工作日内给您答复")
    path = _tickets(write, [
        {"id": "D1", "events": [promise, _agent("2025-10-11 17:00", "您好，结果如下")]},
        {"id": "D2", "events": [promise, _agent("2025-10-13 09:00", "您好，结果如下")]},
    ])
    run = _run(svccheck, path, "2025-10-20 12:00")
    assert run.tickets(RULE) == ["D2"]
    assert "due by 2025-10-11 18:00" in run.findings(RULE)[0]["message"]


def test_a_promise_in_the_remarks_runs_from_the_first_response(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,首次响应时间,负责人,实际完成时间,处理结果,回访时间,备注
        R1,C1,问题反馈,x,一般,处理中,2025-11-12 09:00,2025-11-12 10:00,客服专员A,,,2025-11-13 11:00,已承诺明天上午回电
        R2,C2,问题反馈,x,一般,处理中,2025-11-12 09:00,2025-11-12 10:00,客服专员A,,,2025-11-13 12:30,已承诺明天上午回电
        R3,C3,问题反馈,x,一般,已解决,2025-11-12 09:00,2025-11-12 10:00,客服专员A,2025-11-12 11:00,已处理，承诺2小时内回电确认,,
    """)
    # R1 the follow-up (回访时间) at 11:00 keeps it; R2's comes 30 minutes late; R3 was
    # resolved within the two hours from its first response
    run = _run(svccheck, path, "2025-11-20 12:00")
    assert run.tickets(RULE) == ["R2"]
    assert run.findings(RULE)[0]["message"] == (
        "the remarks promised '明天上午回电' at 2025-11-12 10:00, due by 2025-11-13 12:00: "
        "next contact (follow-up) at 2025-11-13 12:30, 30m late")


def test_what_cannot_be_judged_is_said(svccheck, write):
    path = _tickets(write, [
        {"id": "V1", "events": [_agent("2025-11-12 10:00", "稍后给您回电")]},
        {"id": "V2", "events": [_agent("2025-11-12 10:00", "我们会尽快给您答复"),
                                _agent("2025-11-12 10:05", "2小时内给您回电"),
                                _agent("2025-11-12 11:00", "结果已出")]},
    ])
    run = _run(svccheck, path, "2025-11-20 12:00")
    line = _line(run)
    # V1's only promise has no time to read; V2 has a readable one, kept
    assert (line["status"], line["checked"], line["skipped"]) == (
        "partial", 1, {"the promised time cannot be read": 1})
    roleless = write("roleless.jsonl", json.dumps({
        "id": "N1", "customer_id": "C", "created_at": "2025-11-12 09:30", "status": "open",
        "events": [{"at": "2025-11-12 10:00", "text": "2小时内给您回电"}]},
        ensure_ascii=False))
    line = _line(_run(svccheck, roleless, "2025-11-20 12:00"))
    assert (line["status"], line["skipped"]) == (
        "not_evaluated", {"no role for message authors": 1})


def test_an_export_where_nobody_promised_anything_is_not_evaluated(svccheck, write):
    # the template's first two rows promise nothing: no ticket is in the rule's
    # scope, and the table shows no count -- "0" would read as a pass
    path = write("template.csv", "\n".join(TEMPLATE.splitlines()[:3]) + "\n",
                 encoding="gb18030")
    run = _run(svccheck, path, "2023-10-03 18:00")
    assert (_line(run)["status"], _line(run)["reason"]) == ("not_evaluated",
                                                            "no ticket in its scope")
    for fmt, dash in (("text", "-"), ("markdown", "–")):
        out = svccheck("check", path, "--format", fmt, "--as-of", "2023-10-03 18:00",
                       "--select", RULE).out
        row = next(line for line in out.splitlines() if RULE in line)
        cells = [c.strip() for c in row.split("|")] if fmt == "markdown" else row.split()
        assert dash in cells and "0" not in cells, row
