"""response.kept-promise on a labelled set of agent lines: precision and recall >= 0.95.

The set is ``bench/promise_lines.py`` (loaded from its file, so the benchmark
in bench/RESULTS.md and this test measure the same lines): promises in
Chinese and English, vague times, and the hard negatives issue 23 names --
conditionals, the customer's own action, third-party processes, product
figures, quoted words, what already happened. A promise counts as found only
with the right deadline, computed on the cn-baseline calendar.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "promise_lines.py"
    spec = importlib.util.spec_from_file_location("promise_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("promise_lines", module)
    spec.loader.exec_module(module)
    return module


lines = _load()


@pytest.fixture(scope="module")
def scores():
    return lines.evaluate()


def test_the_set_holds_every_kind_of_line():
    groups = {group for group, _, _ in lines.LINES}
    assert groups == set(lines.GROUPS)
    assert sum(g.startswith("promise") for g, _, _ in lines.LINES) >= 60
    assert sum(g not in ("promise", "promise-en", "vague") for g, _, _ in lines.LINES) >= 60
    texts = [t for _, t, _ in lines.LINES]
    # the probes
    for probe in ("协调排班优化，承诺2小时内回电", "预计3个工作日内回复", "明天上午给您答复",
                  "We'll get back to you within 24 hours.", "如果明天还不行您再联系我们",
                  "预计续航8小时", "退款1-3个工作日原路退回"):
        assert probe in texts, probe


def test_precision_and_recall(scores):
    total, groups, wrong = scores
    assert total.precision >= 0.95, wrong
    assert total.recall >= 0.95, wrong
    for group in ("conditional", "customer", "figure", "quote", "done", "neutral"):
        assert groups[group].fp == 0, (group, wrong)


def test_the_scoring_can_fail():
    # a found promise counts only with its labelled deadline, and every promise found on
    # a line labelled with none is a false positive
    found = lines.deadlines([t for _, t, _ in lines.LINES])
    assert sum(map(len, found)) >= 100
    wrong_deadline = [(t, want) for (_, t, want), got in zip(lines.LINES, found, strict=True)
                      if want and got and want != tuple(got)]
    assert not wrong_deadline
    total, _, _ = lines.evaluate([("promise", "明天上午给您答复", ("2025-11-13 18:00",)),
                                  ("neutral", "预计续航8小时", ("2025-11-12 18:00",))])
    assert (total.tp, total.fp, total.fn) == (0, 1, 2)
