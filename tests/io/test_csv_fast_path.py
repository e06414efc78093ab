"""The columnar CSV path gives exactly what the exact (row-by-row) path gives.

Every case is read twice -- once as shipped, once with the columnar path
switched off -- and the frames, row numbers and ragged-row problems must be
equal. The cases are the shapes where the two parsers could disagree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from svccheck.io.base import ReadOptions
from svccheck.io.readers import csv as csv_reader
from svccheck.io.readers.csv import CsvReader
from svccheck.io.readers.csv_fast import parse_simple_csv

CASES = {
    "plain": "id,name,note\n1,a,x\n2,b,y\n",
    "crlf": "id,name,note\r\n1,a,x\r\n2,b,y\r\n",
    "no final newline": "id,name,note\n1,a,x\n2,b,y",
    "short and long rows": "id,name,note\n1,a\n2,b,y,z\n3,c,\n",          # rows 1, 2 ragged
    "blank lines keep numbers": "id,name,note\n1,a,x\n\n , ,\n4,d,w\n",    # row 4 is row 4
    "blank lines before header": "\n\nid,name,note\n1,a,x\n",
    "quoted separators and quotes": 'id,name,note\n1,"a, b","say ""hi"""\n2,"",""\n',
    "duplicate and empty headers": "id,备注,备注,\n1,a,b,c\n",
    "chinese text": "工单编号,问题描述\nT1,客户说：“不行”，要求退款\n",
    "whitespace kept": "id,name\n1,  padded  \n",
    "control-character blank": "id,name,note\n1,a,x\n,,\x1f\n3,c,z\n",  # Python strips U+001F
    # blank under the header's columns, a value past them: a long row, not a blank one
    "long row blank in the header's columns": "id,name,note\n1,a,x\n ,,\t,extra\n",
}

SLOW_ONLY = {
    "multi-line cell": 'id,note\n1,"line one\nline two"\n2,x\n',
    "stray quote": 'id,size\n1,5" screen\n',
    "text after closing quote": 'id,note\n1,"ab"c\n',
    "unclosed quote": 'id,note\n1,"open\n2,x\n',
    "old mac line ends": "id,note\r1,x\r",
    # blank under the header's columns, only a quoted separator past them
    "long row of blanks and a quoted separator": 'id,name,note\n1,a,x\n ,,,","\n',
}


def _read(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch, fast: bool):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(csv_reader, "parse_simple_csv", lambda *_: None)
        return CsvReader().read(path.read_bytes(), path, ReadOptions())


@pytest.mark.parametrize("name", CASES)
def test_columnar_path_equals_exact_path(tmp_path, monkeypatch, name):
    text = CASES[name]
    assert parse_simple_csv(text, ",") is not None, "this case should take the columnar path"
    fast = _read(tmp_path, text, monkeypatch, fast=True)
    slow = _read(tmp_path, text, monkeypatch, fast=False)
    assert_frame_equal(fast.tickets, slow.tickets)
    assert fast.problems == slow.problems


@pytest.mark.parametrize("name", SLOW_ONLY)
def test_ambiguous_quoting_takes_the_exact_path(name):
    assert parse_simple_csv(SLOW_ONLY[name], ",") is None


def test_ragged_rows_are_reported_on_the_columnar_path(tmp_path, monkeypatch):
    result = _read(tmp_path, CASES["short and long rows"], monkeypatch, fast=True)
    assert [(p.row, p.message_en) for p in result.problems] == [
        (1, "row has 2 fields, the header has 3"),
        (2, "row has 4 fields, the header has 3"),
    ]
    # the short row's missing field is null, not an empty string that would pass
    assert result.tickets.row(0) == ("1", "a", None, 1)


def test_long_row_blank_under_the_header_is_kept_and_reported(tmp_path, monkeypatch):
    result = _read(tmp_path, CASES["long row blank in the header's columns"], monkeypatch,
                   fast=True)
    assert result.tickets.get_column("_row").to_list() == [1, 2]
    assert [(p.row, p.message_en) for p in result.problems] == [
        (2, "row has 4 fields, the header has 3"),
    ]


def _read_bytes(tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch, fast: bool):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(csv_reader, "parse_simple_csv", lambda *_: None)
        return CsvReader().read(data, path, ReadOptions())


UTF8_BYTES = {
    "utf-8 with BOM": ("\ufeff" + CASES["chinese text"]).encode("utf-8"),
    "utf-8": CASES["short and long rows"].encode("utf-8"),
    "blank lines before header": CASES["blank lines before header"].encode("utf-8"),
}


@pytest.mark.parametrize("name", UTF8_BYTES)
def test_utf8_bytes_are_parsed_without_decoding_the_file(tmp_path, monkeypatch, name):
    data = UTF8_BYTES[name]
    slow = _read_bytes(tmp_path, data, monkeypatch, fast=False)

    def no_decoding(*_args, **_kwargs):
        raise AssertionError("the UTF-8 export was decoded to a string")

    monkeypatch.setattr(csv_reader, "decode_export", no_decoding)
    fast = _read_bytes(tmp_path, data, monkeypatch, fast=True)
    assert_frame_equal(fast.tickets, slow.tickets)
    assert fast.problems == slow.problems
    assert (fast.encoding, fast.format) == (slow.encoding, slow.format)
    assert fast.encoding == ("utf-8-sig" if name == "utf-8 with BOM" else "utf-8")


@pytest.mark.parametrize(("name", "data"), [
    ("gb18030", "工单编号,问题描述\nT1,客户说不行\n".encode("gb18030")),
    ("sep line", b"sep=;\nid;note\n1;x\n"),
    ("cut mid-character", "id,note\n1,退款\n".encode()[:-2]),
])
def test_other_exports_still_take_the_text_path(tmp_path, monkeypatch, name, data):
    raw = CsvReader().read(data, tmp_path / "t.csv", ReadOptions())
    assert raw.tickets.height == 1
    if name == "gb18030":
        assert raw.encoding == "gb18030"
        assert raw.tickets.get_column("问题描述").to_list() == ["客户说不行"]
    if name == "sep line":
        assert raw.tickets.columns[:2] == ["id", "note"]
    if name == "cut mid-character":
        assert [p.message_en.startswith("the file ends in the middle") for p in raw.problems] \
            == [True]


@pytest.mark.parametrize("text", [
    "id,note\r\n1,x\r\n", "id,note\r\r\n1,x\r\n", "id,note\r\n1,x\r", "id,note\n1\r2,x\n",
    "id,note\r\n1,x\r\r", "id,note\n1,x\n",
])
def test_a_cr_that_ends_no_line_takes_the_exact_path(text):
    lone_cr = text.count("\r") != text.count("\r\n")
    assert (parse_simple_csv(text, ",") is None) == lone_cr
