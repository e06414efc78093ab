"""A small audit shared by the gate, baseline and waiver tests.

Six tickets in the generic profile (canonical column names) against a
standard with one rule per severity and one rule the export cannot feed::

    T-1  clean
    T-2  record.time-order          error    resolved before the first response
    T-3  record.satisfaction-range  warning  satisfaction 6
    T-4  record.satisfaction-range  warning  satisfaction 0
    T-5  record.status-consistency  info     closed without a resolved time
    T-6  record.time-order          error    resolved before the first response
         response.live-answer       not evaluated: no offered_at / answered_at

So a run finds error 2, warning 2, info 1, and its rules are 4 evaluated
(1 passed: record.readable-row, 3 failed) and 1 not evaluated.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

AS_OF = "2025-11-30 18:00"

EXPORT = """\
id,channel,assignee,created_at,first_response_at,resolved_at,status,satisfaction
T-1,chat,Zhang Min,2025-11-03 09:00,2025-11-03 09:05,2025-11-03 10:00,resolved,5
T-2,chat,Wang Fang,2025-11-03 10:00,2025-11-03 10:05,2025-11-03 09:30,resolved,4
T-3,email,Liu Yang,2025-11-04 11:00,2025-11-04 11:10,2025-11-04 12:00,resolved,6
T-4,phone,Zhang Min,2025-11-05 09:00,2025-11-05 09:03,2025-11-05 09:30,resolved,0
T-5,email,Wang Lei,2025-11-06 15:00,2025-11-06 15:20,,closed,
T-6,phone,Liu Yang,2025-11-07 10:00,2025-11-07 10:10,2025-11-07 09:00,resolved,
"""

STANDARD = """\
id: gate-test
title: {zh: 门禁测试, en: Gate test}
version: "1"
calendar: {timezone: Asia/Shanghai}
rules:
  record.time-order: true
  record.satisfaction-range: {severity: warning}
  record.status-consistency: {severity: info}
  response.live-answer: true
"""


def write_fixture(directory: Path) -> None:
    (directory / "export.csv").write_text(EXPORT, encoding="utf-8")
    (directory / "standard.yaml").write_text(STANDARD, encoding="utf-8")


@pytest.fixture(scope="session")
def audit_findings(tmp_path_factory) -> pl.DataFrame:
    """The fixture audit's findings as the JSON report gives them (with context), run once."""
    from svccheck.cli import main

    directory = tmp_path_factory.mktemp("audit")
    write_fixture(directory)
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.chdir(directory)
        main(["check", "export.csv", "--standard", "standard.yaml", "--as-of", AS_OF,
              "--format", "json"])
    return pl.DataFrame(json.loads(out.getvalue())["violations"])


@pytest.fixture
def audit(svccheck, tmp_path: Path, monkeypatch) -> Callable[..., object]:
    """Run ``svccheck check export.csv`` on the six tickets, from their directory.

    ``audit("--format", "json")`` returns the conftest ``Run``; the export
    and standard sit in the working directory, so messages name them as
    ``export.csv`` and ``standard.yaml``.
    """
    write_fixture(tmp_path)
    monkeypatch.chdir(tmp_path)

    def call(*extra: str | Path, export: str = "export.csv"):
        return svccheck("check", export, "--standard", "standard.yaml", "--as-of", AS_OF,
                        *extra)

    return call
