"""The report every format renders: one structure, built once per run.

Reporters receive a :class:`Report` and return text; they never recompute
counts, so every format agrees on the numbers. ``Report.to_dict`` *is* the
JSON contract of DESIGN.md (validated by ``schemas/report.schema.json``).

A run's findings are sorted three ways before any reporter sees them
(:class:`Triage`): *waived* by a waiver file, *baselined* because an
accepted baseline already holds their fingerprint, and the rest -- the
*active* findings the gate judges and ``violations`` lists. Each finding also
carries the assignee, channel and creation day of its ticket (``CONTEXT``):
QA leads slice findings that way and waivers match on it, but the context is
never part of a fingerprint, so re-assigning a ticket does not turn an old
finding into a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from svccheck import __version__
from svccheck.coverage import describe, status, top_reasons
from svccheck.engines.contract import FINDINGS_SCHEMA, InputSummary, RunResult
from svccheck.engines.findings_frame import Frame, counts, height, held, stored_slices
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import SEVERITY_NAMES
from svccheck.pii import redact_series
from svccheck.report.export_words import ExportWords
from svccheck.report.gate import Verdict
from svccheck.report.waivers import WaiverUse
from svccheck.standards import Standard

#: Per-finding context from the ticket: who handled it, where it came in, and
#: the day (in the standard's time zone) it was created.
CONTEXT: tuple[str, ...] = ("assignee", "channel", "day")
#: The contract's columns of a finding (DESIGN.md), in report order: the
#: engine's, with ``line`` -- the file's line the row starts on -- after ``row``
#: (svccheck.report.rows gives both their report meaning). The engine's
#: findings also carry the assignee a KPI finding is about: that is context.
_ENGINE_FIELDS = tuple(c for c in FINDINGS_SCHEMA if c not in CONTEXT)
FINDING_FIELDS: tuple[str, ...] = (*_ENGINE_FIELDS[:4], "line", *_ENGINE_FIELDS[4:])
#: The assignee a finding names itself (a KPI group), while its context is looked up.
_OWN = "_own_assignee"
CONTEXT_SCHEMA: dict[str, Any] = dict.fromkeys(CONTEXT, pl.String)
#: The helpdesk's internal id of a finding's ticket, where users see another number
#: (Zammad, OTRS): in the JSON report only, and only when an input has one.
INTERNAL_ID = "internal_id"


#: The rule whose findings mark rows that could not be read (see add_context).
UNREADABLE_RULE = "record.readable-row"
#: Findings on disk joined to their context at a time (a few tens of MB).
CONTEXT_SLICE = 100_000


def add_context(findings: Frame, tickets: Frame | None, scratch: Path | None = None) -> Frame:
    """Attach each finding's ticket context (``CONTEXT`` columns), looked up by source and row.

    A finding about a row that is not a ticket or could not be read (a
    ``record.readable-row`` finding marks it: its cells may be shifted), or an
    export without those columns, gets nulls: context must not be invented.
    The channel falls back to the export's own value when it is not one of
    the canonical ones, so an unknown channel still shows up in charts.
    Lazy findings (on disk) give lazy findings: only the looked-up rows are
    held. With a ``scratch`` directory (the caller removes it) they are joined
    a slice at a time and written there, and the result reads those files.
    """
    names = findings.collect_schema()
    own = (pl.col("assignee").cast(pl.String) if "assignee" in names
           else pl.lit(None, dtype=pl.String)).alias(_OWN)
    findings = findings.with_columns(own).drop(
        [c for c in (*CONTEXT, INTERNAL_ID) if c in names])
    columns = tickets.lazy().collect_schema() if tickets is not None else pl.Schema()
    if tickets is None or not {SOURCE, ROW} <= set(columns):
        return findings.with_columns(
            pl.col(_OWN).alias("assignee"),
            *(pl.lit(None, dtype=pl.String).alias(c) for c in CONTEXT if c != "assignee"),
        ).drop(_OWN)
    ids = _internal_ids(findings, tickets) if INTERNAL_ID in columns else None
    assignee, channel, day = context_exprs(columns)
    # only the rows some finding points at: the lookup over every ticket of a
    # large export cost more than the join (a superset by row number alone)
    # (read lazily: the streaming engine's tickets are on disk, in parts)
    rows = held(findings.lazy().select(pl.col("row").drop_nulls().unique().cast(pl.Int64))
                ).to_series()
    wanted = tickets.lazy().filter(pl.col(ROW).cast(pl.Int64).is_in(rows.implode()))
    # A row that could not be read as the format requires (too many or too few
    # fields) may have its cells shifted: its "assignee" can be a customer's
    # phone number. Such rows get no context at all.
    unreadable = held(findings.lazy().filter(pl.col("rule") == UNREADABLE_RULE).select(
        pl.col("source").cast(pl.String).alias(SOURCE), pl.col("row").cast(pl.Int64).alias(ROW)))
    if unreadable.height:
        wanted = wanted.with_columns(
            pl.col(SOURCE).cast(pl.String), pl.col(ROW).cast(pl.Int64)
        ).join(unreadable.lazy(), on=[SOURCE, ROW], how="anti", maintain_order="left")
    lookup = wanted.select(
        pl.col(SOURCE).cast(pl.String).alias("_ctx_source"),
        pl.col(ROW).cast(pl.Int64).alias("_ctx_row"),
        assignee.alias("assignee"), channel.alias("channel"), day.alias("day"),
    ).unique(subset=["_ctx_source", "_ctx_row"], keep="first", maintain_order=True).collect(
        engine="streaming")
    # Context is shown beside every finding: a personal value typed into the
    # assignee or channel column must not come back raw through it.
    lookup = lookup.with_columns(
        redact_series(lookup.get_column(c)) for c in ("assignee", "channel"))
    if isinstance(findings, pl.LazyFrame) and scratch is not None:
        # findings on disk, in report order: a slice's rows are a narrow range,
        # so it joins only the lookup rows in that range
        def step(part: pl.DataFrame) -> pl.DataFrame:
            rows = part.get_column("row").cast(pl.Int64).drop_nulls()
            near = (lookup.filter(pl.col("_ctx_row").is_between(rows.min(), rows.max()))
                    if len(rows) else lookup.head(0))
            return _with_ids(_joined(part.lazy(), near), ids).collect()
        return stored_slices(findings, scratch, step, CONTEXT_SLICE)
    joined = _with_ids(_joined(findings.lazy(), lookup), ids)
    return joined if isinstance(findings, pl.LazyFrame) else joined.collect()


def _internal_ids(findings: Frame, tickets: Frame) -> pl.DataFrame:
    """Ticket id → the helpdesk's internal id, for the tickets some finding names.

    Looked up by ticket, not by row: a finding on a message points at the
    message's file and row, and the internal id is the ticket's.
    """
    named = held(findings.lazy().select(pl.col("ticket").drop_nulls().unique().cast(pl.String))
                 ).to_series()
    return held(tickets.lazy().filter(pl.col(TICKET).cast(pl.String).is_in(named.implode()))
                .select(pl.col(TICKET).cast(pl.String).alias("_id_ticket"),
                        pl.col(INTERNAL_ID).cast(pl.String))
                .unique(subset=["_id_ticket"], keep="first", maintain_order=True))


def _with_ids(findings: pl.LazyFrame, ids: pl.DataFrame | None) -> pl.LazyFrame:
    """``findings`` with the ``internal_id`` of their ticket, where the export has one."""
    if ids is None:
        return findings
    return findings.join(ids.lazy(), left_on="ticket", right_on="_id_ticket", how="left",
                         maintain_order="left")


def context_exprs(columns: pl.Schema | dict[str, Any]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The ``CONTEXT`` values of a ticket frame with these columns, unmasked:
    assignee, channel (canonical, else the export's own value) and the day
    created (in the standard's zone). Null where the export lacks the column."""
    null = pl.lit(None, dtype=pl.String)
    assignee = pl.col("assignee").cast(pl.String) if "assignee" in columns else null
    channel_parts = [pl.col(c).cast(pl.String) for c in ("channel", "_raw_channel")
                     if c in columns]
    channel = pl.coalesce(channel_parts) if channel_parts else null
    created = columns.get("created_at")
    day = (pl.col("created_at").dt.date().cast(pl.String)
           if isinstance(created, pl.Datetime | pl.Date) else null)
    return assignee, channel, day


def _joined(findings: pl.LazyFrame, lookup: pl.DataFrame) -> pl.LazyFrame:
    """``findings`` with their row's ``CONTEXT`` from ``lookup`` (nulls where it has none;
    a finding without a row keeps the assignee it names itself)."""
    kept = [c for c in findings.collect_schema() if c != _OWN]
    return findings.join(
        lookup.lazy(), left_on=["source", "row"], right_on=["_ctx_source", "_ctx_row"],
        how="left", maintain_order="left", coalesce=True,
    ).with_columns(pl.coalesce("assignee", _OWN).alias("assignee")).select([*kept, *CONTEXT])


def empty_findings(extra: dict[str, Any] | None = None) -> pl.DataFrame:
    """A findings frame with no rows: the contract's columns, context, and ``extra``."""
    schema = {name: FINDINGS_SCHEMA.get(name, pl.Int64) for name in FINDING_FIELDS}
    return pl.DataFrame(schema={**schema, **CONTEXT_SCHEMA, **(extra or {})})


@dataclass
class Triage:
    """A run's findings sorted into what the gate judges and what it does not.

    ``active`` and ``waived`` carry the ``CONTEXT`` columns; ``waived`` also
    has ``waiver`` (the 1-based index of the waiver that claimed it).
    """

    active: Frame
    waived: Frame = field(default_factory=lambda: empty_findings({"waiver": pl.Int64}))
    baselined: Frame = field(default_factory=empty_findings)
    waivers: list[WaiverUse] = field(default_factory=list)
    #: The waiver file and baseline file of the run, as the user named them.
    waivers_path: str | None = None
    baseline_path: str | None = None
    #: Baseline entries (fingerprint, rule, ticket) the run no longer finds:
    #: fixed since the baseline was written.
    fixed: list[dict[str, Any]] = field(default_factory=list)


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
    #: Waivers and baseline applied; None means every finding is active.
    triage: Triage | None = None
    #: The gate's verdict in detail (limits per severity, which were exceeded).
    verdict: Verdict | None = None
    #: ``--max-findings`` as given (severity -> allowed count).
    max_findings: dict[str, int] = field(default_factory=dict)
    #: Each rule's clause as the standard sets it (a standard may override the rule's).
    clauses: dict[str, str | None] = field(default_factory=dict)
    #: Whether a terminal format may use colour (stdout is a TTY, NO_COLOR unset).
    color: bool = False
    #: Recorded runs of this standard, oldest first, this one last (``--history``);
    #: None when the run keeps no history. Only the HTML report draws them.
    history: list[Any] | None = None
    #: ``--project-root``: SARIF locations are relative to it (else to the
    #: working directory).
    project_root: str | None = None
    #: Every KPI rule's overall value against its bound (svccheck.report.kpis).
    kpis: list[Any] = field(default_factory=list)
    #: Per assignee, channel and day: tickets handled and flagged
    #: (svccheck.report.rates); None when no report of the run shows them.
    rates: dict[str, list[Any]] | None = None
    #: The agent scorecard (svccheck.report.scorecard), when a report shows it.
    scorecard: Any = None
    #: The export's own names for fields and values (``--lang zh``).
    words: ExportWords = field(default_factory=ExportWords)
    #: Findings the HTML report lists per rule; None = all.
    html_max_per_rule: int | None = 200

    # -- findings ------------------------------------------------------------

    @property
    def findings(self) -> Frame:
        """The active findings (not waived, not baselined), with ``CONTEXT`` columns.

        Lazy (on disk) after a streamed run whose report is written piece by
        piece; ask it through :mod:`svccheck.engines.findings_frame` to serve
        both.
        """
        if self.triage is not None:
            return self.triage.active
        frame = self.result.findings
        schema = frame.collect_schema()
        if "line" not in schema:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Int64).alias("line"))
        if all(c in schema for c in CONTEXT):
            return frame
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in CONTEXT)

    @property
    def waived(self) -> Frame:
        """Findings a waiver claimed, with ``waiver`` (its 1-based index)."""
        if self.triage is None:
            return empty_findings({"waiver": pl.Int64})
        return self.triage.waived

    @property
    def baselined(self) -> int:
        """How many findings the baseline already holds."""
        return height(self.triage.baselined) if self.triage is not None else 0

    @property
    def waiver_uses(self) -> list[WaiverUse]:
        return self.triage.waivers if self.triage is not None else []

    # -- counts --------------------------------------------------------------

    def by_severity(self) -> dict[str, int]:
        return {**dict.fromkeys(SEVERITY_NAMES, 0), **counts(self.findings, "severity")}

    def _count(self, frame: Frame) -> dict[str, int]:
        return counts(frame, "rule")

    def by_rule(self) -> dict[str, int]:
        """Active findings per evaluated rule (0 for a rule that passed)."""
        counts = self._count(self.findings)
        return {o.rule.id: counts.get(o.rule.id, 0) for o in self.result.outcomes if o.evaluated}

    def clause(self, rule_id: str) -> str | None:
        if rule_id in self.clauses:
            return self.clauses[rule_id]
        rule = next((o.rule for o in self.result.outcomes if o.rule.id == rule_id), None)
        return rule.clause if rule is not None else None

    def rules(self) -> list[dict[str, Any]]:
        """One line per rule of the run: status, coverage and counts, in the standard's order.

        ``status`` (:func:`svccheck.coverage.status`) is ``passed`` (judged
        some, skipped none, no active finding), ``failed`` (at least one),
        ``partial`` (no finding, some tickets in scope skipped) or
        ``not_evaluated`` (judged none; ``reason`` says why). ``checked`` and
        ``skipped`` (``{reason: count}``) are the rule's coverage, in
        tickets -- or groups for a KPI (``unit``).
        """
        active = self._count(self.findings)
        waived = self._count(self.waived)
        baselined = (self._count(self.triage.baselined) if self.triage is not None else {})
        rows = []
        for o in self.result.outcomes:
            rule_id = o.rule.id
            count = active.get(rule_id, 0)
            coverage = o.coverage
            state = status(o.evaluated, coverage, count)
            reason = o.reason
            if reason is None and state == "not_evaluated":
                reason = (
                    ("没有可判定的工单：" if self.lang == "zh" else "judged nothing: ")
                    + top_reasons(coverage.skipped, self.lang)
                    if coverage is not None and coverage.skipped
                    else ("范围内没有工单" if self.lang == "zh" else "no ticket in its scope")
                )
            rows.append({
                "rule": rule_id,
                "title": o.rule.title_in(self.lang),
                "severity": str(o.severity),
                "evaluated": o.evaluated,
                "reason": reason,
                "status": state,
                "checked": coverage.checked if coverage is not None else 0,
                "skipped": dict(coverage.skipped) if coverage is not None else {},
                "unit": coverage.unit if coverage is not None else "tickets",
                "coverage": describe(coverage, self.lang) if o.evaluated else "",
                "violations": count,
                "waived": waived.get(rule_id, 0),
                "baselined": baselined.get(rule_id, 0),
                "clause": self.clause(rule_id),
            })
        return rows

    def rule_counts(self) -> dict[str, int]:
        """Rules judged (passed, failed, partial) and not evaluated."""
        statuses = [r["status"] for r in self.rules()]
        return {
            "evaluated": sum(s != "not_evaluated" for s in statuses),
            "passed": statuses.count("passed"),
            "failed": statuses.count("failed"),
            "partial": statuses.count("partial"),
            "not_evaluated": statuses.count("not_evaluated"),
        }

    def summary(self) -> dict[str, Any]:
        rules = self.rules()
        summary: dict[str, Any] = {
            "tickets": self.result.tickets,
            "violations": height(self.findings),
            "by_severity": self.by_severity(),
            "by_rule": self.by_rule(),
            "rule_counts": self.rule_counts(),
            "waived": height(self.waived),
            "baselined": self.baselined,
            "rules": [{k: v for k, v in r.items() if k not in ("clause", "coverage")}
                      for r in rules],
            "fail_on": self.fail_on,
            "max_findings": dict(self.max_findings),
            "failed": self.failed,
            "kpis": [k.to_dict() for k in self.kpis],
        }
        if self.verdict is not None:
            summary["gate"] = self.verdict.to_dict()
        return summary

    # -- locations -----------------------------------------------------------

    def input_for(self, source: str | None) -> InputSummary | None:
        return next((i for i in self.inputs if i.path == source), None)

    # -- the JSON contract ---------------------------------------------------

    def violation_columns(self, frame: Frame | None = None) -> list[str]:
        """A violation's keys: ``FINDING_FIELDS``, ``CONTEXT``, and ``internal_id``
        when an input maps the helpdesk's internal ticket id."""
        frame = self.findings if frame is None else frame
        extra = [INTERNAL_ID] if (INTERNAL_ID in frame.collect_schema() and any(
            INTERNAL_ID in i.fields for i in self.inputs)) else []
        return [*FINDING_FIELDS, *CONTEXT, *extra]

    def violation_dicts(self, frame: Frame | None = None) -> list[dict[str, Any]]:
        """Findings as contract objects (``FINDING_FIELDS``, then ``CONTEXT``)."""
        frame = self.findings if frame is None else frame
        return held(frame.lazy().select(self.violation_columns(frame))).to_dicts()

    def waived_dicts(self) -> list[dict[str, Any]]:
        """Waived findings, each with the waiver that claimed it."""
        by_index = {u.waiver.index: u.waiver for u in self.waiver_uses}
        waived = held(self.waived)
        out = []
        for item, index in zip(self.violation_dicts(waived),
                               waived.get_column("waiver").to_list(), strict=True):
            waiver = by_index[index]
            item["waiver"] = {"index": index, "reason": waiver.reason, "owner": waiver.owner,
                              "expires": waiver.expires.isoformat()}
            out.append(item)
        return out

    def to_dict(self, violations: bool = True) -> dict[str, Any]:
        """The JSON report contract (DESIGN.md, ``schemas/report.schema.json``).

        ``violations=False`` leaves the findings list empty, for a caller that
        writes it itself: turning a million findings into dicts only to
        replace them cost 0.6 s of a 1M-ticket run.
        """
        data: dict[str, Any] = {
            "tool": {"name": "svccheck", "version": __version__},
            "standards": [{"id": i, "version": v} for i, v in self.standard.chain],
            "inputs": [
                {
                    "path": i.path, "kind": i.kind, "format": i.format, "encoding": i.encoding,
                    "compression": i.compression, "profile": i.profile,
                    "profile_detected": i.profile_detected, "rows": i.rows, "events": i.events,
                    "mapping": i.mapping, "unused_columns": i.unused_columns,
                    "unmapped_values": i.unmapped_values, "unmapped_more": i.unmapped_more,
                    **({"duplicates": i.duplicates} if i.duplicates else {}),
                }
                for i in self.inputs
            ],
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "warnings": self.warnings,
            "summary": self.summary(),
            "violations": self.violation_dicts() if violations else [],
            "waived": self.waived_dicts(),
            "waivers": [u.to_dict() for u in self.waiver_uses],
        }
        if self.triage is not None and self.triage.baseline_path is not None:
            data["baseline"] = {"path": self.triage.baseline_path, "baselined": self.baselined,
                                "fixed": list(self.triage.fixed)}
        return data


class Reporter(Protocol):
    """An output format. Registered through the ``svccheck_reporters`` hook."""

    #: The ``--format`` value.
    name: str
    #: One line for ``svccheck plugins`` and ``--help``.
    description: str

    def render(self, report: Report) -> str:
        """The whole output as text."""
        ...
