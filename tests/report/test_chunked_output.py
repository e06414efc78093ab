"""JSON Lines and CSV reports are written piece by piece, and read as if written whole.

A million findings' report text would take gigabytes held at once, so these
two formats give ``--output`` (and stdout) a slice of findings at a time.
Cut into slices of two findings, the files must be byte for byte the ones
written in one piece.
"""

from __future__ import annotations

import pytest

from svccheck.report import csv_report, jsonl

AS_OF = ("--as-of", "2025-11-30 18:00")


@pytest.mark.parametrize(("fmt", "module"), [("jsonl", jsonl), ("csv", csv_report)])
def test_a_report_written_in_slices_is_the_same_file(svccheck, tmp_path, monkeypatch, fmt,
                                                       module):
    whole = tmp_path / f"whole.{fmt}"
    run = svccheck("demo", "--format", fmt, "--output", whole, *AS_OF)
    assert run.code == 1, run.err
    monkeypatch.setattr(module, "SLICE", 2)
    sliced = tmp_path / f"sliced.{fmt}"
    svccheck("demo", "--format", fmt, "--output", sliced, *AS_OF)
    assert sliced.read_bytes() == whole.read_bytes()
    lines = whole.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) >= 30  # many slices of two
    printed = svccheck("demo", "--format", fmt, *AS_OF).out
    assert printed == whole.read_bytes().decode("utf-8")
