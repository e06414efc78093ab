"""Baselines: accept today's findings, then gate only on new ones.

The round trip the issue asks for: a baseline written from one export, then a
re-export of it with the rows in another order, one violation fixed, one new
violation and one new clean ticket -- exactly one new finding, the rest
counted as baselined. The fixture audit is in tests/report/conftest.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svccheck.errors import ConfigError
from svccheck.report.baseline import load_baseline


def reexport(export: str) -> str:
    """The same tickets a month later, exported newest first."""
    header, *rows = export.splitlines()
    rows.reverse()
    fixed = [row.replace("2025-11-03 10:05,2025-11-03 09:30",  # T-2: now resolved after reply
                         "2025-11-03 10:05,2025-11-03 11:30") for row in rows]
    assert fixed != rows
    new = [
        # T-7: new violation -- resolved before its first response (error)
        "T-7,chat,Wang Fang,2025-11-20 10:00,2025-11-20 10:30,2025-11-20 10:10,resolved,5",
        # T-8: new, clean
        "T-8,web,Zhang Min,2025-11-21 09:00,2025-11-21 09:05,2025-11-21 09:40,resolved,4",
    ]
    return "\n".join([header, *new[:1], *fixed, *new[1:]]) + "\n"


def test_round_trip_reordered_one_fixed_one_new(audit, tmp_path):
    first = audit("--format", "json", "--update-baseline", "baseline.json")
    # every finding of the run is now accepted: nothing new, the gate passes
    assert first.code == 0
    assert first.report["summary"]["violations"] == 0
    assert first.report["summary"]["baselined"] == 5
    assert first.report["baseline"] == {"path": "baseline.json", "baselined": 5, "fixed": []}

    export = tmp_path / "export.csv"
    export.write_text(reexport(export.read_text(encoding="utf-8")), encoding="utf-8")
    second = audit("--format", "json", "--baseline", "baseline.json")
    assert second.code == 1  # the new finding is an error
    new = second.report["violations"]
    assert [(v["ticket"], v["rule"]) for v in new] == [("T-7", "record.time-order")]
    # T-2 was fixed; T-3, T-4, T-5, T-6 are still there, in other rows
    assert second.report["summary"]["baselined"] == 4
    assert second.report["summary"]["violations"] == 1

    # without the baseline the same export has all five findings
    everything = audit("--format", "json").report["violations"]
    assert sorted(v["ticket"] for v in everything) == ["T-3", "T-4", "T-5", "T-6", "T-7"]


def test_the_baseline_file_is_reviewable_and_stable(audit, tmp_path):
    assert audit("--update-baseline", "baseline.json").code == 0
    path = tmp_path / "baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["svccheck_baseline"] == 1 and data["standard"] == "gate-test"
    assert data["count"] == 5 == len(data["findings"])
    # rule and ticket beside each fingerprint, nothing else from the export
    assert {tuple(sorted(f)) for f in data["findings"]} == {("fingerprint", "rule", "ticket")}
    assert [(f["rule"], f["ticket"]) for f in data["findings"]] == [
        ("record.satisfaction-range", "T-3"), ("record.satisfaction-range", "T-4"),
        ("record.status-consistency", "T-5"),
        ("record.time-order", "T-2"), ("record.time-order", "T-6"),
    ]
    before = path.read_bytes()
    # the same findings from a reordered export: byte-identical file (no diff in git)
    export = tmp_path / "export.csv"
    header, *rows = export.read_text(encoding="utf-8").splitlines()
    export.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    assert audit("--update-baseline", "baseline.json").code == 0
    assert path.read_bytes() == before


def test_waived_findings_stay_out_of_the_baseline(audit, tmp_path):
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n"
        "  - family: record\n"
        "    tickets: [T-2]\n"
        "    reason: clock skew on the old CRM\n"
        "    owner: QA\n"
        "    expires: 2099-01-31\n",
        encoding="utf-8",
    )
    run = audit("--format", "json", "--waivers", "waivers.yaml",
                "--update-baseline", "baseline.json")
    assert run.report["summary"]["waived"] == 1 and run.report["summary"]["baselined"] == 4
    tickets = [f["ticket"] for f in
               json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"]]
    assert "T-2" not in tickets  # when the waiver expires, its finding must count again


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"svccheck_baseline": 1,\n "findings": [\n', "baseline.json:3: baseline is not "
                                                       "valid JSON"),
        ('{"findings": []}', "baseline.json: not an svccheck baseline"),
        ('{"svccheck_baseline": 1, "findings": [{"rule": "record.time-order"}]}',
         "baseline.json: baseline 'findings' must be a list of objects with a 'fingerprint'"),
        ("\xff\xfe garbage", "baseline.json: cannot read baseline"),
    ],
)
def test_a_corrupt_baseline_names_the_file_and_the_problem(tmp_path, monkeypatch, content,
                                                          message):
    monkeypatch.chdir(tmp_path)
    Path("baseline.json").write_text(content, encoding="latin-1")
    with pytest.raises(ConfigError) as error:
        load_baseline(Path("baseline.json"))
    assert str(error.value).startswith(message)


def test_the_cli_stops_on_a_missing_or_corrupt_baseline_with_exit_2(audit, tmp_path):
    run = audit("--baseline", "baseline.json")
    assert (run.code, run.out) == (2, "")
    assert run.err == ("svccheck: error: baseline.json: baseline not found (create it with "
                       "--update-baseline baseline.json)\n")
    (tmp_path / "baseline.json").write_text("[1, 2", encoding="utf-8")
    run = audit("--format", "sarif", "--baseline", "baseline.json")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("svccheck: error: baseline.json:1: baseline is not valid JSON")
    assert run.err.count("\n") == 1


def test_baseline_and_update_baseline_must_name_the_same_file(audit):
    run = audit("--baseline", "old.json", "--update-baseline", "new.json")
    assert run.code == 2 and "name different files" in run.err


def test_update_baseline_into_a_missing_directory_is_exit_2(audit, tmp_path):
    run = audit("--update-baseline", "no-such-dir/baseline.json")
    assert run.code == 2 and run.out == "" and "no-such-dir" in run.err


def test_the_report_lists_baseline_entries_fixed_since(audit, tmp_path):
    """T-6 is fixed after the baseline: the reports say so, and only for rules judged."""
    assert audit("--update-baseline", "baseline.json").code == 0
    export = tmp_path / "export.csv"
    export.write_text(export.read_text(encoding="utf-8").replace(
        "2025-11-07 10:10,2025-11-07 09:00", "2025-11-07 10:10,2025-11-07 11:00"),
        encoding="utf-8")
    run = audit("--baseline", "baseline.json", "--format", "json")
    assert run.code == 0
    fixed = run.report["baseline"]["fixed"]
    assert [(e["rule"], e["ticket"]) for e in fixed] == [("record.time-order", "T-6")]
    text = audit("--baseline", "baseline.json").out
    assert "fixed since the baseline (baseline.json): 1" in text
    assert "## " in audit("--baseline", "baseline.json", "--format", "markdown").out
    assert "### Fixed since the baseline (1)" in audit(
        "--baseline", "baseline.json", "--format", "markdown").out
    # a rule the run left out fixed nothing
    selected = audit("--baseline", "baseline.json", "--select", "record.satisfaction-range",
                     "--format", "json")
    assert selected.report["baseline"]["fixed"] == []
