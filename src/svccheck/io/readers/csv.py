"""CSV and TSV exports (``.csv``, ``.tsv``, ``.txt``): the one CSV parser.

A whole file (:meth:`CsvReader.read`) and a batch of one
(:func:`read_chunk`) are parsed by the same code. Its fast path is
:mod:`~svccheck.io.readers.csv_fast`, a columnar parse that only this module
calls and that returns the exact path's rows and problems or declines; the
exact path uses Python's :mod:`csv` module, because help-desk exports are
full of quoted multi-line conversation texts and ragged rows, and every row
must keep its number so findings can point at it. A row with the wrong
number of fields is kept (padded or cut) and reported, never dropped: a
silently dropped ticket is a silently passed audit. The same holds for a row
with a stray NUL byte (removed and reported) and for the last row of a file
cut off in the middle of a character.

The header naming rules here (:func:`unique_names`) are shared by the other
tabular readers so that a column gets the same name from CSV, XLSX or Parquet.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, SOURCE, TICKET, RawInput, ReadOptions, RowProblem
from svccheck.io.readers.csv_fast import FastParse, parse_simple_csv
from svccheck.io.readers.encoding import decode_export
from svccheck.io.readers.limits import MAX_RECORD_CELLS, max_record_bytes

#: Column names the pipeline adds itself; a file column with one of these
#: names is renamed so it cannot overwrite the bookkeeping.
RESERVED_NAMES = frozenset({ROW, SOURCE, TICKET, "_list", "_index"})


def safe_name(name: str, taken: Iterable[str], keep: frozenset[str] = frozenset()) -> str:
    """A key clashing with a bookkeeping column, as a reader of keyed records names it.

    ``name`` is kept unless it is one of :data:`RESERVED_NAMES` (and not in
    ``keep``, the bookkeeping names the reader lets through as they are);
    a reserved name gets the first suffix ``_2``, ``_3``... that is not
    among ``taken``, the record keys of the same file. The JSON readers --
    record by record and in columns -- share it so both name a clashing key
    alike.
    """
    if name in keep or name not in RESERVED_NAMES:
        return name
    existing = set(taken)
    counter = 2
    while f"{name}_{counter}" in existing:
        counter += 1
    return f"{name}_{counter}"

#: Candidate delimiters, in tie-break order.
_DELIMITERS = (",", "\t", ";", "|")


def unique_names(cells: Iterable[str | None]) -> list[str]:
    """Header cells -> unique column names.

    Cells are stripped; an empty cell at 1-based position ``n`` becomes
    ``col_n``; a repeated name gets ``_2``, ``_3``... (never colliding with a
    name that appears elsewhere in the header); bookkeeping names such as
    ``_row`` are treated as taken. Profiles match on these names, so a header
    with two ``备注`` columns still yields two distinct, predictable columns.
    """
    stripped = [(cell or "").strip() for cell in cells]
    wanted = {name for name in stripped if name}
    taken: set[str] = set(RESERVED_NAMES)
    names: list[str] = []
    for position, name in enumerate(stripped, start=1):
        base = name or f"col_{position}"
        candidate = base
        counter = 2
        while candidate in taken or (candidate != name and candidate in wanted):
            candidate = f"{base}_{counter}"
            counter += 1
        taken.add(candidate)
        names.append(candidate)
    return names


def sniff_delimiter(text: str, prefer_tab: bool = False) -> str:
    """Pick the delimiter that splits the header record most often.

    Only the header is looked at: it is written by the export tool (no free
    text), so counting there is reliable, whereas data rows carry commas in
    customer messages. Delimiters inside quotes are not counted. Ties go to
    tab for ``.tsv`` files, else to the order ``, \\t ; |``; a single-column
    file falls back to the same preference.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    order = ("\t", *(d for d in _DELIMITERS if d != "\t")) if prefer_tab else _DELIMITERS
    best = max(order, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else order[0]


class CsvReader:
    """Reads delimited text; reports ``csv`` or ``tsv`` as the format."""

    name = "csv"
    suffixes: tuple[str, ...] = (".csv", ".tsv", ".txt")

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Decode, sniff the delimiter, parse; see the module docstring."""
        _field_limit(options.max_cell_bytes)
        if not options.encoding:
            read = _read_utf8(data, path)
            if read is not None:
                return read.raw
        text, encoding, truncated = decode_export(data, path, options.encoding)
        raw = _parse(text, path, encoding).raw
        if truncated and raw.tickets.height:
            raw.problems.append(_truncated_problem(int(raw.tickets.get_column(ROW).max())))
        return raw


def _field_limit(max_cell_bytes: int) -> None:
    """Let Python's csv read a field up to a record's bound, not only a cell's.

    Its limit is process-wide and refuses the whole file at the first field
    over it. A cell over ``--max-cell-bytes`` is one bad row -- it is read
    here and dropped afterwards as a finding on its row (``_limit_cells``),
    the other rows audited -- so the parser may only give up where a field
    runs past what a whole line may hold (:func:`max_record_bytes`, the line
    guard's bound): a quote that is really never closed, swallowing the rest
    of the file. A character is at least one byte, so a character count
    under the bound is under it in bytes too.
    """
    csv.field_size_limit(max_record_bytes(max(max_cell_bytes, 1)) + 1)


class ChunkRead(NamedTuple):
    """A parsed piece of a file; ``records`` counts its data records, blank ones too.

    ``one_per_line``: the columnar parse read it, so each record is one line.
    """

    raw: RawInput
    records: int
    one_per_line: bool = False


def read_chunk(
    data: bytes | str, path: Path, encoding: str, *, max_cell_bytes: int,
    fast_only: bool = False, line_offset: int = 0,
) -> ChunkRead | None:
    """Parse one batch of a file read in batches (``svccheck.io.readers.batches``).

    ``data`` is the file's lines up to and including its header record,
    followed by whole records; it gets exactly the parsing a whole file gets,
    with row numbers counted from the header (the caller shifts them).
    Bytes are a UTF-8 file's own bytes (its BOM kept) and go the bytes fast
    path first; a decoding error is left to the caller. ``fast_only`` returns
    None where the columnar parse does not apply, so a caller can first find
    out whether each line is one record. ``line_offset`` is added to the line
    numbers problems quote.
    """
    _field_limit(max_cell_bytes)
    if isinstance(data, bytes):
        read = _read_utf8(data, path)
        if read is not None or fast_only:
            return read
        data = data.decode(encoding).removeprefix("\ufeff")
    if fast_only:
        return _parse_fast(*_delimiter_for(data, path), path, encoding)
    return _parse(data, path, encoding, line_offset=line_offset)


def _parse_fast(text: str, delimiter: str, path: Path, encoding: str) -> ChunkRead | None:
    try:
        fast = parse_simple_csv(text, delimiter)
    except csv.Error:  # e.g. a header over the field limit: the slow path says why
        return None
    return None if fast is None else _from_fast_parse(path, encoding, delimiter, fast)


def _parse(text: str, path: Path, encoding: str, *, line_offset: int = 0) -> ChunkRead:
    text, delimiter = _delimiter_for(text, path)
    fast = _parse_fast(text, delimiter, path, encoding)
    if fast is not None:
        return fast
    records = _Records(text, delimiter, path, line_offset)
    header = next(records.non_blank(), None)
    if header is None:
        raise InputError(f"{path}: file is empty (no header row)")
    names = unique_names(header)
    width = len(names)

    rows: list[Sequence[str | None]] = []
    numbers: list[int] = []
    problems: list[RowProblem] = []
    row_number = 0
    for fields in records:
        # Blank records still take a number, so row N stays the N-th line
        # under the header as a spreadsheet shows the file.
        row_number += 1
        if _is_blank(fields):
            continue
        if any("\x00" in field for field in fields):
            fields = [field.replace("\x00", "") for field in fields]
            problems.append(_nul_problem(row_number))
        row: Sequence[str | None] = fields
        if len(fields) != width:
            problems.append(_field_count_problem(row_number, len(fields), width))
            row = [*fields[:width], *([None] * (width - len(fields)))]
        rows.append(row)
        numbers.append(row_number)
    unclosed_line = records.unclosed_quote_line()
    if unclosed_line is not None and numbers:
        problems = [p for p in problems if p.row != numbers[-1]]
        problems.append(unclosed_quote_problem(numbers[-1], unclosed_line))

    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    frame = pl.DataFrame(
        [
            pl.Series(name, column, dtype=pl.String)
            for name, column in zip(names, columns, strict=True)
        ]
        + [pl.Series(ROW, numbers, dtype=pl.Int64)]
    )
    return ChunkRead(_raw(path, delimiter, frame, encoding, problems), row_number)


def _raw(path: Path, delimiter: str, frame: pl.DataFrame, encoding: str,
         problems: list[RowProblem]) -> RawInput:
    """The parsed rows as a reader's result (``tsv`` when tab-separated)."""
    return RawInput(path=path, format="tsv" if delimiter == "\t" else "csv", tickets=frame,
                    encoding=encoding, problems=problems)


def _read_utf8(data: bytes, path: Path) -> ChunkRead | None:
    """A UTF-8 export parsed from its bytes, never decoded to a Python string; or None.

    The common export (UTF-8, with or without a BOM, simple quoting) is what
    :func:`decode_export` would decode as UTF-8; its bytes go to polars as
    they are, which refuses invalid UTF-8 anywhere in them. Whatever this
    path does not take -- another encoding, a ``sep=`` line, a damaged file,
    quoting only the exact parser handles -- returns None and is read the
    usual way, with the usual messages.
    """
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
        if body.startswith(codecs.BOM_UTF8):
            return None  # a second BOM: the text path strips it too
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        # UTF-16/32 (BOM or not), a binary or a damaged file
        return None
    else:
        body, encoding = data, "utf-8"
    # the header line (after leading line breaks) decides the delimiter
    head = body[:4096]
    rest = head.lstrip(b"\r\n")
    if not rest:
        return None
    start = len(head) - len(rest)
    end = body.find(b"\n", start)
    try:
        header = body[start: end if end >= 0 else len(body)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if header.count('"') % 2 or "\r" in header.rstrip("\r"):
        return None
    text, delimiter = _delimiter_for(header, path)
    if text is not header:  # a sep= line
        return None
    try:
        fast = parse_simple_csv(body, delimiter)
    except csv.Error:
        return None
    if fast is None:
        return None
    return _from_fast_parse(path, encoding, delimiter, fast)


def _from_fast_parse(path: Path, encoding: str, delimiter: str, fast: FastParse) -> ChunkRead:
    """The slow path's result from the columnar parse (same names, rows, problems)."""
    header, frame, counts, records = fast
    names = unique_names(header)
    width = len(names)
    ragged = frame.select(ROW).with_columns(counts.alias("_fields")).filter(
        pl.col("_fields") != width
    )
    problems = [
        _field_count_problem(row, found, width) for row, found in ragged.iter_rows()
    ]
    frame = frame.rename(dict(zip(frame.columns[:width], names, strict=True)))
    return ChunkRead(_raw(path, delimiter, frame, encoding, problems), records,
                     one_per_line=True)


def _delimiter_for(text: str, path: Path) -> tuple[str, str]:
    """Return ``(text without a sep= line, delimiter)``."""
    # Excel writes a ``sep=;`` line before the header of some CSV exports.
    newline = text.find("\n")  # not partition: that copies the whole export
    first_line = (text if newline < 0 else text[:newline]).rstrip("\r")
    if len(first_line) == 5 and first_line.startswith("sep="):
        return (text[newline + 1:] if newline >= 0 else ""), first_line[4]
    prefer_tab = path.name.lower().removesuffix(".gz").endswith(".tsv")
    return text, sniff_delimiter(text.lstrip("\r\n"), prefer_tab=prefer_tab)


def _is_blank(fields: Sequence[str]) -> bool:
    return all(not field.strip() for field in fields)


def _field_count_problem(row: int, found: int, expected: int) -> RowProblem:
    return RowProblem(
        row=row,
        message_en=f"row has {found} fields, the header has {expected}",
        message_zh=f"该行有 {found} 个字段，表头有 {expected} 个",
    )


def _nul_problem(row: int) -> RowProblem:
    return RowProblem(
        row=row,
        message_en="row contains NUL bytes (removed before checking; the export is damaged)",
        message_zh="该行含有 NUL 字节(已删除后再检查；导出文件已损坏)",
    )


def _truncated_problem(row: int) -> RowProblem:
    return RowProblem(
        row=row,
        message_en="the file ends in the middle of a character here (cut off?); "
                   "this row's last value is incomplete",
        message_zh="文件在此行的一个字符中间结束(被截断?)；该行最后一个值不完整",
    )


def unclosed_quote_problem(row: int, line: int) -> RowProblem:
    return RowProblem(
        row=row,
        message_en=(
            f"a quoted field in this row (line {line} of the file) is never closed, "
            "so the rest of the file was read into this row"
        ),
        message_zh=f"该行(文件第 {line} 行)有未闭合的引号，文件其余内容都被读入了该行",
    )


class _Records:
    """Iterates CSV records, turning :class:`csv.Error` into :class:`InputError`.

    Also remembers where the last record started, so that a quote left open
    at the end of the file -- which the lenient parser silently accepts by
    swallowing every remaining line into one field -- can be reported.
    """

    def __init__(self, text: str, delimiter: str, path: Path, line_offset: int = 0) -> None:
        self._text = text
        self._line_offset = line_offset
        self._delimiter = delimiter
        self._path = path
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        self._last_start = 0  # physical lines consumed before the last record
        self._last_multiline = False

    def __iter__(self) -> _Records:
        return self

    def __next__(self) -> list[str]:
        before = self._reader.line_num
        try:
            fields = next(self._reader)
        except csv.Error as exc:
            raise InputError(f"{self._path}: {_describe_csv_error(exc, before + 1)}") from None
        self._last_start = before
        self._last_multiline = self._reader.line_num - before > 1
        return fields

    def non_blank(self) -> Iterable[list[str]]:
        """Yield records, skipping blank ones (used to find the header)."""
        for fields in self:
            if not _is_blank(fields):
                yield fields

    def unclosed_quote_line(self) -> int | None:
        """1-based line where the last record starts, if it ends inside a quote."""
        # Only a record spanning lines, or a last line with a quote, can be one.
        last_line = self._text.rstrip("\r\n").rsplit("\n", 1)[-1]
        if not self._last_multiline and '"' not in last_line:
            return None
        lines = io.StringIO(self._text, newline="").readlines()
        tail = "".join(lines[self._last_start :])
        try:
            for _ in csv.reader(
                io.StringIO(tail, newline=""), delimiter=self._delimiter, strict=True
            ):
                pass
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return self._line_offset + self._last_start + 1
        return None


def _describe_csv_error(exc: csv.Error, line: int) -> str:
    """A one-line reason without quoting the file's content."""
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit() - 1
        return (
            f"a field starting near line {line} is longer than {limit:,} bytes "
            f"({MAX_RECORD_CELLS} x --max-cell-bytes {limit // MAX_RECORD_CELLS:,}): "
            "a quote that is never closed?"
        )
    return f"cannot parse CSV near line {line}"
