"""``svccheck standards show``: a standard resolved after ``extends``, rule by rule."""

from __future__ import annotations

import pytest

SHIPPED = ("after-sales", "cn-baseline", "contact-center", "ecommerce", "insurance-lifecycle")


def _row(out: str, rule: str) -> str:
    """The table line that starts with ``rule`` (its first physical line)."""
    return next(line for line in out.splitlines() if line.startswith(rule + " "))


def test_show_by_id_lists_inherited_and_own_rules_with_params_and_clause(svccheck):
    run = svccheck("standards", "show", "ecommerce")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "ecommerce 0.1: E-commerce customer-service standard"
    assert lines[1] == "built from: cn-baseline 0.1 → ecommerce 0.1"
    assert lines[2].startswith("calendar: Asia/Shanghai; mon-fri 09:00-18:00; CN statutory")
    header = next(line for line in lines if line.startswith("rule "))
    assert header.split() == ["rule", "severity", "parameters", "clause"]
    # inherited from cn-baseline, untouched
    assert _row(run.out, "record.satisfaction-range").split()[:4] == [
        "record.satisfaction-range", "error", "min:", "1"]
    # inherited and re-cited by ecommerce: the clause a finding will carry
    assert "003 电商 3.2 客户投诉与处理" in _row(run.out, "escalation.complaint-owner")
    # ecommerce's own rule, with the parameter it sets, as a person reads it
    assert "targets: {after_sales: 48 h calendar}" in _row(run.out, "response.resolution-time")
    # params merged with the parent's: the priority targets stay, the category one is added
    first = run.out[run.out.index("response.first-reply"):]
    assert "urgent: 30 min calendar" in first.split("response.resolution-due")[0]
    assert "category_targets: {after_sales: 24 h calendar}" in first


def test_show_a_file_that_extends_a_shipped_standard(svccheck, write):
    path = write("team.yaml", """\
        id: team
        title: {zh: 团队标准, en: Team standard}
        version: "3"
        extends: ecommerce
        rules:
          response.live-answer: false
          record.satisfaction-range:
            severity: warning
            params: {max: 10}
            clause: 内部规范 2.3
        """)
    run = svccheck("standards", "show", path, "--lang", "zh")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "team 3: 团队标准"
    assert "built from: cn-baseline 0.1 → ecommerce 0.1 → team 3" in run.out
    assert "disabled: response.live-answer" in run.out
    assert "response.live-answer " not in run.out.split("disabled:")[1]
    row = _row(run.out, "record.satisfaction-range")
    assert row.split()[:4] == ["record.satisfaction-range", "warning", "min:", "1"]
    assert "内部规范 2.3" in row
    assert "max: 10" in run.out


def test_show_json_keeps_parameter_types(svccheck):
    run = svccheck("standards", "show", "after-sales", "--format", "json")
    assert run.code == 0, run.err
    data = run.report
    assert data["id"] == "after-sales"
    assert data["chain"] == [{"id": "cn-baseline", "version": "0.1"},
                             {"id": "after-sales", "version": "0.1"}]
    rules = {r["rule"]: r for r in data["rules"]}
    first = rules["response.first-reply"]
    assert first["severity"] == "error"
    assert first["params"]["category_targets"] == {"after_sales": {"hours": 24,
                                                                   "clock": "calendar"}}
    assert first["params"]["targets"]["urgent"] == {"minutes": 30, "clock": "calendar"}
    assert "001 4.1" in first["clause"]
    assert first["note"].startswith("default chosen")
    assert rules["record.satisfaction-present"]["severity"] == "warning"
    assert data["disabled"] == []


@pytest.mark.parametrize("argv, message", [
    (["standards", "show", "ecomerce"],
     "unknown standard 'ecomerce'; did you mean 'ecommerce'? (known: "),
    (["standards", "show"], "standards show: give a standard id or a path"),
    (["standards", "show", "missing.yaml"], "missing.yaml: standard file not found"),
])
def test_show_bad_reference_exits_2_with_one_line(svccheck, argv, message):
    run = svccheck(*argv)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.splitlines()) == 1
    assert message in run.err


def test_unknown_standard_names_every_known_one(svccheck):
    run = svccheck("standards", "show", "retail")
    assert run.code == 2
    known = run.err.split("(known: ")[1].split(";")[0].split(", ")
    assert set(SHIPPED) <= set(known)


def test_show_a_standard_with_an_unknown_rule_names_file_and_line(svccheck, write):
    path = write("typo.yaml", """\
        id: typo
        title: Typo
        version: "1"
        extends: cn-baseline
        rules:
          escalation.complaint-ownr: {}
        """)
    run = svccheck("standards", "show", path)
    assert run.code == 2
    assert "typo.yaml:6: unknown rule 'escalation.complaint-ownr'; did you mean " \
           "'escalation.complaint-owner'?" in run.err


def test_standards_without_show_still_lists_them(svccheck):
    run = svccheck("standards")
    assert run.code == 0
    listed = [line.split()[0] for line in run.out.splitlines()[2:]]
    assert set(SHIPPED) <= set(listed)
