"""An export that leaves a rule nothing to judge makes it ``not_evaluated``, never ``passed``.

One case per rule of the conversation, privacy and escalation families (and
record.required-fields): the export has the columns the rule needs, so the
rule runs -- but no ticket gives it anything to judge, and the JSON report
says why in the rule's ``reason``.
"""

from __future__ import annotations

import json

import pytest


def _jsonl(write, tickets):
    return write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))


def _ticket(tid, **fields):
    return {"id": tid, "customer_id": "C1", "category": "problem", "description": "APP无法登录",
            "priority": "normal", "status": "resolved", "created_at": "2025-10-09 09:00:00",
            "resolved_at": "2025-10-09 12:00:00", "assignee": "amy", **fields}


def _customer_only(write):
    # every conversation holds only the customer's words: no agent spoke
    return _jsonl(write, [
        _ticket("A1", events=[{"at": "2025-10-09 09:01:00", "role": "customer",
                               "text": "你好，在吗"}]),
        _ticket("A2", events=[{"at": "2025-10-09 09:01:00", "role": "customer",
                               "text": "hello?"}]),
    ])


def _no_roles(write):
    # issue 16's trap: an events file without a role column
    tickets = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        B1,C1,problem,x,normal,open,2025-10-09 09:00,amy
    """)
    events = write("e.csv", """
        ticket_id,at,text
        B1,2025-10-09 09:01,不知道
    """)
    return tickets, "--events", events


def _empty_contacts(write):
    return write("t.csv", """
        id,customer_id,contact,category,description,priority,status,created_at,assignee
        C1,C1,,problem,x,normal,open,2025-10-09 09:00,amy
        C2,C2,-,problem,x,normal,open,2025-10-09 09:00,amy
    """)


def _nothing_written(write):
    # ids, no description, resolution or remarks, no messages
    return write("t.csv", """
        id,customer_id,description,remarks,category,priority,status,created_at,assignee
        D1,,,,problem,normal,open,2025-10-09 09:00,amy
    """)


def _agents_as_names(write):
    return write("t.csv", """
        工单编号,客户编号,发起人,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人
        E1,C1,客服专员张敏,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
    """), "--profile", "cn-response-record"


def _unplaced_categories(write):
    return write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人
        F1,C1,客诉,x,一般,处理中,2025-10-09 09:00,客服专员张敏
        F2,C2,客诉,x,一般,处理中,2025-10-09 09:00,客服专员张敏
    """), "--profile", "cn-response-record"


def _no_rows(write):
    return write("t.csv", "id,customer_id,category,description,priority,status,created_at\n")


CASES = [
    ("greeting.opening", _customer_only, "judged nothing: 2 × no public agent message"),
    ("greeting.confirmation", _customer_only, "judged nothing: 2 × no public agent message"),
    ("greeting.closing", _customer_only, "judged nothing: 2 × no public agent message"),
    ("conduct.forbidden-phrases", _no_roles, "judged nothing: 1 × no role for message authors"),
    ("privacy.unmasked-contact", _empty_contacts, "no ticket in its scope"),
    ("privacy.x-mask", _empty_contacts, "no ticket in its scope"),
    ("privacy.pii-in-text", _nothing_written, "no ticket in its scope"),
    ("privacy.customer-name", _agents_as_names,
     "judged nothing: 1 × the name column names an agent"),
    ("privacy.complementary-masks", _nothing_written, "no ticket in its scope"),
    ("escalation.complaint-owner", _unplaced_categories,
     "judged nothing: 2 × category '客诉' is not a known value"),
    ("record.required-fields", _no_rows, "no ticket in its scope"),
]


@pytest.mark.parametrize(("rule", "export", "reason"), CASES, ids=[c[0] for c in CASES])
def test_nothing_to_judge_is_not_evaluated(svccheck, write, rule, export, reason):
    made = export(write)
    args = made if isinstance(made, tuple) else (made,)
    run = svccheck("check", *args, "--format", "json", "--as-of", "2025-11-30 18:00",
                   "--select", rule)
    assert run.code in (0, 1), run.err
    [line] = [r for r in run.report["summary"]["rules"] if r["rule"] == rule]
    assert line["status"] == "not_evaluated"
    assert line["checked"] == 0
    assert line["reason"] == reason
    assert run.findings(rule) == []
