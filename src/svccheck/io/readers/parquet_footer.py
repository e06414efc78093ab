"""What a Parquet file's footer declares it will expand to, read without polars.

polars exposes neither the uncompressed sizes nor the value counts of a
file, and reading the data to find out is exactly what a decompression bomb
exploits: a few kilobytes of zstd pages, or one run-length-encoded value,
can stand for gigabytes. The footer (``FileMetaData``, Thrift compact
protocol, at the end of the file) declares both per column chunk, so this
small reader walks it and sums them -- and then walks the page headers of
every column chunk it lists, since each page declares its own uncompressed
size, which is what a reader allocates before it inflates the page.

The reader is hostile-input safe: every length is checked against the bytes
that are there, nesting is capped, and anything malformed in the footer is
a :class:`FooterError` rather than an exception from deep inside. It still
trusts declarations: what the footer and page headers declare is summed,
and a page that inflates to more than its header says is left to the
decompressor (polars' snappy and zstd readers refuse such a page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_MAGIC = b"PAR1"
#: Thrift compact types.
_STOP, _TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE = 0, 1, 2, 3, 4, 5, 6, 7
_BINARY, _LIST, _SET, _MAP, _STRUCT = 8, 9, 10, 11, 12
#: Deeper nesting than any real footer has (FileMetaData is about 5 deep).
_MAX_DEPTH = 32


class FooterError(ValueError):
    """The footer is missing or not valid Thrift compact ``FileMetaData``."""


@dataclass(frozen=True)
class Declared:
    """Totals over all column chunks of all row groups."""

    #: Sum of ``ColumnMetaData.total_uncompressed_size``: bytes after decompression.
    uncompressed_bytes: int
    #: Sum of ``ColumnMetaData.num_values``: leaf values, nulls included.
    values: int
    #: Sum of ``PageHeader.uncompressed_page_size`` over every page the column
    #: chunks hold: what a reader allocates to inflate them. A page header
    #: is the file's to write, independently of the footer.
    page_bytes: int = 0


def declared_sizes(data: bytes) -> Declared:
    """Read the footer of the Parquet file ``data`` and total its column chunks."""
    if len(data) < 12 or not data.startswith(_MAGIC) or not data.endswith(_MAGIC):
        raise FooterError("no Parquet magic number")
    length = int.from_bytes(data[-8:-4], "little")
    if length <= 0 or length > len(data) - 12:
        raise FooterError("footer length out of range")
    footer = len(data) - 8 - length
    reader = _Compact(data, footer, len(data) - 8)
    totals = [0, 0]
    chunks: list[dict[int, int]] = []
    try:
        reader.struct(_file_metadata(totals, chunks), 0)
    except IndexError:
        raise FooterError("footer is cut short") from None
    budget = [footer // 2]  # page headers a file of this size has room for, at most
    pages = sum(_page_bytes(data, chunk, footer, budget) for chunk in chunks)
    return Declared(uncompressed_bytes=totals[0], values=totals[1], page_bytes=pages)


def _page_bytes(data: bytes, chunk: dict[int, int], footer: int, budget: list[int]) -> int:
    """Sum the uncompressed sizes the page headers of one column chunk declare.

    The headers are walked from the chunk's first page (its dictionary page
    if it has one) over ``total_compressed_size`` bytes, each page's
    compressed size leading to the next header. Where the walk leaves the
    data or meets something that is not a page header it stops: a damaged
    page is polars' to report, and what was summed so far still counts.
    Chunks that point at the same bytes again and again would make the walk
    quadratic, so ``budget`` bounds the headers read in all: no real file
    has more than one per two bytes.
    """
    starts = [chunk[fid] for fid in (9, 11) if chunk.get(fid, 0) > 0]
    if not starts or 7 not in chunk:
        return 0
    pos = min(starts)
    end = min(pos + chunk[7], footer)
    total = 0
    while pos < end:
        header = [0, 0]  # uncompressed_page_size, compressed_page_size
        reader = _Compact(data, pos, end)
        try:
            reader.struct(_page_header(header), 0)
        except (IndexError, FooterError):
            break
        budget[0] -= 1
        if budget[0] < 0:
            raise FooterError("more page headers than the file has room for")
        total += header[0]
        pos = reader.pos + header[1]
    return total


def _page_header(sizes: list[int]) -> _Handler:
    """Handler for PageHeader: fields 2 and 3 are the page's two sizes (i32)."""

    def page_header(reader: _Compact, fid: int, ftype: int, depth: int) -> None:
        if fid in (2, 3) and ftype == _I32:
            value = reader.varint_signed()
            if value < 0:
                raise FooterError("negative page size")
            sizes[fid - 2] = value
        else:
            reader.skip(ftype, depth)

    return page_header


#: Consumes one struct field's value, given (reader, field id, type, depth).
_Handler = Callable[["_Compact", int, int, int], None]


def _file_metadata(totals: list[int], chunks: list[dict[int, int]]) -> _Handler:
    """Handlers for FileMetaData > row_groups > columns > meta_data, adding to ``totals``.

    Each column chunk's ``total_compressed_size`` (7), ``data_page_offset``
    (9) and ``dictionary_page_offset`` (11) go to ``chunks``, for the walk
    over its page headers.
    """

    def column_meta(reader: _Compact, fid: int, ftype: int, depth: int) -> None:
        if fid in (5, 6, 7, 9, 11) and ftype == _I64:
            value = reader.varint_signed()
            if value < 0:
                raise FooterError("negative size in the footer")
            if fid in (5, 6):  # num_values, total_uncompressed_size
                totals[0 if fid == 6 else 1] += value
            else:
                chunks[-1][fid] = value
        else:
            reader.skip(ftype, depth)

    def column_chunk(reader: _Compact, fid: int, ftype: int, depth: int) -> None:
        if fid == 3 and ftype == _STRUCT:  # meta_data
            chunks.append({})
            reader.struct(column_meta, depth + 1)
        else:
            reader.skip(ftype, depth)

    def row_group(reader: _Compact, fid: int, ftype: int, depth: int) -> None:
        if fid == 1 and ftype == _LIST:  # columns
            reader.struct_list(column_chunk, depth + 1)
        else:
            reader.skip(ftype, depth)

    def file_metadata(reader: _Compact, fid: int, ftype: int, depth: int) -> None:
        if fid == 4 and ftype == _LIST:  # row_groups
            reader.struct_list(row_group, depth + 1)
        else:
            reader.skip(ftype, depth)

    return file_metadata


class _Compact:
    """A cursor over Thrift compact protocol bytes in ``data[pos:end]``."""

    def __init__(self, data: bytes, pos: int, end: int) -> None:
        self.data = data
        self.pos = pos
        self.end = end

    def byte(self) -> int:
        if self.pos >= self.end:
            raise IndexError
        value = self.data[self.pos]
        self.pos += 1
        return value

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise FooterError("varint too long")

    def varint_signed(self) -> int:
        value = self.varint()
        return (value >> 1) ^ -(value & 1)  # zigzag

    def advance(self, count: int) -> None:
        if count < 0 or self.pos + count > self.end:
            raise IndexError
        self.pos += count

    def struct(self, handle: _Handler, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise FooterError("footer nested too deeply")
        fid = 0
        while True:
            header = self.byte()
            ftype = header & 0x0F
            if ftype == _STOP:
                return
            delta = header >> 4
            fid = fid + delta if delta else self.varint_signed()
            handle(self, fid, ftype, depth)

    def list_header(self) -> tuple[int, int]:
        header = self.byte()
        size = header >> 4
        if size == 15:
            size = self.varint()
        if size > self.end - self.pos:  # every element takes at least one byte
            raise FooterError("list longer than the footer")
        return size, header & 0x0F

    def struct_list(self, handle: _Handler, depth: int) -> None:
        size, etype = self.list_header()
        if etype != _STRUCT:
            raise FooterError("unexpected element type")
        for _ in range(size):
            self.struct(handle, depth)

    def skip(self, ftype: int, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise FooterError("footer nested too deeply")
        if ftype in (_TRUE, _FALSE):
            return  # a struct field's boolean lives in its header
        if ftype == _BYTE:
            self.advance(1)
        elif ftype in (_I16, _I32, _I64):
            self.varint()
        elif ftype == _DOUBLE:
            self.advance(8)
        elif ftype == _BINARY:
            self.advance(self.varint())
        elif ftype in (_LIST, _SET):
            size, etype = self.list_header()
            for _ in range(size):
                if etype in (_TRUE, _FALSE):
                    self.advance(1)  # in a list, each boolean is one byte
                else:
                    self.skip(etype, depth + 1)
        elif ftype == _MAP:
            size = self.varint()
            if size:
                types = self.byte()
                for _ in range(size):
                    for etype in (types >> 4, types & 0x0F):
                        if etype in (_TRUE, _FALSE):
                            self.advance(1)
                        else:
                            self.skip(etype, depth + 1)
        elif ftype == _STRUCT:
            self.struct(lambda r, _f, t, d: r.skip(t, d + 1), depth + 1)
        else:
            raise FooterError(f"unknown Thrift type {ftype}")
