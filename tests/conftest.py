"""Shared helpers: run svccheck the way a user does and read its JSON report."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Run:
    """One ``svccheck`` invocation: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)

    def findings(self, rule: str | None = None) -> list[dict[str, Any]]:
        return [v for v in self.report["violations"] if rule is None or v["rule"] == rule]

    def tickets(self, rule: str) -> list[str]:
        """Ticket ids with a finding of ``rule``, in report order."""
        return [v["ticket"] for v in self.findings(rule)]


@pytest.fixture
def svccheck(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Call the CLI in-process: ``svccheck("check", "x.csv", "--format", "json")``."""

    from svccheck.cli import main

    def call(*argv: str | Path) -> Run:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented fixture file into tmp_path and return its path."""

    def make(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return make


@pytest.fixture
def insurance_book(write) -> tuple[Path, Path, Path]:
    """The insurance fixture of tests/standards (policies, activities as a separate
    GB18030 events file) and a standard that judges persistency on a single policy,
    for comparing engines: (policies, activities, standard)."""
    import runpy

    here = Path(__file__).parent
    fixture = runpy.run_path(str(here / "standards" / "test_insurance_lifecycle.py"))
    policies = write("policies.csv", fixture["POLICIES"], encoding="utf-8-sig")
    activities = write("activities.csv", fixture["ACTIVITIES"], encoding="gb18030")
    standard = write("strict.yaml", """
        id: strict-insurance
        version: "1"
        title: strict
        extends: insurance-lifecycle
        rules:
          kpi.persistency-13m: {params: {min_policies: 1, floor: 0.99}}
        """)
    return policies, activities, standard


@pytest.fixture
def unreachable_kpis(write) -> Path:
    """contact-center with KPI floors no group reaches: every group's figure is reported,
    for comparing how engines merge KPIs."""
    return write("strict.yaml", """
        id: strict
        version: "1"
        title: strict
        extends: contact-center
        rules:
          kpi.first-reply-attainment: {params: {floor: 1.0, min_tickets: 1}}
          kpi.satisfaction-average: {params: {floor: 5, min_tickets: 1}}
        """)
