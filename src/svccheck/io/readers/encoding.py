"""Turn the bytes of a text export into text, detecting the encoding.

Ticket exports come from Chinese and international help desks alike: Excel
saves "CSV UTF-8" with a byte-order mark, "Unicode text" as UTF-16, and older
Chinese systems write GBK. Guessing wrong does not fail loudly -- it produces
mojibake headers that no profile recognises, or silently garbled names -- so
detection only accepts an encoding whose *strict* decode succeeds, in a fixed
order, and otherwise stops and asks the user for ``--encoding``.

Two broken-file shapes get their own answer instead of "unknown encoding":
a file cut off in the middle of a multi-byte character (an interrupted
copy) is read up to the cut and flagged, so the reader can report the last
row and still check the others; and a file whose lines come in two encodings
(two exports concatenated) is refused with the line numbers, because GB18030
"decodes" UTF-8 bytes into plausible-looking mojibake without any error.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import NamedTuple

from svccheck.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: How many leading bytes the NUL-byte heuristics look at.
_SAMPLE = 4096
#: Share of NUL bytes up to which a file that otherwise decodes is still text
#: (a stray NUL in a cell), rather than a binary file.
_STRAY_NUL_SHARE = 0.01
#: Non-ASCII characters a line needs before it counts as evidence of UTF-8
#: inside a GB18030 file (short runs can be valid in both by chance).
_MIXED_MIN_CHARS = 3


class Decoded(NamedTuple):
    """Decoded text; ``truncated`` when the file ended inside a character."""

    text: str
    encoding: str
    truncated: bool = False


def decode_export(data: bytes, path: Path, forced: str | None = None) -> Decoded:
    """Like :func:`decode_text`, but a file cut mid-character is returned, flagged.

    The text then holds everything before the incomplete character; readers
    report their last row as damaged instead of refusing the whole file.
    """
    if forced:
        text, name = _decode_forced(data, path, forced)
        return Decoded(text.removeprefix("\ufeff"), name)
    try:
        text, name = _decode(data, path, None)
    except InputError as exc:
        cut = _truncated_tail(data)
        if cut is None:
            raise
        try:
            text, name = _decode(data[:cut], path, None)
        except InputError:
            raise exc from None
        return Decoded(text.removeprefix("\ufeff"), name, truncated=True)
    return Decoded(text.removeprefix("\ufeff"), name)


def _truncated_tail(data: bytes) -> int | None:
    """Where the final, incomplete multi-byte character starts, if that is the only fault."""
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
        except UnicodeDecodeError as exc:
            if exc.end >= len(data) and exc.start >= len(data) - 3 and exc.start > 0:
                try:
                    data[: exc.start].decode(name)
                except UnicodeDecodeError:
                    continue
                return exc.start
    return None


def decode_text(data: bytes, path: Path, forced: str | None = None) -> tuple[str, str]:
    """Decode ``data`` read from ``path``; return ``(text, encoding_name)``.

    ``forced`` (``ReadOptions.encoding``) is used as given, without detection.
    Otherwise: a byte-order mark decides (UTF-8 -> ``utf-8-sig``, UTF-16 ->
    ``utf-16``); else strict UTF-8; else strict GB18030 (a superset of GBK and
    GB2312, so it covers every legacy Chinese export); else
    :class:`InputError`. Error messages give byte offsets, never content: the
    bytes around a bad offset may be a phone number.
    """
    text, name, truncated = decode_export(data, path, forced)
    if truncated:
        raise InputError(f"{path}: the file ends in the middle of a {name} character (cut off?)")
    return text, name


def _decode(data: bytes, path: Path, forced: str | None) -> tuple[str, str]:
    if forced:
        return _decode_forced(data, path, forced)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, path, name, why="despite its byte-order mark"), name
    nul_name = _guess_from_nul_bytes(data, path)
    if nul_name is not None:
        return _decode_strict(data, path, nul_name, why="(guessed from its NUL bytes)"), nul_name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_mixed_utf8(data, path)
        return text, "gb18030"
    _refuse_mixed_utf8(data, path)
    raise InputError(f"{path}: unknown encoding (not UTF-8, UTF-16 or GB18030); pass --encoding")


def _decode_forced(data: bytes, path: Path, encoding: str) -> tuple[str, str]:
    """Decode with the user's encoding; a bad name or bad byte is an InputError."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"{path}: unknown encoding name {encoding!r} (see --encoding)") from None
    return _decode_strict(data, path, name, why=f"with the given encoding {encoding!r}"), name


def _decode_strict(data: bytes, path: Path, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode as {encoding} {why}: invalid byte at offset {exc.start}"
        ) from None


def line_kinds(data: bytes, first_line: int = 1) -> tuple[list[int], list[int]]:
    """Numbers of the lines that are clearly UTF-8, and of those that are not UTF-8.

    A GB18030 file with lines of both kinds is two exports glued together
    (see module doc). Lines are split on ``\n``, which no GB18030 or UTF-8
    character contains, so a file may be classified piece by piece as long
    as each piece ends with a line.
    """
    utf8_lines: list[int] = []
    other_lines: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=first_line):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
            continue
        if sum(not char.isascii() for char in text) >= _MIXED_MIN_CHARS:
            utf8_lines.append(number)
    return utf8_lines, other_lines


def detect_head(head: bytes, path: Path, forced: str | None, complete: bool) -> str:
    """The encoding :func:`decode_export` chooses for a file that starts with ``head``.

    ``complete`` says ``head`` is the whole file, and the answer is then
    exact. Otherwise it is the answer for the whole file provided the rest
    decodes in it and, for GB18030, that no line is clearly UTF-8 while
    another is not (:func:`line_kinds`); a reader of a file in batches
    checks that as it goes, so the file is decoded once, piece by piece.
    Raises :class:`InputError` where :func:`decode_export` would on ``head``.
    """
    if forced:
        return _decode_forced(b"", path, forced)[1]
    if complete:
        return decode_export(head, path).encoding
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    nul_name = _guess_from_nul_bytes(head[: len(head) - len(head) % 2], path)
    if nul_name is not None:
        return nul_name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a cut last character is fine
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    lines = head.rfind(b"\n") + 1
    return decode_export(head[: lines or len(head)], path).encoding


def _refuse_mixed_utf8(data: bytes, path: Path) -> None:
    """Refuse a non-UTF-8 file in which some lines are clearly UTF-8 (see module doc)."""
    utf8_lines, other_lines = line_kinds(data)
    if utf8_lines and other_lines:
        raise InputError(
            f"{path}: mixed encodings: {_lines(utf8_lines)} UTF-8, "
            f"{_lines(other_lines)} not (GB18030?); save the file in one encoding"
        )


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    if len(numbers) == 1:
        return f"line {shown} is"
    return f"lines {shown}{more} are"


def _guess_from_nul_bytes(data: bytes, path: Path) -> str | None:
    """Recognise BOM-less UTF-16 and refuse binary files.

    Text in UTF-8 or GB18030 never contains NUL bytes, but NUL *is* valid
    UTF-8, so without this check a BOM-less UTF-16 file or a workbook saved
    with the wrong suffix would "decode" into garbage columns instead of
    failing. UTF-16 text has NULs on one byte parity only (the high byte of
    ASCII characters such as delimiters and digits).
    """
    sample = data[:_SAMPLE]
    if b"\x00" not in sample:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if odd_nul >= half // 10 and even_nul == 0 and len(data) % 2 == 0:
        return "utf-16-le"
    if even_nul >= half // 10 and odd_nul == 0 and len(data) % 2 == 0:
        return "utf-16-be"
    if sample.count(0) <= len(sample) * _STRAY_NUL_SHARE and _is_text(data):
        return None  # a stray NUL in a text file: the reader reports its row
    hint = " (a ZIP archive such as an .xlsx workbook?)" if data.startswith(b"PK\x03\x04") else ""
    raise InputError(f"{path}: contains NUL bytes, so it is a binary file, not text{hint}")


def _is_text(data: bytes) -> bool:
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return True
    return False
