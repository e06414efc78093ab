"""The ``record.*`` family: is each ticket record complete, well-formed and consistent?

Seed 004 (客户服务响应工具模板说明) prescribes the response-record template:
what is recorded (二.1, 三), how tickets are classified (二.2), what a closed
ticket must carry (二.4). Every other family relies on these fields, so these
rules run first in ``cn-baseline``. All are columnar: one polars query each.

One module, though it runs a little past 450 lines: it is one family, the
record template of seed 004, and its rules share how a field is
shown (its raw value beside its parsed one) and what an unreadable time is.
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.io.profiles import RAW_PREFIX
from svccheck.io.timestamps import EARLIEST_YEAR, LATEST_YEAR
from svccheck.model import ENUMS, TICKET_FIELDS, TIME_FIELDS, field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.skips import unplaced

_FIELD_LIST = {
    "type": "array",
    "items": {"enum": list(TICKET_FIELDS)},
    "uniqueItems": True,
}
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _raw_or_value(ctx: RuleContext, name: str) -> pl.Expr:
    """The cell as written (raw twin where the field is parsed), to test presence."""
    raw = RAW_PREFIX + name
    return pl.col(raw) if raw in ctx.tickets.collect_schema().names() else pl.col(name)


def _empty(ctx: RuleContext) -> pl.LazyFrame:
    return ctx.findings(ctx.tickets.head(0), message="")


@columnar_rule(
    id="record.required-fields",
    scope="ticket",
    title={"zh": "必填字段齐全", "en": "Required fields are present"},
    severity="error",
    clause="004 二.1, 三; 000 一(一), 001 3.1",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fields": {
                **_FIELD_LIST,
                "default": [
                    "customer_id", "category", "description", "priority", "status",
                    "created_at", "assignee",
                ],
            },
            "complaint_fields": {
                **_FIELD_LIST,
                "default": ["contact", "due_at"],
                "description": "fields a complaint needs besides: a way back to the customer "
                               "and the promised completion time",
            },
        },
    },
)
def required_fields(ctx: RuleContext) -> pl.LazyFrame:
    """Each ticket records the template's key information; a complaint, a way back too.

    Seed 004 二.1 asks the first-line agent to "准确记录关键信息,包括客户基本信息、
    问题描述、诉求类型、紧急程度等"; the template (三) has a column for each. A
    ticket whose cell is empty (or ``-``, ``—``, ``/``) for a listed field
    (``fields``) is a finding on that field. A complaint also needs
    ``complaint_fields``: a contact (联系方式; 000 一(一) 信息记录 lists
    "客户姓名、联系方式、咨询或投诉内容") and a promised completion time (预计
    完成时间; 000 一(一) 初步响应 and 001 3.1: a complex question or a
    complaint is told the expected time) -- a complaint with neither cannot
    be answered or held to a date. A listed field the export has no column for
    at all is one finding for the whole file (no ticket), not one per ticket
    (for a complaint field: only when the export holds a complaint).
    """
    ctx.cover(ctx.tickets)  # every ticket: an empty cell is what it looks for
    parts: list[pl.LazyFrame] = []
    complaint = (pl.col("category") == "complaint").fill_null(False)
    wanted = [(name, None) for name in ctx.params["fields"]]
    if "category" in ctx.columns:
        wanted += [(name, complaint) for name in ctx.params["complaint_fields"]
                   if name not in ctx.params["fields"]]
    for name, only in wanted:
        label = field_label(name, ctx.lang)
        scope = ctx.tickets if only is None else ctx.tickets.filter(only)
        key = None if only is None else "complaint"
        if name not in ctx.columns:
            sources = scope.select(pl.col(SOURCE).unique(maintain_order=True))
            parts.append(ctx.findings(
                sources.with_columns(
                    pl.lit(None, dtype=pl.String).alias(TICKET), pl.lit(None, pl.Int64).alias(ROW)
                ),
                field=name,
                message=ctx.text(f"导出文件没有{label}列", f"the export has no {label} column")
                if only is None else ctx.text(f"导出文件没有{label}列(投诉类工单必填)",
                                              f"the export has no {label} column (complaints "
                                              "need one)"),
                key=key,
            ))
            continue
        parts.append(ctx.findings(
            scope.filter(_raw_or_value(ctx, name).is_null()),
            field=name,
            message=ctx.text(f"{label}为空", f"{label} is missing") if only is None
            else ctx.text(f"投诉类工单{label}为空", f"complaint: {label} is missing"),
            key=key,
        ))
    return pl.concat(parts) if parts else _empty(ctx)


_ENUM_FIELDS = ("category", "priority", "status", "channel")


@columnar_rule(
    id="record.allowed-values",
    scope="ticket",
    title={"zh": "分类取值合法", "en": "Classified values are known"},
    severity="error",
    clause="004 二.2, 三",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fields": {
                "type": "array", "items": {"enum": list(_ENUM_FIELDS)}, "uniqueItems": True,
                "default": list(_ENUM_FIELDS),
            },
        },
    },
    requires_any=_ENUM_FIELDS,
)
def allowed_values(ctx: RuleContext) -> pl.LazyFrame:
    """Category, priority, status and channel are values the standard knows.

    Seed 004 二.2 classifies requests (咨询类、问题类、投诉类、特殊需求类) and
    priorities (紧急、一般、低优先级); a value the profile cannot map -- a typo,
    a status invented by one team -- escapes every rule keyed on it (no
    complaint escalation, no urgent deadline), so it is an error. The finding
    quotes the raw value.
    """
    ctx.cover(ctx.tickets)
    parts: list[pl.LazyFrame] = []
    for name in ctx.params["fields"]:
        if name not in ctx.columns:
            continue
        raw = pl.col(RAW_PREFIX + name)
        known = ", ".join(ENUMS[name])
        label = field_label(name, ctx.lang)
        parts.append(ctx.findings(
            ctx.tickets.filter(raw.is_not_null() & pl.col(name).is_null()),
            field=name,
            message=pl.format(
                ctx.text(f"{label}“{{}}”不是已知取值({known})",
                         f"{label} '{{}}' is not a known value ({known})"),
                raw,
            ),
            evidence=raw,
        ))
    return pl.concat(parts) if parts else _empty(ctx)


#: Time fields that identify a person (quoted with their digits masked).
PERSONAL_TIME_FIELDS = frozenset({"birthday"})


@columnar_rule(
    id="record.timestamp",
    scope="ticket",
    title={"zh": "时间可解析", "en": "Times are readable"},
    severity="error",
    clause="004 三",
    requires_any=TIME_FIELDS,
)
def timestamp(ctx: RuleContext) -> pl.LazyFrame:
    """Every time field holds a time svccheck can read.

    The template records 受理时间, 预计完成时间 and 实际完成时间 (004 三); a time
    that cannot be read cannot be checked against any deadline. Accepted forms:
    ``2023-10-01 14:30``, ``2023/10/01 14:30``, ``2023年10月1日 14:30``, ISO 8601
    with or without offset, Excel serial dates and the run-together
    ``2023-10-0114:30``. Empty, ``-``, ``—`` and ``/`` mean "not yet".
    A time before 1900 or after 2199 (``0001-01-01``, ``9999-12-31``: a
    placeholder, not a time anything happened) is reported as out of range.
    Message times are checked too.
    """
    ctx.cover(ctx.tickets)
    parts: list[pl.LazyFrame] = []
    for name in TIME_FIELDS:
        if name not in ctx.columns:
            continue
        raw = pl.col(RAW_PREFIX + name)
        # A date of birth is personal data even when unreadable: show its shape only.
        shown = raw.str.replace_all(r"\d", "*") if name in PERSONAL_TIME_FIELDS else raw
        label = field_label(name, ctx.lang)
        parts.append(ctx.findings(
            ctx.tickets.filter(raw.is_not_null() & pl.col(name).is_null()),
            field=name,
            message=_unreadable_time(ctx, label, raw, shown),
            evidence=shown,
        ))
    if ctx.events is not None and RAW_PREFIX + "at" in ctx.event_columns:
        raw = pl.col(RAW_PREFIX + "at")
        parts.append(ctx.findings(
            ctx.events.filter(raw.is_not_null() & pl.col("at").is_null()),
            field="at",
            message=_unreadable_time(ctx, ctx.text("消息时间", "message time"), raw, raw),
            evidence=raw,
        ))
    return pl.concat(parts) if parts else _empty(ctx)


def _unreadable_time(ctx: RuleContext, label: str, raw: pl.Expr, shown: pl.Expr) -> pl.Expr:
    """Why a time cell was not read: out of the years a ticket can have, or not a time.

    The year is taken as written (``0001-01-01``, ``9999年12月31日``); the
    parser has already refused the cell either way, this only words it.
    """
    year = raw.str.extract(r"^\s*(\d{4})\s*[-/.年]", 1).cast(pl.Int32, strict=False)
    span = f"{EARLIEST_YEAR}–{LATEST_YEAR}"
    return (
        pl.when(year.is_not_null() & ~year.is_between(EARLIEST_YEAR, LATEST_YEAR))
        .then(pl.format(ctx.text(f"{label}“{{}}”不在 {span} 年之间",
                                 f"{label} '{{}}' is outside the years {span}"), shown))
        .otherwise(pl.format(ctx.text(f"{label}“{{}}”无法识别为时间",
                                      f"{label} '{{}}' is not a readable time"), shown))
    )


#: (earlier, later) pairs that must be in order, and when to check the pair.
_ORDER = (
    ("created_at", "first_response_at"),
    ("first_response_at", "resolved_at"),
    ("created_at", "resolved_at"),
    ("created_at", "due_at"),
    ("resolved_at", "followup_at"),
)


def _order_precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if any(a in columns and b in columns for a, b in _ORDER):
        return None
    return "export has no pair of time fields to compare"


def _show(name: str) -> pl.Expr:
    return pl.col(name).dt.strftime(_TIME_FORMAT)


def _time_order(ctx: RuleContext) -> pl.LazyFrame:
    """Recorded times follow the life of a ticket.

    A ticket is received (受理), answered (首次响应), finished (实际完成) and
    then followed up (回访); the promised time (预计完成) cannot precede
    receipt (004 三). A time out of order is a data-entry error that would
    also make every response-time rule wrong. ``created ≤ resolved`` is only
    checked directly when the first response is missing, so one misplaced
    time gives one finding. A ticket with fewer than two times recorded has
    nothing to order; one whose recorded times cannot be read is skipped.
    """
    pairs = [(a, b) for a, b in _ORDER if a in ctx.columns and b in ctx.columns]
    written = [_raw_or_value(ctx, a).is_not_null() & _raw_or_value(ctx, b).is_not_null()
               for a, b in pairs]
    read = [pl.col(a).is_not_null() & pl.col(b).is_not_null() for a, b in pairs]
    ctx.cover(ctx.tickets.filter(pl.any_horizontal(written)),
              skip=pl.when(~pl.any_horizontal(read)).then(
                  pl.lit(ctx.text("时间无法识别", "times unreadable"))))
    parts: list[pl.LazyFrame] = []
    for earlier, later in _ORDER:
        if earlier not in ctx.columns or later not in ctx.columns:
            continue
        condition = pl.col(earlier) > pl.col(later)
        if (earlier, later) == ("created_at", "resolved_at") and "first_response_at" in ctx.columns:
            condition = condition & pl.col("first_response_at").is_null()
        first, second = field_label(earlier, ctx.lang), field_label(later, ctx.lang)
        parts.append(ctx.findings(
            ctx.tickets.filter(condition),
            field=later,
            message=pl.format(
                ctx.text(
                    f"{second} {{}} 早于{first} {{}}", f"{later} {{}} is before {earlier} {{}}"
                ),
                _show(later), _show(earlier),
            ),
            evidence=pl.format("{} > {}", _show(earlier), _show(later)),
            key=f"{earlier}>{later}",
        ))
    return pl.concat(parts) if parts else _empty(ctx)


time_order = columnar_rule(
    id="record.time-order",
    scope="ticket",
    title={"zh": "时间先后合理", "en": "Times are in order"},
    severity="error",
    clause="004 三",
)(_time_order)
time_order = Rule(**{**time_order.__dict__, "precondition": _order_precondition})


@columnar_rule(
    id="record.status-consistency",
    scope="ticket",
    title={"zh": "处理状态与记录一致", "en": "Status agrees with the record"},
    severity="error",
    clause="004 二.4, 三",
    requires=("status",),
)
def status_consistency(ctx: RuleContext) -> pl.LazyFrame:
    """A finished ticket says when and how; an unfinished one has no finish time.

    Seed 004 二.4 asks for "客户确认后的处理结果记录": a ticket marked 已解决 or
    已关闭 needs its 实际完成时间 and 处理结果; a ticket still 待处理 or 处理中
    cannot have been finished (the template's third example row: 处理中 with
    实际完成时间 ``-``).
    """
    status = pl.col("status")
    done = status.is_in(["resolved", "closed"])
    running = status.is_in(["open", "in_progress"])
    ctx.cover(ctx.tickets, skip=unplaced(ctx, "status"))
    parts: list[pl.LazyFrame] = []
    raw_status = _raw_or_value(ctx, "status")
    for name in ("resolved_at", "resolution"):
        label = field_label(name, ctx.lang)
        if name in ctx.columns:
            parts.append(ctx.findings(
                ctx.tickets.filter(done & _raw_or_value(ctx, name).is_null()),
                field=name,
                message=pl.format(
                    ctx.text(
                        f"状态为“{{}}”但{label}为空", f"status is '{{}}' but {label} is missing"
                    ),
                    raw_status,
                ),
                evidence=raw_status,
                key="done-without",
            ))
    if "resolved_at" in ctx.columns:
        label = field_label("resolved_at", ctx.lang)
        parts.append(ctx.findings(
            ctx.tickets.filter(running & _raw_or_value(ctx, "resolved_at").is_not_null()),
            field="resolved_at",
            message=pl.format(
                ctx.text(f"状态为“{{}}”却已有{label}", f"status is '{{}}' but {label} is set"),
                raw_status,
            ),
            evidence=raw_status,
            key="open-with",
        ))
    return pl.concat(parts) if parts else _empty(ctx)


@columnar_rule(
    id="record.satisfaction-range",
    scope="ticket",
    title={"zh": "满意度在评分范围内", "en": "Satisfaction is on the scale"},
    severity="error",
    clause="004 三",
    requires=("satisfaction",),
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min": {"type": "integer", "default": 1},
            "max": {"type": "integer", "default": 5},
        },
    },
)
def satisfaction_range(ctx: RuleContext) -> pl.LazyFrame:
    """Satisfaction is a whole number on the template's 1-5 scale, or absent.

    The template's column is 客户满意度(1-5分); ``-`` or empty means not (yet)
    rated and is fine. ``0``, ``6``, ``4.5`` or ``很好`` are findings quoting the
    value.
    """
    low, high = ctx.params["min"], ctx.params["max"]
    ctx.cover(ctx.tickets)
    raw = pl.col(RAW_PREFIX + "satisfaction")
    value = pl.col("satisfaction")
    bad = raw.is_not_null() & (value.is_null() | (value < low) | (value > high))
    return ctx.findings(
        ctx.tickets.filter(bad),
        field="satisfaction",
        message=pl.format(
            ctx.text(f"满意度“{{}}”不是 {low}-{high} 的整数",
                     f"satisfaction '{{}}' is not a whole number {low}-{high}"),
            raw,
        ),
        evidence=raw,
    )


@columnar_rule(
    id="record.satisfaction-present",
    scope="ticket",
    title={"zh": "已解决工单有满意度", "en": "Resolved tickets have a rating"},
    severity="warning",
    clause="001 7.1 (客户反馈), 004 二.4 (询问客户是否满意)",
    requires=("satisfaction", "status"),
)
def satisfaction_present(ctx: RuleContext) -> pl.LazyFrame:
    """A resolved or closed ticket records the customer's satisfaction.

    Seed 004 二.4 has the agent ask "是否满意" when reporting the result, and
    001 7.1 collects feedback after service; a finished ticket with an empty
    (or ``-``) 客户满意度 shows the question was never asked or recorded.
    """
    done = pl.col("status").is_in(["resolved", "closed"])
    # finished tickets; one whose status cannot be placed might be finished
    ctx.cover(ctx.tickets.filter(done | pl.col("status").is_null()),
              skip=unplaced(ctx, "status"))
    label = field_label("satisfaction", ctx.lang)
    return ctx.findings(
        ctx.tickets.filter(done & pl.col(RAW_PREFIX + "satisfaction").is_null()),
        field="satisfaction",
        message=ctx.text(f"工单已完成但未记录{label}", f"ticket is finished but has no {label}"),
    )


def _readable_findings(ctx: RuleContext, ids: pl.LazyFrame) -> pl.LazyFrame:
    """One finding per damaged row, identified by the ids the parts found for them."""
    if ctx.problems is None:
        return _empty(ctx)
    column = "message_zh" if ctx.lang == "zh" else "message_en"
    # A row that was read in part (padded) keeps its ticket id; a line that
    # could not be read at all is identified by its row number.
    rows = ctx.problems.join(
        ids.unique([SOURCE, ROW], keep="first", maintain_order=True), on=[SOURCE, ROW],
        how="left", maintain_order="left",
    ).with_columns(pl.coalesce(pl.col(TICKET), pl.col(ROW).cast(pl.String)).alias(TICKET))
    return ctx.findings(rows, message=pl.col(column))


@columnar_rule(
    id="record.readable-row",
    scope="aggregate",
    merge=_readable_findings,
    title={"zh": "记录行可读取", "en": "Rows are readable"},
    severity="error",
    clause="004 三",
)
def readable_row(ctx: RuleContext) -> pl.LazyFrame:
    """Every row of the export could be read as its format requires.

    A CSV row with the wrong number of fields or a JSONL line that is not a
    JSON object is reported here with its row (line) number -- never dropped
    silently -- and the rest of the file is still checked. This rule runs in
    every standard unless ignored explicitly.
    """
    # the partial figures: the ids of the damaged rows among these tickets
    ids = ctx.tickets.select(SOURCE, ROW, TICKET)
    if ctx.problems is None:
        return ids.head(0)
    return ids.join(ctx.problems.select(SOURCE, ROW), on=[SOURCE, ROW], how="semi")


RULES: list[Rule] = [
    readable_row, required_fields, allowed_values, timestamp, time_order,
    status_consistency, satisfaction_range, satisfaction_present,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
