"""``--format text``: the terminal report (tabulate).

Order follows what a QA lead asks: what was read and how, which rules ran
(and which could not, and why), then the findings -- capped by
``--max-rows`` with the cap stated, while every count stays exact.
"""

from __future__ import annotations

from tabulate import tabulate

from svccheck import __version__
from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report

_WORDS = {
    "en": {
        "standard": "standard", "input": "input", "as_of": "as of", "rows": "rows",
        "events": "events", "detected": "detected", "given": "given",
        "unused": "columns not used", "rule": "rule", "title": "title",
        "severity": "severity", "status": "status", "violations": "violations",
        "evaluated": "evaluated", "not_evaluated": "not evaluated", "ticket": "ticket",
        "row": "row", "field": "field", "message": "message", "source": "source",
        "shown": (
            "showing {shown} of {total} findings (--max-rows {cap}; counts above are complete)"
        ),
        "none": "No findings.",
        "total": "{tickets} tickets, {violations} findings ({sev})",
        "failed": "FAILED (--fail-on {fail_on})", "passed": "passed (--fail-on {fail_on})",
        "warning": "warning",
    },
    "zh": {
        "standard": "标准", "input": "输入", "as_of": "截至", "rows": "行",
        "events": "条消息", "detected": "自动识别", "given": "指定",
        "unused": "未使用的列", "rule": "规则", "title": "名称",
        "severity": "级别", "status": "状态", "violations": "违规数",
        "evaluated": "已检查", "not_evaluated": "未检查", "ticket": "工单",
        "row": "行号", "field": "字段", "message": "说明", "source": "文件",
        "shown": "显示 {shown} / {total} 条问题(--max-rows {cap};上方计数完整)",
        "none": "未发现问题。",
        "total": "共 {tickets} 张工单,{violations} 条问题({sev})",
        "failed": "未通过(--fail-on {fail_on})", "passed": "通过(--fail-on {fail_on})",
        "warning": "警告",
    },
}


class TextReporter:
    name = "text"
    description = "terminal tables: inputs, a summary per rule, then the findings"

    def render(self, report: Report) -> str:
        w = _WORDS["zh" if report.lang == "zh" else "en"]
        out: list[str] = []
        std = report.standard
        out.append(
            f"svccheck {__version__} · {w['standard']}: {std.id} {std.version} "
            f"({std.title_in(report.lang)})"
        )
        for item in report.inputs:
            how = w["detected"] if item.profile_detected else w["given"]
            details = [item.format]
            if item.compression:
                details.append(item.compression)
            if item.encoding:
                details.append(item.encoding)
            details.append(f"profile {item.profile} ({how})")
            details.append(f"{item.rows} {w['rows']}")
            if item.events:
                details.append(f"{item.events} {w['events']}")
            out.append(f"{w['input']}: {item.path} [{', '.join(details)}]")
            if item.unused_columns:
                out.append(f"  {w['unused']}: {', '.join(item.unused_columns)}")
        out.append(f"{w['as_of']}: {report.as_of.isoformat(timespec='seconds')}")
        for warning in report.warnings:
            out.append(f"{w['warning']}: {warning}")
        out.append("")

        rows = []
        for o in report.result.outcomes:
            status = w["evaluated"] if o.evaluated else f"{w['not_evaluated']}: {o.reason}"
            rows.append([o.rule.id, o.rule.title_in(report.lang), str(o.severity), status,
                         o.violations if o.evaluated else "-"])
        out.append(tabulate(
            rows, headers=[w["rule"], w["title"], w["severity"], w["status"], w["violations"]],
            tablefmt="simple",
        ))
        out.append("")

        findings = report.findings
        if findings.height == 0:
            out.append(w["none"])
        else:
            shown = findings if report.max_rows is None else findings.head(report.max_rows)
            several = len(report.inputs) > 1
            headers = [w["ticket"], w["row"], w["rule"], w["severity"], w["field"], w["message"]]
            if several:
                headers.insert(0, w["source"])
            table = []
            for f in shown.iter_rows(named=True):
                line = [f["ticket"] or "-", f["row"] if f["row"] is not None else "-",
                        f["rule"], f["severity"], f["field"] or "-", f["message"]]
                if several:
                    line.insert(0, f["source"])
                table.append(line)
            out.append(tabulate(table, headers=headers, tablefmt="simple"))
            if shown.height < findings.height:
                out.append(w["shown"].format(
                    shown=shown.height, total=findings.height, cap=report.max_rows
                ))
        out.append("")
        sev = ", ".join(f"{k} {v}" for k, v in report.by_severity().items())
        verdict = (w["failed"] if report.failed else w["passed"]).format(fail_on=report.fail_on)
        out.append(w["total"].format(
            tickets=report.result.tickets, violations=findings.height, sev=sev
        ) + " — " + verdict)
        return "\n".join(out) + "\n"


@hookimpl
def svccheck_reporters() -> list[TextReporter]:
    return [TextReporter()]
