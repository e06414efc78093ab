"""The traps of a silent pass: exports nobody here wrote, where a rule judged nothing.

Each test feeds an export as users have them, asserts the honest status of
the rule that used to say "passed", and that ``--require`` turns it into a
failing gate (exit 1) whatever ``--fail-on`` says.
"""

from __future__ import annotations

import json

import pytest

AS_OF = ("--as-of", "2025-11-30 18:00")


def status_of(run, rule: str) -> dict:
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


def gate(svccheck, *argv, rule: str) -> None:
    """``--require rule`` fails the run, naming the rule, even under --fail-on never."""
    run = svccheck("check", *argv, *AS_OF, "--require", rule, "--fail-on", "never",
                   "--format", "json")
    assert run.code == 1, run.err
    assert any(line.startswith(rule) for line in run.report["summary"]["gate"]["uncovered"])


# 紧急程度 holds values the response-record profile does not map: a team's
# P-codes and a ticketing tool's own words. (Zammad's "2 normal" reads now:
# a value map also reads "<code> <name>" by its name.)
UNMAPPED_PRIORITIES = """\
工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,首次响应时间,负责人
GD-1,C-1,咨询,查询物流,P2,已解决,2025-11-03 09:00,2025-11-03 15:00,客服专员A
GD-2,C-2,咨询,查询物流,P3,已解决,2025-11-03 09:00,2025-11-03 15:00,客服专员A
GD-3,C-3,咨询,查询物流,Sev-2,已解决,2025-11-03 09:00,2025-11-03 15:00,客服专员A
"""


def test_priorities_the_profile_does_not_map_leave_first_reply_not_evaluated(svccheck, write):
    export = write("export.csv", UNMAPPED_PRIORITIES)
    run = svccheck("check", export, *AS_OF, "--format", "json")
    line = status_of(run, "response.first-reply")
    assert line["status"] == "not_evaluated" and line["checked"] == 0
    assert sum(line["skipped"].values()) == 3
    assert any("P2" in reason for reason in line["skipped"])
    gate(svccheck, export, rule="response.first-reply")


# A Zammad ticket list (GET /api/v1/tickets?expand=true: a bare array) read
# with the generic profile: none of its keys is a canonical one for times.
ZAMMAD = [
    {"id": 101, "number": "77001", "title": "Drucker", "state": "open",
     "priority": "2 normal", "created_at": "2025-11-03T01:00:00.000Z",
     "article_count": 2},
    {"id": 102, "number": "77002", "title": "Login", "state": "new",
     "priority": "3 high", "created_at": "2025-11-03T02:00:00.000Z",
     "article_count": 1},
]


def test_a_vendor_list_read_with_the_generic_profile_judges_no_first_reply(svccheck, write):
    export = write("tickets.json", json.dumps(ZAMMAD))
    run = svccheck("check", export, "--profile", "generic", *AS_OF, "--format", "json")
    line = status_of(run, "response.first-reply")
    assert line["status"] == "not_evaluated"
    assert line["reason"]
    gate(svccheck, export, "--profile", "generic", rule="response.first-reply")


CHAT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,consultation,物流查询,normal,resolved,2025-11-03 09:00,amy
T2,C2,consultation,发票,normal,resolved,2025-11-03 10:00,amy
"""
# an events file without a role column: nobody can tell agent from customer
NO_ROLE = """\
ticket_id,at,text
T1,2025-11-03 09:01,在吗
T1,2025-11-03 09:02,在的，请问有什么可以帮您
T2,2025-11-03 10:01,发票抬头错了
"""


def test_an_events_file_without_roles_leaves_the_greeting_rules_not_evaluated(svccheck, write):
    tickets = write("tickets.csv", CHAT)
    events = write("messages.csv", NO_ROLE)
    argv = (tickets, "--events", events, "--profile", "generic")
    run = svccheck("check", *argv, *AS_OF, "--format", "json")
    for rule in ("greeting.opening", "greeting.closing", "conduct.forbidden-phrases"):
        line = status_of(run, rule)
        assert line["status"] == "not_evaluated", (rule, line)
        assert "role" in line["reason"], (rule, line)
    gate(svccheck, *argv, rule="greeting")


# renamed headers: 手机号 for 联系方式, 首次回复时间 for 首次响应时间
RENAMED = """\
工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,首次回复时间,负责人,手机号
GD-1,C-1,咨询,查询物流,一般,已解决,2025-11-03 09:00,2025-11-03 09:20,客服专员A,13812345678
"""


def test_renamed_columns_are_shown_with_how_to_map_them_and_fail_a_requiring_gate(
        svccheck, write):
    export = write("export.csv", RENAMED)
    run = svccheck("check", export, *AS_OF, "--format", "json")
    assert status_of(run, "privacy.unmasked-contact")["status"] == "not_evaluated"
    assert run.report["inputs"][0]["unused_columns"] == ["首次回复时间", "手机号"]
    text = svccheck("check", export, *AS_OF).out
    assert "columns not used: 首次回复时间, 手机号" in text
    assert f"(map them in a profile: svccheck profiles init {export})" in text
    gate(svccheck, export, rule="privacy.unmasked-contact")


MESSAGES_NO_AT = """\
ticket_id,role,text
T1,customer,在吗
T1,agent,您好，我是客服小李，请问有什么可以帮您
"""


def test_an_events_file_without_times_makes_progress_rules_not_evaluated_not_crash(
        svccheck, write):
    tickets = write("tickets.csv", CHAT)
    events = write("messages.csv", MESSAGES_NO_AT)
    argv = (tickets, "--events", events, "--profile", "generic")
    run = svccheck("check", *argv, *AS_OF, "--format", "json")
    assert run.code in (0, 1), run.err
    line = status_of(run, "response.progress-update")
    assert line["status"] == "not_evaluated"
    assert "events have no at" in line["reason"]
    gate(svccheck, *argv, rule="response.progress-update")


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "sarif"])
def test_every_format_says_a_rule_was_not_evaluated(svccheck, write, fmt):
    export = write("export.csv", UNMAPPED_PRIORITIES)
    out = svccheck("check", export, *AS_OF, "--format", fmt).out
    assert "response.first-reply" in out and "P2" in out
