"""Columnar CSV parsing for the common case, with the exact row semantics of the slow path.

Python's :mod:`csv` module is exact about ragged rows and unclosed quotes
but builds a list per row; on a million-row export that costs several
seconds more than the parse itself. Polars parses the same text many times
faster, but fills a short row with empty strings (so a row with a missing
field would pass unnoticed) and quotes are its own business. This module
takes the polars route only when the file's quoting is unambiguous -- every
record is one physical line and every quote either opens a field, closes
it or is doubled inside it -- and measures each record's field count with
a quote-aware vectorised count, so a ragged row is still reported with its
number and padded with nulls exactly as the slow path does. Anything else
(multi-line quoted cells, stray quotes, NUL bytes, old Mac line ends)
returns ``None`` and the caller uses the slow path.
"""

from __future__ import annotations

import csv
import re
from typing import NamedTuple

import polars as pl

from svccheck.io.base import ROW

#: What Python's ``str.strip`` removes, which the exact path uses to call a
#: record blank; polars' and regex ``\s`` leave out U+001C-U+001F.
PY_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())

#: A quoted field: what the count of field separators must not look inside.
_QUOTED = r'"(?:[^"]|"")*"'


class FastParse(NamedTuple):
    """What the columnar parse found; ``records`` counts blank records too,
    so a reader of a file in batches knows where the next batch's rows start."""

    header: list[str]
    frame: pl.DataFrame
    counts: pl.Series
    records: int


def parse_simple_csv(source: str | bytes, delimiter: str) -> FastParse | None:
    """Header cells, the rows as strings (with ``_row``), and each row's field count.

    Blank records are not in the frame but keep their number, as in the slow
    path. ``None`` means the text needs the exact (slow) parser.

    ``source`` is the text, or its UTF-8 bytes as read from a UTF-8 file:
    decoding a large export to a Python string (and stripping its BOM, and
    encoding it back for polars) cost about 1 s per million tickets. Bytes
    that are not valid UTF-8 make polars fail, and so return ``None``.

    The text is split into lines by polars and handed to the CSV parser as
    one buffer: a Python list of a million line strings, and joining them
    back, cost more than the parse itself (bench/bench_scale.py).
    """
    # in UTF-8 the bytes NUL, CR and LF stand only for those characters
    buffer = source.encode("utf-8") if isinstance(source, str) else source
    if b"\x00" in buffer:
        return None
    lines = _lines(buffer)
    if lines is None:
        return None
    # a CR that does not end a line (old Mac line ends, a stray CR): polars
    # drops the CR of each CRLF, so any CR left in a line, or at the very end,
    # is one (counting CR and CRLF in the bytes took 0.3 s per million rows)
    if buffer.endswith(b"\r") or lines.str.contains("\r", literal=True).any():
        return None
    # the header is the first record with a non-blank field, as in the slow path
    start = next(
        (i for i in range(lines.len())
         if lines[i].replace(delimiter, "").replace('"', "").strip()),
        None,
    )
    if start is None:
        return None
    series = lines.slice(start)
    quoted = _quoting_is_simple(series, delimiter)
    if quoted is None:
        return None
    header = next(csv.reader([lines[start]], delimiter=delimiter))
    data_lines = series.slice(1)
    height = data_lines.len()
    if height == 0:
        return None
    width = len(header)
    # What the lines tell (field counts, possibly blank records) is taken
    # before the parse, so the lines -- a second copy of the file -- are
    # freed before polars builds the frame (peak memory of a 1M-row read).
    unquoted = data_lines.str.replace_all(_QUOTED, "") if quoted else data_lines
    counts = unquoted.str.count_matches(delimiter, literal=True).cast(pl.Int64) + 1
    # Only a line of separators, quotes and blanks can be a blank record;
    # the fields of those few lines decide.
    maybe = data_lines.str.contains(
        rf'^[{re.escape(PY_WHITESPACE)}{re.escape(delimiter)}"]*$'
    ).arg_true()
    del lines, series, data_lines, unquoted
    columns = [f"c{i}" for i in range(width)]
    # Polars takes the column count from the first line, so a synthetic
    # header of the right width goes first (the real one may repeat names);
    # the records follow as they are in the text (polars reads CRLF too).
    offset = 0
    for _ in range(start + 1):
        offset = buffer.index(b"\n", offset) + 1
    # one copy of the records (a slice and a concatenation would be two)
    payload = b"".join([
        (delimiter.join(columns) + "\n").encode("utf-8"),
        memoryview(buffer)[offset:],
        b"" if buffer.endswith(b"\n") else b"\n",
    ])
    del buffer
    try:
        frame = pl.read_csv(
            payload, has_header=True, separator=delimiter,
            schema=dict.fromkeys(columns, pl.String), infer_schema=False,
            empty_string_is_null=False, truncate_ragged_lines=True, quote_char='"',
        )
    except pl.exceptions.PolarsError:
        return None
    del payload
    if frame.height != height:
        return None
    if (counts != width).any():  # short rows: polars filled them with empty strings
        frame = frame.with_columns(
            pl.when(pl.lit(counts) > i).then(pl.col(name)).otherwise(None).alias(name)
            for i, name in enumerate(columns)
        )
    frame = frame.with_columns(
        pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW),
        pl.lit(counts).alias("_fields"),
    )
    if maybe.len():
        blank = pl.all_horizontal(
            pl.col(name).is_null() | (pl.col(name).str.strip_chars(PY_WHITESPACE) == "")
            for name in columns
        )
        found = frame[maybe].with_columns(maybe.alias("_at")).filter(blank)
        # polars drops the fields past the header's width, so a long row whose
        # first fields are blank cannot be told from a blank one here
        if (found.get_column("_fields") > width).any():
            return None
        keep = pl.Series([True] * frame.height).scatter(found.get_column("_at"), False)
        frame = frame.filter(keep)
    counts = frame.get_column("_fields")
    return FastParse(header, frame.drop("_fields"), counts, height)


def _lines(buffer: bytes) -> pl.Series | None:
    """The text's lines (``str.split("\\n")`` without a final empty one, CRs dropped).

    Polars' CSV parser with a separator the text lacks (NUL, checked by the
    caller) and no quoting yields one line per row, blank lines as null;
    the line count is checked against the text so a disagreement falls back
    to the exact parser instead of shifting row numbers.
    """
    try:
        lines = pl.read_csv(
            buffer, has_header=False, separator="\x00", quote_char=None,
            schema={"line": pl.String}, infer_schema=False, empty_string_is_null=False,
        ).to_series().fill_null("")
    except pl.exceptions.PolarsError:
        return None
    expected = buffer.count(b"\n") + (0 if buffer.endswith(b"\n") else 1)
    return lines if lines.len() == expected else None


def _quoting_is_simple(lines: pl.Series, delimiter: str) -> bool | None:
    """None when a record spans lines or a quote sits inside unquoted text;
    otherwise whether any line holds a quote at all."""
    quotes = lines.str.count_matches('"', literal=True)
    if (quotes % 2 == 1).any():
        return None
    if quotes.sum() == 0:
        return False
    d = re.escape(delimiter)
    # Every cell is either quoted whole or holds no quote at all; anything
    # else has a stray quote (``5" screen``, ``"ab"c``, ``a, "b"``,
    # ``""x""``), which polars and Python's csv read differently.
    cell = rf'(?:"(?:[^"]|"")*"|[^{d}"]*)'
    simple = lines.str.contains(rf"^{cell}(?:{d}{cell})*$")
    return True if simple.all() else None
