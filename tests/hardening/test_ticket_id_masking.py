"""A ticket id that is a mobile or resident ID number is masked in every output.

Some help desks use the caller's number as the ticket id: it was printed
raw in every report format and in the baseline. The id is masked as the
value would be anywhere else, while the fingerprint stays computed from the
real id (a baseline keeps matching) and waivers match the real id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svccheck.plugins import load_plugins

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
EXPORT = f"""\
id,customer_id,category,description,priority,status,created_at,assignee
{PHONE},C1,other,x,normal,open,2025-10-09 09:00,amy
{ID_NUMBER},C2,other,x,normal,open,2025-10-09 09:00,amy
T9,C3,other,x,normal,open,2025-10-09 09:00,amy
"""
MASKED = {PHONE: "138****5678", ID_NUMBER: "1101**********002X"}
FORMATS = sorted(load_plugins().reporters)
SUFFIX = {"github": "txt", "markdown": "md", "sarif": "sarif.json"}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_phone_and_id_shaped_ids_are_masked_in_every_format(svccheck, export, tmp_path, fmt):
    report = tmp_path / f"report.{SUFFIX.get(fmt, fmt)}"
    baseline = tmp_path / "baseline.json"
    run = svccheck("check", export, "--format", fmt, "--output", report, "--as-of",
                   "2025-11-30", "--update-baseline", baseline, "--verbose", "--quiet")
    assert run.code == 0, run.err
    for output in (run.out, run.err, report.read_text(encoding="utf-8"),
                   baseline.read_text(encoding="utf-8")):
        assert PHONE not in output and ID_NUMBER not in output
        assert ID_NUMBER[:-1] not in output


def test_the_reports_name_the_masked_ids(svccheck, export):
    run = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30")
    assert run.tickets("record.allowed-values") == [MASKED[PHONE], MASKED[ID_NUMBER], "T9"]
    text = svccheck("check", export, "--as-of", "2025-11-30").out
    assert MASKED[PHONE] in text and MASKED[ID_NUMBER] in text


def test_the_baseline_still_matches_the_same_tickets(svccheck, export, tmp_path):
    baseline = tmp_path / "baseline.json"
    first = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30",
                     "--update-baseline", baseline)
    assert first.code == 0, first.err
    again = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30",
                     "--baseline", baseline)
    assert again.code == 0, again.err
    assert again.report["summary"]["baselined"] == 3
    # a ticket with a masked id but another number is not the baselined one
    other = tmp_path / "other.csv"
    other.write_text(EXPORT.replace(PHONE, "13812340000"), encoding="utf-8")
    changed = svccheck("check", other, "--format", "json", "--as-of", "2025-11-30",
                       "--baseline", baseline)
    assert changed.code == 1
    assert changed.tickets("record.allowed-values") == ["138****0000"]


def test_a_waiver_names_the_real_id_and_is_shown_masked(svccheck, export, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - rule: record.allowed-values\n"
        f"    tickets: ['{PHONE}', '{ID_NUMBER}']\n"
        "    reason: known\n    owner: QA\n    expires: 2026-12-31\n", encoding="utf-8")
    run = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30",
                   "--waivers", waivers)
    assert run.code == 1
    assert run.tickets("record.allowed-values") == ["T9"]
    assert [f["ticket"] for f in run.report["waived"]] == [MASKED[PHONE], MASKED[ID_NUMBER]]
    assert run.report["waivers"][0]["tickets"] == [MASKED[PHONE], MASKED[ID_NUMBER]]
    assert PHONE not in run.out and ID_NUMBER not in run.out
    assert json.loads(run.out)["summary"]["waived"] == 2
