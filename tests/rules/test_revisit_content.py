"""revisit.content: a follow-up records the customer's verdict, not only that it happened."""

from __future__ import annotations

import json

RULE = "revisit.content"


def _run(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30 18:00",
                   "--select", RULE, *extra)
    assert run.code in (0, 1), run.err
    return run


def _line(run):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == RULE)


def test_a_response_record_row(svccheck, write):
    path = write("t.csv", """
        工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,实际完成时间,客户满意度,回访时间,备注
        F1,C1,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,2025-11-05 10:00,客户表示问题已解决
        F2,C2,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,4,2025-11-05 10:00,
        F3,C3,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,2025-11-05 10:00,满意度调查已发送
        F4,C4,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,2025-11-05 10:00,需跟进回访
        F5,C5,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,,需跟进回访
        F6,C6,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,2025-12-05 10:00,
        F7,C7,售后,耳机无声,一般,已解决,2025-11-03 10:00,客服专员A,2025-11-04 10:00,-,下周,
    """, encoding="gb18030")
    # F1 the verdict in the remarks; F2 a satisfaction value on the row; F3 a survey sent
    # and F4 a follow-up still owed record none; F5 has had no follow-up; F6's is after
    # --as-of (not known yet); F7's 回访时间 cannot be read
    run = _run(svccheck, path)
    found = run.findings(RULE)
    assert [(f["ticket"], f["field"], f["evidence"]) for f in found] == [
        ("F3", "followup_at", "满意度调查已发送"), ("F4", "followup_at", "需跟进回访")]
    assert found[0]["message"] == (
        "the follow-up of 2025-11-05 10:00 records no verdict from the customer (satisfied or "
        "not, resolved or not, or a score): 满意度调查已发送")
    assert found[0]["severity"] == "warning" and found[0]["clause"].startswith("001 3.1")
    line = _line(run)
    assert (line["checked"], line["skipped"]) == (4, {"followup_at unreadable": 1})
    zh = _run(svccheck, path, "--lang", "zh").findings(RULE)[1]["message"]
    assert zh == "回访（2025-11-05 10:00）没有记录客户的评价（满意与否、是否解决或满意度）：需跟进回访"


def test_follow_up_events(svccheck, write):
    base = {"customer_id": "C", "category": "after_sales", "description": "x",
            "priority": "normal", "status": "resolved", "created_at": "2025-11-03 10:00",
            "resolved_at": "2025-11-04 10:00"}
    follow = {"at": "2025-11-05 10:00", "kind": "followup", "role": "agent", "public": False}
    tickets = [
        {**base, "id": "V1", "events": [{**follow, "text": "回访：客户满意度4分"}]},
        {**base, "id": "V2", "events": [{**follow, "text": "电话回访，无人接听"},
                                        {**follow, "at": "2025-11-06 10:00",
                                         "text": "再次回访，客户表示已解决"}]},
        {**base, "id": "V3", "events": [{**follow, "text": "Asked whether it was resolved."}]},
        {**base, "id": "V4", "satisfaction": 5,
         "events": [{**follow, "text": "已回访"}]},
    ]
    path = write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))
    # V2's first call reached nobody: that follow-up records nothing; V4's rating counts
    run = _run(svccheck, path)
    assert [(f["ticket"], f["evidence"]) for f in run.findings(RULE)] == [
        ("V2", "电话回访，无人接听"), ("V3", "Asked whether it was resolved.")]
    assert _line(run)["checked"] == 4
