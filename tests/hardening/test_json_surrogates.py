"""Half a character in a JSON string: a finding on its row, the rest audited.

JSON writes an emoji as a pair of ``\\u`` escapes; an export cut between
the two leaves a lone surrogate (``"\\ud83d cut"``), which Python accepts
but nothing can encode as UTF-8. It used to end the run as
``internal error: UnicodeEncodeError`` with the whole file unaudited.

Each fixture holds ticket T9 (category ``other``, a ``record.allowed-values``
finding): when T9 is reported, the lines around the damage were audited.
"""

from __future__ import annotations

import json

import pytest

from svccheck.io.readers.surrogates import may_hold_lone_surrogates, repair


def ticket(ticket_id: str, **cells: object) -> dict[str, object]:
    base = {"id": ticket_id, "customer_id": "C1", "category": "problem", "description": "x",
            "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00",
            "assignee": "amy"}
    return {**base, **cells}


T9 = ticket("T9", category="other")


def jsonl(*tickets: dict[str, object]) -> str:
    # ensure_ascii: every non-ASCII character (and a lone surrogate) as a \u escape,
    # as help-desk APIs write it
    return "\n".join(json.dumps(t) for t in tickets) + "\n"


BROKEN = {
    # a high surrogate with its low half cut off, right before a mobile number
    "description": ticket("T1", description="客户发来\ud83d电话13812345678"),
    # a low surrogate alone, in a message of the conversation
    "message body": ticket("T1", messages=[
        {"author_role": "customer", "at": "2025-10-09 09:01", "body": "谢谢\udc00"}]),
    # in a key: a column name no one can encode
    "key": ticket("T1", **{"备注\ud83d": "x"}),
}


@pytest.mark.parametrize("engine", ["memory", "stream"])
@pytest.mark.parametrize("where", list(BROKEN))
def test_a_lone_surrogate_is_a_finding_on_its_line(svccheck, write, where, engine):
    path = write("t.jsonl", jsonl(ticket("T0"), BROKEN[where], T9))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--engine", engine)

    assert run.code == 1, run.err
    assert run.err == ""
    unreadable = run.findings("record.readable-row")
    assert [f["row"] for f in unreadable] == [2]
    assert "half of a character" in unreadable[0]["message"]
    assert "U+FFFD" in unreadable[0]["message"]
    assert run.tickets("record.allowed-values") == ["T9"]


def test_the_repaired_text_is_still_audited_and_masked(svccheck, write):
    """The text around the broken half is read: the mobile next to it is found, masked."""
    path = write("t.jsonl", jsonl(BROKEN["description"], T9))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.tickets("privacy.pii-in-text") == ["T1"]
    assert "13812345678" not in run.out
    assert "138****5678" in run.findings("privacy.pii-in-text")[0]["evidence"]
    assert run.findings("record.readable-row")[0]["message"].startswith("'description': ")


def test_a_json_document_repairs_tickets_and_side_tables(svccheck, write):
    document = {"tickets": [BROKEN["description"], T9],
                "users": [{"id": 1, "name": "王\ud83d"}]}
    path = write("t.json", json.dumps(document))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.code == 1, run.err
    assert [f["row"] for f in run.findings("record.readable-row")] == [1]
    assert run.tickets("record.allowed-values") == ["T9"]


@pytest.mark.parametrize("text", [
    '"\\ud83d\\ude00 a whole emoji"',  # a pair: one character, nothing to repair
    '"\\\\ud83d written out"',  # an escaped backslash: the text \ud83d, not an escape
])
def test_whole_pairs_and_written_out_escapes_are_not_damage(svccheck, write, text):
    line = json.dumps(ticket("T1")).replace('"x"', text, 1)
    path = write("t.jsonl", line + "\n" + jsonl(T9))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.code == 1, run.err
    assert run.findings("record.readable-row") == []
    assert run.tickets("record.allowed-values") == ["T9"]


def test_repair_names_every_place_and_keeps_the_rest():
    value = {"a": "ok", "b": {"c": "x\ud800y"}, "l": ["\udfff", "fine"], "k\udbff": 1}
    fixed, places = repair(value)
    assert fixed == {"a": "ok", "b": {"c": "x\ufffdy"}, "l": ["\ufffd", "fine"], "k\ufffd": 1}
    assert places == ["b.c", "l[0]", "k\ufffd"]
    assert json.dumps(fixed, ensure_ascii=False).encode("utf-8")  # encodable now
    assert repair({"a": "😀"}) == ({"a": "😀"}, [])


def test_the_cheap_test_sees_only_surrogate_escapes():
    assert may_hold_lone_surrogates('{"a": "\\ud83d"}')
    assert may_hold_lone_surrogates('{"a": "\\uDC00"}')
    assert not may_hold_lone_surrogates('{"a": "\\u4e2d\\u6587 😀"}')
