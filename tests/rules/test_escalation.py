"""escalation.complaint-owner: by role, by name, by event -- and not otherwise."""

from __future__ import annotations

import json


def _run(svccheck, path):
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "escalation.complaint-owner")
    assert run.code in (0, 1), run.err
    return run


def test_complaint_owner_from_response_record(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,负责人角色
        E1,C1,投诉类,电话未接通,紧急,处理中,2025-10-09 09:00,客服主管李强,
        E2,C2,投诉类,响应慢,一般,处理中,2025-10-09 09:00,王芳,主管
        E3,C3,投诉类,态度差,一般,处理中,2025-10-09 09:00,客服专员张敏,专员
        E4,C4,咨询类,保修期,一般,处理中,2025-10-09 09:00,客服专员张敏,专员
    """, encoding="gb18030")
    # E1 supervisor by name, E2 by role, E3 complaint owned by an agent, E4 not a complaint
    run = _run(svccheck, path)
    found = run.findings("escalation.complaint-owner")
    assert [f["ticket"] for f in found] == ["E3"]
    assert found[0]["message"] == (
        "complaint not owned by or escalated to a supervisor (assignee: 客服专员张敏)")


def test_complaint_escalated_by_event(svccheck, write):
    base = {"customer_id": "C", "category": "complaint", "description": "x",
            "priority": "normal", "status": "in_progress", "created_at": "2025-10-09 09:00",
            "assignee": "amy", "assignee_role": "agent"}
    tickets = [
        {**base, "id": "S1", "events": [  # a supervisor wrote a note: escalated
            {"at": "2025-10-09 10:00", "role": "supervisor", "kind": "note", "public": False,
             "text": "已接手"}]},
        {**base, "id": "S2", "events": [  # handed off to the 客服主管: escalated
            {"at": "2025-10-09 10:00", "role": "system", "kind": "handoff", "text": "转 客服主管B"}]},
        {**base, "id": "S3", "events": [  # handed off to another agent: not escalated
            {"at": "2025-10-09 10:00", "role": "system", "kind": "handoff", "text": "转 技术支持C"}]},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    assert _run(svccheck, path).tickets("escalation.complaint-owner") == ["S3"]
