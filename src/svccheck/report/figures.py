"""The figures a QA lead's report adds to the findings, measured once per run.

KPI values (always, when the run has KPI rules), rates per assignee,
channel and day, the agent scorecard and the export's own words -- each
costs a pass over the tickets or a re-run of the KPI rules, so only what
the run's reports (or its history) use is measured: the text, JSON and
SARIF reports need the KPI values only; HTML, Markdown and
``--format scorecard`` need the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from svccheck.engines.contract import InputSummary, RunResult
from svccheck.engines.findings_frame import Frame
from svccheck.report import kpis as kpi_module
from svccheck.report import scorecard
from svccheck.report.export_words import ExportWords, export_words
from svccheck.report.kpis import KpiValue
from svccheck.report.rates import Rate, rates
from svccheck.rule import Rule
from svccheck.standards import ActiveRule

#: Formats that show rates, the scorecard and the export's words.
QA_FORMATS = frozenset({"html", "markdown", "scorecard"})


@dataclass
class Figures:
    kpis: list[KpiValue] = field(default_factory=list)
    #: The overall KPI values, rule -> value (what the history records).
    kpi_values: dict[str, float] = field(default_factory=dict)
    rates: dict[str, list[Rate]] | None = None
    words: ExportWords = field(default_factory=ExportWords)
    #: raw assignee -> name as shown; raw assignee -> {"first_reply": .., ...}
    names: dict[str, str] = field(default_factory=dict)
    agent_kpis: dict[str, dict[str, float]] = field(default_factory=dict)

    def history_agents(self) -> dict[str, tuple[int, int]]:
        if not self.rates:
            return {}
        return scorecard.history_counts(self.rates.get("assignee", []), self.names)

    def scorecard(self, findings: Frame, history: Sequence[Any] | None) -> (
            scorecard.Scorecard | None):
        if not self.rates or "assignee" not in self.rates:
            return None
        return scorecard.build(self.rates["assignee"], findings, self.agent_kpis, self.names,
                               history)


def measure(*, active: Sequence[ActiveRule], rules: Mapping[str, Rule], result: RunResult,
            rerun: Callable[[list[ActiveRule]], RunResult],
            tickets: Callable[[], pl.LazyFrame] | None, inputs: Sequence[InputSummary],
            findings: Frame, formats: Iterable[str], lang: str,
            history: bool) -> Figures:
    """What the run's reports (``formats``) and its history need, measured once."""
    out = Figures()
    if any(a.rule.id.startswith("kpi.") for a in active) or history:
        out.kpis, out.kpi_values = kpi_module.measure(active, rerun, result, lang)
    qa = bool(QA_FORMATS & set(formats))
    if tickets is None or not (qa or history):
        return out
    every = tickets()
    out.rates = rates(every, findings)
    out.names = scorecard.raw_agents(every)
    if qa:
        out.words = export_words(inputs, every)
        out.agent_kpis = kpi_module.agent_values(active, rules, rerun, out.names)
    return out
