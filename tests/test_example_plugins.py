"""The example plugins in plugins/, installed as users install them, seen from `svccheck check`.

CI pip-installs every package in plugins/ before the tests; here they must be
found through their entry points alone (no -p, no --plugins-dir), and their
findings must come out of a real run.
"""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest

EXAMPLES = {"bank": "svccheck-bank", "telecom": "svccheck-telecom"}


@pytest.fixture(scope="module", autouse=True)
def installed():
    found = {ep.name: ep.dist.name for ep in entry_points(group="svccheck") if ep.dist}
    missing = [f"{dist} (pip install ./plugins/{dist})" for name, dist in EXAMPLES.items()
               if found.get(name) != dist]
    if missing:
        pytest.fail("example plugins not installed: " + ", ".join(missing))


def test_plugins_lists_both_with_version_hooks_and_rules(svccheck):
    out = svccheck("plugins").out
    bank = next(line for line in out.splitlines() if line.startswith("bank "))
    assert bank.split()[1] == "0.1.0" and "entry point from svccheck-bank" in bank
    assert "svccheck_rules" in bank and "bank.no-secret-request" in bank
    telecom = out[out.index("\ntelecom "):]
    for part in ("svccheck_profiles", "svccheck_rules", "svccheck_standards",
                 "telecom.repeat-contact", "cn-telecom-hotline"):
        assert part in telecom


def test_bank_rule_finds_an_agent_asking_for_a_pin(svccheck, write):
    chats = [
        {"id": "B1", "customer_id": "C1", "category": "problem", "status": "open",
         "created_at": "2025-11-03 09:00", "messages": [
             {"role": "customer", "at": "2025-11-03 09:01", "text": "卡被吞了"},
             {"role": "agent", "at": "2025-11-03 09:02", "text": "请提供一下您的取款密码"}]},
        {"id": "B2", "customer_id": "C2", "category": "problem", "status": "open",
         "created_at": "2025-11-03 09:00", "messages": [
             {"role": "agent", "at": "2025-11-03 09:02", "text": "请勿向任何人提供密码"}]},
    ]
    path = write("chats.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in chats))
    run = svccheck("check", path, "--select", "bank.no-secret-request", "--format", "json",
                   "--as-of", "2025-11-30")
    assert run.code == 1, run.err
    assert [(f["ticket"], f["evidence"], f["clause"]) for f in run.findings()] == [
        ("B1", "取款密码", "003 4.3 客户隐私保护")]


HOTLINE = """
工单流水号,客户编号,受理渠道,业务类别,诉求内容,工单状态,受理时间,办结时间,处理工号
W1,C1,10000号,故障申告,宽带无法上网,已办结,2025-11-03 09:00,2025-11-03 10:00,8001
W2,C1,10000号,故障申告,宽带又断了,已办结,2025-11-06 14:00,2025-11-06 15:00,8002
W3,C2,营业厅,业务咨询,套餐咨询,已办结,2025-11-04 09:00,2025-11-04 09:20,8001
"""


def test_telecom_standard_and_profile_come_from_the_plugin(svccheck, write):
    path = write("hotline.csv", HOTLINE)
    run = svccheck("check", path, "--standard", "telecom-hotline", "--format", "json",
                   "--as-of", "2025-11-30")
    assert run.code in (0, 1), run.err
    assert run.report["inputs"][0]["profile"] == "cn-telecom-hotline"  # detected
    assert "telecom-hotline" in [s["id"] for s in run.report["standards"]]
    repeats = run.findings("telecom.repeat-contact")
    assert [(f["ticket"], f["evidence"], f["severity"]) for f in repeats] == [
        ("W2", "W1", "warning")]
    ran = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert "telecom.first-contact-resolution" in ran  # enabled; 3 contacts is no rate
    assert run.findings("telecom.first-contact-resolution") == []
