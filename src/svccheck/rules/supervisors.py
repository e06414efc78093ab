"""Who is a supervisor, and whether one is involved in a ticket.

Not a plugin: ``escalation.complaint-owner`` and ``escalation.stalled`` import
it, so "a supervisor is involved" means one thing in both. Seed 004 二.3
reports complaints to the 客服主管; 001 2.1 names the team: 客服经理, 客服主管,
客服人员; 000 一(三) escalates a stalled job "向上级或相关负责人". A supervisor
is therefore what these seeds mean: 客服主管, 客服经理, 主管, a supervisor role.
A 客户经理 (account manager) or 产品经理 (product manager) is a manager of
something else, and a team lead (组长) is a supervisor only where the
standard says so.

A supervisor is involved in a ticket when any of these shows it: the
assignee's role or title; the remarks or resolution naming the escalation
(已上报客服主管B, 已升级主管处理); an event written by a supervisor, naming the
escalation in its text, or a hand-off naming a supervisor. "升级" also
means an upgrade -- APP升级, 系统升级 -- and a negated escalation (未上报
主管, not escalated) is none: both are removed before matching.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from svccheck.io.base import TICKET
from svccheck.pii.names import table as name_table
from svccheck.rule import RuleContext

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
#: What is no escalation though it holds an escalation word: a product or
#: system upgrade (APP升级, 系统升级, 版本升级), and an escalation negated
#: (未上报, 没有升级, 无需转交, not escalated, no escalation).
NOT_ESCALATION = (
    r"(?i:app|系统|版本|软件|固件|程序|客户端|小程序|应用|会员|套餐|服务器|数据库|ios|android|"
    r"安卓|网站|页面|设备|手机)\s*升级"
    r"|(?:未|没有|没|不|无需|不用|不必|不需要|暂不|暂未|尚未|还未|还没有?)"
    r"(?:上报|报给|升级|转交|转给|移交|提交给|交给)"
    r"|(?i:\b(?:not|never|no need to|without)\s+(?:been\s+|being\s+)?escalat\w*|"
    r"\bno\s+escalation\b)"
)

#: The parameters a rule that asks "is a supervisor involved" takes.
PARAMS: dict[str, Any] = {
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
}


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
    已启动客诉专项处理, escalated to a supervisor, the supervisor took over --
    but not 已转技术支持C or 转客户经理. Match it on :func:`escalation_text`,
    which removes upgrades and negated escalations first.
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
        rf"{words_pattern}[^，。；！？,.;!?\n]{{0,4}}?"
        r"(?:介入|跟进|接手|处理|(?i:took over|is handling|stepped in|has taken over))",
        SPECIAL_PROCESS,
    ]
    if bare_manager:
        parts.append(rf"(?:{verbs})(?:给|至|到)?\s*经理")
    return "|".join(parts)


def escalation_text(text: pl.Expr) -> pl.Expr:
    """``text`` without what only looks like an escalation (:data:`NOT_ESCALATION`)."""
    return text.str.replace_all(NOT_ESCALATION, "\x00")


def involved(ctx: RuleContext, frame: pl.LazyFrame, params: dict[str, Any],
             known_by: pl.Expr | None = None) -> pl.LazyFrame:
    """``frame`` (tickets) with ``_supervised``: a supervisor owns or was involved in it.

    Shown by any of: the assignee's role (``roles``) or name/title
    (:func:`supervisor_pattern`); the remarks or resolution naming the
    escalation (:func:`escalation_pattern`); an event written by a
    supervisor (role), naming the escalation in its text, or a hand-off whose
    text, author or new assignee names a supervisor. With ``known_by`` (an
    instant expression), events dated later are not known yet (undated ones
    count).
    """
    roles = [r.lower() for r in params["roles"]]
    supervisor = supervisor_pattern(params["titles"], params["bare_manager"],
                                    params["team_leads"], params["name_pattern"])
    escalated_text = escalation_pattern(params["titles"], params["bare_manager"],
                                        params["team_leads"], params["name_pattern"])
    shown = pl.lit(False)
    if "assignee_role" in ctx.columns:
        shown |= pl.col("assignee_role").str.to_lowercase().is_in(roles).fill_null(False)
    if "assignee" in ctx.columns:
        shown |= pl.col("assignee").str.contains(supervisor).fill_null(False)
    for name in ("remarks", "resolution"):
        if name in ctx.columns:
            shown |= escalation_text(pl.col(name)).str.contains(escalated_text).fill_null(False)
    if ctx.events is not None:
        cols = ctx.event_columns
        by_event = pl.lit(False)
        if "role" in cols:
            by_event |= pl.col("role").is_in(roles).fill_null(False)
        if "text" in cols:
            by_event |= escalation_text(pl.col("text")).str.contains(escalated_text) \
                .fill_null(False)
        if "kind" in cols:
            named = pl.lit(False)
            for name in ("text", "author", "assignee"):
                if name in cols:
                    named |= pl.col(name).str.contains(supervisor).fill_null(False)
            by_event |= (pl.col("kind") == "handoff") & named
        events = ctx.events
        if known_by is not None and "at" in cols:
            events = events.filter(pl.col("at").is_null() | (pl.col("at") <= known_by))
        escalations = events.filter(by_event).select(TICKET).unique()
        frame = frame.join(
            escalations.with_columns(pl.lit(True).alias("_by_event")), on=TICKET, how="left",
            maintain_order="left",
        )
        shown |= pl.col("_by_event").fill_null(False)
        return frame.with_columns(shown.alias("_supervised")).drop("_by_event")
    return frame.with_columns(shown.alias("_supervised"))
