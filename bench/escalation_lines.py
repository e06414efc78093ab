#!/usr/bin/env python3
"""Labelled lines for "is a supervisor involved": precision and recall of both readings.

``escalation.complaint-owner`` and ``escalation.stalled`` share one reading
of supervisors (:mod:`svccheck.rules.supervisors`), and it can be wrong two
ways. Is an assignee a supervisor (客服主管李强, 王芳 (主管), 李经理 -- but not
客户经理, 产品经理, or 组长 unless the standard says so)? Does a remark, note
or hand-off name an escalation to one (已上报客服主管B, 已升级主管处理, escalated
to the supervisor -- but not APP升级, 系统升级, 未上报主管, 已转技术支持, 转客户
经理)? Seeds 004 二.3 and 001 2.1 say who supervisors are; issue 23 says 升级 in
APP升级/系统升级 is no escalation. Two labelled sets:

* :data:`ASSIGNEES` -- names and titles, labelled supervisor or not;
* :data:`REMARKS` -- remarks and notes, labelled as naming an escalation or
  not, in groups ``escalated`` / ``escalated-en``, ``upgrade`` (APP升级 …),
  ``negated`` (未上报 …), ``other-team`` (技术支持, 客户经理), ``neutral``.

The rules' own patterns run with cn-baseline's parameters. The lines were
written together with the patterns: the figures are a floor, not an
estimate for unseen text; the ``HELDOUT_*`` lines were written after the
patterns were frozen and never used to change them. Run::

    python bench/escalation_lines.py

``tests/rules/test_escalation_lines.py`` asserts precision and recall >= 0.95.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score, print_groups, score_flags

#: (group, assignee as exported, is a supervisor)
ASSIGNEES: list[tuple[str, str, bool]] = [
    ("supervisor", "客服主管李强", True),
    ("supervisor", "客服主管B", True),
    ("supervisor", "客服经理周婷", True),
    ("supervisor", "王芳 (主管)", True),
    ("supervisor", "主管王芳", True),
    ("supervisor", "李经理", True),
    ("supervisor", "经理", True),
    ("supervisor", "经理王强", True),
    ("supervisor", "售后经理张伟", True),
    ("supervisor", "服务经理刘洋", True),
    ("supervisor", "Support Manager Lee", True),
    ("supervisor", "Amy (Manager)", True),
    ("supervisor", "Manager Li", True),
    ("supervisor", "CS Manager Tom", True),
    ("supervisor", "Supervisor Chen", True),
    ("supervisor", "值班主管", True),
    ("other", "客户经理李明", False),
    ("other", "产品经理王强", False),
    ("other", "客服组长赵六", False),
    ("other", "班长孙七", False),
    ("other", "客服专员张敏", False),
    ("other", "售后专员郑洁", False),
    ("other", "Account Manager Lee", False),
    ("other", "Product Manager Kim", False),
    ("other", "Team Lead Sam", False),
    ("other", "amy", False),
    ("other", "技术工程师C", False),
    ("other", "项目经理吴", False),
    ("other", "大客户经理", False),
    ("other", "Agent 007", False),
]

#: (group, remark or note, names an escalation to a supervisor)
REMARKS: list[tuple[str, str, bool]] = [
    ("escalated", "已上报客服主管B", True),
    ("escalated", "已升级主管处理", True),
    ("escalated", "升级至客服经理", True),
    ("escalated", "客服主管已介入", True),
    ("escalated", "上报经理", True),
    ("escalated", "已启动客诉专项处理流程", True),
    ("escalated", "转交主管跟进", True),
    ("escalated", "已转客服主管处理", True),
    ("escalated", "提交给售后经理审批", True),
    ("escalated", "主管已接手", True),
    ("escalated", "已报给客服经理", True),
    ("escalated", "移交值班主管", True),
    ("escalated", "已升级至主管，等待回复", True),
    ("escalated", "客户情绪激动，已上报主管", True),
    ("escalated-en", "Escalated to the supervisor on duty.", True),
    ("escalated-en", "Escalation raised with the support manager.", True),
    ("escalated-en", "escalated to CS manager", True),
    ("escalated-en", "Supervisor took over the case.", True),
    ("upgrade", "APP升级中，等待新版本", False),
    ("upgrade", "系统升级后恢复正常", False),
    ("upgrade", "版本升级后主管说可以退款", False),
    ("upgrade", "客户端升级完成", False),
    ("upgrade", "会员升级失败，已补发", False),
    ("upgrade", "固件升级后问题解决", False),
    ("upgrade", "app升级后让客户重试", False),
    ("upgrade", "小程序升级维护中", False),
    ("negated", "未上报主管", False),
    ("negated", "尚未上报客服主管", False),
    ("negated", "无需升级主管", False),
    ("negated", "暂不转交主管", False),
    ("negated", "还没有升级到主管", False),
    ("negated", "Not escalated to a supervisor yet.", False),
    ("negated", "No escalation needed.", False),
    ("other-team", "已转技术支持C", False),
    ("other-team", "已转客户经理跟进", False),
    ("other-team", "转交售后专员D", False),
    ("other-team", "提交给产品部门评估", False),
    ("other-team", "Handed to the billing team.", False),
    ("other-team", "转物流部门核实", False),
    ("neutral", "客户表扬处理及时", False),
    ("neutral", "需跟进回访", False),
    ("neutral", "已向客户致歉", False),
    ("neutral", "客户表示理解", False),
    ("neutral", "已同步更新FAQ", False),
    ("neutral", "Refund issued.", False),
]

#: Written after the patterns were frozen, in other words, and never used to change them.
HELDOUT_ASSIGNEES: list[tuple[str, str, bool]] = [
    ("supervisor", "投诉主管赵敏", True),
    ("supervisor", "客服部主管", True),
    ("supervisor", "周经理", True),
    ("supervisor", "Customer Service Manager Wang", True),
    ("supervisor", "Service Manager", True),
    ("other", "销售经理钱", False),
    ("other", "区域经理孙", False),
    ("other", "二线组长", False),
    ("other", "客服专员小李", False),
    ("other", "Sales Manager Ann", False),
]
HELDOUT_REMARKS: list[tuple[str, str, bool]] = [
    ("escalated", "已将情况报给客服主管", True),
    ("escalated", "投诉已升级到客服经理", True),
    ("escalated", "主管已介入处理", True),
    ("escalated", "转主管审批退款", True),
    ("escalated", "客服经理正在跟进", True),
    ("escalated-en", "Case escalated to the supervisor.", True),
    ("escalated-en", "The support manager stepped in.", True),
    ("upgrade", "系统升级导致的问题，已修复", False),
    ("upgrade", "等待APP升级到3.2版本", False),
    ("upgrade", "套餐升级已生效", False),
    ("negated", "没有上报主管，自行处理", False),
    ("negated", "不需要升级主管", False),
    ("other-team", "转交财务部门", False),
    ("other-team", "已转区域经理", False),
    ("neutral", "客户对结果满意", False),
    ("neutral", "已补发商品", False),
]


def _params() -> dict:
    from importlib import resources

    import yaml

    text = resources.files("svccheck").joinpath("data", "standards", "cn-baseline.yaml")
    return yaml.safe_load(text.read_text("utf-8"))["rules"]["escalation.stalled"]["params"]


def read(texts: list[str], which: str) -> list[bool]:
    """The shared reading of each text: ``assignee`` (a supervisor?) or ``remark``."""
    import polars as pl

    from svccheck.rules.supervisors import (
        escalation_pattern,
        escalation_text,
        supervisor_pattern,
    )

    p = _params()
    args = (p["titles"], p["bare_manager"], p["team_leads"], p.get("name_pattern"))
    col = pl.col("text")
    expr = (col.str.contains(supervisor_pattern(*args)) if which == "assignee"
            else escalation_text(col).str.contains(escalation_pattern(*args)))
    return pl.DataFrame({"text": texts}).select(expr.fill_null(False)).to_series().to_list()


def evaluate(lines: list[tuple[str, str, bool]], which: str
             ) -> tuple[Score, dict[str, Score], list[tuple[str, bool, bool]]]:
    return score_flags(lines, read([text for _, text, _ in lines], which))


def report(title: str, lines: list[tuple[str, str, bool]], which: str) -> None:
    total, groups, wrong = evaluate(lines, which)
    what = "supervisors" if which == "assignee" else "escalations"
    print(f"{title}: {len(lines)} lines, {total.tp + total.fn} {what}: "
          f"precision {total.precision:.4f}, recall {total.recall:.4f}\n")
    print_groups(lines, groups)
    if wrong:
        print("\n| line | labelled | read |\n|---|---|---|")
        for text, want, have in wrong:
            print(f"| {text} | {want} | {have} |")
    print()


def main() -> int:
    report("Assignees (a supervisor?)", ASSIGNEES, "assignee")
    report("Remarks and notes (an escalation?)", REMARKS, "remark")
    if HELDOUT_ASSIGNEES:
        report("Held out, assignees", HELDOUT_ASSIGNEES, "assignee")
    if HELDOUT_REMARKS:
        report("Held out, remarks and notes", HELDOUT_REMARKS, "remark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
