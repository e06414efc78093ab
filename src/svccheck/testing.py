"""Test helpers for rule authors, loaded by pytest through the ``pytest11`` entry point.

Installing svccheck makes the ``rule_runner`` fixture available in every test
suite, so a plugin's tests can run one rule on a handful of tickets::

    def test_asks_for_pin(rule_runner):
        result = rule_runner.run(no_secret_request, [
            {"id": "T1", "messages": [{"role": "agent", "text": "请告诉我您的密码"}]},
        ])
        result.assert_tickets(["T1"])

Tickets are written to a file and read back through the real readers and
profiles -- a CSV string is read as a CSV export (profile detected from its
headers, as ``svccheck check`` does), a list of dicts as JSONL with the
canonical field names -- so a rule is tested on exactly the values it will
see in production: parsed timestamps, canonical categories, events in time
order. Cases can also live in YAML files beside the rule (pass and fail
cases, as sqlfluff keeps them) and run through the same helper::

    @pytest.mark.parametrize("case", rule_cases(HERE / "no_secret_request.yaml"))
    def test_yaml_cases(rule_runner, case):
        rule_runner.check_case(no_secret_request, case)

A rule the helper could not evaluate (its required fields missing) fails
the test instead of passing with no findings: a test that cannot fail is
worse than none.

Times are judged on a standard's business calendar, as ``svccheck check``
judges them: ``cn-baseline``'s by default (Asia/Shanghai, 09:00-18:00 on
working days, China's statutory holidays and make-up days), another
standard's with ``standard=`` (a YAML case: ``standard:``), or a
``calendar=`` mapping of your own.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from svccheck.calendar import BusinessCalendar
from svccheck.coverage import Coverage
from svccheck.coverage import status as coverage_status
from svccheck.engines.memory import run
from svccheck.io.base import ReadOptions
from svccheck.io.load import load_audit, resolve_profile
from svccheck.io.profiles import Profile, load_profiles
from svccheck.plugins import Registry, check_params_schema, load_plugins
from svccheck.rule import Rule
from svccheck.standards import ActiveRule, load_standard
from svccheck.yamlsource import load_yaml

__all__ = ["RuleCase", "RuleResult", "RuleRunner", "rule_cases", "rule_runner"]

#: The export moment tests use unless they pass their own ``as_of``.
DEFAULT_AS_OF = "2025-11-30 18:00"
#: The standard whose calendar rules are tested on unless a test names another.
DEFAULT_STANDARD = "cn-baseline"


@dataclass
class RuleResult:
    """What one rule found: findings as the JSON report shows them."""

    rule: Rule
    findings: list[dict[str, Any]]
    evaluated: bool
    reason: str | None = None
    #: Tickets (or groups) the rule judged, and those it skipped by reason.
    checked: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``passed``, ``failed``, ``partial`` or ``not_evaluated``, as the report says."""
        coverage = Coverage(self.checked, self.skipped) if self.evaluated else None
        return coverage_status(self.evaluated, coverage, len(self.findings))

    @property
    def tickets(self) -> list[str | None]:
        """Ticket ids with a finding, in report order (repeated per finding)."""
        return [f["ticket"] for f in self.findings]

    def assert_tickets(self, expected: Sequence[str]) -> None:
        """The tickets with findings are exactly ``expected`` (order ignored)."""
        actual = sorted(t or "" for t in self.tickets)
        if actual != sorted(expected):
            raise AssertionError(
                f"{self.rule.id}: expected findings on {sorted(expected)}, got {actual}\n"
                + self.describe()
            )

    def assert_findings(self, expected: Sequence[Mapping[str, Any]]) -> None:
        """Each finding matches one expected mapping on the keys it gives.

        ``{"ticket": "T1", "field": "description"}`` checks those two keys; a
        ``message`` or ``evidence`` value is checked as a substring.
        """
        unmatched = list(self.findings)
        for want in expected:
            hit = next((f for f in unmatched if _matches(f, want)), None)
            if hit is None:
                raise AssertionError(
                    f"{self.rule.id}: no finding matches {dict(want)}\n" + self.describe()
                )
            unmatched.remove(hit)
        if unmatched:
            raise AssertionError(
                f"{self.rule.id}: {len(unmatched)} finding(s) not expected\n" + self.describe()
            )

    def describe(self) -> str:
        lines = [f"  {f['ticket']} row {f['row']} {f['field']}: {f['message']}"
                 + (f" [{f['evidence']}]" if f["evidence"] else "") for f in self.findings]
        return "findings:\n" + ("\n".join(lines) if lines else "  (none)")


def _matches(found: Mapping[str, Any], want: Mapping[str, Any]) -> bool:
    for key, value in want.items():
        if key in ("message", "evidence"):
            if value not in (found.get(key) or ""):
                return False
        elif found.get(key) != value:
            return False
    return True


@dataclass
class RuleCase:
    """One case from a YAML rule-case file."""

    rule: str
    name: str
    tickets: list[dict[str, Any]] | str
    expect: list[Any]
    params: dict[str, Any] = field(default_factory=dict)
    profile: str | None = None
    as_of: str = DEFAULT_AS_OF
    #: The standard whose calendar the case runs on (an id or a path).
    standard: str = DEFAULT_STANDARD
    where: str = ""


def load_rule_cases(path: Path) -> list[RuleCase]:
    """Read a rule-case file: ``rule`` and a list of ``cases``.

    Each case has a ``name``, tickets as ``tickets`` (a list of mappings) or
    ``csv`` (an export as text), and ``expect``: the ticket ids with a
    finding, or mappings as :meth:`RuleResult.assert_findings` takes; an
    empty ``expect`` is a case that must pass. ``params``, ``profile``,
    ``as_of`` and ``standard`` (whose calendar the case runs on; default
    cn-baseline) are optional.
    """
    doc = load_yaml(path, "rule-case file")
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("rule"), str) \
            or not isinstance(data.get("cases"), list):
        raise ValueError(f"{path}: a rule-case file needs 'rule' (an id) and 'cases' (a list)")
    cases: list[RuleCase] = []
    for index, item in enumerate(data["cases"]):
        where = f"{path}: cases[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where}: each case needs a 'name'")
        if ("tickets" in item) == ("csv" in item):
            raise ValueError(f"{where} ({item['name']}): give exactly one of 'tickets', 'csv'")
        if not isinstance(item.get("expect"), list):
            raise ValueError(f"{where} ({item['name']}): 'expect' must be a list ([] = passes)")
        unknown = set(item) - {"name", "tickets", "csv", "expect", "params", "profile", "as_of",
                               "standard"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        cases.append(RuleCase(
            rule=data["rule"], name=item["name"],
            tickets=item["csv"] if "csv" in item else item["tickets"],
            expect=item["expect"], params=item.get("params") or {},
            profile=item.get("profile"), as_of=str(item.get("as_of", DEFAULT_AS_OF)),
            standard=str(item.get("standard", DEFAULT_STANDARD)),
            where=f"{where} ({item['name']})",
        ))
    return cases


def rule_cases(path: str | Path) -> list[Any]:
    """The cases of a YAML file as ``pytest.param`` s, for ``parametrize("case", ...)``."""
    return [pytest.param(case, id=case.name) for case in load_rule_cases(Path(path))]


@cache
def _builtins() -> Registry:
    # Readers and profiles only come from svccheck itself: a broken plugin
    # installed next to the one under test must not fail its tests.
    return load_plugins(entry_points_enabled=False)


class RuleRunner:
    """Runs one rule on tickets written inline; see the module docstring."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._count = 0

    def run(
        self,
        rule: Rule,
        tickets: Sequence[Mapping[str, Any]] | str,
        *,
        params: Mapping[str, Any] | None = None,
        profile: str | Path | None = None,
        as_of: str | datetime = DEFAULT_AS_OF,
        lang: str = "en",
        calendar: Mapping[str, Any] | None = None,
        standard: str = DEFAULT_STANDARD,
        allow_not_evaluated: bool = False,
    ) -> RuleResult:
        """Run ``rule`` on ``tickets``: a CSV export as a string, or ticket dicts.

        ``params`` are merged over the rule's defaults and validated against
        its schema. Times are judged on ``standard``'s calendar (an id or a
        path; default cn-baseline), or on ``calendar``, a standard's
        ``calendar`` mapping (time zone, working hours, holidays), when given.
        """
        check_params_schema(rule, "under test")
        merged = {**rule.default_params(), **(params or {})}
        errors = list(jsonschema.Draft202012Validator(rule.params_schema).iter_errors(merged))
        if errors:
            raise ValueError(f"{rule.id}: invalid params {merged}: {errors[0].message}")
        path = self._write(tickets)
        registry = _builtins()
        profiles: dict[str, Profile] = load_profiles(registry.profile_files)
        if profile is None and not isinstance(tickets, str):
            profile = "generic"  # dicts are keyed by canonical field names
        chosen = resolve_profile(str(profile), profiles) if profile is not None else None
        config = dict(calendar) if calendar is not None else dict(
            load_standard(standard, registry.standard_dirs).calendar)
        tz = config.get("timezone", "UTC")
        audit = load_audit([path], readers=registry.readers, profiles=profiles,
                           profile=chosen, timezone=tz, options=ReadOptions())
        active = ActiveRule(rule=rule, severity=rule.severity, params=merged,
                            clause=rule.clause)
        when = as_of if isinstance(as_of, datetime) else datetime.fromisoformat(as_of)
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(tz))
        result = run(audit, [active], lang=lang, as_of=when,
                     calendar=BusinessCalendar.from_config(config, "calendar"))
        outcome = result.outcomes[0]
        if not outcome.evaluated and not allow_not_evaluated:
            raise AssertionError(
                f"{rule.id} was not evaluated on these tickets: {outcome.reason}"
            )
        columns = ["rule", "severity", "ticket", "row", "field", "message", "evidence",
                   "clause"]
        coverage = outcome.coverage
        return RuleResult(rule=rule, findings=result.findings.select(columns).to_dicts(),
                          evaluated=outcome.evaluated, reason=outcome.reason,
                          checked=coverage.checked if coverage is not None else 0,
                          skipped=dict(coverage.skipped) if coverage is not None else {})

    def check_case(self, rule: Rule, case: RuleCase) -> RuleResult:
        """Run one YAML case and assert its ``expect``."""
        if case.rule != rule.id:
            raise AssertionError(f"{case.where}: the file is for {case.rule!r}, not {rule.id!r}")
        result = self.run(rule, case.tickets, params=case.params, profile=case.profile,
                          as_of=case.as_of, standard=case.standard)
        try:
            if all(isinstance(e, str) for e in case.expect):
                result.assert_tickets(case.expect)
            else:
                result.assert_findings(
                    [e if isinstance(e, Mapping) else {"ticket": e} for e in case.expect]
                )
        except AssertionError as exc:
            raise AssertionError(f"{case.where}: {exc}") from None
        return result

    def _write(self, tickets: Sequence[Mapping[str, Any]] | str) -> Path:
        self._count += 1
        if isinstance(tickets, str):
            path = self.directory / f"export-{self._count}.csv"
            path.write_text(textwrap.dedent(tickets).lstrip("\n"), encoding="utf-8")
        else:
            path = self.directory / f"export-{self._count}.jsonl"
            lines = [json.dumps(dict(t), ensure_ascii=False, default=str) for t in tickets]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


@pytest.fixture
def rule_runner(tmp_path: Path) -> RuleRunner:
    """Run one rule on tickets given inline (dicts or a CSV string) and check its findings."""
    return RuleRunner(tmp_path)
