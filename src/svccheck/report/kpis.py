"""KPI values always shown, overall and per agent.

A ``kpi.*`` rule reports only the groups below its floor, so a passing KPI
left no trace: the report said "passed" without the 94.4% a QA lead wants
to quote. Each KPI rule of the run is therefore measured once more, with its
bound out of reach (:func:`svccheck.history.kpi_values`, the same probe the
history records), and the report shows every value against its floor or
ceiling.

Per agent (the scorecard), the first-reply attainment and the average
satisfaction are measured the same way -- by the KPI rule itself, grouped by
assignee, every agent with a ticket counted -- so a scorecard and the KPI can
never disagree on how a figure is computed. A probe's finding names its
group only through its fingerprint (rule, field, ``group=name``; see
``svccheck.rules.kpi``), which is how the values are matched to agents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from svccheck.engines.contract import RunResult
from svccheck.engines.findings_frame import held
from svccheck.engines.rule_execution import fingerprint
from svccheck.history import kpi_values
from svccheck.rule import Rule
from svccheck.standards import ActiveRule, with_defaults

#: The per-agent figures of the scorecard: the KPI rule and the column name.
AGENT_KPIS: dict[str, str] = {
    "kpi.first-reply-attainment": "first_reply",
    "kpi.satisfaction-average": "satisfaction",
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_UNREACHABLE = {"floor": 1e12, "ceiling": -1e12}


@dataclass(frozen=True)
class KpiValue:
    """One KPI of the run: its overall value against its bound."""

    rule: str
    title: str
    #: The measured value (a rate 0-1, or an average on a scale); None when
    #: too few tickets (under the rule's minimum) gave one.
    value: float | None
    #: "floor" (at least) or "ceiling" (at most), and the bound itself.
    kind: str
    bound: float
    #: Groups (overall, per assignee or channel) the rule reported below its floor.
    failing_groups: int = 0

    @property
    def is_rate(self) -> bool:
        return not (self.bound > 1 or (self.value is not None and self.value > 1))

    def shown(self, value: float | None = None) -> str:
        v = self.value if value is None else value
        if v is None:
            return "–"
        return f"{v * 100:.1f}%" if self.is_rate else f"{v:.2f}"

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.bound - 1e-12 if self.kind == "floor" \
            else self.value <= self.bound + 1e-12

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "value": self.value, self.kind: self.bound,
                "met": self.met, "failing_groups": self.failing_groups}


def _value(evidence: str | None) -> float | None:
    match = _NUMBER.search(evidence or "")
    if match is None:
        return None
    value = float(match.group())
    return value / 100 if (evidence or "").strip().endswith("%") else value


def kpi_table(active: Sequence[ActiveRule], values: Mapping[str, float],
              result: RunResult, lang: str) -> list[KpiValue]:
    """Each KPI rule of the run with its overall value and bound."""
    failing: dict[str, int] = {}
    for rule_id, in held(result.findings.lazy().select("rule")).iter_rows():
        if rule_id.startswith("kpi."):
            failing[rule_id] = failing.get(rule_id, 0) + 1
    out = []
    for item in active:
        kind = next((k for k in _UNREACHABLE if k in item.params), None)
        if not item.rule.id.startswith("kpi.") or kind is None:
            continue
        out.append(KpiValue(rule=item.rule.id, title=item.rule.title_in(lang),
                            value=values.get(item.rule.id), kind=kind,
                            bound=float(item.params[kind]),
                            failing_groups=failing.get(item.rule.id, 0)))
    return out


def measure(active: Sequence[ActiveRule], rerun: Callable[[list[ActiveRule]], RunResult],
            result: RunResult, lang: str) -> tuple[list[KpiValue], dict[str, float]]:
    """The run's KPI table and the overall values (for the history too)."""
    values = kpi_values(active, rerun)
    return kpi_table(active, values, result, lang), values


def agent_values(active: Sequence[ActiveRule], rules: Mapping[str, Rule],
                 rerun: Callable[[list[ActiveRule]], RunResult],
                 agents: Iterable[str]) -> dict[str, dict[str, float]]:
    """Per raw assignee name: ``{"first_reply": 0.94, "satisfaction": 4.2}``.

    The KPI rule as the standard configures it (or with its defaults, when
    the standard leaves it out), grouped by assignee, every agent counted.
    """
    configured = {a.rule.id: a for a in active}
    probes = []
    for rule_id in AGENT_KPIS:
        base = configured.get(rule_id)
        if base is None and rule_id == "kpi.first-reply-attainment" \
                and "response.first-reply" not in configured:
            continue  # a standard that promises no first-reply time is not measured by one
        if base is None:
            if rule_id not in rules:
                continue
            base = with_defaults(rules[rule_id], "scorecard", strict=False)
            if base.blocked:
                continue
        params = dict(base.params)
        reply = configured.get("response.first-reply")
        if rule_id not in configured and reply is not None:
            # measured against the run's own first-reply targets
            params.update({k: v for k, v in reply.params.items() if k in params})
        kind = next((k for k in _UNREACHABLE if k in params), None)
        if kind is None:
            continue
        params.update({kind: _UNREACHABLE[kind], "group_by": ["assignee"]})
        for key in ("min_tickets", "min_policies"):
            if key in params:
                params[key] = 1
        probes.append(replace(base, params=params))
    if not probes:
        return {}
    found = held(rerun(probes).findings.lazy().select("rule", "field", "evidence",
                                                      "fingerprint"))
    by_print = {p: (r, f, e) for r, f, e, p in found.iter_rows()}
    out: dict[str, dict[str, float]] = {}
    fields = {r: f for r, f, _, _ in found.iter_rows()}
    for name in agents:
        for rule_id, column in AGENT_KPIS.items():
            if rule_id not in fields:
                continue
            hit = by_print.get(fingerprint(rule_id, None, fields[rule_id], f"assignee={name}"))
            value = _value(hit[2]) if hit is not None else None
            if value is not None:
                out.setdefault(name, {})[column] = value
    return out
