"""Who is a supervisor, and what names an escalation: precision and recall >= 0.95.

The lines are ``bench/escalation_lines.py`` (loaded from its file, so the
benchmark in bench/RESULTS.md and this test measure the same lines): assignee
names and titles (客户经理 and 组长 are no supervisors in cn-baseline), and
remarks and notes, with the hard negatives issue 23 names -- 升级 in APP升级 or
系统升级 is no escalation -- and negated ones (未上报主管).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "escalation_lines.py"
    spec = importlib.util.spec_from_file_location("escalation_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("escalation_lines", module)
    spec.loader.exec_module(module)
    return module


lines = _load()


def test_the_sets_hold_the_hard_negatives():
    groups = {g for g, _, _ in lines.REMARKS}
    assert {"upgrade", "negated", "other-team"} <= groups
    assert ("upgrade", "APP升级中，等待新版本", False) in lines.REMARKS
    assert ("upgrade", "系统升级后恢复正常", False) in lines.REMARKS
    assert ("other", "客户经理李明", False) in lines.ASSIGNEES
    assert sum(label for _, _, label in lines.REMARKS) >= 15
    assert sum(not label for _, _, label in lines.REMARKS) >= 25


@pytest.mark.parametrize(("name", "which"), [("ASSIGNEES", "assignee"), ("REMARKS", "remark")])
def test_precision_and_recall(name, which):
    total, _, wrong = lines.evaluate(getattr(lines, name), which)
    assert total.precision >= 0.95, wrong
    assert total.recall >= 0.95, wrong


def test_the_scoring_can_fail():
    total, _, _ = lines.evaluate([("upgrade", "APP升级中", True),
                                  ("escalated", "已上报客服主管", False)], "remark")
    assert (total.tp, total.fp, total.fn) == (0, 1, 1)
