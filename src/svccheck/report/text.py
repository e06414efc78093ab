"""``--format text``: the terminal report (tabulate).

Order follows what a QA lead asks: what was read and how, which rules ran
(and which could not, and why), then the findings -- capped by
``--max-rows`` with the cap stated, while every count stays exact -- then
what was waived and by whom, and the verdict. Colour (severity, verdict)
only when the CLI says stdout is a terminal: escape codes in a file or a CI
log are noise. ``--lang zh`` switches every label. Whatever comes from data
or file names is shown with its control characters escaped
(:mod:`~svccheck.report.control_chars`): a cell cannot retitle or clear the
terminal, nor a newline in a file name forge a line of the report.
"""

from __future__ import annotations

from tabulate import tabulate

from svccheck import __version__
from svccheck.engines.findings_frame import counts, height, held
from svccheck.hookspecs import hookimpl
from svccheck.report import mapping
from svccheck.report.base import Report
from svccheck.report.control_chars import neutral

_COLOURS = {"error": "31", "warning": "33", "info": "36", "failed": "1;31", "passed": "1;32"}


class _Painted(str):
    """Text svccheck coloured itself: its escape codes are its own, kept."""


def _paint(text: str, key: str, on: bool) -> str:
    return _Painted(f"\x1b[{_COLOURS[key]}m{text}\x1b[0m") if on else text


def _tabulate(rows: list[list[object]], **options: object) -> str:
    """``tabulate`` with every cell from data neutralised (svccheck's colours kept)."""
    return tabulate([[c if isinstance(c, _Painted) or not isinstance(c, str) else neutral(c)
                      for c in row] for row in rows], **options)

_WORDS = {
    "en": {
        "standard": "standard", "input": "input", "as_of": "as of", "rows": "rows",
        "events": "events", "detected": "detected", "given": "given",
        "users": "users", "metrics": "metrics",
        "duplicates": "repeated tickets dropped (a later version kept)",
        "unused": "columns not used", "rule": "rule", "title": "title",
        "severity": "severity", "status": "status", "violations": "violations",
        "clauses": "clauses broken",
        "evaluated": "evaluated", "not_evaluated": "not evaluated", "ticket": "ticket",
        "st_passed": "passed", "st_failed": "failed", "st_partial": "partial",
        "st_not_evaluated": "not evaluated", "coverage": "coverage",
        "row": "row", "field": "field", "message": "message", "source": "source",
        "shown": (
            "showing {shown} of {total} findings (--max-rows {cap}; counts above are complete)"
        ),
        "none": "No findings.",
        "total": "{tickets} tickets, {violations} findings ({sev})",
        "failed": "FAILED (--fail-on {fail_on})", "passed": "passed (--fail-on {fail_on})",
        "warning": "warning",
        "rules_line": "rules: {evaluated} judged ({passed} passed, {failed} failed, "
                      "{partial} partial), {not_evaluated} not evaluated",
        "judged_line": "{evaluated} rules judged, {partial} partial, {not_evaluated} not evaluated",
        "waived_head": "waived findings ({n})", "reason": "reason", "owner": "owner",
        "expires": "expires", "waivers_head": "waivers ({path})",
        "matched": "matched", "scope": "rule/family",
        "waived_total": "{n} waived", "baselined_total": "{n} baselined ({path})",
        "w_active": "active", "w_expired": "expired", "w_unused": "unused",
        "limits": "--max-findings {limits}",
        "fixed_head": "fixed since the baseline ({path}): {n}", "more": "... {n} more",
        "kpis": "KPIs (overall)", "value": "value", "bound": "target", "floor": "at least {v}",
        "ceiling": "at most {v}", "met": "met", "missed": "missed", "too_few": "too few tickets",
        "groups": "{n} group(s) below", "colon": ": ",
    },
    "zh": {
        "standard": "标准", "input": "输入", "as_of": "截至", "rows": "行",
        "events": "条消息", "detected": "自动识别", "given": "指定",
        "users": "用户", "metrics": "工单指标",
        "duplicates": "张重复工单已去重(保留最新版本)",
        "unused": "未使用的列", "rule": "规则", "title": "名称",
        "severity": "级别", "status": "状态", "violations": "违规数",
        "clauses": "违反的条款",
        "evaluated": "已检查", "not_evaluated": "未检查", "ticket": "工单",
        "st_passed": "通过", "st_failed": "未通过", "st_partial": "部分检查",
        "st_not_evaluated": "未检查", "coverage": "覆盖",
        "row": "行号", "field": "字段", "message": "说明", "source": "文件",
        "shown": "显示 {shown} / {total} 条问题（--max-rows {cap}；上方计数完整）",
        "none": "未发现问题。",
        "total": "共 {tickets} 张工单，{violations} 条问题（{sev}）",
        "failed": "未通过（--fail-on {fail_on}）", "passed": "通过（--fail-on {fail_on}）",
        "warning": "警告",
        "rules_line": "规则：已检查 {evaluated} 条（通过 {passed}，未通过 {failed}，"
                      "部分检查 {partial}），未检查 {not_evaluated} 条",
        "judged_line": "已检查 {evaluated} 条规则，部分检查 {partial} 条，"
                       "未检查 {not_evaluated} 条",
        "waived_head": "已豁免的问题（{n}）", "reason": "原因", "owner": "负责人",
        "expires": "到期", "waivers_head": "豁免（{path}）",
        "matched": "匹配", "scope": "规则/类别",
        "waived_total": "豁免 {n} 条", "baselined_total": "基线内 {n} 条（{path}）",
        "w_active": "生效", "w_expired": "已过期", "w_unused": "未使用",
        "limits": "--max-findings {limits}",
        "fixed_head": "基线以来已修复（{path}）：{n} 条", "more": "……另有 {n} 条",
        "kpis": "关键指标（整体）", "value": "数值", "bound": "目标", "floor": "不低于 {v}",
        "ceiling": "不高于 {v}", "met": "达标", "missed": "未达标", "too_few": "工单数不足",
        "groups": "{n} 个分组未达标", "colon": "：",
    },
}
#: Fixed baseline entries listed by name; the rest are counted.
FIXED_SHOWN = 20


class TextReporter:
    name = "text"
    #: Counts findings and shows the first --max-rows: a streamed run's stay on disk.
    streams_findings = True
    description = "terminal tables: inputs, a summary per rule, then the findings"

    def render(self, report: Report) -> str:
        w = _WORDS["zh" if report.lang == "zh" else "en"]
        out: list[str] = []
        std = report.standard
        out.append(
            f"svccheck {__version__} · {w['standard']}{w['colon']}{neutral(std.id)} "
            f"{neutral(std.version)} ({neutral(std.title_in(report.lang))})"
        )
        for item in report.inputs:
            how = w["detected"] if item.profile_detected else w["given"]
            details = [item.format]
            if item.compression:
                details.append(item.compression)
            if item.encoding:
                details.append(item.encoding)
            details.append(f"profile {item.profile} ({how})")
            if item.kind in ("users", "metrics"):
                details.append(w[item.kind])
            details.append(f"{item.rows} {w['rows']}")
            if item.events:
                details.append(f"{item.events} {w['events']}")
            if item.duplicates:
                details.append(f"{item.duplicates} {w['duplicates']}")
            out.append(f"{w['input']}{w['colon']}{neutral(item.path)} "
                       f"[{neutral(', '.join(details))}]")
            for label, text in mapping.lines(item, report.lang):
                out.append(f"  {label}{w['colon']}{neutral(text)}")
            if tip := mapping.hint(item, report.lang):
                out.append(f"  ({neutral(tip)})")
        out.append(f"{w['as_of']}{w['colon']}{report.as_of.isoformat(timespec='seconds')}")
        for warning in report.warnings:
            out.append(f"{w['warning']}{w['colon']}{neutral(warning)}")
        out.append("")

        rows = []
        for line in report.rules():
            status = w[f"st_{line['status']}"]
            coverage = line["coverage"] if line["status"] != "not_evaluated" else line["reason"]
            rows.append([line["rule"], line["title"],
                         _paint(line["severity"], line["severity"], report.color), status,
                         line["violations"] if line["status"] != "not_evaluated" else "-",
                         coverage or "-"])
        out.append(_tabulate(
            rows, headers=[w["rule"], w["title"], w["severity"], w["status"], w["violations"],
                           w["coverage"]],
            tablefmt="simple",
        ))
        out.append("")
        if report.kpis:
            out.extend(kpi_lines(report, w))
            out.append("")

        findings = report.findings
        total_findings = height(findings)
        if total_findings == 0:
            out.append(w["none"])
        else:
            shown = held(findings if report.max_rows is None else findings.head(report.max_rows))
            several = len(report.inputs) > 1
            headers = [w["ticket"], w["row"], w["rule"], w["severity"], w["field"], w["message"]]
            if several:
                headers.insert(0, w["source"])
            table = []
            for f in shown.iter_rows(named=True):
                field = report.words.field(f["source"], f["field"], report.lang)
                line = [f["ticket"] or "-", f["row"] if f["row"] is not None else "-",
                        f["rule"], _paint(f["severity"], f["severity"], report.color),
                        field or "-", f["message"]]
                if several:
                    line.insert(0, f["source"])
                table.append(line)
            out.append(_tabulate(table, headers=headers, tablefmt="simple"))
            if shown.height < total_findings:
                out.append(w["shown"].format(
                    shown=shown.height, total=total_findings, cap=report.max_rows
                ))
            # Which sentence of the standard each finding breaks: one line per
            # rule with findings (all of them, not only the rows shown).
            out.append("")
            out.append(w["clauses"] + w["colon"].rstrip())
            for rule_id in sorted(counts(findings, "rule")):
                out.append(f"  {rule_id}: {neutral(report.clause(rule_id) or '-')}")
        out.extend(_waivers(report, w))
        out.extend(_fixed(report, w))
        out.append("")
        rule_counts = report.rule_counts()
        out.append(w["rules_line"].format(**rule_counts))
        sev = ", ".join(f"{k} {v}" for k, v in report.by_severity().items())
        total = w["total"].format(tickets=report.result.tickets, violations=total_findings,
                                  sev=sev)
        if report.triage is not None and report.triage.waivers_path is not None:
            total += ", " + w["waived_total"].format(n=height(report.waived))
        if report.triage is not None and report.triage.baseline_path is not None:
            total += ", " + w["baselined_total"].format(
                n=report.baselined, path=neutral(report.triage.baseline_path))
        out.append(total + " — " + _verdict(report, w) + " — "
                   + w["judged_line"].format(**rule_counts))
        return "\n".join(out) + "\n"


def _verdict(report: Report, w: dict[str, str]) -> str:
    """``FAILED (--fail-on error)``, plus the budget and what broke it when that is not obvious."""
    options = [f"--fail-on {report.fail_on}"]
    if report.max_findings:
        options.append(w["limits"].format(
            limits=",".join(f"{k}={v}" for k, v in report.max_findings.items())))
    text = (w["failed"] if report.failed else w["passed"]).format(fail_on=report.fail_on)
    if report.max_findings:
        text = text.replace(f"--fail-on {report.fail_on}", ", ".join(options))
    verdict = report.verdict
    if verdict is not None and report.failed and (
            report.max_findings or not verdict.exceeded or verdict.uncovered):
        text += ": " + neutral("; ".join(verdict.reasons(report.lang)))
    return _paint(text, "failed" if report.failed else "passed", report.color)


def kpi_status(kpi: object, w: dict[str, str]) -> str:
    """``met``, ``missed`` (with the groups below the bound) or ``too few tickets``."""
    met = kpi.met  # type: ignore[attr-defined]
    status = w["too_few"] if met is None else w["met"] if met else w["missed"]
    groups = kpi.failing_groups  # type: ignore[attr-defined]
    return status + (f"; {w['groups'].format(n=groups)}" if groups else "")


def kpi_lines(report: Report, w: dict[str, str]) -> list[str]:
    """Each KPI's overall value against its floor or ceiling, passing or not."""
    rows = [[k.rule, k.title, k.shown(), w[k.kind].format(v=k.shown(k.bound)),
             kpi_status(k, w)] for k in report.kpis]
    return [w["kpis"] + w["colon"].rstrip(), tabulate(
        rows, headers=[w["rule"], w["title"], w["value"], w["bound"], w["status"]],
        tablefmt="simple", disable_numparse=True)]


def _fixed(report: Report, w: dict[str, str]) -> list[str]:
    """Baseline entries the run no longer finds: progress, and a file to refresh."""
    triage = report.triage
    if triage is None or not triage.fixed:
        return []
    out = ["", w["fixed_head"].format(path=triage.baseline_path, n=len(triage.fixed))]
    rows = [[e["rule"] or "-", e["ticket"] or "-"] for e in triage.fixed[:FIXED_SHOWN]]
    out.append(tabulate(rows, headers=[w["rule"], w["ticket"]], tablefmt="simple"))
    if len(triage.fixed) > FIXED_SHOWN:
        out.append(w["more"].format(n=len(triage.fixed) - FIXED_SHOWN))
    return out


def _waivers(report: Report, w: dict[str, str]) -> list[str]:
    """The waived findings, and every waiver with what became of it."""
    triage = report.triage
    if triage is None or triage.waivers_path is None:
        return []
    waived = held(report.waived)
    out = ["", w["waived_head"].format(n=waived.height)]
    by_index = {u.waiver.index: u.waiver for u in triage.waivers}
    if waived.height:
        rows = []
        for f in waived.iter_rows(named=True):
            waiver = by_index[f["waiver"]]
            rows.append([f["ticket"] or "-", f["rule"], f["field"] or "-", waiver.reason,
                         waiver.owner, waiver.expires.isoformat()])
        out.append(_tabulate(rows, headers=[w["ticket"], w["rule"], w["field"], w["reason"],
                                            w["owner"], w["expires"]], tablefmt="simple"))
    out.append("")
    out.append(w["waivers_head"].format(path=neutral(triage.waivers_path)))
    rows = [[u.waiver.where, u.waiver.scope, w[f"w_{u.status}"], u.matched, u.waiver.owner,
             u.waiver.expires.isoformat()] for u in triage.waivers]
    out.append(_tabulate(rows, headers=["", w["scope"], w["status"], w["matched"], w["owner"],
                                        w["expires"]], tablefmt="simple"))
    for use in triage.waivers:
        message = use.message(report.lang)
        if use.status == "unused" and message:
            out.append(f"{w['warning']}{w['colon']}{neutral(message)}")
    return out


@hookimpl
def svccheck_reporters() -> list[TextReporter]:
    return [TextReporter()]
