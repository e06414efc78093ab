"""Rates, not only counts: per assignee, channel and day, tickets handled and the share flagged.

A chart of findings per assignee ranks whoever handled the most tickets
first; a QA lead wants to know whose tickets *go wrong* most often. So each
group carries the tickets it handled (every ticket of the audit, not only
those with findings), how many of them have at least one active finding,
and those split by their most severe finding -- the bars of the HTML charts
are drawn from these, coloured by severity.

Group values are those the findings carry (``svccheck.report.base.CONTEXT``):
the assignee masked as everywhere, the canonical channel (else the
export's own), the creation day in the standard's zone. A finding about no
ticket (a KPI group, a rule error) flags nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from svccheck.engines.findings_frame import Frame, held
from svccheck.io.base import ROW, SOURCE
from svccheck.model import SEVERITY_NAMES
from svccheck.pii import redact_series
from svccheck.report.base import context_exprs

GROUPS: tuple[str, ...] = ("assignee", "channel", "day")
_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITY_NAMES), 1)}


@dataclass(frozen=True)
class Rate:
    """One group: tickets handled, and those with an active finding by worst severity."""

    value: str | None
    tickets: int
    flagged: int = 0
    worst: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        """Share of the group's tickets with at least one active finding."""
        return self.flagged / self.tickets if self.tickets else 0.0

    @property
    def clean(self) -> int:
        return self.tickets - self.flagged


def flagged_tickets(findings: Frame) -> pl.DataFrame:
    """One row per ticket with an active finding: its context and worst severity."""
    ranked = findings.lazy().filter(pl.col("row").is_not_null() & pl.col("source").is_not_null())
    return held(ranked.group_by("source", "row").agg(
        *(pl.col(g).first() for g in GROUPS),
        pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
        .max().alias("_worst"),
    ))


def _handled(tickets: pl.LazyFrame, by: str) -> dict[str | None, int]:
    """Tickets per group value, the assignee masked as the findings' is."""
    columns = tickets.collect_schema()
    if not {SOURCE, ROW} <= set(columns):
        return {}
    expr = dict(zip(GROUPS, context_exprs(columns), strict=True))[by]
    counts = tickets.select(expr.alias(by)).group_by(by).len().collect(engine="streaming")
    if by in ("assignee", "channel"):
        counts = counts.with_columns(redact_series(counts.get_column(by)))
    return {value: int(n) for value, n in counts.group_by(by).agg(pl.col("len").sum())
            .iter_rows()}


def rates(tickets: pl.LazyFrame, findings: Frame,
          groups: Sequence[str] = GROUPS) -> dict[str, list[Rate]]:
    """Per group kind, its groups: most tickets handled first (days in date order)."""
    flagged = flagged_tickets(findings)
    names = {rank: name for name, rank in _RANK.items()}
    out: dict[str, list[Rate]] = {}
    for by in groups:
        handled = _handled(tickets, by)
        worst: dict[str | None, dict[str, int]] = {}
        for value, rank, n in flagged.group_by(by, "_worst").len().iter_rows():
            worst.setdefault(value, {})[names.get(rank, "info")] = int(n)
        keys = set(handled) | set(worst)
        rows = [Rate(value=k, tickets=max(handled.get(k, 0), sum(worst.get(k, {}).values())),
                     flagged=sum(worst.get(k, {}).values()),
                     worst={s: worst.get(k, {}).get(s, 0) for s in SEVERITY_NAMES})
                for k in keys]
        if by == "day":
            rows.sort(key=lambda r: (r.value is None, r.value or ""))
        else:
            rows.sort(key=lambda r: (r.value is None, -r.tickets, r.value or ""))
        out[by] = rows
    return out
