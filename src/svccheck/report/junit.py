"""``--format junit``: JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuite>`` per ticket export, one ``<testcase>`` per rule in it:
rule x input is the unit a QA lead reads ("does October's export keep the
first-reply promise?"). A testcase with active findings in that input
*fails*, and its ``<failure>`` lists them (ticket, row, field, message), so
the CI test view is the finding list. A rule the export lacks data for is
*skipped* with the reason, and so is one that judged nothing (status
``not_evaluated``). Waived and baselined findings are not failures; their
counts, and a partial rule's coverage (what it skipped and why), go to
``<system-out>``.

A failure's ``type`` is the rule's severity: a CI view shows every finding,
while the exit code stays the gate's (``--fail-on``, ``--max-findings``).
No timestamps or durations: the same run gives the same file.

The file is valid against the common JUnit schema CI systems read (the
Jenkins xUnit plugin's ``junit-10.xsd``; a test validates it): the root
``<testsuites>`` carries tests, failures and errors only -- skipped counts
sit on each ``<testsuite>``. A ``classname`` is split at its dots into
package and class by those viewers, so the input's own dots
(``export.csv``) become ``_``: ``svccheck.export_csv``, not a class ``csv``
in a package ``svccheck.export``.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report

#: Characters XML 1.0 cannot hold at all; a quoted cell value may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _count(frame: pl.DataFrame, rule: str, source: str) -> int:
    return frame.filter((pl.col("rule") == rule) & (pl.col("source") == source)).height


def classname(source: str) -> str:
    """``svccheck.`` and the input's path with its dots made ``_`` (see the module doc)."""
    return "svccheck." + source.replace(".", "_")


def _finding_line(item: dict[str, Any]) -> str:
    where = ", ".join(p for p in (
        item["ticket"] and f"ticket {item['ticket']}",
        item["row"] is not None and f"row {item['row']}",
        item["field"] and f"field {item['field']}",
    ) if p)
    return _xml(f"- {where}: {item['message']}" if where else f"- {item['message']}")


class JunitReporter:
    name = "junit"
    description = "JUnit XML: a testcase per rule and input, failures listing the findings"

    def render(self, report: Report) -> str:
        root = ET.Element("testsuites", name="svccheck")
        findings = report.findings
        rows = report.rules()
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        sources = [i.path for i in report.inputs if i.kind == "tickets"]
        # Findings located nowhere in particular (no source) still need a home.
        if findings.filter(pl.col("source").is_null()).height:
            sources.append(None)  # type: ignore[arg-type]
        for source in sources:
            name = source if source is not None else "(run)"
            suite = ET.SubElement(root, "testsuite", name=name)
            counts = {"tests": 0, "failures": 0, "skipped": 0}
            in_source = findings.filter(
                pl.col("source").is_null() if source is None else pl.col("source") == source
            )
            for line in rows:
                case = ET.SubElement(suite, "testcase", name=line["rule"],
                                     classname=classname(name))
                counts["tests"] += 1
                if line["status"] == "not_evaluated" and not in_source.filter(
                        pl.col("rule") == line["rule"]).height:
                    ET.SubElement(case, "skipped", message=line["reason"] or "not evaluated")
                    counts["skipped"] += 1
                    continue
                mine = in_source.filter(pl.col("rule") == line["rule"])
                if mine.height:
                    counts["failures"] += 1
                    failure = ET.SubElement(
                        case, "failure", type=line["severity"],
                        message=f"{mine.height} finding(s) of {line['rule']}"
                                + (f" (clause {line['clause']})" if line["clause"] else ""),
                    )
                    failure.text = "\n".join(
                        _finding_line(item) for item in mine.iter_rows(named=True)
                    ) + "\n"
                notes = []
                if line["skipped"]:
                    notes.append(line["coverage"])
                if source is not None:
                    if waived := _count(report.waived, line["rule"], source):
                        notes.append(f"{waived} waived")
                    if report.triage is not None and (
                        baselined := _count(report.triage.baselined, line["rule"], source)
                    ):
                        notes.append(f"{baselined} baselined")
                if notes:
                    ET.SubElement(case, "system-out").text = ", ".join(notes)
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
            suite.set("errors", "0")
        # no "skipped" here: the schema allows it on each <testsuite> only
        root.set("tests", str(totals["tests"]))
        root.set("failures", str(totals["failures"]))
        root.set("errors", "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
            root, encoding="unicode"
        ) + "\n"


@hookimpl
def svccheck_reporters() -> list[JunitReporter]:
    return [JunitReporter()]
