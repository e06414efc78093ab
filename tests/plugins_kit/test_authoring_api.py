"""svccheck.plugin helpers and svccheck.testing, as a rule author uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from svccheck.plugin import (
    columnar_rule,
    elapsed,
    finding,
    over_window,
    phrases,
    ticket_rule,
    window_seconds,
)
from svccheck.testing import load_rule_cases

# Two hours from creation to first reply; an open ticket with no reply yet
# is measured up to the export moment.
EXPORT = """
id,customer_id,category,status,created_at,first_response_at,description
T1,C1,problem,open,2025-11-03 09:00,2025-11-03 09:30,网络断了
T2,C2,problem,open,2025-11-03 09:00,2025-11-03 12:00,网络断了
T3,C3,problem,open,2025-11-30 17:00,,请勿透露密码
T4,C4,problem,open,2025-11-29 09:00,,shipping address
"""

WINDOW = {"type": "object", "additionalProperties": False,
          "properties": {"hours": {"type": "number", "exclusiveMinimum": 0, "default": 2}}}


@ticket_rule(id="kit.slow-reply", title={"zh": "回复慢", "en": "slow reply"}, params=WINDOW,
             requires=("created_at", "first_response_at"))
def slow_reply(ticket, events, ctx):
    """First reply later than ``hours`` after creation (waiting counts up to as_of)."""
    waited = elapsed(ticket, "created_at", "first_response_at", until=ctx.as_of)
    if waited is not None and waited > timedelta(hours=ctx.params["hours"]):
        yield finding(ctx, zh=f"等待 {waited}", en=f"waited {waited}",
                      field="first_response_at", evidence=str(waited))


@columnar_rule(id="kit.slow-reply-columnar", title={"zh": "回复慢", "en": "slow reply"},
               params=WINDOW, requires=("created_at", "first_response_at"))
def slow_reply_columnar(ctx):
    """The same rule, columnar."""
    late = ctx.tickets.filter(over_window("created_at", "first_response_at",
                                          timedelta(hours=ctx.params["hours"]), ctx.as_of))
    return ctx.findings(late, field="first_response_at", message="slow",
                        evidence=window_seconds("created_at", "first_response_at", ctx.as_of))


SECRETS = phrases(zh=["密码"], en=["PIN"], unless=["请勿"])


@ticket_rule(id="kit.secret-word", title={"zh": "密码", "en": "secret"},
             requires=("description",))
def secret_word(ticket, events, ctx):
    """A secret named in the description, unless in a warning."""
    if (word := SECRETS.search(ticket["description"])) is not None:
        yield finding(ctx, zh="提到密码", en="names a secret", field="description",
                      evidence=word)


@pytest.mark.parametrize("rule", [slow_reply, slow_reply_columnar])
def test_time_window_between_two_fields_in_both_apis(rule_runner, rule):
    # T2 answered after 3 h; T4 still waiting at the export moment (Nov 30 18:00);
    # T3 waiting only an hour.
    result = rule_runner.run(rule, EXPORT)
    result.assert_tickets(["T2", "T4"])
    assert rule_runner.run(rule, EXPORT, params={"hours": 4}).tickets == ["T4"]


def test_columnar_window_seconds_is_the_evidence(rule_runner):
    # T4 has waited 3.5 h at 12:30 on Nov 29; T3 was not created yet.
    result = rule_runner.run(slow_reply_columnar, EXPORT, as_of="2025-11-29 12:30")
    result.assert_findings([{"ticket": "T2", "evidence": "10800"},
                            {"ticket": "T4", "evidence": "12600"}])


def test_phrase_in_a_text_field_with_an_exemption(rule_runner):
    export = EXPORT.replace("网络断了", "告诉我密码", 1)
    rule_runner.run(secret_word, export).assert_findings([{"ticket": "T1", "evidence": "密码"}])


def test_phrases_match_english_in_any_case_never_inside_a_word():
    words = phrases(en=["PIN", "PIN code"])
    assert words.search("your pin code please") == "pin code"
    assert words.search("您的PIN是多少") == "PIN"
    assert words.search("shipping and spinning") is None
    assert words.search(None) is None


def test_a_rule_not_evaluated_fails_the_test_instead_of_passing(rule_runner):
    no_description = "id,customer_id,category,status,created_at\nT1,C1,problem,open,2025-11-03\n"
    with pytest.raises(AssertionError, match=r"not evaluated.*description"):
        rule_runner.run(secret_word, no_description)
    result = rule_runner.run(secret_word, no_description, allow_not_evaluated=True)
    assert not result.evaluated and result.tickets == []


def test_params_are_validated_against_the_rules_schema(rule_runner):
    with pytest.raises(ValueError, match=r"kit\.slow-reply: invalid params"):
        rule_runner.run(slow_reply, EXPORT, params={"hours": -1})


def test_a_mismatch_names_the_case_and_shows_the_findings(rule_runner, tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "rule: kit.slow-reply\ncases:\n"
        "  - name: wrongly expects a pass\n"
        f"    csv: |\n{''.join('      ' + line + chr(10) for line in EXPORT.strip().splitlines())}"
        "    expect: []\n",
        encoding="utf-8",
    )
    [case] = load_rule_cases(cases)
    with pytest.raises(AssertionError) as failed:
        rule_runner.check_case(slow_reply, case)
    text = str(failed.value)
    assert "cases[0] (wrongly expects a pass)" in text and "T2 row 2 first_response_at" in text


@pytest.mark.parametrize(("body", "error"), [
    ("cases: []\n", "needs 'rule'"),
    ("rule: kit.x\ncases:\n  - name: a\n    expect: []\n", "exactly one of 'tickets', 'csv'"),
    ("rule: kit.x\ncases:\n  - name: a\n    tickets: []\n", "'expect' must be a list"),
    ("rule: kit.x\ncases:\n  - name: a\n    tickets: []\n    expect: []\n    expected: []\n",
     "unknown key(s) expected"),
])
def test_a_malformed_case_file_is_a_clear_error(tmp_path, body, error):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml"):
        load_rule_cases(path)
    with pytest.raises(ValueError) as raised:
        load_rule_cases(path)
    assert error in str(raised.value)


# -- the standard's calendar ----------------------------------------------------
# A ticket created on Friday 2025-10-10 at 17:00 (Asia/Shanghai) and answered
# on Saturday 2025-10-11 at 09:30: a make-up working day (调休). On cn-baseline's
# calendar that is 1 h 30 min of working time; on a calendar where every hour
# works it is 16 h 30 min.
FRIDAY = """
id,customer_id,category,status,created_at,first_response_at,description
F1,C1,problem,open,2025-10-10 17:00,2025-10-11 09:30,网络断了
"""


@ticket_rule(id="kit.slow-working-reply", title={"zh": "回复慢", "en": "slow reply"},
             params=WINDOW, requires=("created_at", "first_response_at"))
def slow_working_reply(ticket, events, ctx):
    """First reply later than ``hours`` of *working* time after creation."""
    if ticket["first_response_at"] is None:
        return
    worked = ctx.calendar.working_seconds(ticket["created_at"], ticket["first_response_at"])
    if worked > ctx.params["hours"] * 3600:
        yield finding(ctx, zh=f"工作时间 {worked} 秒", en=f"{worked} working seconds",
                      field="first_response_at", evidence=str(worked))


def test_rules_run_on_the_cn_baseline_calendar_by_default(rule_runner):
    found = rule_runner.run(slow_working_reply, FRIDAY)
    assert found.findings == []  # 1.5 working hours: within 2
    strict = rule_runner.run(slow_working_reply, FRIDAY, params={"hours": 1})
    assert [f["evidence"] for f in strict.findings] == ["5400"]


def test_a_case_names_the_standard_whose_calendar_it_runs_on(rule_runner, tmp_path):
    (tmp_path / "always-open.yaml").write_text(
        "id: always-open\ntitle: {zh: 全天, en: always open}\nversion: '1'\n"
        "calendar: {timezone: Asia/Shanghai}\nrules: {}\n", encoding="utf-8")
    export = "".join(f"      {line}\n" for line in FRIDAY.strip().splitlines())
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "rule: kit.slow-working-reply\ncases:\n"
        "  - name: working hours (cn-baseline)\n    csv: |\n" + export + "    expect: []\n"
        f"  - name: every hour\n    standard: {tmp_path / 'always-open.yaml'}\n"
        "    csv: |\n" + export + "    expect: [F1]\n", encoding="utf-8")
    for case in load_rule_cases(cases):
        rule_runner.check_case(slow_working_reply, case)


def test_the_calendar_helpers_agree_with_the_columnar_measure():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from svccheck.calendar import BusinessCalendar

    calendar = BusinessCalendar.from_config({
        "timezone": "Asia/Shanghai", "holidays": "CN",
        "working_hours": {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}})
    zone = ZoneInfo("Asia/Shanghai")
    start, end = datetime(2025, 9, 30, 17, 0, tzinfo=zone), datetime(2025, 10, 9, 9, 30)
    # 30 Sep 17:00-18:00, then the National Day holiday, 9 Oct from 09:00 (naive: local)
    assert calendar.working_seconds(start, end) == 3600 + 1800
    assert calendar.working_seconds(end, start) == 0
    assert calendar.is_working(datetime(2025, 10, 11, 10, 0)) is True  # make-up Saturday
    assert calendar.is_working(datetime(2025, 10, 12, 10, 0)) is False  # Sunday
    # the same measure as the columnar helper the built-in rules use
    import polars as pl

    frame = pl.LazyFrame({"a": [start], "b": [end.replace(tzinfo=zone)]})
    columnar = calendar.with_working_seconds(frame, "a", "b", "w").collect().item(0, "w")
    assert columnar == calendar.working_seconds(start, end)
