"""``--require``: the gate fails when a required rule judged nothing or only part of its scope.

The export below breaks no rule of the selection; what it hides is that two
of its statuses are words the profile does not know (``已办结`` twice), so
``record.status-consistency`` could not judge those tickets, and that it
has no satisfaction column at all:

    T1  已解决   judged
    T2  已办结   skipped: status '已办结' is not a known value
    T3  已办结   skipped: status '已办结' is not a known value
"""

from __future__ import annotations

import pytest

EXPORT = """\
工单编号,客户编号,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人,实际完成时间,处理结果
T1,C1,咨询,查询物流,一般,已解决,2025-11-03 09:00,客服专员A,2025-11-03 10:00,已告知
T2,C2,咨询,查询物流,一般,已办结,2025-11-03 09:00,客服专员A,2025-11-03 10:00,已告知
T3,C3,咨询,查询物流,一般,已办结,2025-11-03 09:00,客服专员A,2025-11-03 10:00,已告知
"""
SELECT = ("--select", "record.status-consistency,record.satisfaction-range")


@pytest.fixture
def export(write):
    return write("export.csv", EXPORT)


def test_without_require_a_partial_rule_does_not_fail_the_gate(svccheck, export):
    run = svccheck("check", export, *SELECT, "--format", "json")
    assert run.code == 0
    lines = {r["rule"]: r for r in run.report["summary"]["rules"]}
    assert lines["record.status-consistency"]["status"] == "partial"
    assert lines["record.status-consistency"]["skipped"] == {
        "status '已办结' is not a known value": 2}
    assert lines["record.satisfaction-range"]["status"] == "not_evaluated"


def test_a_required_partial_rule_fails_the_gate_naming_the_rule_and_its_reasons(
        svccheck, export):
    run = svccheck("check", export, *SELECT, "--require", "record.status-consistency")
    assert run.code == 1
    last = run.out.splitlines()[-1]
    assert "FAILED (--fail-on error)" in last
    assert ("--require record.status-consistency partial: judged 1 of 3 tickets; 2 skipped: "
            "2 × status '已办结' is not a known value") in last


def test_a_required_rule_that_was_not_evaluated_fails_whatever_fail_on_says(svccheck, export):
    run = svccheck("check", export, *SELECT, "--require", "record", "--fail-on", "never",
                   "--format", "json")
    assert run.code == 1
    gate = run.report["summary"]["gate"]
    assert gate["uncovered"] == [
        "record.status-consistency partial: judged 1 of 3 tickets; 2 skipped: "
        "2 × status '已办结' is not a known value",
        "record.satisfaction-range not evaluated: export has no satisfaction",
    ]
    assert run.report["summary"]["failed"] is True


def test_require_all_and_a_covered_rule_passes(svccheck, export, write):
    clean = write("clean.csv", EXPORT.replace("已办结", "已关闭"))
    run = svccheck("check", clean, "--select", "record.status-consistency", "--require", "all")
    assert run.code == 0, run.out


def test_require_in_the_standard_and_in_the_config_file(svccheck, export, write, tmp_path,
                                                        monkeypatch):
    standard = write("standard.yaml", """
        id: strict
        title: strict
        version: "1"
        extends: cn-baseline
        require: [record.status-consistency]
        """)
    run = svccheck("check", export, *SELECT, "--standard", standard)
    assert run.code == 1 and "--require record.status-consistency partial" in run.out
    monkeypatch.chdir(tmp_path)
    write("svccheck.yaml", "require: [record.satisfaction-range]\n")
    run = svccheck("check", export, *SELECT, "--format", "json")
    assert run.code == 1
    assert run.report["summary"]["gate"]["uncovered"] == [
        "record.satisfaction-range not evaluated: export has no satisfaction"]


def test_requiring_a_rule_that_does_not_run_is_an_error(svccheck, export):
    run = svccheck("check", export, *SELECT, "--require", "greeting.opening")
    assert run.code == 2
    assert "--require 'greeting.opening': not enabled in this run" in run.err
    run = svccheck("check", export, "--require", "record.status-consistncy")
    assert run.code == 2
    assert ("--require 'record.status-consistncy': no such rule or family; did you mean "
            "'record.status-consistency'?") in run.err


def test_every_format_states_the_uncovered_rule(svccheck, export):
    for fmt, expected in (("markdown", "--require record.status-consistency partial"),
                          ("github", "--require record.status-consistency partial"),
                          ("html", "--require record.status-consistency partial")):
        run = svccheck("check", export, *SELECT, "--require", "record.status-consistency",
                       "--format", fmt)
        assert run.code == 1 and expected in run.out, fmt
