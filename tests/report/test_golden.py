"""Golden files: every output format on one fixture run, byte for byte.

The run (``tests/golden/input/``) is a 10-ticket export against a small
standard of record.* rules with mixed severities, with a waiver file (one
waiver that applies, one expired, one unused), a baseline holding one
finding and a ``--max-findings`` budget -- so every section of every format
is exercised. It runs with the input directory as working directory, so the
outputs hold relative paths only, and with a fixed ``--as-of``; the tool
version is replaced by ``<VERSION>``.

To regenerate after an intended change to a format (then review the diff of
``tests/golden/`` like code)::

    SVCCHECK_UPDATE_GOLDEN=1 python -m pytest tests/report/test_golden.py
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from svccheck import __version__
from svccheck.plugins import load_plugins
from svccheck.schemas import load_schema

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
INPUT = GOLDEN / "input"
SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"
ARGS = (
    "check", "export.csv", "--standard", "standard.yaml", "--waivers", "waivers.yaml",
    "--baseline", "baseline.json", "--max-findings", "warning=3",
    "--as-of", "2025-11-30 18:00", "--max-rows", "0",
)
FILES = {
    "text": "report.txt", "json": "report.json", "jsonl": "report.jsonl", "csv": "report.csv",
    "sarif": "report.sarif", "junit": "report.junit.xml", "github": "report.github.txt",
    "markdown": "report.md", "html": "report.html", "scorecard": "report.scorecard.csv",
}
UPDATE = bool(os.environ.get("SVCCHECK_UPDATE_GOLDEN"))


@pytest.fixture
def render(svccheck, monkeypatch):
    """Run the fixture audit in one format; return (exit code, normalised output)."""
    monkeypatch.chdir(INPUT)

    def call(fmt: str, *extra: str) -> tuple[int, str]:
        run = svccheck(*ARGS, "--format", fmt, *extra)
        assert run.err == "", run.err
        return run.code, run.out.replace(__version__, "<VERSION>")

    return call


def test_every_builtin_format_has_a_golden_file():
    registry = load_plugins(entry_points_enabled=False)
    builtin = {fmt for info in registry.plugins if info.origin == "built-in"
               for fmt in info.provides.get("formats", [])}
    assert builtin == set(FILES)


@pytest.mark.parametrize("fmt", list(FILES))
def test_output_matches_golden_file(render, fmt):
    code, text = render(fmt)
    assert code == 1  # 3 errors and 4 warnings over a budget of 3
    golden = GOLDEN / FILES[fmt]
    if UPDATE:
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8"), f"regenerate: see {__file__} docstring"


def test_json_validates_and_counts_every_kind_of_finding(render):
    report = json.loads(render("json")[1])
    jsonschema.Draft202012Validator(
        load_schema("report"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(report)
    summary = report["summary"]
    assert summary["violations"] == 7 == len(report["violations"])
    assert summary["by_severity"] == {"error": 3, "warning": 4, "info": 0}
    assert summary["waived"] == 1 and summary["baselined"] == 1
    assert summary["rule_counts"] == {"evaluated": 6, "passed": 1, "failed": 5, "partial": 0,
                                      "not_evaluated": 0}
    assert summary["gate"]["exceeded"] == ["error", "warning"]
    assert [w["status"] for w in report["waivers"]] == ["active", "expired", "unused"]
    assert report["waived"][0]["ticket"] == "GD-105"
    assert report["waived"][0]["waiver"]["owner"] == "王芳 (QA)"
    assert any("expired on 2025-11-15" in w for w in report["warnings"])
    # context joined from the ticket, for charts and waivers
    first = report["violations"][0]
    assert (first["ticket"], first["assignee"], first["channel"], first["day"]) == (
        "GD-102", "客服主管王芳", "chat", "2025-11-03")


def test_sarif_validates_against_the_official_schema(render):
    log = json.loads(render("sarif")[1])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    ).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:3] == [
        "record.readable-row", "record.required-fields", "record.allowed-values"]
    time_order = next(r for r in rules if r["id"] == "record.time-order")
    assert time_order["properties"]["clause"] == "004 三"
    assert "Clause: 004 三" in time_order["help"]["text"]
    result = next(r for r in run["results"] if r["ruleId"] == "record.time-order")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "export.csv"
    # the spreadsheet's row 3 (header = row 1) is the file's line 3
    assert location["region"]["startLine"] == 3 == result["properties"]["row"]
    assert rules[result["ruleIndex"]]["id"] == "record.time-order"
    waived = [r for r in run["results"] if "suppressions" in r]
    assert len(waived) == 1 and waived[0]["suppressions"][0]["status"] == "accepted"


def test_jsonl_is_one_contract_finding_a_line(render):
    lines = render("jsonl")[1].splitlines()
    item_schema = {**load_schema("report")["properties"]["violations"]["items"]}
    assert len(lines) == 7
    for line in lines:
        jsonschema.validate(json.loads(line), item_schema)


def test_csv_neutralises_formula_cells_and_lists_waived_rows(render):
    text = render("csv")[1]
    assert text.startswith("\ufeff")  # Excel needs the BOM for Chinese text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 8
    formula = next(r for r in rows if r["ticket"] == "GD-103")
    assert formula["evidence"] == "'=1+2"  # the export's own cell was "=1+2"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    waived = [r for r in rows if r["status"] == "waived"]
    assert [(r["ticket"], r["waiver_owner"]) for r in waived] == [("GD-105", "王芳 (QA)")]


def test_junit_has_a_testcase_per_rule_and_input(render):
    root = ET.fromstring(render("junit")[1])
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["export.csv"]
    cases = suites[0].findall("testcase")
    assert len(cases) == 6 and root.get("failures") == "5"
    failure = next(c for c in cases if c.get("name") == "record.allowed-values").find("failure")
    assert failure is not None and "ticket GD-103" in failure.text
    assert "GD-107" not in failure.text  # baselined


def test_github_annotations_point_at_file_and_line(render):
    lines = render("github")[1].splitlines()
    assert ("::error file=export.csv,line=3,title=svccheck record.time-order::ticket GD-102 · "
            "row 3: resolved_at 2025-11-03 09:30:00 is before first_response_at "
            "2025-11-03 10:05:00 [004 三]") in lines
    assert any(line.startswith("::warning file=waivers.yaml,line=9,") for line in lines)
    assert any(line.startswith("::notice file=waivers.yaml,line=16,") for line in lines)
    assert lines[-1].endswith(
        "FAILED (--fail-on error --max-findings warning=3): error 3 > 0; warning 4 > 3"
        " — 6 rules judged, 0 partial, 0 not evaluated")


def test_chinese_labels_in_text_markdown_and_html(render):
    text = render("text", "--lang", "zh")[1]
    assert "规则：已检查 6 条" in text  # full-width punctuation
    # fields as the export names them: 实际完成时间, not resolved_at
    finding = next(line for line in text.splitlines() if line.startswith("GD-102"))
    assert "实际完成时间" in finding and "resolved_at" not in finding.split()[4]
    assert "未通过" in render("markdown", "--lang", "zh")[1]
    page = render("html", "--lang", "zh")[1]
    assert 'lang="zh-CN"' in page and "按负责人" in page


def test_html_is_self_contained(render):
    page = render("html")[1]
    assert "default-src 'none'" in page  # the CSP forbids every fetch
    for reference in ("http://", "https://", "src=", "@import", "url("):
        assert reference not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
