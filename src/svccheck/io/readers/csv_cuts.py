"""Where a CSV text may be cut so that each piece parses as a file of its own.

Reading a large CSV export in batches (svccheck.io.readers.batches) cuts it
into pieces at record boundaries, without parsing it: a cell may hold line
breaks, so a newline ends a record only outside quotes. This module holds
what finds those boundaries -- Python's :mod:`csv` record grammar as regular
expressions, where the header record ends (and the delimiter, found as the
reader finds it), lines counted as :mod:`csv` counts them -- and the one
problem only the file's last piece can see (a quote left open at the end).
Kept apart from the batching because it is a fact of the CSV format, not of
how the pieces are read, decoded or numbered.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from svccheck.io.base import ROW, RawInput
from svccheck.io.readers.csv import sniff_delimiter, unclosed_quote_problem


class Diverged(Exception):
    """The batches cannot settle this file alone: ask :func:`~svccheck.io.readers.read_file`."""


class Grammar:
    """Python's csv record grammar (default dialect, not strict) as regular expressions.

    A quote opens a quoted cell only at the start of a cell; inside it ``""``
    is a quote and line breaks are text; after the closing quote, text up to
    the next separator is kept as is. A record ends at CRLF, LF or a lone CR
    (a CR at the very end of the text may be the first half of a CRLF, so it
    ends no record yet).
    """

    def __init__(self, delimiter: str, as_bytes: bool) -> None:
        d = re.escape(delimiter)
        field = rf'(?:"(?:[^"]|"")*+"[^{d}\r\n]*+|[^{d}\r\n"][^{d}\r\n]*+|)'
        record = rf"{field}(?:{d}{field})*+(?:\r\n|\n|\r(?=[\s\S]))"
        last = rf"{field}(?:{d}{field})*+(?:\r\n|\n|\r(?=[\s\S])|\Z)"
        if as_bytes:
            self.records = re.compile(rf"(?:{record})*+".encode())
            self.record = re.compile(record.encode())
            self.last = re.compile(last.encode())
            self.newline: bytes | str = b"\n"
            self.quote: bytes | str = b'"'
        else:
            self.records = re.compile(rf"(?:{record})*+")
            self.record = re.compile(record)
            self.last = re.compile(last)
            self.newline = "\n"
            self.quote = '"'


@cache
def grammar_for(delimiter: str, as_bytes: bool) -> Grammar:
    return Grammar(delimiter, as_bytes)


class Header(NamedTuple):
    end: int  # where the header record ends
    delimiter: str
    sep_lines: int  # 1 for an Excel ``sep=`` line, which the reader drops before counting lines


def header_end(data: bytes | str, path: Path, eof: bool) -> Header | None:
    """Where the header record ends in ``data``, and the delimiter; None: need more text.

    The delimiter is found as the reader finds it (a ``sep=`` line, else
    :func:`sniff_delimiter` on the first line); the header is the first
    record that is not blank. Everything before its end is put in front of
    each piece.
    """
    as_bytes = isinstance(data, bytes)
    start = 0
    if as_bytes:
        while data.startswith(codecs.BOM_UTF8, start) and start < 6:
            start += len(codecs.BOM_UTF8)
        text = data[start:].decode("utf-8", errors="replace")
    else:
        text = data
    newline = text.find("\n")
    if newline < 0 and not eof:
        return None
    first_line = (text if newline < 0 else text[:newline]).rstrip("\r")
    sep_lines = 0
    if len(first_line) == 5 and first_line.startswith("sep="):
        delimiter, sep_lines = first_line[4], 1
        if newline < 0:
            raise Diverged
        start += len(text[: newline + 1].encode()) if as_bytes else newline + 1
    else:
        prefer_tab = path.name.lower().removesuffix(".gz").endswith(".tsv")
        body = text.lstrip("\r\n")
        if _sniff_end(body) is None and not eof:
            return None  # the sniffed line is not complete yet
        delimiter = sniff_delimiter(body, prefer_tab=prefer_tab)
    if as_bytes and not delimiter.isascii():
        raise Diverged
    grammar = grammar_for(delimiter, as_bytes)
    position = start
    while position < len(data):
        match = grammar.record.match(data, position)
        if match is None and eof:
            match = grammar.last.match(data, position)
        if match is None or match.end() == position:
            if eof:
                raise Diverged  # no header: read_file says so
            return None
        cell_text = data[position:match.end()]
        if isinstance(cell_text, bytes):
            cell_text = cell_text.decode("utf-8", errors="replace")
        fields = next(csv.reader(io.StringIO(cell_text, newline=""), delimiter=delimiter), [])
        position = match.end()
        if any(field.strip() for field in fields):
            return Header(position, delimiter, sep_lines)
    if eof:
        raise Diverged
    return None


def _sniff_end(text: str) -> int | None:
    """Where :func:`sniff_delimiter` stops reading ``text``; None if it reads it all."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            return index
    return None


def unclosed_at_end(raw: RawInput, piece: bytes | str, grammar: Grammar, delimiter: str,
                     lines_before: int) -> RawInput:
    """Report a quote the file's last, blank, record leaves open on ``raw``'s last row.

    That is what reading the file whole reports: the open quote swallowed
    everything after it into that record, which therefore counts as blank.
    ``piece`` is the last piece of the file; ``lines_before`` counts the
    lines before it as the reader numbers them.
    """
    end = grammar.records.match(piece).end()
    tail = piece[end:]
    text = tail.decode("utf-8", errors="replace") if isinstance(tail, bytes) else tail
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            last = int(raw.tickets.get_column(ROW).max())
            line = lines_before + count_lines(piece[:end]) + 1
            raw.problems = [p for p in raw.problems if p.row != last]
            raw.problems.append(unclosed_quote_problem(last, line))
    return raw


def count_lines(piece: bytes | str) -> int:
    """Lines as :mod:`csv` counts them (CRLF, LF and a lone CR each end one)."""
    if isinstance(piece, bytes):
        lines = piece.count(b"\n")
        return lines + piece.count(b"\r") - piece.count(b"\r\n") if b"\r" in piece else lines
    lines = piece.count("\n")
    return lines + piece.count("\r") - piece.count("\r\n") if "\r" in piece else lines
