"""A history of audits, to show whether the service is getting better.

Seed 003 第十二章 (改进效果评估, 评估指标设定) asks for improvement measured
over time: a QA lead wants to see whether first-reply attainment rose after
last month's training, not only today's list. ``--history DB`` records each
run in a small database -- an embedded SQLite file by default, or a
PostgreSQL URI shared by a team -- and the HTML report draws the trend.

What is stored is deliberately little: when, the inputs (paths and URIs with
passwords masked), the standard and its version, per rule how many tickets it
evaluated and how many failed it, the KPI values, and per agent the tickets
handled and how many were clean -- under a one-way key of the agent's name
(:func:`agent_key`), never the name, so the scorecard can draw each agent's
trend. Never a finding's message or evidence, a ticket id, or any cell of
the export: a history is kept for years and shared, so it must hold no
personal data.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from svccheck import __version__
from svccheck.engines.contract import RunResult
from svccheck.engines.findings_frame import height, held
from svccheck.errors import SvccheckError
from svccheck.io.database import (
    engine_of,
    is_database_uri,
    mask_secrets,
    mask_uri,
    secrets_of,
)
from svccheck.standards import ActiveRule, Standard

#: ``svccheck history`` and ``--history`` without a value use this file.
DEFAULT_HISTORY = "svccheck-history.db"
#: Runs the HTML trend shows: enough for a year of monthly audits and more.
TREND_RUNS = 30

_TABLES = {
    "sqlite": """
CREATE TABLE IF NOT EXISTS svccheck_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL, as_of TEXT NOT NULL,
    standard TEXT NOT NULL, standard_version TEXT NOT NULL,
    inputs TEXT NOT NULL, tickets INTEGER NOT NULL, findings INTEGER NOT NULL,
    failed INTEGER NOT NULL, tool_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS svccheck_rule_counts (
    run_id INTEGER NOT NULL REFERENCES svccheck_runs(id), rule TEXT NOT NULL,
    evaluated INTEGER NOT NULL, failed INTEGER NOT NULL, findings INTEGER NOT NULL,
    PRIMARY KEY (run_id, rule));
CREATE TABLE IF NOT EXISTS svccheck_kpis (
    run_id INTEGER NOT NULL REFERENCES svccheck_runs(id), kpi TEXT NOT NULL,
    value REAL NOT NULL, PRIMARY KEY (run_id, kpi));
CREATE TABLE IF NOT EXISTS svccheck_agent_counts (
    run_id INTEGER NOT NULL REFERENCES svccheck_runs(id), agent_key TEXT NOT NULL,
    tickets INTEGER NOT NULL, clean INTEGER NOT NULL, PRIMARY KEY (run_id, agent_key));
""",
    "postgresql": """
CREATE TABLE IF NOT EXISTS svccheck_runs (
    id BIGSERIAL PRIMARY KEY,
    recorded_at TEXT NOT NULL, as_of TEXT NOT NULL,
    standard TEXT NOT NULL, standard_version TEXT NOT NULL,
    inputs TEXT NOT NULL, tickets BIGINT NOT NULL, findings BIGINT NOT NULL,
    failed BOOLEAN NOT NULL, tool_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS svccheck_rule_counts (
    run_id BIGINT NOT NULL REFERENCES svccheck_runs(id), rule TEXT NOT NULL,
    evaluated BIGINT NOT NULL, failed BIGINT NOT NULL, findings BIGINT NOT NULL,
    PRIMARY KEY (run_id, rule));
CREATE TABLE IF NOT EXISTS svccheck_kpis (
    run_id BIGINT NOT NULL REFERENCES svccheck_runs(id), kpi TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, kpi));
CREATE TABLE IF NOT EXISTS svccheck_agent_counts (
    run_id BIGINT NOT NULL REFERENCES svccheck_runs(id), agent_key TEXT NOT NULL,
    tickets BIGINT NOT NULL, clean BIGINT NOT NULL, PRIMARY KEY (run_id, agent_key));
""",
}


@dataclass(frozen=True)
class RuleCount:
    """One rule in one run: tickets evaluated, tickets (or KPI groups) failed, findings."""

    evaluated: int
    failed: int
    findings: int

    @property
    def pass_rate(self) -> float | None:
        """Share of evaluated tickets without a finding; None if none was evaluated."""
        if self.evaluated <= 0:
            return None
        return max(0.0, 1 - self.failed / self.evaluated)


@dataclass
class HistoryRun:
    """One recorded audit."""

    recorded_at: datetime
    as_of: datetime
    standard: str
    standard_version: str
    inputs: list[str]
    tickets: int
    findings: int
    failed: bool
    rules: dict[str, RuleCount] = field(default_factory=dict)
    kpis: dict[str, float] = field(default_factory=dict)
    #: agent_key -> (tickets handled, tickets without an active finding)
    agents: dict[str, tuple[int, int]] = field(default_factory=dict)
    id: int | None = None
    tool_version: str = __version__


# -- what a run contributes --------------------------------------------------


def agent_key(name: str | None) -> str:
    """A one-way key of an agent's name: the same agent across runs, no name stored."""
    text = "svccheck-agent\x1f" + (name or "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def rule_counts(result: RunResult) -> dict[str, RuleCount]:
    """Per rule: tickets evaluated, distinct tickets failed, findings.

    A rule that could not run (data missing) evaluated nothing. A finding
    without a ticket (a KPI group, a rule error) counts as one failure.
    """
    grouped = held(result.findings.lazy().group_by("rule").agg(
        pl.len().alias("n"),
        (pl.col("ticket").drop_nulls().n_unique() + pl.col("ticket").null_count())
        .alias("failed"),
    ))
    per_rule = {r: (int(n), int(f)) for r, n, f in grouped.iter_rows()}
    counts = {}
    for outcome in result.outcomes:
        n, failed = per_rule.get(outcome.rule.id, (0, 0))
        evaluated = result.tickets if outcome.evaluated else 0
        counts[outcome.rule.id] = RuleCount(evaluated=evaluated, failed=failed, findings=n)
    return counts


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: Parameters that set a KPI's bound; set out of reach so that the overall
#: group is always reported, with its value in the evidence.
_UNREACHABLE = {"floor": 1e12, "ceiling": -1e12}


def kpi_values(active: Sequence[ActiveRule],
               run_rules: Callable[[list[ActiveRule]], RunResult]) -> dict[str, float]:
    """The overall value of every ``kpi.*`` rule of the run, passing or not.

    A KPI rule reports only groups below its floor, yet a trend needs the
    value every time. So each KPI rule runs once more, judged overall only,
    with its bound out of reach: its one finding then carries the measured
    value as evidence (``87.5%`` → 0.875; ``4.33`` → 4.33). The measurement
    stays the rule's own, so the history and the report never disagree on
    how a KPI is computed. Groups under ``min_tickets`` give no value.
    ``run_rules`` runs the probes over the same audit, with the run's engine.
    """
    probes = []
    for item in active:
        params = item.params
        if not item.rule.id.startswith("kpi.") or not set(_UNREACHABLE) & set(params):
            continue
        probe = {**params, **{k: v for k, v in _UNREACHABLE.items() if k in params}}
        if "group_by" in params:
            probe["group_by"] = ["overall"]
        probes.append(replace(item, params=probe))
    if not probes:
        return {}
    result = run_rules(probes)
    values: dict[str, float] = {}
    for rule_id, evidence in held(result.findings.lazy().select("rule", "evidence")).iter_rows():
        match = _NUMBER.search(evidence or "")
        if match is None or rule_id in values:
            continue
        value = float(match.group())
        values[rule_id] = value / 100 if evidence.strip().endswith("%") else value
    return values


def run_record(*, standard: Standard, inputs: Sequence[str], result: RunResult,
               failed: bool, as_of: datetime, kpis: dict[str, float],
               agents: dict[str, tuple[int, int]] | None = None) -> HistoryRun:
    """The history row of a finished run (inputs masked, counts only).

    ``agents``: agent_key -> (tickets handled, clean tickets).
    """
    return HistoryRun(
        recorded_at=datetime.now(UTC).replace(microsecond=0), as_of=as_of,
        standard=standard.id, standard_version=str(standard.version),
        inputs=[mask_uri(i) for i in inputs], tickets=result.tickets,
        findings=height(result.findings), failed=failed, rules=rule_counts(result), kpis=kpis,
        agents=dict(agents or {}),
    )


# -- storage -------------------------------------------------------------------


class HistoryStore:
    """A history database: SQLite file or PostgreSQL, same tables, same queries."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.label = mask_uri(ref)
        self.engine = engine_of(ref) if is_database_uri(ref) else "sqlite"
        if self.engine not in _TABLES:  # MySQL is read from, not written to
            raise SvccheckError(f"--history {self.label}: a history is kept in a SQLite "
                                "file or a PostgreSQL database, not in MySQL")

    @property
    def path(self) -> Path | None:
        """The SQLite file of the history; None for a PostgreSQL history."""
        if self.engine != "sqlite":
            return None
        return Path(self.ref.partition("sqlite:///")[2] or self.ref)

    def _open(self) -> Any:
        if self.engine == "postgresql":
            try:
                import psycopg
            except ImportError:
                raise SvccheckError(f"--history {self.label}: a PostgreSQL history needs "
                                    "psycopg; install svccheck[postgres]") from None
            return psycopg.connect(self.ref)
        path = self.path
        assert path is not None
        if path.is_dir():
            raise SvccheckError(f"--history {path}: is a directory; give a file name")
        return sqlite3.connect(path)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Any driver's error as one line, password masked."""
        try:
            yield
        except SvccheckError:
            raise
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise SvccheckError(
                f"--history {self.label}: {mask_secrets(first, secrets_of(self.ref))}"
            ) from None

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        with self._errors():
            connection = self._open()
            # one transaction: a run is recorded whole or not at all
            with closing(connection), connection:
                yield connection

    @contextmanager
    def recording(self, entry: HistoryRun) -> Iterator[Callable[..., list[HistoryRun]]]:
        """Record ``entry`` in a transaction that commits only when the block succeeds.

        Yields :meth:`runs` as seen inside the transaction (this run
        included, with its id), for a report that draws the trend. Leaving
        with an exception rolls everything back -- the tables too, in a
        history that did not have them -- so a run that fails after this
        point (its report could not be written, Ctrl-C) is not recorded.
        """
        with self._errors():
            connection = self._open()
        try:
            with self._errors():
                if self.engine == "sqlite":
                    connection.execute("BEGIN")  # the CREATE TABLEs are undone too
                self._ensure(connection)
                self._insert(connection, entry)

            def runs(standard: str | None = None, limit: int | None = None
                     ) -> list[HistoryRun]:
                with self._errors():
                    return self._runs(connection, standard, limit)

            yield runs
            with self._errors():
                connection.commit()
        except BaseException:
            with suppress(Exception):  # the error being raised says more
                connection.rollback()
            raise
        finally:
            connection.close()

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s") if self.engine == "postgresql" else text

    def _ensure(self, connection: Any) -> None:
        for statement in _TABLES[self.engine].split(";"):
            if statement.strip():
                connection.execute(statement)

    def record(self, entry: HistoryRun) -> int:
        """Store one run; returns its id."""
        with self._connect() as connection:
            self._ensure(connection)
            return self._insert(connection, entry)

    def _insert(self, connection: Any, entry: HistoryRun) -> int:
        row = connection.execute(self._sql(
            "INSERT INTO svccheck_runs (recorded_at, as_of, standard, standard_version, "
            "inputs, tickets, findings, failed, tool_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            (entry.recorded_at.isoformat(), entry.as_of.isoformat(), entry.standard,
             entry.standard_version, json.dumps(entry.inputs, ensure_ascii=False),
             entry.tickets, entry.findings, bool(entry.failed), entry.tool_version),
        ).fetchone()
        run_id = int(row[0])
        for rule, count in entry.rules.items():
            connection.execute(self._sql(
                "INSERT INTO svccheck_rule_counts (run_id, rule, evaluated, failed, findings)"
                " VALUES (?, ?, ?, ?, ?)"),
                (run_id, rule, count.evaluated, count.failed, count.findings))
        for kpi, value in entry.kpis.items():
            connection.execute(self._sql(
                "INSERT INTO svccheck_kpis (run_id, kpi, value) VALUES (?, ?, ?)"),
                (run_id, kpi, float(value)))
        for key, (tickets, clean) in entry.agents.items():
            connection.execute(self._sql(
                "INSERT INTO svccheck_agent_counts (run_id, agent_key, tickets, clean) "
                "VALUES (?, ?, ?, ?)"), (run_id, key, int(tickets), int(clean)))
        entry.id = run_id
        return run_id

    def runs(self, standard: str | None = None, limit: int | None = None) -> list[HistoryRun]:
        """Recorded runs, oldest first (the latest ``limit`` if given)."""
        if self.path is not None and not self.path.exists():
            return []
        with self._connect() as connection:
            self._ensure(connection)
            return self._runs(connection, standard, limit)

    def _runs(self, connection: Any, standard: str | None, limit: int | None
              ) -> list[HistoryRun]:
        where = " WHERE standard = ?" if standard else ""
        params: tuple[Any, ...] = (standard,) if standard else ()
        sql = ("SELECT id, recorded_at, as_of, standard, standard_version, inputs, tickets,"
               f" findings, failed, tool_version FROM svccheck_runs{where} ORDER BY id DESC")
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = connection.execute(self._sql(sql), params).fetchall()
        runs = {
            row[0]: HistoryRun(
                id=row[0], recorded_at=datetime.fromisoformat(row[1]),
                as_of=datetime.fromisoformat(row[2]), standard=row[3],
                standard_version=row[4], inputs=json.loads(row[5]), tickets=row[6],
                findings=row[7], failed=bool(row[8]), tool_version=row[9])
            for row in rows
        }
        if runs:
            marks = ", ".join("?" * len(runs))
            for run_id, rule, evaluated, failed, n in connection.execute(self._sql(
                    "SELECT run_id, rule, evaluated, failed, findings FROM "
                    f"svccheck_rule_counts WHERE run_id IN ({marks})"), tuple(runs)):
                runs[run_id].rules[rule] = RuleCount(int(evaluated), int(failed), int(n))
            for run_id, kpi, value in connection.execute(self._sql(
                    f"SELECT run_id, kpi, value FROM svccheck_kpis WHERE run_id IN ({marks})"),
                    tuple(runs)):
                runs[run_id].kpis[kpi] = float(value)
            for run_id, key, tickets, clean in connection.execute(self._sql(
                    "SELECT run_id, agent_key, tickets, clean FROM svccheck_agent_counts "
                    f"WHERE run_id IN ({marks})"), tuple(runs)):
                runs[run_id].agents[key] = (int(tickets), int(clean))
        return sorted(runs.values(), key=lambda r: r.id or 0)
