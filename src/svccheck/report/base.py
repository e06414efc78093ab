"""The report every format renders: one structure, built once per run.

Reporters receive a :class:`Report` and return text; they never recompute
counts, so every format agrees on the numbers. ``Report.to_dict`` *is* the
JSON contract of DESIGN.md (validated by ``schemas/report.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import polars as pl

from svccheck import __version__
from svccheck.engine import InputSummary, RunResult
from svccheck.model import SEVERITY_NAMES
from svccheck.standards import Standard


@dataclass
class Report:
    """A finished run, ready to render."""

    standard: Standard
    inputs: list[InputSummary]
    result: RunResult
    fail_on: str
    failed: bool
    as_of: datetime
    lang: str = "en"
    max_rows: int | None = 50
    warnings: list[str] = field(default_factory=list)

    @property
    def findings(self) -> pl.DataFrame:
        return self.result.findings

    def by_severity(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITY_NAMES, 0)
        for row in self.findings.group_by("severity").len().iter_rows():
            counts[row[0]] = row[1]
        return counts

    def by_rule(self) -> dict[str, int]:
        return {o.rule.id: o.violations for o in self.result.outcomes if o.evaluated}

    def summary(self) -> dict[str, Any]:
        return {
            "tickets": self.result.tickets,
            "violations": self.findings.height,
            "by_severity": self.by_severity(),
            "by_rule": self.by_rule(),
            "rules": [
                {
                    "rule": o.rule.id,
                    "title": o.rule.title_in(self.lang),
                    "severity": str(o.severity),
                    "evaluated": o.evaluated,
                    "reason": o.reason,
                    "violations": o.violations,
                }
                for o in self.result.outcomes
            ],
            "fail_on": self.fail_on,
            "failed": self.failed,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON report contract (DESIGN.md, ``schemas/report.schema.json``)."""
        return {
            "tool": {"name": "svccheck", "version": __version__},
            "standards": [{"id": i, "version": v} for i, v in self.standard.chain],
            "inputs": [
                {
                    "path": i.path, "kind": i.kind, "format": i.format, "encoding": i.encoding,
                    "compression": i.compression, "profile": i.profile,
                    "profile_detected": i.profile_detected, "rows": i.rows, "events": i.events,
                    "unused_columns": i.unused_columns,
                }
                for i in self.inputs
            ],
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "warnings": self.warnings,
            "summary": self.summary(),
            "violations": self.findings.to_dicts(),
        }


class Reporter(Protocol):
    """An output format. Registered through the ``svccheck_reporters`` hook."""

    #: The ``--format`` value.
    name: str
    #: One line for ``svccheck plugins`` and ``--help``.
    description: str

    def render(self, report: Report) -> str:
        """The whole output as text."""
        ...
