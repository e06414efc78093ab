"""What every engine takes and what it hands the reports: the engines' shared contract.

An engine takes the canonical frames of an audit (:class:`Audit`, whole or
in parts) and :class:`RunOptions`; it hands back a :class:`Checked`: the
run's :class:`RunResult` (findings in :data:`FINDINGS_SCHEMA`, one
:class:`RuleOutcome` per rule), the :class:`InputSummary` of each input and
what the reports still read of the audit. Kept apart from the engines and
from :mod:`svccheck.engines.choice`, which chooses and starts one, so that
every engine (the dask one is loaded only when asked for), the readers and
the reports can use the contract without importing one another: no import
circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.coverage import Coverage
from svccheck.model import FINDING_ASSIGNEE, Severity
from svccheck.rule import Rule
from svccheck.standards import ActiveRule

FINDINGS_SCHEMA: dict[str, Any] = {
    "rule": pl.String,
    "severity": pl.String,
    "ticket": pl.String,
    "row": pl.Int64,
    "source": pl.String,
    "field": pl.String,
    "message": pl.String,
    "evidence": pl.String,
    "clause": pl.String,
    "fingerprint": pl.String,
    # who a finding without a ticket is about (a KPI group); the report puts
    # it in the finding's context (report.base.add_context)
    FINDING_ASSIGNEE: pl.String,
}


@dataclass
class InputSummary:
    """What the report says about one input file."""

    path: str
    format: str
    encoding: str | None
    compression: str | None
    profile: str
    profile_detected: bool
    rows: int
    events: int
    fields: dict[str, str]
    unused_columns: list[str]
    kind: str = "tickets"
    #: column → canonical field it was read as (names masked, as unused_columns).
    mapping: dict[str, str] = field(default_factory=dict)
    #: classified field → raw value (masked) → rows, for values the profile did
    #: not map: the most frequent few (svccheck.io.unmapped.TOP_UNMAPPED) ...
    unmapped_values: dict[str, dict[str, int]] = field(default_factory=dict)
    #: ... and, per field, how many more distinct unmapped values were left out.
    unmapped_more: dict[str, int] = field(default_factory=dict)
    #: Ticket rows dropped because another page held a later version of the
    #: ticket (a profile with ``duplicates: latest``; svccheck.io.whole_tickets).
    duplicates: int = 0


@dataclass
class Audit:
    """All inputs of one run in canonical form."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    inputs: list[InputSummary]
    problems: pl.DataFrame
    timezone: str

    @property
    def columns(self) -> frozenset[str]:
        return frozenset(c for c in self.tickets.columns if not c.startswith("_"))


@dataclass
class RuleOutcome:
    """One rule's line in the summary."""

    rule: Rule
    severity: Severity
    evaluated: bool
    reason: str | None = None
    violations: int = 0
    #: What the rule judged and skipped (None when it did not run).
    coverage: Coverage | None = None


@dataclass
class RunResult:
    #: In report order; lazy (a scan of files on disk) after the streaming
    #: engine, so that a large run's findings are never held at once.
    findings: pl.DataFrame | pl.LazyFrame
    outcomes: list[RuleOutcome]
    tickets: int
    warnings: list[str] = field(default_factory=list)
    #: Seconds each rule took part by part, summed over the parts (engines
    #: that check an audit in parts; their merge step is timed on its own).
    part_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Checked:
    """A finished run and what the reports still read from its audit."""

    result: RunResult
    inputs: list[InputSummary]
    problems: pl.DataFrame
    #: Every ticket (lazily, for the streaming engine; for dask, only the rows
    #: some finding points at): the findings' context.
    tickets: pl.DataFrame | pl.LazyFrame
    #: Runs more rules over the same audit (the history's KPI probes).
    rerun: Callable[[list[ActiveRule]], RunResult]
    #: Every ticket, lazily, whatever ``tickets`` holds (the dask engine's
    #: ``tickets`` are only the rows findings point at): the reports' rates
    #: per assignee, channel and day count the tickets handled from it.
    every_ticket: Callable[[], pl.LazyFrame] | None = None


@dataclass(frozen=True)
class RunOptions:
    """How the rules run, whatever the engine."""

    lang: str
    as_of: datetime
    calendar: BusinessCalendar | None
    keep_going: bool = False
    on_rule: Callable[[str], None] | None = None
    on_part: Callable[[int, int], None] | None = None
    #: Told the engine that runs, the one asked for, and the memory estimate.
    on_engine: Callable[[str, str, int], None] | None = None
