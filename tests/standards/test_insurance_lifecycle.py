"""The insurance-lifecycle standard on a small agent's book of policies.

``policies.csv`` is an insurer's policy export and ``activities.csv`` the
agent's service log, both with the cn-insurance-policy profile's Chinese
headers (the log saved by Excel in GB18030). The comment beside each row
says what it breaks under the standard (or "clean"). The audit runs as of
2025-11-30 18:00.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import svccheck
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
#       reminders for 2025-01-31 count from 2024-10-31; the 2026 premium is not due yet;
#       contract delivered in person on 02-03 (within 7 days), visited again in months
#       13-18 (2025-04-20).
# P2403 no visit within 7 days of signing to hand over the contract; 4-month visit (due
#       2024-07-15) made 17 days late; only 2 reminders in the 3 months before
#       2025-03-15 (one more came too early); deduction fed back 3 days after; no visit
#       in months 13-18 (2025-03-15 to 2025-09-14).
# P2406 lapsed 2025-08-29 (60 days after the unpaid premium), warned on 08-01 (失效提醒):
#       效力中止确认书 signed 2025-10-05, due by 2025-09-29; the 2024 birthday greeting
#       came a day late.
# P2409 the customer's second policy: no new-contract callback (新契约回访) within the
#       15-day cooling-off period; no 7-month visit (due 2025-04-30), no deduction
#       feedback for 2025-09-30; the 2025 birthday greeting logged under P2401 counts.
# P2502 签单日期 2025-02-30 is no date (record.timestamp); nothing can be scheduled from it.
# P2510 signed 2025-10-20: its first visit is due 2025-11-20 ± 15 days, still open.
# No policy's log holds a 利好推送, 活动邀约 or 节日祝福: every month (revisit.monthly-news,
# a warning), quarter and holiday (revisit.quarterly-invitations, greeting.holidays,
# info) owed to a customer while a policy is in force is a finding -- counted in the
# test, not listed.
# kpi.persistency-13m: 4 policies are past their 13th month + grace, fewer than the 10 a
# rate needs, so no KPI finding.

ACTIVITIES = """\
保单号,日期,服务类型,渠道,服务人员,备注
P2401,2024-02-03,送合同,亲访,王芳,合同递送
P2401,2024-02-10,新契约回访,95567,王芳,
P2401,2024-02-29 10:30,亲访,亲访,王芳,保单利益讲解
P2401,2024-05-31,亲访,亲访,王芳,保单体检
P2401,2024-06-15 09:00,生日祝福,短信,王芳,
P2401,2024-08-31,亲访,亲访,王芳,邀约客户活动
P2401,2024-11-30 15:00,续期提醒,亲访,王芳,上门提醒准备续期资金
P2401,2024-12-20,催缴短信,95567短信,王芳,
P2401,2025-01-20,续期提醒,电话,王芳,
P2401,2025-02-01,缴费反馈,电话,王芳,扣款成功
P2401,2025-04-20,亲访,亲访,王芳,保单检视
P2401,2025-06-15,生日短信,95567短信,王芳,
P2401,2025-11-10,续期提醒,短信,王芳,2026年续期
P2403,2024-03-28,新契约回访,95567,李强,
P2403,2024-04-30,亲访,亲访,李强,
P2403,2024-08-01,亲访,亲访,李强,
P2403,2024-09-08,生日祝福,微信,李强,
P2403,2024-10-15,亲访,亲访,李强,
P2403,2024-11-20,续期提醒,短信,李强,
P2403,2025-01-15,续期提醒,亲访,李强,
P2403,2025-03-01,续期提醒,短信,李强,
P2403,2025-03-18,缴费反馈,电话,李强,
P2403,2025-09-08,生日祝福,短信,李强,
P2406,2024-07-03,送合同,亲访,王芳,
P2406,2024-07-10,新契约回访,95567,王芳,
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
P2409,2024-10-05,送合同,亲访,王芳,
P2409,2024-10-30,亲访,亲访,王芳,
P2409,2025-01-30,亲访,亲访,王芳,
P2409,2025-07-30,续期提醒,亲访,王芳,
P2409,2025-08-30,续期提醒,短信,王芳,
P2409,2025-09-20,续期提醒,电话,王芳,
P2510,2025-10-21,送合同,亲访,李强,
P2510,2025-10-30,新契约回访,95567,李强,
"""

EXPECTED = [
    ("P2403", "revisit.delivery-visit", "error"),
    ("P2403", "revisit.half-yearly-visits", "warning"),
    ("P2403", "revisit.payment-feedback", "error"),
    ("P2403", "revisit.policy-visits", "error"),
    ("P2403", "revisit.renewal-reminders", "error"),
    ("P2406", "greeting.birthday", "warning"),
    ("P2406", "revisit.lapse-notice", "error"),
    ("P2409", "revisit.cooling-off-callback", "error"),
    ("P2409", "revisit.payment-feedback", "error"),
    ("P2409", "revisit.policy-visits", "error"),
    ("P2502", "record.timestamp", "error"),
]
#: The customer's rhythm, counted: (rule, severity) -> findings. K1001 (P2401, P2409)
#: owes 2024-02..2025-10, K1002 (P2403) 2024-04..2025-10, K1003 (P2406) 2024-07 until
#: its lapse; P2510 (signed 2025-10-20) owes no whole month yet.
RHYTHM = {
    ("revisit.monthly-news", "warning"): 21 + 19 + 13,
    ("revisit.quarterly-invitations", "info"): 7 + 6 + 3,
    ("greeting.holidays", "info"): 12 + 11 + 9,
}


def _files(write) -> tuple[Path, Path]:
    return (write("policies.csv", POLICIES, encoding="utf-8-sig"),
            write("activities.csv", ACTIVITIES, encoding="gb18030"))


def test_insurance_lifecycle_standard(svccheck, write):
    policies, activities = _files(write)
    run = svccheck("check", "--standard", "insurance-lifecycle", policies,
                   "--events", activities, "--format", "json", "--as-of", AS_OF)
    assert run.code == 1, run.err
    found = sorted((f["ticket"], f["rule"], f["severity"]) for f in run.findings()
                   if (f["rule"], f["severity"]) not in RHYTHM)
    assert found == EXPECTED
    counted = {key: 0 for key in RHYTHM}
    for f in run.findings():
        if (f["rule"], f["severity"]) in RHYTHM:
            counted[f["rule"], f["severity"]] += 1
    assert counted == RHYTHM
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
    assert by["P2403", "revisit.delivery-visit"]["message"] == (
        "no in-person visit within 7 days of signing on 2024-03-15 (by 2024-03-22) to hand "
        "over the contract; the first visit was on 2024-04-30")
    assert by["P2409", "revisit.cooling-off-callback"]["message"] == (
        "no new-contract callback (新契约回访) within the 15-day cooling-off period from "
        "2024-09-30 (by 2024-10-15)")
    news = [f["message"] for f in run.findings("revisit.monthly-news")]
    assert "no news push (利好推送) in 2025-10" in news

    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["kpi.persistency-13m"]["evaluated"] is True
    assert rules["kpi.persistency-13m"]["violations"] == 0


def test_the_command_from_the_readme(write):
    """``svccheck check --standard insurance-lifecycle policies.csv --events activities.csv``."""
    policies, _ = _files(write)
    # the child runs the svccheck under test, wherever the working directory is
    here = str(Path(svccheck.__file__).resolve().parents[1])
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "svccheck", "check", "--standard", "insurance-lifecycle",
         "policies.csv", "--events", "activities.csv", "--as-of", AS_OF, "--lang", "zh",
         "--max-rows", "500"],
        cwd=policies.parent, capture_output=True, text=True, encoding="utf-8", check=False,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert "《保单效力中止确认书》于 2025-10-05 才签署" in done.stdout
    assert f"{len(EXPECTED) + sum(RHYTHM.values())} 条问题" in done.stdout


def test_every_rule_entry_cites_its_clause_and_says_which_defaults_are_ours():
    registry = load_plugins()
    standard = load_standard("insurance-lifecycle", registry.standard_dirs)
    active = {a.rule.id for a in resolve_rules(standard, registry.rules)}
    assert {"revisit.policy-visits", "revisit.renewal-reminders", "revisit.payment-feedback",
            "revisit.lapse-notice", "greeting.birthday", "kpi.persistency-13m",
            "revisit.delivery-visit", "revisit.cooling-off-callback", "revisit.lapse-warning",
            "revisit.half-yearly-visits", "revisit.monthly-news",
            "revisit.quarterly-invitations", "greeting.holidays"} <= active
    assert all(entry.clause for entry in standard.rules.values())
    # The seed gives no tolerance around a visit, no grace period and no group size.
    for rule_id in ("revisit.policy-visits", "kpi.persistency-13m", "revisit.delivery-visit",
                    "revisit.cooling-off-callback", "revisit.half-yearly-visits"):
        assert (standard.rules[rule_id].note or "").startswith("default chosen"), rule_id
