"""End to end: the commands a QA lead and a CI gate run, and their exit codes."""

from __future__ import annotations

import json
import os
import stat
import threading

import jsonschema
import pytest

from svccheck.schemas import load_schema

# A response-record export as Excel saves it: GB18030, full-width brackets in
# the headers, the template's run-together times. Violations noted per row.
EXPORT = """\
工单编号,客户编号,联系方式（隐藏后四位）,渠道,诉求类型,问题描述（简述）,紧急程度,处理状态,受理时间,负责人,预计完成时间,实际完成时间,处理结果（简述）,客户满意度（1-5分）,备注
GD-001,5678,****5678,电话,问题反馈,APP下单后支付页面无法跳转,紧急,已解决,2023-10-0114:30,客服专员A,2023-10-0117:00,2023-10-0116:45,技术修复系统bug,5,客户表扬处理及时
GD-002,1593456,****3456,在线客服,咨询类,产品保修期是否包含人为损坏,一般,已解决,2023-10-0209:15,客服专员A,2023-10-0210:00,2023-10-0209:45,建议联系售后检测,3,客户表示理解
GD-003,17890,****7890,电话,投诉类,客服电话三次未接通,紧急,处理中,2023-10-0311:20,客服主管B,2023-10-0318:00,-,协调排班优化,-,需跟进回访
GD-004,20001,****0001,邮件,其他,发票抬头错误,一般,已解决,2023-10-04 10:00,客服专员C,2023-10-05 18:00,,,6,
"""
# GD-004: category 其他 unknown; resolved without 实际完成时间 and 处理结果; satisfaction 6.
# Taken while GD-003 (urgent, in progress) was still within its deadlines:
AS_OF = "2023-10-03 12:00"


@pytest.fixture
def export(write):
    return write("tickets.csv", EXPORT, encoding="gb18030")


def test_gb18030_export_prints_table_and_exits_1(svccheck, export):
    run = svccheck("check", export, "--standard", "cn-baseline", "--as-of", AS_OF)
    assert run.code == 1, run.err
    out = run.out
    assert "gb18030" in out
    assert "profile cn-response-record (detected)" in out
    assert "record.allowed-values" in out and "'其他' is not a known value" in out
    assert "GD-004" in out
    assert "4 tickets, 4 findings (error 4, warning 0, info 0) — FAILED (--fail-on error)" in out
    for clean in ("GD-001", "GD-002", "GD-003"):
        assert clean not in out.split("message", 1)[1]


def test_json_report_matches_its_schema_and_contract(svccheck, export):
    run = svccheck("check", export, "--format", "json", "--as-of", AS_OF)
    report = run.report
    jsonschema.validate(report, load_schema("report"))
    assert report["inputs"][0]["encoding"] == "gb18030"
    assert report["inputs"][0]["profile"] == "cn-response-record"
    assert report["summary"]["failed"] is True
    assert report["summary"]["by_rule"]["record.satisfaction-range"] == 1
    finding = run.findings("record.satisfaction-range")[0]
    # the row a spreadsheet shows (header = row 1), and the file's line
    assert finding["ticket"] == "GD-004" and finding["row"] == 5 and finding["line"] == 5
    assert finding["clause"].startswith("004 三")
    assert finding["source"] == str(export)


def test_fingerprint_is_stable_when_rows_move(svccheck, write):
    lines = EXPORT.splitlines()
    first = write("a.csv", EXPORT, encoding="gb18030")
    moved = write("b.csv", "\n".join([lines[0], lines[4], lines[1], lines[2], lines[3]]) + "\n",
                  encoding="gb18030")
    a = svccheck("check", first, "--as-of", AS_OF, "--format", "json").findings()
    b = svccheck("check", moved, "--as-of", AS_OF, "--format", "json").findings()
    assert {f["fingerprint"] for f in a} == {f["fingerprint"] for f in b}
    assert {f["row"] for f in a} == {5} and {f["row"] for f in b} == {2}


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("never", 0)])
def test_fail_on(svccheck, export, fail_on, code):
    assert svccheck("check", export, "--as-of", AS_OF, "--fail-on", fail_on).code == code


def test_warning_only_findings_pass_at_error_and_fail_at_warning(svccheck, write, export):
    standard = write("std.yaml", """
        id: lenient
        title: Lenient
        version: "1"
        extends: cn-baseline
        rules:
          record.allowed-values: {severity: warning}
          record.status-consistency: {severity: info}
          record.satisfaction-range: {severity: warning}
    """)
    assert svccheck("check", export, "--as-of", AS_OF, "--standard", standard).code == 0
    assert svccheck("check", export, "--as-of", AS_OF, "--standard", standard, "--fail-on", "warning").code == 1
    assert svccheck("check", export, "--as-of", AS_OF, "--standard", standard, "--fail-on", "info").code == 1


def test_select_and_ignore_by_rule_and_family(svccheck, export):
    only = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--select", "record.satisfaction-range")
    assert {f["rule"] for f in only.findings()} == {"record.satisfaction-range"}
    ignored = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--ignore", "record")
    assert ignored.findings() == [] and ignored.code == 0
    bad = svccheck("check", export, "--as-of", AS_OF, "--select", "record.satisfaction")
    assert bad.code == 2 and "did you mean 'record.satisfaction-range'" in bad.err


def test_max_rows_caps_the_table_but_not_the_counts(svccheck, export):
    run = svccheck("check", export, "--as-of", AS_OF, "--max-rows", "1")
    assert "showing 1 of 4 findings (--max-rows 1; counts above are complete)" in run.out
    assert "4 findings" in run.out


def test_output_file_written_and_input_untouched(svccheck, export, tmp_path):
    before = export.read_bytes()
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    run = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--output", target)
    assert run.code == 1 and run.out == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["violations"] == 4
    assert export.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temp file left


def test_output_into_a_pipe_writes_into_it_and_leaves_it_a_pipe(svccheck, export, tmp_path):
    # like -o /dev/null or a named pipe another process reads: renaming a temp
    # file over it would replace the device or pipe with a regular file
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    run = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--output", pipe)
    reader.join(timeout=10)
    assert run.code == 1, run.err
    assert json.loads(received[0])["summary"]["violations"] == 4
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.pipe")]  # no temp


def test_chinese_report(svccheck, export):
    run = svccheck("check", export, "--as-of", AS_OF, "--lang", "zh")
    assert "满意度“6”不是 1-5 的整数" in run.out
    assert "未通过" in run.out


def test_several_files_are_one_audit(svccheck, export, write):
    second = write("more.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        X1,C1,problem,x,normal,open,2023-10-09 09:00,
    """)
    run = svccheck("check", export, second, "--as-of", AS_OF, "--format", "json")
    assert run.report["summary"]["tickets"] == 5
    assert [i["profile"] for i in run.report["inputs"]] == ["cn-response-record", "generic"]
    missing = run.findings("record.required-fields")
    assert [(f["source"], f["ticket"], f["field"]) for f in missing] == [
        (str(second), "X1", "assignee")]


@pytest.mark.parametrize(("args", "message"), [
    (["check", "nope.csv"], "nope.csv"),
    (["check", "{export}", "--standard", "no-such"], "unknown standard 'no-such'"),
    (["check", "{export}", "--profile", "no-such"], "unknown profile 'no-such'"),
    (["check", "{export}", "--format", "pdf"], "--format 'pdf': unknown format"),
    (["check", "{export}", "--as-of", "yesterday"], "--as-of 'yesterday': not a time"),
    (["check", "{export}", "--encoding", "utf-8"], "tickets.csv"),
])
def test_bad_invocations_exit_2_with_one_clear_line(svccheck, export, args, message):
    run = svccheck(*[a.replace("{export}", str(export)) for a in args])
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err
    assert run.err.startswith("svccheck: error: ")


def test_empty_file_exits_2(svccheck, write):
    run = svccheck("check", write("empty.csv", ""))
    assert run.code == 2 and "empty.csv" in run.err


def test_malformed_rows_are_findings_and_the_rest_is_checked(svccheck, write):
    path = write("ragged.csv", """
        id,customer_id,category,description,priority,status,created_at,assignee
        T1,C1,problem,x,normal,open,2023-10-09 09:00,张敏
        T2,C2,problem,x,normal
        T3,C3,other,x,normal,open,2023-10-09 09:00,张敏
    """)
    run = svccheck("check", path, "--format", "json", "--ignore", "record.readable-row")
    bad = run.findings("record.readable-row")
    assert [(f["row"], f["ticket"]) for f in bad] == [(3, "T2")]  # runs even when ignored
    assert "row has 5 fields, the header has 8" in bad[0]["message"]
    assert run.tickets("record.allowed-values") == ["T3"]
    assert run.code == 1


def test_demo_runs_on_the_bundled_sample(svccheck):
    run = svccheck("demo", "--format", "json")
    assert run.code == 1
    report = run.report
    assert report["inputs"][0]["encoding"] == "gb18030"
    assert report["inputs"][0]["profile"] == "cn-response-record"
    assert report["summary"]["tickets"] >= 200
    assert 0 < report["summary"]["violations"] < report["summary"]["tickets"]


def test_schema_ticket_prints_the_canonical_schema(svccheck):
    run = svccheck("schema", "ticket")
    schema = json.loads(run.out)
    assert run.code == 0
    assert schema["properties"]["priority"]["enum"][:4] == ["urgent", "high", "normal", "low"]
    from svccheck.model import TICKET_FIELDS
    assert set(TICKET_FIELDS) <= set(schema["properties"])


def test_rules_explain_standards_profiles_plugins(svccheck):
    rules = svccheck("rules")
    assert rules.code == 0 and "record.time-order" in rules.out
    explain = svccheck("explain", "record.satisfaction-range")
    assert "004 三" in explain.out
    # parameters as a table: name, default, what it accepts in words
    assert ["max", "5", "a", "whole", "number"] in [
        line.split() for line in explain.out.splitlines()]
    assert svccheck("explain", "record.timestmp").code == 2
    standards = svccheck("standards")
    assert "cn-baseline" in standards.out
    profiles = svccheck("profiles")
    assert all(p in profiles.out for p in ("cn-response-record", "generic", "zendesk"))
    plugins = svccheck("plugins")
    assert "svccheck.rules.record" in plugins.out and "built-in" in plugins.out


def test_event_schema_lists_the_canonical_event_fields(svccheck):
    from svccheck.model import ENUMS, EVENT_FIELDS

    schema = json.loads(svccheck("schema", "event").out)
    assert set(schema["properties"]) == set(EVENT_FIELDS)
    assert schema["properties"]["kind"]["enum"][:-1] == list(ENUMS["kind"])
    assert schema["properties"]["role"]["enum"][:-1] == list(ENUMS["role"])


def test_max_cell_bytes_from_the_config_file(svccheck, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("svccheck.yaml", "max_cell_bytes: 100\n")
    path = write("t.csv", "id,customer_id,category,status,description\n"
                 "T1,C1,problem,open," + "长" * 200 + "\n")
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF,
                   "--select", "record.readable-row")
    assert run.code == 1, run.err
    assert "over --max-cell-bytes" in run.findings()[0]["message"]
    # the command line wins over the config file
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF,
                   "--select", "record.readable-row", "--max-cell-bytes", "100000")
    assert run.code == 0, run.err


def test_verbose_logs_each_file_and_rule_on_stderr(svccheck, export):
    run = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--verbose")
    assert run.code == 1
    json.loads(run.out)  # stdout is still only the report
    lines = run.err.splitlines()
    assert lines[0].startswith("svccheck: engine memory (auto: about ")
    assert lines[1].startswith(f"svccheck: read {export}: ") and " rows in " in lines[1]
    rules = [line for line in lines if line.startswith("svccheck: rule ")]
    summary = {r["rule"]: r for r in json.loads(run.out)["summary"]["rules"]}
    assert len(rules) == len(summary)
    assert "svccheck: rule record.satisfaction-range: 1 findings in " in run.err
    assert "svccheck: rule response.progress-update: not evaluated (" in run.err
    assert svccheck("check", export, "--as-of", AS_OF, "--format", "json").err == ""


def test_verbose_times_rules_checked_part_by_part(svccheck, export, monkeypatch):
    """The stream engine runs per-ticket rules part by part: their time is each
    part's, added up, not only the merge step's (which is next to nothing)."""
    from types import SimpleNamespace

    from svccheck.engines import in_parts

    ticks = iter(range(0, 10_000))  # every clock read a second later
    monkeypatch.setattr(in_parts, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    run = svccheck("check", export, "--as-of", AS_OF, "--format", "json", "--verbose",
                   "--engine", "stream", "--parts", "2")
    assert run.code == 1, run.err
    line = next(line for line in run.err.splitlines()
                if line.startswith("svccheck: rule record.satisfaction-range: "))
    assert float(line.rsplit(" in ", 1)[1].rstrip("s")) >= 1.0
