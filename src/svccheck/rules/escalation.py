"""``escalation.complaint-owner``: complaints go to a supervisor.

Seed 004 二.3: "投诉类：上报客服主管（客服主管B），必要时启动客诉专项处理流程".
A complaint is escalated when its owner is a supervisor (the role field, or
a name such as 客服主管B), or when a supervisor took part in it (an event
by a supervisor, or a hand-off to one).
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule

DEFAULT_ROLES = ["supervisor", "manager"]
DEFAULT_PATTERN = "主管|经理|组长|(?i:supervisor|manager|team lead)"


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "category" not in columns:
        return "export has no category"
    if not ({"assignee", "assignee_role"} & columns) and not has_events:
        return "export has no assignee, assignee_role or events"
    return None


def _complaint_owner(ctx: RuleContext) -> pl.LazyFrame:
    """A complaint is owned by, or escalated to, a supervisor.

    Escalated when: ``assignee_role`` is one of ``roles`` (supervisor,
    manager; 主管 and 经理 map to them in the response-record profile); or
    the assignee's name matches ``name_pattern`` (主管, 经理, 组长,
    supervisor, manager, team lead); or an event was written by a
    supervisor; or a ``handoff`` event names one (its text or author
    matches the pattern).
    """
    roles = ctx.params["roles"]
    pattern = ctx.params["name_pattern"]
    escalated = pl.lit(False)
    if "assignee_role" in ctx.columns:
        escalated |= pl.col("assignee_role").str.to_lowercase().is_in(roles).fill_null(False)
    if "assignee" in ctx.columns:
        escalated |= pl.col("assignee").str.contains(pattern).fill_null(False)
    frame = ctx.tickets.filter(pl.col("category") == "complaint")
    if ctx.events is not None:
        cols = ctx.event_columns
        by_event = pl.lit(False)
        if "role" in cols:
            by_event |= pl.col("role").is_in(roles).fill_null(False)
        if "kind" in cols:
            named = pl.lit(False)
            for name in ("text", "author"):
                if name in cols:
                    named |= pl.col(name).str.contains(pattern).fill_null(False)
            by_event |= (pl.col("kind") == "handoff") & named
        escalations = ctx.events.filter(by_event).select(TICKET).unique()
        frame = frame.join(
            escalations.with_columns(pl.lit(True).alias("_by_event")), on=TICKET, how="left",
            maintain_order="left",
        )
        escalated |= pl.col("_by_event").fill_null(False)
    owner = pl.col("assignee") if "assignee" in ctx.columns else pl.lit(None, pl.String)
    label = field_label("assignee", ctx.lang)
    message = pl.format(
        ctx.text(f"投诉类工单未上报主管（{label}：{{}}）",
                 f"complaint not owned by or escalated to a supervisor ({label}: {{}})"),
        owner.fill_null("-"),
    )
    return ctx.findings(frame.filter(~escalated), field="assignee", message=message,
                        evidence=owner)


complaint_owner = columnar_rule(
    id="escalation.complaint-owner",
    scope="ticket",
    title={"zh": "投诉上报主管", "en": "Complaints go to a supervisor"},
    severity="error",
    clause="004 二.3 (投诉类上报客服主管)",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "roles": {"type": "array", "items": {"type": "string"}, "default": DEFAULT_ROLES},
            "name_pattern": {"type": "string", "minLength": 1, "default": DEFAULT_PATTERN},
        },
    },
)(_complaint_owner)
complaint_owner = Rule(**{**complaint_owner.__dict__, "precondition": _precondition})

RULES: list[Rule] = [complaint_owner]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
