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


def test_who_is_a_supervisor(svccheck, write):
    # 004 二.3 上报客服主管; 001 2.1 客服经理, 客服主管 -- not any 经理, and 组长 only if said so
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,负责人角色,备注
        W1,C1,投诉类,x,一般,处理中,2025-10-09 09:00,客户经理李明,,
        W2,C2,投诉类,x,一般,处理中,2025-10-09 09:00,产品经理王强,,
        W3,C3,投诉类,x,一般,处理中,2025-10-09 09:00,客服组长赵六,,
        W4,C4,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,,已上报客服主管B
        W5,C5,投诉类,x,一般,处理中,2025-10-09 09:00,客服经理周婷,,
        W6,C6,投诉类,x,一般,处理中,2025-10-09 09:00,张经理,,
        W7,C7,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,,已升级主管处理
        W8,C8,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,,已转技术支持C
        W9,C9,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,客服主管,
        W10,C10,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,,已转客户经理跟进
    """)
    # W1 W2 W3: 经理/组长 inside another title; W4 W7: remarks name the escalation;
    # W5 W6: 客服经理, a bare 经理; W8 W10: handed to no supervisor; W9: role column
    run = _run(svccheck, path)
    assert run.tickets("escalation.complaint-owner") == ["W1", "W2", "W3", "W8", "W10"]
    leads = write("leads.yaml", """
        id: leads
        title: t
        version: "1"
        extends: cn-baseline
        rules:
          escalation.complaint-owner: {params: {team_leads: true}}
    """)
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "escalation.complaint-owner", "--standard", leads)
    assert run.tickets("escalation.complaint-owner") == ["W1", "W2", "W8", "W10"]


def test_an_escalation_event_or_note_counts(svccheck, write):
    base = {"customer_id": "C", "category": "complaint", "description": "x",
            "priority": "normal", "status": "in_progress", "created_at": "2025-10-09 09:00",
            "assignee": "amy", "assignee_role": "agent"}
    tickets = [
        {**base, "id": "V1", "events": [  # an agent's note names the escalation
            {"at": "2025-10-09 10:00", "role": "agent", "kind": "note", "public": False,
             "text": "已上报客服主管B，等待回复"}]},
        {**base, "id": "V2", "events": [  # handed to a 客户经理: not a supervisor
            {"at": "2025-10-09 10:00", "role": "system", "kind": "handoff",
             "text": "转 客户经理李明"}]},
        {**base, "id": "V3", "events": [  # the hand-off's new assignee is a supervisor
            {"at": "2025-10-09 10:00", "role": "system", "kind": "handoff", "text": "转派",
             "assignee": "Support Manager Lee"}]},
        {**base, "id": "V4", "remarks": "escalated to the supervisor on duty"},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    assert _run(svccheck, path).tickets("escalation.complaint-owner") == ["V2"]


def test_complaints_are_judged_and_unplaced_categories_skipped(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人
        K1,C1,投诉类,x,一般,处理中,2025-10-09 09:00,客服主管李强
        K2,C2,客诉,x,一般,处理中,2025-10-09 09:00,客服专员张敏
        K3,C3,,x,一般,处理中,2025-10-09 09:00,客服专员张敏
        K4,C4,咨询类,x,一般,处理中,2025-10-09 09:00,客服专员张敏
    """)
    # K1 judged (a supervisor); K2 客诉 is no value the profile knows; K3 empty; K4 no complaint
    run = _run(svccheck, path)
    line = next(r for r in run.report["summary"]["rules"]
                if r["rule"] == "escalation.complaint-owner")
    assert (line["status"], line["checked"], line["skipped"]) == (
        "partial", 1, {"category '客诉' is not a known value": 1, "category missing": 1})


def test_an_upgrade_or_a_negated_escalation_is_no_escalation(svccheck, write):
    # 升级 also means an upgrade (APP升级, 系统升级), and 未上报 says it did not happen
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,备注
        U1,C1,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,APP升级后主管说可以退款
        U2,C2,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,系统升级完成后交给主管复核
        U3,C3,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,尚未上报客服主管
        U4,C4,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,not escalated to a supervisor yet
        U5,C5,投诉类,x,一般,处理中,2025-10-09 09:00,客服专员A,已升级主管处理
    """)
    # U2 still names an escalation after the upgrade (交给主管); U5 is escalated
    assert _run(svccheck, path).tickets("escalation.complaint-owner") == ["U1", "U3", "U4"]
