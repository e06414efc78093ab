"""The ecommerce standard on a small realistic shop export.

Returns and exchanges (退换货) are filed under 售后 (after-sales). Each row's
comment says what it breaks under ecommerce (or "clean"); the second test
shows what ecommerce adds to cn-baseline on the same export.
"""

from __future__ import annotations

AS_OF = "2025-11-30 18:00"

SHOP = """\
工单编号,客户编号,联系方式（隐藏后四位）,渠道,诉求类型,问题描述（简述）,紧急程度,处理状态,受理时间,首次响应时间,负责人,负责人角色,预计完成时间,实际完成时间,处理结果（简述）,客户满意度（1-5分）,回访时间,备注
EC-01,C3001,138****3001,在线客服,售后,订单 202511030001 申请七天无理由退货,一般,已解决,2025-11-03 10:00,2025-11-03 10:30,售后专员郑洁,专员,2025-11-05 10:00,2025-11-04 16:00,退货审核通过，退款已原路退回,5,,
EC-02,C3002,3002,在线客服,售后,尺码不合适申请换货,一般,已解决,2025-11-08 20:00,2025-11-10 09:30,售后专员吴刚,专员,2025-11-10 18:00,2025-11-10 12:00,已办理换货，新商品已寄出,4,,
EC-03,C3003,139****3003,电话,售后,收到商品破损申请换货,一般,已解决,2025-11-04 10:00,2025-11-04 10:10,售后专员郑洁,专员,2025-11-07 18:00,2025-11-06 15:00,已补发新商品,4,,
EC-04,C3004,137****3004,在线客服,售后,申请退货退款,一般,处理中,2025-11-27 10:00,2025-11-27 10:05,售后专员吴刚,专员,2025-12-02 18:00,,,-,,等待仓库验货
EC-05,C3005,136****3005,在线客服,投诉类,退款迟迟未到账,一般,已解决,2025-11-05 10:00,2025-11-05 10:20,客服专员刘洋,专员,2025-11-06 18:00,2025-11-05 17:00,已加急退款并致歉,4,2025-11-07 10:00,
EC-06,C3006,135****3006,电话,投诉类,快递员态度恶劣,一般,已解决,2025-11-06 09:30,2025-11-06 09:40,客服主管周婷,主管,2025-11-07 18:00,2025-11-06 16:00,已向快递公司投诉并补偿优惠券,5,2025-11-08 11:00,已升级主管处理
EC-07,C3007,13812343007,电话,咨询类,发票如何开具,一般,已解决,2025-11-07 10:00,2025-11-07 10:05,客服专员王芳,专员,2025-11-07 18:00,2025-11-07 10:30,已发送开票指引,5,,
EC-08,C3008,158****3008,在线客服,咨询类,物流一直未更新，客户留言请回电13912343008,一般,已解决,2025-11-10 11:00,2025-11-10 11:10,客服专员孙丽,专员,2025-11-10 18:00,2025-11-10 14:00,已联系快递，包裹明日送达,5,,
EC-09,C3009,186****3009,电话,咨询类,会员积分如何兑换,一般,已解决,2025-11-11 14:00,2025-11-11 14:02,客服专员陈静,专员,2025-11-11 18:00,2025-11-11 14:30,已短信发送兑换指引至1861234****,5,,
"""
# EC-01 clean: return answered in 30 min, refunded after 30 h (48 h allowed); the order
#       number in the description is not personal data.
# EC-02 exchange asked Sat 20:00, answered Mon 09:30: 37h30m of calendar time, over the
#       24 h a return/exchange request gets (response.first-reply). cn-baseline's
#       2 working hours would pass it: only 30 working minutes elapsed. Received outside
#       working hours, it also missed the 12 calendar hours of Y
#       (response.first-reply-off-hours, a warning in both standards).
# EC-03 exchange received Tue 10:00, done Thu 15:00: 53 h, over 48 h
#       (response.resolution-time), although within the promised 11-07.
# EC-04 return still open at --as-of after 3d 8h: over 48 h (response.resolution-time);
#       the promised date (12-02) has not come, so response.resolution-due is quiet.
# EC-05 complaint kept by an agent (escalation.complaint-owner); followed up in time.
# EC-06 complaint owned by a supervisor and followed up after 2 days: clean.
# EC-07 contact is a whole mobile number (privacy.unmasked-contact).
# EC-08 the customer's mobile copied into the description (privacy.pii-in-text).
# EC-09 contact 186****3009 and 1861234**** in the resolution together give the whole
#       number (privacy.complementary-masks -- an error here, a warning in cn-baseline).
# No ticket is urgent, no resolved ticket missed its promise, and KPIs need 10 tickets
# in a group, so nothing else fires.


def test_ecommerce_standard(svccheck, write):
    path = write("shop.csv", SHOP, encoding="gb18030")
    run = svccheck("check", path, "--standard", "ecommerce", "--format", "json",
                   "--as-of", AS_OF)
    assert run.code == 1, run.err
    found = sorted((f["ticket"], f["rule"], f["severity"]) for f in run.findings())
    assert found == [
        ("EC-02", "response.first-reply", "error"),
        ("EC-02", "response.first-reply-off-hours", "warning"),
        ("EC-03", "response.resolution-time", "error"),
        ("EC-04", "response.resolution-time", "error"),
        ("EC-05", "escalation.complaint-owner", "error"),
        ("EC-07", "privacy.unmasked-contact", "error"),
        ("EC-08", "privacy.pii-in-text", "error"),
        ("EC-09", "privacy.complementary-masks", "error"),
    ]
    assert run.report["standards"] == [{"id": "cn-baseline", "version": "0.1"},
                                       {"id": "ecommerce", "version": "0.1"}]
    messages = {f["ticket"]: f["message"] for f in run.findings()
                if f["rule"] != "response.first-reply-off-hours"}
    assert messages["EC-02"] == (
        "first response took 1d 13h 30m, over the 24h (calendar time, Asia/Shanghai) target "
        "for category after_sales; due by 2025-11-09 20:00")
    assert messages["EC-03"] == ("after_sales ticket took 2d 5h to resolve, over the 48h "
                                 "(calendar time, Asia/Shanghai) target")
    assert messages["EC-04"].startswith("after_sales ticket still open after 3d 8h at --as-of")

    # Each finding cites the e-commerce handbook's section first.
    clauses = {f["rule"]: f["clause"] for f in run.findings()}
    assert clauses["response.first-reply"].startswith("003 电商 7.2 售后服务响应时间")
    assert clauses["response.resolution-time"].startswith("003 电商 7.1 退换货政策与流程")
    assert clauses["escalation.complaint-owner"].startswith("003 电商 3.2 客户投诉与处理")
    for rule in ("privacy.unmasked-contact", "privacy.pii-in-text",
                 "privacy.complementary-masks"):
        assert clauses[rule].startswith("003 电商 4.3 客户隐私保护"), rule

    # The numbers found are quoted masked, never whole, in the report.
    for number in ("13812343007", "13912343008", "18612343009"):
        assert number not in run.out
    evidence = {f["ticket"]: f["evidence"] for f in run.findings()}
    assert evidence["EC-07"] == "138****3007"


def test_ecommerce_adds_to_cn_baseline(svccheck, write):
    path = write("shop.csv", SHOP, encoding="gb18030")
    base = svccheck("check", path, "--standard", "cn-baseline", "--format", "json",
                    "--as-of", AS_OF)
    assert sorted((f["ticket"], f["rule"], f["severity"]) for f in base.findings()) == [
        ("EC-02", "response.first-reply-off-hours", "warning"),
        ("EC-05", "escalation.complaint-owner", "error"),
        ("EC-07", "privacy.unmasked-contact", "error"),
        ("EC-08", "privacy.pii-in-text", "error"),
        ("EC-09", "privacy.complementary-masks", "warning"),
    ]
    text = svccheck("check", path, "--standard", "ecommerce", "--as-of", AS_OF)
    assert text.code == 1
    assert "privacy.unmasked-contact" in text.out
    for number in ("13812343007", "13912343008", "18612343009"):
        assert number not in text.out + text.err
