"""``response.kept-promise``: a time promised to the customer is kept.

Seed 004 三's own template records one in its third row -- 处理结果
"协调排班优化，承诺2小时内回电" on a ticket still 处理中 -- and 002 2.3 teaches
agents to say "预计在X个工作日内给您回复". No helpdesk checks such a promise:
its SLA engine knows only the targets configured in advance. The export
holds the promise (an agent's message, the 处理结果 or the 备注) and what
happened after it, so the promise can be held to.

A promise (:mod:`svccheck.rules.promise_text` says what is one) is read
relative to its own time: a message's time; for 处理结果 and 备注, which carry
no time of their own, the first response (000 一(一) 初步响应: the agent tells
the customer the expected time when first answering), else the 受理时间.
"N个工作日" counts working days on the standard's calendar; hours, days and
clock times count calendar time. The promise is kept by the next agent
contact after it -- a public agent message, the first response, a
follow-up, a call -- or by the resolution, at or before the deadline
(exactly at it keeps it). Nothing after it on an open ticket breaks it once
its time has passed at ``--as-of``; contacts after ``--as-of`` are not known
yet.
"""

from __future__ import annotations

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules import skips
from svccheck.rules.conversation import SEQ, clip, conversation, normalised
from svccheck.rules.promise_text import CANDIDATE, CLOSE, read_promises
from svccheck.rules.timing import as_of_lit, duration_text, instant_text

#: Ticket fields a promise may be written in (004 三: 处理结果, 备注).
FIELDS = ("resolution", "remarks")
#: Event kinds that are a contact with the customer besides a message.
CONTACT_KINDS = ("followup", "call", "visit")
_LOOKUP = {"norm": pl.String, "_quote": pl.String, "_kind": pl.String, "_amount": pl.Int64,
           "_days": pl.Int64, "_clock": pl.Int64, "_nth_promise": pl.Int64}


def read_frame(texts: list[str]) -> pl.DataFrame:
    """``norm`` → its promises, one row each (``_quote``, ``_kind``, ``_amount``,
    ``_days``, ``_clock``, ``_nth_promise``), for the distinct normalised texts given."""
    rows = [(text, p.quote, p.kind, p.amount, p.days, p.clock, i)
            for text in texts for i, p in enumerate(read_promises(text))]
    return pl.DataFrame(rows, schema=_LOOKUP, orient="row")


def with_deadline(frame: pl.LazyFrame, calendar: BusinessCalendar, timezone: str,
                  at: str = "_at", out: str = "_due") -> pl.LazyFrame:
    """Add ``out``: the instant a promise of ``frame`` (``_kind``, ``_amount``, ``_days``,
    ``_clock``) made at ``at`` falls due; null where no deadline can be read.

    ``calendar`` seconds and days count calendar time (a day promise, 3天内,
    ends with the third day after the day of the message, as people count);
    working days and working hours count on the calendar. A deadline not
    after the message (a clock time already past) is no deadline.
    """
    tz = pl.Datetime("us", timezone)
    kind, amount, days, clock = (pl.col(c) for c in ("_kind", "_amount", "_days", "_clock"))
    weekday = pl.col(at).dt.weekday().cast(pl.Int64)
    offset = (pl.when(kind == "weekday")
              .then(pl.when(days == 7).then(7 - weekday + amount)
                    .otherwise((amount - weekday) % 7))
              .otherwise(days))
    year = pl.col(at).dt.year()
    on_date = pl.format("{}-{}-{}", year, amount, days).str.to_date("%Y-%m-%d", strict=False)
    next_year = pl.format("{}-{}-{}", year + 1, amount, days).str.to_date("%Y-%m-%d",
                                                                         strict=False)
    target_day = (
        pl.when(kind == "date").then(
            pl.when(on_date >= pl.col(at).dt.date()).then(on_date).otherwise(next_year))
        .otherwise(pl.col(at).dt.date() + pl.duration(days=offset))
    )
    midnight = target_day.cast(pl.Datetime("us")).dt.replace_time_zone(
        timezone, ambiguous="earliest", non_existent="null").cast(tz)
    # the calendar is asked only for what the promises need (an empty part of a
    # streamed audit asks nothing: its span would be today's)
    needs = frame.filter(kind.is_in(["working_days", "working"]) | (clock == CLOSE)).select(
        pl.when(clock == CLOSE).then(pl.lit("close")).otherwise(kind).alias("_kind"), amount,
    ).unique().collect()
    frame = frame.with_columns(
        midnight.alias("_midnight"),
        pl.when((kind == "day") & (days == 0)).then(pl.col(at)).otherwise(midnight)
        .alias("_close_from"),
    )
    extra: list[str] = ["_midnight", "_close_from"]
    close: pl.Expr = pl.lit(None, tz)
    if "close" in needs.to_series(0).to_list():
        frame = calendar.with_working_day_close(frame, "_close_from", 0, "_close")
        close = pl.col("_close")
        extra.append("_close")
    picked = (
        pl.when(kind == "calendar").then(pl.col(at) + pl.duration(seconds=amount))
        .when(kind.is_in(["day", "weekday", "date"])).then(
            pl.when(clock.is_null()).then(pl.col("_midnight") + pl.duration(days=1))
            .when(clock == CLOSE).then(close)
            .otherwise(pl.col("_midnight") + pl.duration(seconds=clock)))
    )
    for which, n in needs.filter(pl.col("_kind") != "close").iter_rows():
        name = f"_w_{which}_{n}"
        extra.append(name)
        if which == "working_days":
            frame = calendar.with_working_day_close(frame, at, int(n), name)
        else:
            frame = calendar.with_working_deadline(frame, at, int(n), name)
        picked = pl.when((kind == which) & (amount == n)).then(pl.col(name)).otherwise(picked)
    due = picked.cast(tz)
    return frame.with_columns(pl.when(due > pl.col(at)).then(due).alias(out)).drop(extra)


def _sources(ctx: RuleContext) -> pl.LazyFrame:
    """Every text that may hold a promise, with its time: ``_field`` (``text`` for a
    message), ``_at``, ``_seq`` (a message's place; -1 for a field), ``norm``,
    ``_unplaced`` (a message whose author has no role) and ``_text``."""
    tz = pl.Datetime("us", ctx.timezone)
    parts: list[pl.LazyFrame] = []
    if ctx.events is not None and {"at", "text"} <= ctx.event_columns:
        said = conversation(ctx).filter(
            pl.col("is_message") & pl.col("public") & (pl.col("is_agent") | pl.col("role")
                                                       .is_null()))
        parts.append(said.select(
            TICKET, pl.lit("text").alias("_field"), pl.col("at").cast(tz).alias("_at"),
            pl.col(SEQ).cast(pl.Int64).alias("_seq"), "norm",
            pl.col("role").is_null().alias("_unplaced"), pl.col("text").alias("_text")))
    dated = [pl.col(c).cast(tz) for c in ("first_response_at", "created_at") if c in ctx.columns]
    since = pl.coalesce(dated) if dated else pl.lit(None, tz)
    for name in FIELDS:
        if name in ctx.columns:
            parts.append(ctx.tickets.filter(pl.col(name).is_not_null()).select(
                TICKET, pl.lit(name).alias("_field"), since.alias("_at"),
                pl.lit(-1, pl.Int64).alias("_seq"), normalised(pl.col(name)).alias("norm"),
                pl.lit(False).alias("_unplaced"), pl.col(name).cast(pl.String).alias("_text")))
    if not parts:
        return pl.LazyFrame(schema={TICKET: pl.String, "_field": pl.String, "_at": tz,
                                    "_seq": pl.Int64, "norm": pl.String,
                                    "_unplaced": pl.Boolean, "_text": pl.String})
    return pl.concat(parts, how="vertical_relaxed")


def _contacts(ctx: RuleContext) -> pl.LazyFrame:
    """``TICKET``, ``_contact`` (instant), ``_cseq`` (a message's place, else -1) and
    ``_ckind`` of every agent contact and resolution known at ``--as-of``."""
    tz = pl.Datetime("us", ctx.timezone)
    as_of = as_of_lit(ctx)
    parts: list[pl.LazyFrame] = []
    if ctx.events is not None and "at" in ctx.event_columns:
        events = conversation(ctx)
        parts.append(events.filter(
            (pl.col("is_message") & pl.col("public") & pl.col("is_agent"))
            | pl.col("kind").is_in(CONTACT_KINDS)).select(
            TICKET, pl.col("at").cast(tz).alias("_contact"),
            pl.when(pl.col("is_message")).then(pl.col(SEQ).cast(pl.Int64))
            .otherwise(pl.lit(-1, pl.Int64)).alias("_cseq"),
            pl.when(pl.col("is_message")).then(pl.lit("message"))
            .otherwise(pl.lit("followup")).alias("_ckind")))
    for name, label in (("first_response_at", "first_response"), ("followup_at", "followup"),
                        ("resolved_at", "resolution")):
        if name in ctx.columns:
            parts.append(ctx.tickets.select(
                TICKET, pl.col(name).cast(tz).alias("_contact"), pl.lit(-1, pl.Int64)
                .alias("_cseq"), pl.lit(label).alias("_ckind")))
    if not parts:
        return pl.LazyFrame(schema={TICKET: pl.String, "_contact": tz, "_cseq": pl.Int64,
                                    "_ckind": pl.String})
    return (pl.concat(parts, how="vertical_relaxed")
            .filter(pl.col("_contact").is_not_null() & (pl.col("_contact") <= as_of)))


_REASONS = {
    "no_role": (1, *skips.NO_ROLE),
    "no_time": (2, "承诺所在消息没有时间", "the message holding the promise has no time"),
    "vague": (3, "承诺的时间无法识别", "the promised time cannot be read"),
    "unresolved_time": (4, "已解决但没有实际完成时间", "resolved without resolved_at"),
    "pending": (5, "承诺的时间未到", "the promised time has not come at --as-of"),
}
_CONTACT_TEXT = {
    "message": ("客服消息", "agent message"), "first_response": ("首次响应", "first response"),
    "followup": ("回访", "follow-up"), "resolution": ("解决", "resolution"),
}
_SOURCE_TEXT = {"text": ("客服消息", "an agent message"),
                "resolution": (field_label("resolution", "zh"), "the resolution"),
                "remarks": (field_label("remarks", "zh"), "the remarks")}


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if not (set(FIELDS) & columns) and not has_events:
        return "export has no resolution, remarks or messages"
    return None


def _kept_promise(ctx: RuleContext) -> pl.LazyFrame:
    """A time promised to the customer is kept: the next contact comes by then.

    Seed 004 三 (the template's third row: "承诺2小时内回电" on a ticket still
    处理中), 002 2.3 ("预计在X个工作日内给您回复"). A promise is a time plus a
    verb of contact or answer said by us -- 承诺2小时内回电, 预计3个工作日内回复,
    明天上午给您答复, 10月15日前给您答复, "we'll get back to you within 24
    hours" -- in a public agent message, the resolution (处理结果) or the
    remarks (备注). Not promises: quoted words, conditionals (如果明天还不行您再
    联系我们), the customer's own action (请您在24小时内回复), product figures
    (预计续航8小时), third-party processes (退款1-3个工作日原路退回, 快递员会在
    2小时内联系您), what already happened (已在2小时内回电).

    A message's promise runs from the message; one in the resolution or the
    remarks from the first response, else the 受理时间 (the agent states the
    expected time when first answering, 000 一(一)). N个工作日/business days
    count on the standard's calendar (due at the close of the Nth working day
    after the day of the promise), hours and minutes in calendar time, N天 by
    date (the end of the Nth day after), 明天上午 by 12:00, 下午 by 18:00,
    下班前 by the close of working hours, a bare day by its end.

    The promise is kept by the next agent contact after it -- a public agent
    message, the first response, a follow-up or call, or the resolution --
    at or before the deadline. A later contact is a finding saying how late;
    none on a ticket still open once the deadline has passed at ``--as-of``
    is a finding saying how overdue. In scope: tickets with a promise.
    Skipped (when none of a ticket's promises could be judged): a promise
    whose time cannot be read (稍后, 尽快, ASAP), one not yet due at
    ``--as-of`` with no contact since, one in a message without a time or
    whose author has no role, and tickets resolved without ``resolved_at``.
    """
    assert ctx.calendar is not None, "the engine always passes the standard's calendar"
    tz = pl.Datetime("us", ctx.timezone)
    as_of = as_of_lit(ctx)
    # what was written after --as-of is not known yet
    candidates = _sources(ctx).filter(pl.col("norm").str.contains(CANDIDATE)
                                      & ~(pl.col("_at") > as_of).fill_null(False))
    texts = candidates.select(pl.col("norm").unique()).collect().to_series().to_list()
    promises = (
        candidates.join(read_frame(texts).lazy(), on="norm", how="inner")
        .with_row_index("_pid")
        .join(ctx.tickets.select(TICKET, ROW, SOURCE,
                                 skips.resolved_at(ctx).cast(tz).alias("_resolved"),
                                 skips.done(ctx).alias("_done")),
              on=TICKET, how="inner")
    )
    promises = with_deadline(promises.with_columns(pl.col("_at").cast(tz)), ctx.calendar,
                             ctx.timezone).collect().lazy()
    nexts = (
        promises.select("_pid", TICKET, "_at", "_seq")
        .join(_contacts(ctx), on=TICKET, how="inner")
        .filter((pl.col("_contact") > pl.col("_at"))
                | ((pl.col("_contact") == pl.col("_at")) & (pl.col("_seq") >= 0)
                   & (pl.col("_cseq") > pl.col("_seq"))))
        .sort(["_pid", "_contact", "_cseq"])
        .group_by("_pid", maintain_order=True)
        .agg(pl.col("_contact").first(), pl.col("_ckind").first())
    )
    judged = promises.join(nexts, on="_pid", how="left").with_columns(
        pl.when(pl.col("_unplaced")).then(pl.lit("no_role"))
        .when(pl.col("_at").is_null()).then(pl.lit("no_time"))
        .when(pl.col("_due").is_null()).then(pl.lit("vague"))
        .when(pl.col("_done") & pl.col("_resolved").is_null()
              & pl.col("_contact").is_null()).then(pl.lit("unresolved_time"))
        .when(pl.col("_contact").is_null() & (pl.col("_due") >= as_of)).then(pl.lit("pending"))
        .alias("_why"))
    rank = {key: value[0] for key, value in _REASONS.items()}
    text = {key: ctx.text(value[1], value[2]) for key, value in _REASONS.items()}
    per_ticket = judged.group_by(TICKET).agg(
        pl.col("_why").is_null().any().alias("_any"),
        pl.col("_why").drop_nulls().sort_by(
            pl.col("_why").drop_nulls().replace_strict(rank, return_dtype=pl.Int64))
        .first().alias("_first"))
    ctx.cover(per_ticket, skip=pl.when(~pl.col("_any")).then(
        pl.col("_first").replace_strict(text, return_dtype=pl.String)))
    broken = judged.filter(
        pl.col("_why").is_null()
        & ((pl.col("_contact") > pl.col("_due"))
           | (pl.col("_contact").is_null() & (pl.col("_due") < as_of))))
    broken = broken.with_columns(
        (pl.coalesce("_contact", as_of).dt.epoch("s") - pl.col("_due").dt.epoch("s"))
        .alias("_late")).sort([SOURCE, ROW, "_at", "_seq", "_nth_promise"])
    late = duration_text(pl.col("_late"), ctx.lang)
    source = pl.col("_field").replace_strict(
        {k: ctx.text(*v) for k, v in _SOURCE_TEXT.items()}, return_dtype=pl.String)
    contact_kind = pl.col("_ckind").replace_strict(
        {k: ctx.text(*v) for k, v in _CONTACT_TEXT.items()}, default="", return_dtype=pl.String)
    quote = clip(pl.col("_quote"))
    since, due = instant_text(pl.col("_at")), instant_text(pl.col("_due"))
    outcome = pl.when(pl.col("_contact").is_not_null()).then(pl.format(
        ctx.text("下次联系（{}）在 {}，晚了 {}", "next contact ({}) at {}, {} late"),
        contact_kind, instant_text(pl.col("_contact")), late,
    )).otherwise(pl.format(
        ctx.text("截至检查时未再联系客户，已逾期 {}", "no contact since, {} overdue at --as-of"),
        late))
    message = pl.format(
        ctx.text("{}承诺“{}”（{} 起），应于 {} 前再联系客户；{}",
                 "{} promised '{}' at {}, due by {}: {}"),
        source, quote, since, due, outcome)
    return ctx.findings(broken, field=pl.col("_field"), message=message, evidence=quote,
                        key=pl.format("{}|{}|{}", since, pl.col("_field"), pl.col("_quote")))


kept_promise = columnar_rule(
    id="response.kept-promise",
    scope="ticket",
    title={"zh": "兑现对客户的时间承诺", "en": "Promises to the customer kept"},
    severity="error",
    clause="004 三 (承诺2小时内回电), 002 2.3 (预计在X个工作日内给您回复)",
    requires_events=("at", "text"),
)(_kept_promise)
kept_promise = Rule(**{**kept_promise.__dict__, "precondition": _precondition})

RULES: list[Rule] = [kept_promise]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
