"""The JSON report is exactly what ``json.dumps(..., indent=2)`` writes.

The reporter writes the findings list itself (the standard encoder's
indented mode is pure Python and too slow for a million tickets); these
tests hold it to the standard encoder's bytes on the awkward cases: quotes,
backslashes, control characters, line and paragraph separators, CJK text,
nulls, integers, and a summary whose own ``violations`` key must be left
alone.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from svccheck.report.json_report import frame_violations, render_json

AWKWARD = [
    'say "hi"', "back\\slash", "tab\there", "line\nbreak", "\x00\x1f\x7f",
    "\u2028\u2029", "工单 GD20251009-0001 的受理时间 '2025-10-32 10:00' 无法识别",
    "", "\x00svccheck-violations\x00", '\n  "violations": ',
]


def _finding(n: int, message: str) -> dict:
    return {"rule": "record.timestamp", "severity": "error", "ticket": f"GD-{n}",
            "row": n, "source": "导出.csv", "field": None, "message": message,
            "evidence": message[::-1], "clause": None, "fingerprint": "0123456789abcdef",
            "assignee": "客服专员张敏", "channel": None, "day": "2025-10-09"}


def _report(violations: list) -> dict:
    return {"tool": {"name": "svccheck"}, "summary": {"violations": len(violations),
            "rules": [{"rule": "a", "violations": 1}]},
            "violations": violations, "waived": [], "waivers": []}


@pytest.mark.parametrize("violations", [
    [],
    [_finding(1, "plain")],
    [_finding(n, text) for n, text in enumerate(AWKWARD)],
    [_finding(1, "x") | {"row": True}, _finding(2, "y") | {"row": -7}],
])
def test_same_bytes_as_the_standard_encoder(violations):
    data = _report(violations)
    assert render_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_values_it_does_not_write_itself_go_to_the_standard_encoder():
    data = _report([_finding(1, "x") | {"row": 1.5, "extra": {"nested": [1, None]}}])
    assert render_json(data) == json.dumps(data, ensure_ascii=False, indent=2)
    assert json.loads(render_json(data))["violations"][0]["extra"] == {"nested": [1, None]}


@pytest.mark.parametrize("violations", [
    [],
    [_finding(n, text) for n, text in enumerate(AWKWARD)],
    [_finding(1, "x") | {"row": None}, _finding(2, "\U0001f600 表情") | {"row": -7}],
])
def test_findings_frame_is_written_as_the_standard_encoder_writes_its_rows(violations):
    frame = pl.DataFrame(violations, schema={k: (pl.Int64 if k == "row" else pl.String)
                                             for k in _finding(0, "")})
    data = _report(frame.to_dicts())
    assert render_json(data, frame_violations(frame)) == json.dumps(
        data, ensure_ascii=False, indent=2)


def test_a_frame_with_other_types_is_left_to_the_standard_encoder():
    frame = pl.DataFrame({"rule": ["a"], "score": [1.5]})
    assert frame_violations(frame) is None
