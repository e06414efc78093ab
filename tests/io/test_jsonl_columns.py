"""JSON Lines read in columns give what reading record by record gives.

A chat export is decoded by polars block by block; a block whose shape only
the record-by-record reader renders exactly (nested objects, lists of tags,
decimal numbers, half an emoji) is read that way. Either way the user sees
the same tickets, messages, row numbers and row problems -- and the same
findings. Each test reads an export both ways (the record-by-record reader
forced by switching the columnar decoder off) and compares.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from svccheck.io.base import ROW, RawInput, ReadOptions
from svccheck.io.readers import BUILTIN_READERS, json_columns, read_file
from svccheck.io.readers import json as json_reader
from svccheck.io.readers.batches import iter_batches

AS_OF = "2025-11-30 18:00"


def chat(number: int, **extra: object) -> str:
    """One chat ticket as a help desk writes it: a customer asks, an agent answers."""
    ticket = {
        "id": f"GD20251009-{number:05d}",
        "customer_id": f"C{number:06d}",
        "contact": "138****5678",
        "channel": "chat",
        "priority": "normal",
        "status": "resolved",
        "created_at": "2025-10-09 09:00",
        "first_response_at": "2025-10-09 09:02",
        "resolved_at": "2025-10-09 09:40",
        "satisfaction": 5,
        "messages": [
            {"role": "customer", "author": f"C{number:06d}", "at": "2025-10-09 09:00:00",
             "public": True, "text": f"你好，订单 {number} 的快递还没到"},
            {"role": "agent", "author": "客服小王", "at": "2025-10-09 09:02:00",
             "public": True, "text": "您好，我马上为您查询物流"},
        ],
        **extra,
    }
    return json.dumps(ticket, ensure_ascii=False)


# Lines 1-4 and 8-10 are good tickets; the rest is what a broken export holds.
MESSY = [
    chat(1),
    chat(2),
    chat(3, remarks="需跟进回访"),  # a key first seen on line 3: after "messages"
    chat(4),
    '{"id": "GD20251009-00005", "channel": "chat" "status": "closed"}',  # 5: comma missing
    "[1, 2]",  # 6: an array, not a ticket
    "null",  # 7: not a ticket either
    "",  # 8: blank, skipped, still counted
    chat(9),
    chat(10, satisfaction=True),  # a boolean among whole numbers stays "true"
    chat(11),
]


def read(path: Path) -> RawInput:
    return read_file(path, BUILTIN_READERS, ReadOptions())


def by_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the columnar decoder off: every block is read record by record."""
    monkeypatch.setattr(json_reader, "decode_block", lambda *args: None)


def same(columns: RawInput, records: RawInput) -> None:
    assert_frame_equal(columns.tickets, records.tickets)
    assert columns.events is not None and records.events is not None
    assert_frame_equal(columns.events, records.events)
    assert columns.problems == records.problems


def test_messy_lines_amid_good_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(MESSY) + "\n", encoding="utf-8")
    decoded = []
    original = json_columns.decode_block
    monkeypatch.setattr(json_reader, "decode_block",
                        lambda *a: decoded.append(original(*a)) or decoded[-1])

    columns = read(path)

    # the block was read in columns (record by record on a polars that crashes)
    assert decoded and (decoded[0] is not None) == json_columns.DECODES_IN_COLUMNS
    assert [p.row for p in columns.problems] == [5, 6, 7]
    assert columns.problems[1].message_en == "line is a JSON array, not a ticket object"
    assert columns.problems[2].message_en == "line is a JSON null, not a ticket object"
    assert columns.tickets.get_column(ROW).to_list() == [1, 2, 3, 4, 9, 10, 11]
    assert columns.tickets.get_column("satisfaction").to_list() == [
        "5", "5", "5", "5", "5", "true", "5"]
    # columns in the order the records show them: "remarks" after the rest
    assert columns.tickets.columns[-2:] == ["remarks", ROW]
    assert columns.events is not None
    assert columns.events.filter(pl.col(ROW) == 10).get_column("text").to_list() == [
        "你好，订单 10 的快递还没到", "您好，我马上为您查询物流"]
    assert columns.events.get_column("public").unique().to_list() == ["true"]

    monkeypatch.undo()
    by_records(monkeypatch)
    same(columns, read(path))


@pytest.mark.parametrize("odd", [
    chat(5, via={"channel": "web"}),  # a nested object: via.channel
    chat(5, tags=["退款", "加急"]),  # a list of tags: one cell of JSON
    chat(5, amount=12.50),  # a decimal number: Python writes 12.5
    chat(5, messages=None),  # no message list: a cell, not an empty list
    chat(5).replace("快递", "快递\\ud83d"),  # half an emoji: repaired and reported
    chat(5).replace('"channel": "chat"', '"channel": "chat", "channel": "web"'),  # twice
])
def test_shapes_read_record_by_record_read_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: str) -> None:
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join([chat(1), chat(2), chat(3), chat(4), odd, chat(6)]) + "\n",
                    encoding="utf-8")
    columns = read(path)
    by_records(monkeypatch)
    same(columns, read(path))


def test_a_key_named_like_a_bookkeeping_column(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An export's own ``_row`` key (its row in the system that wrote it) is kept as
    ``_row_2``, beside the line numbers, by both readers alike -- in a ticket
    and in a message."""
    lines = [chat(n, _row=str(100 + n)) for n in range(1, 4)]
    lines[1] = lines[1].replace('"public": true', '"_row": "m2", "public": true', 1)
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = read(path)
    assert columns.tickets.get_column("_row_2").to_list() == ["101", "102", "103"]
    assert columns.tickets.get_column(ROW).to_list() == [1, 2, 3]
    assert columns.events is not None
    assert "m2" in columns.events.get_column("_row_2").to_list()
    by_records(monkeypatch)
    same(columns, read(path))


def test_a_key_first_seen_in_a_later_block(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks stack with each new column after those seen before, as records do."""
    lines = [chat(n) for n in range(1, 8)] + [chat(8, remarks="已致歉"), chat(9)]
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(json_reader, "BLOCK_LINES", 3)
    columns = read(path)
    assert columns.tickets.columns[-2:] == ["remarks", ROW]
    by_records(monkeypatch)
    same(columns, read(path))


def test_batches_of_the_stream_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few lines each: the same rows, messages and problems, stacked."""
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(MESSY * 3), encoding="utf-8")

    def stacked() -> tuple[pl.DataFrame, pl.DataFrame, list]:
        batches = list(iter_batches(path, BUILTIN_READERS, ReadOptions(), batch_bytes=1500))
        assert len(batches) > 3
        events = [b.events for b in batches if b.events is not None]
        return (pl.concat([b.tickets for b in batches], how="diagonal_relaxed"),
                pl.concat(events, how="diagonal_relaxed"),
                [p for b in batches for p in b.problems])

    tickets, events, problems = stacked()
    assert [p.row for p in problems] == [5, 6, 7, 16, 17, 18, 27, 28, 29]
    by_records(monkeypatch)
    tickets_r, events_r, problems_r = stacked()
    assert_frame_equal(tickets, tickets_r)
    assert_frame_equal(events, events_r)
    assert problems == problems_r


@pytest.mark.parametrize("engine", ["memory", "stream"])
def test_findings_and_their_line_numbers(svccheck, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    """What the report says about a messy chat export does not depend on how it was read."""
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(MESSY), encoding="utf-8")
    argv = ("check", path, "--format", "json", "--as-of", AS_OF, "--engine", engine)
    columns = svccheck(*argv)
    assert columns.code in (0, 1), columns.err
    unreadable = [f for f in columns.report["violations"] if f["rule"] == "record.readable-row"]
    assert [f["row"] for f in unreadable] == [5, 6, 7]
    by_records(monkeypatch)
    records = svccheck(*argv)
    assert records.report == columns.report


def test_a_polars_that_crashes_on_bad_lines_reads_record_by_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """polars 1.43 dies (a segmentation fault) decoding some malformed lines in columns."""
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(MESSY) + "\n", encoding="utf-8")
    monkeypatch.setattr(json_columns, "DECODES_IN_COLUMNS", False)
    assert json_columns.decode_block(MESSY[:2], [1, 2], frozenset()) is None
    read_old = read(path)
    assert [p.row for p in read_old.problems] == [5, 6, 7]
    monkeypatch.undo()
    by_records(monkeypatch)
    same(read_old, read(path))
