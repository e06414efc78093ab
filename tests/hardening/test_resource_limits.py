"""Inputs that would blow memory are refused before they are held in memory.

The table in ``test_bad_input.py`` shows the messages of the line guard; here
are the things a table cannot show: that an endless line or JSON record
costs no more memory than a short one (measured in a child process, as a
difference against a small file refused the same way); that a JSON document
is bounded per record, whatever its encoding, while ordinary records read as
before; that a Parquet file whose footer declares far more than its size is
refused before polars reads it; and that a workbook part inflating past its
declared size is refused before calamine opens the workbook (with the
64 MiB floor of the ratio guard lowered, so the bombs stay small).
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import fastexcel
import polars as pl
import pytest
import xlsxwriter

from svccheck.io.readers import limits

HEADER = ["id", "customer_id", "category", "description", "priority", "status",
          "created_at", "assignee"]

_MEASURE = (
    "import resource, sys\n"
    "from svccheck.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('peak-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def _peak_kib(path: Path) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, "check", str(path), "--max-cell-bytes", "1000"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 2, run.stderr
    return int(run.stdout.split()[-1]), run.stderr


def test_an_endless_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    small = tmp_path / "small.csv"
    small.write_bytes(b"y" * 100_000)  # one line over 64,000 bytes
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:  # 256 MiB without a newline (sparse: no disk used)
        stream.truncate(256 << 20)

    small_kib, small_err = _peak_kib(small)
    huge_kib, huge_err = _peak_kib(huge)

    assert "line 1 is longer than 64,000 bytes" in small_err
    assert "line 1 is longer than 64,000 bytes" in huge_err
    # Reading the file whole would add 256 MiB; the guard holds one 1 MiB chunk.
    assert huge_kib - small_kib < 32 << 10, (small_kib, huge_kib)


def _parquet(frame: pl.DataFrame, path: Path) -> Path:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def no_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the 100x ratio counts: a bomb of a few kilobytes is enough to show it."""
    monkeypatch.setattr(limits, "FLOOR_BYTES", 0)


@pytest.fixture
def polars_must_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("polars was asked to read a refused file")

    monkeypatch.setattr(pl, "read_parquet", refuse)


@pytest.mark.usefixtures("no_floor", "polars_must_not_read")
def test_parquet_declaring_too_many_bytes_is_refused(svccheck, tmp_path: Path) -> None:
    # 200 distinct 2 kB descriptions: about 1.5 kB of zstd, 400 kB once inflated
    path = _parquet(pl.DataFrame({"description": ["y" * 2000 + str(i) for i in range(200)]}),
                    tmp_path / "t.parquet")

    run = svccheck("check", path)

    assert run.code == 2
    assert run.err.count("\n") == 1 and str(path) in run.err
    assert "bytes uncompressed, more than" in run.err
    assert "refusing a possible decompression bomb" in run.err


@pytest.mark.usefixtures("no_floor", "polars_must_not_read")
def test_parquet_declaring_too_many_values_is_refused(svccheck, tmp_path: Path) -> None:
    # 200,000 copies of one id: run-length encoded into well under 1 kB
    path = _parquet(pl.DataFrame({"id": ["T1"] * 200_000}), tmp_path / "t.parquet")

    run = svccheck("check", path)

    assert run.code == 2
    assert "declares 200,000 values, more than" in run.err
    assert "refusing a possible decompression bomb" in run.err


def _zigzag(value: int, width: int) -> bytes:
    """``value`` as a Thrift compact i32 of exactly ``width`` bytes (zigzag varint)."""
    left = (value << 1) ^ (value >> 31)
    out = bytearray()
    for position in range(width):
        out.append((left & 0x7F) | (0x80 if position < width - 1 else 0))
        left >>= 7
    assert left == 0
    return bytes(out)


@pytest.mark.usefixtures("no_floor", "polars_must_not_read")
def test_parquet_whose_page_header_lies_is_refused(svccheck, tmp_path: Path) -> None:
    """The footer tells the truth; the page header claims 128 MiB (polars would allocate it)."""
    buffer = io.BytesIO()
    pl.DataFrame({"description": [f"x{i:07d}" * 4 for i in range(50_000)]}).write_parquet(
        buffer, compression="snappy", statistics=False, data_page_size=1 << 30)
    data = bytearray(buffer.getvalue())
    # The first page header follows the magic: field 1 (type), field 2 (uncompressed size).
    assert data[4] == 0x15 and data[6] == 0x15
    assert all(byte & 0x80 for byte in data[7:10]) and data[10] < 0x80  # 4 bytes: 1.8 MB
    data[7:11] = _zigzag((1 << 27) - 1, 4)
    path = tmp_path / "t.parquet"
    path.write_bytes(bytes(data))

    run = svccheck("check", path)

    assert run.code == 2
    assert "declares 134,217,727 bytes uncompressed in its page headers" in run.err
    assert "refusing a possible decompression bomb" in run.err


@pytest.mark.usefixtures("no_floor")
def test_an_ordinary_parquet_export_passes_the_guard(svccheck, tmp_path: Path) -> None:
    rows = [["T1", "C1", "problem", "x", "normal", "open", "2025-10-09 09:00", "amy"],
            ["T9", "C1", "other", "x", "normal", "open", "2025-10-09 09:00", "amy"]]  # T9: bad category
    path = _parquet(pl.DataFrame(rows, schema=HEADER, orient="row"), tmp_path / "t.parquet")

    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.code == 1, run.err
    assert run.tickets("record.allowed-values") == ["T9"]


# ---------------------------------------------------------------- JSON documents
# A .json document may be one line, so its bound is per record: 64 x
# --max-cell-bytes, i.e. 6,400 bytes at --max-cell-bytes 100.

def _ticket(ticket: str, category: str = "problem", description: str = "x") -> dict[str, str]:
    return dict(zip(HEADER, [ticket, "C1", category, description, "normal", "open",
                             "2025-10-09 09:00", "amy"], strict=True))


def _tickets(description: str = "x") -> list[dict[str, object]]:
    """40 ordinary tickets (about 8 kB: over one record's bound as a file); T9 violates."""
    tickets: list[dict[str, object]] = [_ticket(f"T{n}", description=description)
                                        for n in range(1, 40)]
    tickets[8] = _ticket("T9", category="other", description=description)
    return tickets


#: 300 messages of about 60 bytes: 18 kB in one ticket, no cell over 100 bytes.
LONG_CONVERSATION = [{"author": "customer", "text": "我的订单还没有到，请帮忙查一下"}] * 300


def test_a_json_record_over_the_bound_is_refused_naming_it(svccheck, tmp_path: Path) -> None:
    tickets = _tickets()
    tickets[3]["messages"] = LONG_CONVERSATION  # record 4
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"tickets": tickets}, ensure_ascii=False), encoding="utf-8")

    run = svccheck("check", path, "--max-cell-bytes", "100")

    assert run.code == 2
    assert run.err == (f"svccheck: error: {path}: record 4 of the JSON document is longer "
                       "than 6,400 bytes (64 x --max-cell-bytes 100); refusing to read it\n")


def test_a_json_record_over_the_bound_in_a_gzip_file(svccheck, tmp_path: Path) -> None:
    tickets = _tickets()
    tickets[6]["messages"] = LONG_CONVERSATION
    path = tmp_path / "t.json.gz"
    path.write_bytes(gzip.compress(json.dumps(tickets).encode()))

    run = svccheck("check", path, "--max-cell-bytes", "100")

    assert run.code == 2
    assert ("record 7 of the JSON document (after gzip decompression) is longer than "
            "6,400 bytes") in run.err


def test_a_huge_value_beside_the_tickets_is_refused(svccheck, tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"tickets": _tickets(), "note": "y" * 20_000}), encoding="utf-8")

    run = svccheck("check", path, "--max-cell-bytes", "100")

    assert run.code == 2
    assert "a value after record 39 of the JSON document is longer than 6,400 bytes" in run.err


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_json_documents_of_ordinary_records_are_read_as_before(svccheck, tmp_path: Path,
                                                               encoding: str) -> None:
    # Brackets, escaped quotes and backslashes in strings are not structure; in
    # GB18030 乗 ends in the byte of "\\", 亇 in that of "}" (0x81 0x5C, 0x81 0x7D).
    tickets = _tickets(description='}]{["\\乗亇 乗')
    path = tmp_path / "t.json"
    path.write_bytes(json.dumps(tickets, ensure_ascii=False).encode(encoding))
    assert path.stat().st_size > 6_400  # the record guard reads it

    run = svccheck("check", path, "--max-cell-bytes", "100", "--format", "json",
                   "--as-of", "2025-11-30")

    assert run.code == 1, run.err
    assert run.tickets("record.allowed-values") == ["T9"]
    assert run.report["summary"]["tickets"] == 39


def test_an_endless_json_record_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    opening = b'[{"id": "T1", "description": "'
    small = tmp_path / "small.json"
    small.write_bytes(opening + b"y" * 100_000)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:  # one string of 256 MiB (sparse: no disk used)
        stream.write(opening)
        stream.truncate(256 << 20)

    small_kib, small_err = _peak_kib(small)
    huge_kib, huge_err = _peak_kib(huge)

    expected = "record 1 of the JSON document is longer than 64,000 bytes"
    assert expected in small_err and expected in huge_err
    # Reading the document whole would add 256 MiB; the guard holds one piece.
    assert huge_kib - small_kib < 32 << 10, (small_kib, huge_kib)


# ---------------------------------------------------------------- XLSX workbooks

def _lying_workbook(path: Path, padding: int) -> None:
    """A real workbook whose sheet part holds ``padding`` more bytes than it declares.

    The padding is blanks after the sheet's XML, deflated like the rest; the
    local header and the central directory both declare the original size.
    """
    built = io.BytesIO()
    book = xlsxwriter.Workbook(built, {"in_memory": True})
    sheet = book.add_worksheet("tickets")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["T1", "C1", "problem", "x", "normal", "open", "2025-10-09 09:00",
                           "amy"])
    book.close()
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(built) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    declared = len(parts[part])
    parts[part] += b" " * padding
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    data = bytearray(written.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(part).header_offset
    central = bytes(data).index(b"PK\x01\x02")
    while bytes(data[central + 46:central + 46 + len(part)]) != part.encode():
        central = bytes(data).index(b"PK\x01\x02", central + 4)
    size = declared.to_bytes(4, "little")
    data[local + 22:local + 26] = size  # local file header: uncompressed size
    data[central + 24:central + 28] = size  # central directory: uncompressed size
    path.write_bytes(bytes(data))


@pytest.fixture
def calamine_must_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("calamine was asked to read a refused workbook")

    monkeypatch.setattr(fastexcel, "read_excel", refuse)


@pytest.mark.usefixtures("no_floor", "calamine_must_not_read")
def test_a_workbook_part_lying_about_its_size_is_refused(svccheck, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _lying_workbook(path, 2 << 20)
    with zipfile.ZipFile(path) as archive:  # what the archive claims: a few kB in all
        assert sum(info.file_size for info in archive.infolist()) < 100 * path.stat().st_size

    run = svccheck("check", path)

    assert run.code == 2
    assert run.err == (f"svccheck: error: {path}: the workbook decompresses to more than "
                       f"{100 * path.stat().st_size:,} bytes (100x its size); "
                       "refusing a possible zip bomb\n")


@pytest.mark.usefixtures("no_floor")
def test_an_ordinary_workbook_passes_the_inflation_count(svccheck, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _lying_workbook(path, 0)  # lies about nothing

    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.code == 0, run.err
    assert run.report["summary"]["tickets"] == 1
