"""``--format html``: one self-contained page for QA leads.

What a QA lead opens first: the gate's verdict, summary cards (tickets,
findings by severity, rules judged, waived, baselined) and one card per KPI
with its value against its floor -- passing or not. Then rates, not only
counts: per assignee, channel and day the tickets handled and the share with
an active finding, coloured by severity (svccheck.report.rates), beside the
findings per rule; the agent scorecard (svccheck.report.scorecard) and a
rule x agent heat map; the trend over recorded runs (``--history``); every
finding with its evidence and clause in a table that filters (free text,
rule, severity, assignee, channel, day) and sorts; the rules, sortable too,
with their status and coverage; the waivers, and the baseline entries fixed
since.

Large runs stay usable: the table lists at most ``--html-max-per-rule``
findings per rule (default :data:`DEFAULT_MAX_PER_RULE`) and says how many
more each rule has and where they all are (the JSON Lines report); every
count, card and chart still covers all findings.

With ``--lang zh`` the page speaks the export's language: a finding's field
as the export's column (首次回复时间), a channel as the export wrote it (微信).

Self-contained on purpose: the file is mailed around and opened on machines
without internet access, and a report about customer tickets must not make
requests anywhere. Charts are inline SVG (svccheck.report.html_charts), the
script and styles are inline (svccheck.report.html_page), and a
Content-Security-Policy forbids every network fetch. Everything from the
export is HTML-escaped; charts render without JavaScript, which only adds
filtering and sorting.

This module lays out the page -- its head, summary cards, charts, agent
scorecard and heat map; the tables (svccheck.report.html_tables), the trend
section (svccheck.report.html_trends) and the page's fixed words, styles and
script (svccheck.report.html_page) live beside it.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck import __version__
from svccheck.hookspecs import hookimpl
from svccheck.report import mapping
from svccheck.report.base import Report
from svccheck.report.html_charts import (
    chart_box,
    day_chart,
    esc,
    hbar_chart,
    rate_chart,
    sparkline,
)
from svccheck.report.html_page import CSS, SCRIPT, WORDS
from svccheck.report.html_tables import (
    NONE,
    findings_table,
    fixed_table,
    rules_table,
    waivers_tables,
)
from svccheck.report.html_trends import trends
from svccheck.report.scorecard import percent

#: Bars shown in the assignee chart, agents in the heat map; the rest are counted.
TOP_ASSIGNEES = 15
#: Findings listed per rule unless --html-max-per-rule says otherwise: a
#: million findings must not become a page no browser opens.
DEFAULT_MAX_PER_RULE = 200


def _counts(frame: pl.DataFrame, column: str) -> list[tuple[str | None, int]]:
    if frame.height == 0:
        return []
    grouped = frame.group_by(column).len().sort(["len", column], descending=[True, False],
                                                 nulls_last=True)
    return [(value, count) for value, count in grouped.iter_rows()]


class HtmlReporter:
    name = "html"
    description = ("one self-contained HTML page: KPIs, rates, the agent scorecard, "
                   "filterable findings with evidence")

    def render(self, report: Report) -> str:
        w = WORDS["zh" if report.lang == "zh" else "en"]
        findings = report.findings
        std = report.standard
        verdict_class = "failed" if report.failed else "passed"
        verdict = f"{w['gate']}{w['colon']}{w['failed'] if report.failed else w['passed']}"
        errors = report.by_severity().get("error", 0)
        note = ""
        if not report.failed and errors:
            note = (f'<span id="gate-note" class="gate-note">'
                    f'{esc(w["gate_note"].format(fail_on=report.fail_on, errors=errors))}'
                    "</span>")
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if report.lang == "zh" else "en"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(w['title'])} · {esc(std.id)} · {esc(verdict)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            "<header>",
            f'<h1>{esc(w["title"])}<span id="verdict" class="verdict {verdict_class}" '
            f'title="--fail-on {esc(report.fail_on)}">{esc(verdict)}</span>{note}</h1>',
            f'<p class="meta">{esc(w["standard"])}: <strong>{esc(std.id)} {esc(std.version)}'
            f"</strong> ({esc(std.title_in(report.lang))}) · {esc(w['as_of'])} "
            f"{esc(report.as_of.isoformat(timespec='seconds'))} · {esc(w['gate'])}: "
            f"<code>--fail-on {esc(report.fail_on)}"
            + "".join(f" --max-findings {esc(k)}={v}" for k, v in report.max_findings.items())
            + "</code></p>",
        ]
        for item in report.inputs:
            out.append(
                f'<p class="meta">{esc(w["inputs"])}: <code>{esc(item.path)}</code> · '
                f"{esc(w['format'])} {esc(item.format)} · {esc(w['encoding'])} "
                f"{esc(item.encoding or '-')} · {esc(w['profile'])} {esc(item.profile)} · "
                f"{item.rows} {esc(w['rows'])}</p>"
            )
            shown = mapping.lines(item, report.lang)
            if shown:
                tip = mapping.hint(item, report.lang)
                out.append(
                    '<details class="meta mapping"><summary>'
                    f"{esc(mapping.words(report.lang)['mapping'])}</summary><dl>"
                    + "".join(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>"
                              for label, text in shown)
                    + (f"<dd>{esc(tip)}</dd>" if tip else "") + "</dl></details>")
        out.append("</header>")
        out.append("<main>")
        out.append(self._cards(report, w))
        notes = list(report.warnings)
        if report.verdict is not None:
            notes += report.verdict.untrusted(report.lang)
        if notes:
            out.append(f'<h2>{esc(w["warnings"])}</h2><div class="warn" id="warnings"><ul>')
            out.extend(f"<li>{esc(text)}</li>" for text in notes)
            out.append("</ul></div>")
        out.append(self._charts(report, w, findings))
        out.append(self._scorecard(report, w))
        out.append(self._heatmap(report, w, findings))
        if report.history:
            out.append(trends(report.history, report.lang))
        # The table right under the charts: clicking a bar filters it in view.
        out.append(findings_table(report, w, findings))
        out.append(rules_table(report, w))
        out.append(waivers_tables(report, w))
        out.append(fixed_table(report, w))
        out.append("</main>")
        out.append(f"<footer>{esc(w['generated'].format(version=__version__))}</footer>")
        out.append(f"<script>{SCRIPT}</script>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"

    # -- summary ------------------------------------------------------------------

    def _cards(self, report: Report, w: dict[str, str]) -> str:
        sev = report.by_severity()
        counts = report.rule_counts()
        cards = [
            ("tickets", w["tickets"], str(report.result.tickets), "", ""),
            ("findings", w["findings"], str(report.findings.height),
             " · ".join(f"{k} {v}" for k, v in sev.items()), ""),
            ("rules", f"{w['rules']} · {w['evaluated']}", str(counts["evaluated"]),
             f"{counts['passed']} {w['rpassed']} · {counts['failed']} {w['rfailed']} · "
             f"{counts['partial']} {w['partial']}", ""),
            ("not-evaluated", f"{w['rules']} · {w['not_evaluated']}",
             str(counts["not_evaluated"]), "", ""),
            ("waived", w["waived"], str(report.waived.height), "", ""),
            ("baselined", w["baselined"], str(report.baselined), "", ""),
        ]
        for kpi in report.kpis:
            met = kpi.met
            state = "few" if met is None else "met" if met else "missed"
            bound = w[f"kpi_{kpi.kind}"].format(v=kpi.shown(kpi.bound))
            cards.append((f"kpi-{kpi.rule.removeprefix('kpi.')}", kpi.title, kpi.shown(),
                          f"{bound} · {w['kpi_' + state]}", f" kpi {state}"))
        body = "".join(
            f'<div class="card{extra}" id="card-{esc(key)}"><div class="label">{esc(label)}'
            f'</div><div class="value">{esc(value)}</div><div class="detail">{esc(detail)}'
            "</div></div>"
            for key, label, value, detail, extra in cards
        )
        return f'<section class="cards" id="cards">{body}</section>'

    # -- charts -------------------------------------------------------------------

    def _charts(self, report: Report, w: dict[str, str], findings: pl.DataFrame) -> str:
        if findings.height == 0:
            return (f'<h2>{esc(w["findings"])}</h2>'
                    f'<p class="meta" id="charts-empty">{esc(w["no_data"])}</p>')
        severity = {r["rule"]: r["severity"] for r in report.rules()}
        boxes = []
        by_rule = [(r, r, c, severity.get(r, "info"))
                   for r, c in _counts(findings, "rule") if r is not None]
        boxes.append(chart_box(w["by_rule"], hbar_chart("chart-rule", by_rule, "rule")))
        rates = report.rates or {}
        words = report.words

        def label_of(key: str) -> Any:
            def label(r: Any) -> str:
                if r.value is None:
                    return w["nobody"]
                if key == "channel":  # as the export wrote it, in a Chinese report
                    return words.value(key, r.value, report.lang) or r.value
                return str(r.value)
            return label

        def value_of(r: Any) -> str:
            return r.value if r.value is not None else NONE

        assignees = [r for r in rates.get("assignee", []) if r.tickets]
        shown = assignees[:TOP_ASSIGNEES]
        more = len(assignees) - len(shown)
        boxes.append(chart_box(
            w["by_assignee"], rate_chart("chart-assignee", shown, "assignee",
                                         label_of("assignee"), value_of, w),
            (w["more"].format(n=more) + " · " if more > 0 else "") + w["legend"]))
        channels = [r for r in rates.get("channel", []) if r.tickets]
        boxes.append(chart_box(w["by_channel"], rate_chart(
            "chart-channel", channels, "channel", label_of("channel"), value_of, w),
            w["legend"]))
        days = [r for r in rates.get("day", []) if r.value is not None and r.tickets]
        undated = sum(r.tickets for r in rates.get("day", []) if r.value is None)
        note = w["undated"].format(n=undated) if undated else ""
        body = day_chart("chart-day", days, w) if days else f"<p>{esc(w['no_data'])}</p>"
        boxes.append(chart_box(w["by_day"], body, note))
        return (f'<h2>{esc(w["findings"])}</h2><section class="charts" id="charts">'
                + "".join(boxes) + "</section>")

    def _scorecard(self, report: Report, w: dict[str, str]) -> str:
        card = report.scorecard
        if card is None or not card.agents:
            return ""
        heads = [(w["agent"], "text"), (w["handled"], "num"), (w["clean"], "num"),
                 *((f, "num") for f in card.families), (w["first_reply"], "num"),
                 (w["satisfaction"], "num"), (w["top_rules"], "text")]
        if card.runs:
            heads.append((w["trend"], ""))
        head = "".join(
            f'<th{f" data-sort={kind}" if kind else ""}'
            f'{" class=num" if kind == "num" else ""}>{esc(label)}</th>'
            for label, kind in heads)
        rows = []
        for i, a in enumerate(card.agents):
            cells = [
                f"<td class=nowrap>{esc(a.agent or w['nobody'])}</td>",
                f'<td class="num" data-v="{a.tickets}">{a.tickets}</td>',
                f'<td class="num" data-v="{a.clean_share or 0:.6f}">'
                f"{esc(percent(a.clean_share))}</td>",
                *(f'<td class="num" data-v="{a.families.get(f, 0)}">{a.families.get(f, 0)}'
                  "</td>" for f in card.families),
                f'<td class="num" data-v="{-1 if a.first_reply is None else a.first_reply}">'
                f"{esc(percent(a.first_reply) or '–')}</td>",
                f'<td class="num" data-v="{-1 if a.satisfaction is None else a.satisfaction}">'
                f"{'–' if a.satisfaction is None else f'{a.satisfaction:.2f}'}</td>",
                "<td>" + ", ".join(f"<code>{esc(r)}</code> ×{n}" for r, n in a.top_rules)
                + "</td>",
            ]
            if card.runs:
                points = list(zip(card.runs, a.trend, strict=False))
                cells.append("<td>" + sparkline(f"scorecard-trend-{i}", points,
                                                fmt=percent, top=1.0) + "</td>")
            rows.append(f'<tr data-agent="{esc(a.agent or NONE)}">{"".join(cells)}</tr>')
        return (f'<h2 id="scorecard-head">{esc(w["scorecard"])}</h2>'
                f'<div class="tablewrap"><table id="scorecard-table" class="sortable"><thead>'
                f"<tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")

    def _heatmap(self, report: Report, w: dict[str, str], findings: pl.DataFrame) -> str:
        """Active findings per rule (rows) and agent (columns, most tickets first)."""
        if findings.height == 0 or not report.rates:
            return ""
        agents = [r.value for r in report.rates.get("assignee", [])
                  if r.value is not None][:TOP_ASSIGNEES]
        if not agents:
            return ""
        grid = {(rule, agent): n for rule, agent, n in findings.filter(
            pl.col("assignee").is_in(agents)).group_by("rule", "assignee").len().iter_rows()}
        rules = sorted({rule for rule, _ in grid})
        if not rules:
            return ""
        top = max(grid.values())
        head = "".join(f"<th class=num>{esc(a)}</th>" for a in agents)
        rows = []
        for rule in rules:
            cells = []
            for agent in agents:
                n = grid.get((rule, agent), 0)
                alpha = 0 if not n else 0.15 + 0.85 * n / top
                cells.append(f'<td class="num" data-n="{n}" style="background:rgba(198,40,40,'
                             f'{alpha:.2f})">{n or ""}</td>')
            rows.append(f"<tr><td><code>{esc(rule)}</code></td>{''.join(cells)}</tr>")
        return (f'<h2 id="heatmap-head">{esc(w["heatmap"])}</h2><div class="tablewrap">'
                f'<table id="heatmap" class="heat"><thead><tr><th>{esc(w["rule"])}</th>'
                f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


@hookimpl
def svccheck_reporters() -> list[HtmlReporter]:
    return [HtmlReporter()]
