"""Running one rule and turning what it returns into findings: what every engine shares.

Columnar rules get ``LazyFrame``s and return findings frames; per-ticket
rules are fed tickets with their events, a batch at a time. Whatever a rule
returns is normalised here into the findings contract (rule, severity,
ticket, row, source, field, message, evidence, clause, fingerprint), so a
plugin cannot produce a report the JSON schema would reject. A rule that
raises becomes an error (or, with ``--keep-going``, one error finding), the
same way in every engine; :func:`collect_findings` puts them in report order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from svccheck.coverage import Coverage, from_counts
from svccheck.engines.contract import FINDINGS_SCHEMA, RuleOutcome
from svccheck.errors import PluginError, SvccheckError
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import FINDING_ASSIGNEE, FINDING_COLUMNS, Severity
from svccheck.pii.mask import redact, redact_series
from svccheck.rule import (
    SKIP,
    Rule,
    RuleContext,
    TicketColumns,
    TicketFinding,
    TicketRow,
    TicketSkip,
)
from svccheck.standards import ActiveRule

#: Tickets handed to a per-ticket rule at a time.
TICKET_BATCH = 5_000


def fingerprint(rule: str, ticket: str | None, field_name: str | None, key: str | None) -> str:
    """Stable across re-exports: rule, ticket, field and key -- never row order."""
    text = "\x1f".join((rule, ticket or "", field_name or "", key or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finish(frame: pl.DataFrame, active: ActiveRule) -> pl.DataFrame:
    """Turn a rule's findings frame into the findings contract."""
    missing = [c for c in FINDING_COLUMNS if c not in frame.columns]
    if missing:
        raise PluginError(
            f"rule {active.rule.id!r} (plugin {active.rule.provider}) returned findings without "
            f"{', '.join(missing)} (build them with ctx.findings)"
        )
    frame = frame.select(
        pl.col(TICKET).cast(pl.String).alias("ticket"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.col(SOURCE).cast(pl.String).alias("source"),
        pl.col("field").cast(pl.String),
        pl.col("message").cast(pl.String),
        pl.col("evidence").cast(pl.String),
        pl.col("key").cast(pl.String),
        (pl.col(FINDING_ASSIGNEE).cast(pl.String) if FINDING_ASSIGNEE in frame.columns
         else pl.lit(None, pl.String)).alias(FINDING_ASSIGNEE),
    )
    # Rules quote cells (an unknown category, an unreadable time); a phone
    # number typed into such a cell must not come out unmasked in any report.
    frame = frame.with_columns(
        redact_series(frame.get_column("message")),
        redact_series(frame.get_column("evidence")),
    )
    # the text fingerprint() hashes, built by polars for all findings at once
    texts = frame.select(pl.concat_str(
        [pl.lit(active.rule.id), *(pl.col(c).fill_null("") for c in ("ticket", "field", "key"))],
        separator="\x1f",
    )).to_series().to_list()
    prints = [hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] for text in texts]
    return frame.select(
        pl.lit(active.rule.id).alias("rule"),
        pl.lit(str(active.severity)).alias("severity"),
        "ticket", "row", "source", "field", "message", "evidence",
        pl.lit(active.clause, dtype=pl.String).alias("clause"),
        pl.Series("fingerprint", prints, dtype=pl.String),
        redact_series(frame.get_column(FINDING_ASSIGNEE)),
    )


def _events_by_ticket(events: pl.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Each ticket's events in time order (the per-ticket API's second argument)."""
    by_ticket: dict[str, list[dict[str, Any]]] = {}
    if events is None:
        return by_ticket
    if "at" in events.columns:
        events = events.sort("at", nulls_last=True, maintain_order=True)
    for event in events.iter_rows(named=True):
        by_ticket.setdefault(event[TICKET], []).append(event)
    return by_ticket


def _per_ticket(active: ActiveRule, ctx: RuleContext, tickets: pl.DataFrame,
                events: pl.DataFrame | None) -> tuple[pl.DataFrame, Coverage]:
    """Feed a per-ticket check one ticket at a time, a batch of columns at a time.

    Events are grouped only for a rule that declares ``needs_events``: grouping
    a million messages costs more than a trivial check over the tickets. A
    ticket is a :class:`TicketRow` over its batch, whose columns become Python
    values only when the check reads them (bench/bench_ticket_api.py).
    """
    check = active.rule.check_ticket
    assert check is not None
    by_ticket = _events_by_ticket(events) if active.rule.needs_events else {}
    no_events: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    skips: dict[str, int] = {}
    for offset in range(0, tickets.height, TICKET_BATCH):
        columns = TicketColumns(tickets.slice(offset, TICKET_BATCH))
        ids = columns.column(TICKET)
        for index in range(len(ids)):
            ticket = TicketRow(columns, index)
            found = check(ticket, by_ticket.get(ids[index], no_events) if by_ticket
                          else no_events, ctx)
            if not found:
                continue
            skipped: str | None = None
            for item in found:
                if isinstance(item, TicketSkip):
                    skipped = skipped or item.reason
                    continue
                if not isinstance(item, TicketFinding):
                    raise PluginError(
                        f"rule {active.rule.id!r} (plugin {active.rule.provider}) yielded "
                        f"{type(item).__name__}, not a TicketFinding (build findings with "
                        "ctx.finding or svccheck.plugin.finding)"
                    )
                rows.append({
                    TICKET: ticket[TICKET], ROW: ticket[ROW], SOURCE: ticket[SOURCE],
                    "field": item.field, "message": item.message,
                    "evidence": item.evidence, "key": item.key,
                })
            if skipped is not None:
                skips[skipped] = skips.get(skipped, 0) + 1
    schema = {TICKET: pl.String, ROW: pl.Int64, SOURCE: pl.String, "field": pl.String,
              "message": pl.String, "evidence": pl.String, "key": pl.String}
    judged = tickets.height - sum(skips.values())
    coverage = from_counts([(None, judged), *skips.items()], lang=ctx.lang)
    return pl.DataFrame(rows, schema=schema), coverage


#: Digit runs long enough to be a phone, card or ID number (kept: first 3, last 4).
_LONG_NUMBER = re.compile(r"\d{3}(\d{4,})(\d{4})")


def _safe(text: str) -> str:
    """An exception message may quote a ticket's value: mask what the detectors
    find in it (phones, IDs, cards, e-mails), and any other long number."""
    text = redact(text) or text
    return _LONG_NUMBER.sub(lambda m: m.group(0)[:3] + "*" * len(m.group(1)) + m.group(2), text)


def _crash_finding(active: ActiveRule, message: str) -> pl.DataFrame:
    """``--keep-going``: the failed rule becomes one error finding about the whole run."""
    return pl.DataFrame(
        [{"rule": active.rule.id, "severity": str(Severity.ERROR), "ticket": None, "row": None,
          "source": None, "field": None, "message": message, "evidence": None,
          "clause": active.clause,
          "fingerprint": fingerprint(active.rule.id, None, None, "rule-error"),
          FINDING_ASSIGNEE: None}],
        schema=FINDINGS_SCHEMA,
    )


def skip_reason(rule: Rule, columns: frozenset[str], has_events: bool,
                event_columns: frozenset[str] | None = None) -> str | None:
    """Why ``rule`` cannot run on an audit with these columns, or None."""
    reason = rule.not_evaluated_reason(columns, has_events, event_columns)
    if reason is None and rule.precondition is not None:
        reason = rule.precondition(columns, has_events)
    return reason


#: A rule's raw findings (before :func:`finish`) and what it judged; None when
#: the check declared nothing (the engine then counts every ticket it was given).
Executed = tuple[pl.DataFrame, Coverage | None]


def collect_checked(ctx: RuleContext, result: pl.LazyFrame | pl.DataFrame,
                    streaming: bool = False) -> Executed:
    """Collect a columnar check's findings and the coverage it declared, in one go.

    Findings and coverage are usually two views of one query (the tickets
    with their measured times): collected together, polars computes the
    shared part once.
    """
    covered = ctx.covered
    units = {unit for _, unit in covered}
    queries = [result.lazy()] if isinstance(result, pl.LazyFrame) else []
    if covered:
        queries.append(pl.concat([frame for frame, _ in covered]).group_by(SKIP)
                       .agg(pl.col("_n").sum()))
    engine = "streaming" if streaming else "auto"
    done = pl.collect_all(queries, engine=engine) if queries else []
    findings = done[0] if isinstance(result, pl.LazyFrame) else result
    if not covered:
        return findings, None
    unit = "groups" if units == {"groups"} else "tickets"
    return findings, from_counts(done[-1].iter_rows(), unit, ctx.lang)


def execute(item: ActiveRule, ctx: RuleContext, tickets: pl.DataFrame,
            events: pl.DataFrame | None) -> Executed:
    """One rule's findings (before :func:`finish`) over these tickets and events."""
    rule = item.rule
    if rule.check is not None:
        return collect_checked(ctx, rule.check(ctx))
    return _per_ticket(item, ctx, tickets, events)


def failure(item: ActiveRule, exc: Exception, keep_going: bool) -> str:
    """A rule raised: its one-line message, or a PluginError unless ``keep_going``."""
    rule = item.rule
    message = _safe(
        f"rule {rule.id!r} (plugin {rule.provider}) failed: {type(exc).__name__}: {exc}"
    )
    if not keep_going:
        raise PluginError(
            f"{message}; the results would be incomplete (--keep-going reports it "
            "as an error finding and checks the rest)"
        ) from exc
    return message


def crashed(item: ActiveRule, message: str) -> tuple[pl.DataFrame, RuleOutcome]:
    """``--keep-going``: the failed rule's error finding and its summary line."""
    return (_crash_finding(item, message),
            RuleOutcome(item.rule, item.severity, False, message, 1))


def settle(item: ActiveRule, attempt: Callable[[], Executed], keep_going: bool,
           frames: list[pl.DataFrame], outcomes: list[RuleOutcome],
           judged: Callable[[], Coverage]) -> None:
    """Run one rule (``attempt`` gives its raw findings and coverage) and record
    what came of it: its findings and summary line, or -- ``keep_going`` -- its
    crash as a finding. ``judged`` is the coverage of a check that declared
    none: every ticket it was given."""
    try:
        frame, coverage = attempt()
    except SvccheckError:
        raise
    except Exception as exc:
        finding, outcome = crashed(item, failure(item, exc, keep_going))
        frames.append(finding)
        outcomes.append(outcome)
        return
    finished = finish(frame, item)
    frames.append(finished)
    outcomes.append(RuleOutcome(item.rule, item.severity, True, None, finished.height,
                                coverage if coverage is not None else judged()))


def collect_findings(frames: Sequence[pl.DataFrame | pl.LazyFrame]) -> pl.DataFrame:
    """All rules' findings in report order: by file and row, then rule.

    Stacked and sorted in one lazy query: a million findings are copied once.
    """
    if not frames:
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    return pl.concat([f.lazy() for f in frames], how="vertical").sort(
        ["source", "row", "rule"], nulls_last=True, maintain_order=True).collect(engine="streaming")
