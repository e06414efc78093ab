"""What a reader hands to the profile stage.

Readers know file formats and encodings; they know nothing of tickets. They
return every cell as a string (or null) so that the profile stage alone
decides what a value means -- the same ``2023-10-0114:30`` is parsed the same
way whether it came from CSV, XLSX or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import polars as pl

#: Bookkeeping column every raw and canonical frame carries: the 1-based data
#: row (JSONL: line number) in the source file.
ROW = "_row"
#: Bookkeeping column naming the source file of a row.
SOURCE = "_source"
#: Bookkeeping column holding the ticket id used in findings (the export's
#: own id, else the data row number as a string).
TICKET = "_ticket"
#: Default ``--max-cell-bytes``: 1 MiB is ~350,000 Chinese characters, far
#: beyond any real conversation transcript, yet small enough that one runaway
#: cell cannot multiply into gigabytes as it is copied through the pipeline.
DEFAULT_MAX_CELL_BYTES = 1 << 20


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be read as the format requires.

    ``message`` must describe the problem without quoting the row's content:
    rows hold personal data.
    """

    row: int
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class ReadOptions:
    """Options a user may force instead of letting readers detect them."""

    sheet: str | None = None
    encoding: str | None = None
    #: Largest cell, in UTF-8 bytes, that is read; a bigger one is a row problem.
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES
    #: Nested JSON lists read as events besides the usual ones (a profile's
    #: ``events.lists``: OTRS's ``Article``, or any key an export uses).
    event_lists: tuple[str, ...] = ()


@dataclass
class RawInput:
    """One export file as read: string cells, row numbers, nested records.

    ``tickets`` holds one row per ticket with all-string columns named as in
    the file (nested JSON objects flattened with ``.``, e.g. ``via.channel``)
    plus ``_row``. ``events`` holds nested per-ticket records (JSON
    ``messages``/``events``/``comments``), flattened the same way, with
    ``_row`` of the parent ticket and ``_list`` naming the key they came from.
    ``tables`` holds other top-level lists of a JSON object (e.g. Zendesk
    ``users``) for profiles that need them. ``kind`` is what the records are
    when the file says so (a helpdesk envelope, :mod:`svccheck.io.readers.envelopes`):
    ``tickets``, ``events``, ``users`` or ``metrics``; None when it does not.
    """

    path: Path
    format: str
    tickets: pl.DataFrame
    encoding: str | None = None
    compression: str | None = None
    events: pl.DataFrame | None = None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    kind: str | None = None


class Reader(Protocol):
    """A file format. Registered through the ``svccheck_readers`` hook."""

    #: Short name shown in reports, e.g. ``csv``.
    name: str
    #: Lower-case file suffixes this reader handles, e.g. ``(".csv", ".tsv")``.
    suffixes: tuple[str, ...]

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Parse ``data`` (already decompressed) that came from ``path``.

        Raise :class:`svccheck.errors.InputError` for a file that cannot be
        read at all; report single bad rows in ``RawInput.problems``.
        """
        ...
