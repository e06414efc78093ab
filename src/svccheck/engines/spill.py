"""An audit written to disk in parts, and read back one part at a time.

The stream engine (:mod:`svccheck.engines.stream`) holds no audit in
memory: each mapped batch is placed into parts
(:mod:`svccheck.engines.partition`) and written to Arrow IPC files (LZ4:
about a third of the in-memory size, and the fastest to write and read back
of polars' formats here), one directory per part. A part read back holds
whole tickets with their events; every part at once is a lazy scan.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from svccheck.engines.contract import InputSummary
from svccheck.engines.partition import (
    PART,
    align,
    merge_schema,
    owners,
    place_events,
    place_tickets,
)
from svccheck.io.load import PROBLEM_SCHEMA, Piece, count_duplicates
from svccheck.io.whole_tickets import OPENS, settle

#: Mapped rows held before they are written to their parts. Written batch by
#: batch, ten million tickets with messages (1,800 batches of 8 MB, 449
#: parts) made about 800,000 small files, and reading a part back took
#: longer the more files it had; one flush per ~32 MB of rows makes a few
#: times fewer (bench/RESULTS.md).
SPILL_BUFFER_BYTES = 32 * 1024 * 1024


@dataclass
class Spill:
    """An audit written to ``root`` as parts; what the report needs besides."""

    root: Path
    parts: int
    inputs: list[InputSummary] = field(default_factory=list)
    problems: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PROBLEM_SCHEMA))
    #: Column names and types of all tickets (and events), in first-seen order.
    ticket_schema: pl.Schema = field(default_factory=pl.Schema)
    event_schema: pl.Schema | None = None
    timezone: str = "UTC"
    _written: int = 0
    #: Rows not yet written, per kind ("t" tickets, "e" events), in input order.
    _pending: dict[str, list[pl.DataFrame]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def columns(self) -> frozenset[str]:
        return frozenset(c for c in self.ticket_schema if not c.startswith("_"))

    def _files(self, kind: str, part: int | None = None) -> list[Path]:
        pattern = f"{kind}-{part:04d}/*.arrow" if part is not None else f"{kind}-*/*.arrow"
        return sorted(self.root.glob(pattern))

    def _write(self, kind: str, frame: pl.DataFrame) -> None:
        """Append ``frame``'s rows to their parts: held until :data:`SPILL_BUFFER_BYTES`.

        Frames are only stacked with frames of the same columns and types (a
        batch may type a column differently); :meth:`_read` aligns the rest.
        """
        queue = self._pending.setdefault(kind, [])
        if queue and queue[-1].schema != frame.schema:
            self._flush(kind)
        queue.append(frame)
        held = sum(f.estimated_size() for frames in self._pending.values() for f in frames)
        if held >= SPILL_BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write every held row to its part."""
        for kind in list(self._pending):
            self._flush(kind)

    def _flush(self, kind: str) -> None:
        """Write the held rows of ``kind`` to their parts (file names keep input order)."""
        frames = self._pending.get(kind)
        if not frames:
            return
        frame = pl.concat(frames, rechunk=False) if len(frames) > 1 else frames[0]
        frames.clear()
        for (part,), rows in frame.partition_by(PART, as_dict=True,
                                                 maintain_order=True).items():
            folder = self.root / f"{kind}-{part:04d}"
            folder.mkdir(exist_ok=True)
            rows.drop(PART).write_ipc(folder / f"{self._written:08d}.arrow",
                                      compression="lz4")
        self._written += 1

    def _read(self, files: list[Path], schema: pl.Schema) -> pl.LazyFrame:
        """The rows of ``files`` with the audit's columns and types, in order."""
        return align([pl.scan_ipc(f) for f in files], schema)

    def part(self, index: int) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        """One part in memory, one block per column: polars 2.1 panics formatting
        strings after a filter over a frame of several chunks (one per file).

        The part's files (one per batch read) are then replaced by one: a
        lazy scan of every part at once (``all`` rules, the report's context)
        over ten million tickets read in 8 MB batches spans tens of thousands
        of files otherwise, and such a plan alone took hundreds of MB.

        A part holds its tickets whole, so it is where a helpdesk export's
        repeated tickets and opening messages are settled
        (:mod:`svccheck.io.whole_tickets`); the settled rows are what is
        written back, so every later read sees them.
        """
        tickets = self._read(self._files("t", index), self.ticket_schema).collect().rechunk()
        events = None
        if self.event_schema is not None:
            events = self._read(self._files("e", index), self.event_schema).collect().rechunk()
        tickets, events, dropped = settle(tickets, events)
        self._compact("t", index, tickets, force=bool(dropped))
        if events is not None:
            self._compact("e", index, events, force=bool(dropped) or OPENS in events.columns)
        if dropped:
            with self._lock:
                count_duplicates(self.inputs, dropped)
        return tickets, events

    def _compact(self, kind: str, index: int, rows: pl.DataFrame, force: bool = False) -> None:
        """The part's ``rows`` (all its files, in order) as its only file.

        ``force``: rewritten even from one file (the rows were settled).
        """
        files = self._files(kind, index)
        if len(files) < 2 and not (force and files):
            return
        folder = self.root / f"{kind}-{index:04d}"
        pending = folder / "part.arrow.pending"  # not *.arrow: never read half-written
        rows.write_ipc(pending, compression="lz4")
        for path in files:
            path.unlink()
        pending.rename(folder / "part.arrow")

    def tickets(self) -> pl.LazyFrame:
        return self._read(self._files("t"), self.ticket_schema)

    def events(self) -> pl.LazyFrame | None:
        if self.event_schema is None:
            return None
        return self._read(self._files("e"), self.event_schema)


def spill(pieces: Iterable[Piece], root: Path, *, parts: int, by_customer: bool,
          timezone: str) -> Spill:
    """Write every piece's rows to their parts under ``root``.

    An event goes to the part of its ticket. When parts follow customers, the
    ticket-to-part map of separate events files is kept in memory (ticket ids
    only); otherwise an event's part is computed from its ticket id alone.
    """
    out = Spill(root=root, parts=parts, timezone=timezone)
    known: list[pl.DataFrame] = []
    problems: list[pl.DataFrame] = []
    ticket_schema: pl.Schema | None = None
    event_schema: pl.Schema | None = None
    for piece in pieces:
        if piece.summary is not None:
            out.inputs.append(piece.summary)
        problems.append(piece.problems)
        local_owners = None
        if piece.tickets is not None:
            ticket_schema = merge_schema(ticket_schema, piece.tickets)
            tickets = place_tickets(piece.tickets, by_customer=by_customer, parts=parts)
            customers = by_customer and "customer_id" in piece.tickets.columns
            # where an event goes is found from its ticket id alone, unless
            # tickets follow customers
            if customers or piece.events is not None:
                local_owners = owners(tickets)
            if customers:
                known.append(local_owners)
            out._write("t", tickets)
        if piece.events is not None and piece.events.height:
            event_schema = merge_schema(event_schema, piece.events)
            holders = local_owners if local_owners is not None else (
                pl.concat(known).unique(maintain_order=True) if known else None)
            out._write("e", place_events(piece.events, holders, parts))
        elif piece.events is not None:
            event_schema = merge_schema(event_schema, piece.events)
    out.flush()
    out.ticket_schema = ticket_schema if ticket_schema is not None else pl.Schema()
    out.event_schema = event_schema
    out.problems = pl.concat(problems) if problems else out.problems
    return out


@contextmanager
def spilled(pieces: Iterable[Piece], *, parts: int, by_customer: bool, timezone: str,
            workdir: Path | None = None) -> Iterator[Spill]:
    """:func:`spill` into a private temporary directory, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="svccheck-", dir=workdir))
    try:
        yield spill(pieces, root, parts=parts, by_customer=by_customer, timezone=timezone)
    finally:
        shutil.rmtree(root, ignore_errors=True)
