"""Run a standard over an audit split into parts, with the findings of a whole run.

A million-ticket audit does not fit a per-ticket rule's working set -- nor a
worker's memory on a cluster -- so the tickets are split by key into parts,
each holding whole tickets with their events (and, when a rule compares a
customer's tickets, whole customers: :mod:`svccheck.engines.partition`).
The stream and dask engines both check their parts here. Each rule's
:attr:`~svccheck.rule.Rule.scope` says how it runs:

* ``ticket`` and ``customer`` rules (and per-ticket plugin checks) run on each
  part alone (:func:`run_part`);
* ``aggregate`` rules (KPIs) return partial figures per part, which
  :func:`combine` merges;
* ``all`` rules see every ticket at once, over the parts read lazily.

Findings, their order, fingerprints and the summary are those of
:func:`svccheck.engines.memory.run` over the same data (tested rule by rule).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.coverage import Coverage
from svccheck.engines.contract import RuleOutcome, RunOptions, RunResult
from svccheck.engines.rule_execution import (
    Executed,
    collect_checked,
    collect_findings,
    crashed,
    execute,
    failure,
    finish,
    settle,
    skip_reason,
)
from svccheck.errors import SvccheckError
from svccheck.rule import RuleContext
from svccheck.standards import ActiveRule


@dataclass(frozen=True)
class Plan:
    """Which rules run, and where, for one audit's columns.

    Picklable (rules are module-level functions), so a cluster's workers
    receive it with their part.
    """

    active: tuple[ActiveRule, ...]
    columns: frozenset[str]
    event_columns: frozenset[str]
    has_events: bool
    lang: str
    as_of: datetime
    timezone: str
    calendar: BusinessCalendar | None = None
    keep_going: bool = False
    #: Rules that cannot run on these columns, and why.
    skipped: dict[str, str] = field(default_factory=dict)

    def runs(self, item: ActiveRule) -> bool:
        return item.rule.id not in self.skipped

    @property
    def per_part(self) -> list[ActiveRule]:
        """Rules that run on each part: ticket/customer scope, aggregates' partials."""
        return [a for a in self.active if self.runs(a) and (
            a.rule.check is None or a.rule.scope in ("ticket", "customer", "aggregate"))]

    def context(self, item: ActiveRule, tickets: pl.LazyFrame, events: pl.LazyFrame | None,
                problems: pl.LazyFrame | None = None) -> RuleContext:
        return RuleContext(
            rule=item.rule, tickets=tickets, events=events, columns=self.columns,
            event_columns=self.event_columns, params=item.params, lang=self.lang,
            as_of=self.as_of, timezone=self.timezone, problems=problems,
            calendar=self.calendar,
        )


def make_plan(active: Iterable[ActiveRule], *, columns: frozenset[str],
              event_columns: frozenset[str], has_events: bool, lang: str, as_of: datetime,
              timezone: str, calendar: BusinessCalendar | None = None,
              keep_going: bool = False) -> Plan:
    """The plan for an audit whose canonical columns are known (all parts together)."""
    active = tuple(active)
    skipped = {a.rule.id: reason for a in active
               if (reason := a.blocked or skip_reason(a.rule, columns, has_events,
                                                      event_columns)) is not None}
    return Plan(active=active, columns=columns, event_columns=event_columns,
                has_events=has_events, lang=lang, as_of=as_of, timezone=timezone,
                calendar=calendar, keep_going=keep_going, skipped=skipped)


#: Runs one plan over every part: ``(plan, on_rule, on_part)`` -> the run's result.
PartsRunner = Callable[
    [Plan, Callable[[str], None] | None, Callable[[int, int], None] | None], RunResult]


@dataclass(frozen=True)
class RulesOverParts:
    """Rules run over an audit in parts, as the stream and dask engines both run them.

    The engines differ only in how a plan reaches the parts (``run``: threads
    over spilled files, or tasks on a cluster); what the plan holds -- the
    audit's columns, whether it has events, the run options -- and the two
    runs an engine hands the reports (the standard's, and a rerun of some
    rules with ``keep_going``, see :class:`~svccheck.engines.contract.Checked`)
    are the same, so they are made here once.
    """

    run: PartsRunner
    columns: frozenset[str]
    event_schema: Mapping[str, object] | None
    has_events: bool
    options: RunOptions
    timezone: str

    def __call__(self, rules: Sequence[ActiveRule], keep_going: bool,
                 on_rule: Callable[[str], None] | None = None,
                 on_part: Callable[[int, int], None] | None = None) -> RunResult:
        o = self.options
        events = frozenset(self.event_schema) if self.event_schema is not None else frozenset()
        plan = make_plan(rules, columns=self.columns, event_columns=events,
                         has_events=self.has_events, lang=o.lang, as_of=o.as_of,
                         timezone=self.timezone, calendar=o.calendar, keep_going=keep_going)
        return self.run(plan, on_rule, on_part)

    def first(self, active: Sequence[ActiveRule]) -> RunResult:
        """The standard's run, with the run options' callbacks."""
        o = self.options
        return self(active, o.keep_going, o.on_rule, o.on_part)

    def rerun(self, rules: Sequence[ActiveRule]) -> RunResult:
        """Some rules again, every crash a finding (``Checked.rerun``)."""
        return self(rules, keep_going=True)


@dataclass
class PartResult:
    """What one part gives back: small, so a cluster can ship it to the client."""

    #: (lazily read from disk, for the streaming engine)
    findings: pl.DataFrame | pl.LazyFrame
    partials: dict[str, pl.DataFrame]
    crashes: dict[str, str]
    tickets: int
    #: What each rule judged in this part (absent: the check declared nothing).
    coverage: dict[str, Coverage] = field(default_factory=dict)
    #: Seconds each rule took over this part (``--verbose`` adds them up).
    seconds: dict[str, float] = field(default_factory=dict)


def run_part(plan: Plan, tickets: pl.DataFrame, events: pl.DataFrame | None,
             problems: pl.DataFrame | None = None) -> PartResult:
    """Run the plan's per-part rules over one part (whole tickets with their events).

    ``problems`` are the audit's unreadable rows (few): every part gets them all.
    """
    lazy_tickets = tickets.lazy()
    lazy_events = events.lazy() if events is not None else None
    lazy_problems = problems.lazy() if problems is not None else None
    frames: list[pl.DataFrame] = []
    partials: dict[str, pl.DataFrame] = {}
    crashes: dict[str, str] = {}
    coverage: dict[str, Coverage] = {}
    seconds: dict[str, float] = {}
    for item in plan.per_part:
        started = time.perf_counter()
        ctx = plan.context(item, lazy_tickets, lazy_events, lazy_problems)
        try:
            if item.rule.partial is not None:
                partials[item.rule.id], covered = collect_checked(ctx, item.rule.partial(ctx))
            else:
                frame, covered = execute(item, ctx, tickets, events)
                frames.append(finish(frame, item))
        except SvccheckError:
            raise
        except Exception as exc:
            crashes[item.rule.id] = failure(item, exc, plan.keep_going)
            continue
        finally:
            seconds[item.rule.id] = time.perf_counter() - started
        if covered is not None:
            coverage[item.rule.id] = covered
    findings = pl.concat(frames) if frames else collect_findings([])
    return PartResult(findings=findings, partials=partials, crashes=crashes,
                      tickets=tickets.height, coverage=coverage, seconds=seconds)


def combine(
    plan: Plan,
    results: Iterable[PartResult],
    *,
    tickets: Callable[[], pl.LazyFrame],
    events: Callable[[], pl.LazyFrame | None],
    problems: pl.DataFrame,
    on_rule: Callable[[str], None] | None = None,
    order: Callable[[list[pl.LazyFrame | pl.DataFrame]],
                    pl.DataFrame | pl.LazyFrame] = collect_findings,
) -> RunResult:
    """Merge the parts' results and run the whole-audit rules: one run's result.

    ``tickets`` and ``events`` give every part's rows as one lazy frame
    (scanned from disk, not held): only ``all`` rules and the aggregates'
    merge steps read them. ``order`` puts all findings in report order: in
    memory by default, on disk for the streaming engine
    (:func:`svccheck.engines.disk_sort.sort_on_disk`, a lazy result).
    """
    results = list(results)
    crashes: dict[str, str] = {}
    for result in results:
        for rule_id, message in result.crashes.items():
            crashes.setdefault(rule_id, message)
    # Lazily, part by part: a million findings are filtered and ordered once.
    # A rule that failed on one part has no findings at all, as in a whole run.
    kept = ~pl.col("rule").is_in(list(crashes))
    # A finding with no row is about a file as a whole (a column it lacks):
    # every part of that file finds it, the report lists it once.
    whole_file = pl.col("row").is_null()
    found: list[pl.LazyFrame | pl.DataFrame] = [
        pl.concat([r.findings.lazy().filter(kept & whole_file) for r in results]
                  ).unique(keep="first", maintain_order=True) if results
        else collect_findings([]).lazy(),
        *(r.findings.lazy().filter(kept & ~whole_file) for r in results),
    ]
    frames: list[pl.DataFrame] = []
    outcomes: list[RuleOutcome] = []
    counts = dict(pl.concat([f.lazy().select("rule") for f in found]).group_by("rule")
                  .len().collect().iter_rows())
    total = sum(r.tickets for r in results)

    def judged(rule_id: str) -> Coverage | None:
        """The parts' coverage of a rule, added up (None: no part declared any)."""
        parts = [r.coverage[rule_id] for r in results if rule_id in r.coverage]
        if not parts:
            return None
        summed = Coverage(unit=parts[0].unit)
        for part in parts:
            summed = summed.add(part, plan.lang)
        return summed

    for item in plan.active:
        rule = item.rule
        if on_rule is not None:
            on_rule(rule.id)
        if rule.id in plan.skipped:
            outcomes.append(RuleOutcome(rule, item.severity, False, plan.skipped[rule.id]))
            continue
        if rule.id in crashes:
            finding, outcome = crashed(item, crashes[rule.id])
            frames.append(finding)
            outcomes.append(outcome)
            continue
        if rule.check is None or rule.scope in ("ticket", "customer"):
            outcomes.append(RuleOutcome(rule, item.severity, True, None, counts.get(rule.id, 0),
                                        judged(rule.id) or Coverage(checked=total)))
            continue
        ctx = plan.context(item, tickets(), events(), problems.lazy())
        settle(item, lambda: _whole(item, ctx, results, judged(item.rule.id)),  # noqa: B023
               plan.keep_going, frames, outcomes, lambda: Coverage(checked=total))
    warnings = list(plan.calendar.warnings) if plan.calendar is not None else []
    seconds: dict[str, float] = {}
    for result in results:
        for rule_id, took in result.seconds.items():
            seconds[rule_id] = seconds.get(rule_id, 0.0) + took
    return RunResult(
        findings=order([*found, *frames]),
        outcomes=outcomes,
        tickets=sum(r.tickets for r in results),
        warnings=warnings,
        part_seconds=seconds,
    )


def _whole(item: ActiveRule, ctx: RuleContext, results: list[PartResult],
           parts: Coverage | None) -> Executed:
    """An aggregate rule merged from the parts' partials, or an ``all`` rule over every part.

    ``parts`` is what the aggregate's partial checks covered in the parts.
    """
    rule = item.rule
    if rule.merge is not None:
        partials = [r.partials[rule.id] for r in results if rule.id in r.partials]
        merged = rule.merge(ctx, pl.concat(partials).lazy() if partials
                            else rule.partial(ctx).lazy().head(0))  # type: ignore[misc]
        frame, covered = collect_checked(ctx, merged)
        if parts is not None:
            covered = parts if covered is None else parts.add(covered, ctx.lang)
        return frame, covered
    assert rule.check is not None
    return collect_checked(ctx, rule.check(ctx), streaming=True)
