"""The record.* rules, each on both sides of its condition.

Fixtures are tiny generic-profile CSVs; the comment after each row says what
the row violates (or "ok").
"""

from __future__ import annotations

HEADER = (
    "id,customer_id,category,description,priority,status,created_at,first_response_at,"
    "assignee,due_at,resolved_at,resolution,satisfaction,followup_at,channel"
)


def _csv(write, rows: str):
    """A generic-profile CSV; ``#`` comments after a row are stripped."""
    lines = [HEADER]
    for line in rows.strip().splitlines():
        lines.append(line.split("  #", 1)[0].rstrip())
    return write("tickets.csv", "\n".join(lines) + "\n")


def _check(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30", *extra)
    assert run.code in (0, 1), run.err
    return run


OK = "C1,problem,APP页面报错,normal,resolved,2025-10-09 09:00,2025-10-09 09:10,张敏,2025-10-10 18:00,2025-10-09 11:00,已修复,5,2025-10-10 10:00,chat"


def test_clean_ticket_has_no_findings_and_exits_0(svccheck, write):
    run = _check(svccheck, _csv(write, f"T1,{OK}"))
    assert run.code == 0
    assert run.findings() == []
    assert run.report["summary"]["tickets"] == 1


def test_required_fields(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok
T2,,problem,APP无法登录,normal,open,2025-10-09 09:00,,张敏,,,,,,chat  # customer_id missing
T3,C3,problem,-,normal,open,2025-10-09 09:00,,—,,,,,,chat  # description '-' and assignee '—' missing
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["field"]) for f in run.findings("record.required-fields")}
    assert found == {("T2", "customer_id"), ("T3", "description"), ("T3", "assignee")}
    assert run.code == 1


def test_required_field_column_absent_is_one_finding_for_the_file(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at
        T1,C1,problem,x,normal,open,2025-10-09 09:00
        T2,C2,problem,x,normal,open,2025-10-09 09:00
    """)
    run = _check(svccheck, path)
    absent = run.findings("record.required-fields")
    assert [(f["ticket"], f["row"], f["field"]) for f in absent] == [(None, None, "assignee")]
    assert "no assignee column" in absent[0]["message"]


def test_allowed_values_names_the_raw_value(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok
T2,C2,other,x,normal,open,2025-10-09 09:00,,张敏,,,,,,chat  # category 'other'
T3,C3,problem,x,SEVERE,open,2025-10-09 09:00,,张敏,,,,,,fax  # priority and channel unknown
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["field"], f["evidence"]) for f in run.findings("record.allowed-values")}
    assert found == {("T2", "category", "other"), ("T3", "priority", "SEVERE"),
                     ("T3", "channel", "fax")}
    assert "'other' is not a known value" in run.findings("record.allowed-values")[0]["message"]


def test_timestamp_unparseable(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok
T2,C2,problem,x,normal,open,2025-10-32 10:00,,张敏,,,,,,chat  # day 32
T3,C3,problem,x,normal,open,2025-10-0914:30,明天上午,张敏,,,,,,chat  # run-together ok; 明天上午 not a time
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["field"], f["evidence"]) for f in run.findings("record.timestamp")}
    assert found == {("T2", "created_at", "2025-10-32 10:00"),
                     ("T3", "first_response_at", "明天上午")}


def test_unreadable_birthday_is_quoted_with_its_digits_masked(svccheck, write):
    path = write("policies.csv", "\n".join([
        "id,customer_id,signed_at,birthday",
        "P1,C1,2025-01-31,1980-02-30",  # impossible date of birth: a finding, never shown
        "P2,C2,2025-01-31,1980-02-28",  # ok
    ]) + "\n")
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "record.timestamp")
    found = run.findings("record.timestamp")
    assert [(f["ticket"], f["field"], f["evidence"]) for f in found] == [
        ("P1", "birthday", "****-**-**")]
    assert "1980" not in run.out


def test_time_order(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok
T2,C2,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 08:00,张敏,2025-10-10 18:00,2025-10-09 11:00,ok,5,,chat  # reply before creation
T3,C3,problem,x,normal,resolved,2025-10-09 09:00,,张敏,2025-10-08 18:00,2025-10-09 08:00,ok,5,,chat  # due and resolved before creation
T4,C4,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 09:05,张敏,,2025-10-09 10:00,ok,5,2025-10-09 09:30,chat  # follow-up before resolution
T5,C5,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 09:00,张敏,2025-10-09 09:00,2025-10-09 09:00,ok,5,2025-10-09 09:00,chat  # equal times are ok
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["field"]) for f in run.findings("record.time-order")}
    assert found == {("T2", "first_response_at"), ("T3", "due_at"), ("T3", "resolved_at"),
                     ("T4", "followup_at")}


def test_status_consistency(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok
T2,C2,problem,x,normal,resolved,2025-10-09 09:00,,张敏,,,,5,,chat  # resolved without time and result
T3,C3,problem,x,normal,in_progress,2025-10-09 09:00,,张敏,,2025-10-09 11:00,,,,chat  # in progress but finished
T4,C4,problem,x,normal,open,2025-10-09 09:00,,张敏,,-,,,,chat  # open, no finish time: ok
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["field"]) for f in run.findings("record.status-consistency")}
    assert found == {("T2", "resolved_at"), ("T2", "resolution"), ("T3", "resolved_at")}


def test_satisfaction_range(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # ok (5)
T2,C2,problem,x,normal,resolved,2025-10-09 09:00,,张敏,,2025-10-09 11:00,ok,6,,chat  # 6 too high
T3,C3,problem,x,normal,resolved,2025-10-09 09:00,,张敏,,2025-10-09 11:00,ok,4.5,,chat  # not whole
T4,C4,problem,x,normal,resolved,2025-10-09 09:00,,张敏,,2025-10-09 11:00,ok,很好,,chat  # not a number
T5,C5,problem,x,normal,open,2025-10-09 09:00,,张敏,,,,-,,chat  # '-' not rated: ok
T6,C6,problem,x,normal,resolved,2025-10-09 09:00,,张敏,,2025-10-09 11:00,ok,1,,chat  # ok
""")
    run = _check(svccheck, path)
    found = {(f["ticket"], f["evidence"]) for f in run.findings("record.satisfaction-range")}
    assert found == {("T2", "6"), ("T3", "4.5"), ("T4", "很好")}


def test_rule_without_its_data_is_not_evaluated(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        T1,C1,problem,x,normal,open,2025-10-09 09:00,张敏
    """)
    run = _check(svccheck, path)
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["record.satisfaction-range"]["evaluated"] is False
    assert rules["record.satisfaction-range"]["reason"] == "export has no satisfaction"
    assert rules["record.time-order"]["evaluated"] is False
    assert rules["record.required-fields"]["evaluated"] is True
    assert "record.satisfaction-range" not in run.report["summary"]["by_rule"]


def test_messages_in_chinese(svccheck, write):
    path = _csv(write, "T2,,problem,x,normal,open,2025-10-09 09:00,,张敏,,,,,,chat")
    run = _check(svccheck, path, "--lang", "zh")
    assert run.findings("record.required-fields")[0]["message"] == "客户编号为空"


def test_satisfaction_present_on_finished_tickets(svccheck, write):
    path = _csv(write, f"""
T1,{OK}  # rated 5: ok
T2,C2,problem,x,normal,closed,2025-10-09 09:00,,张敏,,2025-10-09 11:00,ok,-,,chat  # closed, no rating
T3,C3,problem,x,normal,open,2025-10-09 09:00,,张敏,,,,,,chat  # open: no rating needed
""")
    run = _check(svccheck, path, "--select", "record.satisfaction-present")
    found = run.findings("record.satisfaction-present")
    assert [(f["ticket"], f["severity"]) for f in found] == [("T2", "warning")]
