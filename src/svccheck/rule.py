"""How a rule is declared, and what it is handed when it runs.

A rule is data (id, titles, default severity, clause, parameter schema) plus
exactly one check:

* a **columnar** check receives the canonical frames as polars ``LazyFrame``s
  and returns a frame of findings -- the way every built-in rule works, so a
  pass over a million tickets stays a handful of vectorised queries;
* a **per-ticket** check receives one ticket (a read-only mapping,
  :class:`TicketRow`) with its events (a list of dicts) and yields
  :class:`TicketFinding` objects -- simpler to write for plugin authors; the
  engine feeds it tickets in batches.

Both are plain functions wrapped by :func:`columnar_rule` or
:func:`ticket_rule`; the function's docstring is the rule's documentation
(``svccheck explain RULE``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.coverage import UNITS
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import FINDING_ASSIGNEE, Severity

RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$")

EMPTY_PARAMS: Mapping[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


@dataclass(frozen=True)
class TicketFinding:
    """One finding from a per-ticket check."""

    message: str
    field: str | None = None
    evidence: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class TicketSkip:
    """A per-ticket check could not judge this ticket; ``reason`` says why.

    Yield it (build it with ``ctx.skip``) instead of findings for a ticket
    whose data does not allow a verdict -- the ticket then counts as skipped,
    not as passed.
    """

    reason: str


#: Column of a coverage frame: the reason a ticket was skipped, null if judged.
SKIP = "_skip"


@dataclass
class RuleContext:
    """Everything a check may use. Built by the engine for each rule."""

    rule: Rule
    tickets: pl.LazyFrame
    events: pl.LazyFrame | None
    columns: frozenset[str]
    event_columns: frozenset[str]
    params: dict[str, Any]
    lang: str
    as_of: datetime
    timezone: str
    #: Rows the readers could not parse (``_source``, ``_row``, ``message_en``,
    #: ``message_zh``); only ``record.readable-row`` needs them.
    problems: pl.LazyFrame | None = None
    #: The standard's business calendar (working time, holidays, time zone).
    calendar: BusinessCalendar | None = None
    #: What :meth:`cover` was told: (reason counts, unit) per call.
    covered: list[tuple[pl.LazyFrame, str]] = field(default_factory=list, repr=False)

    def text(self, zh: str, en: str) -> str:
        """Pick the message in the run's language."""
        return zh if self.lang == "zh" else en

    def finding(
        self,
        *,
        zh: str,
        en: str,
        field: str | None = None,
        evidence: str | None = None,
        key: str | None = None,
    ) -> TicketFinding:
        """A per-ticket finding whose message is given in both languages.

        Every rule states its message in Chinese and English so that a report
        reads the same for a QA lead in Shanghai and an auditor abroad; the run's
        ``--lang`` picks one. ``key`` tells apart several findings of one rule
        on one ticket and field (it is part of the fingerprint).
        """
        return TicketFinding(message=self.text(zh, en), field=field, evidence=evidence, key=key)

    def skip(self, *, zh: str, en: str) -> TicketSkip:
        """A per-ticket check's way to say "this ticket could not be judged, because ..."."""
        return TicketSkip(self.text(zh, en))

    def cover(self, frame: pl.LazyFrame, skip: pl.Expr | None = None,
              unit: str = "tickets") -> None:
        """Declare what the check judged: ``frame`` holds one row per ticket in scope.

        ``skip`` is a String expression on ``frame``: null where the ticket
        was judged, else why it could not be (in the run's language, e.g.
        ``priority 'P2' has no target``). Keep reasons to a few distinct
        texts: quote a classified raw value, never an id or free text. An
        aggregate rule covers its groups (``unit="groups"``) in its merge
        step. Several calls add up. A check that never calls it is taken to
        have judged every ticket it was given.
        """
        if unit not in UNITS:
            raise ValueError(f"cover(unit={unit!r}): must be one of {', '.join(UNITS)}")
        reason = (pl.lit(None, dtype=pl.String) if skip is None
                  else skip.cast(pl.String))
        self.covered.append(
            # with_columns, not select: a literal reason must take the frame's height
            (frame.with_columns(reason.alias(SKIP)).group_by(SKIP).agg(pl.len().alias("_n")),
             unit))

    def findings(
        self,
        frame: pl.LazyFrame,
        *,
        message: pl.Expr | str,
        field: pl.Expr | str | None = None,
        evidence: pl.Expr | str | None = None,
        key: pl.Expr | str | None = None,
        assignee: pl.Expr | str | None = None,
    ) -> pl.LazyFrame:
        """Shape the rows of ``frame`` (already filtered to violations) as findings.

        ``field`` may be a canonical field name or an expression; ``message``,
        ``evidence`` and ``key`` may be literal strings or expressions.
        ``assignee`` names who a finding without a ticket is about (a KPI's
        group): the report shows it where it shows a ticket's assignee.
        """

        def as_expr(value: pl.Expr | str | None) -> pl.Expr:
            if isinstance(value, pl.Expr):
                return value.cast(pl.String)
            return pl.lit(value, dtype=pl.String)

        return frame.select(
            pl.col(TICKET),
            pl.col(ROW),
            pl.col(SOURCE),
            as_expr(field).alias("field"),
            as_expr(message).alias("message"),
            as_expr(evidence).alias("evidence"),
            as_expr(key).alias("key"),
            *([] if assignee is None else [as_expr(assignee).alias(FINDING_ASSIGNEE)]),
        )


class TicketColumns:
    """A batch of tickets whose columns become Python lists only when a rule reads them.

    Turning all thirty-odd canonical columns (time-zone-aware timestamps among
    them) into Python objects costs far more than a typical per-ticket check,
    which reads two or three fields: so a column is converted on its first
    read in a batch, and never if no rule looks at it.
    """

    __slots__ = ("_frame", "_lists", "names")

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame
        self._lists: dict[str, list[Any]] = {}
        self.names: tuple[str, ...] = tuple(frame.columns)

    def column(self, name: str) -> list[Any]:
        values = self._lists.get(name)
        if values is None:
            if name not in self.names:
                raise KeyError(name)
            values = self._lists[name] = self._frame.get_column(name).to_list()
        return values


class TicketRow(Mapping[str, Any]):
    """One ticket as the per-ticket API sees it: a read-only mapping of its fields.

    It behaves as a dict for reading (``ticket["status"]``, ``.get``, ``in``,
    iteration, ``dict(ticket)`` for a copy) but reads from the batch's columns.
    """

    __slots__ = ("_columns", "_index")

    def __init__(self, columns: TicketColumns, index: int) -> None:
        self._columns = columns
        self._index = index

    def __getitem__(self, key: str) -> Any:
        return self._columns.column(key)[self._index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.names)

    def __len__(self) -> int:
        return len(self._columns.names)

    def __repr__(self) -> str:  # no values: a ticket holds personal data
        return f"TicketRow(fields={list(self._columns.names)})"


ColumnarCheck = Callable[[RuleContext], pl.LazyFrame | pl.DataFrame]
MergeCheck = Callable[[RuleContext, pl.LazyFrame], pl.LazyFrame | pl.DataFrame]

#: How much of the data a check must see at once -- what lets the engine split
#: a large audit into parts (a ticket's rows and events always stay together):
#:
#: * ``ticket``: a ticket's findings depend on that ticket and its events only;
#: * ``customer``: on every ticket of the same ``customer_id`` (repeat contacts);
#: * ``aggregate``: the check returns partial figures per group, and ``merge``
#:   turns the partial frames of any split of the tickets into findings (KPIs);
#: * ``all``: every ticket at once -- the default for a columnar check, whose
#:   needs the engine cannot know; correct always, but held in memory whole.
SCOPES = ("ticket", "customer", "aggregate", "all")
TicketCheck = Callable[
    [Mapping[str, Any], list[dict[str, Any]], RuleContext], Iterable[TicketFinding | TicketSkip]
]


@dataclass(frozen=True)
class Rule:
    """A rule's declaration. Build one with :func:`columnar_rule` or :func:`ticket_rule`."""

    id: str
    title: Mapping[str, str]
    severity: Severity
    doc: str
    clause: str | None = None
    params_schema: Mapping[str, Any] = field(default_factory=lambda: dict(EMPTY_PARAMS))
    #: Canonical ticket fields that must all be in the export for the rule to run.
    requires: tuple[str, ...] = ()
    #: Canonical ticket fields of which at least one must be in the export.
    requires_any: tuple[str, ...] = ()
    #: Whether the rule needs the events table (messages).
    needs_events: bool = False
    #: Canonical event fields the check reads: without them the rule is not
    #: evaluated (an events file mapped without ``at`` cannot be measured).
    requires_events: tuple[str, ...] = ()
    #: Extra applicability test beyond ``requires``: returns why the rule cannot
    #: run on an export with these canonical columns, or None.
    precondition: Callable[[frozenset[str], bool], str | None] | None = None
    check: ColumnarCheck | None = None
    check_ticket: TicketCheck | None = None
    #: What the check must see at once (:data:`SCOPES`).
    scope: str = "all"
    #: For ``aggregate`` rules: the check's partial frames (concatenated) to findings.
    merge: MergeCheck | None = None
    #: For ``aggregate`` rules: the check that returns partial figures.
    partial: ColumnarCheck | None = None
    #: Set by the plugin manager: which plugin provided the rule, and its version.
    plugin: str = ""
    plugin_version: str = ""

    @property
    def provider(self) -> str:
        """``plugin version`` as error messages name it."""
        if self.plugin_version in ("", "-"):
            return f"{self.plugin or 'unregistered'}, no version"
        return f"{self.plugin} {self.plugin_version}"

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or self.id

    def default_params(self) -> dict[str, Any]:
        """Parameter defaults, taken from the ``default`` of each schema property."""
        props = self.params_schema.get("properties", {})
        return {name: spec["default"] for name, spec in props.items() if "default" in spec}

    def not_evaluated_reason(self, columns: frozenset[str], has_events: bool,
                             event_columns: frozenset[str] | None = None) -> str | None:
        """Why the rule cannot run on this export, or None if it can."""
        missing = [name for name in self.requires if name not in columns]
        if missing:
            return "export has no " + ", ".join(missing)
        if self.requires_any and not any(name in columns for name in self.requires_any):
            return "export has none of " + ", ".join(self.requires_any)
        if self.needs_events and not has_events:
            return "export has no messages/events"
        if has_events and event_columns is not None:
            lacking = [name for name in self.requires_events if name not in event_columns]
            if lacking:
                return ("events have no " + ", ".join(lacking) + " (map the column in the "
                        "profile's events.fields: svccheck profiles show PROFILE)")
        return None


def _declare(
    fn: Callable[..., Any],
    *,
    id: str,
    title: Mapping[str, str],
    severity: str,
    clause: str | None,
    params: Mapping[str, Any] | None,
    requires: Iterable[str],
    requires_any: Iterable[str],
    needs_events: bool,
    columnar: bool,
    scope: str = "ticket",
    merge: MergeCheck | None = None,
    requires_events: Iterable[str] = (),
) -> Rule:
    if not RULE_ID.match(id):
        raise ValueError(f"rule id {id!r} is not family.name in lower-case hyphenated words")
    if scope not in SCOPES:
        raise ValueError(f"rule {id!r}: scope {scope!r} is not one of {', '.join(SCOPES)}")
    if (scope == "aggregate") != (merge is not None):
        raise ValueError(f"rule {id!r}: an aggregate rule, and only one, needs merge=")
    check: ColumnarCheck | None = fn if columnar else None
    if merge is not None:
        check = _merged(fn, merge)
    return Rule(
        id=id,
        title=dict(title),
        severity=Severity.parse(severity),
        doc=inspect.cleandoc(fn.__doc__ or ""),
        clause=clause,
        params_schema=dict(params) if params is not None else dict(EMPTY_PARAMS),
        requires=tuple(requires),
        requires_any=tuple(requires_any),
        needs_events=needs_events,
        requires_events=tuple(requires_events),
        check=check,
        check_ticket=None if columnar else fn,
        scope=scope,
        merge=merge,
        partial=fn if merge is not None else None,
    )


def _merged(partial: ColumnarCheck, merge: MergeCheck) -> ColumnarCheck:
    """An aggregate rule over the whole audit: its one partial frame, merged."""

    def check(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
        return merge(ctx, partial(ctx).lazy())

    return check


def columnar_rule(
    *,
    id: str,
    title: Mapping[str, str],
    severity: str = "error",
    clause: str | None = None,
    params: Mapping[str, Any] | None = None,
    requires: Iterable[str] = (),
    requires_any: Iterable[str] = (),
    needs_events: bool = False,
    scope: str = "all",
    merge: MergeCheck | None = None,
    requires_events: Iterable[str] = (),
) -> Callable[[ColumnarCheck], Rule]:
    """Declare a columnar rule: ``fn(ctx) -> LazyFrame`` built with ``ctx.findings``.

    ``scope`` (:data:`SCOPES`) tells the engine how the data may be split for
    this check. An ``aggregate`` rule's ``fn`` returns partial figures per
    group, and ``merge(ctx, partials)`` -- given the concatenated partial
    frames of all parts -- returns the findings.
    """

    def wrap(fn: ColumnarCheck) -> Rule:
        return _declare(
            fn, id=id, title=title, severity=severity, clause=clause, params=params,
            requires=requires, requires_any=requires_any, needs_events=needs_events,
            columnar=True, scope=scope, merge=merge, requires_events=requires_events,
        )

    return wrap


def ticket_rule(
    *,
    id: str,
    title: Mapping[str, str],
    severity: str = "error",
    clause: str | None = None,
    params: Mapping[str, Any] | None = None,
    requires: Iterable[str] = (),
    requires_any: Iterable[str] = (),
    needs_events: bool = False,
    requires_events: Iterable[str] = (),
) -> Callable[[TicketCheck], Rule]:
    """Declare a per-ticket rule: ``fn(ticket, events, ctx)`` yields TicketFinding.

    A ticket the check cannot judge yields ``ctx.skip(zh=..., en=...)``
    instead; every other ticket it is given counts as judged.
    """

    def wrap(fn: TicketCheck) -> Rule:
        return _declare(
            fn, id=id, title=title, severity=severity, clause=clause, params=params,
            requires=requires, requires_any=requires_any, needs_events=needs_events,
            columnar=False, requires_events=requires_events,
        )

    return wrap
