"""A helpdesk export of several files read as one audit, on a small in-house helpdesk.

The helpdesk here saves what its API returns: pages of tickets (bare
arrays), one comments file per ticket under ``tickets/<number>/`` whose
comments do not say their ticket, a users file that says who is staff, and
a metrics file. The profile's ``files`` section tells the files apart and
links them; ``duplicates`` and ``events.opening`` settle what only the whole
export can. Each test reads the folder as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.io.whole_tickets import OPENS, REPEATS, settle

AS_OF = "2025-11-07 18:00"
PROFILE = r"""
id: acme-desk
extends: generic
duplicates: latest
fields:
  id: [number]
  internal_id: [key]
files:
  links_to: LINKS_TO
  events:
    ticket_from_path: 'tickets/([^/]+)/comments'
    columns: [ticket_id, user]
  users:
    columns: [staff]
  metrics:
    columns: [first_reply_minutes]
    ticket_id: ticket
    prefix: metrics
derive:
  vendor_first_response_at:
    from: created_at
    plus_minutes: [metrics.first_reply_minutes]
events:
  opening: request
  fields:
    author: [user]
    ticket_id: [ticket_id]
  author_roles:
    table: users
    key: user
    id: id
    role: staff
    values: {"yes": agent, "no": customer}
"""


def ticket(number: str, created: str, updated: str, priority: str = "urgent") -> dict:
    return {"number": number, "key": f"k-{number}", "customer_id": "U-1",
            "category": "problem", "description": "打不开", "priority": priority,
            "status": "in_progress", "created_at": created, "updated_at": updated,
            "assignee": "amy"}


def comment(at: str, user: int, text: str) -> dict:
    return {"at": at, "user": user, "text": text}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    root = tmp_path / "acme-export"

    def put(name: str, data: object) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    # T-1 is on both pages: the later version (page 2) is urgent, the earlier normal
    put("tickets-1.json", [ticket("T-1", "2025-11-04 09:00", "2025-11-04 09:05", "normal"),
                           ticket("T-2", "2025-11-04 10:00", "2025-11-04 10:20")])
    put("tickets-2.json", [ticket("T-1", "2025-11-04 09:00", "2025-11-04 10:00")])
    # T-1: an agent typed the customer's call in; the real reply came 45 minutes later
    put("tickets/T-1/comments.json", [
        comment("2025-11-04 09:00", 7, "客户来电：系统打不开"),
        comment("2025-11-04 09:45", 7, "您好，这里是技术支持部，我是小李。已修复。")])
    put("tickets/T-2/comments.json", [
        comment("2025-11-04 10:00", 9, "又打不开了"),
        comment("2025-11-04 10:20", 7, "您好，这里是技术支持部，我是小李。请重试。")])
    put("users.json", [{"id": 7, "staff": "yes"}, {"id": 9, "staff": "no"}])
    put("metrics.json", [{"ticket": "T-1", "first_reply_minutes": 45},
                         {"ticket": "T-2", "first_reply_minutes": 5}])
    (tmp_path / "acme.yaml").write_text(PROFILE.replace("LINKS_TO", "id"), encoding="utf-8")
    return root


def run_check(svccheck, export: Path, *argv: str):
    run = svccheck("check", export, "--profile", export.parent / "acme.yaml", "--as-of", AS_OF,
                   "--format", "json", "--select",
                   "response.first-reply,greeting.opening,record.vendor-first-reply", *argv)
    assert run.code in (0, 1), run.err
    return run


@pytest.mark.parametrize("engine", ["memory", "stream"])
def test_the_files_of_one_export_are_told_apart_and_linked(svccheck, export, engine):
    run = run_check(svccheck, export, "--engine", engine)
    kinds = {Path(i["path"]).relative_to(export).as_posix(): i["kind"]
             for i in run.report["inputs"]}
    assert kinds == {"tickets-1.json": "tickets", "tickets-2.json": "tickets",
                     "tickets/T-1/comments.json": "events",
                     "tickets/T-2/comments.json": "events",
                     "users.json": "users", "metrics.json": "metrics"}
    # T-1 counted once, as its later (urgent) version, the earlier one counted as a duplicate
    assert run.report["summary"]["tickets"] == 2
    assert [i.get("duplicates") for i in run.report["inputs"]][:2] == [1, None]
    # its opening comment (typed by an agent) is the request, not the first reply:
    # the reply at 45 min breaks the urgent target, and no greeting is missing
    assert run.tickets("response.first-reply") == ["T-1"]
    assert run.findings("greeting.opening") == []
    # the metrics file says 5 minutes for T-2; its comments say 20
    assert run.tickets("record.vendor-first-reply") == ["T-2"]


def test_comments_that_cannot_be_linked_are_refused_with_why(svccheck, export):
    stray = export / "archive" / "old-comments.json"
    stray.parent.mkdir()
    stray.write_text(json.dumps({"comments": [comment("2025-11-04 09:00", 9, "hi")]}),
                     encoding="utf-8")
    run = svccheck("check", export, "--profile", export.parent / "acme.yaml", "--as-of", AS_OF)
    assert run.code == 2
    assert "old-comments.json: these events carry no ticket id" in run.err
    assert "files.events.ticket_from_path" in run.err


def test_events_naming_their_ticket_by_an_internal_id_are_shown_by_number(
        svccheck, export):
    (export / "tickets" / "T-2" / "comments.json").unlink()
    (export / "articles.json").write_text(json.dumps([
        {"ticket_id": "k-T-2", "at": "2025-11-04 10:00", "user": 9, "text": "又打不开了"},
        {"ticket_id": "k-T-2", "at": "2025-11-04 11:00", "user": 7, "text": "请重试。"}]),
        encoding="utf-8")
    (export.parent / "acme.yaml").write_text(PROFILE.replace("LINKS_TO", "internal_id"),
                                             encoding="utf-8")
    run = run_check(svccheck, export)
    (opening,) = run.findings("greeting.opening")
    assert (opening["ticket"], opening["internal_id"]) == ("T-2", "k-T-2")


def test_settling_keeps_the_latest_version_and_its_own_comments():
    import polars as pl

    tickets = pl.DataFrame({
        TICKET: ["A", "B", "A", "A"], SOURCE: ["p1", "p1", "p2", "p3"], ROW: [1, 2, 1, 1],
        "updated_at": [3, 1, 5, None], REPEATS: [True, True, True, True],
    }).with_columns(pl.col("updated_at").cast(pl.Datetime("us")))
    events = pl.DataFrame({
        TICKET: ["A", "A", "A", "B"], SOURCE: ["p1", "p2", "p3", "p1"], ROW: [1, 1, 1, 2],
        "at": [1, 1, 1, 2], "role": ["agent"] * 4, "kind": ["message"] * 4,
        OPENS: [True] * 4,
    }).with_columns(pl.col("at").cast(pl.Datetime("us")))
    kept, kept_events, dropped = settle(tickets, events)
    # A's version of p2 is the latest; one without an update time counts as the earliest
    assert kept.select(TICKET, SOURCE).rows() == [("B", "p1"), ("A", "p2")]
    assert dropped == {"p1": 1, "p3": 1}
    assert kept_events is not None
    assert kept_events.select(TICKET, SOURCE).rows() == [("A", "p2"), ("B", "p1")]
    # each ticket's first message is the customer's request
    assert kept_events.get_column("role").to_list() == ["customer", "customer"]
