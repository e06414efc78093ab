"""Every time rule says what it judged: an export that leaves it nothing to judge is
``not_evaluated`` with a reason, never ``passed``; tickets it had to skip make it ``partial``.

Each case is a small export (JSON Lines, one ticket a line, messages inside) written
for one rule, with what the rule can and cannot judge in it said beside it.
"""

from __future__ import annotations

import json

import pytest

AS_OF = "2025-11-30 18:00"
SHOP = """
id: shop
title: Shop
version: "1"
extends: cn-baseline
rules:
  response.resolution-time:
    params:
      targets:
        after_sales: {hours: 48, clock: calendar}
"""


def t(tid, **fields):
    base = {"id": tid, "customer_id": "C", "category": "problem", "description": "x",
            "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy"}
    return {**base, **fields}


def m(at, role="agent", kind="message", **extra):
    return {"at": at, "role": role, "kind": kind, "text": "...", **extra}


ANSWERED = "2025-10-09 09:30:00"
HANDED = [m("2025-10-09 10:00:00", "system", "handoff")]

#: rule -> (nothing to judge: tickets, reason), (some skipped: tickets, skipped)
CASES = {
    "response.first-reply": (
        [t("A", priority="P1", first_response_at=ANSWERED)],         # no target for P1
        "judged nothing: 1 × priority 'P1' has no target",
        [t("A", first_response_at=ANSWERED),                           # judged, in time
         t("B", priority="P2", first_response_at=ANSWERED)],          # skipped
        {"priority 'P2' has no target": 1},
    ),
    "response.first-reply-off-hours": (
        [t("A", first_response_at=ANSWERED)],                          # received in hours
        "no ticket in its scope",
        [t("A", created_at="2025-10-09 20:00:00", first_response_at="2025-10-09 21:00:00"),
         t("B", created_at="", first_response_at=ANSWERED)],         # when was it received?
        {"created_at missing": 1},
    ),
    "response.resolution-due": (
        [t("A", due_at="")],                                          # no promise made
        "no ticket in its scope",
        [t("A", due_at="2025-10-10 18:00:00", status="resolved",
           resolved_at="2025-10-10 12:00:00", resolution="ok"),
         t("B", due_at="今天下班前")],                                  # unreadable promise
        {"due_at unreadable": 1},
    ),
    "response.urgent-resolution": (
        [t("A")],                                                     # nothing urgent
        "no ticket in its scope",
        [t("A", priority="urgent", status="resolved", resolved_at="2025-10-09 10:00:00",
           resolution="ok"),
         t("B", priority="特急")],                                     # urgent? unknown
        {"priority '特急' is not a known value": 1},
    ),
    "response.resolution-time": (
        [t("A")],                                                     # no after-sales ticket
        "no ticket in its scope",
        [t("A", category="after_sales", status="resolved", resolved_at="2025-10-10 09:00:00",
           resolution="ok"),
         t("B", category="after_sales", status="resolved", resolution="ok")],
        {"resolved without resolved_at": 1},
    ),
    "response.handoff-feedback": (
        [t("A", events=[m(ANSWERED)])],                               # never handed off
        "no ticket in its scope",
        [t("A", events=[*HANDED, m("2025-10-09 11:00:00", kind="note", public=False)]),
         t("B", events=[*HANDED, m("2025-10-09 11:00:00", role=None)])],  # who wrote it?
        {"no role for message authors": 1},
    ),
    "response.progress-update": (
        [t("A", events=[m("2025-10-09 09:00:00", "customer")])],      # no agent ever wrote
        "judged nothing: 1 × no public agent message",
        [t("A", status="resolved", resolved_at="2025-10-09 10:00:00", resolution="ok",
           events=[m(ANSWERED)]),
         t("B", events=[m("2025-10-09 09:00:00", "customer")])],
        {"no public agent message": 1},
    ),
    "response.live-answer": (
        [t("A", channel="email", events=[m(ANSWERED)])],             # e-mail is not live
        "no ticket in its scope",
        [t("A", channel="chat", events=[m("2025-10-09 09:00:00", "customer"),
                                        m("2025-10-09 09:00:05")]),
         t("B", channel="chat", events=[m("2025-10-09 09:00:00", "customer")])],
        {"no public agent message": 1},
    ),
    "revisit.after-resolution": (
        [t("A", status="resolved", resolved_at="2025-10-10 09:00:00", resolution="ok",
           followup_at="")],                                          # nothing asks for one
        "no ticket in its scope",
        [t("A", category="complaint", status="resolved", resolved_at="2025-10-10 09:00:00",
           resolution="ok", followup_at="2025-10-11 09:00:00"),
         t("B", category="complaint", status="closed", resolution="ok", followup_at="")],
        {"resolved without resolved_at": 1},
    ),
    "kpi.first-reply-attainment": (
        [t(f"A{i}", first_response_at=ANSWERED) for i in range(3)],  # 3 tickets: no rate
        "judged nothing: 2 × fewer than 10 tickets",                   # overall, amy
        [t(f"A{i}", first_response_at=ANSWERED) for i in range(10)]
        + [t("B", first_response_at=ANSWERED, assignee="bob")],
        {"fewer than 10 tickets": 1},                                  # bob
    ),
    "kpi.satisfaction-average": (
        [t(f"A{i}", satisfaction=5) for i in range(3)],
        "judged nothing: 2 × fewer than 10 tickets",
        [t(f"A{i}", satisfaction=5) for i in range(10)] + [t("B", satisfaction=4, assignee="bob")],
        {"fewer than 10 tickets": 1},
    ),
    "kpi.abandonment-rate": (
        [t(f"A{i}", channel="phone", offered_at="2025-10-09 09:00:00",
           answered_at="2025-10-09 09:00:05") for i in range(3)],
        "judged nothing: 2 × fewer than 10 tickets",                   # overall, phone
        [t(f"A{i}", channel="phone", offered_at="2025-10-09 09:00:00",
           answered_at="2025-10-09 09:00:05") for i in range(10)]
        + [t("B", channel="chat", offered_at="2025-10-09 09:00:00",
             answered_at="2025-10-09 09:00:05")],
        {"fewer than 10 tickets": 1},                                  # chat
    ),
}


def _rule_line(svccheck, write, rule, tickets):
    path = write("t.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in tickets))
    standard = write("shop.yaml", SHOP)
    run = svccheck("check", path, "--profile", "generic", "--standard", standard,
                   "--format", "json", "--as-of", AS_OF, "--select", rule)
    assert run.code in (0, 1), run.err
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_nothing_to_judge_is_not_evaluated_with_a_reason(svccheck, write, rule):
    tickets, reason, _, _ = CASES[rule]
    line = _rule_line(svccheck, write, rule, tickets)
    assert line["status"] == "not_evaluated"
    assert line["checked"] == 0
    assert line["reason"] == reason


@pytest.mark.parametrize("rule", sorted(CASES))
def test_skips_make_a_rule_partial(svccheck, write, rule):
    _, _, tickets, skipped = CASES[rule]
    line = _rule_line(svccheck, write, rule, tickets)
    assert line["status"] == "partial"
    assert line["checked"] >= 1
    assert line["skipped"] == skipped


def test_every_time_rule_has_its_coverage_case():
    from svccheck.rules import kpi, response, revisit

    owned = {r.id for module in (response, revisit, kpi) for r in module.RULES}
    assert owned == set(CASES)
