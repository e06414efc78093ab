"""The cn-baseline standard on a small realistic response-record export.

The export has the Chinese headers of seed 004's response-record template
plus the columns real exports add, saved as GB18030 the way Excel saves it.
Contacts are masked the way the template asks (138****2001, or the last four
digits only) and the free text holds no personal data, so the privacy rules
find nothing; there are no messages, so the rules that read them are "not
evaluated". Each row's comment says what it breaks (or "clean").
"""

from __future__ import annotations

AS_OF = "2025-11-30 18:00"

EXPORT = """\
工单编号,客户编号,联系方式（隐藏后四位）,渠道,诉求类型,问题描述（简述）,紧急程度,处理状态,受理时间,首次响应时间,负责人,负责人角色,预计完成时间,实际完成时间,处理结果（简述）,客户满意度（1-5分）,回访时间,备注
CB-01,C2001,138****2001,电话,咨询类,如何查询订单物流,一般,已解决,2025-11-03 10:00,2025-11-03 10:20,客服专员张敏,专员,2025-11-03 18:00,2025-11-03 11:00,已告知在订单详情查看物流,5,,
CB-02,C2002,2002,在线客服,问题反馈,APP无法登录,一般,已解决,2025-11-03 16:30,2025-11-04 10:00,客服专员刘洋,专员,2025-11-05 18:00,2025-11-04 15:00,清除缓存后登录成功,4,,
CB-03,C2003,139****2003,邮件,咨询类,发票如何开具,一般,已解决,2025-11-07 17:30,2025-11-10 10:30,客服专员王芳,专员,2025-11-10 18:00,2025-11-10 11:00,已发送开票指引,5,,
CB-04,C2004,137****2004,电话,问题反馈,支付后订单仍显示未付款,紧急,已解决,2025-11-04 09:00,2025-11-04 09:10,客服专员张敏,专员,2025-11-04 12:00,2025-11-04 14:30,核实支付成功并更新订单状态,4,,
CB-05,C2005,136****2005,在线客服,投诉类,客服承诺回电未兑现,一般,已解决,2025-11-05 10:00,2025-11-05 10:05,客服专员刘洋,专员,2025-11-06 18:00,2025-11-05 16:00,已回电致歉,4,2025-11-06 10:00,
CB-06,C2006,135****2006,电话,投诉类,商品质量差要求赔偿,一般,已解决,2025-11-05 11:00,2025-11-05 11:10,客服主管周婷,主管,2025-11-06 18:00,2025-11-05 15:00,协商部分退款,3,,已升级主管处理
CB-07,C2007,2007,门店,咨询类,会员积分如何兑换,一般,已关闭,2025-11-06 14:00,2025-11-06 14:05,客服专员孙丽,专员,2025-11-07 18:00,2025-11-06 15:00,已说明兑换规则,6,,
CB-08,C2008,158****2008,电话,问题反馈,退款申请提交后页面报错,一般,处理中,2025-11-06 15:00,2025-11-06 15:10,客服专员赵磊,专员,2025-11-10 18:00,2025-11-07 10:00,,-,,已转技术支持
CB-09,C2009,159****2009,在线客服,咨询类,优惠券为何无法使用,一般,已解决,2025-11-10 09:30,2025-11-10 09:40,,,2025-11-10 18:00,2025-11-10 10:00,已说明使用门槛,5,,
CB-10,C2010,186****2010,电话,问题反馈,收到的商品与描述不符,一般,已解决,2025-11-11 10:00,2025-11-11 10:15,客服专员陈静,专员,2025-11-13 18:00,2025-11-12 10:00,已安排换货,2,2025-11-16 10:00,客户不满意，需跟进回访
CB-11,C2011,187****2011,社交媒体,咨询类,海外地址是否支持配送,特急,已解决,2025-11-12 10:00,2025-11-12 10:30,客服专员王芳,专员,2025-11-12 18:00,2025-11-12 11:00,暂不支持海外配送,5,,
"""
# 2025-11-03 is a Monday; working hours Mon-Fri 09:00-18:00, Asia/Shanghai.
# CB-01 clean.
# CB-02 normal priority, received Mon 16:30, answered Tue 10:00: 1h30m + 1h = 2h30m of
#       working time, over 2 working hours (response.first-reply). And "APP无法登录" is
#       004 二.2's own example of 紧急, filed as 一般 (record.priority-signals, a warning).
# CB-03 received Fri 17:30, answered Mon 10:30: 30m + 1h30m = exactly 2 working hours;
#       a breach is *over* the target, so clean.
# CB-04 urgent, promised by 12:00 and resolved 14:30: 2h30m late (response.resolution-due).
#       Not response.urgent-resolution: 5h30m to resolve is over Z (4 calendar hours), but
#       within Z it had a first response (10 min) and a promised completion time -- the
#       timetable of 000 二.二 2, which resolution-due holds it to.
# CB-05 complaint kept by an agent, never escalated (escalation.complaint-owner).
# CB-06 complaint owned by a supervisor but never followed up: the 3-day window closed
#       on 11-08 (revisit.after-resolution, overdue at --as-of).
# CB-07 satisfaction 6 on a 1-5 scale (record.satisfaction-range).
# CB-08 处理中 (in progress) yet 实际完成时间 is set (record.status-consistency).
# CB-09 no 负责人 (record.required-fields, assignee).
# CB-10 unhappy customer (satisfaction 2, remark 需跟进回访) resolved 11-12, called back
#       on 11-16 10:00: the 3 days ended with 11-15, so 10 h late (revisit.after-resolution).
# CB-11 priority 特急 is not a known value (record.allowed-values); with no known
#       priority it has no first-reply target.
# KPIs: 10 tickets have a first-reply target and 9 met it: 90%, exactly the floor, so
# the overall group passes; every other group is under min_tickets (10) and skipped, so
# kpi.first-reply-attainment is partial.


def test_cn_baseline_standard(svccheck, write):
    path = write("response-record.csv", EXPORT, encoding="gb18030")
    run = svccheck("check", path, "--standard", "cn-baseline", "--format", "json",
                   "--as-of", AS_OF)
    assert run.code == 1, run.err
    found = sorted((f["ticket"], f["rule"], f["field"]) for f in run.findings())
    assert found == [
        ("CB-02", "record.priority-signals", "priority"),
        ("CB-02", "response.first-reply", "first_response_at"),
        ("CB-04", "response.resolution-due", "resolved_at"),
        ("CB-05", "escalation.complaint-owner", "assignee"),
        ("CB-06", "revisit.after-resolution", "followup_at"),
        ("CB-07", "record.satisfaction-range", "satisfaction"),
        ("CB-08", "record.status-consistency", "resolved_at"),
        ("CB-09", "record.required-fields", "assignee"),
        ("CB-10", "revisit.after-resolution", "followup_at"),
        ("CB-11", "record.allowed-values", "priority"),
    ]
    assert run.report["inputs"][0]["encoding"] == "gb18030"
    assert run.report["inputs"][0]["profile"] == "cn-response-record"

    messages = {(f["ticket"], f["rule"]): f["message"] for f in run.findings()}
    assert messages["CB-02", "response.first-reply"] == (
        "first response took 2h 30m of working time, over the 2h (working time, Asia/Shanghai) "
        "target for normal priority; due by 2025-11-04 09:30")
    assert messages["CB-04", "response.resolution-due"] == (
        "promised by 2025-11-04 12:00, resolved 2h 30m late")
    assert messages["CB-10", "revisit.after-resolution"].startswith(
        "follow-up 10h late (satisfaction ≤ 2: due by the end of 2025-11-15")
    assert "overdue at --as-of" in messages["CB-06", "revisit.after-resolution"]

    # Every finding cites the clause cn-baseline gives its rule.
    clauses = {f["rule"]: f["clause"] for f in run.findings()}
    assert clauses["escalation.complaint-owner"] == "004 二.3 (投诉类：上报客服主管)"
    assert clauses["response.first-reply"].startswith("000 一(一) 初步响应")
    assert all(f["clause"] for f in run.findings())

    status = {r["rule"]: r for r in run.report["summary"]["rules"]}
    kpi = status["kpi.first-reply-attainment"]
    assert (kpi["status"], kpi["checked"], kpi["unit"]) == ("partial", 1, "groups")
    # CB-04 gave a timetable; CB-11's 特急 may be urgent, so it is skipped, not passed
    urgent = status["response.urgent-resolution"]
    assert (urgent["status"], urgent["skipped"]) == (
        "partial", {"priority '特急' is not a known value": 1})
    assert status["response.progress-update"]["reason"] == "export has no messages/events"
    assert status["response.live-answer"]["status"] == "not_evaluated"
    for rule, row in status.items():  # the message rules, whichever cn-baseline enables
        if rule.startswith(("greeting.", "conduct.")):
            assert row["status"] == "not_evaluated", rule


def test_cn_baseline_in_chinese(svccheck, write):
    path = write("response-record.csv", EXPORT, encoding="gb18030")
    run = svccheck("check", path, "--standard", "cn-baseline", "--format", "json",
                   "--as-of", AS_OF, "--lang", "zh")
    messages = {(f["ticket"], f["rule"]): f["message"] for f in run.findings()}
    assert messages["CB-02", "response.first-reply"] == (
        "首次响应用时工作时间2小时30分，超过紧急程度 normal 的目标 2小时 (工作时间, Asia/Shanghai)，"
        "应于 2025-11-04 09:30 前响应")
    assert messages["CB-04", "response.resolution-due"] == (
        "晚于预计完成时间 2025-11-04 12:00 完成，超出 2小时30分")
