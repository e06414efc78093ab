"""--select and --ignore: narrowing a standard, and naming a rule it leaves out."""

from __future__ import annotations

EXPORT = """
id,customer_id,category,description,priority,status,created_at,assignee,satisfaction
T1,C1,problem,x,normal,closed,2025-10-09 09:00,amy,
T2,C2,problem,x,normal,closed,2025-10-09 09:00,,5
"""


def test_a_rule_named_in_select_runs_with_its_defaults(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--format", "json", "--select", "record.satisfaction-present")
    # not in cn-baseline, but named: it runs (with defaults) and nothing else does
    assert {f["rule"] for f in run.findings()} == {"record.satisfaction-present"}
    assert run.tickets("record.satisfaction-present") == ["T1"]


def test_a_family_in_select_only_narrows_the_standard(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--format", "json", "--select", "record")
    ran = {r["rule"] for r in run.report["summary"]["rules"]}
    assert "record.required-fields" in ran
    assert "record.satisfaction-present" not in ran  # the family does not add rules


def test_a_rule_without_default_params_must_be_configured(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--select", "response.resolution-time")
    assert run.code == 2
    assert "--select response.resolution-time: the rule has no defaults" in run.err


def test_an_unknown_rule_in_select_or_ignore_is_an_error_with_a_suggestion(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--select", "record.satisfaction-presnt")
    assert run.code == 2
    assert ("--select 'record.satisfaction-presnt': no such rule or family; did you mean "
            "'record.satisfaction-present'?") in run.err
    run = svccheck("check", path, "--ignore", "recrod")
    assert run.code == 2 and "--ignore 'recrod': no such rule or family" in run.err
