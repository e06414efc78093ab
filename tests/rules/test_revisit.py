"""revisit.after-resolution: follow-up windows on both sides of their edge.

A window of whole days is counted by date (000 一(五), 004 三 需跟进回访): 3 days after a
resolution on 10-10 end with 10-13. Only what was known at --as-of counts.
"""

from __future__ import annotations

import json

HEADER = "id,customer_id,category,description,priority,status,created_at,assignee,resolved_at,resolution,satisfaction,followup_at,remarks"


def _csv(write, rows: str):
    body = [HEADER] + [r.split("  #", 1)[0].rstrip() for r in rows.strip().splitlines()]
    return write("t.csv", "\n".join(body) + "\n")


def _run(svccheck, path, as_of="2025-11-30 18:00", *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", as_of,
                   "--select", "revisit.after-resolution", *extra)
    assert run.code in (0, 1), run.err
    return run


def test_follow_up_window(svccheck, write):
    path = _csv(write, """
V1,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,4,2025-10-13 23:59:59,  # the third day after: ok
V2,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,4,2025-10-14 00:00:01,  # 1 s into the fourth: late
V3,C,problem,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,2,,  # satisfaction 2, never followed up
V4,C,problem,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,3,,  # no trigger: fine
V5,C,problem,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,5,,客户要求 需跟进回访  # remarks ask
V6,C,complaint,x,normal,resolved,2025-11-29 09:00,amy,2025-11-29 10:00:00,ok,,,  # not due yet at as-of
V7,C,complaint,x,normal,in_progress,2025-10-09 09:00,amy,,,,,  # not resolved: nothing to follow up
""")
    run = _run(svccheck, path)
    found = run.findings("revisit.after-resolution")
    assert [f["ticket"] for f in found] == ["V2", "V3", "V5"]
    assert found[0]["message"] == (
        "follow-up 1s late (category complaint: due by the end of 2025-10-13, 3d after "
        "resolution)")
    assert found[1]["message"].startswith(
        "no follow-up by the end of 2025-10-13 (satisfaction ≤ 2: 3d after resolution); 47d 18h "
        "overdue at --as-of")
    assert found[2]["evidence"] == "remarks ask for a follow-up"
    rule = next(r for r in run.report["summary"]["rules"] if r["rule"] == "revisit.after-resolution")
    assert rule["checked"] == 5  # V1, V2, V3, V5, V6: resolved and asking for a follow-up
    zh = _run(svccheck, path, "2025-11-30 18:00", "--lang", "zh")
    assert zh.findings()[0]["message"] == (
        "回访晚了 1秒（诉求类型 complaint：应在 2025-10-13 24:00 前回访，即解决后 3天 内）")


def test_shortest_window_wins_and_follow_up_event_counts(svccheck, write):
    standard = write("std.yaml", """
        id: sales
        title: Sales
        version: "1"
        extends: cn-baseline
        rules:
          revisit.after-resolution:
            params:
              triggers:
                - {category: after_sales, within: {days: 7, clock: calendar}}
                - {satisfaction_at_most: 1, within: {days: 1, clock: calendar}}
    """)
    base = {"customer_id": "C", "category": "after_sales", "description": "x",
            "priority": "normal", "status": "resolved", "created_at": "2025-10-09 09:00",
            "assignee": "amy", "resolved_at": "2025-10-10 10:00:00", "resolution": "ok"}
    tickets = [
        {**base, "id": "A1", "satisfaction": 4,  # 7-day window; follow-up event on day 6: ok
         "events": [{"at": "2025-10-16 10:00:00", "kind": "followup", "role": "agent"}]},
        {**base, "id": "A2", "satisfaction": 1,  # unhappy: 1-day window; event on day 2: late
         "events": [{"at": "2025-10-12 10:00:00", "kind": "followup", "role": "agent"}]},
        {**base, "id": "A3", "satisfaction": 4,  # a follow-up before resolution is not one
         "events": [{"at": "2025-10-10 09:00:00", "kind": "followup", "role": "agent"}]},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    run = _run(svccheck, path, "2025-11-30 18:00", "--standard", standard)
    found = run.findings("revisit.after-resolution")
    assert [f["ticket"] for f in found] == ["A2", "A3"]
    # resolved 10-10 10:00, 1-day window ends with 10-11: the call on 10-12 10:00 is 10 h late
    assert found[0]["message"].startswith("follow-up 10h late (satisfaction ≤ 1")


def test_not_evaluated_without_follow_up_data(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,resolved_at
        N1,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00
    """)
    rules = {r["rule"]: r for r in _run(svccheck, path).report["summary"]["rules"]}
    assert rules["revisit.after-resolution"]["reason"] == "export has neither followup_at nor events"


def test_000_1_5_three_days_are_counted_by_date(svccheck, write):
    path = _csv(write, """
F1,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-17 17:00:00,ok,4,2025-10-20 17:30:00,  # Fri 17:00 → Mon 17:30: in time
F2,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-17 17:00:00,ok,4,2025-10-21 09:00:00,  # Tuesday: 9 h late
""")
    found = _run(svccheck, path).findings("revisit.after-resolution")
    assert [(f["ticket"], f["message"]) for f in found] == [
        ("F2", "follow-up 9h late (category complaint: due by the end of 2025-10-20, "
               "3d after resolution)")]


def test_004_3_follow_ups_after_as_of_are_not_yet_known(svccheck, write):
    path = _csv(write, """
K1,C,complaint,x,normal,resolved,2025-11-20 09:00,amy,2025-11-27 18:00:00,ok,4,2025-11-30 18:30:00,客户不满意，需跟进回访  # window open at --as-of: not a finding
K2,C,complaint,x,normal,resolved,2025-11-20 09:00,amy,2025-11-26 10:00:00,ok,4,2025-11-30 18:30:00,  # window closed 11-29; the call is after --as-of: none known
""")
    found = _run(svccheck, path, "2025-11-30 18:00").findings("revisit.after-resolution")
    assert [(f["ticket"], f["message"]) for f in found] == [
        ("K2", "no follow-up by the end of 2025-11-29 (category complaint: 3d after "
               "resolution); 18h overdue at --as-of")]
    later = _run(svccheck, path, "2025-12-05 18:00").findings("revisit.after-resolution")
    assert [(f["ticket"], f["message"]) for f in later] == [
        ("K2", "follow-up 18h 30m late (category complaint: due by the end of 2025-11-29, "
               "3d after resolution)")]
