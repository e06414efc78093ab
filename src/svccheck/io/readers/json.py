"""JSON (``.json``) and JSON Lines (``.jsonl``, ``.ndjson``) ticket exports.

Help-desk APIs (Zendesk, Freshdesk, in-house systems) export tickets as
nested objects. The readers flatten them into the same all-string table the
CSV reader produces -- ``{"via": {"channel": "web"}}`` becomes column
``via.channel`` -- so profiles see one shape whatever the format.

Conversation lists (``messages``, ``events``, ``comments``, OTRS's
``Article``, and any list a profile names in ``events.lists``) are not
squeezed into a cell: first-response and follow-up rules need each message
with its own author and time, so those lists become ``RawInput.events``, one
row per item, linked to the ticket by ``_row``.

Which records a document holds -- the array, or the records inside a
helpdesk envelope (``{"tickets": ...}``, ``{"comments": ...}``, ...) -- and
what they are is :mod:`~svccheck.io.readers.envelopes`' business; a ``.json``
file that holds one object per line is read as JSON Lines
(:mod:`~svccheck.io.readers.ndjson`).

JSON Lines are decoded in columns by polars block by block
(:mod:`~svccheck.io.readers.json_columns`); a block of a shape only Python
renders exactly, and every JSON document (whose envelope is unwrapped in
Python), is read record by record here. Both give the same frames.

Numbers are kept as their JSON text (``5``, ``4.5``) and booleans as
``true``/``false`` so the profile stage, not the reader, decides what they
mean.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, ReadOptions, RowProblem
from svccheck.io.readers.csv import safe_name
from svccheck.io.readers.encoding import decode_export, decode_text
from svccheck.io.readers.envelopes import NotAnEnvelope, unwrap
from svccheck.io.readers.json_columns import decode_block, line_problem, not_object_problem
from svccheck.io.readers.ndjson import looks_like_json_lines
from svccheck.io.readers.surrogates import may_hold_lone_surrogates, repair
from svccheck.pii import redact_name

#: List keys holding per-ticket records that go to ``RawInput.events``
#: (``ReadOptions.event_lists`` adds more).
EVENT_KEYS = frozenset({"messages", "events", "comments", "Article"})
#: Bookkeeping columns of the events frame.
LIST = "_list"
INDEX = "_index"

_Record = dict[str, str | None]


class JsonReader:
    """A JSON array of tickets, or an object with a ``tickets`` array."""

    name = "json"
    suffixes: tuple[str, ...] = (".json",)

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Parse the whole document; other arrays of objects become ``tables``."""
        text, encoding = decode_text(data, path, options.encoding)
        if not text.strip():
            raise InputError(f"{path}: file is empty")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and looks_like_json_lines(text):
                return JsonLinesReader().read(data, path, options)
            raise InputError(f"{path}: {_describe_document_error(exc, text)}") from None
        except RecursionError:
            raise InputError(f"{path}: JSON is nested too deeply to read") from None
        suspect = may_hold_lone_surrogates(text)
        try:
            envelope = unwrap(document)
        except NotAnEnvelope as exc:
            raise InputError(
                f"{path}: expected a JSON array of ticket objects, or an object with a "
                f'"tickets" array; {exc}'
            ) from None
        # a side table (users, groups) has no rows of its own to report on:
        # a broken half-character is only repaired
        sides = ({repair(key)[0]: repair(value)[0] for key, value in envelope.tables.items()}
                 if suspect else envelope.tables)
        tables = {key: _frame([_flatten(item, nest_events=False)[0] for item in value],
                              list(range(1, len(value) + 1)))
                  for key, value in sides.items()}
        builder = _TicketBuilder(event_keys(options))
        for number, item in enumerate(envelope.items, start=1):
            if isinstance(item, dict):
                builder.add(number, item, repairing=suspect)
            else:
                builder.problems.append(_not_object_problem(number, item, "item"))
        raw = builder.build(path, "json", encoding, tables)
        raw.kind = envelope.kind
        return raw


def event_keys(options: ReadOptions) -> frozenset[str]:
    """The nested lists read as events: the usual ones and those the profile names."""
    extra = getattr(options, "event_lists", ())
    return EVENT_KEYS | frozenset(extra) if extra else EVENT_KEYS


class JsonLinesReader:
    """One ticket object per line; ``_row`` is the line number."""

    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson")

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Parse line by line; a bad line is a RowProblem, the rest is still read."""
        text, encoding, truncated = decode_export(data, path, options.encoding)
        builder = _parse_lines(text, keys=event_keys(options))
        if truncated:
            _mark_truncated(builder, text)

        # A pretty-printed JSON document has broken "lines" but parses as a
        # whole; a JSON Lines file with several objects never does.
        if builder.problems and _parses_as_one_document(text):
            raise InputError(
                f"{path}: this is one JSON document, not JSON Lines (one ticket object per "
                "line); rename it to .json"
            )
        if not builder.tickets.height:
            if not builder.problems:
                raise InputError(f"{path}: file is empty")
            first = builder.problems[0]
            raise InputError(
                f"{path}: no line holds a JSON object (line {first.row}: {first.message_en})"
            )
        return builder.build(path, "jsonl", encoding, {})


def json_lines_batch(text: str, path: Path, encoding: str, first_line: int,
                     keys: frozenset[str] = EVENT_KEYS) -> RawInput:
    """Tickets and line problems of JSON Lines text that starts at line ``first_line``.

    For reading a file in batches: only the per-line work of
    :meth:`JsonLinesReader.read`, none of its whole-file verdicts (empty
    file, one JSON document), which need every line.
    """
    return _parse_lines(text, first_line, keys).build(path, "jsonl", encoding, {})


#: Lines decoded together in columns (a batch of the stream engine is one
#: block; a whole file is read block by block, which bounds the decoder's
#: working set).
BLOCK_LINES = 8192


@dataclass
class _Parsed:
    """Tickets, nested events and line problems of JSON Lines text."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    problems: list[RowProblem]

    def build(self, path: Path, fmt: str, encoding: str,
              tables: dict[str, pl.DataFrame]) -> RawInput:
        return RawInput(path=path, format=fmt, tickets=self.tickets, encoding=encoding,
                        events=self.events, tables=tables, problems=self.problems)


def _parse_lines(text: str, first_line: int = 1, keys: frozenset[str] = EVENT_KEYS) -> _Parsed:
    """Every non-blank line, block by block: in columns where the shape allows.

    A block :func:`~svccheck.io.readers.json_columns.decode_block` does not
    take (nested objects, lists of tags, decimal numbers, half-characters to
    repair, ...) is read record by record by :class:`_TicketBuilder`. Blocks
    are stacked with new columns after those seen before, which is the
    first-seen order reading the whole text record by record gives.
    """
    numbered = list(_numbered_lines(text, first_line))
    tickets: list[pl.DataFrame] = []
    events: list[pl.DataFrame] = []
    problems: list[RowProblem] = []
    for start in range(0, max(len(numbered), 1), BLOCK_LINES):
        block = numbered[start:start + BLOCK_LINES]
        numbers = [number for number, _ in block]
        lines = [line for _, line in block]
        parsed = decode_block(lines, numbers, keys) if block else None
        if parsed is None:
            parsed = _builder_of(block, keys).finish()
        tickets.append(parsed.tickets)
        if parsed.events is not None:
            events.append(parsed.events)
        problems.extend(parsed.problems)
    ticket_frame = (tickets[0] if len(tickets) == 1
                    else pl.concat(tickets, how="diagonal").select(pl.exclude(ROW), pl.col(ROW)))
    event_frame = None
    if events:
        event_frame = (events[0] if len(events) == 1 else pl.concat(events, how="diagonal")
                       .select(pl.exclude(LIST, INDEX, ROW), pl.col(LIST), pl.col(INDEX),
                               pl.col(ROW)))
    return _Parsed(ticket_frame, event_frame, problems)


def _builder_of(block: list[tuple[int, str]], keys: frozenset[str]) -> _TicketBuilder:
    """Lines read record by record with :mod:`json` (the shapes columns do not take)."""
    builder = _TicketBuilder(keys)
    for number, line in block:
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            problem = line_problem(line, number)
            assert problem is not None
            builder.problems.append(problem)
            continue
        if isinstance(item, dict):
            builder.add(number, item, repairing=may_hold_lone_surrogates(line))
        else:
            builder.problems.append(_not_object_problem(number, item, "line"))
    return builder


class _TicketBuilder:
    """Collects flattened tickets and their nested events, then builds frames."""

    def __init__(self, keys: frozenset[str] = EVENT_KEYS) -> None:
        self.keys = keys
        self.rows: list[_Record] = []
        self.numbers: list[int] = []
        self.events: list[_Record] = []
        self.event_numbers: list[int] = []
        self.problems: list[RowProblem] = []

    def add(self, number: int, item: dict[str, Any], repairing: bool = False) -> None:
        """Flatten one ticket; ``repairing``: its text may hold half a character."""
        if repairing:
            item, places = repair(item)
            if places:
                self.problems.append(_surrogate_problem(number, places))
        row, nested = _flatten(item, nest_events=True, keys=self.keys)
        self.rows.append(row)
        self.numbers.append(number)
        for list_name, index, event in nested:
            event[LIST] = list_name
            event[INDEX] = str(index)
            self.events.append(event)
            self.event_numbers.append(number)

    def finish(self) -> _Parsed:
        """The tickets and events frames, and the problems."""
        events = None
        if self.events:
            events = _frame(self.events, self.event_numbers, keep=frozenset({LIST, INDEX}))
            events = events.select(
                pl.exclude(LIST, INDEX, ROW), pl.col(LIST), pl.col(INDEX).cast(pl.Int64), ROW
            )
        return _Parsed(_frame(self.rows, self.numbers), events, self.problems)

    def build(
        self, path: Path, fmt: str, encoding: str, tables: dict[str, pl.DataFrame]
    ) -> RawInput:
        return self.finish().build(path, fmt, encoding, tables)


def _flatten(
    item: dict[str, Any], nest_events: bool, keys: frozenset[str] = EVENT_KEYS
) -> tuple[_Record, list[tuple[str, int, _Record]]]:
    """Flatten one object; return ``(cells, [(list name, index, event cells)])``.

    A list is nested events when its key -- or its dotted path -- is one of ``keys``.
    """
    cells: _Record = {}
    nested: list[tuple[str, int, _Record]] = []

    def walk(obj: dict[str, Any], prefix: str) -> None:
        for key, value in obj.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, f"{name}.")
            elif nest_events and (str(key) in keys or name in keys) and _is_event_list(value):
                for index, entry in enumerate(value):
                    nested.append((name, index, _flatten(entry, nest_events=False)[0]))
            else:
                cells[name] = _cell_text(value)

    walk(item, "")
    return cells, nested


def _cell_text(value: Any) -> str | None:
    """A JSON value as cell text: strings as-is, other scalars and lists as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    # Fast paths for what json.dumps would write anyway, without its call overhead.
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _is_event_list(value: Any) -> bool:
    """An event list may be empty: a ticket without messages has no events, not a cell."""
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def _frame(
    rows: list[_Record], numbers: list[int], keep: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """Records -> all-string frame with every key seen in any record, plus ``_row``.

    Columns are built explicitly because ``pl.DataFrame(list_of_dicts)`` infers
    its columns from the first records only and would drop a key that first
    appears later. A key clashing with a bookkeeping column gets a suffix.
    """
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    columns = [
        pl.Series(safe_name(name, names, keep), [row.get(name) for row in rows], dtype=pl.String)
        for name in names
    ]
    return pl.DataFrame([*columns, pl.Series(ROW, numbers, dtype=pl.Int64)])


def _numbered_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Non-blank lines with 1-based numbers.

    Split on ``\\n`` only: ``str.splitlines`` also splits on U+2028 and other
    separators that JSON allows unescaped inside strings.
    """
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line and not line.isspace():  # as ``line.strip()``, without copying the line
            yield number, line


def _mark_truncated(parsed: _Parsed, text: str) -> None:
    """The last line of a file cut mid-character is damaged, whatever else it says."""
    last = max((number for number, _ in _numbered_lines(text)), default=None)
    if last is None:
        return
    parsed.problems = [p for p in parsed.problems if p.row != last]
    parsed.problems.append(RowProblem(
        row=last,
        message_en="the file ends in the middle of a character on this line (cut off?)",
        message_zh="文件在该行的一个字符中间结束(被截断?)",
    ))
    # parsed anyway: its values cannot be trusted
    parsed.tickets = parsed.tickets.filter(pl.col(ROW) != last)
    if parsed.events is not None:
        parsed.events = parsed.events.filter(pl.col(ROW) != last)
        if not parsed.events.height:
            parsed.events = None


def _parses_as_one_document(text: str) -> bool:
    try:
        json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _describe_document_error(exc: json.JSONDecodeError, text: str) -> str:
    """Line and column of the error, plus a hint when the file is JSON Lines."""
    where = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    if exc.msg == "Extra data":
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(first_line), dict):
                return f"{where} (it looks like JSON Lines; rename it to .jsonl)"
        except (json.JSONDecodeError, RecursionError):
            pass
    return where


def _surrogate_problem(row: int, places: list[str]) -> RowProblem:
    """Where half of a UTF-16 surrogate pair was replaced (names only, never the text)."""
    shown = ", ".join(repr(redact_name(place)) for place in places[:5])
    more = f" and {len(places) - 5} more" if len(places) > 5 else ""
    return RowProblem(
        row=row,
        message_en=f"{shown}{more}: half of a character (a lone UTF-16 surrogate escape, "
                   "e.g. an emoji cut in two) was replaced by U+FFFD; the rest was checked",
        message_zh=f"{shown}{more}：含半个字符(孤立的 UTF-16 代理项转义，如被截断的表情符号)，"
                   "已替换为 U+FFFD，其余内容已检查",
    )


def _not_object_problem(row: int, value: Any, unit: str) -> RowProblem:
    return not_object_problem(row, value, unit)
