"""JSON Lines decoded in columns: tickets and nested messages without per-record Python.

A chat export of 400,000 tickets holds millions of messages. Parsed and
flattened record by record in Python, reading took longer than every rule
together; here a block of lines is decoded by polars (``str.json_decode``
over the block's schema), each nested message list is ``explode``-d and ``unnest``-ed
into the events frame, and Python touches only the lines that are not a
ticket object (each one a row problem, as before).

The frames are exactly those :mod:`svccheck.io.readers.json` builds record
by record -- same columns, in the same first-seen order, same cell texts
(numbers as their JSON text, ``true``/``false``), same row numbers and
problems -- because this path only takes the shapes where polars and the
record-by-record reader cannot differ:

* every value is a string, a whole number, a boolean or null; nested message
  lists (the reader's event keys) are lists of such flat objects, and only
  one of them holds messages in a block;
* no line needs its half-characters repaired (a lone surrogate escape), and
  no line writes a message list as ``null`` (which is a cell, not an empty
  list).

Anything else -- nested objects (Zendesk's ``via.channel``), lists of tags,
decimal numbers (whose JSON text Python writes differently), a key given
twice in one object (Python keeps the last value, polars the first) -- gives
None, and the caller reads that block record by record, as the reader always
did. One case is not told apart: a key given twice whose second value is
``null`` or a decimal number keeps its first value here.

Lines polars cannot parse are looked at one by one with :mod:`json`, so a
messy line amid good ones is still its own row problem and the block around
it stays in columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from svccheck.io.base import ROW, RowProblem
from svccheck.io.readers.csv import safe_name
from svccheck.io.readers.envelopes import json_type

#: Lines decoded together when a block does not parse at once: a block with a
#: bad line is retried in pieces of this many, and only a piece that still
#: fails is parsed line by line.
PIECE_LINES = 512
#: Lines read with :mod:`json` to learn the order of the keys (see :func:`_first_seen`).
_ORDER_LINES = 16
_LINE = "_line"
_LIST = "_list"
_INDEX = "_index"
#: A ``\\u`` escape of half a UTF-16 surrogate pair (see
#: :mod:`~svccheck.io.readers.surrogates`).
_SURROGATE = r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
#: A key (a string and a colon) whose value is neither ``null`` nor a decimal
#: or exponent number (``"a": 4.50``, whose cell is Python's ``repr`` of the
#: float, which polars does not write): the keys that must each be a value read.
_PLAIN_KEY = r'"\s*:\s*(?:[^\sn0-9-]|-?[0-9]+[\s,}])'
_SCALARS = (pl.String, pl.Boolean, pl.Null)


@dataclass
class Block:
    """Tickets (all-string, ``_row``), their nested events, and the lines' problems."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    problems: list[RowProblem] = field(default_factory=list)


#: polars releases before this one crash the process -- a segmentation fault,
#: not an exception -- decoding some malformed lines with ``str.json_decode``
#: (seen with 1.43, the declared floor). On them every block is read record by
#: record; 2.1 is the first release this path is tested on.
COLUMNS_FROM = (2, 1)
DECODES_IN_COLUMNS = tuple(int(p) for p in re.findall(r"\d+", pl.__version__)[:2]) >= COLUMNS_FROM


class NotColumnar(Exception):
    """This block holds a shape only the record-by-record reader renders exactly."""


def decode_block(lines: Sequence[str], numbers: Sequence[int],
                 keys: frozenset[str]) -> Block | None:
    """The tickets, events and problems of non-blank JSON Lines, or None.

    None means the block holds a shape this path does not take (see the
    module doc), or a polars release this path cannot trust
    (:data:`DECODES_IN_COLUMNS`); the caller then reads it record by record.
    """
    if not DECODES_IN_COLUMNS:
        return None
    frame = pl.DataFrame({_LINE: pl.Series(lines, dtype=pl.String),
                          ROW: pl.Series(numbers, dtype=pl.Int64)})
    try:
        return _decode(frame, keys)
    except NotColumnar:
        return None


def _decode(frame: pl.DataFrame, keys: frozenset[str]) -> Block:
    problems: list[RowProblem] = []
    try:
        values = frame.get_column(_LINE).str.json_decode(infer_schema_length=None)
    except pl.exceptions.PolarsError:
        frame, problems = _without_bad_lines(frame)
        if not frame.height:
            return Block(pl.DataFrame(schema={ROW: pl.Int64}), None, problems)
        try:
            values = frame.get_column(_LINE).str.json_decode(infer_schema_length=None)
        except pl.exceptions.PolarsError:
            raise NotColumnar from None  # an object polars does not read as Python does
    inferred = values.dtype
    if not isinstance(inferred, pl.Struct):
        raise NotColumnar
    cells, lists = _plan(inferred, keys)
    if _needs_records(frame.get_column(_LINE), lists):
        raise NotColumnar
    if _has_integers(inferred):
        # polars infers booleans amid whole numbers as numbers: decoded as
        # text, each value keeps its own JSON text, as the reader writes it
        dtype = pl.Struct(
            {name: (pl.List(pl.Struct(dict.fromkeys(lists[name], pl.String)))
                    if name in lists else pl.String)
             for name in inferred.to_schema()}
        )
        try:
            values = frame.get_column(_LINE).str.json_decode(dtype)
        except pl.exceptions.PolarsError:
            raise NotColumnar from None
    decoded = pl.DataFrame([values.alias("_value"), frame.get_column(ROW)])
    nulls = values.is_null()
    if nulls.any():  # a line holding `null`: not a ticket object
        problems.extend(_not_object(row) for row in decoded.filter(nulls).get_column(ROW))
        decoded = decoded.filter(~nulls)
    problems.sort(key=lambda problem: problem.row)
    cells, lists = _first_seen(frame, cells, lists)
    values = decoded.get_column("_value")
    tickets = pl.DataFrame([
        *(values.struct.field(name).cast(pl.String).alias(safe_name(name, cells))
          for name in cells),
        decoded.get_column(ROW),
    ])
    events = _events(decoded, lists)
    _check_keys(frame, decoded, cells, lists, events)
    return Block(tickets, events, problems)


def _has_integers(dtype: pl.DataType) -> bool:
    if isinstance(dtype, pl.Struct):
        return any(_has_integers(f.dtype) for f in dtype.fields)
    if isinstance(dtype, pl.List):
        return _has_integers(dtype.inner)
    return dtype.is_integer()


def _first_seen(frame: pl.DataFrame, cells: list[str], lists: dict[str, list[str]]
                ) -> tuple[list[str], dict[str, list[str]]]:
    """Ticket cells and message fields in the order the records first show them.

    polars orders the fields it infers its own way; the reader's columns
    follow the records. The first lines are read with :mod:`json` until every
    field was seen (usually the first line shows them all); a field first
    seen further down is looked for by its key, and the line where the key
    first occurs must show it -- else the block is read record by record.
    """
    wanted_cells, wanted_events = set(cells), {f for fs in lists.values() for f in fs}
    seen_cells: dict[str, None] = {}
    seen_events: dict[str, None] = {}
    lines = frame.get_column(_LINE)

    def register(line: str) -> None:
        item = json.loads(line)
        if not isinstance(item, dict):
            return
        for key, value in item.items():
            if key in lists and isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict):
                        seen_events.update(dict.fromkeys(entry))
            else:
                seen_cells[key] = None

    for line in lines.head(_ORDER_LINES):
        register(line)
        if len(seen_cells) == len(wanted_cells) and len(seen_events) == len(wanted_events):
            break
    missing = [(name, seen_cells) for name in wanted_cells if name not in seen_cells]
    missing += [(name, seen_events) for name in wanted_events if name not in seen_events]
    firsts: dict[int, list[tuple[str, dict[str, None]]]] = {}
    for name, where in missing:
        hits = lines.str.contains(f'"{re.escape(name)}"' + r"\s*:")
        firsts.setdefault(int(hits.arg_max() or 0), []).append((name, where))
    for index in sorted(firsts):
        register(lines[index])
        # the first line with the key must show it, or a line in between may
        if any(name not in where for name, where in firsts[index]):
            raise NotColumnar
    order = {name: position for position, name in enumerate(seen_events)}
    return list(seen_cells), {name: sorted(fields, key=order.__getitem__)
                              for name, fields in lists.items()}


def _check_keys(frame: pl.DataFrame, decoded: pl.DataFrame, cells: list[str],
                lists: dict[str, list[str]], events: pl.DataFrame | None) -> None:
    """Every key of every line was read once: no key polars passed over.

    A key given twice in one object is kept last by :mod:`json` and first by
    polars. Each key is a string followed by ``:``; counted in the text (see
    :data:`_PLAIN_KEY`), the keys with a value other than ``null`` must be as
    many as the values read. A decimal number is not counted, so its line
    fails the count, as it should. A text holding an escaped quote before a
    colon counts too, and sends the block record by record, which is merely
    slower. Not seen: a key given twice, the second time as ``null``.
    """
    values = decoded.get_column("_value")
    read = pl.sum_horizontal(
        [values.struct.field(name).is_not_null() for name in [*cells, *lists]]
        or [pl.repeat(0, decoded.height, eager=True)]
    ).cast(pl.Int64).alias("_read")
    counts = decoded.select(pl.col(ROW), read)
    if events is not None:
        fields = [f for fs in lists.values() for f in fs]
        inner = events.select(
            pl.col(ROW), pl.sum_horizontal(
                pl.col(safe_name(f, fields)).is_not_null() for f in fields).alias("_inner")
        ).group_by(ROW).agg(pl.col("_inner").sum().cast(pl.Int64))
        counts = counts.join(inner, on=ROW, how="left").select(
            pl.col(ROW), pl.col("_read") + pl.col("_inner").fill_null(0))
    same = frame.join(counts, on=ROW, how="inner").select(
        pl.col(_LINE).str.count_matches(_PLAIN_KEY) == pl.col("_read"))
    if not same.to_series().all():
        raise NotColumnar


def _plan(inferred: pl.Struct, keys: frozenset[str]
          ) -> tuple[list[str], dict[str, list[str]]]:
    """The ticket cells, and the message lists with their fields, of a flat shape."""
    cells: list[str] = []
    lists: dict[str, list[str]] = {}
    for name, dtype in inferred.to_schema().items():
        if isinstance(dtype, pl.List) and name in keys:
            inner = dtype.inner
            if inner == pl.Null:
                lists[name] = []
            elif isinstance(inner, pl.Struct) and inner.fields and all(
                    _scalar(f.dtype) for f in inner.fields):
                names = [f.name for f in inner.fields]
                if _LIST in names or _INDEX in names:
                    raise NotColumnar
                lists[name] = names
            else:
                raise NotColumnar
        elif _scalar(dtype):
            cells.append(name)
        else:
            raise NotColumnar
    return cells, lists


def _scalar(dtype: pl.DataType) -> bool:
    return dtype.is_integer() or any(dtype == kind for kind in _SCALARS)


def _needs_records(lines: pl.Series, lists: dict[str, list[str]]) -> bool:
    """Whether a line holds text only the record-by-record reader renders exactly.

    A lone surrogate escape (repaired and reported there), or a message list
    written as ``null`` (a cell of its own, not an empty list). Decimal
    numbers are caught by :func:`_check_keys`, which reads every key anyway.
    """
    escapes = lines.str.contains("\\u", literal=True)
    if escapes.any() and lines.filter(escapes).str.contains(_SURROGATE).any():
        return True
    if not lists:
        return False
    names = "|".join(re.escape(name) for name in lists)
    return bool(lines.str.contains(rf'"(?:{names})"\s*:\s*null').any())


def _events(decoded: pl.DataFrame, lists: dict[str, list[str]]) -> pl.DataFrame | None:
    """One row per message of the (single) list that holds any, as the reader lays them out."""
    found: list[pl.DataFrame] = []
    for name, fields in lists.items():
        sizes = decoded.get_column("_value").struct.field(name).list.len()
        if not (sizes.fill_null(0) > 0).any():
            continue
        if not fields:  # a list of nulls is a cell, not messages
            raise NotColumnar
        rows = decoded.select(
            pl.col("_value").struct.field(name).alias("_items"), pl.col(ROW)
        ).filter(pl.col("_items").list.len() > 0).with_columns(
            pl.int_ranges(pl.col("_items").list.len()).alias(_INDEX)
        ).explode("_items", _INDEX)
        items = rows.get_column("_items")
        if items.is_null().any():  # a null amid objects: the list is a cell
            raise NotColumnar
        found.append(pl.DataFrame([
            *(items.struct.field(f).cast(pl.String).alias(safe_name(f, fields)) for f in fields),
            pl.Series(_LIST, [name] * rows.height, dtype=pl.String),
            rows.get_column(_INDEX).cast(pl.Int64),
            rows.get_column(ROW),
        ]))
    if len(found) > 1:  # several lists: their messages interleave per ticket
        raise NotColumnar
    return found[0] if found else None


def _without_bad_lines(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[RowProblem]]:
    """``frame`` less the lines that are not a JSON object, and their problems.

    Pieces of :data:`PIECE_LINES` lines that polars decodes are kept whole;
    the lines of a piece that it does not are parsed one by one with
    :mod:`json`, which says what is wrong with each.
    """
    keep: list[pl.DataFrame] = []
    problems: list[RowProblem] = []
    for start in range(0, frame.height, PIECE_LINES):
        piece = frame.slice(start, PIECE_LINES)
        try:
            piece.get_column(_LINE).str.json_decode(infer_schema_length=None)
        except pl.exceptions.PolarsError:
            good = []
            for line, number in piece.iter_rows():
                problem = line_problem(line, number)
                if problem is None:
                    good.append(True)
                else:
                    problems.append(problem)
                    good.append(False)
            piece = piece.filter(pl.Series(good, dtype=pl.Boolean))
        keep.append(piece)
    return pl.concat(keep), problems


def line_problem(line: str, number: int) -> RowProblem | None:
    """Why ``line`` is not a ticket object (None when it is one), in the reader's words."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return RowProblem(
            row=number,
            message_en=f"line is not valid JSON ({exc.msg} at column {exc.colno})",
            message_zh=f"该行不是有效的 JSON(第 {exc.colno} 列: {exc.msg})",
        )
    except RecursionError:
        return RowProblem(number, "line is nested too deeply to read", "该行嵌套层级过深，无法读取")
    if isinstance(item, dict):
        return None
    return not_object_problem(number, item, "line")


def _not_object(row: int) -> RowProblem:
    return not_object_problem(row, None, "line")


def not_object_problem(row: int, value: object, unit: str) -> RowProblem:
    """A record that is valid JSON but no ticket object (a number, an array, null)."""
    kind = json_type(value)
    zh_unit = "该行" if unit == "line" else "该项"
    return RowProblem(
        row=row,
        message_en=f"{unit} is a JSON {kind}, not a ticket object",
        message_zh=f"{zh_unit}是 JSON {kind}，不是工单对象",
    )
