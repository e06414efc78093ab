"""File readers: bytes on disk -> :class:`~svccheck.io.base.RawInput`.

:func:`read_file` owns everything that is not format-specific -- opening the
file, refusing empty files and directories with a one-line message, gzip --
so every reader, including plugin readers, behaves the same on bad paths.
Files are only ever opened for reading: an audit must not touch the evidence.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePath

from svccheck.errors import InputError
from svccheck.io.base import RawInput, Reader, ReadOptions
from svccheck.io.readers.csv import CsvReader
from svccheck.io.readers.excel import ExcelReader
from svccheck.io.readers.json import JsonLinesReader, JsonReader
from svccheck.io.readers.parquet import ParquetReader

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


def read_file(path: Path, readers: Sequence[Reader], options: ReadOptions) -> RawInput:
    """Read one export file with the reader registered for its suffix.

    ``x.csv.gz`` is decompressed and read by the ``.csv`` reader, with
    ``RawInput.compression`` set to ``"gzip"``. Every problem that stops the
    file from being read is an :class:`InputError` whose message is one line
    starting with the path.
    """
    data = _read_bytes(path)
    compression: str | None = None
    name = path.name.lower()
    if name.endswith(_GZIP):
        data = _gunzip(data, path)
        compression = "gzip"
        name = name.removesuffix(_GZIP)
    suffix = PurePath(name).suffix
    reader = reader_for(suffix, readers)
    if reader is None:
        raise InputError(f"{path}: {_unsupported(suffix, readers)}")
    raw = reader.read(data, path, options)
    raw.compression = compression
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
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise InputError(f"{path}: file is empty")
    return data


def _gunzip(data: bytes, path: Path) -> bytes:
    try:
        data = gzip.decompress(data)
    except gzip.BadGzipFile:
        # Its message quotes the file's first bytes; say what is wrong instead.
        raise InputError(f"{path}: not a gzip file, although its name ends in .gz") from None
    except (OSError, EOFError, zlib.error):
        raise InputError(f"{path}: corrupt or truncated gzip file") from None
    if not data:
        raise InputError(f"{path}: file is empty (after gzip decompression)")
    return data


def _unsupported(suffix: str, readers: Sequence[Reader]) -> str:
    known = sorted({s for reader in readers for s in reader.suffixes})
    what = f"unsupported file type {suffix!r}" if suffix else "file name has no suffix"
    return f"{what}; supported: {', '.join(known)} (each optionally compressed as .gz)"
