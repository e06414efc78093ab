"""How many cells a worksheet spans, measured before calamine allocates them.

calamine reads a sheet into one dense grid from its first used cell to its
last, 32 bytes a cell, whatever lies between. A workbook of 1.7 kB with a
header in A1 and one cell in XFD1048576 spans 1,048,576 x 16,384 cells:
calamine asks for 512 GB and the process aborts with a Rust backtrace, past
any error handling. The sheet's ``<dimension>`` element cannot be trusted
(calamine itself ignores it), so the cells are counted from the sheet's XML
-- every ``<c>`` element that can hold a value, as calamine places them (an
empty ``<c r="B7" s="1"/>``, a cell with only a style, does not count) --
and a sheet whose grid would need more memory than the
workbook may inflate to (the zip-bomb ratio of
:func:`~svccheck.io.readers.limits.allowed_size`) is refused before
calamine opens it.

The scan is vectorised (polars' regex engine over 4 MiB pieces of the
inflated XML): the cells' ``r="B7"`` references give the grid's corners.
Cells written without a reference, which calamine places one after the
other, take a slower walk tag by tag.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import polars as pl

#: What calamine holds per cell of the grid (its ``Data`` enum).
CELL_BYTES = 32
_PIECE = 4 << 20
#: A cell reference and the rest of its tag (to tell ``<c .../>``, an empty cell).
_REF = r' r="[A-Z]{1,3}[0-9]{1,7}"[^>]*>'
_CELL_TAG = r"<(?:[A-Za-z_][\w.\-]*:)?c[\s/>]"
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([A-Z]*)([0-9]*)["']""")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Extent:
    """The grid calamine would build: first and last row and column (1-based)."""

    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0

    @property
    def cells(self) -> int:
        if not self.last_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    @property
    def corner(self) -> str:
        """The far corner, as Excel names a cell (``XFD1048576``)."""
        return f"{column_name(self.last_col)}{self.last_row}"

    def add(self, row: int, col: int) -> None:
        if not self.last_row:
            self.first_row = self.last_row = row
            self.first_col = self.last_col = col
            return
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    def merge(self, other: Extent) -> None:
        if other.last_row:
            self.add(other.first_row, other.first_col)
            self.add(other.last_row, other.last_col)


def column_number(letters: str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27, ``XFD`` -> 16384."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_name(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_part(archive: zipfile.ZipFile, index: int) -> str | None:
    """The archive member of the ``index``-th sheet (workbook order), or None if unknown."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    sheets = [e for e in book.iter() if e.tag.rpartition("}")[2] == "sheet"]
    if not 0 <= index < len(sheets):
        return None
    rel_id = sheets[index].get(_REL_NS) or next(
        (v for k, v in sheets[index].attrib.items() if k.endswith("}id")), None)
    target = next((e.get("Target") for e in rels.iter()
                   if e.tag.rpartition("}")[2] == "Relationship" and e.get("Id") == rel_id), None)
    if not target:
        return None
    name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
    return name if name in archive.namelist() else None


def worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """Every worksheet part: what is measured when the sheet's own part is unknown."""
    return [n for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def _pieces(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's XML in pieces that end after a complete tag."""
    carry = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_PIECE):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut >= 0 and buffer.find(b">", cut) < 0:
                buffer, carry = buffer[:cut], buffer[cut:]
            else:
                carry = b""
            yield buffer
    if carry:
        yield carry


def measure(archive: zipfile.ZipFile, part: str) -> Extent:
    """The grid of the worksheet ``part`` as calamine would lay it out."""
    extent = Extent()
    for piece in _pieces(archive, part):
        text = pl.Series([piece.decode("utf-8", "replace")])
        tags = pl.DataFrame({"r": text.str.extract_all(_REF).explode()}).drop_nulls()
        if tags.height != text.str.count_matches(_CELL_TAG).item():
            return _walk(archive, part)  # cells without a reference: placed one by one
        found = tags.filter(~pl.col("r").str.ends_with("/>")).select(
            pl.col("r").str.extract(r'"([A-Z]+)', 1).alias("letters"),
            pl.col("r").str.extract(r'([0-9]+)"', 1).cast(pl.Int64).alias("row"),
        )
        if found.height:
            rows = found.get_column("row")
            columns = [column_number(c) for c in found.get_column("letters").unique()]
            extent.merge(Extent(int(rows.min()), int(rows.max()),  # type: ignore[arg-type]
                                min(columns), max(columns)))
    return extent


def _walk(archive: zipfile.ZipFile, part: str) -> Extent:
    """Tag by tag, as calamine reads: a cell without ``r`` follows the previous one."""
    extent = Extent()
    row, col = 0, 0
    for piece in _pieces(archive, part):
        for name, attributes in _TAG.findall(piece):
            ref = _R_ATTR.search(attributes)
            letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
            if name == b"row":
                row, col = (int(digits) if digits and not letters else row + 1), 0
                continue
            if digits:
                row = int(digits)
            col = column_number(letters.decode()) if letters else col + 1
            if not attributes.endswith(b"/"):  # <c .../> holds no value: not in the grid
                extent.add(max(row, 1), max(col, 1))
    return extent
