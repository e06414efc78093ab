"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One ``reportingDescriptor`` per rule of the run, carrying its title, its
documentation as help text and the clause of the source standard it encodes
(``properties.clause``, also quoted in the help), so a reviewer sees *why*
a ticket is a finding without leaving the alert.

Written for code scanning as it reads SARIF (GitHub's upload rules):

* Each result is located at the export file (``artifactLocation``) and the
  physical line its record starts on (``region.startLine``: the finding's
  ``line``, counted through cells that span lines; svccheck.report.rows).
  A result with no line of its own -- a KPI about a whole group, a row of an
  XLSX or Parquet file -- points at the start of its file (line 1), since a
  result without a region is not shown at all; the row and ticket id are
  always given too (``properties``, ``logicalLocations``).
* URIs are relative to the working directory, or to ``--project-root`` (a
  checkout's root, so the alert opens the file in the repository); a file
  outside it, or given by an absolute path, is an absolute ``file://`` URI.
* The finding's fingerprint goes to ``partialFingerprints``, so a viewer
  tracks a finding across re-exports exactly as ``--baseline`` does. With a
  baseline, every result says ``baselineState``: ``new``, or ``unchanged``
  for a finding the baseline holds (listed, so the viewer can tell fixed
  from accepted, instead of vanishing).
* Waived findings are included with an external, accepted ``suppression``
  carrying the waiver's reason (SARIF's own notion of a waiver).
* ``automationDetails.id`` names the run's category (``svccheck/STANDARD/``),
  so audits against two standards do not close each other's alerts.
* Code scanning accepts at most :data:`MAX_RESULTS` results per run: beyond
  that the active and most severe are kept and a notification says how many were left
  out and where to find them all (``--format jsonl``).

Warnings of the run (expired waivers, calendar notes) and rules that could
not judge everything become tool notifications. The output validates
against the official OASIS schema (a test checks it).
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from svccheck import __version__
from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/svccheck/"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_RANK = {"error": 0, "warning": 1, "info": 2}
#: Results code scanning accepts in one run (GitHub's upload limit).
MAX_RESULTS = 25_000


def _file_uri(posix: str) -> str:
    return "file://" + quote(posix if posix.startswith("/") else "/" + posix)


def artifact_uri(path: str, root: str | None = None) -> str:
    """A path as a SARIF URI reference.

    Without ``root``, a relative path stays relative (to the working
    directory, where CI runs from the checkout) and an absolute one is a
    ``file://`` URI. With ``root`` (``--project-root``), a file under it is
    given relative to it, anything else by its absolute ``file://`` URI.
    """
    pure: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    if root is not None and not isinstance(pure, PureWindowsPath):
        absolute = Path(os.path.abspath(path))
        base = Path(os.path.abspath(root))
        if absolute.is_relative_to(base):
            return quote(absolute.relative_to(base).as_posix())
        return _file_uri(absolute.as_posix())
    if pure.is_absolute():
        return _file_uri(pure.as_posix())
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
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(path or "", report.project_root)}}
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
        root = report.project_root
        artifacts = [item.path for item in report.inputs]
        # where a finding about no row of any file (a KPI group) points
        home = next((i.path for i in report.inputs if i.kind == "tickets"),
                    artifacts[0] if artifacts else None)
        has_baseline = report.triage is not None and report.triage.baseline_path is not None
        by_waiver = {u.waiver.index: u.waiver for u in report.waiver_uses}

        def result(item: dict[str, Any], waiver_index: int | None = None,
                   state: str = "new") -> dict[str, Any]:
            source, row = item["source"], item["row"]
            located = source if source is not None else home
            location: dict[str, Any] = {}
            if located is not None:
                physical: dict[str, Any] = {
                    "artifactLocation": {"uri": artifact_uri(located, root)},
                    # no region, no alert: a result without a line points at the file's start
                    "region": {"startLine": item["line"] if source is not None
                               and item["line"] is not None else 1},
                }
                if located in artifacts:
                    physical["artifactLocation"]["index"] = artifacts.index(located)
                location["physicalLocation"] = physical
            where = " · ".join(p for p in (
                item["ticket"] and f"ticket {item['ticket']}",
                row is not None and f"row {row}",
            ) if p)
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
                               ("ticket", "row", "line", "field", "evidence", "clause",
                                "assignee", "channel", "day")},
            }
            if has_baseline:
                out["baselineState"] = state
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
        if has_baseline and report.triage is not None:
            results += [result(item, state="unchanged")
                        for item in report.violation_dicts(report.triage.baselined)]
        notifications = [{"level": "warning", "message": {"text": text}}
                         for text in report.warnings]
        if len(results) > MAX_RESULTS:
            # what the gate judges before what was accepted (waived, baselined),
            # the most severe first, each in report order
            order = sorted(range(len(results)), key=lambda i: (
                "suppressions" in results[i] or results[i].get("baselineState") == "unchanged",
                _RANK[_severity(results[i])], i))
            left = len(results) - MAX_RESULTS
            results = [results[i] for i in sorted(order[:MAX_RESULTS])]
            notifications.append({"level": "warning", "message": {"text": (
                f"{left} of {left + MAX_RESULTS} results left out: code scanning accepts at "
                f"most {MAX_RESULTS:,} per run; active findings are kept first, the most "
                "severe first. --format jsonl lists every finding.")}})
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
        if report.triage is not None and report.triage.fixed:
            notifications.append({"level": "note", "message": {"text": (
                f"{len(report.triage.fixed)} entries of the baseline "
                f"{report.triage.baseline_path} match no finding any more: fixed since it "
                "was written")}})
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "svccheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(report, line, rules[line["rule"]]) for line in lines],
            }},
            "automationDetails": {"id": f"svccheck/{report.standard.id}/"},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
                "properties": {"failed": report.failed, "fail_on": report.fail_on,
                               "as_of": report.as_of.isoformat()},
            }],
            "artifacts": [
                {"location": {"uri": artifact_uri(item.path, root)},
                 "roles": ["analysisTarget"],
                 **({"encoding": item.encoding} if item.encoding else {})}
                for item in report.inputs
            ],
            "results": results,
            "properties": {"standard": report.standard.id,
                           "summary": {k: v for k, v in report.summary().items()
                                       if k not in ("rules",)}},
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _severity(result: dict[str, Any]) -> str:
    """A result's svccheck severity, from its SARIF level."""
    return {"error": "error", "warning": "warning", "note": "info"}[result["level"]]


@hookimpl
def svccheck_reporters() -> list[SarifReporter]:
    return [SarifReporter()]
