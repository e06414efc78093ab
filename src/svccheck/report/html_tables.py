"""The HTML page's tables: the findings (filterable), the rules, the waivers, the fixed.

The findings table is what a QA lead works through: every finding with its
evidence and clause, with filters (free text, rule, severity, assignee,
channel, day) and sortable columns. Large runs list at most
``--html-max-per-rule`` findings per rule (:func:`capped`) and say so; the
page's cards and charts still count every finding.
"""

from __future__ import annotations

import inspect
from typing import Any

import polars as pl

from svccheck.report.base import Report
from svccheck.report.html_charts import esc

#: Filter value of "no assignee / channel / day" (the empty value means "all").
NONE = "__none__"
#: Sort key of a severity column: most severe first when sorted descending.
RANK = {"error": "3", "warning": "2", "info": "1"}


def capped(findings: pl.DataFrame, cap: int | None) -> tuple[pl.DataFrame, dict[str, int]]:
    """At most ``cap`` findings per rule, in report order, and each capped rule's total."""
    if cap is None or findings.height == 0:
        return findings, {}
    totals = dict(findings.group_by("rule").len().iter_rows())
    over = {rule: n for rule, n in totals.items() if n > cap}
    if not over:
        return findings, {}
    kept = findings.filter(pl.int_range(pl.len()).over("rule") < cap)
    return kept, over


def rules_table(report: Report, w: dict[str, str]) -> str:
    docs = {o.rule.id: inspect.cleandoc(o.rule.doc or "") for o in report.result.outcomes}
    rank = {"failed": "0", "partial": "1", "not_evaluated": "2", "passed": "3"}
    rows = []
    for r in report.rules():
        status = w[f"st_{r['status']}"] + (f": {r['reason']}" if r["reason"] else "")
        judged = r["status"] != "not_evaluated"
        rows.append(
            f'<tr><td title="{esc(docs.get(r["rule"], ""))}"><code>{esc(r["rule"])}</code>'
            f'</td><td>{esc(r["title"])}</td><td class="sev {esc(r["severity"])}" '
            f'data-v="{RANK[r["severity"]]}">{esc(r["severity"])}</td>'
            f'<td class="status-{esc(r["status"])}" data-v="{rank[r["status"]]}">'
            f'{esc(status)}</td>'
            f'<td class="num" data-v="{r["violations"] if judged else -1}">'
            f'{r["violations"] if judged else "–"}</td>'
            f'<td data-v="{r["checked"]}">{esc(r["coverage"] or "–")}</td>'
            f'<td class="num">{r["waived"]}</td><td class="num">{r["baselined"]}</td>'
            f'<td>{esc(r["clause"] or "–")}</td></tr>'
        )
    heads = [(w["rule"], "text", ""), (w["rtitle"], "text", ""),
             (w["severity"], "num", ""), (w["status"], "num", ""),
             (w["findings"], "num", " class=num"), (w["coverage"], "num", ""),
             (w["waived"], "num", " class=num"), (w["baselined"], "num", " class=num"),
             (w["clause"], "text", "")]
    head = "".join(f'<th data-sort="{kind}"{extra}>{esc(label)}</th>'
                   for label, kind, extra in heads)
    return (f'<h2>{esc(w["rules"])}</h2><table id="rules-table" class="sortable"><thead>'
            f"<tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

def findings_table(report: Report, w: dict[str, str], findings: pl.DataFrame) -> str:
    out = [f'<h2 id="findings">{esc(w["findings"])} ({findings.height})</h2>']
    if findings.height == 0:
        out.append(f'<p id="no-findings">{esc(w["none"])}</p>')
        return "".join(out)
    several = len(report.inputs) > 1
    listed, over = capped(findings, report.html_max_per_rule)
    words, lang = report.words, report.lang

    def options(column: str, label: str) -> str:
        values = sorted({v for v in findings.get_column(column).to_list()},
                        key=lambda v: (v is None, v or ""))
        shown = (lambda v: words.value("channel", v, lang)) if column == "channel" \
            else (lambda v: v)
        opts = "".join(f'<option value="{esc(v or NONE)}">'
                       f'{esc(shown(v) if v is not None else w["nobody"])}</option>'
                       for v in values)
        return (f'<label>{esc(label)} <select id="f-{column}" data-filter="{column}">'
                f'<option value="">{esc(w["all"])}</option>{opts}</select></label>')

    if over:
        rules = ", ".join(w["capped_rule"].format(rule=r, shown=report.html_max_per_rule,
                                                  total=n) for r, n in sorted(over.items()))
        out.append(f'<div class="warn" id="capped">'
                   f'{esc(w["capped"].format(cap=report.html_max_per_rule, rules=rules))}'
                   "</div>")
    out.append('<div class="filters">')
    out.append(f'<input id="f-search" type="search" placeholder="{esc(w["search"])}" '
               f'aria-label="{esc(w["search"])}">')
    out.append(options("rule", w["rule"]))
    out.append(options("severity", w["severity"]))
    out.append(options("assignee", w["assignee"]))
    out.append(options("channel", w["channel"]))
    out.append(options("day", w["day"]))
    out.append(f'<button id="f-clear" type="button">{esc(w["clear"])}</button>')
    template = w["showing"]
    out.append(f'<span id="count" data-template="{esc(template)}">'
               f'{esc(template.format(shown=listed.height, total=listed.height))}'
               "</span></div>")
    out.append(f'<p class="meta">{esc(w["sort"])}</p>')
    heads: list[tuple[str, str]] = [
        (w["ticket"], "text"), (w["row"], "num"), (w["rule"], "text"),
        (w["severity"], "num"), (w["field"], "text"), (w["message"], "text"),
        (w["evidence"], "text"), (w["clause"], "text"), (w["assignee"], "text"),
        (w["channel"], "text"), (w["day"], "text"),
    ]
    if several:
        heads.insert(0, (w["source"], "text"))
    head_html = "".join(
        f'<th data-sort="{kind}"{" class=num" if label == w["row"] else ""}>'
        f"{esc(label)}</th>" for label, kind in heads
    )
    rows = []
    for f in listed.iter_rows(named=True):
        data = "".join(f' data-{k}="{esc(f[k] or NONE)}"'
                       for k in ("rule", "severity", "assignee", "channel", "day"))
        field = words.field(f["source"], f["field"], lang)
        channel = words.value("channel", f["channel"], lang)
        cells = [
            f"<td class=nowrap>{esc(f['ticket'] or '–')}</td>",
            f'<td class="num" data-v="{f["row"] if f["row"] is not None else ""}">'
            f"{f['row'] if f['row'] is not None else '–'}</td>",
            f"<td><code>{esc(f['rule'])}</code></td>",
            f'<td class="sev {esc(f["severity"])}" data-v="{RANK[f["severity"]]}">'
            f"{esc(f['severity'])}</td>",
            f"<td>{esc(field or '–')}</td>",
            f"<td>{esc(f['message'])}</td>",
            f'<td class="evidence">{esc(f["evidence"] or "–")}</td>',
            f"<td>{esc(f['clause'] or '–')}</td>",
            f"<td class=nowrap>{esc(f['assignee'] or '–')}</td>",
            f"<td class=nowrap>{esc(channel or '–')}</td>",
            f"<td class=nowrap>{esc(f['day'] or '–')}</td>",
        ]
        if several:
            cells.insert(0, f"<td>{esc(f['source'])}</td>")
        rows.append(f"<tr{data}>{''.join(cells)}</tr>")
    out.append(f'<div class="tablewrap"><table id="findings-table" class="sortable">'
               f"<thead><tr>{head_html}</tr></thead><tbody>{''.join(rows)}</tbody>"
               "</table></div>")
    return "".join(out)

def waivers_tables(report: Report, w: dict[str, str]) -> str:
    uses = report.waiver_uses
    if not uses:
        return ""
    by_index = {u.waiver.index: u.waiver for u in uses}
    out = [f'<h2 id="waived">{esc(w["waived_head"])} ({report.waived.height})</h2>']
    if report.waived.height:
        rows: list[Any] = []
        for f in report.waived.iter_rows(named=True):
            waiver = by_index[f["waiver"]]
            rows.append(
                f"<tr><td>{esc(f['ticket'] or '–')}</td><td><code>{esc(f['rule'])}</code>"
                f"</td><td>{esc(f['message'])}</td><td>{esc(waiver.reason)}</td>"
                f"<td>{esc(waiver.owner)}</td><td>{esc(waiver.expires.isoformat())}</td></tr>"
            )
        out.append(
            f'<table id="waived-table"><thead><tr><th>{esc(w["ticket"])}</th>'
            f'<th>{esc(w["rule"])}</th><th>{esc(w["message"])}</th>'
            f'<th>{esc(w["reason"])}</th><th>{esc(w["owner"])}</th>'
            f'<th>{esc(w["expires"])}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )
    out.append(f'<h2>{esc(w["waivers_head"])}</h2>')
    rows = [
        f"<tr><td><code>{esc(u.waiver.where)}</code></td><td><code>{esc(u.waiver.scope)}"
        f"</code></td><td>{esc(w[u.status])}</td><td class=\"num\">{u.matched}</td>"
        f"<td>{esc(u.waiver.reason)}</td><td>{esc(u.waiver.owner)}</td>"
        f"<td>{esc(u.waiver.expires.isoformat())}</td></tr>"
        for u in uses
    ]
    out.append(
        f'<table id="waivers-table"><thead><tr><th>{esc(w["where"])}</th>'
        f'<th>{esc(w["scope"])}</th><th>{esc(w["status"])}</th>'
        f'<th class="num">{esc(w["matched"])}</th><th>{esc(w["reason"])}</th>'
        f'<th>{esc(w["owner"])}</th><th>{esc(w["expires"])}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )
    return "".join(out)

def fixed_table(report: Report, w: dict[str, str]) -> str:
    triage = report.triage
    if triage is None or not triage.fixed:
        return ""
    rows = "".join(f"<tr><td><code>{esc(e['rule'])}</code></td>"
                   f"<td>{esc(e['ticket'] or '–')}</td></tr>" for e in triage.fixed)
    return (f'<h2 id="fixed">{esc(w["fixed_head"])} ({len(triage.fixed)})</h2>'
            f'<p class="meta"><code>{esc(triage.baseline_path)}</code></p>'
            f'<table id="fixed-table"><thead><tr><th>{esc(w["rule"])}</th>'
            f'<th>{esc(w["ticket"])}</th></tr></thead><tbody>{rows}</tbody></table>')
