"""Read a CSV or JSON Lines export in batches, with memory bounded by the batch size.

A monthly dump of a large contact centre holds millions of tickets; read
whole, the file, its decoded text and its frame are all in memory at once.
:func:`iter_batches` reads the file (or the gzip stream) incrementally, cuts
it at record boundaries and parses each piece with the readers' own code, so
that the batches, stacked, are exactly what :func:`read_file` returns: the
same rows, row numbers, problems, encoding and errors.

How each piece is cut:

* **JSON Lines**: after the last newline in the piece.
* **CSV**: after a newline outside quoted cells (a cell may hold line
  breaks). A piece without a quote ends at its last newline; a piece the
  columnar parser accepts has one record per line (that parser checks it);
  otherwise a regular expression of Python's :mod:`csv` grammar finds the
  end of the last whole record. The lines up to and including the header
  record are put in front of every piece, so every piece is parsed as a
  file of its own and its row numbers are shifted by the records before it.

The encoding is detected once, on the file's first ``detect_bytes``, by the
rules :func:`~svccheck.io.readers.encoding.decode_export` applies to the whole
file. UTF-8 pieces go to the parser as bytes; any other encoding is decoded
incrementally (GB18030 is never held as a second copy of the file), and for
GB18030 the lines are watched for the mixed-encodings case.

Whatever a piece cannot settle on its own -- an error, a file that stops
decoding in the encoding found at its start, a file cut in the middle of a
character, a guard tripping (line length, gzip ratio), a JSON Lines file
whose first line is not a ticket -- is settled by :func:`read_file` itself:
the file is read whole and its error is raised, word for word, or, when it
reads, the rows after the last batch already given are given from it. Those
paths hold the file whole, as reading it whole always did; the rows of a
healthy file never do.

Where a CSV record ends is found by :mod:`svccheck.io.readers.csv_cuts`.
What stays here is one concept, kept whole though it runs past 450 lines:
the loop that reads, decodes, cuts and numbers the pieces and the fallback
to :func:`read_file` share one state (bytes covered, rows given, the
encoding found), and each guard must hand over at the same point of it.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePath
from typing import AnyStr

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, Reader, ReadOptions, RowProblem
from svccheck.io.readers import _limit_cells, _open, inflate, read_file, reader_for
from svccheck.io.readers.csv import ChunkRead, CsvReader, read_chunk
from svccheck.io.readers.csv_cuts import (
    Diverged,
    count_lines,
    grammar_for,
    header_end,
    unclosed_at_end,
)
from svccheck.io.readers.encoding import detect_head, line_kinds
from svccheck.io.readers.json import JsonLinesReader, JsonReader, event_keys, json_lines_batch
from svccheck.io.readers.limits import LineGuard, LineTooLong, max_record_bytes
from svccheck.io.readers.ndjson import HEAD_BYTES, head_is_json_lines

__all__ = ["BATCH_BYTES", "DETECT_BYTES", "iter_batches"]

#: Default decompressed bytes per batch. Reading a batch takes about 12 times
#: its size at the peak (the text, its lines, the frame); at 8 MiB a million
#: tickets read as fast as whole, in a sixth of the memory (bench/RESULTS.md).
BATCH_BYTES = 8 << 20
#: Bytes the encoding is detected on (the whole file when it is shorter).
DETECT_BYTES = 1 << 20
#: The whole-file detection looks at NUL bytes in the first 4 KiB.
_MIN_DETECT = 4096
_BLOCK = 1 << 20
_GZIP = ".gz"
#: Encodings a UTF-8 file is parsed in without being decoded first.
_UTF8 = ("utf-8", "utf-8-sig")


def iter_batches(
    path: Path, readers: Sequence[Reader], options: ReadOptions, *,
    batch_bytes: int | None = BATCH_BYTES, detect_bytes: int = DETECT_BYTES,
) -> Iterator[RawInput]:
    """Yield ``path`` as :class:`RawInput` batches of about ``batch_bytes`` of text each.

    Stacked (``pl.concat(..., how="diagonal_relaxed")``), the tickets and
    events are those :func:`read_file` returns, with the same global ``_row``
    numbers; the problems are the same (each batch's in row order). CSV and
    JSON Lines files (optionally ``.gz``) are read piece by piece; other
    formats -- workbooks, JSON documents, Parquet -- come as one batch, and
    so does every file when ``batch_bytes`` is None (the in-memory engine
    and the dask workers read whole files: there is one reading path, a
    whole file is its one-batch case). An error is the :class:`InputError` :func:`read_file`
    raises, possibly after some batches were given: a caller must drop what
    it made of them.
    """
    if batch_bytes is None:
        yield read_file(path, readers, options)
        return
    name = path.name.lower()
    suffix = PurePath(name.removesuffix(_GZIP)).suffix
    reader = reader_for(suffix, readers)
    kind = type(reader)
    if kind is JsonReader and _json_lines_inside(path):
        kind = JsonLinesReader  # a .json file of one object a line (Zendesk's export)
    if kind is not CsvReader and kind is not JsonLinesReader:
        yield read_file(path, readers, options)
        return
    yield from _Batches(path, readers, options, kind is CsvReader,
                        max(batch_bytes, 1), max(detect_bytes, _MIN_DETECT))


def _json_lines_inside(path: Path) -> bool:
    """Whether a ``.json`` file holds JSON Lines (see :mod:`~svccheck.io.readers.ndjson`).

    Only the head is read (inflated, for a ``.gz``); a file that cannot be
    read is left to :func:`read_file`, which says why.
    """
    try:
        with _open(path) as stream:
            if path.name.lower().endswith(_GZIP):
                head = b""
                for block in inflate(stream, path, chunk=HEAD_BYTES):
                    head += block
                    if len(head) >= HEAD_BYTES:
                        break
            else:
                head = stream.read(HEAD_BYTES)
    except (OSError, EOFError, InputError):
        return False
    return head_is_json_lines(head)


class _Batches:
    """One pass over one file; remembers what was given, for :meth:`_settle`."""

    def __init__(self, path: Path, readers: Sequence[Reader], options: ReadOptions,
                 is_csv: bool, batch_bytes: int, detect_bytes: int) -> None:
        self.path = path
        self.readers = readers
        self.options = options
        self.is_csv = is_csv
        self.batch_bytes = batch_bytes
        self.detect_bytes = detect_bytes
        self.gzipped = path.name.lower().endswith(_GZIP)
        self.encoding = ""
        self.given = 0  # batches yielded
        self.covered = 0  # rows (records, JSONL lines) up to the end of the last batch given
        self.non_ascii = False  # whether a batch given held a non-ASCII byte
        self.carried: list[RowProblem] = []  # problems of rows not given yet

    def __iter__(self) -> Iterator[RawInput]:
        try:
            if self.is_csv:
                yield from self._csv()
            else:
                yield from self._jsonl()
        except Diverged:
            yield from self._settle()

    # -- what the file turns out to be ----------------------------------

    def _settle(self) -> Iterator[RawInput]:
        """Let :func:`read_file` decide: its error, or the rows not given yet."""
        whole = read_file(self.path, self.readers, self.options)
        if not self.given:
            yield whole
            return
        if whole.encoding != self.encoding and self.non_ascii:
            raise InputError(
                f"{self.path}: the file changes encoding after row {self.covered:,} "
                f"(read as {self.encoding} up to there, but the whole file reads as "
                f"{whole.encoding}); save it in one encoding or pass --encoding"
            )
        rest = _after(whole, self.covered)
        if rest.tickets.height or rest.problems:
            yield rest

    # -- bytes in ----------------------------------------------------------

    def _blocks(self) -> Iterator[bytes]:
        """The decompressed bytes, through the guards :func:`read_file` applies."""
        guard = LineGuard(max_record_bytes(self.options.max_cell_bytes))
        size = min(max(self.batch_bytes, _MIN_DETECT), _BLOCK)
        try:
            with _open(self.path) as stream:
                if self.gzipped:
                    yield from inflate(stream, self.path, guard, size)
                else:
                    while block := stream.read(size):
                        guard.feed(block)
                        yield block
            guard.close()
        except (OSError, EOFError, InputError, LineTooLong) as exc:
            raise Diverged from exc

    def _units(self) -> tuple[Iterator[bytes] | Iterator[str], bool]:
        """Detect the encoding; the file as UTF-8 bytes, or else as text, in blocks.

        Returns the blocks and whether they are bytes.
        """
        blocks = self._blocks()
        head_parts: list[bytes] = []
        size = 0
        complete = True
        for block in blocks:
            head_parts.append(block)
            size += len(block)
            if size >= self.detect_bytes:
                complete = False
                break
        head = b"".join(head_parts)
        if not head:
            raise Diverged
        try:
            self.encoding = detect_head(head, self.path, self.options.encoding, complete)
        except InputError:
            raise Diverged from None
        forced = bool(self.options.encoding)
        if self.encoding in _UTF8 and not forced:
            return _chain(head, blocks), True
        watch = self.encoding == "gb18030" and not forced
        even = self.encoding in ("utf-16-le", "utf-16-be") and not forced
        return _decoded(_chain(head, blocks), self.encoding, watch, even), False

    # -- CSV ---------------------------------------------------------------

    def _csv(self) -> Iterator[RawInput]:
        units, as_bytes = self._units()
        feed = _Feed(units, b"" if as_bytes else "")
        data = feed.more(feed.empty, self.batch_bytes)
        while (header := header_end(data, self.path, feed.eof)) is None:
            data = feed.more(data, 2 * len(data) + 1)
        prefix, pending = data[: header.end], data[header.end :]
        del data
        grammar = grammar_for(header.delimiter, as_bytes)
        records = lines = 0
        # The last batch with rows is held back until the next one: a quote
        # left open at the very end in a blank record is reported on the
        # last row before it, which may be in that batch.
        held: tuple[RawInput, int, bool] | None = None
        want = self.batch_bytes
        while True:
            pending = feed.more(pending, want)
            if feed.eof and not pending:
                break
            cut = _cut(pending, grammar.newline, want, feed.eof)
            if not cut:  # no line break yet
                want = 2 * len(pending) + 1
                continue
            read = None
            final = feed.eof and cut == len(pending)
            if not final and grammar.quote in pending[:cut]:
                read = self._csv_chunk(prefix + pending[:cut], lines, fast_only=True)
                if read is None:  # one record per line or not: ask the grammar
                    end = grammar.records.match(pending, 0, cut).end()
                    if not end:  # the first record goes on past this newline
                        want = 2 * max(cut, want)
                        continue
                    cut = end
            want = self.batch_bytes
            piece, pending = pending[:cut], pending[cut:]
            if read is None:
                read = self._csv_chunk(prefix + piece, lines)
            assert read is not None
            raw = _shifted(read.raw, records)
            last_line = count_lines(prefix) - header.sep_lines + lines
            records += read.records
            lines += read.records if read.one_per_line else count_lines(piece)
            if raw.tickets.height:
                if held is not None:
                    yield self._give(*held)
                held = (raw, records, piece.isascii())
            elif held is not None and feed.eof and not pending:
                held = (unclosed_at_end(held[0], piece, grammar, header.delimiter,
                                         last_line), *held[1:])
        if held is not None:
            yield self._give(*held)
        if not self.given:  # a header and blank records: no rows, but the columns
            read = self._csv_chunk(prefix, lines)
            assert read is not None
            yield self._give(read.raw, records, True)

    def _csv_chunk(
        self, data: bytes | str, line_offset: int, fast_only: bool = False
    ) -> ChunkRead | None:
        try:
            return read_chunk(
                data, self.path, self.encoding, max_cell_bytes=self.options.max_cell_bytes,
                fast_only=fast_only, line_offset=line_offset,
            )
        except (InputError, UnicodeDecodeError, csv.Error):
            raise Diverged from None

    # -- JSON Lines --------------------------------------------------------

    def _jsonl(self) -> Iterator[RawInput]:
        units, as_bytes = self._units()
        empty: bytes | str = b"" if as_bytes else ""
        newline: bytes | str = b"\n" if as_bytes else "\n"
        feed = _Feed(units, empty)
        pending = empty
        first_line = 1
        seen_line = False
        want = self.batch_bytes
        while True:
            pending = feed.more(pending, want)
            if feed.eof and not pending:
                break
            cut = _cut(pending, newline, want, feed.eof)
            if not cut:  # no whole line yet
                want = 2 * len(pending) + 1
                continue
            want = self.batch_bytes
            piece, pending = pending[:cut], pending[cut:]
            text = self._text(piece, first=first_line == 1)
            raw = json_lines_batch(text, self.path, self.encoding, first_line,
                                   event_keys(self.options))
            if not seen_line:
                rows = [*raw.tickets.get_column(ROW).to_list(), *(p.row for p in raw.problems)]
                if rows:
                    seen_line = True
                    if min(rows) in {p.row for p in raw.problems}:
                        # maybe one pretty-printed JSON document: only the whole file tells
                        raise Diverged
            first_line += text.count("\n")
            covered = first_line - (1 if text.endswith("\n") else 0)
            if raw.tickets.height:
                yield self._give(raw, covered, piece.isascii())
            else:
                self.carried.extend(raw.problems)
        if not self.given:
            raise Diverged  # no ticket at all: read_file says why
        if self.carried:
            tail = RawInput(path=self.path, format="jsonl",
                            tickets=pl.DataFrame(schema={ROW: pl.Int64}),
                            encoding=self.encoding)
            yield self._give(tail, self.covered, True)

    def _text(self, piece: bytes | str, first: bool) -> str:
        if isinstance(piece, str):
            return piece
        try:
            return piece.decode(self.encoding if first else "utf-8").removeprefix(
                "\ufeff" if first else ""
            )
        except UnicodeDecodeError:
            raise Diverged from None

    # -- out ---------------------------------------------------------------

    def _give(self, raw: RawInput, covered: int, ascii_only: bool) -> RawInput:
        """Finish a batch as :func:`read_file` finishes a file, and remember it."""
        raw.compression = "gzip" if self.gzipped else None
        _limit_cells(raw, self.options.max_cell_bytes)
        if self.carried:
            raw.problems = [*self.carried, *raw.problems]
            self.carried = []
        self.given += 1
        self.covered = covered
        self.non_ascii = self.non_ascii or not ascii_only
        return raw


# -- reading helpers --------------------------------------------------------


def _chain(head: bytes, blocks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from blocks


def _decoded(blocks: Iterator[bytes], encoding: str, watch: bool, even: bool) -> Iterator[str]:
    """Decode incrementally; watch GB18030 lines for UTF-8 ones (mixed encodings).

    ``even``: the encoding was guessed from NUL bytes, which only holds for a
    file of an even number of bytes.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    kinds = _MixedWatch() if watch else None
    size = 0
    first = True
    try:
        for block in blocks:
            size += len(block)
            if kinds is not None:
                kinds.feed(block)
            text = decoder.decode(block)
            if first and text:
                text, first = text.removeprefix("\ufeff"), False
            yield text
        text = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Diverged from None
    if kinds is not None:
        kinds.close()
    if even and size % 2:
        raise Diverged
    yield text.removeprefix("\ufeff") if first else text


class _MixedWatch:
    """Lines of both kinds (see ``line_kinds``) in a GB18030 file: read_file refuses it."""

    def __init__(self) -> None:
        self._tail = b""
        self._utf8 = False
        self._other = False

    def feed(self, block: bytes) -> None:
        data = self._tail + block
        end = data.rfind(b"\n") + 1
        self._tail = data[end:]
        self._check(data[:end])

    def close(self) -> None:
        self._check(self._tail)

    def _check(self, data: bytes) -> None:
        utf8, other = line_kinds(data)
        self._utf8 = self._utf8 or bool(utf8)
        self._other = self._other or bool(other)
        if self._utf8 and self._other:
            raise Diverged


class _Feed:
    """Pulls blocks into the pending text, joining once per batch (not once per block)."""

    def __init__(self, units: Iterator[bytes] | Iterator[str], empty: bytes | str) -> None:
        self._units = iter(units)
        self.empty = empty
        self.eof = False

    def more(self, pending: AnyStr, size: int) -> AnyStr:
        parts = [pending]
        total = len(pending)
        while total < size and not self.eof:
            try:
                unit = next(self._units)
            except StopIteration:
                self.eof = True
                break
            parts.append(unit)  # type: ignore[arg-type]
            total += len(unit)
        return pending[:0].join(parts) if len(parts) > 1 else pending


def _cut(pending: AnyStr, newline: AnyStr, size: int, eof: bool) -> int:
    """Where a piece of about ``size`` ends: after a newline, or at the end of the file."""
    at = pending.find(newline, size - 1) if len(pending) >= size else -1
    if at >= 0:
        return at + 1
    return len(pending) if eof else pending.rfind(newline) + 1


def _shifted(raw: RawInput, offset: int) -> RawInput:
    """Row numbers of a piece made global: ``offset`` rows came before it."""
    if offset:
        raw.tickets = raw.tickets.with_columns(pl.col(ROW) + offset)
        raw.problems = [replace(p, row=p.row + offset) for p in raw.problems]
    return raw


def _after(raw: RawInput, row: int) -> RawInput:
    """The part of a whole-file read after ``row``."""
    raw.tickets = raw.tickets.filter(pl.col(ROW) > row)
    if raw.events is not None:
        raw.events = raw.events.filter(pl.col(ROW) > row)
    raw.problems = [p for p in raw.problems if p.row > row]
    return raw
