"""Waivers: accepted findings with a reason, an owner and an expiry date.

The fixture audit (tests/report/conftest.py) as of 2025-11-30 finds::

    T-2  record.time-order          chat   Wang Fang  2025-11-03
    T-3  record.satisfaction-range  email  Liu Yang   2025-11-04
    T-4  record.satisfaction-range  phone  Zhang Min  2025-11-05
    T-5  record.status-consistency  email  Wang Lei   2025-11-06
    T-6  record.time-order          phone  Liu Yang   2025-11-07
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from svccheck.errors import ConfigError
from svccheck.plugins import load_plugins
from svccheck.report.waivers import apply_waivers, load_waivers

ALL = ["T-2", "T-3", "T-4", "T-5", "T-6"]
RULES = list(load_plugins(entry_points_enabled=False).rules)


@pytest.fixture
def waive(audit, tmp_path):
    """Run the audit with ``--waivers`` naming a file written from ``text``."""

    def call(text: str, *extra: str):
        (tmp_path / "waivers.yaml").write_text(textwrap.dedent(text).lstrip("\n"),
                                               encoding="utf-8")
        return audit("--waivers", "waivers.yaml", *extra)

    return call


def entry(match: str, expires: str = "2099-06-30") -> str:
    """One waiver: ``match`` lines, then the mandatory reason, owner and expiry."""
    return (f"waivers:\n  - {match.strip().replace(chr(10), chr(10) + '    ')}\n"
            f"    reason: accepted in the QA review\n    owner: QA lead\n"
            f"    expires: {expires}\n")


@pytest.mark.parametrize(
    ("match", "waived"),
    [
        ("rule: record.time-order", ["T-2", "T-6"]),
        ("family: record", ALL),
        ("rule: record.satisfaction-range\ntickets: [T-4]", ["T-4"]),
        ("family: record\ntickets: [T-2, T-5, T-9]", ["T-2", "T-5"]),
        ("family: record\nassignee: Liu Yang", ["T-3", "T-6"]),
        ("family: record\nassignee: [Liu Yang, Wang Lei]", ["T-3", "T-5", "T-6"]),
        ("family: record\nchannel: email", ["T-3", "T-5"]),
        ("rule: record.time-order\nchannel: [phone]", ["T-6"]),
        # the range is inclusive at both ends, in the standard's time zone
        ("family: record\ncreated: {from: 2025-11-04, to: 2025-11-05}", ["T-3", "T-4"]),
        ("family: record\ncreated: {from: 2025-11-06}", ["T-5", "T-6"]),
        ("family: record\ncreated: {to: 2025-11-03}", ["T-2"]),
        ("family: record\nassignee: Liu Yang\ncreated: {from: 2025-11-05}", ["T-6"]),
    ],
)
def test_a_waiver_narrows_by_rule_family_ticket_assignee_channel_and_dates(
        audit_findings, tmp_path, monkeypatch, match, waived):
    monkeypatch.chdir(tmp_path)
    Path("waivers.yaml").write_text(entry(match), encoding="utf-8")
    waivers = load_waivers(Path("waivers.yaml"), RULES)
    active, claimed, uses = apply_waivers(audit_findings, waivers, date(2025, 11, 30))
    assert sorted(claimed.get_column("ticket")) == waived
    assert sorted(active.get_column("ticket")) == sorted(set(ALL) - set(waived))
    assert (uses[0].status, uses[0].matched, uses[0].claimed) == (
        "active", len(waived), len(waived))


def test_waived_findings_are_listed_with_their_waiver_and_do_not_fail_the_gate(waive):
    text = "rule: record.time-order"
    run = waive(entry(text), "--format", "json")
    assert run.code == 0  # both errors are waived; the rest are below --fail-on
    first = run.report["waived"][0]
    assert (first["ticket"], first["rule"]) == ("T-2", "record.time-order")
    assert first["waiver"] == {"index": 1, "reason": "accepted in the QA review",
                               "owner": "QA lead", "expires": "2099-06-30"}

    table = waive(entry(text)).out
    assert "waived findings (2)" in table
    assert table.splitlines()[-1] == ("6 tickets, 3 findings (error 0, warning 2, info 1), "
                                      "2 waived — passed (--fail-on error) — "
                                      "4 rules judged, 0 partial, 1 not evaluated")


def test_an_expired_waiver_is_a_warning_and_its_findings_count_again(waive):
    expired = entry("rule: record.time-order", expires="2025-11-29")
    run = waive(expired, "--format", "json")
    assert run.code == 1
    assert run.report["summary"]["waived"] == 0
    assert sorted(v["ticket"] for v in run.report["violations"]) == ALL
    use = run.report["waivers"][0]
    assert (use["status"], use["matched"], use["claimed"]) == ("expired", 2, 0)
    assert run.report["warnings"] == [
        "waivers.yaml:2: waiver for record.time-order (owner QA lead) expired on 2025-11-29; "
        "the 2 finding(s) it matches count again"]
    assert "warning: waivers.yaml:2: waiver for record.time-order (owner QA lead) expired" \
        in waive(expired).out
    annotations = waive(expired, "--format", "github").out
    assert "::warning file=waivers.yaml,line=2,title=svccheck waiver expired::" in annotations

    # its last day still applies: the day of the run, in the standard's time zone
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    last_day = waive(entry("rule: record.time-order", expires=today), "--format", "json")
    assert last_day.code == 0 and last_day.report["summary"]["waived"] == 2
    assert last_day.report["warnings"] == []


def test_expiry_is_judged_by_the_day_of_the_run_not_by_as_of(waive):
    """Re-auditing an old export (--as-of long ago) does not revive a waiver that ran out."""
    yesterday = (datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1))
    run = waive(entry("rule: record.time-order", expires=yesterday.isoformat()),
                "--format", "json")  # the fixture audits as of 2025-11-30
    assert run.report["as_of"].startswith("2025-11-30")
    assert run.report["waivers"][0]["status"] == "expired"
    assert run.report["summary"]["waived"] == 0 and run.code == 1


def test_an_unused_waiver_is_reported(waive):
    run = waive(entry("rule: record.time-order\nassignee: Zhang Min"), "--format", "json")
    use = run.report["waivers"][0]
    assert (use["status"], use["matched"]) == ("unused", 0)
    assert run.report["summary"]["waived"] == 0
    text = waive(entry("rule: record.time-order\nassignee: Zhang Min")).out
    assert ("warning: waivers.yaml:2: waiver for record.time-order matches no finding (unused)"
            in text)


def test_a_waiver_shadowed_by_an_earlier_one_is_not_unused(waive):
    run = waive("""
        waivers:
          - family: record
            reason: migration week
            owner: QA lead
            expires: 2099-01-31
          - rule: record.time-order
            tickets: [T-2]
            reason: clock skew
            owner: QA lead
            expires: 2099-01-31
    """, "--format", "json")
    first, second = run.report["waivers"]
    assert (first["claimed"], second["claimed"]) == (5, 0)  # the first match claims it
    assert second["matched"] == 1 and second["status"] == "active"
    assert {w["waiver"]["index"] for w in run.report["waived"]} == {1}


VALID = """\
waivers:
  - rule: record.time-order
    reason: clock skew
    owner: QA lead
    expires: 2099-01-31
"""


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("  - rule: record.time-order\n    reason: x\n    expires: 2099-01-31\n",
         "waivers.yaml:6: waiver waivers[1]: 'owner' is a required property"),
        ("  - rule: record.time-order\n    reason: x\n    owner: QA\n    expires: 2099-01-31\n"
         "    assignees: [Liu Yang]\n",
         "waivers.yaml:6: waiver waivers[1]: unknown key(s) ('assignees' was unexpected)"),
        ("  - rule: record.time-ordr\n    reason: x\n    owner: QA\n    expires: 2099-01-31\n",
         "waivers.yaml:6: waiver for unknown rule 'record.time-ordr'; "
         "did you mean 'record.time-order'?"),
        ("  - family: recrod\n    reason: x\n    owner: QA\n    expires: 2099-01-31\n",
         "waivers.yaml:6: waiver for unknown family 'recrod'; did you mean 'record'?"),
        ("  - rule: record.time-order\n    family: record\n    reason: x\n    owner: QA\n"
         "    expires: 2099-01-31\n",
         "waivers.yaml:6: a waiver names exactly one of rule or family"),
        ("  - rule: record.time-order\n    reason: x\n    owner: QA\n    expires: '2026-02-30'\n",
         "waivers.yaml:9: waiver expires '2026-02-30' is not a date"),
        ("  - rule: record.time-order\n    reason: x\n    owner: QA\n    expires: 2099-01-31\n"
         "    created: {from: 2025-12-01, to: 2025-11-01}\n",
         "waivers.yaml:6: waiver created.from 2025-12-01 is after created.to 2025-11-01"),
        ("  - rule: record.time-order\n   reason: bad indent\n",
         "waivers.yaml:7: invalid YAML"),
    ],
)
def test_an_invalid_waiver_file_names_file_and_line(tmp_path, monkeypatch, second, message):
    monkeypatch.chdir(tmp_path)
    Path("waivers.yaml").write_text(VALID + second, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_waivers(Path("waivers.yaml"), RULES)
    assert str(error.value).startswith(message)


def test_the_cli_stops_on_an_invalid_or_missing_waiver_file_with_one_line(audit, tmp_path):
    (tmp_path / "waivers.yaml").write_text(VALID.replace("    owner: QA lead\n", ""),
                                           encoding="utf-8")
    run = audit("--waivers", "waivers.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err == ("svccheck: error: waivers.yaml:2: waiver waivers[0]: 'owner' is a "
                       "required property\n")
    run = audit("--waivers", "nowhere.yaml")
    assert (run.code, run.err) == (2, "svccheck: error: nowhere.yaml: waiver file not found\n")
