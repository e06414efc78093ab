"""The agent scorecard: what QA teams otherwise build by hand from these exports.

One line per agent (assignee): tickets handled, the share clean (no active
finding), active findings per rule family, first-reply attainment and
average satisfaction (measured by the KPI rules themselves, per agent:
:mod:`svccheck.report.kpis`), the rules the agent's tickets broke most, and
-- with ``--history`` -- the share clean over the recorded runs.

Shown as a section of the HTML and Markdown reports and written alone by
``--format scorecard`` (CSV, one agent a row, for the spreadsheet the team
already keeps). Agents are named as every report names them: masked where a
name holds a personal value. The history keeps only a one-way key per agent
(:func:`svccheck.history.agent_key`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from svccheck.engines.findings_frame import Frame, held
from svccheck.history import agent_key
from svccheck.hookspecs import hookimpl
from svccheck.pii import redact
from svccheck.report.rates import Rate

#: Rules listed per agent as "broken most".
TOP_RULES = 3


@dataclass
class AgentCard:
    """One agent's line of the scorecard."""

    agent: str | None
    tickets: int
    clean: int
    #: Active findings per rule family.
    families: dict[str, int] = field(default_factory=dict)
    #: The rules with the most active findings on the agent's tickets: (rule, findings).
    top_rules: list[tuple[str, int]] = field(default_factory=list)
    first_reply: float | None = None
    satisfaction: float | None = None
    #: Share clean per recorded run, oldest first, this run last (``--history``).
    trend: list[float | None] = field(default_factory=list)

    @property
    def clean_share(self) -> float | None:
        return self.clean / self.tickets if self.tickets else None

    def to_dict(self) -> dict[str, Any]:
        return {"agent": self.agent, "tickets": self.tickets, "clean": self.clean,
                "clean_share": self.clean_share, "families": dict(self.families),
                "top_rules": [{"rule": r, "findings": n} for r, n in self.top_rules],
                "first_reply_attainment": self.first_reply,
                "satisfaction_average": self.satisfaction, "trend": list(self.trend)}


@dataclass
class Scorecard:
    """Every agent of the run, most tickets first, and the families shown as columns."""

    agents: list[AgentCard]
    families: list[str]
    #: Labels of the recorded runs the trend covers (``#3 2025-11-30``), or empty.
    runs: list[str] = field(default_factory=list)


def raw_agents(tickets: pl.LazyFrame) -> dict[str, str]:
    """Raw assignee name -> the name as reports show it (masked where needed)."""
    if "assignee" not in tickets.collect_schema():
        return {}
    names = (tickets.select(pl.col("assignee").cast(pl.String)).drop_nulls().unique()
             .collect(engine="streaming").to_series().to_list())
    return {name: redact(name) or name for name in names}


def build(rates: Sequence[Rate], findings: Frame,
          agent_kpis: Mapping[str, Mapping[str, float]], shown_names: Mapping[str, str],
          history: Sequence[Any] | None = None) -> Scorecard:
    """The scorecard from the assignee rates, the active findings and the per-agent KPIs.

    ``agent_kpis`` and ``shown_names`` are keyed by the raw assignee name;
    ``history`` is the recorded runs (oldest first, this one last), if any.
    """
    per = held(findings.lazy().filter(pl.col("assignee").is_not_null())
               .group_by("assignee", "rule").len())
    counts: dict[str, dict[str, int]] = {}
    for agent, rule, n in per.iter_rows():
        counts.setdefault(agent, {})[rule] = int(n)
    families = sorted({rule.split(".", 1)[0] for rules in counts.values() for rule in rules})
    by_shown: dict[str, dict[str, float]] = {}
    keys: dict[str, str] = {}
    for raw, shown in shown_names.items():
        keys.setdefault(shown, agent_key(raw))
        for column, value in agent_kpis.get(raw, {}).items():
            by_shown.setdefault(shown, {})[column] = value
    runs = list(history or [])
    cards = []
    for rate in rates:
        rules = counts.get(rate.value or "", {}) if rate.value is not None else {}
        fam: dict[str, int] = {}
        for rule, n in rules.items():
            fam[rule.split(".", 1)[0]] = fam.get(rule.split(".", 1)[0], 0) + n
        top = sorted(rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
        kpis = by_shown.get(rate.value or "", {}) if rate.value is not None else {}
        trend: list[float | None] = []
        if runs and rate.value is not None and rate.value in keys:
            for run in runs:
                tickets, clean = run.agents.get(keys[rate.value], (0, 0))
                trend.append(clean / tickets if tickets else None)
        cards.append(AgentCard(
            agent=rate.value, tickets=rate.tickets, clean=rate.clean, families=fam,
            top_rules=top, first_reply=kpis.get("first_reply"),
            satisfaction=kpis.get("satisfaction"), trend=trend))
    labels = [f"#{r.id} {r.as_of.date().isoformat()}" for r in runs]
    return Scorecard(agents=cards, families=families, runs=labels)


def history_counts(rates: Iterable[Rate], shown_names: Mapping[str, str]) -> dict[
        str, tuple[int, int]]:
    """agent_key -> (tickets, clean) for the history, from the assignee rates."""
    keys: dict[str, str] = {}
    for raw, shown in shown_names.items():
        keys.setdefault(shown, agent_key(raw))
    return {keys[r.value]: (r.tickets, r.clean) for r in rates
            if r.value is not None and r.value in keys}


# -- --format scorecard -------------------------------------------------------------

_HEADERS = {
    "en": {"agent": "agent", "tickets": "tickets", "clean": "clean", "clean_share": "share clean",
           "first_reply": "first-reply attainment", "satisfaction": "average satisfaction",
           "top": "rules broken most", "trend": "share clean by run", "none": "(none)"},
    "zh": {"agent": "负责人", "tickets": "工单数", "clean": "无问题工单",
           "clean_share": "无问题比例", "first_reply": "首次响应达标率",
           "satisfaction": "平均满意度", "top": "问题最多的规则", "trend": "各次审核无问题比例",
           "none": "（无）"},
}


def headers(lang: str) -> dict[str, str]:
    return _HEADERS["zh" if lang == "zh" else "en"]


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def rows(card: Scorecard, lang: str) -> Iterator[list[str]]:
    """The scorecard as table rows (header first), as the CSV and Markdown show it."""
    h = headers(lang)
    head = [h["agent"], h["tickets"], h["clean"], h["clean_share"], *card.families,
            h["first_reply"], h["satisfaction"], h["top"]]
    if card.runs:
        head.append(h["trend"])
    yield head
    for a in card.agents:
        line = [a.agent or h["none"], str(a.tickets), str(a.clean), percent(a.clean_share),
                *(str(a.families.get(f, 0)) for f in card.families),
                percent(a.first_reply),
                "" if a.satisfaction is None else f"{a.satisfaction:.2f}",
                "; ".join(f"{rule} ×{n}" for rule, n in a.top_rules)]
        if card.runs:
            line.append(" → ".join(percent(v) or "–" for v in a.trend))
        yield line


class ScorecardReporter:
    """``--format scorecard``: the agent scorecard as CSV (UTF-8 with BOM, for Excel)."""

    name = "scorecard"
    description = "the agent scorecard as CSV: tickets, share clean, findings per family, KPIs"

    def render(self, report: Any) -> str:
        from svccheck.report.csv_report import neutralise

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        card = report.scorecard
        if card is None:
            writer.writerow(list(headers(report.lang).values())[:4])
        else:
            for line in rows(card, report.lang):
                writer.writerow([neutralise(v) for v in line])
        return "\ufeff" + buffer.getvalue()


@hookimpl
def svccheck_reporters() -> list[ScorecardReporter]:
    return [ScorecardReporter()]
