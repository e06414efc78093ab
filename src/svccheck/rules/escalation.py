"""``escalation.complaint-owner``: complaints go to a supervisor.

Seed 004 二.3: "投诉类：上报客服主管（客服主管B），必要时启动客诉专项处理流程";
001 2.1 names the team: 客服经理, 客服主管, 客服人员. So a complaint is in order
when a supervisor owns it or it was escalated to one -- and "supervisor"
means what these seeds mean: 客服主管, 客服经理, 主管, a supervisor role. A
客户经理 (account manager) or 产品经理 (product manager) is a manager of
something else, and a team lead (组长) is a supervisor only where the
standard says so (:mod:`svccheck.rules.supervisors`, shared with
``escalation.stalled``).
"""

from __future__ import annotations

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.model import field_label
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.skips import unplaced
from svccheck.rules.supervisors import PARAMS, involved


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "category" not in columns:
        return "export has no category"
    owners = {"assignee", "assignee_role", "remarks", "resolution"}
    if not (owners & columns) and not has_events:
        return "export has no assignee, assignee_role, remarks or events"
    return None


def _complaint_owner(ctx: RuleContext) -> pl.LazyFrame:
    """A complaint is owned by, or escalated to, a supervisor.

    Seed 004 二.3 (投诉类：上报客服主管). A complaint passes when any of these
    shows it:

    * the assignee's role (``assignee_role``) is one of ``roles`` (supervisor,
      manager; the response-record profile maps 主管, 客服主管, 经理 and 客服经理
      to them);
    * the assignee's name or title holds one of ``titles`` (客服主管, 客服经理,
      主管, supervisor, support manager …), or -- ``bare_manager`` -- is a bare
      经理 (经理, 李经理, 经理王强; never 客户经理 or 产品经理, whose 经理 belongs
      to another title); 组长 and "team lead" count only with ``team_leads``;
    * the remarks or the resolution name the escalation (已上报客服主管B, 已升级
      主管处理, 升级至客服经理, 客服主管已介入, 已启动客诉专项处理, escalated to
      …), as does any event's text -- an upgrade (APP升级后主管…) or a negated
      escalation (未上报主管, not escalated) is none;
    * an event was written by a supervisor (role), or a hand-off event names one
      (its text, author or new assignee).

    ``name_pattern`` adds a team's own regex for supervisors' names or titles.
    Complaints are judged; a ticket whose category cannot be placed (missing,
    or a value the profile does not map) might be one and is skipped with
    that reason.
    """
    complaint = pl.col("category") == "complaint"
    ctx.cover(ctx.tickets.filter(complaint | pl.col("category").is_null()),
              skip=unplaced(ctx, "category"))
    frame = involved(ctx, ctx.tickets.filter(complaint), ctx.params)
    owner = pl.col("assignee") if "assignee" in ctx.columns else pl.lit(None, pl.String)
    label = field_label("assignee", ctx.lang)
    message = pl.format(
        ctx.text(f"投诉类工单未上报主管（{label}：{{}}）",
                 f"complaint not owned by or escalated to a supervisor ({label}: {{}})"),
        owner.fill_null("-"),
    )
    return ctx.findings(frame.filter(~pl.col("_supervised")), field="assignee",
                        message=message, evidence=owner)


complaint_owner = columnar_rule(
    id="escalation.complaint-owner",
    scope="ticket",
    title={"zh": "投诉上报主管", "en": "Complaints go to a supervisor"},
    severity="error",
    clause="004 二.3 (投诉类上报客服主管)",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": PARAMS,
    },
)(_complaint_owner)
complaint_owner = Rule(**{**complaint_owner.__dict__, "precondition": _precondition})

RULES: list[Rule] = [complaint_owner]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
