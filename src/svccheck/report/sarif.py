"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One ``reportingDescriptor`` per rule of the run, carrying its title, its
documentation as help text and the clause of the source standard it encodes
(``properties.clause``, also quoted in the help), so a reviewer sees *why*
a ticket is a finding without leaving the alert. Each result is located at
the export file (``artifactLocation``) and, for line-based formats, the
line the row is on (``region.startLine``; see ``Report.line_of``); the row
number and the ticket id are always given too (``properties``,
``logicalLocations``), since a spreadsheet row has no text line.

The finding's fingerprint goes to ``partialFingerprints`` so a viewer tracks
a finding across re-exports exactly as ``--baseline`` does. Waived findings
are included with an external, accepted ``suppression`` carrying the waiver's
reason (SARIF's own notion of a waiver); with a baseline, new results say
``baselineState: new`` and baselined ones are left out. Warnings of the run
(expired waivers, calendar notes) become tool notifications.

The output validates against the official OASIS schema (a test checks it).
"""

from __future__ import annotations

import inspect
import json
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from svccheck import __version__
from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/svccheck/"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI reference: relative paths stay relative (to the checkout)."""
    pure: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    if pure.is_absolute():
        posix = pure.as_posix()
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix)
    return quote(pure.as_posix())


def _help(rule: Any, clause: str | None, lang: str) -> dict[str, str]:
    """The rule's documentation, then the clause it encodes."""
    doc = inspect.cleandoc(rule.doc or "") or rule.title_in(lang)
    if not clause:
        return {"text": doc, "markdown": doc}
    label = "来源条款" if lang == "zh" else "Clause"
    return {"text": f"{doc}\n\n{label}: {clause}", "markdown": f"{doc}\n\n**{label}:** {clause}"}


def _descriptor(report: Report, line: dict[str, Any], rule: Any) -> dict[str, Any]:
    clause = line["clause"]
    first = inspect.cleandoc(rule.doc or "").split("\n\n", 1)[0].replace("\n", " ").strip()
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace(".", "-").split("-")),
        "shortDescription": {"text": rule.title_in(report.lang)},
        "fullDescription": {"text": first or rule.title_in(report.lang)},
        "help": _help(rule, clause, report.lang),
        "defaultConfiguration": {"level": _LEVELS[line["severity"]],
                                 "enabled": line["evaluated"]},
        "properties": {
            "clause": clause,
            "family": rule.id.split(".", 1)[0],
            "tags": ["svccheck", rule.id.split(".", 1)[0]],
            "evaluated": line["evaluated"],
            "status": line["status"],
            "checked": line["checked"],
            "skipped": line["skipped"],
        },
    }
    if not line["evaluated"]:
        descriptor["properties"]["notEvaluatedReason"] = line["reason"]
    return descriptor


def _waiver_location(report: Report, line: int | None) -> dict[str, Any]:
    """Where the waiver is written, so a viewer can link the suppression to its entry."""
    path = report.triage.waivers_path if report.triage is not None else None
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path or "")}}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


class SarifReporter:
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning): a descriptor per rule, results per row"

    def render(self, report: Report) -> str:
        return json.dumps(self.log(report), ensure_ascii=False, indent=2) + "\n"

    def log(self, report: Report) -> dict[str, Any]:
        """The SARIF log as a dict."""
        lines = report.rules()
        rules = {o.rule.id: o.rule for o in report.result.outcomes}
        index = {line["rule"]: i for i, line in enumerate(lines)}
        artifacts = [item.path for item in report.inputs]
        has_baseline = report.triage is not None and report.triage.baseline_path is not None
        by_waiver = {u.waiver.index: u.waiver for u in report.waiver_uses}

        def result(item: dict[str, Any], waiver_index: int | None = None) -> dict[str, Any]:
            source, row = item["source"], item["row"]
            physical: dict[str, Any] = {}
            if source is not None:
                physical["artifactLocation"] = {"uri": artifact_uri(source)}
                if source in artifacts:
                    physical["artifactLocation"]["index"] = artifacts.index(source)
                line = report.line_of(source, row)
                if line is not None:
                    physical["region"] = {"startLine": line}
            where = " · ".join(p for p in (
                item["ticket"] and f"ticket {item['ticket']}",
                row is not None and f"row {row}",
            ) if p)
            location: dict[str, Any] = {}
            if physical:
                location["physicalLocation"] = physical
            if item["ticket"] is not None:
                location["logicalLocations"] = [{"name": item["ticket"], "kind": "object"}]
            out: dict[str, Any] = {
                "ruleId": item["rule"],
                "ruleIndex": index[item["rule"]],
                "level": _LEVELS[item["severity"]],
                "message": {"text": f"{item['message']} ({where})" if where
                            else item["message"]},
                "locations": [location] if location else [],
                "partialFingerprints": {"svccheck/v1": item["fingerprint"]},
                "properties": {k: item[k] for k in
                               ("ticket", "row", "field", "evidence", "clause", "assignee",
                                "channel", "day")},
            }
            if has_baseline:
                out["baselineState"] = "new"
            if waiver_index is not None:
                waiver = by_waiver[waiver_index]
                out["suppressions"] = [{
                    "kind": "external", "status": "accepted",
                    "justification": f"{waiver.reason} (owner {waiver.owner}, "
                                     f"expires {waiver.expires.isoformat()})",
                    "location": _waiver_location(report, waiver.line),
                }]
            return out

        results = [result(item) for item in report.violation_dicts()]
        results += [result(item, item["waiver"]["index"]) for item in report.waived_dicts()]
        notifications = [{"level": "warning", "message": {"text": text}}
                         for text in report.warnings]
        # what each rule could not judge: a rule that judged nothing, or only part
        notifications += [{
            "level": "warning" if line["status"] == "not_evaluated" else "note",
            "message": {"text": f"{line['rule']}: " + (
                line["reason"] or "" if line["status"] == "not_evaluated"
                else line["coverage"])},
            "associatedRule": {"id": line["rule"], "index": index[line["rule"]]},
        } for line in lines if line["skipped"] or line["status"] == "not_evaluated"]
        notifications += [{"level": "note", "message": {"text": message}}
                          for use in report.waiver_uses
                          if use.status == "unused" and (message := use.message(report.lang))]
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "svccheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(report, line, rules[line["rule"]]) for line in lines],
            }},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
                "properties": {"failed": report.failed, "fail_on": report.fail_on,
                               "as_of": report.as_of.isoformat()},
            }],
            "artifacts": [
                {"location": {"uri": artifact_uri(item.path)}, "roles": ["analysisTarget"],
                 **({"encoding": item.encoding} if item.encoding else {})}
                for item in report.inputs
            ],
            "results": results,
            "properties": {"standard": report.standard.id,
                           "summary": {k: v for k, v in report.summary().items()
                                       if k not in ("rules",)}},
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


@hookimpl
def svccheck_reporters() -> list[SarifReporter]:
    return [SarifReporter()]
