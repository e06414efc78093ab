"""``escalation.complaint-owner``: complaints go to a supervisor.

Seed 004 二.3: "投诉类：上报客服主管（客服主管B），必要时启动客诉专项处理流程";
001 2.1 names the team: 客服经理, 客服主管, 客服人员. So a complaint is in order
when a supervisor owns it or it was escalated to one -- and "supervisor"
means what these seeds mean: 客服主管, 客服经理, 主管, a supervisor role. A
客户经理 (account manager) or 产品经理 (product manager) is a manager of
something else, and a team lead (组长) is a supervisor only where the
standard says so.
"""

from __future__ import annotations

import re

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import TICKET
from svccheck.model import field_label
from svccheck.pii.names import table as name_table
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.skips import unplaced

DEFAULT_ROLES = ["supervisor", "manager"]
#: Titles that make their holder a supervisor wherever they stand in a name.
DEFAULT_TITLES = [
    "客服主管", "客服经理", "主管", "服务经理", "售后经理", "supervisor", "support manager",
    "service manager", "customer service manager", "cs manager",
]
#: Team leads: supervisors only when the standard says so (``team_leads: true``).
TEAM_LEADS = ["组长", "班长", "team lead", "team leader"]
#: Verbs that hand a ticket up: 上报客服主管, 升级主管处理, escalated to ....
ESCALATE_VERBS = ["上报", "报给", "升级", "转交", "转给", "转至", "转到", "转", "移交", "提交给",
                  "交给"]
#: The complaint procedure 004 二.3 starts after escalation (客诉专项处理流程).
SPECIAL_PROCESS = r"客诉专项|专项处理|(?i:escalat(?:ed|ion)\b)"


def _precondition(columns: frozenset[str], has_events: bool) -> str | None:
    if "category" not in columns:
        return "export has no category"
    owners = {"assignee", "assignee_role", "remarks", "resolution"}
    if not (owners & columns) and not has_events:
        return "export has no assignee, assignee_role, remarks or events"
    return None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def supervisor_pattern(titles: list[str], bare_manager: bool, team_leads: bool,
                       extra: str | None = None) -> str:
    """A (polars) regex matched by a name or title that makes its holder a supervisor.

    ``titles`` match anywhere (客服主管李强, 王芳 (主管)). With
    ``bare_manager`` 经理 counts where it is the whole title -- 经理, 李经理,
    经理王强, "Manager Li" -- but not inside another one (客户经理, 产品经理,
    account manager). ``team_leads`` adds 组长/班长/team lead; ``extra`` is a
    standard's own pattern.
    """
    words = list(titles) + (TEAM_LEADS if team_leads else [])
    parts = [f"(?i:{_alternation(words)})"] if words else []
    if bare_manager:
        surnames = "".join(sorted(name_table().surnames))
        parts.append(rf"(?:^|[^\p{{Han}}]|[{surnames}])经理")
        parts.append(r"(?i:^\W*manager\b|\(\s*manager\s*\))")
    if extra:
        parts.append(f"(?:{extra})")
    return "|".join(parts) if parts else r"[^\s\S]"


def escalation_pattern(titles: list[str], bare_manager: bool, team_leads: bool,
                       extra: str | None = None) -> str:
    """A regex matched by a remark or event that names the escalation.

    已上报客服主管B, 升级至客服经理, 已升级主管处理, 客服主管已介入, 上报经理,
    已启动客诉专项处理, escalated to a supervisor -- but not 已转技术支持C or
    转客户经理.
    """
    words = list(titles) + (TEAM_LEADS if team_leads else [])
    if extra:
        words_pattern = f"(?:(?i:{_alternation(words)})|{extra})" if words else f"(?:{extra})"
    else:
        words_pattern = f"(?i:{_alternation(words)})" if words else r"[^\s\S]"
    verbs = _alternation(ESCALATE_VERBS)
    gap = r"[^，。；！？,.;!?\n]{0,6}?"
    parts = [
        rf"(?:{verbs}){gap}{words_pattern}",
        rf"{words_pattern}[^，。；！？,.;!?\n]{{0,4}}?(?:介入|跟进|接手|处理)",
        SPECIAL_PROCESS,
    ]
    if bare_manager:
        parts.append(rf"(?:{verbs})(?:给|至|到)?\s*经理")
    return "|".join(parts)


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
      …), as does any event's text;
    * an event was written by a supervisor (role), or a hand-off event names one
      (its text, author or new assignee).

    ``name_pattern`` adds a team's own regex for supervisors' names or titles.
    Complaints are judged; a ticket whose category cannot be placed (missing,
    or a value the profile does not map) might be one and is skipped with
    that reason.
    """
    params = ctx.params
    roles = [r.lower() for r in params["roles"]]
    supervisor = supervisor_pattern(params["titles"], params["bare_manager"],
                                    params["team_leads"], params["name_pattern"])
    escalated_text = escalation_pattern(params["titles"], params["bare_manager"],
                                        params["team_leads"], params["name_pattern"])
    complaint = pl.col("category") == "complaint"
    ctx.cover(ctx.tickets.filter(complaint | pl.col("category").is_null()),
              skip=unplaced(ctx, "category"))
    escalated = pl.lit(False)
    if "assignee_role" in ctx.columns:
        escalated |= pl.col("assignee_role").str.to_lowercase().is_in(roles).fill_null(False)
    if "assignee" in ctx.columns:
        escalated |= pl.col("assignee").str.contains(supervisor).fill_null(False)
    for name in ("remarks", "resolution"):
        if name in ctx.columns:
            escalated |= pl.col(name).str.contains(escalated_text).fill_null(False)
    frame = ctx.tickets.filter(pl.col("category") == "complaint")
    if ctx.events is not None:
        cols = ctx.event_columns
        by_event = pl.lit(False)
        if "role" in cols:
            by_event |= pl.col("role").is_in(roles).fill_null(False)
        if "text" in cols:
            by_event |= pl.col("text").str.contains(escalated_text).fill_null(False)
        if "kind" in cols:
            named = pl.lit(False)
            for name in ("text", "author", "assignee"):
                if name in cols:
                    named |= pl.col(name).str.contains(supervisor).fill_null(False)
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
            "roles": {"type": "array", "items": {"type": "string"}, "default": DEFAULT_ROLES,
                      "description": "assignee roles (and event author roles) of supervisors"},
            "titles": {
                "type": "array", "items": {"type": "string", "minLength": 1},
                "default": DEFAULT_TITLES,
                "description": "titles that make their holder a supervisor, wherever they "
                               "stand in a name (case-insensitive)",
            },
            "bare_manager": {
                "type": "boolean", "default": True,
                "description": "经理/manager counts as the whole title (李经理), never inside "
                               "another one (客户经理, 产品经理, account manager)",
            },
            "team_leads": {
                "type": "boolean", "default": False,
                "description": "组长/班长/team lead are supervisors",
            },
            "name_pattern": {
                "type": ["string", "null"], "minLength": 1, "default": None,
                "description": "a team's own regex for supervisors' names or titles",
            },
        },
    },
)(_complaint_owner)
complaint_owner = Rule(**{**complaint_owner.__dict__, "precondition": _precondition})

RULES: list[Rule] = [complaint_owner]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
