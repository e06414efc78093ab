"""record.priority-signals and record.category-signals on a labelled set: P and R >= 0.95.

The set is ``bench/signal_lines.py`` (loaded from its file, so the benchmark in
bench/RESULTS.md and this test measure the same texts): impact and complaint
words in Chinese and English, and the hard negatives issue 23 names --
negations (不是无法登录, 不投诉了, not all users), the category name 投诉建议,
words inside others (多媒体, an order number holding 12315), quoted words.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "signal_lines.py"
    spec = importlib.util.spec_from_file_location("signal_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("signal_lines", module)
    spec.loader.exec_module(module)
    return module


lines = _load()


@pytest.fixture(scope="module")
def scores():
    return lines.evaluate()


def test_the_set_holds_every_kind_of_text():
    assert {line[0] for line in lines.LINES} == set(lines.GROUPS)
    assert sum(bool(line[2]) for line in lines.LINES) >= 50
    assert sum(bool(line[3]) for line in lines.LINES) >= 25
    assert sum(not line[2] and not line[3] for line in lines.LINES) >= 60
    texts = [line[1] for line in lines.LINES]
    for probe in ("不是无法登录，是登录后页面空白", "问题已解决，不投诉了", "Not all users, just me.",
                  "投诉建议：希望增加多语言支持", "多媒体文件打不开", "订单号2023123156，请查一下物流"):
        assert probe in texts, probe


@pytest.mark.parametrize("words", ["impact", "complaint"])
def test_precision_and_recall(scores, words):
    total, groups, wrong = scores[words]
    assert total.precision >= 0.95, wrong
    assert total.recall >= 0.95, wrong
    for group in ("negated", "look-alike", "quote", "neutral"):
        assert groups[group].fp == 0, (group, wrong)


def test_the_scoring_can_fail():
    # the negated words are not found, and a label they do not meet counts as a miss
    found = lines.found_on(["不是无法登录，是登录后页面空白", "问题已解决，不投诉了"],
                           "record.priority-signals")
    assert found == [[], []]
    total = lines.evaluate([("negated", "不投诉了", (), ("投诉",))])["complaint"][0]
    assert (total.tp, total.fp, total.fn) == (0, 0, 1)
