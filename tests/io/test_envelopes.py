"""Helpdesk API responses saved as files: the reader finds the records in their envelope.

Each document below is shaped as the helpdesk returns it (see the module
docstring of :mod:`svccheck.io.readers.envelopes` for where each shape comes
from); what the user notices is which records are read and what svccheck
takes them for.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svccheck.errors import InputError
from svccheck.io.base import RawInput, ReadOptions
from svccheck.io.readers import BUILTIN_READERS, read_file
from svccheck.io.readers.batches import iter_batches


def read(tmp_path: Path, name: str, document: object, **options: object) -> RawInput:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return read_file(path, BUILTIN_READERS, ReadOptions(**options))  # type: ignore[arg-type]


def cells(raw: RawInput, name: str) -> list[str | None]:
    return raw.tickets.get_column(name).to_list()


def test_a_page_of_tickets_with_its_paging_fields(tmp_path: Path) -> None:
    raw = read(tmp_path, "tickets-page-2.json", {
        "tickets": [{"id": 35436, "subject": "发票"}, {"id": 35437, "subject": "退款"}],
        "next_page": None, "previous_page": "https://x.zendesk.com/api/v2/tickets.json?page=1",
        "count": 102})
    assert raw.kind == "tickets"
    assert cells(raw, "id") == ["35436", "35437"]
    assert "next_page" not in raw.tickets.columns


def test_one_ticket_with_a_users_sideload(tmp_path: Path) -> None:
    raw = read(tmp_path, "ticket.json", {
        "ticket": {"id": 35436, "requester_id": 20978392},
        "users": [{"id": 20978392, "role": "end-user"}]})
    assert (raw.kind, cells(raw, "id")) == ("tickets", ["35436"])
    assert raw.tables["users"].get_column("role").to_list() == ["end-user"]


def test_comments_of_one_ticket_carry_no_ticket_id(tmp_path: Path) -> None:
    raw = read(tmp_path, "comments.json", {
        "comments": [{"id": 1274, "author_id": 123123, "body": "您好", "public": True}],
        "next_page": None, "previous_page": None, "count": 1})
    assert raw.kind == "events"
    assert cells(raw, "body") == ["您好"]
    assert "ticket_id" not in raw.tickets.columns


def test_audits_give_their_comment_events_with_the_audits_ticket_and_time(
        tmp_path: Path) -> None:
    raw = read(tmp_path, "ticket_audits.json", {"audits": [
        {"id": 2127301143, "ticket_id": 666, "created_at": "2025-10-09T01:00:00Z",
         "author_id": 1, "events": [
             {"id": 1564245, "type": "Comment", "author_id": 1, "body": "工单已收到",
              "public": True},
             {"id": 1564246, "type": "Notification", "subject": "Request received",
              "body": "您好，我们已收到您的请求", "via": {"channel": "rule"}},
             {"id": 1564247, "type": "Change", "field_name": "status", "value": "open"}]},
    ], "meta": {"has_more": False, "after_cursor": None, "before_cursor": None},
        "links": {"prev": None, "next": None}})
    assert raw.kind == "events"
    # the trigger's notification e-mail and the status change are not the conversation
    assert cells(raw, "id") == ["1564245"]
    assert cells(raw, "ticket_id") == ["666"]
    assert cells(raw, "created_at") == ["2025-10-09T01:00:00Z"]
    assert cells(raw, "audit_id") == ["2127301143"]


def test_users_metrics_and_search_results(tmp_path: Path) -> None:
    users = read(tmp_path, "users.json", {"users": [{"id": 1, "role": "agent"}],
                                          "next_page": None, "count": 1})
    metrics = read(tmp_path, "ticket_metrics.json", {"ticket_metrics": [
        {"id": 33, "ticket_id": 4343, "reply_time_in_minutes": {"calendar": 2391,
                                                                 "business": 737}}]})
    results = read(tmp_path, "search.json", {"results": [
        {"id": 4343, "result_type": "ticket"}, {"id": 9, "result_type": "user"}],
        "count": 2})
    assert users.kind == "users"
    assert (metrics.kind, cells(metrics, "reply_time_in_minutes.calendar")) == (
        "metrics", ["2391"])
    assert (results.kind, cells(results, "id")) == ("tickets", ["4343"])


def test_a_bare_array_says_nothing_of_its_kind(tmp_path: Path) -> None:
    raw = read(tmp_path, "conversations.json", [{"id": 1, "ticket_id": 41, "incoming": True}])
    assert raw.kind is None
    assert cells(raw, "incoming") == ["true"]


def test_otrs_ticket_get_nests_its_articles(tmp_path: Path) -> None:
    raw = read(tmp_path, "TicketGet.json", {"Ticket": [{
        "TicketID": 1, "TicketNumber": "2025100910000011",
        "Article": [{"ArticleID": "11", "SenderType": "customer", "Body": "你好"},
                    {"ArticleID": "12", "SenderType": "agent", "Body": "您好"}],
        "DynamicField": [{"Name": "ProcessID", "Value": None}]}]})
    assert raw.kind == "tickets"
    assert cells(raw, "TicketNumber") == ["2025100910000011"]
    assert raw.events is not None
    assert raw.events.get_column("SenderType").to_list() == ["customer", "agent"]
    assert raw.events.get_column("_list").to_list() == ["Article", "Article"]
    assert "DynamicField" in raw.tickets.columns  # not a conversation: one cell


def test_a_profile_names_more_nested_lists(tmp_path: Path) -> None:
    document = [{"id": 1, "conversation": {"posts": [{"text": "你好"}, {"text": "您好"}]}}]
    plain = read(tmp_path, "a.json", document)
    assert plain.events is None
    named = read(tmp_path, "b.json", document, event_lists=("posts",))
    assert named.events is not None
    assert named.events.get_column("text").to_list() == ["你好", "您好"]
    assert named.events.get_column("_list").to_list() == ["conversation.posts"] * 2


def test_a_ticket_search_response_is_refused_with_what_to_save_instead(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"TicketSearch response\); save the TicketGet response"):
        read(tmp_path, "search.json", {"TicketID": ["1", "324", "18"]})


def test_an_admin_export_named_json_is_read_line_by_line_and_in_batches(
        tmp_path: Path) -> None:
    path = tmp_path / "export-2025-10-31-1200-9990001-3f2a_1.json"
    lines = [{"id": n, "comments": [{"author_id": 7, "body": f"第{n}问"}]}
             for n in range(1, 40)]
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in lines),
                    encoding="utf-8")
    whole = read_file(path, BUILTIN_READERS, ReadOptions())
    assert whole.format == "jsonl"
    assert whole.events is not None and whole.events.height == 39
    batches = list(iter_batches(path, BUILTIN_READERS, ReadOptions(), batch_bytes=256))
    assert len(batches) > 1
    assert sum(b.tickets.height for b in batches) == 39
