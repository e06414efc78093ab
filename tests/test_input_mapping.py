"""Each input of the JSON report shows its mapping: columns → fields, the columns left
unused, and per classified field the raw values no map knows, with their rows.

A response-record export whose 紧急程度 holds ``P2`` gives every deadline rule
nothing to judge; the user can only fix the profile when the report names
the values. Every reading path (a file whole, a file in batches, a database
table, an events file) must report the same, masked like any other output.
"""

from __future__ import annotations

import sqlite3

import jsonschema

from svccheck.engines import stream as stream_engine
from svccheck.schemas import load_schema

ARGS = ("--format", "json", "--as-of", "2025-11-30 18:00")
HEADER = "工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,内部标签"


def _rows() -> list[str]:
    """The export's rows; the values the cn-response-record profile does not know:

    * 紧急程度: ``P2`` (3 rows), ``P3`` (2), ``13812345678`` (a phone number
      typed into the wrong cell: shown masked) and 22 codes ``X01``..``X22`` of
      one row each -- 25 values, so 20 are listed and 5 counted as more;
    * 处理状态: ``已办结`` (1 row);
    * 内部标签 is no field of the profile: an unused column.
    """
    priorities = ["P2"] * 3 + ["P3"] * 2 + ["13812345678"] + [
        f"X{n:02d}" for n in range(1, 23)] + ["紧急", "一般"]
    rows = []
    for n, priority in enumerate(priorities, 1):
        status = "已办结" if n == 1 else "处理中"
        rows.append(f"GD-{n:03d},C{n},咨询类,问题{n},{priority},{status},"
                    f"2025-10-09 09:{n:02d},客服{n % 3},标签{n % 2}")
    return rows


def _export(write):
    return write("export.csv", "\n".join([HEADER, *_rows()]) + "\n")


EXPECTED_MAPPING = {
    "工单编号": "id", "客户编号": "customer_id", "诉求类型": "category", "问题描述": "description",
    "紧急程度": "priority", "处理状态": "status", "受理时间": "created_at", "负责人": "assignee",
}


def test_the_report_names_the_mapping_and_what_did_not_map(svccheck, write):
    run = svccheck("check", _export(write), *ARGS)
    report = run.report
    jsonschema.validate(report, load_schema("report"))
    item = report["inputs"][0]
    assert item["mapping"] == EXPECTED_MAPPING
    assert item["unused_columns"] == ["内部标签"]
    priorities = item["unmapped_values"]["priority"]
    assert len(priorities) == 20
    assert list(priorities.items())[:4] == [
        ("P2", 3), ("P3", 2), ("138****5678", 1), ("X01", 1)]
    assert "13812345678" not in run.out
    assert item["unmapped_more"] == {"priority": 5}
    assert item["unmapped_values"]["status"] == {"已办结": 1}
    assert "category" not in item["unmapped_values"]  # every category mapped
    # the values the report lists are the ones record.allowed-values finds
    found = {(f["field"], f["evidence"]) for f in run.findings("record.allowed-values")}
    assert ("priority", "P2") in found and ("status", "已办结") in found


def test_read_in_batches_the_mapping_is_the_whole_files(svccheck, write, monkeypatch):
    """The stream engine maps a file batch by batch: the counts add up across batches."""
    export = _export(write)
    memory = svccheck("check", export, *ARGS, "--engine", "memory")
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", 300)  # a few rows per batch
    stream = svccheck("check", export, *ARGS, "--engine", "stream", "--parts", "3")
    assert stream.report["inputs"] == memory.report["inputs"]
    assert memory.report["inputs"][0]["unmapped_values"]["priority"]["P2"] == 3


def test_a_database_table_reports_its_mapping_as_its_export(svccheck, write, tmp_path,
                                                           monkeypatch):
    db = tmp_path / "helpdesk.db"
    columns = HEADER.split(",")
    with sqlite3.connect(db) as connection:
        connection.execute(f"CREATE TABLE tickets ({', '.join(columns)})")
        connection.executemany(f"INSERT INTO tickets VALUES ({', '.join('?' * len(columns))})",
                               [tuple(row.split(",")) for row in _rows()])
    connection.close()
    from_csv = svccheck("check", _export(write), *ARGS).report["inputs"][0]
    uri = f"sqlite:///{db}"
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", 256 * 4)  # four rows per batch
    for engine in ("memory", "stream"):
        from_db = svccheck("check", uri, "--table", "tickets", *ARGS,
                           "--engine", engine).report["inputs"][0]
        for key in ("mapping", "unused_columns", "unmapped_values", "unmapped_more"):
            assert from_db[key] == from_csv[key], (engine, key)


def test_an_events_file_shows_its_mapping_and_unknown_kinds_and_roles(svccheck, write):
    tickets = write("t.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        T1,C1,problem,x,normal,open,2025-10-09 09:00,amy
        T2,C2,problem,y,normal,open,2025-10-09 10:00,bob
    """)
    # kind "reply" and role "客服" are no canonical values: the events profile
    # (generic) maps neither; "seen_by" is no event field
    events = write("events.csv", """
        ticket_id,at,kind,role,text,seen_by
        T1,2025-10-09 09:02,reply,客服,您好,amy
        T1,2025-10-09 09:05,message,customer,谢谢,amy
        T2,2025-10-09 10:02,reply,客服,您好,bob
    """)
    run = svccheck("check", tickets, "--events", events, *ARGS)
    item = run.report["inputs"][1]
    assert item["kind"] == "events"
    assert item["mapping"] == {"ticket_id": "ticket_id", "at": "at", "kind": "kind",
                               "role": "role", "text": "text"}
    assert item["unused_columns"] == ["seen_by"]
    assert item["unmapped_values"] == {"kind": {"reply": 2}, "role": {"客服": 2}}
    assert item["unmapped_more"] == {}


def test_nested_messages_unknown_roles_are_named_on_the_tickets_input(svccheck, write):
    path = write("tickets.jsonl", """
        {"id": "J1", "customer_id": "C1", "priority": "P3", "status": "open", "created_at": "2025-10-09 09:00", "messages": [{"at": "2025-10-09 09:01", "role": "客户", "text": "在吗"}, {"at": "2025-10-09 09:03", "role": "agent", "text": "您好"}]}
        {"id": "J2", "customer_id": "C2", "priority": "low", "status": "open", "created_at": "2025-10-09 10:00", "messages": [{"at": "2025-10-09 10:01", "role": "客户", "text": "你好"}]}
    """)
    item = svccheck("check", path, *ARGS).report["inputs"][0]
    assert item["profile"] == "generic"
    assert item["unmapped_values"] == {"events.role": {"客户": 2}, "priority": {"P3": 1}}


def test_zendesk_authors_whose_role_is_not_mapped(svccheck, write):
    import json

    export = {
        "tickets": [{"id": 1, "requester_id": 9, "via": {"channel": "email"},
                     "status": "open", "created_at": "2025-10-09T01:00:00Z",
                     "comments": [{"author_id": 9, "created_at": "2025-10-09T01:00:00Z",
                                   "body": "hi"},
                                  {"author_id": 42, "created_at": "2025-10-09T01:30:00Z",
                                   "body": "hello"},
                                  {"author_id": 42, "created_at": "2025-10-09T01:40:00Z",
                                   "body": "done"}]}],
        # Zendesk's light agents: a role the zendesk profile does not map
        "users": [{"id": 9, "role": "end-user"}, {"id": 42, "role": "light_agent"}],
    }
    path = write("zendesk.json", json.dumps(export))
    item = svccheck("check", path, *ARGS).report["inputs"][0]
    assert item["profile"] == "zendesk"
    assert item["unmapped_values"] == {"events.role": {"light_agent": 2}}
