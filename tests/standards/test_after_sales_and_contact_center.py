"""The after-sales and contact-center standards on small realistic exports.

Each row's comment says what it breaks under that standard (or "clean").
"""

from __future__ import annotations

AS_OF = "2025-11-30 18:00"

AFTER_SALES = """\
工单编号,客户编号,联系方式（隐藏后四位）,渠道,诉求类型,问题描述（简述）,紧急程度,处理状态,受理时间,首次响应时间,负责人,负责人角色,预计完成时间,实际完成时间,处理结果（简述）,客户满意度（1-5分）,回访时间,备注
AS-01,C1001,138****1001,电话,售后,洗衣机漏水申请维修,一般,已解决,2025-11-03 10:00,2025-11-03 10:20,客服专员张敏,专员,2025-11-07 18:00,2025-11-05 15:00,上门更换密封圈,5,2025-11-10 10:00,
AS-02,C1002,139****1002,在线客服,售后,耳机单边无声申请换货,一般,已解决,2025-11-03 10:00,2025-11-04 11:00,客服专员刘洋,专员,2025-11-10 18:00,2025-11-06 12:00,已换新,4,2025-11-14 09:00,
AS-03,C1003,137****1003,邮件,售后,发票抬头错误,低优先级,已关闭,2025-11-04 09:00,2025-11-04 09:30,客服专员王芳,专员,2025-11-06 18:00,2025-11-05 10:00,已重开发票,-,2025-11-06 10:00,
AS-04,C1004,136****1004,电话,咨询类,保修期多久,一般,已解决,2025-11-05 14:00,2025-11-05 14:10,客服专员张敏,专员,2025-11-05 18:00,2025-11-05 14:20,一年保修,5,,
"""
# AS-01 clean: acknowledged in 20 min, follow-up after 5 days (window 7).
# AS-02 first reply after 25 h: over the after-sales 24 calendar hours and, first, over
#       normal priority's 2 working hours (due Mon 12:00), which still apply; follow-up
#       8 days after.
# AS-03 closed without a satisfaction rating (record.satisfaction-present, warning); its
#       follow-up of 11-06 records no verdict either: no rating, empty 备注
#       (revisit.content, warning).
# AS-04 consultation: no follow-up needed, clean.


def test_after_sales_standard(svccheck, write):
    path = write("after-sales.csv", AFTER_SALES, encoding="gb18030")
    run = svccheck("check", path, "--standard", "after-sales", "--format", "json",
                   "--as-of", AS_OF)
    found = sorted((f["ticket"], f["rule"]) for f in run.findings())
    assert found == [
        ("AS-02", "response.first-reply"),
        ("AS-02", "revisit.after-resolution"),
        ("AS-03", "record.satisfaction-present"),
        ("AS-03", "revisit.content"),
    ]
    assert run.report["standards"] == [{"id": "cn-baseline", "version": "0.1"},
                                       {"id": "after-sales", "version": "0.1"}]
    first = run.findings("response.first-reply")[0]
    assert first["message"] == (
        "first response took 10h of working time, over the 2h (working time, Asia/Shanghai) "
        "target for normal priority; due by 2025-11-03 12:00")
    assert "001 4.1" in first["clause"]


CALLS = """\
id,customer_id,contact,category,description,priority,status,created_at,first_response_at,assignee,assignee_role,channel,offered_at,answered_at,resolved_at,resolution,satisfaction
L01,C1,138****0001,consultation,物流查询,normal,resolved,2025-11-03 10:00:00,2025-11-03 10:00:08,amy,agent,chat,2025-11-03 10:00:00,2025-11-03 10:00:08,2025-11-03 10:05:00,已告知,5
L02,C2,138****0002,consultation,物流查询,normal,resolved,2025-11-03 10:00:00,2025-11-03 10:00:12,amy,agent,chat,2025-11-03 10:00:00,2025-11-03 10:00:12,2025-11-03 10:05:00,已告知,5
L03,C3,138****0003,consultation,保修咨询,normal,resolved,2025-11-03 11:00:00,2025-11-03 11:00:15,bob,agent,phone,2025-11-03 11:00:00,2025-11-03 11:00:15,2025-11-03 11:06:00,已解答,4
L04,C4,138****0004,consultation,保修咨询,normal,resolved,2025-11-03 11:00:00,2025-11-03 11:00:20,bob,agent,phone,2025-11-03 11:00:00,2025-11-03 11:00:20,2025-11-03 11:06:00,已解答,4
L05,C5,138****0005,consultation,转人工,normal,closed,2025-11-03 12:00:00,,bob,agent,phone,2025-11-03 12:00:00,,2025-11-03 12:01:00,客户挂断,
"""
# L01 chat in 8 s: clean.  L02 chat in 12 s (target 10).  L03 phone in 15 s: clean.
# L04 phone in 20 s (target 15).  L05 abandoned: 1 of 3 phone calls, 1 of 5 overall --
# fewer than min_tickets (10) in every group, so no KPI is judged.


def test_contact_center_standard(svccheck, write):
    path = write("calls.csv", CALLS)
    run = svccheck("check", path, "--standard", "contact-center", "--format", "json",
                   "--as-of", AS_OF)
    found = sorted((f["ticket"], f["rule"], f["severity"]) for f in run.findings())
    assert found == [("L02", "response.live-answer", "error"),
                     ("L04", "response.live-answer", "error")]
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["kpi.abandonment-rate"]["evaluated"] is True
