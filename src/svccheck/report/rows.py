"""One row number in every report: the row a spreadsheet shows, and the file's line.

The readers number a file's records from 1 under the header (``_row``), so
rules, the ticket context and the streaming engine agree on what a row
is. A person opens the export in a spreadsheet, where the header is row 1
and the first ticket row 2; code scanning and an editor point at a line of
the file. So before any report sees them, each finding's ``row`` becomes
the spreadsheet row, and ``line`` the physical line its record starts on:

* CSV / TSV: row = record + the records above the first data row (the
  header, and any blank lines before it); line = where the record starts,
  counted through quoted cells that span lines -- a conversation text over
  five lines moves every later ticket down five lines.
* XLSX: row = record + 1 (the header row); no line.
* JSON Lines: the row *is* the line (no header).
* JSON, Parquet, database tables: the record's number; no line.
* Compressed files: the row as above; no line (no viewer opens it at one).

A line that cannot be established (the file is gone, it mixes line ends
the count would get wrong) is left empty rather than guessed: a wrong line
sends a reviewer to the wrong ticket.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from svccheck.engines.contract import InputSummary
from svccheck.engines.findings_frame import Frame

#: Formats with a header row above the records (spreadsheet row = record + 1).
_HEADED = {"csv", "tsv", "xlsx"}
#: Formats whose records are lines of the file.
_LINED = {"csv", "tsv", "jsonl"}
#: Encodings in which the bytes ``"``, CR and LF only ever stand for those
#: characters, so a file's lines and quotes are counted without decoding it.
_ASCII_SAFE = {"utf-8", "utf-8-sig", "ascii", "gb18030", "gbk", "gb2312", "big5", "big5hkscs",
               "latin-1", "iso8859-1", "cp1252", "cp936", "cp950", "euc_jp", "shift_jis",
               "euc_kr"}


@dataclass(frozen=True)
class Numbering:
    """How one input's record numbers become spreadsheet rows and lines."""

    #: Added to a record number to give its spreadsheet row.
    row_offset: int = 0
    #: ``line = record + line_offset`` when every record is one line; None when
    #: lines are unknown or records span lines (then ``lines`` holds them).
    line_offset: int | None = None
    #: record -> first line, for a file whose records span lines.
    lines: pl.DataFrame | None = None


def _codec(encoding: str | None) -> str:
    try:
        return codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return "unknown"


def record_starts(data: bytes) -> pl.Series | None:
    """The 1-based line each CSV record starts on, blank records included.

    A record starts on a line when the quotes before that line are balanced
    (a doubled quote inside a cell counts twice, so it keeps the balance).
    None for text whose lines polars and this count could disagree on (NUL
    bytes, old Mac line ends).
    """
    if b"\x00" in data or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    try:
        lines = pl.read_csv(
            data, has_header=False, separator="\x00", quote_char=None,
            schema={"line": pl.String}, infer_schema=False, empty_string_is_null=False,
            encoding="utf8-lossy",
        ).to_series().fill_null("")
    except pl.exceptions.PolarsError:
        return None
    expected = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if lines.len() != expected:
        return None
    quotes = lines.str.count_matches('"', literal=True).cast(pl.Int64)
    balanced = (quotes.cum_sum() - quotes) % 2 == 0
    numbers = pl.int_range(1, lines.len() + 1, eager=True, dtype=pl.Int64)
    blank = lines.str.strip_chars().str.len_chars() == 0
    frame = pl.DataFrame({"line": numbers, "start": balanced, "blank": blank})
    starts = frame.filter(pl.col("start"))
    # the reader's header is the first record with something in it; records
    # above it (blank lines) are not numbered
    header = starts.with_row_index("_i").filter(~pl.col("blank")).get_column("_i")
    if header.len() == 0:
        return None
    return starts.get_column("line").slice(int(header[0]))


def _text_numbering(path: Path, item: InputSummary) -> Numbering:
    """A CSV/TSV file's numbering, from its bytes."""
    try:
        data = path.read_bytes()
    except OSError:
        return Numbering(row_offset=1)
    codec = _codec(item.encoding)
    if codec not in _ASCII_SAFE:  # e.g. UTF-16: count on the text itself
        try:
            data = data.decode(item.encoding or "utf-8").encode("utf-8")
        except (UnicodeError, LookupError):
            return Numbering(row_offset=1)
    starts = record_starts(data)
    if starts is None:
        return Numbering(row_offset=1)
    # starts[0] is the header's line: record N starts at starts[N]
    header_line = int(starts[0])
    if (starts.diff().drop_nulls() == 1).all():
        return Numbering(row_offset=header_line, line_offset=header_line)
    lines = pl.DataFrame({"_record": pl.int_range(0, starts.len(), eager=True,
                                                  dtype=pl.Int64),
                          "line": starts})
    return Numbering(row_offset=header_line, lines=lines.slice(1))


def numbering(item: InputSummary, path: Path | None) -> Numbering:
    """How ``item``'s record numbers read in the reports; ``path`` is the file on disk."""
    fmt = item.format
    if fmt not in _HEADED and fmt not in _LINED:
        return Numbering()
    if fmt == "xlsx":
        return Numbering(row_offset=1)
    if fmt == "jsonl":
        return Numbering(line_offset=None if item.compression else 0)
    if item.compression or path is None:
        return Numbering(row_offset=1)
    return _text_numbering(path, item)


def files_of(paths: Sequence[Path], names: Mapping[Path, str] | None = None) -> dict[str, Path]:
    """Each input file under the name the reports give it (the sample's is its file name)."""
    return {str(Path(names[p])) if names and p in names else str(p): p for p in paths}


def renumbered(findings: Frame, inputs: Sequence[InputSummary],
               files: Mapping[str, Path]) -> Frame:
    """``findings`` with ``row`` the spreadsheet row and ``line`` the file's line.

    ``files`` maps an input's report name to the file on disk (they differ
    for the bundled sample). Rows of a source that is no input (a database
    table) keep their number and get no line.
    """
    schema = findings.collect_schema()
    if "line" in schema:
        return findings
    offsets: dict[str, int] = {}
    line_offsets: dict[str, int] = {}
    tables: list[pl.DataFrame] = []
    for item in inputs:
        plan = numbering(item, files.get(item.path))
        offsets[item.path] = plan.row_offset
        if plan.line_offset is not None:
            line_offsets[item.path] = plan.line_offset
        if plan.lines is not None:
            tables.append(plan.lines.select(
                pl.lit(item.path, dtype=pl.String).alias("_src"), "_record",
                pl.col("line").alias("_line")))
    source = pl.col("source")
    record = pl.col("row")
    line = (record + source.replace_strict(line_offsets, default=None, return_dtype=pl.Int64)
            if line_offsets else pl.lit(None, dtype=pl.Int64))
    out = findings.lazy()
    if tables:
        lookup = pl.concat(tables)
        out = out.join(lookup.lazy(), left_on=["source", "row"], right_on=["_src", "_record"],
                       how="left", maintain_order="left")
        line = pl.coalesce(pl.col("_line"), line)
    offset = source.replace_strict(offsets, default=0, return_dtype=pl.Int64).fill_null(0)
    columns = list(schema)
    at = columns.index("row") + 1
    order = [*columns[:at], "line", *columns[at:]]
    out = out.with_columns(line.alias("line"), (record + offset).alias("row")).select(order)
    return out if isinstance(findings, pl.LazyFrame) else out.collect()
