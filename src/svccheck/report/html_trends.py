"""The HTML page's trend section: the recorded runs of a standard, charted.

Shown only with ``--history``: one line chart per KPI and one sparkline per
rule, over counts and KPI values the history database keeps -- never a
finding's text, so the section can show runs whose findings are gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from svccheck.report.html_charts import chart_box, esc, line_chart, sparkline

TREND_WORDS: dict[str, dict[str, str]] = {
    "en": {"trends": "Trend over {n} recorded runs", "kpis": "KPIs",
           "rules": "Findings per rule, run by run", "rule": "Rule", "trend": "Trend",
           "first": "First run", "latest": "This run", "pass": "Tickets passing",
           "no_kpi": "No KPI value recorded (no kpi.* rule had enough tickets).",
           "run": "run"},
    "zh": {"trends": "趋势（已记录 {n} 次审核）", "kpis": "关键指标",
           "rules": "各规则每次审核的问题数", "rule": "规则", "trend": "趋势",
           "first": "首次", "latest": "本次", "pass": "达标工单比例",
           "no_kpi": "未记录关键指标（kpi.* 规则的工单数不足）。", "run": "第"},
}


def _is_rate(kpi: str, values: Sequence[float | None]) -> bool:
    """KPI values are rates (0-1, shown as %) except averages on a scale (e.g. 4.33)."""
    return "average" not in kpi and all(v is None or 0 <= v <= 1 for v in values)


def _value_text(value: float, rate: bool) -> str:
    return f"{value * 100:.1f}%" if rate else f"{value:.2f}"


def trends(history: Sequence[Any], lang: str) -> str:
    """The trend section: one line chart per KPI, one sparkline per rule.

    ``history`` is the recorded runs of this standard (oldest first, this
    run last): counts and KPI values only, never a finding's text.
    """
    w = TREND_WORDS["zh" if lang == "zh" else "en"]
    runs = list(history)
    labels = [f"#{r.id} {r.as_of.date().isoformat()}" for r in runs]
    kpis = sorted({k for r in runs for k in r.kpis})
    boxes = []
    for kpi in kpis:
        values = [r.kpis.get(kpi) for r in runs]
        rate = _is_rate(kpi, values)
        shown = ["-" if v is None else _value_text(v, rate) for v in values]
        chart = line_chart(f"trend-{kpi}", list(zip(labels, values, strict=True)), shown,
                           axis=lambda v, rate=rate: _value_text(v, rate), rate=rate)
        boxes.append(chart_box(f"{kpi} · {shown[0]} → {shown[-1]}", chart))
    if not boxes:
        boxes.append(f'<p class="meta">{esc(w["no_kpi"])}</p>')
    rules = sorted({k for r in runs for k in r.rules})
    rows = []
    for rule in rules:
        counts = [r.rules.get(rule) for r in runs]
        findings = [c.findings if c is not None and c.evaluated else None for c in counts]
        shown = ["-" if n is None else str(n) for n in findings]
        latest = counts[-1]
        # a KPI's failures are groups, not tickets: its value is charted above
        rate = latest.pass_rate if latest is not None and not rule.startswith("kpi.") else None
        spark = sparkline(f"trend-rule-{rule}", list(zip(labels, findings, strict=True)))
        rows.append(
            f'<tr data-rule="{esc(rule)}"><td><code>{esc(rule)}</code></td><td>{spark}</td>'
            f'<td class="num">{esc(shown[0])}</td><td class="num">{esc(shown[-1])}</td>'
            f'<td class="num">{"-" if rate is None else f"{rate * 100:.1f}%"}</td></tr>'
        )
    table = (f'<h3>{esc(w["rules"])}</h3><table class="trend-rules" id="trend-rules"><thead>'
             f'<tr><th>{esc(w["rule"])}</th><th>{esc(w["trend"])}</th>'
             f'<th class="num">{esc(w["first"])}</th><th class="num">{esc(w["latest"])}</th>'
             f'<th class="num">{esc(w["pass"])}</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table>")
    return (f'<h2 id="trends-head">{esc(w["trends"].format(n=len(runs)))}</h2>'
            f'<h3>{esc(w["kpis"])}</h3><section class="trends" id="trends">'
            + "".join(boxes) + "</section>" + table)
