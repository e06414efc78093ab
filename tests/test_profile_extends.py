"""``extends:`` for profiles, and ``svccheck profiles show``.

A team whose export renames three headers of a Zendesk or response-record
export writes those three aliases, not a copy of the built-in profile. The
merge rules (profile_files.py, docs/profiles.md): aliases are added to the
parent's, the file's first; value maps merge per field and raw value;
events merge key by key; detect merges key by key; ticket_id and
events.lists replace; id, title and description are the file's own.
"""

from __future__ import annotations

import json

import yaml

from svccheck.io.profile_files import SHIPPED_DIR, load_profile

ARGS = ("--format", "json", "--as-of", "2025-11-30 18:00")

# The response-record template with two headers renamed (手机号, 首次回复时间) and
# a priority written P1/P2: the cn-response-record profile reads neither.
EXPORT = """
    工单编号,客户编号,手机号,诉求类型,问题描述,紧急程度,处理状态,受理时间,首次回复时间,负责人
    GD-1,C1,138****5678,咨询类,发票,P1,处理中,2025-10-09 09:00,2025-10-09 09:40,客服专员张敏
    GD-2,C2,13912345678,问题类,无法登录,P2,处理中,2025-10-09 10:00,2025-10-09 10:05,客服专员李雷
"""
TEAM = """
    id: team-records
    extends: cn-response-record
    fields:
      contact: [手机号]
      first_response_at: [首次回复时间]
    values:
      priority: {P1: urgent, P2: normal}
"""


def test_three_lines_extend_a_shipped_profile(svccheck, write):
    export = write("export.csv", EXPORT)
    team = write("team.yaml", TEAM)
    before = svccheck("check", export, *ARGS)
    assert before.report["inputs"][0]["profile"] == "cn-response-record"
    assert "手机号" in before.report["inputs"][0]["unused_columns"]
    run = svccheck("check", export, "--profile", team, *ARGS)
    item = run.report["inputs"][0]
    assert item["profile"] == "team-records"
    assert item["mapping"]["手机号"] == "contact"
    assert item["mapping"]["首次回复时间"] == "first_response_at"
    assert item["mapping"]["紧急程度"] == "priority"  # the parent's aliases still apply
    assert item["unused_columns"] == []
    assert item["unmapped_values"] == {}
    # the parent's value maps still apply beside the file's (咨询类, 处理中 ...)
    assert not run.findings("record.allowed-values")
    # GD-1 is urgent (P1): its 40-minute first reply is over the 30-minute target
    assert run.tickets("response.first-reply") == ["GD-1"]
    # the renamed contact column is checked now: GD-2 shows a whole mobile number
    assert run.tickets("privacy.unmasked-contact") == ["GD-2"]


def test_merge_rules(write, tmp_path):
    (tmp_path / "sub").mkdir()
    write("base.yaml", """
        id: base
        title: Base export
        description: the parent
        detect: {min_matches: 2, require_any: [Ticket]}
        ticket_id: id
        fields:
          id: [Ticket]
          priority: [Prio, Priority]
        values:
          priority: {P1: urgent, P2: normal}
          status: {Done: resolved}
        events:
          lists: [comments]
          fields: {ticket_id: [ticket], text: [body]}
          values: {kind: {reply: message}}
          defaults: {kind: message, public: "true"}
          author_roles: {table: users, key: author, id: id, role: role, values: {agent: agent}}
    """)
    child = write("sub/child.yaml", """
        id: child
        extends: ../base.yaml
        detect: {min_matches: 1}
        ticket_id: customer_id
        fields:
          priority: [Urgency, Prio]
          customer_id: [Client]
        values:
          priority: {P2: low, P3: high}
        events:
          lists: [messages]
          fields: {text: [content]}
          values: {kind: {note: note}}
          defaults: {public: "false"}
          author_roles: {values: {end-user: customer}}
    """)
    profile = load_profile(child)
    assert profile.id == "child" and profile.title == "child"  # never inherited
    assert profile.description is None
    assert profile.chain == ["base", "child"]
    assert profile.min_matches == 1 and profile.require_any == ["Ticket"]
    assert profile.ticket_id == "customer_id"
    assert profile.fields == {"id": ["Ticket"], "priority": ["Urgency", "Prio", "Priority"],
                              "customer_id": ["Client"]}
    assert profile.values == {"priority": {"P1": "urgent", "P2": "low", "P3": "high"},
                              "status": {"Done": "resolved"}}
    events = profile.events
    assert events["lists"] == ["messages"]
    assert events["fields"] == {"ticket_id": ["ticket"], "text": ["content", "body"]}
    assert events["values"] == {"kind": {"reply": "message", "note": "note"}}
    assert events["defaults"] == {"kind": "message", "public": "false"}
    assert events["author_roles"] == {"table": "users", "key": "author", "id": "id",
                                      "role": "role",
                                      "values": {"agent": "agent", "end-user": "customer"}}


def test_several_parents_merge_in_order(write):
    write("a.yaml", "id: a\nfields: {id: [A]}\nvalues: {priority: {X: urgent}}\n")
    write("b.yaml", "id: b\nfields: {id: [B]}\nvalues: {priority: {X: low}}\n")
    both = write("both.yaml", "id: both\nextends: [a.yaml, b.yaml]\n")
    profile = load_profile(both)
    assert profile.fields == {"id": ["B", "A"]}
    assert profile.values == {"priority": {"X": "low"}}
    assert profile.chain == ["a", "b", "both"]


def test_extends_errors_name_the_file(svccheck, write):
    export = write("export.csv", EXPORT)
    write("one.yaml", "id: one\nextends: two.yaml\nfields: {id: [工单编号]}\n")
    two = write("two.yaml", "id: two\nextends: one.yaml\n")
    run = svccheck("check", export, "--profile", two, *ARGS)
    assert run.code == 2
    assert "cycle" in run.err and "one.yaml" in run.err and "two.yaml" in run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err

    missing = write("missing.yaml", "id: missing\nextends: zendesk-v2\n")
    run = svccheck("check", export, "--profile", missing, *ARGS)
    assert run.code == 2
    assert "missing.yaml:2" in run.err and "unknown profile 'zendesk-v2'" in run.err

    gone = write("gone.yaml", "id: gone\nextends: ./nowhere.yaml\n")
    run = svccheck("check", export, "--profile", gone, *ARGS)
    assert run.code == 2 and "nowhere.yaml" in run.err and "not found" in run.err

    bare = write("bare.yaml", "id: bare\n")
    run = svccheck("check", export, "--profile", bare, *ARGS)
    assert run.code == 2 and "bare.yaml" in run.err

    roles = write("roles.yaml", """
        id: roles
        extends: generic
        events: {author_roles: {values: {staff: agent}}}
    """)
    run = svccheck("check", export, "--profile", roles, *ARGS)
    assert run.code == 2 and "roles.yaml:3" in run.err and "table, key, id, role" in run.err


def test_a_value_map_must_lead_to_a_canonical_value(svccheck, write):
    export = write("export.csv", EXPORT)
    typo = write("typo.yaml", """
        id: typo
        extends: cn-response-record
        values:
          priority: {P1: urgent, P2: medium}
    """)
    run = svccheck("check", export, "--profile", typo, *ARGS)
    assert run.code == 2
    assert "typo.yaml:4" in run.err and "'medium' is not a priority" in run.err
    assert "urgent, high, normal, low" in run.err


def test_profiles_show_prints_the_resolved_profile(svccheck, write):
    team = write("team.yaml", TEAM)
    run = svccheck("profiles", "show", team)
    assert run.code == 0, run.err
    assert run.out.startswith("# profile team-records, resolved (cn-response-record → "
                              "team-records)\n")
    shown = yaml.safe_load(run.out)
    assert "extends" not in shown
    assert shown["fields"]["contact"] == ["手机号", "联系方式", "联系电话", "客户电话", "手机号码"]
    assert shown["values"]["priority"]["P1"] == "urgent"
    assert shown["values"]["priority"]["紧急"] == "urgent"
    # what it prints is a profile of its own: loaded back, it is the same profile
    again = write("shown.yaml", run.out)
    assert load_profile(again).data == load_profile(team).data


def test_profiles_show_by_id_and_listing(svccheck):
    run = svccheck("profiles", "show", "zendesk")
    assert run.code == 0
    assert yaml.safe_load(run.out) == load_profile(SHIPPED_DIR / "zendesk.yaml").data
    assert "unoffered: null" in run.out
    listing = svccheck("profiles")
    assert listing.code == 0
    assert {"generic", "zendesk", "cn-response-record"} <= {
        line.split()[0] for line in listing.out.splitlines()[2:]}
    unknown = svccheck("profiles", "show", "zendesc")
    assert unknown.code == 2 and "unknown profile 'zendesc'" in unknown.err
    bare = svccheck("profiles", "show")
    assert bare.code == 2 and "profiles show: give" in bare.err


def test_a_profile_extending_another_is_detected_like_any(svccheck, write, tmp_path):
    """A plugin's profile may extend a shipped one by id; detection uses the merged one."""
    (tmp_path / "plugins").mkdir()
    write("plugins/acme_profiles.py", f"""
        from pathlib import Path
        from svccheck.hookspecs import hookimpl

        @hookimpl
        def svccheck_profiles():
            return [Path({str(tmp_path / "acme.yaml")!r})]
    """)
    write("acme.yaml", """
        id: acme
        extends: zendesk
        detect: {require_any: [acme_ticket_id]}
        fields:
          id: [acme_ticket_id]
    """)
    export = write("acme.json", json.dumps({"tickets": [
        {"acme_ticket_id": "A1", "requester_id": 7, "via": {"channel": "web"},
         "subject": "", "status": "open", "created_at": "2025-10-09T01:00:00Z"}]}))
    run = svccheck("check", export, "--plugins-dir", tmp_path / "plugins", *ARGS)
    assert run.code in (0, 1), run.err
    assert run.report["inputs"][0]["profile"] == "acme"
    assert run.report["inputs"][0]["mapping"]["acme_ticket_id"] == "id"
