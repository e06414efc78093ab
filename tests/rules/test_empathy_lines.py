"""conduct.empathy-first's two readings on labelled lines: precision and recall >= 0.95.

The lines are ``bench/empathy_lines.py`` (loaded from its file, so the
benchmark in bench/RESULTS.md and this test measure the same lines): customer
messages labelled agitated or calm (不投诉了 and one calm "!" are calm), and
agent replies labelled with whether they acknowledge first (a greeting may
come before; 非常理解您的着急 counts).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "empathy_lines.py"
    spec = importlib.util.spec_from_file_location("empathy_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("empathy_lines", module)
    spec.loader.exec_module(module)
    return module


lines = _load()


def test_the_sets_hold_every_kind_of_line():
    assert sum(label for _, _, label in lines.CUSTOMER) >= 40
    assert sum(not label for _, _, label in lines.CUSTOMER) >= 40
    assert sum(label for _, _, label in lines.REPLIES) >= 30
    assert sum(not label for _, _, label in lines.REPLIES) >= 30
    assert ("negated", "问题解决了，不投诉了", False) in lines.CUSTOMER
    assert ("calm", "好的，谢谢!", False) in lines.CUSTOMER
    assert ("first", "非常理解您的着急，我会尽力帮您解决", True) in lines.REPLIES


@pytest.mark.parametrize(("name", "which"), [("CUSTOMER", "agitated"),
                                             ("REPLIES", "acknowledges")])
def test_precision_and_recall(name, which):
    total, _, wrong = lines.evaluate(getattr(lines, name), which)
    assert total.precision >= 0.95, wrong
    assert total.recall >= 0.95, wrong


def test_the_scoring_can_fail():
    # a calm line labelled agitated is a miss, and so is an apology labelled as none
    total, _, _ = lines.evaluate([("calm", "好的，谢谢!", True)], "agitated")
    assert (total.tp, total.fp, total.fn) == (0, 0, 1)
    total, _, _ = lines.evaluate([("none", "非常抱歉", False)], "acknowledges")
    assert (total.tp, total.fp, total.fn) == (0, 0, 1)
