"""The gate: --max-findings per severity, exit codes for every format, summary counts.

Exit codes are the contract a CI pipeline relies on (DESIGN.md): 0 no finding
at or above --fail-on, 1 at least one (or a row that could not be read), 2 the
run could not be trusted. They must not depend on --format. The fixture audit
(tests/report/conftest.py) finds error 2, warning 2, info 1.
"""

from __future__ import annotations

import pytest

from svccheck.plugins import load_plugins

FORMATS = sorted(load_plugins(entry_points_enabled=False).reporters)


def test_every_documented_format_is_exercised():
    assert {"text", "json", "jsonl", "csv", "sarif", "junit", "github", "markdown",
            "html"} <= set(FORMATS)


# -- --max-findings: each severity on both sides of its budget ----------------

@pytest.mark.parametrize(
    ("options", "code", "exceeded"),
    [
        # errors: 2 found
        (["--max-findings", "error=2"], 0, []),
        (["--max-findings", "error=1"], 1, ["error"]),
        # warnings: 2 found; counted once --fail-on reaches them
        (["--fail-on", "warning", "--max-findings", "error=2,warning=2"], 0, []),
        (["--fail-on", "warning", "--max-findings", "error=2,warning=1"], 1, ["warning"]),
        # info: 1 found; repeatable option
        (["--fail-on", "info", "--max-findings", "error=2", "--max-findings", "warning=2",
          "--max-findings", "info=1"], 0, []),
        (["--fail-on", "info", "--max-findings", "error=2,warning=2,info=0"], 1, ["info"]),
        # a budget below --fail-on still binds once it is given
        (["--max-findings", "error=2,info=0"], 1, ["info"]),
        # without a budget, anything at or above --fail-on fails
        ([], 1, ["error"]),
        (["--fail-on", "warning"], 1, ["error", "warning"]),
        (["--fail-on", "never"], 0, []),
    ],
)
def test_max_findings_per_severity(audit, options, code, exceeded):
    run = audit("--format", "json", *options)
    assert run.code == code, run.err
    summary = run.report["summary"]
    assert summary["by_severity"] == {"error": 2, "warning": 2, "info": 1}
    assert summary["gate"]["exceeded"] == exceeded
    assert summary["failed"] is bool(code)


def test_the_text_verdict_says_which_budget_was_exceeded(audit):
    run = audit("--fail-on", "warning", "--max-findings", "error=2,warning=1")
    assert run.code == 1
    last = run.out.rstrip().splitlines()[-1]
    assert "FAILED" in last and "warning 2 > 1" in last and "error 2 >" not in last


@pytest.mark.parametrize("value", ["warning", "warn=3", "error=-1", "error=two", "error=1.5"])
def test_malformed_max_findings_is_a_usage_error(audit, value):
    run = audit("--max-findings", value)
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and run.err.startswith("svccheck: error: --max-findings")


# -- exit codes: the same whatever --format ------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_code_does_not_depend_on_the_format(audit, fmt, tmp_path):
    assert audit("--format", fmt).code == 1  # errors at the default --fail-on error
    assert audit("--format", fmt, "--max-findings", "error=2").code == 0

    text = (tmp_path / "export.csv").read_text(encoding="utf-8")
    # T-7 has two fields where the header has eight: it cannot be read, and a
    # run never passes after skipping input, whatever --fail-on says
    (tmp_path / "broken.csv").write_text(text + "T-7,chat\n", encoding="utf-8")
    assert audit("--format", fmt, "--fail-on", "never", export="broken.csv").code == 1

    missing = audit("--format", fmt, "-o", "out.report", export="no-such-export.csv")
    assert missing.code == 2 and missing.out == ""
    assert missing.err.startswith("svccheck: error: ") and "no-such-export.csv" in missing.err
    assert "Traceback" not in missing.err and missing.err.count("\n") == 1
    assert not (tmp_path / "out.report").exists()


def test_an_invalid_standard_exits_2_before_any_output(audit, tmp_path):
    (tmp_path / "bad.yaml").write_text("id: bad\nrules: [oops]\n", encoding="utf-8")
    run = audit("--format", "sarif", "-o", "out.sarif", "--standard", "bad.yaml")
    assert run.code == 2 and run.out == "" and run.err.startswith("svccheck: error: bad.yaml")
    assert not (tmp_path / "out.sarif").exists()


# -- summary counts --------------------------------------------------------------

def test_summary_counts_rules_waived_and_baselined(audit, tmp_path):
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: record.satisfaction-range\n"
        "    tickets: [T-3]\n"
        "    reason: customer typed 6 on a 1-5 scale\n"
        "    owner: QA\n"
        "    expires: 2099-06-30\n",
        encoding="utf-8",
    )
    # Accepted today: T-2, T-6 (time-order) and T-5 (status-consistency).
    assert audit("--select", "record.time-order,record.status-consistency",
                 "--update-baseline", "baseline.json").code == 0
    # Since then T-6 was fixed: resolved after its first response.
    export = tmp_path / "export.csv"
    export.write_text(export.read_text(encoding="utf-8").replace(
        "2025-11-07 10:10,2025-11-07 09:00", "2025-11-07 10:10,2025-11-07 11:00"),
        encoding="utf-8")

    run = audit("--format", "json", "--waivers", "waivers.yaml", "--baseline", "baseline.json")
    assert run.code == 0  # the one active finding is a warning
    summary = run.report["summary"]
    # T-3 waived; T-2 and T-5 baselined; T-4 the only active finding
    assert (summary["violations"], summary["waived"], summary["baselined"]) == (1, 1, 2)
    assert [v["ticket"] for v in run.report["violations"]] == ["T-4"]
    assert summary["rule_counts"] == {"evaluated": 4, "passed": 3, "failed": 1, "partial": 0,
                                      "not_evaluated": 1}
    rules = {r["rule"]: (r["status"], r["violations"], r["waived"], r["baselined"])
             for r in summary["rules"]}
    assert rules == {
        "record.readable-row": ("passed", 0, 0, 0),
        "record.time-order": ("passed", 0, 0, 1),
        "record.satisfaction-range": ("failed", 1, 1, 0),
        "record.status-consistency": ("passed", 0, 0, 1),
        "response.live-answer": ("not_evaluated", 0, 0, 0),
    }

    # the people-facing formats show the same counts
    text = audit("--waivers", "waivers.yaml", "--baseline", "baseline.json").out
    assert "rules: 4 judged (3 passed, 1 failed, 0 partial), 1 not evaluated" in text
    assert "1 findings (error 0, warning 1, info 0), 1 waived, 2 baselined" in text
    markdown = audit("--format", "markdown", "--waivers", "waivers.yaml",
                     "--baseline", "baseline.json").out
    assert "| 4 | 3 | 1 | 0 | 1 | 1 | error 0, warning 1, info 0 | 1 | 2 |" in markdown
