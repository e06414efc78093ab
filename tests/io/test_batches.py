"""Reading a file in batches gives exactly what reading it whole gives.

Every export below is read whole with ``read_file`` and in batches with
``iter_batches`` at batch sizes from one byte (a batch per record) up; the
stacked batches must equal the whole read frame for frame -- same rows, row
numbers, problems, encoding -- and a file ``read_file`` refuses must be
refused with the same message. The same holds after mapping to the canonical
model (``MappedFile``). Each export notes beside it what is wrong with it.
"""

from __future__ import annotations

import gzip
import string
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from svccheck.errors import InputError
from svccheck.io.base import RawInput, ReadOptions, RowProblem
from svccheck.io.mapped_batches import MappedFile
from svccheck.io.profiles import SHIPPED_DIR, load_profile, map_tickets
from svccheck.io.readers import BUILTIN_READERS, limits, read_file
from svccheck.io.readers.batches import iter_batches

ROOT = Path(__file__).resolve().parents[2]
TZ = "Asia/Shanghai"
SIZES = (1, 7, 64, 200, 1 << 20)

ZH_ROWS = "".join(f'{i},张三{i},"备注，多行\n第二行{i}"\n' for i in range(1, 300))
ASCII_ROWS = "".join(f'{i},row {i},"note, {i}"\n' for i in range(300, 700))

#: name -> file bytes; the comment says what the reader has to cope with.
EXPORTS: dict[str, bytes] = {
    "plain.csv": b"id,name,note\n1,a,x\n2,b,y\n",
    "crlf.csv": b"id,name,note\r\n1,a,x\r\n2,b,y\r\n",
    "no-final-newline.csv": b"id,name,note\n1,a,x\n2,b,y",
    # rows 1 and 2 have the wrong number of fields
    "ragged.csv": b"id,name,note\n1,a\n2,b,y,z\n3,c,\n",
    # rows 2 and 3 are blank but keep their numbers: the last row is row 4
    "blank-rows.csv": b"id,name,note\n1,a,x\n\n , ,\n4,d,w\n",
    "blank-lines-before-header.csv": b"\n\nid,name,note\n1,a,x\n",
    "quoted.csv": b'id,name,note\n1,"a, b","say ""hi"""\n2,"",""\n',
    # cells of rows 1 and 3 hold line breaks (one a CRLF, one a blank line)
    "multi-line-cells.csv": b'id,note\n1,"line one\nline two"\n2,x\n3,"a\r\nb\n\nc"\n4,y\n',
    # a stray quote in row 1: only the exact parser reads it, and a cut at a
    # newline with an even number of quotes so far would split row 2
    "stray-quote.csv": b'id,size\n1,5" screen\n2,"x\ny"\n3,z\n',
    "text-after-closing-quote.csv": b'id,note\n1,"ab"c\n2,x\n',
    # row 2 opens a quote that is never closed: rows 2-4 become one row
    "unclosed-quote.csv": b'id,note\n1,x\n2,"open\n3,x\n4,y\n',
    "old-mac-line-ends.csv": b"id,note\r1,x\r2,y\r",
    "excel-sep-line.csv": b"sep=;\r\na;b\r\n1;2\r\n3;4\r\n",
    "utf8-bom.csv": "\ufeff工单编号,状态\nT1,已解决\nT2,处理中\n".encode(),
    "gb18030.csv": "工单编号,状态,备注\nT1,已解决,满意\nT2,处理中,\"多行\n备注\"\n".encode("gb18030"),
    "utf16.txt": "id\tname\n1\tZoë\n2\t张三\n".encode("utf-16"),
    # row 1 holds a NUL byte (removed and reported)
    "nul-byte.csv": b"id,name\n1,a\x00b\n2,c\n" + b"3,d\n" * 2000,
    "header-only.csv": b"id,name\n\n\n",
    "duplicate-headers.csv": "id,备注,备注,\n1,a,b,c\n".encode(),
    "tab.tsv": b'id\tnote\n1\t"a\tb"\n',
    # more than one detection sample: the encoding is decided on the start
    "gb18030-long.csv": ("id,name,note\n" + ZH_ROWS + ASCII_ROWS).encode("gb18030"),
    "utf16-le-no-bom.csv": ("id,name,note\n" + ZH_ROWS).encode("utf-16-le"),
    # ASCII for many kilobytes, then GB18030: the whole file is GB18030
    "ascii-then-gb18030.csv": ("id,name,note\n" + ASCII_ROWS).encode() + ZH_ROWS.encode("gb18030"),
    # cut off in the middle of the last character: last row reported
    "truncated.csv": ("id,name,note\n" + ZH_ROWS).encode()[:-2],
    # the quote of the last record is never closed
    "unclosed-quote-long.csv": ("id,name,note\n" + ZH_ROWS + '1,"open\n' + ASCII_ROWS).encode(),
    # the last record is blank but opens a quote: reported on row 2, the last row before it
    "unclosed-quote-in-blank-record.csv": b'id,a\n1,x\n2,y\n\n  "\n\n',
    # one ticket per line with nested messages; line 3 is blank, 4 not JSON, 5 not an object
    "tickets.jsonl": (b'{"id": 1, "status": "open", "messages": [{"text": "hi"}]}\n\n'
                      b'{"id": 2, "extra": 3}\nnot json\n[1]\n'
                      b'{"id": 4, "messages": [{"text": "yo", "at": "2025-01-02 03:04"}]}\n'),
    # line 1 is not JSON: maybe a JSON document, so the whole file decides
    "bad-first-line.jsonl": b'oops\n{"id": 1}\n',
    # a key appears only late; line 4 is a number
    "late-key.jsonl": b'{"id": 1}\n{"id": 2}\n\n[2]\n{"id": 5, "status": "closed"}\n\n',
    "truncated.jsonl": '{"id": 1}\n{"id": "张三"}'.encode()[:-3],
    "utf16.jsonl": '{"id": 1, "n": "张"}\n{"id": 2}\n'.encode("utf-16"),
    "long.jsonl": "".join(
        f'{{"id": {i}, "customer_id": "C{i}", "messages": [{{"text": "第{i}条"}}]}}\n'
        for i in range(500)).encode(),
    # Zendesk's admin export: a ticket a line with its comments, named .json
    "export-2025-10-31-1200-9990001-3f2a_1.json": "".join(
        f'{{"id": {i}, "subject": "第{i}单", "comments": [{{"author_id": 7, "body": "问{i}"}}]}}\n'
        for i in range(1, 200)).encode(),
}

#: name -> bytes of files read_file refuses; the message must be the same.
REFUSED: dict[str, bytes] = {
    "empty.csv": b"",
    "blank-only.csv": b"\n\n , \n",
    # UTF-8 lines first, GB18030 lines after them: two exports glued together
    "utf8-then-gb18030.csv": ("id,name,note\n" + ZH_ROWS).encode() + ZH_ROWS.encode("gb18030"),
    "gb18030-then-utf8.csv": ("id,name,note\n" + ZH_ROWS).encode("gb18030") + ZH_ROWS.encode(),
    "invalid-byte-mid-file.csv": ("id,name,note\n" + ZH_ROWS).encode() + b"\xff\xfe,x\n",
    "utf16-odd-length.csv": ("id,name,note\n" + ZH_ROWS).encode("utf-16-le") + b"x",
    "one-json-document.jsonl": b'{\n "id": 1\n}\n',
    "no-object.jsonl": b"oops\nnope\n",
    "mixed.jsonl": ('{"id": 1, "n": "张三李四"}\n' * 200).encode()
                   + ('{"id": 1, "n": "张三李四"}\n' * 200).encode("gb18030"),
    "binary.csv": b"PK\x03\x04" + bytes(range(256)) * 20,
}


def _write(tmp_path: Path, name: str, data: bytes, gzipped: bool) -> Path:
    path = tmp_path / (name + (".gz" if gzipped else ""))
    path.write_bytes(gzip.compress(data) if gzipped else data)
    return path


def _batches(path: Path, size: int, options: ReadOptions | None = None) -> list[RawInput]:
    return list(iter_batches(path, BUILTIN_READERS, options or ReadOptions(), batch_bytes=size))


def _stack(frames: list[pl.DataFrame | None], like: pl.DataFrame | None) -> pl.DataFrame | None:
    present = [frame for frame in frames if frame is not None]
    if like is None:
        assert not present
        return None
    stacked = pl.concat(present, how="diagonal_relaxed")
    # a JSON key first seen in a later batch comes later among the columns
    assert sorted(stacked.columns) == sorted(like.columns)
    return stacked.select(like.columns)


def _sorted(problems: list[RowProblem]) -> list[RowProblem]:
    # each batch lists its problems in row order; read_file lists the
    # --max-cell-bytes ones after the others
    return sorted(problems, key=lambda p: (p.row, p.message_en))


def assert_same_read(path: Path, size: int, options: ReadOptions | None = None) -> int:
    options = options or ReadOptions()
    whole = read_file(path, BUILTIN_READERS, options)
    batches = _batches(path, size, options)
    assert_frame_equal(_stack([b.tickets for b in batches], whole.tickets), whole.tickets)
    events = _stack([b.events for b in batches], whole.events)
    if whole.events is not None:
        assert_frame_equal(events, whole.events)
    assert _sorted([p for b in batches for p in b.problems]) == _sorted(whole.problems)
    assert batches[-1].encoding == whole.encoding
    assert {(b.format, b.compression) for b in batches} == {(whole.format, whole.compression)}
    return len(batches)


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
@pytest.mark.parametrize("name", EXPORTS)
def test_batches_stack_up_to_the_whole_file(tmp_path: Path, name: str, gzipped: bool) -> None:
    data = EXPORTS[name]
    path = _write(tmp_path, name, data, gzipped)
    # at most a few hundred batches per file: enough to cut every kind of record
    counts = [assert_same_read(path, size) for size in SIZES if size * 300 >= len(data)]
    assert counts[-1] == 1  # a batch bigger than the file: the file in one piece
    assert max(counts) > 1 or len(data) < 30


def test_tiny_batches_really_split_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "multi.csv", EXPORTS["multi-line-cells.csv"], gzipped=False)
    batches = _batches(path, 1)
    rows = [b.tickets.get_column("_row").to_list() for b in batches]
    assert len(rows) > 1
    assert sorted(row for part in rows for row in part) == [1, 2, 3, 4]
    notes = pl.concat([b.tickets for b in batches]).get_column("note").to_list()
    assert notes == ["line one\nline two", "x", "a\r\nb\n\nc", "y"]


def test_gb18030_is_decoded_piece_by_piece(tmp_path: Path) -> None:
    path = _write(tmp_path, "gb.csv", EXPORTS["gb18030-long.csv"], gzipped=False)
    batches = _batches(path, 1024)
    assert len(batches) > 5
    assert {b.encoding for b in batches} == {"gb18030"}
    assert batches[0].tickets.get_column("name")[0] == "张三1"


def test_text_after_an_empty_quoted_cell_reads_as_the_exact_parser_reads_it(
    tmp_path: Path,
) -> None:
    """Python's csv reads ``""x""`` as the text ``x""``; the columnar parser
    read ``x``. A batch of such rows alone took the columnar path."""
    path = _write(tmp_path, "stray.csv", b'id,a\n""x"",b\nc,""d""\n', gzipped=False)
    raw = read_file(path, BUILTIN_READERS, ReadOptions())
    assert raw.tickets.rows() == [('x""', "b", 1), ("c", 'd""', 2)]
    assert_same_read(path, 1)


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
@pytest.mark.parametrize("name", REFUSED)
def test_refused_files_are_refused_with_the_same_message(
    tmp_path: Path, name: str, gzipped: bool
) -> None:
    data = REFUSED[name]
    path = _write(tmp_path, name, data, gzipped)
    with pytest.raises(InputError) as whole:
        read_file(path, BUILTIN_READERS, ReadOptions())
    for size in (s for s in SIZES if s * 300 >= len(data)):
        with pytest.raises(InputError) as batched:
            _batches(path, size)
        assert str(batched.value) == str(whole.value)


def test_missing_file_and_directory_are_refused_alike(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.csv", tmp_path):
        with pytest.raises(InputError) as whole:
            read_file(path / "x.csv" if path == tmp_path else path, BUILTIN_READERS, ReadOptions())
        with pytest.raises(InputError) as batched:
            _batches(path / "x.csv" if path == tmp_path else path, 10)
        assert str(batched.value) == str(whole.value)


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
def test_guards_trip_alike(tmp_path: Path, gzipped: bool) -> None:
    """A line over 64 x --max-cell-bytes and a cell over --max-cell-bytes."""
    small = ReadOptions(max_cell_bytes=64)
    long_line = ("id,name,note\n" + ASCII_ROWS + "1," + "x" * 5000 + ",y\n").encode()
    path = _write(tmp_path, "long-line.csv", long_line, gzipped)
    with pytest.raises(InputError) as whole:
        read_file(path, BUILTIN_READERS, small)
    with pytest.raises(InputError) as batched:
        _batches(path, 100, small)
    assert str(batched.value) == str(whole.value)
    # a 100-byte cell is a row problem, its value dropped
    big_cell = ("id,name,note\n" + ASCII_ROWS + "1," + "x" * 100 + ",y\n" + ASCII_ROWS).encode()
    path = _write(tmp_path, "big-cell.csv", big_cell, gzipped)
    assert assert_same_read(path, 100, small) > 1
    assert any("max-cell-bytes" in p.message_en
               for b in _batches(path, 100, small) for p in b.problems)


def test_gzip_bomb_is_refused_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "FLOOR_BYTES", 1000)
    path = _write(tmp_path, "bomb.csv", b"id,name\n" + b"1,aaaa\n" * 100_000, gzipped=True)
    with pytest.raises(InputError) as whole:
        read_file(path, BUILTIN_READERS, ReadOptions())
    assert "zip bomb" in str(whole.value)
    with pytest.raises(InputError) as batched:
        _batches(path, 64)
    assert str(batched.value) == str(whole.value)


def test_other_formats_come_as_one_batch(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.json", b'[{"id": 1}, {"id": 2}]', gzipped=False)
    batches = _batches(path, 1)
    assert len(batches) == 1
    assert batches[0].tickets.height == 2


def test_forced_encoding_is_used_for_every_batch(tmp_path: Path) -> None:
    path = _write(tmp_path, "gb.csv", EXPORTS["gb18030-long.csv"], gzipped=False)
    options = ReadOptions(encoding="GBK")
    assert assert_same_read(path, 500, options) > 1
    assert {b.encoding for b in _batches(path, 500, options)} == {"gbk"}


# -- mapping ------------------------------------------------------------------


def _profile(name: str):
    return load_profile(SHIPPED_DIR / f"{name}.yaml")


def assert_same_mapping(path: Path, size: int | None, profile_name: str) -> None:
    """``size`` None: the file read whole, which is the one-batch case of the same path."""
    profile = _profile(profile_name)
    whole_raw = read_file(path, BUILTIN_READERS, ReadOptions())
    whole = map_tickets(whole_raw, profile, TZ)
    mapped = MappedFile(path, BUILTIN_READERS, ReadOptions(), profile, TZ, batch_bytes=size)
    batches = list(mapped)
    tickets = _stack([b.tickets for b in batches], whole.tickets)
    assert_frame_equal(tickets, whole.tickets)
    events = _stack([b.events for b in batches], whole.events)
    if whole.events is not None:
        assert_frame_equal(events, whole.events)
    summary = mapped.summary
    assert summary.fields == whole.fields
    assert summary.unused_columns == whole.unused_columns
    assert summary.rows == whole_raw.tickets.height
    assert summary.events == (whole.events.height if whole.events is not None else 0)
    assert (summary.format, summary.encoding, summary.compression, summary.profile) == (
        whole_raw.format, whole_raw.encoding, whole_raw.compression, profile.id)
    assert summary.batches == len(batches)
    if size is None:
        assert len(batches) == 1


SAMPLE = ROOT / "src" / "svccheck" / "data" / "sample-response-record.csv"
ON_DISK = sorted(
    path for pattern in ("*.csv", "*.csv.gz", "*.tsv", "*.jsonl", "*.jsonl.gz")
    for path in (ROOT / "tests").rglob(pattern)
    if "golden" not in path.parts or "input" in path.parts
)


@pytest.mark.parametrize("size", [None, 200, 5000, 1 << 20])
def test_shipped_sample_maps_the_same_in_batches(tmp_path: Path, size: int | None) -> None:
    """GB18030, run-together timestamps, value maps, blank cells: 300 tickets."""
    assert_same_mapping(SAMPLE, size, "cn-response-record")
    gz = _write(tmp_path, "sample.csv", SAMPLE.read_bytes(), gzipped=True)
    assert_same_mapping(gz, size, "cn-response-record")


@pytest.mark.parametrize("path", ON_DISK, ids=lambda p: p.name)
def test_exports_under_tests_read_the_same_in_batches(path: Path) -> None:
    for size in (1, 300, 1 << 20):
        assert_same_read(path, size)


@pytest.mark.parametrize("name", ["tickets.jsonl", "late-key.jsonl", "long.jsonl"])
def test_jsonl_maps_the_same_in_batches(tmp_path: Path, name: str) -> None:
    """Ticket id from the row number where missing, nested messages, late keys."""
    path = _write(tmp_path, name, EXPORTS[name], gzipped=False)
    for size in (None, 1, 64, 1 << 20):
        assert_same_mapping(path, size, "generic")


def test_a_late_key_that_would_remap_a_field_is_an_error(tmp_path: Path) -> None:
    # "ticket_id" feeds field id until line 2 brings "id", the profile's first choice
    data = b'{"ticket_id": "A"}\n{"ticket_id": "B", "id": "b"}\n'
    path = _write(tmp_path, "remap.jsonl", data, gzipped=False)
    mapped = MappedFile(path, BUILTIN_READERS, ReadOptions(), _profile("generic"), TZ,
                        batch_bytes=1)
    with pytest.raises(InputError, match="field 'id'"):
        list(mapped)
    # read whole, or in one batch, it maps
    assert len(list(MappedFile(path, BUILTIN_READERS, ReadOptions(), _profile("generic"), TZ)))
    whole = list(MappedFile(path, BUILTIN_READERS, ReadOptions(), _profile("generic"), TZ,
                            batch_bytes=None))
    assert [b.tickets.height for b in whole] == [2]


# -- generated CSV ------------------------------------------------------------

_CELL = st.text(alphabet=string.ascii_letters[:3] + ' ,"\n\r;张', max_size=6)
_ROW = st.lists(_CELL, min_size=1, max_size=4)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=1, max_size=8), quote_all=st.booleans(),
       size=st.sampled_from([1, 5, 30]), newline=st.sampled_from(["\n", "\r\n"]))
def test_generated_csv_reads_the_same_in_batches(
    tmp_path: Path, rows: list[list[str]], quote_all: bool, size: int, newline: str
) -> None:
    """Cells with quotes, separators and line breaks, quoted properly or not at all."""
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quote_all else text

    text = "id,a,b\n" + "".join(",".join(cell(c) for c in row) + newline for row in rows)
    path = tmp_path / "gen.csv"
    path.write_bytes(text.encode())
    try:
        read_file(path, BUILTIN_READERS, ReadOptions())
    except InputError as whole:
        with pytest.raises(InputError) as batched:
            _batches(path, size)
        assert str(batched.value) == str(whole)
        return
    assert_same_read(path, size)
