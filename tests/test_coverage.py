"""A rule says what it judged: ``checked``, ``skipped`` by reason, and a status that follows.

Two plugin rules written as a team would (one columnar, one per ticket)
judge tickets by priority and skip those whose priority they cannot place.
The export holds, ticket by ticket:

    T1  urgent   judged, late            -> finding
    T2  normal   judged, in time
    T3  P2       skipped: priority 'P2' has no target
    T4  P2       skipped: priority 'P2' has no target
    T5  (empty)  skipped: no priority

Every engine reports the same coverage (the stream engine sums its parts).
"""

from __future__ import annotations

import textwrap

import pytest

from svccheck.coverage import Coverage, capped, describe, from_counts, status

EXPORT = """\
id,priority,created_at,first_response_at
T1,urgent,2025-11-03 09:00,2025-11-03 12:00
T2,normal,2025-11-03 09:00,2025-11-03 09:30
T3,P2,2025-11-03 09:00,2025-11-03 09:10
T4,P2,2025-11-03 09:00,2025-11-03 09:10
T5,,2025-11-03 09:00,2025-11-03 09:10
"""

PLUGIN = '''
import polars as pl
from svccheck.plugin import columnar_rule, finding, hookimpl, skip, ticket_rule

HOURS = {"urgent": 1, "normal": 4}


@columnar_rule(id="cov.columnar", title={"zh": "c", "en": "c"}, scope="ticket",
               requires=("priority", "created_at", "first_response_at"))
def columnar(ctx):
    """Late by priority, columnar."""
    frame = ctx.tickets.with_columns(
        pl.col("priority").replace_strict(HOURS, default=None, return_dtype=pl.Int64)
        .alias("_hours"),
        ((pl.col("first_response_at") - pl.col("created_at")).dt.total_hours()).alias("_took"))
    ctx.cover(frame, skip=pl.when(pl.col("_raw_priority").is_null()).then(pl.lit("no priority"))
              .when(pl.col("_hours").is_null())
              .then(pl.format("priority '{}' has no target", pl.col("_raw_priority"))))
    return ctx.findings(frame.filter(pl.col("_took") > pl.col("_hours")), message="late")


@ticket_rule(id="cov.ticket", title={"zh": "t", "en": "t"},
             requires=("priority", "created_at", "first_response_at"))
def per_ticket(ticket, events, ctx):
    """Late by priority, one ticket at a time."""
    hours = HOURS.get(ticket["priority"])
    if ticket["priority"] is None and ticket["_raw_priority"] is None:
        yield skip(ctx, zh="没有紧急程度", en="no priority")
        return
    if hours is None:
        yield skip(ctx, zh="无目标", en=f"priority '{ticket['_raw_priority']}' has no target")
        return
    took = (ticket["first_response_at"] - ticket["created_at"]).total_seconds() / 3600
    if took > hours:
        yield finding(ctx, zh="晚", en="late")


@hookimpl
def svccheck_rules():
    return [columnar, per_ticket]
'''


@pytest.fixture
def audit(tmp_path, svccheck):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "coverage_rules.py").write_text(PLUGIN, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    standard = tmp_path / "standard.yaml"
    standard.write_text(textwrap.dedent("""\
        id: cov
        title: cov
        version: "1"
        rules:
          cov.columnar:
          cov.ticket:
        """), encoding="utf-8")

    def run(*extra: str, export_path=export):
        return svccheck("check", export_path, "--profile", "generic", "--standard", standard,
                        "--plugins-dir", tmp_path / "plugins", "--as-of", "2025-11-30 18:00",
                        *extra)

    return run


@pytest.mark.parametrize("engine", [("--engine", "memory"), ("--engine", "stream", "--parts",
                                                               "3")])
@pytest.mark.parametrize("rule", ["cov.columnar", "cov.ticket"])
def test_a_rule_reports_what_it_judged_and_why_it_skipped_the_rest(audit, engine, rule):
    run = audit("--format", "json", *engine)
    line = next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)
    assert line["status"] == "failed"  # T1 is late; the skips are still listed
    assert (line["checked"], line["skipped"]) == (
        2, {"priority 'P2' has no target": 2, "no priority": 1})
    assert run.tickets(rule) == ["T1"]


def test_skips_without_a_finding_are_partial_and_the_text_says_what_was_skipped(
        audit, tmp_path):
    export = tmp_path / "in-time.csv"
    export.write_text(EXPORT.replace("2025-11-03 12:00", "2025-11-03 09:20"), encoding="utf-8")
    run = audit("--format", "json", export_path=export)
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["cov.columnar"]["status"] == rules["cov.ticket"]["status"] == "partial"
    assert run.report["summary"]["rule_counts"]["partial"] == 2
    text = audit(export_path=export).out
    assert ("judged 2 of 5 tickets; 3 skipped: 2 × priority 'P2' has no target; "
            "1 × no priority") in text
    assert text.splitlines()[-1].endswith(
        "passed (--fail-on error) — 3 rules judged, 2 partial, 0 not evaluated")


def test_a_rule_that_judged_nothing_is_not_evaluated_never_passed(audit, tmp_path):
    export = tmp_path / "unmapped.csv"
    export.write_text(EXPORT.replace("urgent", "P1").replace("normal", "P3"), encoding="utf-8")
    run = audit("--format", "json", export_path=export)
    assert run.code == 0  # nothing found; --require makes the gate demand coverage
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    for rule in ("cov.columnar", "cov.ticket"):
        assert rules[rule]["status"] == "not_evaluated"
        assert rules[rule]["checked"] == 0
        assert "judged nothing" in rules[rule]["reason"]
        assert "priority 'P1' has no target" in rules[rule]["reason"]


def test_coverage_adds_up_and_keeps_reasons_few():
    one = from_counts([(None, 3), ("a", 1)])
    two = from_counts([(None, 2), ("a", 2), ("b", 1)])
    assert one.add(two) == Coverage(5, {"a": 3, "b": 1})
    many = capped({f"value {i}": 1 for i in range(80)} | {"common": 9})
    assert len(many) == 50 and many["common"] == 9 and many["other reasons"] == 32
    assert sum(many.values()) == 89


def test_status_and_description():
    assert status(True, Coverage(3), 0) == "passed"
    assert status(True, Coverage(3, {"x": 1}), 0) == "partial"
    assert status(True, Coverage(3, {"x": 1}), 2) == "failed"
    assert status(True, Coverage(0, {"x": 4}), 0) == "not_evaluated"
    assert status(False, None, 0) == "not_evaluated"
    assert describe(Coverage(4, {}, "groups")) == "judged 4 groups"
    assert describe(Coverage(1, {"x": 2}), "zh") == "已判定 1/3 张工单，跳过 2：2 × x"


def test_a_reason_quoting_a_phone_number_is_masked():
    coverage = from_counts([("contact '13812345678' unreadable", 1)])
    assert list(coverage.skipped) == ["contact '138****5678' unreadable"]


def test_a_rule_that_judges_every_ticket_counts_every_ticket(svccheck, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    run = svccheck("check", export, "--profile", "generic", "--select",
                   "record.required-fields,record.status-consistency", "--format", "json")
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert (rules["record.required-fields"]["checked"],
            rules["record.required-fields"]["skipped"]) == (5, {})
    # the export has no status column: the rule cannot run at all
    assert rules["record.status-consistency"]["status"] == "not_evaluated"
    assert rules["record.status-consistency"]["reason"] == "export has no status"
