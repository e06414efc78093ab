"""Excel workbooks (``.xlsx``, ``.xlsm``) through fastexcel (Rust calamine).

The sheet is read with every column forced to ``string``. calamine then
converts each *cell* on its own -- date cells to ``2023-10-01 14:30:05``,
whole numbers to ``5``, other numbers in their shortest form
(``45200.604``) -- instead of guessing a type per column. Guessing per column
loses data: with fastexcel's defaults a text cell below row 1000 of a
numeric column silently becomes null.

Two things calamine gets wrong for people are fixed afterwards: time-of-day
cells and ``[h]:mm`` durations are stored as tiny day numbers and come out as
dates in 1899/1900 (``1899-12-31 14:30:00``); they are turned into what Excel
shows (``14:30:00``, ``36:00:00``), so no timestamp in 1899 reaches the
rules.

Rows are numbered from the header: ``_row`` N is the N-th sheet row under
the header row. Blank rows keep their number but are not returned.

A workbook is a ZIP archive, so before calamine inflates it every part is
inflated once in chunks and the bytes that come out are counted against the
same ratio guard as ``.gz`` inputs -- not the sizes the archive declares,
which a bomb can fake: a workbook bomb fails with one line instead of
exhausting memory.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path

import fastexcel
import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, ReadOptions
from svccheck.io.readers.csv import unique_names
from svccheck.io.readers.limits import MAX_RATIO, allowed_size
from svccheck.io.readers.parquet import duration_text
from svccheck.io.readers.sheet_extent import CELL_BYTES, measure, sheet_part, worksheet_parts

#: Dates calamine produces for Excel serials below 60 (time-of-day cells and
#: durations shorter than 60 days); Excel's day 0 is 1899-12-31 there.
_TINY_SERIAL = r"^(1899-12-31|1900-0[12]-\d\d) \d\d:\d\d:\d\d(\.\d+)?$"
_DAY_ZERO = dt.datetime(1899, 12, 31)
#: Inflated bytes held at a time while a workbook's parts are measured.
_CHUNK = 1 << 20
#: Compressed bytes fed to the inflater at a time.
_INPUT = 64 << 10


class ExcelReader:
    """Reads one sheet of a workbook; every cell becomes a string or null."""

    name = "xlsx"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Read the first sheet, or ``options.sheet``; the first non-empty row is the header."""
        workbook = _open(data, path)
        sheet_name = _pick_sheet(workbook.sheet_names, options.sheet, path)
        _refuse_sparse_sheet(data, path, workbook.sheet_names.index(sheet_name), sheet_name)
        try:
            sheet = workbook.load_sheet(sheet_name, header_row=None, dtypes="string")
            cells = sheet.to_polars()
        except fastexcel.FastExcelError as exc:
            reason = str(exc).splitlines()[0]
            raise InputError(f"{path}: cannot read sheet {sheet_name!r} ({reason})") from None
        if cells.height == 0:
            raise InputError(f"{path}: sheet {sheet_name!r} is empty (no header row)")

        names = unique_names(cells.row(0))
        body = cells.slice(1)
        body.columns = names
        body = body.with_columns(pl.int_range(1, body.height + 1, dtype=pl.Int64).alias(ROW))
        not_blank = pl.any_horizontal(
            pl.col(name).is_not_null() & (pl.col(name).str.strip_chars() != "") for name in names
        )
        body = body.filter(not_blank).with_columns(_excel_time_text(n) for n in names)
        return RawInput(path=path, format="xlsx", tickets=body)


def _open(data: bytes, path: Path) -> fastexcel.ExcelReader:
    """Open the workbook; say *why* a file is not one, which is usually the suffix."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path}: not an .xlsx workbook: it is an old-style .xls file or a password-protected "
            "workbook; save it as .xlsx without a password"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{path}: not an .xlsx workbook (an .xlsx file is a ZIP archive; this one is not — "
            "is it a CSV or HTML export with the wrong suffix?)"
        )
    _refuse_bomb(data, path)
    try:
        return fastexcel.read_excel(data)
    except fastexcel.FastExcelError as exc:
        reason = str(exc).splitlines()[0]
        raise InputError(f"{path}: not a readable .xlsx workbook ({reason})") from None


def _refuse_bomb(data: bytes, path: Path) -> None:
    """Refuse a workbook whose parts inflate beyond the ratio guard.

    The sizes a ZIP directory declares are the attacker's to choose, and an
    inflater that trusts the deflate stream instead of the header inflates
    all of it. So every deflated part is inflated here, in chunks, counting
    the bytes that actually come out -- and dropping them -- until the total
    passes the limit or the archive ends. Stored parts are as big as they
    are; parts in a method calamine cannot read count what they declare.
    """
    allowed = allowed_size(len(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine says what is wrong with the archive
    total = 0
    for info in parts:
        total += _inflated_size(data, info, allowed - total)
        if total > allowed:
            raise InputError(
                f"{path}: the workbook decompresses to more than {allowed:,} bytes "
                f"({MAX_RATIO}x its size); refusing a possible zip bomb"
            )


def _refuse_sparse_sheet(data: bytes, path: Path, index: int, name: str) -> None:
    """Refuse a sheet whose grid calamine would allocate beyond the ratio guard.

    See :mod:`~svccheck.io.readers.sheet_extent`: one cell far from the
    others makes calamine allocate the whole rectangle between them, and an
    allocation it cannot get aborts the process. When the sheet's own part
    cannot be found, every worksheet is measured and the largest counts.
    """
    limit = allowed_size(len(data)) // CELL_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = sheet_part(archive, index)
            extents = [measure(archive, p) for p in ([part] if part else worksheet_parts(archive))]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return  # calamine says what is wrong with the archive
    largest = max(extents, key=lambda e: e.cells, default=None)
    if largest is not None and largest.cells > limit:
        raise InputError(
            f"{path}: sheet {name!r} spans {largest.cells:,} cells (up to "
            f"{largest.corner}), more than the {limit:,} a workbook of {len(data):,} bytes "
            "may fill; refusing it (delete the stray cells far from the data, or export "
            "the sheet as CSV)"
        )


def _inflated_size(data: bytes, info: zipfile.ZipInfo, budget: int) -> int:
    """Bytes the part ``info`` inflates to, counted up to just past ``budget``.

    The deflate stream is read from the part's local header to the end of
    the file, whatever sizes the headers declare: it ends where it says.
    A damaged part counts what came out before the damage.
    """
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size
    start = _data_offset(data, info.header_offset)
    if start is None:
        return info.file_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    view = memoryview(data)
    size = 0
    try:
        # Compressed input goes in small slices: what zlib has not consumed
        # comes back as a copy, which must not be the rest of the file.
        for offset in range(start, len(data), _INPUT):
            pending: bytes | memoryview = view[offset:offset + _INPUT]
            while pending and not inflater.eof and size <= budget:
                size += len(inflater.decompress(pending, _CHUNK))
                pending = inflater.unconsumed_tail
            if inflater.eof or size > budget:
                break
    except zlib.error:
        pass
    return size


def _data_offset(data: bytes, header: int) -> int | None:
    """Where a part's compressed bytes start, after its local file header."""
    fixed = header + 30
    if header < 0 or fixed > len(data) or data[header:header + 4] != b"PK\x03\x04":
        return None
    name_length = int.from_bytes(data[header + 26:header + 28], "little")
    extra_length = int.from_bytes(data[header + 28:header + 30], "little")
    return fixed + name_length + extra_length


def _pick_sheet(available: list[str], wanted: str | None, path: Path) -> str:
    """The requested sheet (exact, else the only case-insensitive match) or the first."""
    if not available:
        raise InputError(f"{path}: the workbook has no sheets")
    if wanted is None:
        return available[0]
    if wanted in available:
        return wanted
    folded = [name for name in available if name.strip().casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listing = ", ".join(repr(name) for name in available)
    raise InputError(f"{path}: no sheet named {wanted!r}; the workbook has {listing}")


def _excel_time_text(name: str) -> pl.Expr:
    """Rewrite calamine's 1899/1900 renderings of times and durations (module docstring)."""
    col = pl.col(name)
    moment = col.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False)
    # 1900-02-29 (Excel's phantom leap day) does not parse: leave such a cell as it is.
    tiny = col.str.contains(_TINY_SERIAL) & moment.is_not_null()
    return pl.when(tiny).then(duration_text(moment - _DAY_ZERO)).otherwise(col).alias(name)
