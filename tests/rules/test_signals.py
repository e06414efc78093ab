"""record.priority-signals and record.category-signals on response records and chats."""

from __future__ import annotations

import json

AS_OF = "2025-11-30 18:00"


def _run(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF, "--select",
                   "record.priority-signals,record.category-signals", *extra)
    assert run.code in (0, 1), run.err
    return run


def _line(run, rule):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)


def test_impact_words_in_a_ticket_marked_normal_or_low(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,备注
        P1,C1,问题反馈,账号无法登录导致无法下单,一般,处理中,2025-11-03 10:00,客服专员A,
        P2,C2,问题反馈,账号无法登录导致无法下单,紧急,处理中,2025-11-03 10:00,客服专员A,
        P3,C3,问题反馈,不是无法登录，是登录后页面空白,低优先级,处理中,2025-11-03 10:00,客服专员A,
        P4,C4,问题反馈,多媒体文件打不开,一般,处理中,2025-11-03 10:00,客服专员A,
        P5,C5,问题反馈,订单号2023123156一直没发货,一般,处理中,2025-11-03 10:00,客服专员A,
        P6,C6,问题反馈,页面报错,低优先级,处理中,2025-11-03 10:00,客服专员A,客户称已拨打12315
        P7,C7,问题反馈,,一般,处理中,2025-11-03 10:00,客服专员A,
        P8,C8,问题反馈,所有用户都登录不了,特急,处理中,2025-11-03 10:00,客服专员A,
    """, encoding="gb18030")
    # P1 the 004 二.2 example itself, marked 一般; P2 marked 紧急; P3 negated; P4 媒体
    # inside 多媒体; P5 12315 inside an order number; P6 the remarks hold 12315; P7 has
    # no text to read; P8's priority 特急 is not a known value
    run = _run(svccheck, path)
    found = run.findings("record.priority-signals")
    assert [(f["ticket"], f["evidence"]) for f in found] == [
        ("P1", "无法登录, 无法下单"), ("P6", "12315")]
    assert found[0]["message"] == (
        "priority '一般' but the description holds impact words '无法登录, 无法下单' (004 二.2: "
        "what blocks core use or may cause public-opinion risk is urgent)")
    assert found[0]["severity"] == "warning" and found[0]["field"] == "priority"
    line = _line(run, "record.priority-signals")
    assert (line["checked"], line["skipped"]) == (
        5, {"no description, remarks or customer message": 1,
            "priority '特急' is not a known value": 1})
    zh = _run(svccheck, path, "--lang", "zh").findings("record.priority-signals")
    assert zh[1]["message"] == ("紧急程度为“低优先级”，但备注含影响范围词“12315”"
                                "（004 二.2：影响核心使用或可能引发舆情的为紧急）")


def test_complaint_words_outside_the_complaint_category(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,备注
        K1,C1,咨询类,客服电话打不通我要投诉,一般,处理中,2025-11-03 10:00,客服专员A,
        K2,C2,投诉类,客服电话打不通我要投诉,一般,处理中,2025-11-03 10:00,客服主管B,
        K3,C3,咨询类,希望增加多语言支持,一般,处理中,2025-11-03 10:00,客服专员A,投诉建议
        K4,C4,售后,退货进度查询,一般,处理中,2025-11-03 10:00,客服专员A,客户表示问题解决了不投诉了
        K5,C5,售后,耳机没声音,一般,处理中,2025-11-03 10:00,客服专员A,客户称要给差评
    """)
    # K1 a complaint filed as a consultation; K2 filed right; K3 投诉建议 is the category's
    # name; K4 withdrawn (不投诉了); K5 a threatened bad review in the remarks
    run = _run(svccheck, path)
    assert [(f["ticket"], f["evidence"]) for f in run.findings("record.category-signals")] == [
        ("K1", "投诉"), ("K5", "差评")]
    assert _line(run, "record.category-signals")["checked"] == 4


def test_customer_messages_count_and_agent_messages_do_not(svccheck, write):
    base = {"customer_id": "C", "category": "consultation", "description": "物流查询",
            "priority": "normal", "status": "in_progress", "created_at": "2025-11-03 10:00"}
    msg = {"at": "2025-11-03 10:05", "kind": "message", "public": True}
    tickets = [
        {**base, "id": "M1", "events": [{**msg, "role": "customer",
                                         "text": "All users in our office can't log in!"}]},
        {**base, "id": "M2", "events": [{**msg, "role": "agent",
                                         "text": "如您不满意，可以通过投诉建议渠道反馈或拨打12315"}]},
        {**base, "id": "M3", "events": [{**msg, "role": "customer",
                                         "text": "I want to file a complaint."}]},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    run = _run(svccheck, path)
    assert [(f["ticket"], f["message"].split(" but ")[1].split(" holds")[0])
            for f in run.findings("record.priority-signals")] == [("M1", "a customer message")]
    assert run.tickets("record.category-signals") == ["M3"]
