"""The insurance cadence seed 003 draws, each rule on both sides of its edge.

Exports use the cn-insurance-policy profile's Chinese headers; the comment
beside each row says what it shows. The audit runs "as of" 2025-11-30 18:00
(Asia/Shanghai) unless a test says otherwise.
"""

from __future__ import annotations

AS_OF = "2025-11-30 18:00"
ACTIVITIES = "保单号,日期,服务类型,渠道"


def _csv(write, name: str, header: str, rows: str):
    body = [header] + [r.split("  #", 1)[0].rstrip() for r in rows.strip().splitlines()]
    return write(name, "\n".join(body) + "\n")


def _run(svccheck, write, rule: str, header: str, policies: str, activities: str,
         *extra: str):
    run = svccheck("check", "--standard", "insurance-lifecycle",
                   _csv(write, "policies.csv", header, policies),
                   "--events", _csv(write, "activities.csv", ACTIVITIES, activities),
                   "--format", "json", "--as-of", AS_OF, "--select", rule, *extra)
    assert run.code in (0, 1), run.err
    assert run.report["inputs"][0]["profile"] == "cn-insurance-policy"
    return run


def _line(run, rule):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


# --- revisit.delivery-visit -----------------------------------------------------------

DELIVERY = "保单号,客户编号,签单日期,合同递送日期,应缴日期,失效日期,营销员"


def test_delivery_visit(svccheck, write):
    run = _run(svccheck, write, "revisit.delivery-visit", DELIVERY, """
        D1,K1,2025-03-03,2025-03-10,,,王芳  # visited on the delivery day
        D2,K2,2025-03-03,2025-03-10,,,王芳  # visited two days before and two days after
        D3,K3,2025-03-03,,,,王芳  # no delivery date: a visit by day 7 (03-10), here on it
        D4,K4,2025-03-03,,,,王芳  # no delivery date: the visit came on day 8
        D5,K5,2025-11-25,,,,王芳  # signed 11-25: day 7 (12-02) is still to come
        D6,K6,2025-03-03,下周,,,王芳  # 下周 is no date
    """, """
        D1,2025-03-10,送合同,亲访
        D2,2025-03-08,亲访,亲访
        D2,2025-03-12,亲访,亲访
        D3,2025-03-10 16:00,递送合同,亲访
        D4,2025-03-11,送合同,亲访
    """)
    found = run.findings("revisit.delivery-visit")
    assert [(f["ticket"], f["field"]) for f in found] == [("D2", "delivered_at"),
                                                          ("D4", "signed_at")]
    assert found[0]["message"] == ("no in-person visit on the contract-delivery day "
                                   "2025-03-10; the first visit was on 2025-03-12")
    assert found[1]["message"] == (
        "no in-person visit within 7 days of signing on 2025-03-03 (by 2025-03-10) to hand over "
        "the contract; the first visit was on 2025-03-11")
    assert found[0]["severity"] == "error"
    line = _line(run, "revisit.delivery-visit")
    assert (line["checked"], line["skipped"]) == (4, {"delivered_at unreadable": 1})


def test_a_policy_with_no_delivery_visit_and_none_for_thirteen_months(svccheck, write):
    # issue 23: today such a policy gives no finding. Signed 2023-10-05, visited at 1, 4,
    # 7 and 10 months, never on delivery and never again.
    policies = "V1,K1,2023-10-05,,,王芳"
    visits = """
        V1,2023-11-05,亲访,亲访
        V1,2024-02-05,亲访,亲访
        V1,2024-05-06,亲访,亲访
        V1,2024-08-05,亲访,亲访
    """
    header = "保单号,客户编号,签单日期,应缴日期,失效日期,营销员"  # no 合同递送日期 column
    run = _run(svccheck, write, "revisit.delivery-visit,revisit.half-yearly-visits", header,
               policies, visits)
    assert [(f["rule"], f["evidence"]) for f in run.findings()] == [
        ("revisit.delivery-visit", "2023-10-12"),
        ("revisit.half-yearly-visits", "2024-10-05"),
        ("revisit.half-yearly-visits", "2025-04-05"),
    ]
    halves = run.findings("revisit.half-yearly-visits")
    assert halves[0]["message"] == (
        "no in-person visit in months 13-18 after signing (2024-10-05 to 2025-04-04): one is "
        "due every half year")
    zh = _run(svccheck, write, "revisit.half-yearly-visits", header, policies, visits,
              "--lang", "zh").findings("revisit.half-yearly-visits")
    assert zh[1]["message"] == "签单后第19至24个月（2025-04-05 至 2025-10-04）没有亲访（半年1次亲访交流）"


def test_half_yearly_visits_stop_at_a_lapse(svccheck, write):
    run = _run(svccheck, write, "revisit.half-yearly-visits",
               "保单号,客户编号,签单日期,应缴日期,失效日期,营销员", """
        H1,K1,2023-10-05,,,王芳  # months 13-18 visited; 19-24 not
        H2,K2,2023-10-05,,2025-06-01,王芳  # lapsed 2025-06-01: 19-24 (to 10-04) not owed
        H3,K3,2025-01-10,,,王芳  # months 13-18 end 2026-07-09: nothing over yet
    """, """
        H1,2024-11-05,亲访,亲访
        H1,2025-09-30,续期提醒,电话
    """)
    assert [(f["ticket"], f["evidence"]) for f in run.findings("revisit.half-yearly-visits")] \
        == [("H1", "2025-04-05"), ("H2", "2024-10-05")]
    assert _line(run, "revisit.half-yearly-visits")["checked"] == 2


# --- revisit.cooling-off-callback -----------------------------------------------------


def test_cooling_off_callback(svccheck, write):
    run = _run(svccheck, write, "revisit.cooling-off-callback", DELIVERY, """
        C1,K1,2025-06-01,,,,王芳  # 新契约回访 on day 15
        C2,K2,2025-06-01,,,,王芳  # only a plain call: no callback
        C3,K3,2025-06-01,,,,王芳  # the callback on day 16
        C4,K4,2025-06-01,2025-06-10,,,王芳  # delivered 06-10: the period runs to 06-25
        C5,K5,2025-11-20,,,,王芳  # day 15 is 12-05: not over
    """, """
        C1,2025-06-16,新契约回访,95567
        C2,2025-06-05,电话,电话
        C3,2025-06-17,新契约回访,电话
        C4,2025-06-20,新契约回访,电话
    """)
    found = run.findings("revisit.cooling-off-callback")
    assert [f["ticket"] for f in found] == ["C2", "C3"]
    assert found[0]["message"] == (
        "no new-contract callback (新契约回访) within the 15-day cooling-off period from "
        "2025-06-01 (by 2025-06-16)")
    assert found[1]["message"].endswith("(by 2025-06-16): 1 day(s) late")
    assert _line(run, "revisit.cooling-off-callback")["checked"] == 4


# --- revisit.lapse-warning --------------------------------------------------------------

LAPSES = "保单号,客户编号,签单日期,应缴日期,失效日期,营销员"


def test_lapse_warning(svccheck, write):
    run = _run(svccheck, write, "revisit.lapse-warning", LAPSES, """
        L1,K1,2024-03-20,2025-03-20,2025-05-19,王芳  # warned 04-10
        L2,K2,2024-03-20,2025-03-20,2025-05-19,王芳  # only a renewal reminder, before the due date
        L3,K3,2024-03-20,2025-03-20,2025-05-19,王芳  # warned on the day of the lapse: too late
        L4,K4,2024-03-20,2026-03-20,2025-05-19,王芳  # no due date before the lapse
        L5,K5,2024-03-20,2025-03-20,某天,王芳  # 某天 is no date
        L6,K6,2024-03-20,2025-03-20,,王芳  # in force
    """, """
        L1,2025-04-10,失效提醒,短信
        L2,2025-03-01,续期提醒,短信
        L3,2025-05-19,失效提醒,电话
    """)
    found = run.findings("revisit.lapse-warning")
    assert [f["ticket"] for f in found] == ["L2", "L3"]
    assert found[0]["message"] == (
        "no lapse warning before the lapse on 2025-05-19: due from the unpaid premium of "
        "2025-03-20 to 2025-05-18")
    line = _line(run, "revisit.lapse-warning")
    assert (line["checked"], line["skipped"]) == (
        3, {"lapsed_at unreadable": 1, "no readable premium due date before the lapse": 1})
    zh = _run(svccheck, write, "revisit.lapse-warning", LAPSES, "L2,K2,2024-03-20,2025-03-20,"
              "2025-05-19,王芳", "L2,2025-03-01,续期提醒,短信", "--lang", "zh")
    assert zh.findings("revisit.lapse-warning")[0]["message"] == (
        "失效（2025-05-19）前没有失效提醒：应缴日期 2025-03-20 未缴后至 2025-05-18 应有失效提醒")


# --- the customer's rhythm ----------------------------------------------------------------

CUSTOMERS = "保单号,客户编号,签单日期,应缴日期,失效日期,营销员"


def test_monthly_news(svccheck, write):
    run = _run(svccheck, write, "revisit.monthly-news", CUSTOMERS, """
        N1,K1,2025-08-01,,,王芳  # owes August, September, October (November is not over)
        N2,K1,2025-09-15,,,王芳  # the same customer: October owed once, on N1
        N3,K3,2025-07-20,,2025-09-10,王芳  # lapsed 09-10: only August is owed
    """, """
        N1,2025-08-15,利好推送,短信
        N2,2025-09-03,每月利好,微信
        N3,2025-08-20,利好推送,短信
    """)
    found = run.findings("revisit.monthly-news")
    assert [(f["ticket"], f["evidence"]) for f in found] == [("N1", "2025-10")]
    assert found[0]["message"] == "no news push (利好推送) in 2025-10"
    assert found[0]["severity"] == "warning"
    assert _line(run, "revisit.monthly-news")["checked"] == 3


def test_quarterly_invitations(svccheck, write):
    run = _run(svccheck, write, "revisit.quarterly-invitations", CUSTOMERS, """
        Q1,K1,2025-01-01,,,王芳  # owes Q1-Q3; invited in Q1 and Q3 only
        Q2,K2,2025-02-15,,,王芳  # owes Q2 and Q3, invited in both
    """, """
        Q1,2025-02-10,活动邀约,电话
        Q1,2025-08-01,邀约活动,亲访
        Q2,2025-05-05,活动邀约,微信
        Q2,2025-07-07,活动邀约,微信
    """, "--lang", "zh")
    found = run.findings("revisit.quarterly-invitations")
    assert [(f["ticket"], f["message"], f["severity"]) for f in found] == [
        ("Q1", "2025年第2季度没有活动邀约", "info")]


def test_holiday_greetings(svccheck, write):
    run = _run(svccheck, write, "greeting.holidays", CUSTOMERS, """
        G1,K1,2025-04-01,,,王芳  # 清明, 劳动节, 端午, 国庆 greeted; 中秋 (10-06) not
        G2,K1,2025-05-01,,,王芳  # the same customer: nothing owed twice
        G3,K3,2025-09-01,,,王芳  # a birthday greeting on 10-01 is no holiday greeting
    """, """
        G1,2025-04-04,节日祝福,短信
        G1,2025-05-02,节日问候,短信
        G2,2025-05-31,节日祝福,微信
        G1,2025-10-03,节日祝福,短信
        G1,2025-10-05,节日祝福,短信
        G3,2025-10-01,生日祝福,短信
        G3,2025-10-06,节日祝福,短信
    """)
    found = run.findings("greeting.holidays")
    assert [(f["ticket"], f["message"]) for f in found] == [
        ("G1", "no greeting on Mid-Autumn Festival 2025 (2025-10-06 to 2025-10-06)"),
        ("G3", "no greeting on National Day 2025 (2025-10-01 to 2025-10-03)")]
    zh = _run(svccheck, write, "greeting.holidays", CUSTOMERS, "G3,K3,2025-09-01,,,王芳",
              "G3,2025-10-06,节日祝福,短信", "--lang", "zh").findings("greeting.holidays")
    assert [f["message"] for f in zh] == ["2025年国庆节当天没有节日问候"]


def test_a_lapse_warning_is_no_renewal_reminder(svccheck, write):
    # the profile reads 失效提醒 as a lapse warning: two renewal reminders are too few
    run = _run(svccheck, write, "revisit.renewal-reminders", LAPSES,
               "R1,K1,2024-03-20,2025-03-20,,王芳", """
        R1,2025-01-10,续期提醒,短信
        R1,2025-02-10,续期提醒,电话
        R1,2025-03-01,失效提醒,短信
    """)
    assert [f["evidence"] for f in run.findings("revisit.renewal-reminders")] == ["2/3"]
