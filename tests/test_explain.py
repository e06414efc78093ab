"""``svccheck explain`` and ``svccheck rules --format json``: rules described for people and scripts."""

from __future__ import annotations

import json


def test_parameters_read_as_a_table_in_words(svccheck):
    run = svccheck("explain", "response.first-reply")
    assert run.code == 0
    table = run.out.split("parameters:\n", 1)[1]
    assert table.splitlines()[0].split() == ["parameter", "default", "accepts"]
    targets = next(line for line in table.splitlines() if line.split()[:1] == ["targets"])
    assert "urgent: 30 minutes (calendar); high: 1 hour" in targets
    assert "per priority (urgent, high," in targets
    assert "{" not in table  # no raw JSON Schema


def test_explain_a_family_lists_its_rules(svccheck):
    from svccheck.plugins import load_plugins

    family = sorted(r for r in load_plugins(entry_points_enabled=False).rules
                    if r.startswith("greeting."))
    run = svccheck("explain", "greeting")
    assert run.code == 0
    assert run.out.startswith(f"greeting: {len(family)} rule(s)")
    listed = [line.split()[0] for line in run.out.splitlines()[3:] if line.strip()][:len(family)]
    assert listed == family
    unknown = svccheck("explain", "greetings")
    assert unknown.code == 2 and "did you mean 'greeting'?" in unknown.err


def test_rules_as_json_for_scripts(svccheck):
    rules = json.loads(svccheck("rules", "--format", "json").out)
    first_reply = next(r for r in rules if r["id"] == "response.first-reply")
    assert first_reply["family"] == "response" and first_reply["severity"] == "error"
    assert first_reply["title"]["zh"] and first_reply["requires"] == ["created_at", "priority"]
    assert first_reply["params"]["targets"]["urgent"] == {"minutes": 30, "clock": "calendar"}
    # with a standard: its severities, clauses and parameters
    enabled = json.loads(svccheck("rules", "--standard", "cn-baseline", "--format", "json").out)
    live = next(r for r in enabled if r["id"] == "response.live-answer")
    assert live["severity"] == "warning" and live["clause"].startswith("002 2.1")
    assert live["params"]["targets"]["chat"] == {"seconds": 10, "clock": "calendar"}
