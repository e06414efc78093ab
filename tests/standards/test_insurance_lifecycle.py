"""The insurance-lifecycle standard on a small agent's book of policies.

``policies.csv`` is an insurer's policy export and ``activities.csv`` the
agent's service log, both with the cn-insurance-policy profile's Chinese
headers (the log saved by Excel in GB18030). The comment beside each row
says what it breaks under the standard (or "clean"). The audit runs as of
2025-11-30 18:00.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from svccheck.plugins import load_plugins
from svccheck.standards import load_standard, resolve_rules

AS_OF = "2025-11-30 18:00"

POLICIES = """\
保单号,客户编号,签单日期,出生日期,应缴日期,失效日期,营销员,备注
P2401,K1001,2024-01-31,1985-06-15,2025-01-31；2026-01-31,,王芳,
P2403,K1002,2024-03-15,1979-09-08,2025-03-15；2026-03-15,,李强,
P2406,K1003,2024-06-30,1990-12-25,2025-06-30,2025-08-29,王芳,续期保费未缴
P2409,K1001,2024-09-30,1985-06-15,2025-09-30；2026-09-30,,王芳,客户第二张保单
P2502,K1005,2025-02-30,1968-04-02,2026-02-28,,李强,签单日期录入有误
P2510,K1006,2025-10-20,1975-03-08,2026-10-20,,李强,新单
"""
# P2401 clean. Signed 01-31 of a leap year: visits due 02-29, 05-31, 08-31, 11-30; the
#       reminders for 2025-01-31 count from 2024-10-31; the 2026 premium is not due yet.
# P2403 4-month visit (due 2024-07-15) made 17 days late; only 2 reminders in the 3 months
#       before 2025-03-15 (one more came too early); deduction fed back 3 days after.
# P2406 lapsed 2025-08-29 (60 days after the unpaid premium): 效力中止确认书 signed
#       2025-10-05, due by 2025-09-29; the 2024 birthday greeting came a day late.
# P2409 the customer's second policy: no 7-month visit (due 2025-04-30), no deduction
#       feedback for 2025-09-30; the 2025 birthday greeting logged under P2401 counts.
# P2502 签单日期 2025-02-30 is no date (record.timestamp); nothing can be scheduled from it.
# P2510 signed 2025-10-20: its first visit is due 2025-11-20 ± 15 days, still open.
# kpi.persistency-13m: 4 policies are past their 13th month + grace, fewer than the 10 a
# rate needs, so no KPI finding.

ACTIVITIES = """\
保单号,日期,服务类型,渠道,服务人员,备注
P2401,2024-02-03,送合同,亲访,王芳,合同递送
P2401,2024-02-29 10:30,亲访,亲访,王芳,保单利益讲解
P2401,2024-05-31,亲访,亲访,王芳,保单体检
P2401,2024-06-15 09:00,生日祝福,短信,王芳,
P2401,2024-08-31,亲访,亲访,王芳,邀约客户活动
P2401,2024-11-30 15:00,续期提醒,亲访,王芳,上门提醒准备续期资金
P2401,2024-12-20,催缴短信,95567短信,王芳,
P2401,2025-01-20,续期提醒,电话,王芳,
P2401,2025-02-01,缴费反馈,电话,王芳,扣款成功
P2401,2025-06-15,生日短信,95567短信,王芳,
P2401,2025-11-10,续期提醒,短信,王芳,2026年续期
P2403,2024-04-30,亲访,亲访,李强,
P2403,2024-08-01,亲访,亲访,李强,
P2403,2024-09-08,生日祝福,微信,李强,
P2403,2024-10-15,亲访,亲访,李强,
P2403,2024-11-20,续期提醒,短信,李强,
P2403,2025-01-15,续期提醒,亲访,李强,
P2403,2025-03-01,续期提醒,短信,李强,
P2403,2025-03-18,缴费反馈,电话,李强,
P2403,2025-09-08,生日祝福,短信,李强,
P2406,2024-07-30,亲访,亲访,王芳,
P2406,2024-10-30,亲访,亲访,王芳,
P2406,2024-12-26,生日祝福,短信,王芳,
P2406,2025-01-30,亲访,亲访,王芳,
P2406,2025-04-30,续期提醒,亲访,王芳,
P2406,2025-05-20,续期提醒,短信,王芳,
P2406,2025-06-20,续期提醒,电话,王芳,
P2406,2025-07-01,缴费反馈,电话,王芳,扣款失败，告知补缴
P2406,2025-08-01,失效提醒,短信,王芳,
P2406,2025-10-05,效力中止确认书,亲访,王芳,
P2409,2024-10-30,亲访,亲访,王芳,
P2409,2025-01-30,亲访,亲访,王芳,
P2409,2025-07-30,续期提醒,亲访,王芳,
P2409,2025-08-30,续期提醒,短信,王芳,
P2409,2025-09-20,续期提醒,电话,王芳,
P2510,2025-10-21,送合同,亲访,李强,
"""

EXPECTED = [
    ("P2403", "revisit.payment-feedback", "error"),
    ("P2403", "revisit.policy-visits", "error"),
    ("P2403", "revisit.renewal-reminders", "error"),
    ("P2406", "greeting.birthday", "warning"),
    ("P2406", "revisit.lapse-notice", "error"),
    ("P2409", "revisit.payment-feedback", "error"),
    ("P2409", "revisit.policy-visits", "error"),
    ("P2502", "record.timestamp", "error"),
]


def _files(write) -> tuple[Path, Path]:
    return (write("policies.csv", POLICIES, encoding="utf-8-sig"),
            write("activities.csv", ACTIVITIES, encoding="gb18030"))


def test_insurance_lifecycle_standard(svccheck, write):
    policies, activities = _files(write)
    run = svccheck("check", "--standard", "insurance-lifecycle", policies,
                   "--events", activities, "--format", "json", "--as-of", AS_OF)
    assert run.code == 1, run.err
    found = sorted((f["ticket"], f["rule"], f["severity"]) for f in run.findings())
    assert found == EXPECTED
    assert [(i["profile"], i["encoding"]) for i in run.report["inputs"]] == [
        ("cn-insurance-policy", "utf-8-sig"), ("cn-insurance-policy", "gb18030")]
    assert all(f["clause"] and f["clause"].startswith(("003", "004")) for f in run.findings())

    by = {(f["ticket"], f["rule"]): f for f in run.findings()}
    assert by["P2403", "revisit.policy-visits"]["message"].endswith(
        "the nearest visit was 2024-08-01, 17 days after")
    assert by["P2403", "revisit.renewal-reminders"]["message"] == (
        "2 reminder(s) from 2024-12-15 to 2025-03-14 for the premium due 2025-03-15; at least "
        "3 in the 3 months before are required; 1 earlier reminder(s) before 2024-12-15 do "
        "not count")
    assert by["P2403", "revisit.payment-feedback"]["message"].endswith("2 day(s) late")
    assert by["P2406", "revisit.lapse-notice"]["message"] == (
        "suspension confirmation (效力中止确认书) signed on 2025-10-05, due within 1 month of "
        "the lapse on 2025-08-29 (by 2025-09-29): 6 day(s) late")
    assert by["P2406", "greeting.birthday"]["evidence"] == "2024"
    assert by["P2409", "revisit.policy-visits"]["evidence"] == "2025-04-30"
    assert by["P2409", "revisit.payment-feedback"]["message"].startswith(
        "no feedback on the deduction for the premium due 2025-09-30 by 2025-10-01")
    assert by["P2502", "record.timestamp"]["field"] == "signed_at"

    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["kpi.persistency-13m"]["evaluated"] is True
    assert rules["kpi.persistency-13m"]["violations"] == 0


def test_the_command_from_the_readme(write):
    """``svccheck check --standard insurance-lifecycle policies.csv --events activities.csv``."""
    policies, _ = _files(write)
    done = subprocess.run(
        [sys.executable, "-m", "svccheck", "check", "--standard", "insurance-lifecycle",
         "policies.csv", "--events", "activities.csv", "--as-of", AS_OF, "--lang", "zh"],
        cwd=policies.parent, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert "《保单效力中止确认书》于 2025-10-05 才签署" in done.stdout
    assert "8 条问题" in done.stdout


def test_every_rule_entry_cites_its_clause_and_says_which_defaults_are_ours():
    registry = load_plugins()
    standard = load_standard("insurance-lifecycle", registry.standard_dirs)
    active = {a.rule.id for a in resolve_rules(standard, registry.rules)}
    assert {"revisit.policy-visits", "revisit.renewal-reminders", "revisit.payment-feedback",
            "revisit.lapse-notice", "greeting.birthday", "kpi.persistency-13m"} <= active
    assert all(entry.clause for entry in standard.rules.values())
    # The seed gives no tolerance around a visit, no grace period and no group size.
    for rule_id in ("revisit.policy-visits", "kpi.persistency-13m"):
        assert (standard.rules[rule_id].note or "").startswith("default chosen"), rule_id
