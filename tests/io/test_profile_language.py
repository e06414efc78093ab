"""The profile keys helpdesk exports need, each shown on the shape that needs it.

One column feeding two fields (Freshdesk's ``private``), names that carry
their code (Zammad's and OTRS's ``"2 normal"``), Unix times beside naive
server times (OTRS), the server's own zone (``timezone`` / ``--input-tz``),
a time measured as minutes after another (Zendesk's reply time), HTML
bodies, and nested lists under keys of the export's own.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from svccheck.errors import ConfigError
from svccheck.io.base import RawInput, ReadOptions
from svccheck.io.profiles import load_profile, map_tickets
from svccheck.io.readers import BUILTIN_READERS, read_file

TZ = "Asia/Shanghai"
ARGS = ("--format", "json", "--as-of", "2025-11-30 18:00")


def _profile(tmp_path: Path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


def _read(tmp_path: Path, document: object, lists: tuple[str, ...] = ()) -> RawInput:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return read_file(path, BUILTIN_READERS, ReadOptions(event_lists=lists))


def _times(frame: pl.DataFrame, name: str) -> list[str | None]:
    return [t.strftime("%Y-%m-%d %H:%M:%S %Z") if t is not None else None
            for t in frame.get_column(name).to_list()]


def test_one_column_feeds_visibility_and_kind(tmp_path):
    profile = _profile(tmp_path, """
id: fd
fields: {id: [id]}
events:
  fields: {ticket_id: [ticket_id], public: [private], kind: [private], text: [body_text]}
  values:
    public: {"true": "false", "false": "true"}
    kind: {"true": note, "false": message}
""")
    raw = _read(tmp_path, [{"id": 41, "conversations": [
        {"private": True, "body_text": "内部：已联系财务"},
        {"private": False, "body_text": "您好，退款已发出"}]}], lists=("conversations",))
    profile.events["lists"] = ["conversations"]
    mapped = map_tickets(raw, profile, TZ)
    assert mapped.events is not None
    assert mapped.events.get_column("public").to_list() == [False, True]
    assert mapped.events.get_column("kind").to_list() == ["note", "message"]


def test_codes_and_code_name_pairs_read_through_one_map(tmp_path):
    profile = _profile(tmp_path, """
id: codes
fields: {id: [id], priority: [priority], status: [state]}
values:
  priority: {very low: low, very high: urgent}
  status: {2: open, 4: resolved, closed successful: closed}
""")
    raw = _read(tmp_path, [
        {"id": 1, "priority": "3 normal", "state": 2},
        {"id": 2, "priority": "5 very high", "state": "4"},
        {"id": 3, "priority": "1 very low", "state": "closed successful"},
        {"id": 4, "priority": "9 whatever", "state": 7}])
    mapped = map_tickets(raw, profile, TZ)
    t = mapped.tickets
    assert t.get_column("priority").to_list() == ["normal", "urgent", "low", None]
    assert t.get_column("status").to_list() == ["open", "resolved", "closed", None]
    # what no map reads is reported as written
    assert mapped.unmapped == {"priority": {"9 whatever": 1}, "status": {"7": 1}}


def test_epochs_beside_naive_server_times(tmp_path):
    profile = _profile(tmp_path, """
id: otrs-ish
timezone: Europe/Berlin
fields: {id: [TicketNumber], created_at: [CreateTimeUnix, Created], updated_at: [Changed]}
epochs: {created_at: seconds}
""")
    raw = _read(tmp_path, [
        # OTRS <= 5: the epoch is the truth; Created is the server's wall clock
        {"TicketNumber": "1", "Created": "2014-11-21 00:17:40", "CreateTimeUnix": "1416525460",
         "Changed": "2014-11-21 00:30:00"}])
    t = map_tickets(raw, profile, TZ).tickets
    # 23:17:40 UTC is 07:17:40 in Shanghai; the naive Changed is Berlin wall time
    assert _times(t, "created_at") == ["2014-11-21 07:17:40 CST"]
    assert _times(t, "updated_at") == ["2014-11-21 07:30:00 CST"]
    # --input-tz wins over the profile's zone
    t = map_tickets(raw, profile, TZ, input_tz="UTC").tickets
    assert _times(t, "updated_at") == ["2014-11-21 08:30:00 CST"]


def test_epoch_milliseconds_and_a_number_in_the_wrong_unit(tmp_path):
    profile = _profile(tmp_path, """
id: ms
fields: {id: [id], created_at: [created]}
epochs: {created_at: milliseconds}
""")
    raw = _read(tmp_path, [{"id": 1, "created": 1759971600000},
                           {"id": 2, "created": "2025-10-09 09:00"},
                           {"id": 3, "created": "123456789012345678"}])
    t = map_tickets(raw, profile, TZ).tickets
    assert _times(t, "created_at") == ["2025-10-09 09:00:00 CST", "2025-10-09 09:00:00 CST",
                                       None]


def test_a_time_derived_from_another_plus_minutes(tmp_path):
    profile = _profile(tmp_path, """
id: zd
fields: {id: [id], created_at: [created_at]}
derive:
  vendor_first_response_at:
    from: created_at
    plus_minutes: [metric_set.reply_time_in_minutes.calendar]
""")
    raw = _read(tmp_path, [
        {"id": 1, "created_at": "2025-10-09T01:00:00Z",
         "metric_set": {"reply_time_in_minutes": {"calendar": 95, "business": 95}}},
        {"id": 2, "created_at": "2025-10-09T02:00:00Z",
         "metric_set": {"reply_time_in_minutes": {"calendar": None, "business": None}}}])
    mapped = map_tickets(raw, profile, TZ)
    assert _times(mapped.tickets, "vendor_first_response_at") == [
        "2025-10-09 10:35:00 CST", None]
    assert mapped.fields["vendor_first_response_at"] == (
        "metric_set.reply_time_in_minutes.calendar")


def test_html_bodies_read_as_text_and_plain_ones_left_alone(tmp_path):
    profile = _profile(tmp_path, """
id: html
fields: {id: [id], description: [description]}
html: [description]
events:
  lists: [articles]
  fields: {text: [body]}
  html: [text]
""")
    raw = _read(tmp_path, [{"id": 1, "description": "<div>屏幕<b>碎了</b>&nbsp;怎么办</div>",
                            "articles": [{"body": "您好，这里是客服中心<br>我是小周<br><br>"},
                                         {"body": "价格 <100元 & 包邮"}]}],
                lists=("articles",))
    mapped = map_tickets(raw, profile, TZ)
    assert mapped.tickets.get_column("description").to_list() == ["屏幕碎了 怎么办"]
    assert mapped.events is not None
    assert mapped.events.get_column("text").to_list() == [
        "您好，这里是客服中心\n我是小周", "价格 <100元 & 包邮"]


def test_an_unknown_zone_names_the_file_and_line(tmp_path):
    with pytest.raises(ConfigError, match=r"p\.yaml:2: timezone 'Europe/Berln' is not a known"):
        _profile(tmp_path, "id: tz\ntimezone: Europe/Berln\nfields: {id: [id]}\n")


def test_input_tz_on_the_command_line(svccheck, write):
    # Server local time in Berlin (UTC+2 in October): 09:00 there is 15:00 in Shanghai
    export = write("berlin.csv", """
        id,customer_id,category,description,priority,status,created_at,first_response_at,assignee
        B-1,C1,problem,login,urgent,in_progress,2025-10-09 09:00,2025-10-09 09:20,amy
        B-2,C2,problem,login,urgent,in_progress,2025-10-09 09:00,2025-10-09 10:00,bob
    """)
    run = svccheck("check", export, "--input-tz", "Europe/Berlin", "--select",
                   "response.first-reply", *ARGS)
    assert run.tickets("response.first-reply") == ["B-2"]
    bad = svccheck("check", export, "--input-tz", "Mars/Olympus", *ARGS)
    assert bad.code == 2 and "--input-tz 'Mars/Olympus': not a known time zone" in bad.err
