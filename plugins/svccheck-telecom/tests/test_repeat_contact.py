"""telecom.repeat-contact and telecom.first-contact-resolution on small hotline exports."""

from __future__ import annotations

from svccheck_telecom import DATA
from svccheck_telecom.repeat import first_contact_resolution, repeat_contact

PROFILE = DATA / "profiles" / "cn-telecom-hotline.yaml"

# C1 calls about a fault on Nov 3, again on Nov 8 (5 days: a repeat of W1),
# and again on Nov 20 (12 days after W2: a new contact). C2's second call is
# about billing, not the fault: a different category, no repeat. W6 is C3's
# call back exactly 7 days later: still within the window.
EXPORT = """
工单流水号,客户编号,受理渠道,业务类别,诉求内容,工单状态,受理时间,办结时间
W1,C1,10000号,故障申告,宽带无法上网,已办结,2025-11-03 09:00,2025-11-03 10:00
W2,C1,10000号,故障申告,宽带又断了,已办结,2025-11-08 14:00,2025-11-08 15:00
W3,C1,营业厅,故障申告,宽带掉线,已办结,2025-11-20 09:00,2025-11-20 11:00
W4,C2,10000号,故障申告,手机无信号,已办结,2025-11-03 09:00,2025-11-03 09:30
W5,C2,10000号,业务咨询,话费怎么查,已办结,2025-11-04 09:00,2025-11-04 09:05
W6,C3,短信,投诉,扣费不明,已办结,2025-11-10 09:00,2025-11-10 12:00
W7,C3,10000号,投诉,扣费还是不明,已办结,2025-11-17 09:00,2025-11-17 12:00
"""


def test_a_call_back_on_the_same_category_within_7_days_is_a_repeat(rule_runner):
    result = rule_runner.run(repeat_contact, EXPORT, profile=PROFILE)
    result.assert_findings([
        {"ticket": "W2", "field": "category", "evidence": "W1", "message": "after 125.0 h"},
        {"ticket": "W7", "evidence": "W6"},
    ])


def test_a_shorter_window_is_a_parameter(rule_runner):
    result = rule_runner.run(repeat_contact, EXPORT, profile=PROFILE,
                             params={"window_days": 3})
    result.assert_tickets([])


def test_tickets_in_any_row_order_give_the_same_repeats(rule_runner):
    header, *rows = EXPORT.strip().splitlines()
    shuffled = "\n".join([header, *reversed(rows)])
    result = rule_runner.run(repeat_contact, shuffled, profile=PROFILE)
    result.assert_tickets(["W2", "W7"])


def _calls(repeats: int, total: int = 20) -> str:
    """``total`` first calls on Nov 1, of which ``repeats`` are called back on Nov 3."""
    lines = ["工单流水号,客户编号,受理渠道,业务类别,工单状态,受理时间"]
    lines += [f"A{i},C{i},10000号,故障申告,已办结,2025-11-01 09:00" for i in range(total)]
    lines += [f"B{i},C{i},10000号,故障申告,已办结,2025-11-03 09:00" for i in range(repeats)]
    return "\n".join(lines)


def test_fcr_below_the_floor_is_one_finding_for_the_export(rule_runner):
    # 20 first calls, 5 repeated: the 5 repeats themselves are judged too
    # (their window passed by Nov 30), so FCR = 1 - 5/25 = 80%: at the floor.
    at_floor = rule_runner.run(first_contact_resolution, _calls(5), profile=PROFILE)
    at_floor.assert_tickets([])
    below = rule_runner.run(first_contact_resolution, _calls(6), profile=PROFILE)
    below.assert_findings([{"ticket": None, "evidence": "76.9%",
                            "message": "first-contact resolution is 76.9% over 26 contacts"}])


def test_contacts_whose_window_is_still_open_are_not_judged_yet(rule_runner):
    # On Nov 5 the first calls' windows are open; only the 6 repeated ones count
    # (all repeated), and 6 contacts are below min_tickets: no rate yet.
    result = rule_runner.run(first_contact_resolution, _calls(6), profile=PROFILE,
                             as_of="2025-11-05 09:00")
    result.assert_tickets([])
    judged = rule_runner.run(first_contact_resolution, _calls(6), profile=PROFILE,
                             as_of="2025-11-05 09:00", params={"min_tickets": 6})
    judged.assert_findings([{"evidence": "0.0%"}])


def test_the_kpi_message_in_chinese(rule_runner):
    result = rule_runner.run(first_contact_resolution, _calls(10), profile=PROFILE, lang="zh")
    assert result.findings[0]["message"] == "一次解决率为 66.7%（30 次来电），低于下限 80%"


def test_a_ticket_without_a_customer_is_skipped_and_a_small_export_is_no_rate(rule_runner):
    missing = EXPORT.replace("W5,C2,", "W5,,")
    result = rule_runner.run(repeat_contact, missing, profile=PROFILE)
    assert (result.status, result.checked, result.skipped) == (
        "failed", 6, {"customer_id missing": 1})
    rate = rule_runner.run(first_contact_resolution, EXPORT, profile=PROFILE)
    assert rate.status == "not_evaluated"  # 7 contacts, fewer than the 20 a rate needs
    assert rate.skipped == {"fewer than 20 contacts to judge": 1}
