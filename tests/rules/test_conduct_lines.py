"""conduct.forbidden-phrases on a labelled set of agent lines: precision and recall >= 0.95.

The set is ``bench/conduct_lines.py`` (loaded from its file, so the benchmark
in bench/RESULTS.md and this test measure the same lines) -- brush-offs,
courteous look-alikes, negations, quotes of the customer and ordinary lines
-- scored with the phrases the shipped cn-baseline standard configures.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load():
    path = Path(__file__).resolve().parents[2] / "bench" / "conduct_lines.py"
    spec = importlib.util.spec_from_file_location("conduct_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("conduct_lines", module)
    spec.loader.exec_module(module)
    return module


lines = _load()


@pytest.fixture(scope="module")
def scores():
    return lines.evaluate()


def test_the_set_holds_every_kind_of_line():
    groups = {group for group, _, _ in lines.LINES}
    assert groups == {"forbidden", "look-alike", "negation", "quote", "neutral"}
    assert sum(g == "forbidden" for g, _, _ in lines.LINES) >= 60
    assert sum(g != "forbidden" for g, _, _ in lines.LINES) >= 60
    texts = [t for _, t, _ in lines.LINES]
    assert "您不知道订单号也没关系，我帮您查" in texts       # the probe


def test_precision_and_recall(scores):
    total, groups, wrong = scores
    assert total.precision >= 0.95, wrong
    assert total.recall >= 0.95, wrong
    for group in ("look-alike", "negation", "quote", "neutral"):
        assert groups[group].fp <= 1, (group, wrong)


def test_the_scoring_can_fail():
    # the list without its `unless` expressions fires on the courteous lines
    phrases, _ = lines.shipped_phrases()
    bare = [p if isinstance(p, str) else p["phrase"] for p in phrases]
    found = lines.found_on([t for _, t, _ in lines.LINES], bare, [])
    false = sum(len(got) for (group, _, _), got in zip(lines.LINES, found, strict=True)
                if group == "look-alike")
    assert false >= 20
