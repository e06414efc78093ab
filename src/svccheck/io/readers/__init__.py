"""File readers: bytes on disk -> :class:`~svccheck.io.base.RawInput`.

:func:`read_file` owns everything that is not format-specific -- opening the
file, refusing empty files and directories with a one-line message, gzip --
so every reader, including plugin readers, behaves the same on bad paths.
Files are only ever opened for reading: an audit must not touch the evidence.

Resource limits live here too, for the same reason. A ``.gz`` is inflated
in chunks and abandoned as soon as it grows past the ratio in
:mod:`~svccheck.io.readers.limits` (a zip bomb must fail in bounded memory, not after
allocating gigabytes). A CSV or JSON Lines file is first streamed through a
:class:`~svccheck.io.readers.limits.LineGuard` -- during inflation for a
``.gz`` -- so one endless line is refused before the file is held in memory;
a JSON document goes through a record guard the same way.
After any reader a cell bigger than ``ReadOptions.max_cell_bytes`` becomes a
row problem with its value dropped.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import BinaryIO

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, Reader, ReadOptions, RowProblem
from svccheck.io.readers.csv import CsvReader
from svccheck.io.readers.excel import ExcelReader
from svccheck.io.readers.json import JsonLinesReader, JsonReader
from svccheck.io.readers.limits import (
    MAX_RATIO,
    MAX_RECORD_CELLS,
    JsonRecordGuard,
    LineGuard,
    LineTooLong,
    allowed_size,
    max_record_bytes,
)
from svccheck.io.readers.parquet import ParquetReader
from svccheck.pii import redact_name
from svccheck.regular_files import require_regular

__all__ = ["BUILTIN_READERS", "read_file", "reader_for"]

#: The readers shipped with svccheck, one instance per format.
BUILTIN_READERS: list[Reader] = [
    CsvReader(),
    ExcelReader(),
    JsonReader(),
    JsonLinesReader(),
    ParquetReader(),
]

_GZIP = ".gz"
_CHUNK = 1 << 20
#: Readers that hold one line at a time: they get the line guard.
_LINE_READERS = (CsvReader, JsonLinesReader)


def read_file(path: Path, readers: Sequence[Reader], options: ReadOptions) -> RawInput:
    """Read one export file with the reader registered for its suffix.

    ``x.csv.gz`` is decompressed and read by the ``.csv`` reader, with
    ``RawInput.compression`` set to ``"gzip"``. Every problem that stops the
    file from being read is an :class:`InputError` whose message is one line
    starting with the path.
    """
    require_regular(path, "ticket export", InputError)  # /dev/zero would never end
    name = path.name.lower()
    gzipped = name.endswith(_GZIP)
    suffix = PurePath(name.removesuffix(_GZIP)).suffix
    reader = reader_for(suffix, readers)
    guard = _guard_for(reader, options)
    try:
        if gzipped:
            data = _gunzip(path, guard)
        else:
            if guard is not None and not _smaller_than(path, guard.limit):
                _scan_lines(path, guard)
            data = _read_bytes(path)
    except LineTooLong as exc:
        raise InputError(_too_long(path, exc, options.max_cell_bytes, gzipped)) from None
    compression = "gzip" if gzipped else None
    if reader is None:
        raise InputError(f"{path}: {_unsupported(suffix, readers)}")
    raw = reader.read(data, path, options)
    raw.compression = compression
    _limit_cells(raw, options.max_cell_bytes)
    return raw


def reader_for(suffix: str, readers: Sequence[Reader]) -> Reader | None:
    """The first reader claiming ``suffix`` (case-insensitive); list overrides first."""
    suffix = suffix.lower()
    return next((reader for reader in readers if suffix in reader.suffixes), None)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    if not data:
        raise InputError(f"{path}: file is empty")
    return data


def _open(path: Path) -> BinaryIO:
    """Open ``path`` for reading, with :func:`_read_bytes`' messages."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    require_regular(path, "ticket export", InputError)
    try:
        return path.open("rb")
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def _cannot_read(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: file not found")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied (cannot read the file)")
    return InputError(f"{path}: cannot read the file ({exc.strerror or exc})")


def _smaller_than(path: Path, limit: int) -> bool:
    """True when the whole file is shorter than one allowed line: no need to scan it.

    A file that cannot be stat'ed is scanned (and :func:`_read_bytes` says why).
    """
    try:
        return path.stat().st_size <= limit
    except OSError:
        return False


def _scan_lines(path: Path, guard: LineGuard | JsonRecordGuard) -> None:
    """Stream ``path`` through ``guard`` in fixed-size chunks.

    A file that cannot be opened is left to :func:`_read_bytes`, which says
    why in the same words for every format.
    """
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                guard.feed(chunk)
    except OSError:
        return
    guard.close()


def _guard_for(reader: Reader | None, options: ReadOptions) -> LineGuard | JsonRecordGuard | None:
    """Line readers get the line guard; a JSON document (lines mean nothing) a record guard."""
    limit = max_record_bytes(options.max_cell_bytes)
    if isinstance(reader, _LINE_READERS):
        return LineGuard(limit)
    if isinstance(reader, JsonReader):
        return JsonRecordGuard(limit, options.encoding)
    return None


def _too_long(path: Path, exc: LineTooLong, max_cell_bytes: int, gzipped: bool) -> str:
    where = " (after gzip decompression)" if gzipped else ""
    return (f"{path}: {exc.where()}{where} is longer than {exc.limit:,} bytes "
            f"({MAX_RECORD_CELLS} x --max-cell-bytes {max_cell_bytes:,}); "
            f"refusing to read it")


def _gunzip(path: Path, guard: LineGuard | JsonRecordGuard | None = None) -> bytes:
    """Inflate every gzip member whole (see :func:`inflate`)."""
    with _open(path) as stream:
        result = b"".join(inflate(stream, path, guard))
    if guard is not None:
        guard.close()
    if not result:
        raise InputError(f"{path}: file is empty (after gzip decompression)")
    return result


def inflate(stream: BinaryIO, path: Path, guard: LineGuard | JsonRecordGuard | None = None,
            chunk: int = _CHUNK) -> Iterator[bytes]:
    """Inflate every gzip member block by block, refusing output beyond the ratio guard.

    Both sides are streamed: the compressed file is read and inflated in
    chunks, and each inflated chunk goes through ``guard`` (if any), so a
    bomb stops at the ratio limit and an endless line at the line limit --
    neither is ever held whole. Reading a file whole and reading it in
    batches inflate it here alike.
    """
    compressed = os.fstat(stream.fileno()).st_size
    if not compressed:
        raise InputError(f"{path}: file is empty")
    if stream.read(2) != b"\x1f\x8b":
        raise InputError(f"{path}: not a gzip file, although its name ends in .gz")
    stream.seek(0)
    allowed = allowed_size(compressed)
    size = 0
    try:
        with gzip.GzipFile(fileobj=stream) as inflating:
            while block := inflating.read(chunk):
                size += len(block)
                if size > allowed:
                    raise InputError(
                        f"{path}: decompresses to more than {allowed:,} bytes "
                        f"({MAX_RATIO}x its size); refusing a possible zip bomb"
                    )
                if guard is not None:
                    guard.feed(block)
                yield block
    except (OSError, EOFError, zlib.error):  # gzip.BadGzipFile is an OSError
        raise InputError(f"{path}: corrupt or truncated gzip file") from None


def _limit_cells(raw: RawInput, limit: int) -> None:
    """Drop cells over ``limit`` UTF-8 bytes, each reported as a row problem."""
    raw.tickets = _limit_frame(raw.tickets, limit, raw.problems)
    if raw.events is not None:
        raw.events = _limit_frame(raw.events, limit, raw.problems)


def _limit_frame(frame: pl.DataFrame, limit: int, problems: list[RowProblem]) -> pl.DataFrame:
    # Series by position, never pl.col(name): a header may be "*" or "^.*$".
    if ROW not in frame.columns:
        return frame
    rows = frame.get_column(ROW)
    found: list[RowProblem] = []
    for index, (name, dtype) in enumerate(frame.schema.items()):
        if dtype != pl.String or name.startswith("_"):
            continue
        column = frame.to_series(index)
        sizes = column.str.len_bytes()
        over = (sizes > limit).fill_null(False)
        if not over.any():
            continue
        shown = redact_name(name)  # a header-less export's names are its first row
        for row, size in zip(rows.filter(over), sizes.filter(over), strict=True):
            found.append(RowProblem(
                row=row,
                message_en=f"field {shown!r} is {size:,} bytes, over --max-cell-bytes "
                           f"{limit:,}; its value was not read",
                message_zh=f"字段“{shown}”有 {size:,} 字节，超过 --max-cell-bytes "
                           f"{limit:,}；未读取该值",
            ))
        frame = frame.replace_column(index, column.scatter(over.arg_true(), None))
    problems.extend(sorted(found, key=lambda problem: problem.row))
    return frame


def _unsupported(suffix: str, readers: Sequence[Reader]) -> str:
    known = sorted({s for reader in readers for s in reader.suffixes})
    what = f"unsupported file type {suffix!r}" if suffix else "file name has no suffix"
    return f"{what}; supported: {', '.join(known)} (each optionally compressed as .gz)"
