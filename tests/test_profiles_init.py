"""``svccheck profiles init FILE``: a starter profile to review, not to write.

It extends the profile that reads most of the export's headers, guesses an
alias for each unused column it can, lists the rest in a comment, and lists
every value of a classified field no map knows as a ``values:`` entry to
fill in. What it writes is a valid profile as it stands.
"""

from __future__ import annotations

import json

import yaml

ARGS = ("--format", "json", "--as-of", "2025-11-30 18:00")

# The response-record template as one team exports it: 手机号 and 首次回复时间
# renamed, a 内部标签 column of its own, a priority P2 and a status 已办结 the
# cn-response-record profile does not know ("2 normal", a helpdesk's code and
# name, reads as normal).
EXPORT = """
    工单编号,客户编号,手机号,诉求类型,问题描述,紧急程度,处理状态,受理时间,首次回复时间,负责人,内部标签
    GD-1,C1,138****5678,咨询类,发票,P2,处理中,2025-10-09 09:00,2025-10-09 09:10,张敏,VIP
    GD-2,C2,139****1234,投诉类,物流慢,2 normal,已解决,2025-10-09 10:00,2025-10-09 10:30,李雷,
    GD-3,C3,137****0000,售后,退货,P2,已办结,2025-10-09 11:00,2025-10-09 11:05,王芳,
    GD-4,C4,136****1111,咨询类,发票,紧急,处理中,2025-10-09 12:00,2025-10-09 12:05,赵六,
"""


def test_a_starter_profile_for_a_renamed_response_record(svccheck, write, tmp_path):
    export = write("records.csv", EXPORT)
    out = tmp_path / "records-profile.yaml"
    run = svccheck("profiles", "init", export, "-o", out)
    assert run.code == 0, run.err
    assert run.out == ""
    text = out.read_text(encoding="utf-8")
    profile = yaml.safe_load(text)
    assert profile["id"] == "records"
    assert profile["extends"] == "cn-response-record"
    assert profile["fields"] == {"contact": ["手机号"], "first_response_at": ["首次回复时间"]}
    assert profile["values"] == {"priority": {"P2": None}, "status": {"已办结": None}}
    assert "P2: ~  # fill in: one of urgent, high, normal, low (2 rows)" in text
    assert "#   内部标签" in text  # a column it cannot guess is named in a comment

    # accepted as it stands: the guessed columns are read, nothing is left unmapped
    as_is = svccheck("check", export, "--profile", out, *ARGS)
    assert as_is.code in (0, 1), as_is.err
    item = as_is.report["inputs"][0]
    assert item["profile"] == "records"
    assert item["mapping"]["手机号"] == "contact"
    assert item["mapping"]["首次回复时间"] == "first_response_at"
    assert item["unused_columns"] == ["内部标签"]
    assert item["unmapped_values"] == {}
    # filled in, P2 gets its deadline: GD-1's 10-minute reply is judged and on time
    out.write_text(text.replace("P2: ~", "P2: high")
                   .replace("已办结: ~", "已办结: closed"), encoding="utf-8")
    filled = svccheck("check", export, "--profile", out, *ARGS)
    assert filled.code in (0, 1), filled.err
    assert not filled.findings("record.allowed-values")
    # the one required field left is the complaint's (GD-2) promised time, a
    # column this export does not have at all
    assert [f["field"] for f in filled.findings("record.required-fields")] == ["due_at"]


def test_no_profile_fits_so_it_extends_generic_and_guesses(svccheck, write):
    export = write("helpdesk.csv", """
        Ticket No,Client,Prio,State,Opened,"Owner, team",Mood
        A-1,C1,P1,WIP,2025-10-09 09:00,amy,ok
        A-2,C2,P3,Done,2025-10-09 10:00,bob,ok
    """)
    run = svccheck("profiles", "init", export)
    assert run.code == 0, run.err
    profile = yaml.safe_load(run.out)
    assert profile["extends"] == "generic"
    assert profile["fields"] == {"id": ["Ticket No"], "customer_id": ["Client"],
                                 "priority": ["Prio"], "status": ["State"],
                                 "created_at": ["Opened"], "assignee": ["Owner, team"]}
    assert "#   Mood" in run.out
    assert profile["values"] == {"priority": {"P1": None, "P3": None},
                                 "status": {"WIP": None, "Done": None}}
    # each guess says what it was guessed from, for the reviewer
    assert "Prio]  # guessed: like 'priority' (field name)" in run.out
    # and the profile reads the export as guessed
    profile_file = write("helpdesk.yaml", run.out)
    item = svccheck("check", export, "--profile", profile_file, *ARGS).report["inputs"][0]
    assert item["mapping"]["Owner, team"] == "assignee"
    assert item["unused_columns"] == ["Mood"]


def test_values_that_yaml_would_read_as_something_else_are_quoted(svccheck, write, tmp_path):
    export = write("codes.csv", """
        id,priority,status,created_at
        T1,2,open,2025-10-09 09:00
        T2,yes,open,2025-10-09 09:00
        T3,a: b,open,2025-10-09 09:00
        T4,13812345678,open,2025-10-09 09:00
    """)
    out = tmp_path / "codes.yaml"
    run = svccheck("profiles", "init", export, "-o", out)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    # "2", "yes" and "a: b" stay the text they are; the phone number is not written
    assert yaml.safe_load(text)["values"] == {"priority": {"2": None, "yes": None,
                                                           "a: b": None}}
    assert "13812345678" not in text and "1 values holding personal data" in text
    assert svccheck("check", export, "--profile", out, *ARGS).code in (0, 1)


def test_zendesk_roles_no_map_knows_are_listed_under_author_roles(svccheck, write, tmp_path):
    export = {
        "tickets": [{"id": 1, "requester_id": 9, "via": {"channel": "fax"}, "type": "question",
                     "status": "open", "created_at": "2025-10-09T01:00:00Z",
                     "comments": [{"author_id": 9, "created_at": "2025-10-09T01:00:00Z",
                                   "body": "hi"},
                                  {"author_id": 42, "created_at": "2025-10-09T01:30:00Z",
                                   "body": "hello"}]}],
        "users": [{"id": 9, "role": "end-user"}, {"id": 42, "role": "light_agent"}],
    }
    path = write("zendesk.json", json.dumps(export))
    out = tmp_path / "zd.yaml"
    run = svccheck("profiles", "init", path, "-o", out)
    assert run.code == 0, run.err
    profile = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert profile["extends"] == "zendesk"
    assert profile["values"] == {"channel": {"fax": None}}
    assert profile["events"] == {"author_roles": {"values": {"light_agent": None}}}
    out.write_text(out.read_text(encoding="utf-8").replace("light_agent: ~", "light_agent: agent"),
                   encoding="utf-8")
    checked = svccheck("check", path, "--profile", out, *ARGS)
    assert checked.code in (0, 1), checked.err
    assert "events.role" not in checked.report["inputs"][0]["unmapped_values"]


def test_an_export_that_cannot_be_read_is_one_line_and_exit_2(svccheck, tmp_path):
    run = svccheck("profiles", "init", tmp_path / "missing.csv")
    assert run.code == 2 and run.err.count("\n") == 1 and "missing.csv" in run.err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"id,priority\nT1,P2\n")
    run = svccheck("profiles", "init", broken)
    assert run.code == 2 and run.err.count("\n") == 1 and "broken.xlsx" in run.err
    assert "Traceback" not in run.err
    bare = svccheck("profiles", "init")
    assert bare.code == 2 and "profiles init: give an export" in bare.err
