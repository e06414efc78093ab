"""escalation.stalled: an open ticket past its promised time has a supervisor involved."""

from __future__ import annotations

import json

RULE = "escalation.stalled"
AS_OF = "2025-11-12 18:00"


def _run(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF, "--select", RULE,
                   *extra)
    assert run.code in (0, 1), run.err
    return run


def _line(run):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == RULE)


RECORDS = """
    工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,负责人角色,预计完成时间,实际完成时间,备注
    S1,C1,问题反馈,支付失败,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,2025-11-10 18:00,,
    S2,C2,问题反馈,支付失败,一般,处理中,2025-11-03 10:00,客服主管周婷,主管,2025-11-10 18:00,,
    S3,C3,问题反馈,支付失败,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,2025-11-10 18:00,,已升级主管处理
    S4,C4,问题反馈,闪退,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,2025-11-10 18:00,,APP升级中，等待新版本
    S5,C5,问题反馈,闪退,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,2025-11-12 18:00,,
    S6,C6,问题反馈,闪退,一般,已解决,2025-11-03 10:00,客服专员张敏,专员,2025-11-10 18:00,2025-11-11 10:00,
    S7,C7,问题反馈,闪退,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,2025-11-20 18:00,,
    S8,C8,问题反馈,闪退,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,今天下班前,,
    S9,C9,问题反馈,闪退,一般,处理中,2025-11-03 10:00,客服专员张敏,专员,,,
    S10,C10,问题反馈,闪退,一般,审核中,2025-11-03 10:00,客服专员张敏,专员,2025-11-10 18:00,,
"""
# S1 open two days past its promised time, an agent owns it: stalled, not escalated
# S2 a supervisor owns it; S3 the remarks name the escalation
# S4 "APP升级" is an upgrade, no escalation: stalled
# S5 due exactly at --as-of: not stalled yet; S6 resolved; S7 due next week
# S8 预计完成时间 "今天下班前" is no time: skipped; S9 no promised time: not in scope
# S10 status 审核中 is not a value the profile knows and there is no resolved_at: skipped


def test_past_the_promised_time_without_a_supervisor(svccheck, write):
    path = write("t.csv", RECORDS, encoding="gb18030")
    run = _run(svccheck, path)
    found = run.findings(RULE)
    assert [f["ticket"] for f in found] == ["S1", "S4"]
    assert found[0]["message"] == (
        "open past its promised time 2025-11-10 18:00 (2d overdue) with no supervisor "
        "involved (assignee: 客服专员张敏)")
    assert found[0]["field"] == "assignee" and found[0]["severity"] == "error"
    assert found[0]["clause"].startswith("000 一(三)")
    line = _line(run)
    assert (line["checked"], line["skipped"]) == (
        6, {"due_at unreadable": 1, "status '审核中' is not a known value": 1})
    zh = _run(svccheck, path, "--lang", "zh").findings(RULE)[0]["message"]
    assert zh == "已过预计完成时间 2025-11-10 18:00 仍未完成（逾期 2天），未见主管介入（负责人：客服专员张敏）"


def test_open_longer_than_the_standards_working_days(svccheck, write):
    path = write("t.csv", RECORDS, encoding="gb18030")
    standard = write("days.yaml", """
        id: days
        title: t
        version: "1"
        extends: cn-baseline
        rules:
          escalation.stalled: {params: {open_working_days: 5}}
    """)
    # created Monday 11-03 10:00: five working days end Monday 11-10 18:00, so at
    # Wednesday 11-12 18:00 every open ticket has been open too long -- S9 too, which
    # promised no time; S7 (due next week) as well
    run = _run(svccheck, path, "--standard", standard)
    assert run.tickets(RULE) == ["S1", "S4", "S5", "S7", "S8", "S9"]
    by = {f["ticket"]: f["message"] for f in run.findings(RULE)}
    assert by["S9"] == ("open for 71h of working time, over 5 working days (working time, "
                        "Asia/Shanghai), with no supervisor involved (assignee: 客服专员张敏)")
    assert by["S1"].startswith("open past its promised time")


def test_a_supervisor_in_the_events(svccheck, write):
    base = {"customer_id": "C", "category": "problem", "description": "x", "priority": "normal",
            "status": "in_progress", "created_at": "2025-11-03 10:00", "assignee": "amy",
            "assignee_role": "agent", "due_at": "2025-11-10 18:00"}
    tickets = [
        {**base, "id": "E1", "events": [  # a supervisor's note
            {"at": "2025-11-11 09:00", "role": "supervisor", "kind": "note", "public": False,
             "text": "已了解，今天跟进"}]},
        {**base, "id": "E2", "events": [  # handed to a 客服经理
            {"at": "2025-11-11 09:00", "role": "system", "kind": "handoff",
             "text": "转派", "assignee": "客服经理李强"}]},
        {**base, "id": "E3", "events": [  # a system upgrade, no escalation
            {"at": "2025-11-11 09:00", "role": "agent", "kind": "note", "public": False,
             "text": "系统升级后主管会统一通知"}]},
        {**base, "id": "E4", "events": [  # escalated only after --as-of: not known yet
            {"at": "2025-11-13 09:00", "role": "agent", "kind": "note", "public": False,
             "text": "已上报客服主管"}]},
        {**base, "id": "E5", "events": [  # waited on the customer for three days: not late
            {"at": "2025-11-07 10:00", "kind": "status", "text": "pending"},
            {"at": "2025-11-10 12:00", "kind": "status", "text": "open"}]},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    assert _run(svccheck, path).tickets(RULE) == ["E3", "E4"]


def test_nothing_open_is_nothing_to_judge(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,预计完成时间,实际完成时间
        D1,C1,问题反馈,x,一般,已解决,2025-11-03 10:00,客服专员张敏,2025-11-10 18:00,2025-11-04 10:00
    """)
    line = _line(_run(svccheck, path))
    assert (line["status"], line["checked"]) == ("not_evaluated", 0)
