"""Turn the bytes of a text export into text, detecting the encoding.

Ticket exports come from Chinese and international help desks alike: Excel
saves "CSV UTF-8" with a byte-order mark, "Unicode text" as UTF-16, and older
Chinese systems write GBK. Guessing wrong does not fail loudly -- it produces
mojibake headers that no profile recognises, or silently garbled names -- so
detection only accepts an encoding whose *strict* decode succeeds, in a fixed
order, and otherwise stops and asks the user for ``--encoding``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

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


def decode_text(data: bytes, path: Path, forced: str | None = None) -> tuple[str, str]:
    """Decode ``data`` read from ``path``; return ``(text, encoding_name)``.

    ``forced`` (``ReadOptions.encoding``) is used as given, without detection.
    Otherwise: a byte-order mark decides (UTF-8 -> ``utf-8-sig``, UTF-16 ->
    ``utf-16``); else strict UTF-8; else strict GB18030 (a superset of GBK and
    GB2312, so it covers every legacy Chinese export); else
    :class:`InputError`. Error messages give byte offsets, never content: the
    bytes around a bad offset may be a phone number.
    """
    text, name = _decode(data, path, forced)
    # A BOM left in the text would glue U+FEFF to the first header name (a
    # forced "utf-8" on a UTF-8-BOM file), and the profile would not
    # recognise that column.
    return text.removeprefix("\ufeff"), name


def _decode(data: bytes, path: Path, forced: str | None) -> tuple[str, str]:
    if forced:
        return _decode_forced(data, path, forced)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, path, name, why="despite its byte-order mark"), name
    nul_name = _guess_from_nul_bytes(data, path)
    if nul_name is not None:
        return _decode_strict(data, path, nul_name, why="(guessed from its NUL bytes)"), nul_name
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
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
    hint = " (a ZIP archive such as an .xlsx workbook?)" if data.startswith(b"PK\x03\x04") else ""
    raise InputError(f"{path}: contains NUL bytes, so it is a binary file, not text{hint}")
