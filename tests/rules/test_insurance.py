"""The insurance-lifecycle rules (seed 003 保险标准化服务), each on both sides of its edge.

Exports use the cn-insurance-policy profile's Chinese headers; the comment
beside each row says what it shows. Unless a test says otherwise the audit
runs "as of" 2025-11-30 18:00 (Asia/Shanghai).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from svccheck.rules.insurance_dates import add_months

POLICIES = "保单号,客户编号,签单日期,出生日期,应缴日期,失效日期,营销员"
ACTIVITIES = "保单号,日期,服务类型,渠道"
AS_OF = "2025-11-30 18:00"


def _csv(write, name: str, header: str, rows: str):
    body = [header] + [r.split("  #", 1)[0].rstrip() for r in rows.strip().splitlines()]
    return write(name, "\n".join(body) + "\n")


def _findings(svccheck, write, rule: str, policies: str, activities: str | None,
              as_of: str = AS_OF, lang: str = "en"):
    args = ["check", "--standard", "insurance-lifecycle",
            _csv(write, "policies.csv", POLICIES, policies)]
    if activities is not None:
        args += ["--events", _csv(write, "activities.csv", ACTIVITIES, activities)]
    run = svccheck(*args, "--format", "json", "--as-of", as_of, "--select", rule,
                   "--lang", lang)
    assert run.code in (0, 1), run.err
    assert run.report["inputs"][0]["profile"] == "cn-insurance-policy"
    return run.findings(rule)


# --- calendar months ----------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    days = [date(2024, 1, 31), date(2023, 1, 31), date(2024, 2, 29), date(2025, 5, 31),
            date(2024, 3, 31)]
    out = pl.DataFrame({"d": days, "n": [1, 1, 12, -3, 11]}).select(
        plus1=add_months(pl.col("d"), 1),
        minus3=add_months(pl.col("d"), -3),
        plus12=add_months(pl.col("d"), 12),
        by_column=add_months(pl.col("d"), pl.col("n")),
    )
    assert out["plus1"].to_list() == [date(2024, 2, 29), date(2023, 2, 28), date(2024, 3, 29),
                                      date(2025, 6, 30), date(2024, 4, 30)]
    assert out["minus3"].to_list() == [date(2023, 10, 31), date(2022, 10, 31),
                                       date(2023, 11, 29), date(2025, 2, 28),
                                       date(2023, 12, 31)]
    assert out["plus12"].to_list() == [date(2025, 1, 31), date(2024, 1, 31), date(2025, 2, 28),
                                       date(2026, 5, 31), date(2025, 3, 31)]
    assert out["by_column"].to_list() == [date(2024, 2, 29), date(2023, 2, 28),
                                          date(2025, 2, 28), date(2025, 2, 28),
                                          date(2025, 2, 28)]


def test_add_months_counts_from_the_anchor_not_by_chaining() -> None:
    signed = pl.DataFrame({"d": [date(2024, 1, 31)]})
    out = signed.select(direct=add_months(pl.col("d"), 4),
                        chained=add_months(add_months(pl.col("d"), 1), 3))
    assert out.row(0) == (date(2024, 5, 31), date(2024, 5, 29))


# --- revisit.policy-visits ----------------------------------------------------

VISIT_POLICIES = """
A1,K1,2024-01-31,,,,王芳  # leap year: due 02-29, 05-31, 08-31, 11-30 -- all visited
A2,K2,2023-01-31,,,,王芳  # common year: 1-month visit due 02-28, visited 02-13 (window start)
A3,K3,2024-03-15,,,,李强  # 1-month visit on the window's last day; 4-month 17 d late; 7-month 16 d early
A4,K4,2025-10-20,,,,李强  # 1-month visit due 11-20, window open until 12-05: not due yet
A5,K5,2025-10-10,,,,李强  # 1-month window closed 11-25: only a phone call
A6,K6,2024-06-10,,,2024-12-01,李强  # lapsed: the 7- and 10-month visits are no longer owed
"""
VISITS = """
A1,2024-02-29,亲访,亲访
A1,2024-05-31,亲访,亲访
A1,2024-08-31,亲访,亲访
A1,2024-11-30,亲访,亲访
A2,2023-02-13,亲访,亲访
A2,2023-05-31,亲访,亲访
A2,2023-08-31,亲访,亲访
A2,2023-11-30,亲访,亲访
A3,2024-04-30,亲访,亲访  # 04-15 + 15 days: in time
A3,2024-08-01,亲访,亲访  # 07-15 + 17 days: late
A3,2024-09-29,上门拜访,上门  # 10-15 - 16 days: early
A3,2025-01-15,续期提醒,亲访  # a reminder delivered in person is that month's visit
A5,2025-11-12,电话,电话
A6,2024-07-10,亲访,亲访
A6,2024-10-10,亲访,亲访
"""


def test_policy_visits(svccheck, write):
    found = _findings(svccheck, write, "revisit.policy-visits", VISIT_POLICIES, VISITS)
    assert [(f["ticket"], f["evidence"]) for f in found] == [
        ("A3", "2024-07-15"), ("A3", "2024-10-15"), ("A5", "2025-11-10")]
    assert found[0]["message"] == (
        "no in-person visit within ±15 days of 2024-07-15 (4 months after signing on "
        "2024-03-15); the nearest visit was 2024-08-01, 17 days after")
    assert found[1]["message"].endswith("the nearest visit was 2024-09-29, 16 days before")
    assert found[2]["message"] == (
        "no in-person visit within ±15 days of 2025-11-10 (1 month after signing on "
        "2025-10-10)")
    assert found[0]["field"] == "signed_at"
    assert "保单全生命周期服务图" in found[0]["clause"]


@pytest.mark.parametrize(("as_of", "due"), [("2025-11-25 23:59", False),
                                            ("2025-11-26 00:00", True)])
def test_a_visit_window_still_open_at_as_of_is_not_a_finding(svccheck, write, as_of, due):
    found = _findings(svccheck, write, "revisit.policy-visits",
                      "A5,K5,2025-10-10,,,,李强  # 1-month visit due 11-10 ± 15 days",
                      "A5,2025-11-12,电话,电话", as_of=as_of)
    assert bool(found) is due


def test_policy_visit_message_in_chinese(svccheck, write):
    found = _findings(svccheck, write, "revisit.policy-visits", VISIT_POLICIES, VISITS,
                      lang="zh")
    assert found[0]["message"] == (
        "签单（2024-03-15）后4个月应在 2024-07-15 前后15天内亲访，未找到亲访记录；"
        "最近一次亲访在 2024-08-01（晚17天）")


# --- revisit.renewal-reminders ------------------------------------------------

REMINDER_POLICIES = """
R1,K1,2024-05-31,,2025-05-31；2026-05-31,,王芳  # window 02-28 (clamped) .. 05-30: three in it
R2,K2,2024-05-31,,2025-05-31,,王芳  # one a day too early, one on the due date: 2 count
R3,K3,2024-04-01,,2025-04-01,,王芳  # SMS and call on one day are one reminder: 2
R4,K4,2024-12-15,,2025-12-15,,李强  # due after as-of: not judged yet
R5,K5,2025-06-01,,2026-06-01；2026-02-30,,李强  # 2026-02-30 is no date
"""
REMINDERS = """
R1,2025-02-28,续期提醒,短信  # exactly 3 months before (05-31 -> 02-28)
R1,2025-04-01,催缴短信,短信
R1,2025-05-30,缴费提醒,电话  # the day before
R2,2025-02-27,续期提醒,短信  # before the window
R2,2025-04-01,续期提醒,短信
R2,2025-05-30,续期提醒,电话
R2,2025-05-31,续期提醒,电话  # on the due date: not "before"
R3,2025-03-01,续期提醒,短信
R3,2025-03-01,催缴,电话
R3,2025-03-20,续期提醒,微信
R4,2025-11-01,续期提醒,短信
"""


def test_renewal_reminders(svccheck, write):
    found = _findings(svccheck, write, "revisit.renewal-reminders", REMINDER_POLICIES,
                      REMINDERS)
    assert [(f["ticket"], f["evidence"]) for f in found] == [
        ("R2", "2/3"), ("R3", "2/3"), ("R5", "2026-02-30")]
    assert found[0]["message"] == (
        "2 reminder(s) from 2025-02-28 to 2025-05-30 for the premium due 2025-05-31; at least "
        "3 in the 3 months before are required; 1 earlier reminder(s) before 2025-02-28 do "
        "not count")
    assert found[1]["message"].startswith("2 reminder(s) from 2025-01-01 to 2025-03-31 ")
    assert found[2]["message"] == (
        "premium due date '2026-02-30' is not a readable date: its reminders cannot be checked")


@pytest.mark.parametrize(("as_of", "due"), [("2025-12-14 23:59", False),
                                            ("2025-12-15 00:00", True)])
def test_reminders_are_judged_once_the_due_date_has_come(svccheck, write, as_of, due):
    found = _findings(svccheck, write, "revisit.renewal-reminders",
                      "R4,K4,2024-12-15,,2025-12-15,,李强  # one reminder so far",
                      "R4,2025-11-01,续期提醒,短信", as_of=as_of)
    assert bool(found) is due


# --- revisit.payment-feedback -------------------------------------------------

FEEDBACK_POLICIES = """
F1,K1,2024-03-31,,2025-03-31,,王芳  # fed back 04-01, the next day
F2,K2,2024-03-31,,2025-03-31,,王芳  # fed back on the due date itself
F3,K3,2024-03-31,,2025-03-31,,王芳  # fed back 04-03: 2 days late
F4,K4,2024-03-31,,2025-03-31,,王芳  # only a reminder after the due date
F5,K5,2024-11-29,,2025-11-29,,李强  # due 11-29: the next day is as-of, still open
"""
FEEDBACK = """
F1,2025-04-01,缴费反馈,电话
F2,2025-03-31,扣款反馈,短信
F3,2025-04-03,缴费反馈,电话
F4,2025-04-01,续期提醒,短信
"""


def test_payment_feedback(svccheck, write):
    found = _findings(svccheck, write, "revisit.payment-feedback", FEEDBACK_POLICIES,
                      FEEDBACK)
    assert [f["ticket"] for f in found] == ["F3", "F4"]
    assert found[0]["message"] == (
        "deduction result for the premium due 2025-03-31 fed back on 2025-04-03, due by "
        "2025-04-01 (the day after the due date): 2 day(s) late")
    assert found[1]["message"] == (
        "no feedback on the deduction for the premium due 2025-03-31 by 2025-04-01 (the day "
        "after the due date)")


def test_payment_feedback_is_owed_once_the_next_day_is_over(svccheck, write):
    policy = "F5,K5,2024-11-29,,2025-11-29,,李强"
    assert _findings(svccheck, write, "revisit.payment-feedback", policy,
                     "F5,2025-11-01,续期提醒,短信", as_of="2025-11-30 23:59") == []
    late = _findings(svccheck, write, "revisit.payment-feedback", policy,
                     "F5,2025-11-01,续期提醒,短信", as_of="2025-12-01 00:00")
    assert [f["ticket"] for f in late] == ["F5"]


def test_activities_after_as_of_are_not_seen(svccheck, write):
    """Auditing "as of" a past day gives the answer that day gave."""
    policy = "F3,K3,2024-03-31,,2025-03-31,,王芳  # fed back 04-03, 2 days late"
    then = _findings(svccheck, write, "revisit.payment-feedback", policy,
                     "F3,2025-04-03,缴费反馈,电话", as_of="2025-04-02 12:00")
    assert then[0]["message"].startswith("no feedback on the deduction")
    now = _findings(svccheck, write, "revisit.payment-feedback", policy,
                    "F3,2025-04-03,缴费反馈,电话")
    assert now[0]["message"].endswith("2 day(s) late")


# --- revisit.lapse-notice -----------------------------------------------------

LAPSED = """
L1,K1,2023-11-30,,,2025-01-31,王芳  # common year: due by 02-28, signed 02-28
L2,K2,2023-11-30,,,2025-01-31,王芳  # signed 03-01: 1 day late
L3,K3,2022-11-30,,,2024-01-31,王芳  # leap year: due by 02-29, signed 02-29
L4,K4,2024-01-10,,,2025-03-10,李强  # signed before the lapse: does not count
L5,K5,2024-09-15,,,2025-11-15,李强  # lapsed 11-15: due by 12-15, not yet
L6,K6,2024-09-15,,,,李强  # in force: nothing owed
"""
NOTICES = """
L1,2025-02-28,效力中止确认,亲访
L2,2025-03-01,签署效力中止确认书,亲访
L3,2024-02-29,效力中止确认书,亲访
L4,2025-03-01,效力中止确认,亲访
"""


def test_lapse_notice(svccheck, write):
    found = _findings(svccheck, write, "revisit.lapse-notice", LAPSED, NOTICES)
    assert [f["ticket"] for f in found] == ["L2", "L4"]
    assert found[0]["message"] == (
        "suspension confirmation (效力中止确认书) signed on 2025-03-01, due within 1 month of "
        "the lapse on 2025-01-31 (by 2025-02-28): 1 day(s) late")
    assert found[1]["message"] == (
        "no suspension confirmation (效力中止确认书) within 1 month of the lapse on 2025-03-10 "
        "(due by 2025-04-10)")
    zh = _findings(svccheck, write, "revisit.lapse-notice", LAPSED, NOTICES, lang="zh")
    assert zh[1]["message"] == "失效（2025-03-10）后1个月内（截至 2025-04-10）未签署《保单效力中止确认书》"


def test_lapse_notice_due_on_the_clamped_month_end(svccheck, write):
    policy = "L7,K7,2024-09-15,,,2025-01-31,王芳  # due by 02-28"
    assert _findings(svccheck, write, "revisit.lapse-notice", policy,
                     "L7,2025-01-02,电话,电话", as_of="2025-02-28 23:59") == []
    assert len(_findings(svccheck, write, "revisit.lapse-notice", policy,
                         "L7,2025-01-02,电话,电话", as_of="2025-03-01 00:00")) == 1


# --- greeting.birthday --------------------------------------------------------

BIRTHDAYS = """
B1,K1,2024-01-10,1984-02-29,,,王芳  # greeted 2024-02-29 and, in a common year, 2025-02-28
B2,K2,2024-05-01,1990-06-15,,,王芳  # 2025 greeting a day late
B3,K1,2024-09-01,1984-02-29,,,王芳  # same customer as B1: B1's greeting counts
B4,K4,2025-01-01,1970-11-30,,,李强  # birthday on the as-of day: not over yet
B5,K5,2025-07-01,1988-03-05,,,李强  # signed after this year's birthday: none owed yet
"""
GREETINGS = """
B1,2024-02-29,生日祝福,短信
B1,2025-02-28,生日短信,短信
B2,2024-06-15,生日祝福,亲访
B2,2025-06-16,生日祝福,短信
"""


def test_birthday_greeting(svccheck, write):
    found = _findings(svccheck, write, "greeting.birthday", BIRTHDAYS, GREETINGS)
    assert [(f["ticket"], f["evidence"]) for f in found] == [("B2", "2025")]
    assert found[0]["message"] == "no greeting on the customer's birthday in 2025"
    assert found[0]["severity"] == "warning"
    text = str(found)
    assert "1990" not in text and "06-15" not in text, "never print a date of birth"
    zh = _findings(svccheck, write, "greeting.birthday", BIRTHDAYS, GREETINGS, lang="zh")
    assert zh[0]["message"] == "客户 2025 年生日当天没有生日祝福"


def test_birthday_is_judged_once_the_day_is_over(svccheck, write):
    policy = "B4,K4,2025-01-01,1970-11-30,,,李强"
    assert _findings(svccheck, write, "greeting.birthday", policy, "B4,2025-11-01,电话,电话",
                     as_of="2025-11-30 23:59") == []
    assert len(_findings(svccheck, write, "greeting.birthday", policy,
                         "B4,2025-11-01,电话,电话", as_of="2025-12-01 00:00")) == 1


# --- kpi.persistency-13m ------------------------------------------------------


def _book(agent: str, count: int, lapsed: dict[int, str], signed: str = "2024-03-01",
          start: int = 0) -> str:
    """``count`` policies of one agent; ``lapsed`` maps a policy's index to its lapse date."""
    return "\n".join(f"K{agent}{i:02d},C{start + i},{signed},,,{lapsed.get(i, '')},{agent}"
                     for i in range(count))


# Signed 2024-03-01: the 13th month starts 2025-03-01, the grace period ends 2025-04-30.
# A lapse on that day is a lapse; one a day later is after the 13th month.
AT_THE_DAY = {0: "2024-09-01", 1: "2025-04-30", 2: "2025-04-30", 3: "2025-05-01",
              4: "2025-05-01"}


def test_persistency_exactly_at_the_floor_passes(svccheck, write):
    rows = "\n".join([
        _book("王芳", 25, AT_THE_DAY),  # 3 lapsed by 2025-04-30: 22/25 = 88%
        _book("新人", 10, {i: "2025-09-01" for i in range(10)}, signed="2025-01-01"),
    ])  # signed 2025-01: judged only after 2026-03-02, so not yet
    assert _findings(svccheck, write, "kpi.persistency-13m", rows, None) == []


def test_persistency_below_the_floor(svccheck, write):
    rows = _book("王芳", 25, {**AT_THE_DAY, 5: "2024-12-01"})  # 21/25 = 84%
    found = _findings(svccheck, write, "kpi.persistency-13m", rows, None)
    assert [(f["ticket"], f["evidence"]) for f in found] == [(None, "21/25"), (None, "21/25")]
    assert found[0]["message"] == (
        "13-month persistency (overall) is 84.0%: 21 of 25 policies signed 2024-03 still in "
        "force, below the 88% floor")
    assert found[1]["message"].startswith("13-month persistency (assignee 王芳) is 84.0%")
    zh = _findings(svccheck, write, "kpi.persistency-13m", rows, None, lang="zh")
    assert zh[0]["message"] == (
        "13个月继续率（整体）为 84.0%：签单于 2024-03 的 25 张保单中 21 张继续有效，低于下限 88%")
    # the agent's figure is about the agent: the seed's 营销员, and the finding's assignee
    assert zh[1]["message"].startswith("13个月继续率（营销员 王芳）为 84.0%")
    assert [f["assignee"] for f in found] == [None, "王芳"]


def test_persistency_needs_ten_judged_policies_per_group(svccheck, write):
    rows = "\n".join([
        _book("王芳", 10, {0: "2024-12-01", 1: "2024-12-01"}),  # 80%, judged
        _book("李强", 9, {0: "2024-12-01"}, start=10),  # 8/9 = 88.9%, too few to judge
    ])  # overall 16/19 = 84.2%
    found = _findings(svccheck, write, "kpi.persistency-13m", rows, None)
    assert [f["evidence"] for f in found] == ["16/19", "8/10"]
    assert "王芳" in found[1]["message"]
