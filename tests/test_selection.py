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


def test_a_family_in_select_runs_the_whole_family_as_ruff_does(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--format", "json", "--select", "record")
    lines = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert "record.required-fields" in lines
    # not enabled by cn-baseline, but loaded: --select record runs it with its defaults
    assert lines["record.satisfaction-present"]["status"] == "failed"
    assert run.tickets("record.satisfaction-present") == ["T1"]
    assert not any(rule.startswith("response.") for rule in lines)


def test_a_selected_family_lists_a_rule_it_cannot_run_with_defaults(svccheck, write):
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--format", "json", "--select", "response")
    assert run.code in (0, 1), run.err
    line = next(r for r in run.report["summary"]["rules"]
                if r["rule"] == "response.resolution-time")
    assert line["status"] == "not_evaluated"
    assert "no defaults for its parameters" in line["reason"]


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


PLUGIN = '''
import polars as pl
from svccheck.plugin import columnar_rule, hookimpl


@columnar_rule(id="acme-vip.named-owner", title={"zh": "VIP", "en": "VIP"}, scope="ticket",
               requires=("assignee",))
def named_owner(ctx):
    """Every ticket has an owner."""
    ctx.cover(ctx.tickets)
    return ctx.findings(ctx.tickets.filter(pl.col("assignee").is_null()), message="no owner")


@hookimpl
def svccheck_rules():
    return [named_owner]
'''


def test_select_runs_an_installed_plugin_family_the_standard_does_not_enable(
        svccheck, write, tmp_path):
    """Selecting a plugin's family ran only record.readable-row and passed, exit 0."""
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "acme_vip.py").write_text(PLUGIN, encoding="utf-8")
    path = write("t.csv", EXPORT)
    run = svccheck("check", path, "--plugins-dir", tmp_path / "plugins", "--select", "acme-vip",
                   "--format", "json")
    assert run.code == 1
    assert run.tickets("acme-vip.named-owner") == ["T2"]
    misspelt = svccheck("check", path, "--plugins-dir", tmp_path / "plugins", "--select",
                        "acme-vp")
    assert misspelt.code == 2
    assert "--select 'acme-vp': no such rule or family; did you mean 'acme-vip'?" in misspelt.err
