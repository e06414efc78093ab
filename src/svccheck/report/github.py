"""``--format github``: GitHub Actions workflow commands (annotations).

Each active finding becomes ``::error`` / ``::warning`` / ``::notice`` with
the export file and, for line-based formats, its line, so it shows on the
file in a pull request's diff and in the run's annotations list. Expired
waivers are warnings on the waiver file's line; unused ones are notices. A
last plain line states the verdict for the log.

GitHub shows only the first annotations of each kind per step; the
complete list belongs in SARIF or the Markdown job summary. Values are
escaped as the runner requires (``%``, CR, LF; plus ``:`` and ``,`` in
properties), otherwise a message holding a newline would end the command
early and the rest would be read as a new one.
"""

from __future__ import annotations

from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report
from svccheck.report.control_chars import neutral

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # other control characters (a cell's ESC sequences) are shown, not passed to the log
    return neutral(text, keep="\r\n").replace("%", "%25").replace(
        "\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: str | int | None) -> str:
    """``::kind prop=value,...::message`` with everything escaped."""
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + given if given else ''}::{escape_data(message)}"


class GithubReporter:
    name = "github"
    description = "GitHub Actions annotations (::error file=...,line=...::message)"

    def render(self, report: Report) -> str:
        out = []
        for item in report.violation_dicts():
            where = " · ".join(p for p in (
                item["ticket"] and f"ticket {item['ticket']}",
                item["row"] is not None and f"row {item['row']}",
            ) if p)
            clause = f" [{item['clause']}]" if item["clause"] else ""
            out.append(command(
                _COMMANDS[item["severity"]],
                f"{where}: {item['message']}{clause}" if where else item["message"] + clause,
                file=item["source"], line=item["line"],
                title=f"svccheck {item['rule']}",
            ))
        path = report.triage.waivers_path if report.triage is not None else None
        for use in report.waiver_uses:
            message = use.message(report.lang)
            if message is None:
                continue
            kind = "warning" if use.status == "expired" else "notice"
            out.append(command(kind, message, file=path, line=use.waiver.line,
                               title=f"svccheck waiver {use.status}"))
        expired = {u.message(report.lang) for u in report.waiver_uses if u.status == "expired"}
        for text in report.warnings:
            if text not in expired:
                out.append(command("warning", text, title="svccheck"))
        # a rule that judged nothing, or only part of its scope, is said so
        for line in report.rules():
            if line["status"] == "not_evaluated" and line["evaluated"]:
                out.append(command("warning", f"{line['rule']}: {line['reason']}",
                                   title="svccheck rule not evaluated"))
            elif line["skipped"]:
                out.append(command("notice", f"{line['rule']}: {line['coverage']}",
                                   title="svccheck rule partly evaluated"))
        sev = ", ".join(f"{k} {v}" for k, v in report.by_severity().items())
        extra = ""
        if report.waived.height:
            extra += f", {report.waived.height} waived"
        if report.baselined:
            extra += f", {report.baselined} baselined"
        verdict = "FAILED" if report.failed else "passed"
        options = " ".join([f"--fail-on {report.fail_on}",
                            *(f"--max-findings {k}={v}" for k, v in report.max_findings.items())])
        reasons = report.verdict.reasons() if report.verdict is not None and report.failed else []
        counts = report.rule_counts()
        out.append(f"svccheck: {report.result.tickets} tickets, {report.findings.height} "
                   f"findings ({sev}){extra} — {verdict} ({options})"
                   + (": " + "; ".join(reasons) if reasons else "")
                   + f" — {counts['evaluated']} rules judged, {counts['partial']} partial, "
                   f"{counts['not_evaluated']} not evaluated")
        return "\n".join(out) + "\n"


@hookimpl
def svccheck_reporters() -> list[GithubReporter]:
    return [GithubReporter()]
