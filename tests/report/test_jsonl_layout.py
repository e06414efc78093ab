"""``--format jsonl`` lines are exactly what ``json.dumps(finding, ensure_ascii=False)`` writes.

Polars writes the lines (the standard encoder once per finding was the
slowest part of a million-ticket JSONL report); these tests hold it to the
standard encoder's bytes on the awkward strings of the JSON report's tests.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from svccheck.report.json_report import frame_json_lines

AWKWARD = [
    'say "hi"', "back\\slash", "tab\there", "line\nbreak", "\x00\x1f\x7f",
    "\u2028\u2029", "工单 GD20251009-0001 的受理时间 '2025-10-32 10:00' 无法识别", "",
]


def _finding(n: int, message: str) -> dict:
    return {"rule": "record.timestamp", "severity": "error", "ticket": f"GD-{n}",
            "row": n, "source": "导出.csv", "field": None, "message": message,
            "evidence": message[::-1], "clause": None, "fingerprint": "0123456789abcdef",
            "assignee": "客服专员张敏", "channel": None, "day": "2025-10-09"}


def _frame(items: list[dict]) -> pl.DataFrame:
    schema = {k: (pl.Int64 if k == "row" else pl.String) for k in _finding(0, "")}
    return pl.DataFrame(items, schema=schema)


@pytest.mark.parametrize("items", [
    [],
    [_finding(1, "plain")],
    [_finding(n, text) for n, text in enumerate(AWKWARD)],
    [_finding(1, "x") | {"row": None}, _finding(2, "\U0001f600 表情") | {"row": -7}],
])
def test_same_bytes_as_the_standard_encoder(items):
    frame = _frame(items)
    expected = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in frame.to_dicts())
    assert frame_json_lines(frame) == expected


def test_a_column_it_does_not_write_itself_is_left_to_the_standard_encoder():
    frame = _frame([_finding(1, "x")]).with_columns(pl.lit(1.5).alias("score"))
    assert frame_json_lines(frame) is None
