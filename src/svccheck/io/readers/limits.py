"""How big an input may get before it is refused: bombs and endless lines.

The ratio guard is shared by the gzip step (``read_file``), the XLSX reader
(a workbook is a ZIP archive) and the Parquet reader (pages are compressed):
all inflate data an attacker controls, and a few kilobytes can claim
gigabytes. Ticket exports compress 5-20x; zip bombs 1000x and more, so a
ratio limit separates them without knowing the format.

The line guard bounds line-oriented text (CSV, JSON Lines) *before* it is
parsed: the parsers need a whole line in memory, so one 2 GB line would cost
gigabytes no matter how small ``--max-cell-bytes`` is. :class:`LineGuard`
sees the file in chunks and stops at the first line over the limit. A JSON
document has no lines to speak of -- a valid one may be a single line -- so
:class:`JsonRecordGuard` bounds each of its records the same way.
"""

from __future__ import annotations

import codecs
import re
from itertools import accumulate, repeat
from operator import and_, eq

from svccheck.io.readers.encoding import _BOMS

#: Largest decompressed/compressed size ratio accepted.
MAX_RATIO = 100
#: Decompressed size always accepted, whatever the ratio (tiny, repetitive
#: files legitimately compress far better than 100x).
FLOOR_BYTES = 64 << 20


def allowed_size(compressed: int) -> int:
    """The most bytes ``compressed`` bytes of input may expand to."""
    return max(FLOOR_BYTES, MAX_RATIO * compressed)


#: Cells a record may hold at the full ``--max-cell-bytes`` each. A line
#: longer than this many maximal cells is refused before it is parsed; 64
#: keeps the default limit (64 MiB) far above any real ticket row or JSON
#: Lines ticket with its whole conversation, and a file's size is unaffected.
MAX_RECORD_CELLS = 64


def max_record_bytes(max_cell_bytes: int) -> int:
    """The longest line (CSV/TSV record line, JSON Lines ticket) that is read."""
    return MAX_RECORD_CELLS * max_cell_bytes


class LineTooLong(Exception):
    """A line longer than the guard's limit; ``line`` is its 1-based number."""

    def __init__(self, line: int, limit: int) -> None:
        super().__init__(line, limit)
        self.line = line
        self.limit = limit

    def where(self) -> str:
        """What was too long, for the message: ``line 12``."""
        return f"line {self.line:,}"


class LineGuard:
    """Feed a file's bytes chunk by chunk; raises :class:`LineTooLong` early.

    Only the length of the current line and the number of newlines are kept,
    so the memory used is the chunk size however long the line. A line's
    length counts its bytes without the ``\n`` (a ``\r`` counts: one byte).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._run = 0  # bytes since the last newline
        self._lines = 0  # newlines seen before the current chunk

    def feed(self, chunk: bytes) -> None:
        """Check one chunk; chunks must be fed in file order."""
        limit = self.limit
        first = chunk.find(b"\n")
        if first < 0:
            self._run += len(chunk)
            self._check_tail()
            return
        if self._run + first > limit:
            raise LineTooLong(self._lines + 1, limit)
        start = first
        # Jump from newline to the last newline within ``limit`` bytes: a
        # handful of C-speed searches per chunk, not one per line.
        while len(chunk) - start - 1 > limit:
            nxt = chunk.rfind(b"\n", start + 1, start + limit + 2)
            if nxt < 0:
                raise LineTooLong(self._lines + chunk.count(b"\n", 0, start + 1) + 1, limit)
            start = nxt
        self._lines += chunk.count(b"\n")
        self._run = len(chunk) - chunk.rfind(b"\n") - 1

    def close(self) -> None:
        """Check the last line (a file need not end in a newline)."""
        self._check_tail()

    def _check_tail(self) -> None:
        if self._run > self.limit:
            raise LineTooLong(self._lines + 1, self.limit)


class RecordTooLong(LineTooLong):
    """A JSON document's record longer than the guard's limit.

    ``line`` is the number of objects opened in the document's record arrays
    so far -- the record being read when it is inside one -- and ``inside``
    says whether it is, or whether the long value lies between records (a
    huge string beside the ``tickets`` array).
    """

    def __init__(self, record: int, limit: int, inside: bool) -> None:
        super().__init__(record, limit)
        self.inside = inside

    def where(self) -> str:
        """``record 3 of the JSON document``, or where the long value lies."""
        if self.inside:
            return f"record {self.line:,} of the JSON document"
        if self.line:
            return f"a value after record {self.line:,} of the JSON document"
        return "a value before the first record of the JSON document"


#: Byte -> change of nesting depth, for :class:`JsonRecordGuard`.
_DEPTH_STEP = [0] * 256
for _open, _close in (b"[]", b"{}"):
    _DEPTH_STEP[_open], _DEPTH_STEP[_close] = 1, -1
#: Byte -> whether it opens a container.
_OPENS = [step > 0 for step in _DEPTH_STEP]
#: Every byte but the brackets: deleted before the depths are summed.
_NOT_BRACKETS = bytes(b for b in range(256) if not _DEPTH_STEP[b])
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_MIN_PIECE = 4096
_MAX_PIECE = 1 << 20


class JsonRecordGuard:
    """The line guard for a JSON document (``.json``), where lines mean nothing.

    A valid JSON document may be one line, so what is bounded is a *record*:
    an item of the top-level array, or of an array that is a value of the
    top-level object (``{"tickets": [...]}``) -- and any other value at that
    level, such as a huge string beside the arrays. The document is seen in
    pieces of at most 1/16 of the limit; strings are removed (escapes first,
    so a ``\\"`` ends nothing) and only brackets are counted, in C loops
    (``bytes.translate``, ``itertools.accumulate``), never byte by byte in
    Python. A run of consecutive pieces in which the nesting never comes back
    to the record level, longer than the limit, is refused: such a record is
    certainly over the limit, and one is never more than two pieces over it
    before it is.

    Brackets and quotes are only unambiguous in UTF-8 (a GB18030 character
    may end in the byte of ``\\``, ``[`` or ``}``), so other encodings are
    transcoded piece by piece first: the one given with ``--encoding``, the
    one a byte-order mark names, or GB18030 as soon as the bytes are not
    UTF-8 -- the same order the reader detects them in. Memory stays bounded
    by the piece size (at most a list of depths as long as the piece),
    whatever the document's size.
    """

    def __init__(self, limit: int, encoding: str | None = None) -> None:
        self.limit = limit
        self._piece = min(_MAX_PIECE, max(_MIN_PIECE, limit // 16))
        self._encoding = encoding
        self._decoder: codecs.IncrementalDecoder | None = None
        self._utf8_check: codecs.IncrementalDecoder | None = None
        self._carry = b""  # an open string (and a pending backslash) from the last piece
        self._depth = 0
        self._level: int | None = None  # the depth records are opened from
        self._records = 0
        self._run = 0  # bytes since the nesting was last at the record level
        self._started = False

    def feed(self, chunk: bytes) -> None:
        """Check one chunk; chunks must be fed in file order."""
        for start in range(0, len(chunk), self._piece):
            piece = chunk[start:start + self._piece]
            if not self._started:
                self._choose_encoding(piece)
            self._check(self._utf8(piece), len(piece))

    def close(self) -> None:
        """Nothing is left to check: every piece was measured as it came."""

    def _choose_encoding(self, first: bytes) -> None:
        self._started = True
        name = self._encoding
        if name is None:
            for bom, bom_name in _BOMS:
                if first.startswith(bom):
                    name = bom_name
                    break
        if name is None:  # UTF-8 until the bytes say otherwise
            self._utf8_check = codecs.getincrementaldecoder("utf-8")()
            return
        try:
            if codecs.lookup(name).name not in ("utf-8", "utf-8-sig"):
                self._decoder = codecs.getincrementaldecoder(name)(errors="replace")
        except LookupError:
            pass  # the reader names the unknown encoding; meanwhile UTF-8 rules apply

    def _utf8(self, piece: bytes) -> bytes:
        if self._utf8_check is not None:
            try:
                self._utf8_check.decode(piece)
                return piece
            except UnicodeDecodeError:
                self._utf8_check = None
                self._decoder = codecs.getincrementaldecoder("gb18030")(errors="replace")
        if self._decoder is None:
            return piece
        return self._decoder.decode(piece).encode("utf-8", "replace")

    def _check(self, piece: bytes, size: int) -> None:
        in_string = self._carry.startswith(b'"')
        text = _ESCAPE.sub(b"", self._carry + piece)
        escape = text.endswith(b"\\")  # its partner is the next piece's first byte
        if escape:
            text = text[:-1]
        # the piece starts out of a string, or leaves the one it starts in
        out_of_string = not in_string or text.find(b'"', 1) >= 0
        bare = _STRING.sub(b"", text)
        opened = bare.find(b'"')  # a string still open at the end of the piece
        if opened >= 0:
            bare = bare[:opened]
        self._carry = (b'"' if opened >= 0 else b"") + (b"\\" if escape else b"")
        brackets = bare.translate(None, _NOT_BRACKETS)
        depths = list(accumulate(map(_DEPTH_STEP.__getitem__, brackets), initial=self._depth))
        if self._level is None and brackets:
            self._level = 1 if brackets[0] == ord("[") else 2
        level = self._level or 0
        self._records += sum(map(and_, map(eq, depths, repeat(level)),
                                 map(_OPENS.__getitem__, brackets)))
        at_level = min(depths[1:], default=level + 1) <= level or (
            out_of_string and self._depth <= level)
        self._depth = depths[-1]
        self._run = 0 if at_level else self._run + size
        if self._run > self.limit:
            raise RecordTooLong(self._records, self.limit, inside=self._depth > level)
