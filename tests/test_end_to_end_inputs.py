"""Every input path through the whole pipeline: reader → profile → rules → report."""

from __future__ import annotations

import gzip
import json

import polars as pl
import xlsxwriter

ARGS = ("--format", "json", "--as-of", "2025-11-30")


def test_jsonl_with_nested_messages_and_a_broken_line(svccheck, write):
    path = write("tickets.jsonl", """
        {"id": "J1", "customer_id": "C1", "category": "problem", "description": "x", "priority": "normal", "status": "open", "created_at": "2025-10-09T09:00:00+08:00", "assignee": "amy", "messages": [{"at": "2025-10-09T09:01:00+08:00", "role": "customer", "text": "hi"}, {"at": "yesterday", "role": "agent", "text": "hello"}]}
        {"id": "J2", "customer_id": "C2", "category": "problem", "description": "x", "priority": "normal",
        {"id": "J3", "customer_id": "C3", "category": "problem", "description": "x", "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00", "assignee": "bob", "satisfaction": 9}
    """)
    # line 1: a message time 'yesterday' is unreadable; line 2: broken JSON; line 3: satisfaction 9
    run = svccheck("check", path, *ARGS)
    assert run.code == 1
    report = run.report
    assert report["inputs"][0]["format"] == "jsonl"
    assert report["inputs"][0]["events"] == 2
    assert [(f["row"], f["ticket"]) for f in run.findings("record.readable-row")] == [(2, "2")]
    assert [(f["ticket"], f["field"]) for f in run.findings("record.timestamp")] == [("J1", "at")]
    assert run.tickets("record.satisfaction-range") == ["J3"]


def test_events_from_a_separate_file(svccheck, write):
    tickets = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        T1,C1,problem,x,normal,open,2025-10-09 09:00,amy
    """)
    events = write("events.csv", """
        ticket_id,at,role,text
        T1,2025-10-09 09:02,agent,您好
        T1,2025-10-0909:05,customer,谢谢
        T1,not a time,agent,再见
    """)
    run = svccheck("check", tickets, "--events", events, *ARGS)
    kinds = [(i["path"], i["kind"], i["events"]) for i in run.report["inputs"]]
    assert kinds == [(str(tickets), "tickets", 0), (str(events), "events", 3)]
    assert [(f["source"], f["row"]) for f in run.findings("record.timestamp")] == [(str(events), 4)]


def test_zendesk_json_export(svccheck, write):
    export = {
        "tickets": [
            {"id": 101, "requester_id": 9001, "assignee_id": 42, "via": {"channel": "email"},
             "type": "question", "priority": "normal", "status": "solved", "subject": "Invoice",
             "created_at": "2025-10-09T01:00:00Z", "satisfaction_rating": {"score": "good"},
             "comments": [
                 {"author_id": 9001, "public": True, "created_at": "2025-10-09T01:00:00Z",
                  "body": "Where is my invoice?"},
                 {"author_id": 42, "public": True, "created_at": "2025-10-09T01:30:00Z",
                  "body": "您好,这里是客服中心"}]},
            {"id": 102, "requester_id": 9002, "via": {"channel": "fax"}, "type": "incident",
             "priority": "urgent", "status": "open", "created_at": "2025-10-09T02:00:00Z"},
        ],
        "users": [{"id": 9001, "role": "end-user"}, {"id": 42, "role": "agent"}],
    }
    path = write("zendesk.json", json.dumps(export, ensure_ascii=False))
    run = svccheck("check", path, *ARGS)
    report = run.report
    assert report["inputs"][0]["profile"] == "zendesk"
    assert report["inputs"][0]["events"] == 2
    assert [(f["ticket"], f["evidence"]) for f in run.findings("record.allowed-values")] == [
        ("102", "fax")]
    assert [(f["ticket"], f["field"]) for f in run.findings("record.required-fields")] == [
        ("102", "description"), ("102", "assignee")]


def test_xlsx_with_excel_dates_and_a_chosen_sheet(svccheck, tmp_path):
    from datetime import datetime

    path = tmp_path / "export.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("说明").write(0, 0, "本表为导出说明")
    sheet = book.add_worksheet("工单")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    headers = ["工单编号", "客户编号", "诉求类型", "问题描述", "紧急程度", "处理状态", "受理时间",
               "负责人", "实际完成时间", "处理结果", "客户满意度(1-5分)"]
    sheet.write_row(0, 0, headers)
    sheet.write_row(1, 0, ["X1", "C1", "咨询类", "保修期", "一般", "已解决"])
    sheet.write_datetime(1, 6, datetime(2025, 10, 9, 9, 0), when)
    sheet.write(1, 7, "客服专员A")
    sheet.write_datetime(1, 8, datetime(2025, 10, 9, 8, 0), when)  # finished before received
    sheet.write(1, 9, "已答复")
    sheet.write_number(1, 10, 5)
    book.close()
    run = svccheck("check", path, "--sheet", "工单", *ARGS)
    assert run.report["inputs"][0]["format"] == "xlsx"
    assert [(f["ticket"], f["field"], f["evidence"]) for f in run.findings()] == [
        ("X1", "resolved_at", "2025-10-09 09:00:00 > 2025-10-09 08:00:00")]
    first = svccheck("check", path, *ARGS)
    assert first.code == 2 and "no profile matches" in first.err


def test_parquet_and_gzip(svccheck, tmp_path):
    frame = pl.DataFrame({
        "id": ["P1", "P2"], "customer_id": ["C1", None], "category": ["problem", "problem"],
        "description": ["x", "y"], "priority": ["low", "low"], "status": ["open", "open"],
        "created_at": ["2025-10-09 09:00", "2025-10-09 10:00"], "assignee": ["amy", "bob"],
    })
    parquet = tmp_path / "t.parquet"
    frame.write_parquet(parquet)
    assert svccheck("check", parquet, *ARGS).tickets("record.required-fields") == ["P2"]
    csv_gz = tmp_path / "t.csv.gz"
    csv_gz.write_bytes(gzip.compress(frame.write_csv().encode("utf-8")))
    run = svccheck("check", csv_gz, *ARGS)
    assert run.report["inputs"][0]["compression"] == "gzip"
    assert run.tickets("record.required-fields") == ["P2"]


def test_user_profile_file(svccheck, write):
    profile = write("ours.yaml", """
        id: ours
        fields:
          id: [Ticket No]
          customer_id: [Client]
          priority: [Prio]
          status: [State]
          created_at: [Opened]
        values:
          priority: {P1: urgent, P3: normal}
          status: {Done: resolved, WIP: in_progress}
    """)
    export = write("t.csv", """
        Ticket No,Client,Prio,State,Opened
        A-1,C1,P1,WIP,2025-10-09 09:00
        A-2,C2,P9,Done,2025-10-09 09:00
    """)
    run = svccheck("check", export, "--profile", profile, "--select", "record.allowed-values",
                   *ARGS)
    assert run.report["inputs"][0]["profile"] == "ours"
    assert run.report["inputs"][0]["profile_detected"] is False
    assert [(f["ticket"], f["evidence"]) for f in run.findings("record.allowed-values")] == [
        ("A-2", "P9")]


def test_invalid_profile_names_the_line(svccheck, write):
    profile = write("bad.yaml", """
        id: bad
        fields:
          id: [Nr]
          phone: [Tel]
    """)
    export = write("t.csv", "Nr,Tel\n1,2\n")
    run = svccheck("check", export, "--profile", profile)
    assert run.code == 2
    assert "bad.yaml:4: fields.phone: 'phone' is not one of id, customer_id" in run.err


def test_config_in_pyproject(svccheck, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("pyproject.toml", """
        [project]
        name = "qa"

        [tool.svccheck]
        fail_on = "never"
        lang = "zh"
    """)
    export = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        T1,,problem,x,normal,open,2025-10-09 09:00,amy
    """)
    run = svccheck("check", export)
    assert run.code == 0 and "客户编号为空" in run.out
    write("svccheck.yaml", "fail_on: sometimes\n")
    bad = svccheck("check", export)
    assert bad.code == 2 and "fail_on 'sometimes'" in bad.err
