"""A standard as a QA lead reads it: every rule it runs, after ``extends``.

A standard that extends another only lists what it changes, so reading its
YAML does not tell what an audit against it checks. ``svccheck standards
show ID`` answers that: the resolved rules with their severity, effective
parameters (the rule's defaults merged with every standard in the chain) and
the clause a finding will cite. The generated ``docs/standards.md`` is built
from the same rows, so the page and the command never disagree.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tabulate import tabulate

from svccheck.rule import Rule
from svccheck.standards import Standard, load_standard, resolve_rules

#: The units a duration parameter may be written in, as shown to people.
DURATION_UNITS = {"seconds": "s", "minutes": "min", "hours": "h", "days": "d",
                  "working_days": "working days"}

#: The keys of a calendar's ``working_hours``, in week order.
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

#: Column widths the terminal table wraps at (parameters and clauses are long).
TABLE_WIDTHS = [None, None, 56, 48]


@dataclass(frozen=True)
class RuleRow:
    """One rule as a standard runs it."""

    rule: str
    title: str
    severity: str
    params: dict[str, Any]
    clause: str | None
    note: str | None


@dataclass(frozen=True)
class StandardView:
    """A resolved standard: its identity, its ``extends`` chain and its rules."""

    id: str
    version: str
    title: dict[str, str]
    chain: list[tuple[str, str]]
    calendar: dict[str, Any]
    rules: list[RuleRow]
    #: Rules an ancestor enables and this standard switches off.
    disabled: list[str]


def view(standard: Standard, known: dict[str, Rule], lang: str = "en") -> StandardView:
    """Resolve ``standard`` against the loaded rules (unknown ids are an error)."""
    rows = [
        RuleRow(
            rule=active.rule.id,
            title=active.rule.title_in(lang),
            severity=str(active.severity),
            # an optional parameter left unset (null) says nothing to a reader
            params={k: v for k, v in active.params.items() if v is not None},
            clause=active.clause,
            note=standard.rules[active.rule.id].note,
        )
        for active in resolve_rules(standard, known)
    ]
    title = standard.title if isinstance(standard.title, dict) else {"en": standard.title}
    return StandardView(
        id=standard.id,
        version=standard.version,
        title=dict(title),
        chain=list(standard.chain),
        calendar=dict(standard.calendar),
        rules=rows,
        disabled=sorted(rule_id for rule_id, s in standard.rules.items() if not s.enabled),
    )


def load_view(ref: str, dirs: list[Path], known: dict[str, Rule], lang: str = "en") -> StandardView:
    """Load a standard by id or path and resolve it (errors name the file and line)."""
    return view(load_standard(ref, dirs), known, lang)


def format_value(value: Any) -> str:
    """A parameter value in YAML flow style, with durations as ``24 h calendar``."""
    if isinstance(value, dict):
        units = [unit for unit in DURATION_UNITS if unit in value]
        if len(units) == 1 and set(value) <= {units[0], "clock"}:
            amount = value[units[0]]
            clock = f" {value['clock']}" if "clock" in value else ""
            return f"{amount:g} {DURATION_UNITS[units[0]]}{clock}"
        return "{" + ", ".join(f"{k}: {format_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if value == "" else value
    return json.dumps(value, ensure_ascii=False)


def format_params(params: dict[str, Any]) -> list[str]:
    """One ``name: value`` line per parameter."""
    return [f"{name}: {format_value(value)}" for name, value in params.items()]


def chain_text(standard: StandardView) -> str:
    """``cn-baseline 0.1 → ecommerce 0.1``: what the standard is built from."""
    return " → ".join(f"{sid} {version}" for sid, version in standard.chain)


def _days_text(days: list[str]) -> str:
    """``mon-fri`` for a run of consecutive weekdays, else ``mon, wed``."""
    order = [WEEKDAYS.index(d) for d in days if d in WEEKDAYS]
    if len(order) == len(days) > 2 and order == list(range(order[0], order[0] + len(order))):
        return f"{days[0]}-{days[-1]}"
    return ", ".join(days)


def calendar_text(calendar: dict[str, Any]) -> str:
    """Time zone, working hours, holidays and company dates in one line."""
    parts = [str(calendar.get("timezone", "UTC"))]
    by_hours: dict[str, list[str]] = {}
    for day, spans in (calendar.get("working_hours") or {}).items():
        if spans:
            by_hours.setdefault(", ".join(spans), []).append(day)
    parts.extend(f"{_days_text(days)} {spans}" for spans, days in by_hours.items())
    if calendar.get("holidays"):
        parts.append(f"{calendar['holidays']} statutory holidays and make-up workdays")
    if calendar.get("closed_dates"):
        parts.append(f"{len(calendar['closed_dates'])} closed date(s)")
    if calendar.get("working_dates"):
        parts.append(f"{len(calendar['working_dates'])} extra working date(s)")
    if calendar.get("file"):
        parts.append(f"company calendar {Path(calendar['file']).name}")
    if calendar.get("paused_statuses"):
        parts.append("clocks paused while " + ", ".join(calendar["paused_statuses"]))
    return "; ".join(parts)


def render_text(standard: StandardView, lang: str = "en") -> str:
    """The terminal table: rule, severity, parameters, clause."""
    title = standard.title.get(lang) or next(iter(standard.title.values()))
    lines = [
        f"{standard.id} {standard.version}: {title}",
        f"built from: {chain_text(standard)}",
        f"calendar: {calendar_text(standard.calendar)}",
    ]
    if standard.disabled:
        lines.append(f"disabled: {', '.join(standard.disabled)}")
    rows = [
        [r.rule, r.severity, "\n".join(format_params(r.params)) or "-", r.clause or "-"]
        for r in standard.rules
    ]
    table = tabulate(rows, headers=["rule", "severity", "parameters", "clause"],
                     tablefmt="simple", maxcolwidths=TABLE_WIDTHS)
    return "\n".join([*lines, "", table, ""])


def render_json(standard: StandardView) -> str:
    """The same view for machines; parameters keep their JSON types."""
    data = asdict(standard)
    data["chain"] = [{"id": sid, "version": version} for sid, version in standard.chain]
    # YAML dates (closed_dates: [2025-12-31]) print as ISO text.
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
