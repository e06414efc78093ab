"""record.required-fields: a complaint needs a way back (联系方式) and a promised time (预计完成时间).

Seeds 000 一(一) 信息记录 (record the customer's contact) and 初步响应 / 001 3.1
(tell a complaint the expected time). The export is the response-record
template; the comment after each row says what it lacks.
"""

from __future__ import annotations

HEADER = "工单编号,客户编号,联系方式,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,预计完成时间"


def _run(svccheck, write, rows: str, *extra: str):
    lines = [HEADER] + [line.split("  #", 1)[0].rstrip() for line in rows.strip().splitlines()]
    path = write("record.csv", "\n".join(lines) + "\n")
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "record.required-fields", "--profile", "cn-response-record", *extra)
    assert run.code in (0, 1), run.err
    return run


def test_a_complaint_without_contact_or_promised_time_is_a_finding(svccheck, write):
    run = _run(svccheck, write, """
Q1,C1,138****5678,投诉类,客服电话三次未接通,紧急,处理中,2025-10-03 11:20,客服主管B,2025-10-03 18:00  # ok
Q2,C2,,投诉类,客服电话三次未接通,紧急,处理中,2025-10-03 11:20,客服主管B,2025-10-03 18:00  # no contact
Q3,C3,138****5678,投诉类,客服电话三次未接通,紧急,处理中,2025-10-03 11:20,客服主管B,-  # no promised time
Q4,C4,,咨询类,产品保修期是否包含人为损坏,一般,已解决,2025-10-02 09:15,客服专员A,  # not a complaint
""")
    found = [(f["ticket"], f["field"], f["message"]) for f in run.findings()]
    assert found == [
        ("Q2", "contact", "complaint: contact is missing"),
        ("Q3", "due_at", "complaint: due_at is missing"),
    ]
    zh = _run(svccheck, write, "Q2,C2,,投诉类,x,紧急,处理中,2025-10-03 11:20,主管,2025-10-03 18:00",
              "--lang", "zh")
    assert [f["message"] for f in zh.findings()] == ["投诉类工单联系方式为空"]
    assert zh.findings()[0]["clause"].endswith("000 一(一) 信息记录, 001 3.1 (告知预计的解决时间)")


def test_an_export_without_the_column_is_one_finding_only_if_it_holds_a_complaint(
        svccheck, write):
    header = "工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人"
    path = write("no-contact.csv", f"""
        {header}
        Q1,C1,投诉类,x,紧急,处理中,2025-10-03 11:20,主管
        Q2,C2,投诉类,x,紧急,处理中,2025-10-03 11:20,主管
    """)
    run = svccheck("check", path, "--format", "json", "--select", "record.required-fields",
                   "--profile", "cn-response-record")
    absent = [(f["ticket"], f["field"], f["message"]) for f in run.findings()]
    assert absent == [
        (None, "contact", "the export has no contact column (complaints need one)"),
        (None, "due_at", "the export has no due_at column (complaints need one)"),
    ]
    quiet = write("consults.csv", f"""
        {header}
        Q1,C1,咨询类,x,一般,处理中,2025-10-03 11:20,专员
    """)
    assert svccheck("check", quiet, "--format", "json", "--select", "record.required-fields",
                    "--profile", "cn-response-record").findings() == []


def test_the_complaint_fields_are_a_parameter(svccheck, write):
    standard = write("std.yaml", """
        id: lenient
        title: t
        version: "1"
        extends: cn-baseline
        rules:
          record.required-fields: {params: {complaint_fields: [contact]}}
    """)
    run = _run(svccheck, write, """
Q3,C3,138****5678,投诉类,x,紧急,处理中,2025-10-03 11:20,主管,-  # no promised time: allowed here
""", "--standard", standard)
    assert run.findings() == []
