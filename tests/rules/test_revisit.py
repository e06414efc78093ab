"""revisit.after-resolution: follow-up windows on both sides of their edge."""

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
V1,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,4,2025-10-13 10:00:00,  # exactly 3 days: ok
V2,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00:00,ok,4,2025-10-13 10:00:01,  # 1 s late
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
        "follow-up 1s late (category complaint: due within 3d of resolution)")
    assert found[1]["message"].startswith("no follow-up within 3d of resolution (satisfaction ≤ 2)")
    assert found[2]["evidence"] == "remarks ask for a follow-up"


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
    assert found[0]["message"].startswith("follow-up 1d late (satisfaction ≤ 1")


def test_not_evaluated_without_follow_up_data(svccheck, write):
    path = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee,resolved_at
        N1,C,complaint,x,normal,resolved,2025-10-09 09:00,amy,2025-10-10 10:00
    """)
    rules = {r["rule"]: r for r in _run(svccheck, path).report["summary"]["rules"]}
    assert rules["revisit.after-resolution"]["reason"] == "export has neither followup_at nor events"
