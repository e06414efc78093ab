"""Phone numbers written in groups beside other numbers are masked in every output.

Two space-grouped mobiles side by side (``138 1234 5678 159 8765 4321``), or
one followed by `` 2`` or by a landline, reached the phone matcher as one
candidate of digit groups, failed its grouping check as a whole and were
printed raw in every format's evidence and messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.plugins import load_plugins

#: (as written, its digits) -- each must be masked wherever it is quoted
NUMBERS = [("138 1234 5678", "13812345678"), ("159 8765 4321", "15987654321"),
           ("186-2468-1357", "18624681357"), ("0571 8888 6666", "057188886666"),
           ("010-6234-5678", "01062345678")]
TEXTS = [
    "客户留了两个号码 138 1234 5678 159 8765 4321 请回电",
    "手机 186-2468-1357 2 号线地址",
    "电话 138 1234 5678 0571 8888 6666",
    "座机 010-6234-5678 159 8765 4321",
]
FORMATS = sorted(load_plugins().reporters)
SUFFIX = {"github": "txt", "markdown": "md", "sarif": "sarif.json"}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    lines = ["id,customer_id,category,description,priority,status,created_at,assignee"]
    for n, text in enumerate(TEXTS, start=1):
        # the text in the description (privacy.pii-in-text quotes an excerpt) and in
        # the category (record.allowed-values quotes the whole cell in its message)
        lines.append(f"T{n},C1,{text},{text},normal,open,2025-10-09 09:00,amy")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_grouped_numbers_side_by_side_are_masked_in_every_format(svccheck, export, tmp_path,
                                                                  fmt):
    report = tmp_path / f"report.{SUFFIX.get(fmt, fmt)}"
    run = svccheck("check", export, "--format", fmt, "--output", report,
                   "--as-of", "2025-11-30", "--max-rows", "0")
    assert run.code == 1, run.err
    written = report.read_text(encoding="utf-8")
    for shown, digits in NUMBERS:
        assert shown not in written, f"{shown} in the {fmt} report"
        assert digits not in written, f"{digits} in the {fmt} report"
        assert shown[-9:] not in written, f"the end of {shown} in the {fmt} report"


def test_each_number_is_its_own_finding(svccheck, export):
    run = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30")
    found = [(f["ticket"], f["evidence"]) for f in run.findings("privacy.pii-in-text")
             if f["field"] == "description"]
    assert [t for t, _ in found] == ["T1", "T1", "T2", "T3", "T3", "T4", "T4"]
    evidence = " ".join(e for _, e in found)
    for masked in ("138****5678", "159****4321", "186****1357", "0571-****6666",
                   "010-****5678"):
        assert masked in evidence
