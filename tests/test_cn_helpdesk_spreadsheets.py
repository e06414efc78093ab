"""Chinese helpdesks' spreadsheet exports, read by the response-record profile.

Sobot-style workbooks (工单编号, 工单标题, 工单分类名称 "投诉/服务投诉/…",
受理人名称 "姓名（备注）", real Excel date cells beside text ones, 满意度 in words)
and Udesk-style GB18030 CSV files (工单ID, 标题, 内容, 开启/解决中, 标准, 即时聊天,
``2025/10/8 9:05``) are recognised without ``--profile`` and mapped with no
value left unknown; the comments beside the rows say what the audit finds.
"""

from __future__ import annotations

from datetime import datetime

import xlsxwriter

AS_OF = "2025-11-07 18:00"
ARGS = ("--format", "json", "--as-of", AS_OF)

SOBOT_HEADERS = [
    "工单编号", "工单标题", "问题描述", "工单状态", "工单优先级", "工单分类名称", "发起人",
    "受理人名称", "受理组名称", "创建时间", "更新时间", "工单首次响应时间", "工单最近完结时间",
    "期望完成时间", "手机号码", "满意度", "工单来源", "工单最新回复内容",
]
SOBOT_ROWS = [
    # a complaint (first level 投诉) owned by an agent; answered in 20 min; phone masked
    ["1500877941", "快递丢件", "快递显示签收但没收到", "已完结", "高", "投诉/服务投诉/物流",
     "C-10021", "李晓（售后组）", "售后组", datetime(2025, 11, 4, 9, 0), "2025-11-05 10:00",
     datetime(2025, 11, 4, 9, 20), datetime(2025, 11, 5, 10, 0), "2025-11-06 18:00",
     "138****5678", "满意", "电话", "已补发，感谢您的耐心"],
    # urgent, first response after 50 minutes; the mobile number unmasked
    ["1500877942", "无法登录", "APP 一直提示密码错误", "受理中", "紧急", "咨询/账户/登录",
     "C-10022", "王敏", "在线组", datetime(2025, 11, 4, 10, 0), "2025-11-04 10:50",
     datetime(2025, 11, 4, 10, 50), None, "2025-11-04 18:00", "13812345678", None, "微信",
     "已重置密码"],
    # waiting on the customer; rated in words
    ["1500877943", "发票抬头", "发票抬头开错了", "等待回复", "中", "咨询/发票", "C-10023",
     "周宁（财务）", "财务组", datetime(2025, 11, 5, 14, 0), "2025-11-05 14:30",
     datetime(2025, 11, 5, 14, 30), None, "2025-11-10 18:00", "139****1234", "非常满意",
     "即时聊天", "请提供新的抬头"],
]


def test_sobot_style_workbook(svccheck, tmp_path):
    path = tmp_path / "工单导出.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("工单")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, SOBOT_HEADERS)
    for r, row in enumerate(SOBOT_ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, when)  # a real Excel date cell
            elif value is not None:
                sheet.write_string(r, c, value)
    book.close()
    run = svccheck("check", path, *ARGS)
    assert run.code == 1, run.err
    (item,) = run.report["inputs"]
    assert (item["profile"], item["unmapped_values"]) == ("cn-response-record", {})
    assert item["mapping"] == {
        "工单编号": "id", "问题描述": "description", "工单状态": "status",
        "工单优先级": "priority", "工单分类名称": "category",
        "发起人": "customer_id, customer_name",  # a number here; elsewhere a name
        "受理人名称": "assignee", "创建时间": "created_at", "更新时间": "updated_at",
        "工单首次响应时间": "first_response_at", "工单最近完结时间": "resolved_at",
        "期望完成时间": "due_at", "手机号码": "contact", "满意度": "satisfaction",
        "工单来源": "channel", "工单最新回复内容": "resolution",
    }
    assert item["unused_columns"] == ["工单标题", "受理组名称"]
    assert run.tickets("response.first-reply") == ["1500877942"]
    assert run.tickets("privacy.unmasked-contact") == ["1500877942"]
    # 投诉/服务投诉/物流 is a complaint, and an agent (not a supervisor) owns it
    assert run.tickets("escalation.complaint-owner") == ["1500877941"]
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["record.satisfaction-range"]["status"] == "passed"
    assert rules["record.allowed-values"]["status"] == "passed"
    assert not run.findings("record.timestamp")


UDESK = """\
工单ID,标题,内容,状态,优先级,受理客服,受理客服组,创建时间,更新时间,渠道,客户电话,满意度
30121,宽带断网,家里宽带从早上开始断网,开启,紧急,赵磊,技术组,2025/11/4 9:05,2025/11/4 9:05,电话,137****0000,
30122,开发票,需要开增值税专票,解决中,标准,钱多多,财务组,2025/11/4 10:00,2025/11/4 10:30,邮件,,一般
30123,改地址,订单还没发货想改地址,已解决,低,钱多多,客服组,2025/11/5 15:00,2025/11/5 15:40,帮助中心,,不满意
30124,接口报错,调用下单接口返回 500,已关闭,高,赵磊,技术组,2025/11/6 9:30,2025/11/6 11:00,API,,非常不满意
"""


def test_udesk_style_gb18030_csv(svccheck, write):
    path = write("udesk-export.csv", UDESK, encoding="gb18030")
    run = svccheck("check", path, *ARGS)
    assert run.code == 1, run.err
    (item,) = run.report["inputs"]
    assert (item["profile"], item["encoding"], item["unmapped_values"]) == (
        "cn-response-record", "gb18030", {})
    assert (item["mapping"]["工单ID"], item["mapping"]["内容"], item["mapping"]["受理客服"]) == (
        "id", "description", "assignee")
    assert item["unused_columns"] == ["标题", "受理客服组"]  # the content says more
    assert not run.findings("record.timestamp")  # 2025/11/4 9:05 reads
    assert not run.findings("record.allowed-values")
    # finished tickets rated 一般 / 不满意 / 非常不满意 are on the scale
    rules = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert rules["record.satisfaction-range"]["status"] == "passed"
    # 紧急 is urgent and 开启 still open: created 2025/11/4 9:05, unsolved at --as-of
    assert run.tickets("response.urgent-resolution") == ["30121"]
