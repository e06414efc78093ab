"""Hostile and broken input, one small fixture per case, through the real command line.

Every case states what a user must see: the exit code; for a run that
cannot be trusted (exit 2) exactly one line on stderr naming the file and
what is wrong; never a traceback; and, where only part of a file is bad, the
bad rows reported by number *and* the good rows still audited. That last
point is checked through ticket ``T9``, whose category ``other`` is a
``record.allowed-values`` violation: if T9's finding is in the report, the
rows around the damage were read and checked.

The fixtures are built from bytes here, next to the case that uses them, so
each violation is written beside its row.
"""

from __future__ import annotations

import gzip
import json
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

HEADER = "id,customer_id,category,description,priority,status,created_at,assignee"


def row(ticket: str, *, category: str = "problem", description: str = "x",
        created: str = "2025-10-09 09:00") -> str:
    return f"{ticket},C1,{category},{description},normal,open,{created},amy"


GOOD = row("T1")
VIOLATING = row("T9", category="other")  # record.allowed-values: proves the row was checked


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([*lines, ""]).encode(encoding)


def ticket_json(ticket: str, **overrides: str) -> str:
    cells = dict(zip(HEADER.split(","), row(ticket).split(","), strict=True))
    return json.dumps({**cells, **overrides}, ensure_ascii=False)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def junk(size: int = 4096) -> bytes:
    """Reproducible random bytes (with NULs, invalid in every text encoding)."""
    return random.Random(9).randbytes(size)


def gzip_bomb(size: int) -> bytes:
    """A gzip file of ``size`` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


XLSX_HEADER = [*HEADER.split(","), "satisfaction"]


def workbook(build: Callable[[xlsxwriter.Workbook], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = xlsxwriter.Workbook(str(path))
        build(book)
        book.close()
    return make


def _sheet_with(book: xlsxwriter.Workbook, name: str = "tickets"):
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, XLSX_HEADER)
    sheet.write_row(1, 0, [*row("T1").split(","), "5"])
    sheet.write_row(2, 0, [*VIOLATING.split(","), "5"])
    return sheet


def _formulas(book: xlsxwriter.Workbook) -> None:
    sheet = _sheet_with(book)
    sheet.write_formula(1, 8, "=2+4", None, 6)  # T1: the formula's value 6 is out of 1-5


def _merged_header(book: xlsxwriter.Workbook) -> None:
    sheet = book.add_worksheet("tickets")
    sheet.write_row(0, 0, XLSX_HEADER)
    sheet.merge_range(0, 8, 0, 9, "satisfaction")  # header merged over two columns
    sheet.write_row(1, 0, [*row("T1").split(","), "5", "note"])
    sheet.write_row(2, 0, [*VIOLATING.split(","), "5"])


def _several_sheets(book: xlsxwriter.Workbook) -> None:
    book.add_worksheet("readme").write(0, 0, "export notes")
    _sheet_with(book, "tickets")


def _hidden_row(book: xlsxwriter.Workbook) -> None:
    sheet = _sheet_with(book)
    sheet.set_row(2, None, None, {"hidden": True})  # T9 hidden in Excel, still audited


def _excel_dates(book: xlsxwriter.Workbook) -> None:
    sheet = _sheet_with(book)
    when = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_datetime(1, 3, datetime(2025, 10, 9), when)  # T1: a date in 'description'
    sheet.write(2, 6, "tomorrow")  # T9: text in the date column created_at


def _workbook_bomb(path: Path) -> None:
    """A real workbook plus one part that inflates from ~80 KB to 80 MB."""
    workbook(_several_sheets)(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet3.xml", "w") as part:
        for _ in range(80):
            part.write(bytes(1 << 20))


@dataclass(frozen=True)
class Case:
    """One broken input and what the user must see."""

    id: str
    #: file name -> bytes, text, or a function writing the file; the first is audited
    files: dict[str, bytes | str | Callable[[Path], None]]
    code: int
    #: exit 2: fragment of the one stderr line (which must also name the file)
    error: str = ""
    #: the file the error line must name (default: the audited file)
    names: str = ""
    #: exit 0/1: (row, message fragment) of each record.readable-row finding; the
    #: row as a spreadsheet shows it (CSV: the header is row 1; JSON Lines: the line)
    bad_rows: tuple[tuple[int, str], ...] = ()
    #: exit 0/1: {rule: tickets} that must be reported (proof rows were checked)
    found: dict[str, list[str]] = field(default_factory=dict)
    #: extra arguments; ``{dir}`` is the fixture directory, ``{file}`` the audited file
    args: tuple[str, ...] = ()
    #: file names whose bytes must be unchanged after the run
    untouched: tuple[str, ...] = ()
    #: False: the audited path is not created (a missing file)
    create: bool = True


CASES = [
    # ------------------------------------------------------------------ paths
    Case("missing file", {"nope.csv": b""}, 2, "file not found", create=False),
    Case("empty file", {"empty.csv": b""}, 2, "file is empty"),
    # a folder is every export file under it: an empty one holds none
    Case("directory", {"folder.csv": lambda p: p.mkdir()}, 2, "no export file in this directory"),
    Case("unsupported suffix", {"tickets.pdf": b"%PDF-1.4"}, 2, "unsupported file type '.pdf'"),
    # ------------------------------------------------- binary and wrong suffix
    Case("binary junk as csv", {"junk.csv": junk()}, 2, "binary file, not text"),
    Case("binary junk as jsonl", {"junk.jsonl": junk()}, 2, "binary file, not text"),
    Case("binary junk as parquet", {"junk.parquet": junk()}, 2, "not a readable Parquet file"),
    Case("binary junk as xlsx", {"junk.xlsx": junk()}, 2, "not an .xlsx workbook"),
    Case("csv named .json", {"t.json": csv_bytes(HEADER, GOOD)}, 2,
         "not valid JSON: Expecting value at line 1, column 1"),
    Case("json document named .jsonl",
         {"t.jsonl": json.dumps([json.loads(ticket_json("T1"))], indent=2)}, 2,
         "one JSON document, not JSON Lines"),
    Case("workbook named .csv", {"t.csv": workbook(_several_sheets)}, 2,
         "binary file, not text (a ZIP archive"),
    Case("csv named .xlsx", {"t.xlsx": csv_bytes(HEADER, GOOD)}, 2, "not an .xlsx workbook"),
    Case("csv named .parquet", {"t.parquet": csv_bytes(HEADER, GOOD)}, 2,
         "not a readable Parquet file (no Parquet magic number)"),
    Case("parquet footer longer than the file",
         {"t.parquet": b"PAR1" + junk(64) + (1 << 20).to_bytes(4, "little") + b"PAR1"}, 2,
         "not a readable Parquet file (footer length out of range)"),
    Case("parquet footer cut short",  # a struct field header, then nothing
         {"t.parquet": b"PAR1" + b"\x15" + (1).to_bytes(4, "little") + b"PAR1"}, 2,
         "not a readable Parquet file (footer is cut short)"),
    # ---------------------------------------------------------------- encodings
    Case("gb18030 cut mid-character",
         # the last byte of the last character (敏) and the line end are missing
         {"cut.csv": csv_bytes(HEADER, VIOLATING, row("T2").removesuffix("amy") + "张敏",
                               encoding="gb18030")[:-2]},
         1, bad_rows=((3, "ends in the middle of a character"),),
         found={"record.allowed-values": ["T9"]}),
    Case("utf-8 jsonl cut mid-character",
         # the line ends ...来电"} with the last byte of 电 and the "} missing
         {"cut.jsonl": (ticket_json("T9", category="other") + "\n"
                        + ticket_json("T2", remarks="客户来电")).encode()[:-3]},
         1, bad_rows=((2, "ends in the middle of a character"),),
         found={"record.allowed-values": ["T9"]}),
    Case("mixed encodings in one file",
         {"mixed.csv": csv_bytes(HEADER, row("T1", description="客户来电咨询退款"),
                                 encoding="gb18030")
          + csv_bytes(row("T2", description="客户来电咨询退款"))},
         2, "mixed encodings: line 3 is UTF-8, line 2 is not"),
    Case("no known encoding", {"latin.csv": csv_bytes(HEADER, GOOD) + b"T2,\x80\xff\n"}, 2,
         "unknown encoding (not UTF-8, UTF-16 or GB18030); pass --encoding"),
    Case("unknown --encoding name", {"t.csv": csv_bytes(HEADER, GOOD)}, 2,
         "unknown encoding name 'klingon'", args=("--encoding", "klingon")),
    # ----------------------------------------------------------- csv structure
    Case("short ragged row", {"t.csv": csv_bytes(HEADER, "T1,C1", VIOLATING)}, 1,
         bad_rows=((2, "row has 2 fields, the header has 8"),),
         found={"record.allowed-values": ["T9"]}),
    Case("long ragged row", {"t.csv": csv_bytes(HEADER, GOOD + ",extra", VIOLATING)}, 1,
         bad_rows=((2, "row has 9 fields, the header has 8"),),
         found={"record.allowed-values": ["T9"]}),
    Case("quote never closed at the end",
         {"t.csv": csv_bytes(HEADER, VIOLATING, 'T2,C1,problem,"never closed,normal')}, 1,
         bad_rows=((3, "is never closed"),), found={"record.allowed-values": ["T9"]}),
    # The rest of the file swallowed into one cell: over --max-cell-bytes it is a
    # bad row like any oversized cell; only past a whole record's bound (64 cells)
    # is the file refused -- that is a quote really never closed.
    Case("quote never closed, swallowing past --max-cell-bytes",
         {"t.csv": csv_bytes(HEADER, 'T1,C1,problem,"never closed', *[GOOD] * 40)}, 1,
         bad_rows=((2, "is never closed, so the rest of the file was read into this row"),
                   (2, "field 'description' is 1,973 bytes, over --max-cell-bytes 1,000")),
         args=("--max-cell-bytes", "1000")),
    Case("quote never closed, swallowing past a record's bound",
         {"t.csv": csv_bytes(HEADER, 'T1,C1,problem,"never closed', *[GOOD] * 2000)}, 2,
         "a field starting near line 2 is longer than 64,000 bytes (64 x --max-cell-bytes "
         "1,000): a quote that is never closed?",
         args=("--max-cell-bytes", "1000")),
    Case("embedded NUL byte",
         {"t.csv": csv_bytes(HEADER, row("T1", description="x\x00y"), VIOLATING)}, 1,
         bad_rows=((2, "row contains NUL bytes"),), found={"record.allowed-values": ["T9"]}),
    Case("10 MB single cell",
         {"t.csv": csv_bytes(HEADER, row("T1", description="x" * 10_000_000), VIOLATING)}, 1,
         bad_rows=((2, "field 'description' is 10,000,000 bytes, over --max-cell-bytes"),),
         found={"record.allowed-values": ["T9"]}),
    # A line is refused before parsing when longer than 64 cells of --max-cell-bytes
    # (1,000 here: 64,000 bytes); 3 MB lines span several read chunks.
    Case("endless CSV line",
         {"t.csv": csv_bytes(HEADER, GOOD, VIOLATING, row("T3", description="y" * (3 << 20)))},
         2, "line 4 is longer than 64,000 bytes (64 x --max-cell-bytes 1,000); refusing",
         args=("--max-cell-bytes", "1000")),
    Case("file that is one endless line", {"t.csv": b"y" * (3 << 20)}, 2,
         "line 1 is longer than 64,000 bytes", args=("--max-cell-bytes", "1000")),
    Case("endless CSV line in a .gz",
         {"t.csv.gz": gzip.compress(csv_bytes(HEADER, GOOD, row("T3", description="y" * (3 << 20))))},
         2, "line 3 (after gzip decompression) is longer than 64,000 bytes",
         args=("--max-cell-bytes", "1000")),
    Case("endless JSON Lines ticket",
         {"t.jsonl": "\n".join([ticket_json("T1"), ticket_json("T3", description="y" * (3 << 20))])},
         2, "line 2 is longer than 64,000 bytes", args=("--max-cell-bytes", "1000")),
    Case("line just under the record limit: only its cell is dropped",
         {"t.csv": csv_bytes(HEADER, row("T1", description="y" * 63_900), VIOLATING)}, 1,
         bad_rows=((2, "field 'description' is 63,900 bytes, over --max-cell-bytes 1,000"),),
         found={"record.allowed-values": ["T9"]}, args=("--max-cell-bytes", "1000")),
    Case("multi-line cell over a small --max-cell-bytes",
         {"t.csv": csv_bytes(HEADER, VIOLATING, 'T2,C1,problem,"line one\n' + "很长" * 30
                             + '",normal,open,2025-10-09 09:00,amy')}, 1,
         bad_rows=((3, "field 'description' is 189 bytes, over --max-cell-bytes 100"),),
         found={"record.allowed-values": ["T9"]}, args=("--max-cell-bytes", "100")),
    Case("--max-cell-bytes 0", {"t.csv": csv_bytes(HEADER, GOOD)}, 2,
         "--max-cell-bytes 0: must be at least 1", names="--max-cell-bytes",
         args=("--max-cell-bytes", "0")),
    Case("header-only file", {"t.csv": csv_bytes(HEADER)}, 0),
    # found by bench/fuzz_csv.py: a column named "*" was read as "every column"
    Case("headers that look like patterns: *, ^.*$, _row",
         {"t.csv": csv_bytes(HEADER + ",*,^.*$,_row", GOOD + "," + "x" * 50 + ",b,c",
                             VIOLATING + ",a,b,c")}, 1,
         bad_rows=((2, "field '*' is 50 bytes, over --max-cell-bytes 40"),),
         found={"record.allowed-values": ["T9"]}, args=("--max-cell-bytes", "40")),
    Case("duplicate headers: the first column wins, the second is kept apart",
         {"t.csv": csv_bytes(HEADER + ",category", GOOD + ",whatever", VIOLATING + ",problem")},
         1, found={"record.allowed-values": ["T9"]}),
    Case("duplicate ticket ids: both rows checked",
         {"t.csv": csv_bytes(HEADER, row("T9"), VIOLATING,
                             row("T9", created="2025-02-30 09:00"))},
         1, found={"record.allowed-values": ["T9"], "record.timestamp": ["T9"]}),
    # --------------------------------------------------------------------- json
    Case("broken json line",
         {"t.jsonl": '{"id": "T1", "customer_id": \n' + ticket_json("T9", category="other")},
         1, bad_rows=((1, "line is not valid JSON"),), found={"record.allowed-values": ["T9"]}),
    Case("json line that is not an object",
         {"t.jsonl": '[1, 2]\n"T1"\n' + ticket_json("T9", category="other")}, 1,
         bad_rows=((1, "line is a JSON array, not a ticket object"),
                   (2, "line is a JSON string, not a ticket object")),
         found={"record.allowed-values": ["T9"]}),
    Case("json array item that is not an object",
         {"t.json": f'[42, {ticket_json("T9", category="other")}]'}, 1,
         bad_rows=((1, "item is a JSON number, not a ticket object"),),
         found={"record.allowed-values": ["T9"]}),
    Case("json document that is a single value", {"t.json": "42"}, 2,
         'found a single number'),
    Case("json object without a tickets array", {"t.json": '{"data": []}'}, 2,
         'this object has no "tickets" array (its keys: data)'),
    Case("broken json document", {"t.json": '[\n{"id": "T1",\n'}, 2,
         "not valid JSON: Expecting property name enclosed in double quotes at line 3"),
    Case("deeply nested json document", {"t.json": nested(100_000)}, 2,
         "JSON is nested too deeply to read"),
    Case("deeply nested json line",
         {"t.jsonl": '{"id": "T1", "extra": ' + nested(100_000) + "}\n"
          + ticket_json("T9", category="other")},
         1, bad_rows=((1, "line is nested too deeply to read"),),
         found={"record.allowed-values": ["T9"]}),
    # --------------------------------------------------------------------- xlsx
    Case("xlsx formula: its value is audited", {"t.xlsx": workbook(_formulas)}, 1,
         found={"record.satisfaction-range": ["T1"], "record.allowed-values": ["T9"]}),
    Case("xlsx merged header cells", {"t.xlsx": workbook(_merged_header)}, 1,
         found={"record.allowed-values": ["T9"]}),
    Case("xlsx several sheets: the first is read", {"t.xlsx": workbook(_several_sheets)}, 2,
         "no profile matches its columns"),
    Case("xlsx several sheets: --sheet picks one", {"t.xlsx": workbook(_several_sheets)}, 1,
         found={"record.allowed-values": ["T9"]}, args=("--sheet", "tickets")),
    Case("xlsx unknown sheet", {"t.xlsx": workbook(_several_sheets)}, 2,
         "no sheet named 'tikets'; the workbook has 'readme', 'tickets'",
         args=("--sheet", "tikets")),
    Case("xlsx zip bomb", {"t.xlsx": _workbook_bomb}, 2,
         "decompresses to more than 67,108,864 bytes (100x its size); "
         "refusing a possible zip bomb"),
    Case("xlsx hidden row is still audited", {"t.xlsx": workbook(_hidden_row)}, 1,
         found={"record.allowed-values": ["T9"]}),
    Case("xlsx dates in text columns and text in date columns",
         {"t.xlsx": workbook(_excel_dates)}, 1,
         found={"record.timestamp": ["T9"], "record.allowed-values": ["T9"]}),
    # -------------------------------------------------------------- timestamps
    Case("impossible date 02-30",
         {"t.csv": csv_bytes(HEADER, row("T1", created="2025-02-30 09:00"), VIOLATING)}, 1,
         found={"record.timestamp": ["T1"], "record.allowed-values": ["T9"]}),
    Case("time after --as-of: the ticket is still audited",
         {"t.csv": csv_bytes(HEADER, row("T9", category="other", created="2026-03-01 09:00"))},
         1, found={"record.allowed-values": ["T9"]}),
    Case("offsets and naive times mixed",
         {"t.csv": csv_bytes(
             HEADER + ",resolved_at,resolution",
             # T1: 09:00+08:00 is 09:00 in Shanghai, resolved 08:30 the same day: before it
             row("T1", created="2025-10-09T09:00:00+08:00") + ",2025-10-09 08:30,done",
             # T2: 01:00Z is 09:00 in Shanghai, resolved 09:30: in order
             row("T2", created="2025-10-09T01:00:00Z") + ",2025-10-09 09:30,done")},
         1, found={"record.time-order": ["T1"]}),
    # --------------------------------------------------------------------- gzip
    Case("gzip bomb", {"t.csv.gz": gzip_bomb(80 << 20)}, 2, "refusing a possible zip bomb"),
    Case("corrupt gzip", {"t.csv.gz": gzip.compress(csv_bytes(HEADER, GOOD) * 50)[:40]}, 2,
         "corrupt or truncated gzip file"),
    # ----------------------------------------------------------------- outputs
    Case("--output into a missing directory", {"t.csv": csv_bytes(HEADER, GOOD)}, 2,
         "directory {dir}/missing does not exist", names="report.json",
         args=("--output", "{dir}/missing/report.json")),
    Case("--output onto a directory",
         {"t.csv": csv_bytes(HEADER, GOOD), "out": lambda p: p.mkdir()}, 2,
         "is a directory; give a file name for the report", names="out",
         args=("--output", "{dir}/out")),
    Case("--output over the input file", {"t.csv": csv_bytes(HEADER, GOOD)}, 2,
         "is an input file of this run; refusing to overwrite it",
         args=("--output", "{file}"), untouched=("t.csv",)),
    Case("--update-baseline over the input file", {"t.csv": csv_bytes(HEADER, GOOD)}, 2,
         "is an input file of this run", args=("--update-baseline", "{file}"),
         untouched=("t.csv",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, svccheck, tmp_path: Path) -> None:
    for name, content in case.files.items():
        path = tmp_path / name
        if callable(content):
            content(path)
        elif case.create or name != next(iter(case.files)):
            path.write_bytes(content.encode() if isinstance(content, str) else content)
    audited = tmp_path / next(iter(case.files))
    before = {name: (tmp_path / name).read_bytes() for name in case.untouched}
    args = [a.replace("{dir}", str(tmp_path)).replace("{file}", str(audited))
            for a in case.args]

    run = svccheck("check", audited, "--format", "json", "--as-of", "2025-11-30", *args)

    assert "Traceback" not in run.err
    assert run.code == case.code, run.err
    for name, content in before.items():
        assert (tmp_path / name).read_bytes() == content, f"{name} was modified"
    if case.code == 2:
        assert run.out == ""
        assert run.err.count("\n") == 1, run.err
        assert run.err.startswith("svccheck: error: "), run.err
        assert (case.names or audited.name) in run.err
        assert case.error.replace("{dir}", str(tmp_path)) in run.err
        assert "internal error" not in run.err
        return
    assert run.err == ""
    unreadable = [(f["row"], f["message"]) for f in run.findings("record.readable-row")]
    assert [r for r, _ in unreadable] == [r for r, _ in case.bad_rows]
    for (_, message), (_, expected) in zip(unreadable, case.bad_rows, strict=True):
        assert expected in message
    for rule, tickets in case.found.items():
        assert run.tickets(rule) == tickets, rule
    if not case.bad_rows and not case.found:
        assert run.report["summary"]["tickets"] == 0  # header only: said, not hidden


def test_unreadable_file_is_one_line(svccheck, tmp_path: Path, monkeypatch) -> None:
    """A file we may not read (as root, chmod cannot make one, so the OS call is faked)."""
    path = tmp_path / "locked.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = svccheck("check", path)
    assert run.code == 2
    assert run.err == f"svccheck: error: {path}: permission denied (cannot read the file)\n"



def test_an_internal_error_does_not_echo_row_contents(svccheck, tmp_path: Path,
                                                      monkeypatch) -> None:
    """A bug of ours may carry a cell in its message; the one line shows only its type."""
    from svccheck.engines import memory

    def crash(*_args: object, **_kwargs: object) -> None:
        raise ValueError("could not parse '13812345678'")

    monkeypatch.setattr(memory, "run", crash)
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD))
    run = svccheck("check", path)
    assert run.code == 2
    assert run.err.startswith("svccheck: internal error: ValueError (set SVCCHECK_DEBUG=1")
    assert "13812345678" not in run.err and "Traceback" not in run.err
