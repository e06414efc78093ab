"""How big an input may get before it is refused: bombs and endless lines.

The ratio guard is shared by the gzip step (``read_file``), the XLSX reader
(a workbook is a ZIP archive) and the Parquet reader (pages are compressed):
all inflate data an attacker controls, and a few kilobytes can claim
gigabytes. Ticket exports compress 5-20x; zip bombs 1000x and more, so a
ratio limit separates them without knowing the format.

The line guard bounds line-oriented text (CSV, JSON Lines) *before* it is
parsed: the parsers need a whole line in memory, so one 2 GB line would cost
gigabytes no matter how small ``--max-cell-bytes`` is. :class:`LineGuard`
sees the file in chunks and stops at the first line over the limit.
"""

from __future__ import annotations

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
