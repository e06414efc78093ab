"""A raw value a profile maps to null is "no value": missing for every rule, never invalid.

Zendesk reports a survey that was never sent as satisfaction ``unoffered``;
teams write ``无`` into a priority they never set and ``未响应`` into a
first-response time that has not happened. The profile says these mean
"nothing here" -- so ``record.*`` must treat the cell as empty (a missing
value where one is required), never quote it as an unknown value, an
unreadable time or a rating off the scale.
"""

from __future__ import annotations

import json

ARGS = ("--format", "json", "--as-of", "2025-11-30")


def _zendesk_ticket(ticket_id: int, score: str) -> dict:
    return {
        "id": ticket_id, "requester_id": 9000 + ticket_id, "assignee_id": 42,
        "via": {"channel": "email"}, "type": "question", "priority": "normal",
        "status": "solved", "subject": f"Invoice {ticket_id}",
        "created_at": "2025-10-09T01:00:00Z", "solved_at": "2025-10-09T05:00:00Z",
        "satisfaction_rating": {"score": score},
    }


def test_zendesk_unoffered_and_offered_ratings_are_no_rating(svccheck, write):
    export = {"tickets": [
        _zendesk_ticket(1, "good"),
        _zendesk_ticket(2, "unoffered"),   # survey never sent: no rating
        _zendesk_ticket(3, "offered"),     # sent, never answered: no rating
        _zendesk_ticket(4, "excellent"),   # not a Zendesk score: a bad value
    ]}
    path = write("zendesk.json", json.dumps(export))
    run = svccheck("check", path, *ARGS, "--select",
                   "record.satisfaction-range,record.satisfaction-present")
    assert run.report["inputs"][0]["profile"] == "zendesk"
    # only the value the profile does not know is out of range ...
    assert [(f["ticket"], f["evidence"]) for f in run.findings("record.satisfaction-range")] == [
        ("4", "excellent")]
    # ... while the two "no rating" tickets are finished tickets without a rating
    assert run.tickets("record.satisfaction-present") == ["2", "3"]


PROFILE = """
    id: team-export
    fields:
      id: [Ticket]
      customer_id: [Client]
      priority: [Prio]
      status: [State]
      created_at: [Opened]
      first_response_at: [First reply]
      satisfaction: [CSAT]
    values:
      priority: {P1: urgent, P2: normal, 无: null}
      status: {WIP: in_progress, Done: resolved}
      first_response_at: {未响应: null}
      satisfaction: {未评价: null, 满意: "5"}
"""

# T1: every value known.  T2: priority 无, first reply 未响应, CSAT 未评价 -- all
# mapped to null: missing, not invalid.  T3: P7, "soon" and "meh" are values
# the profile does not know -- invalid, and quoted.
EXPORT = """
    Ticket,Client,Prio,State,Opened,First reply,CSAT
    T1,C1,P1,Done,2025-10-09 09:00,2025-10-09 09:05,满意
    T2,C2,无,WIP,2025-10-09 09:00,未响应,未评价
    T3,C3,P7,Done,2025-10-09 09:00,soon,meh
"""


def test_values_mapped_to_null_are_missing_for_every_record_rule(svccheck, write):
    profile = write("team.yaml", PROFILE)
    export = write("export.csv", EXPORT)
    run = svccheck("check", export, "--profile", profile, *ARGS, "--select", "record")
    evidence = {(f["rule"], f["ticket"], f["field"]): f["evidence"] for f in run.findings()}
    assert evidence[("record.allowed-values", "T3", "priority")] == "P7"
    assert evidence[("record.timestamp", "T3", "first_response_at")] == "soon"
    assert evidence[("record.satisfaction-range", "T3", "satisfaction")] == "meh"
    # T2's cells are never called invalid ...
    assert not [key for key in evidence
                if key[1] == "T2" and key[0] in ("record.allowed-values", "record.timestamp",
                                                  "record.satisfaction-range")]
    # ... and a required field mapped to null is reported missing, like an empty cell
    assert ("record.required-fields", "T2", "priority") in evidence
    assert ("record.required-fields", "T1", "priority") not in evidence


def test_a_time_field_maps_values_only_to_null(svccheck, write):
    profile = write("bad.yaml", """
        id: bad
        fields:
          id: [Ticket]
          created_at: [Opened]
        values:
          created_at: {昨天: "2025-10-08"}
    """)
    export = write("export.csv", "Ticket,Opened\nT1,昨天\n")
    run = svccheck("check", export, "--profile", profile, *ARGS)
    assert run.code == 2
    assert "bad.yaml" in run.err and "created_at" in run.err and "null" in run.err
    assert run.err.count("\n") == 1
