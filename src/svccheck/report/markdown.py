"""``--format markdown``: a summary for a pull-request comment or the Actions job summary.

Leads with the verdict and the counts a reviewer needs (rules evaluated,
passed, failed, not evaluated; findings waived and baselined), then the
per-rule table with each rule's clause, then the findings -- capped by
``--max-rows`` with the cap stated, because a PR comment and
``$GITHUB_STEP_SUMMARY`` have size limits -- and the waivers. Everything
from the data is escaped (:func:`cell`, :func:`code`): a customer's text
holding ``|``, ``<script>``, ``[a link](…)``, ``![an image](…)``,
``**emphasis**`` or ``@someone`` must render as that text -- not break the
table, inject markup, load an image or notify a GitHub user.
"""

from __future__ import annotations

import re

from svccheck import __version__
from svccheck.hookspecs import hookimpl
from svccheck.report import mapping
from svccheck.report.base import Report
from svccheck.report.control_chars import neutral
from svccheck.report.scorecard import rows as scorecard_rows
from svccheck.report.text import kpi_status

_WORDS = {
    "en": {
        "failed": "FAILED", "passed": "passed", "findings": "findings", "tickets": "tickets",
        "standard": "standard", "as_of": "as of", "input": "input", "format": "format",
        "encoding": "encoding", "profile": "profile", "rows": "rows",
        "evaluated": "rules evaluated", "rpassed": "passed", "rfailed": "failed",
        "not_evaluated": "not evaluated", "waived": "waived", "baselined": "baselined",
        "rules": "Rules", "rule": "rule", "title": "title", "severity": "severity",
        "status": "status", "clause": "clause", "ticket": "ticket", "row": "row",
        "field": "field", "message": "message", "shown": "first {shown} of {total}",
        "none": "No findings.", "waived_head": "Waived findings", "reason": "reason",
        "owner": "owner", "expires": "expires", "waivers_head": "Waivers", "matched": "matched",
        "warnings": "Warnings", "st_passed": "passed", "st_failed": "failed",
        "st_not_evaluated": "not evaluated", "st_partial": "partial", "partial": "partial",
        "coverage": "coverage", "active": "active", "expired": "expired",
        "unused": "unused", "scope": "rule/family", "where": "entry",
        "by_severity": "by severity", "fixed_head": "Fixed since the baseline",
        "more": "… {n} more", "evidence": "evidence", "kpis": "KPIs",
        "value": "value", "target": "target", "floor": "at least {v}", "ceiling": "at most {v}",
        "met": "met", "missed": "missed", "too_few": "too few tickets",
        "groups": "{n} group(s) below", "colon": ": ", "scorecard": "Agent scorecard",
        "scorecard_note": "Per agent: tickets handled, the share without an active finding, "
                          "active findings per rule family, and the KPIs measured per agent.",
    },
    "zh": {
        "failed": "未通过", "passed": "通过", "findings": "条问题", "tickets": "张工单",
        "standard": "标准", "as_of": "截至", "input": "输入", "format": "格式",
        "encoding": "编码", "profile": "模板", "rows": "行数",
        "evaluated": "已检查规则", "rpassed": "通过", "rfailed": "未通过",
        "not_evaluated": "未检查", "waived": "已豁免", "baselined": "基线内",
        "rules": "规则", "rule": "规则", "title": "名称", "severity": "级别",
        "status": "状态", "clause": "条款", "ticket": "工单", "row": "行号",
        "field": "字段", "message": "说明", "shown": "前 {shown} / {total} 条",
        "none": "未发现问题。", "waived_head": "已豁免的问题", "reason": "原因",
        "owner": "负责人", "expires": "到期", "waivers_head": "豁免", "matched": "匹配",
        "warnings": "警告", "st_passed": "通过", "st_failed": "未通过",
        "st_not_evaluated": "未检查", "st_partial": "部分检查", "partial": "部分检查",
        "coverage": "覆盖", "active": "生效", "expired": "已过期",
        "unused": "未使用", "scope": "规则/类别", "where": "位置",
        "by_severity": "按级别", "fixed_head": "基线以来已修复", "more": "……另有 {n} 条",
        "evidence": "证据", "kpis": "关键指标", "value": "数值", "target": "目标",
        "floor": "不低于 {v}", "ceiling": "不高于 {v}", "met": "达标", "missed": "未达标",
        "too_few": "工单数不足", "groups": "{n} 个分组未达标", "colon": "：",
        "scorecard": "客服人员评分卡",
        "scorecard_note": "每位负责人：处理工单数、无问题工单比例、各类规则的问题数，"
                          "以及按人计算的关键指标。",
    },
}


#: Characters with a meaning in (GitHub-flavoured) Markdown: escaped with a
#: backslash, so a ticket's text renders as the text it is.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~$<>])")
#: ... and at the start of a line, what would begin a heading, a list or a rule.
_LINE_START = re.compile(r"^([#+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
#: Zero-width space: breaks what GitHub would turn into a mention, an issue
#: reference or a link after rendering, without changing what a reader sees.
ZWSP = "\u200b"


class Markdown(str):
    """Text that is Markdown already (a code span made by :func:`code`): kept as is."""


def cell(value: object) -> str:
    """Text from the data, inert in a Markdown page and in a table cell.

    One line; HTML entities for ``&``; every Markdown punctuation
    backslash-escaped (links, images, emphasis, code, headings, tables);
    ``@name`` and ``#12`` broken with a zero-width space, so a ticket that
    says ``@admin`` notifies nobody and a bare ``https://`` or ``www.`` is
    not turned into a link.
    """
    if isinstance(value, Markdown):
        return value
    if value is None or value == "":
        return "–"
    text = neutral(" ".join(str(value).split())).replace("&", "&amp;")
    text = _LINE_START.sub(r"\\\1", _MARKDOWN.sub(r"\\\1", text))
    text = _ORDERED.sub(r"\1\\\2", text)
    text = re.sub(r"([@#])(?=\w)", r"\1" + ZWSP, text)
    text = re.sub(r"(?i)(?<=://)|(?<=www)(?=\\?\.)", ZWSP, text)
    return text


def code(value: object) -> Markdown:
    """Text from the data as a code span: shown verbatim, a ``|`` escaped for the table."""
    text = neutral(" ".join(str(value).split())).replace("|", "\\|")
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def table(headers: list[str], rows: list[list[object]], right: set[int] | None = None) -> str:
    right = right or set()
    out = ["| " + " | ".join(cell(h) for h in headers) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


class MarkdownReporter:
    name = "markdown"
    description = "Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY"

    def render(self, report: Report) -> str:
        w = _WORDS["zh" if report.lang == "zh" else "en"]
        std = report.standard
        findings = report.findings
        mark = "❌" if report.failed else "✅"
        verdict = w["failed"] if report.failed else w["passed"]
        out = [f"## {mark} svccheck: {verdict} — {findings.height} {w['findings']}, "
               f"{report.result.tickets} {w['tickets']}", ""]
        limits = "".join(f" `--max-findings {k}={v}`" for k, v in report.max_findings.items())
        out.append(f"{w['standard']} **{cell(std.id)} {cell(std.version)}** "
                   f"({cell(std.title_in(report.lang))}) · {w['as_of']} "
                   f"{report.as_of.isoformat(timespec='seconds')} · "
                   f"`--fail-on {report.fail_on}`{limits} · svccheck {__version__}")
        out.append("")
        out.append(table(
            [w["input"], w["format"], w["encoding"], w["profile"], w["rows"]],
            [[code(i.path), i.format, i.encoding, i.profile, i.rows] for i in report.inputs],
            right={4},
        ))
        for item in report.inputs:
            shown = mapping.lines(item, report.lang)
            if shown:
                out += ["", f"{code(item.path)}:", ""]
                out += [f"- {cell(label)}: {cell(text)}" for label, text in shown]
                if tip := mapping.hint(item, report.lang):
                    out.append(f"- {cell(tip)}")
        out.append("")
        counts = report.rule_counts()
        sev = ", ".join(f"{k} {v}" for k, v in report.by_severity().items())
        out.append(table(
            [w["evaluated"], w["rpassed"], w["rfailed"], w["partial"], w["not_evaluated"],
             w["findings"], w["by_severity"], w["waived"], w["baselined"]],
            [[counts["evaluated"], counts["passed"], counts["failed"], counts["partial"],
              counts["not_evaluated"], findings.height, sev, report.waived.height,
              report.baselined]],
            right={0, 1, 2, 3, 4, 5, 7, 8},
        ))
        if report.verdict is not None and report.failed:
            reasons = report.verdict.reasons(report.lang)
            if reasons:
                out += ["", f"**{verdict}:** " + "; ".join(cell(r) for r in reasons)]
        if report.warnings:
            out += ["", f"### {w['warnings']}", ""]
            out += [f"- {cell(text)}" for text in report.warnings]
        if report.kpis:
            out += ["", f"### {w['kpis']}", ""]
            out.append(table(
                [w["rule"], w["title"], w["value"], w["target"], w["status"]],
                [[code(k.rule), k.title, k.shown(), w[k.kind].format(v=k.shown(k.bound)),
                  kpi_status(k, w)] for k in report.kpis],
                right={2}))
        if report.scorecard is not None and report.scorecard.agents:
            out += ["", f"### {w['scorecard']}", "", w["scorecard_note"], ""]
            lines = list(scorecard_rows(report.scorecard, report.lang))
            head, body = lines[0], lines[1:]
            out.append(table(head, [list(r) for r in body],
                             right=set(range(1, 4 + len(report.scorecard.families) + 2))))
        out += ["", f"### {w['rules']}", ""]
        out.append(table(
            [w["rule"], w["title"], w["severity"], w["status"], w["findings"], w["coverage"],
             w["clause"]],
            [[code(r['rule']), r["title"], r["severity"],
              w[f"st_{r['status']}"] + (f": {r['reason']}" if r["reason"] else ""),
              r["violations"] if r["status"] != "not_evaluated" else "–", r["coverage"],
              r["clause"]]
             for r in report.rules()],
            right={4},
        ))
        out += ["", f"### {w['findings'].capitalize() if report.lang != 'zh' else '问题'}", ""]
        if findings.height == 0:
            out.append(w["none"])
        else:
            shown = findings if report.max_rows is None else findings.head(report.max_rows)
            several = len(report.inputs) > 1
            headers = [w["ticket"], w["row"], w["rule"], w["severity"], w["field"],
                       w["message"], w["evidence"]]
            rows = []
            for f in shown.iter_rows(named=True):
                row: list[object] = [f["ticket"], f["row"], code(f['rule']), f["severity"],
                                     report.words.field(f["source"], f["field"], report.lang),
                                     f["message"], f["evidence"]]
                if several:
                    row.insert(0, f["source"])
                rows.append(row)
            if several:
                headers.insert(0, w["input"])
            out.append(table(headers, rows, right={2 if several else 1}))
            if shown.height < findings.height:
                out += ["", "_" + w["shown"].format(shown=shown.height, total=findings.height)
                        + f" (--max-rows {report.max_rows})_"]
        uses = report.waiver_uses
        if uses:
            out += ["", f"### {w['waived_head']} ({report.waived.height})", ""]
            by_index = {u.waiver.index: u.waiver for u in uses}
            if report.waived.height:
                out.append(table(
                    [w["ticket"], w["rule"], w["field"], w["reason"], w["owner"], w["expires"]],
                    [[f["ticket"], code(f['rule']), f["field"], by_index[f["waiver"]].reason,
                      by_index[f["waiver"]].owner, by_index[f["waiver"]].expires.isoformat()]
                     for f in report.waived.iter_rows(named=True)],
                ))
            out += ["", f"### {w['waivers_head']}", ""]
            out.append(table(
                [w["where"], w["scope"], w["status"], w["matched"], w["owner"], w["expires"]],
                [[u.waiver.where, code(u.waiver.scope), w[u.status], u.matched,
                  u.waiver.owner, u.waiver.expires.isoformat()] for u in uses],
                right={3},
            ))
        triage = report.triage
        if triage is not None and triage.fixed:
            out += ["", f"### {w['fixed_head']} ({len(triage.fixed)})", "",
                    code(triage.baseline_path), ""]
            out.append(table([w["rule"], w["ticket"]],
                             [[code(e['rule']), e["ticket"]] for e in triage.fixed[:50]]))
            if len(triage.fixed) > 50:
                out += ["", w["more"].format(n=len(triage.fixed) - 50)]
        return "\n".join(out) + "\n"


@hookimpl
def svccheck_reporters() -> list[MarkdownReporter]:
    return [MarkdownReporter()]
