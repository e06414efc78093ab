"""The insurance cadence rules on labelled policy cases: precision and recall >= 0.95.

The cases are ``bench/cadence_cases.py`` (loaded from its file, so the
benchmark in bench/RESULTS.md and this test judge the same cases), with the
edges issue 23 decides as hard negatives: day 7 and day 15 still count, a
plain call is no 新契约回访, a renewal reminder no lapse warning, nothing is
owed after a lapse, a birthday greeting is no holiday greeting.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "cadence_cases.py"
    spec = importlib.util.spec_from_file_location("cadence_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cadence_cases", module)
    spec.loader.exec_module(module)
    return module


cases = _load()


@pytest.fixture(scope="module")
def scores():
    return cases.evaluate()


def test_every_cadence_rule_has_cases_on_both_sides():
    assert set(cases.CASES) == {
        "revisit.delivery-visit", "revisit.cooling-off-callback", "revisit.lapse-warning",
        "revisit.half-yearly-visits", "revisit.monthly-news", "revisit.quarterly-invitations",
        "greeting.holidays"}
    for rule, items in cases.CASES.items():
        assert any(expected for _, _, expected in items), rule
        assert sum(not expected for _, _, expected in items) >= 2, rule


@pytest.mark.parametrize("rule", sorted(cases.CASES))
def test_precision_and_recall(scores, rule):
    score, wrong = scores[rule]
    assert score.precision >= 0.95, wrong
    assert score.recall >= 0.95, wrong


def test_the_scoring_can_fail():
    wrong = {"revisit.delivery-visit": [("X1,K1,2025-03-03,,,,王芳", "X1,2025-03-10,亲访,亲访",
                                         ("2025-03-10",))]}
    score, _ = cases.evaluate(wrong)["revisit.delivery-visit"]
    assert (score.tp, score.fp, score.fn) == (0, 0, 1)
