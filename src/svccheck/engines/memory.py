"""The memory engine: every input read into one pair of frames, each rule run once over them.

The fastest for exports that fit in memory (:mod:`svccheck.engines.choice`
picks it for them under ``--engine auto``): no part is written anywhere and
each rule's query sees every ticket at once. :func:`run` is also what the
plugin test helpers (:mod:`svccheck.testing`) and the benchmarks run a
standard with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.coverage import Coverage
from svccheck.engines.contract import Audit, Checked, RuleOutcome, RunOptions, RunResult
from svccheck.engines.rule_execution import collect_findings, execute, settle, skip_reason
from svccheck.io.load import load_audit
from svccheck.rule import RuleContext
from svccheck.standards import ActiveRule


def run(
    audit: Audit,
    active: Sequence[ActiveRule],
    *,
    lang: str,
    as_of: datetime,
    calendar: BusinessCalendar | None = None,
    on_rule: Callable[[str], None] | None = None,
    keep_going: bool = False,
) -> RunResult:
    """Run each active rule; a rule lacking data is reported as not evaluated.

    ``on_rule`` is told each rule id before it runs (the progress bar). A rule
    that raises stops the run (its results would be silently incomplete)
    unless ``keep_going``: then it becomes one error finding and the other
    rules still run.
    """
    columns = audit.columns
    has_events = audit.events is not None and audit.events.height > 0
    event_columns = frozenset(audit.events.columns) if audit.events is not None else frozenset()
    everything = Coverage(checked=audit.tickets.height)
    tickets = audit.tickets.lazy()
    events = audit.events.lazy() if audit.events is not None else None
    problems = audit.problems.lazy()
    outcomes: list[RuleOutcome] = []
    frames: list[pl.DataFrame] = []
    for item in active:
        rule = item.rule
        if on_rule is not None:
            on_rule(rule.id)
        reason = item.blocked or skip_reason(rule, columns, has_events, event_columns)
        if reason is not None:
            outcomes.append(RuleOutcome(rule, item.severity, False, reason))
            continue
        ctx = RuleContext(
            rule=rule, tickets=tickets, events=events, columns=columns,
            event_columns=event_columns, params=item.params, lang=lang, as_of=as_of,
            timezone=audit.timezone, problems=problems, calendar=calendar,
        )
        settle(item, lambda: execute(item, ctx, audit.tickets, audit.events),  # noqa: B023
               keep_going, frames, outcomes, lambda: everything)
    warnings = list(calendar.warnings) if calendar is not None else []
    return RunResult(findings=collect_findings(frames), outcomes=outcomes,
                     tickets=audit.tickets.height, warnings=warnings)


@contextmanager
def checked_in_memory(paths: Sequence[Path], active: Sequence[ActiveRule], *, timezone: str,
                      run_options: RunOptions, **load: Any) -> Iterator[Checked]:
    """:func:`svccheck.engines.choice.checked` in memory: read everything, run once."""
    o = run_options
    audit = load_audit(paths, timezone=timezone, **load)

    def rerun(rules: list[ActiveRule]) -> RunResult:
        return run(audit, rules, lang=o.lang, as_of=o.as_of, calendar=o.calendar,
                   keep_going=True)

    result = run(audit, active, lang=o.lang, as_of=o.as_of, calendar=o.calendar,
                 on_rule=o.on_rule, keep_going=o.keep_going)
    yield Checked(result=result, inputs=audit.inputs, problems=audit.problems,
                  tickets=audit.tickets, rerun=rerun, every_ticket=audit.tickets.lazy)
