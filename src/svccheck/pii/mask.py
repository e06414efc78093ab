"""Mask personal values so a report can point at them without showing them.

DESIGN.md's contract: "any value a privacy rule flags is shown masked
(``138****5678``, ``3301**********1234``) in every output, log and error
message". The forms follow the template's own practice (004 三: 联系方式隐藏)
and what Chinese banks and carriers print:

* mobile ``138****5678`` (first 3, last 4 -- at most 7 of 11 digits);
* landline ``0571-****6666`` (area code, last 4 of the local number at most);
* resident ID ``3301**********123X`` (first 4 and last 4 -- no birth date; a
  15-digit first-generation ID keeps the last 3: ``3301********123``);
* bank card ``6222 **** **** 0123`` (first 4, last 4; American Express
  ``3782 **** *** 0005``);
* e-mail ``z***@example.com`` (first letter and the domain);
* name ``张*``, ``张**``, ``欧阳**`` (the surname; 张先生 becomes ``张**``), ``J*** S****``.

No hash of a value is ever shown: an unsalted hash of an 11-digit number is
reversed by trying all of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from svccheck.pii import names
from svccheck.pii.detect import THOROUGH, Detection, Options, detect

MASK = "*"

#: What may hold a personal value, for a vectorised prefilter: an ``@``,
#: seven digits with little between them (the same test :func:`detect` makes
#: before calling the phone matcher, loosened to any script's digits), or a
#: context that introduces a name (:func:`svccheck.pii.names.prefilter`).
PREFILTER = r"[@＠﹫]|\p{Nd}(?:[^\p{Nd}\p{L}]{0,3}\p{Nd}){6}|" + names.prefilter()

_SPACES = re.compile(r"\s+")
#: ``2025-10-09 09:00(:00)`` between non-digits, as the prefilter sees it: a letter.
#: Findings quote such times all the time, and their digits alone pass
#: :data:`PREFILTER`; the detector blanks them before looking for phone
#: numbers (a subset of its ``_DATES_TIMES``), and no ID or card can hide
#: in one without 12 more digits next to it, which still pass.
_DATE_TIME = (
    r"(^|[^0-9])(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{2}"
    r"(?:[ T]?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?([^0-9]|$)"
)


def mask_digits(digits: str, keep_first: int, keep_last: int) -> str:
    """``digits`` with all but the first/last few replaced by ``*``."""
    hidden = max(len(digits) - keep_first - keep_last, 0)
    if hidden == 0:  # too short to keep anything and still hide something
        return MASK * len(digits)
    return digits[:keep_first] + MASK * hidden + digits[len(digits) - keep_last:]


def mask_card(digits: str) -> str:
    """``6222 **** **** 0123``: first and last four, hidden digits in groups of four."""
    hidden = len(digits) - 8
    groups = [MASK * min(4, hidden - i) for i in range(0, hidden, 4)]
    return " ".join([digits[:4], *groups, digits[-4:]])


def mask_email(address: str) -> str:
    """``z***@example.com``."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}{MASK * 3}@{domain}"


def mask_landline(value: str) -> str:
    """``0571-****6666``: the area code stays, at least four local digits go."""
    area, sep, local = value.rpartition("-")
    keep = min(4, max(len(local) - 4, 0))
    masked = mask_digits(local, 0, keep)
    return f"{area}{sep}{masked}"


def mask_value(kind: str, value: str) -> str:
    """The masked form of a normalised value of ``kind``."""
    if kind == "mobile":
        if value.startswith("+"):
            cc, _, national = value.partition("-")
            return f"{cc} {mask_digits(national, 3, 4 if len(national) > 10 else 2)}"
        return mask_digits(value, 3, 4)
    if kind == "landline":
        return mask_landline(value)
    if kind == "id":  # 18 characters: 3301**********123X; 15 digits: 3301********123
        return mask_digits(value, 4, 4 if len(value) == 18 else 3)
    if kind == "card":
        return mask_card(value)
    if kind == "email":
        return mask_email(value)
    if kind == "name":
        return names.mask_name(value)
    return mask_digits(value, min(3, len(value) // 4), min(4, len(value) // 3))


def mask_detection(detection: Detection) -> str:
    """The masked form of a detection (never its value)."""
    return mask_value(detection.kind, detection.value)


def _apply(text: str, found: list[Detection]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every detection masked, and where each masked form landed."""
    out: list[str] = []
    where: list[tuple[int, int]] = []
    position = length = 0
    for d in found:
        if d.start < position:  # overlapping: already covered
            where.append(where[-1] if where else (length, length))
            continue
        out.append(text[position: d.start])
        length += d.start - position
        masked = mask_detection(d)
        out.append(masked)
        where.append((length, length + len(masked)))
        length += len(masked)
        position = d.end
    out.append(text[position:])
    return "".join(out), where


def redact(text: str | None, options: Options = THOROUGH) -> str | None:
    """``text`` with every personal value masked; everything else untouched.

    Uses :data:`~svccheck.pii.detect.THOROUGH` by default: a Luhn-valid
    order number is masked too, because an output that hides too much is
    harmless and one that shows a card number is not.
    """
    if not text:
        return text
    found = detect(text, options)
    return _apply(text, found)[0] if found else text


def redact_name(name: str) -> str:
    """A column (or sheet) name as messages and reports show it: values masked.

    A header-less export's "names" are its first row, so a name may be a
    phone number -- or two, ``13812345678`` and ``13812345678_2``: the suffix
    that makes a repeated name unique is split off first, since
    :func:`redact` reads a number glued to ``_2`` as part of a longer token.
    """
    base, sep, counter = name.rpartition("_")
    if sep and base and counter.isdigit():
        return (redact(base) or base) + sep + counter
    return redact(name) or name


def excerpt(text: str, detection: Detection, width: int = 16) -> str:
    """Evidence for a finding: the detection masked, with its surroundings.

    The whole text is redacted first, then cut ``width`` characters either
    side of the masked value, so a neighbouring number is masked too and a cut
    can never leave half of a raw value showing.
    """
    found = detect(text, THOROUGH)
    if not any(d.start <= detection.start < d.end for d in found):
        found = sorted([*found, detection], key=lambda d: d.start)
    redacted, where = _apply(text, found)
    index = next(i for i, d in enumerate(found) if d.start <= detection.start < d.end)
    start, end = where[index]
    left, right = max(0, start - width), min(len(redacted), end + width)
    clip = redacted[left:right]
    clip = _SPACES.sub(" ", clip).strip()
    return ("…" if left > 0 else "") + clip + ("…" if right < len(redacted) else "")


def excerpts(text: str, detections: Sequence[Detection], width: int = 16,
             kinds: frozenset[str] | None = None) -> list[str]:
    """:func:`excerpt` for each of ``detections`` of one text, detecting it once.

    Calling :func:`excerpt` once per detection redacts the whole text each
    time: a description of repeated ID numbers (one per 19 characters) cost
    the square of its length. Here the text is redacted once and each
    excerpt is cut from it. A detection the thorough pass did not find is
    masked in every excerpt, not only its own. ``kinds``, when given, are
    the only kinds the text can hold (its candidates, :mod:`.candidates`):
    the thorough pass looks for those alone.
    """
    if not detections:
        return []
    options = THOROUGH if kinds is None else replace(THOROUGH, kinds=THOROUGH.kinds & kinds)
    found = detect(text, options)
    starts = [d.start for d in found]

    def covering(position: int) -> int | None:
        """The first detection (in position order) whose span holds ``position``."""
        index = bisect_right(starts, position) - 1
        while index > 0 and found[index - 1].start <= position < found[index - 1].end:
            index -= 1
        return index if index >= 0 and found[index].start <= position < found[index].end \
            else None

    missing = [d for d in detections if covering(d.start) is None]
    if missing:
        found = sorted([*found, *missing], key=lambda d: d.start)
        starts = [d.start for d in found]
    redacted, where = _apply(text, found)
    shown: list[str] = []
    for detection in detections:
        index = covering(detection.start)
        assert index is not None
        start, end = where[index]
        left, right = max(0, start - width), min(len(redacted), end + width)
        clip = _SPACES.sub(" ", redacted[left:right]).strip()
        shown.append(("…" if left > 0 else "") + clip + ("…" if right < len(redacted) else ""))
    return shown


def redact_series(series: pl.Series) -> pl.Series:
    """:func:`redact` over a string column, calling Python only where needed.

    A vectorised prefilter (:data:`PREFILTER`) picks the cells that could
    hold a personal value; the rest are returned as they are.
    """
    if series.len() == 0 or series.null_count() == series.len():
        return series
    candidates = (
        series.str.normalize("NFKC").str.replace_all(_DATE_TIME, "${1}D${2}")
        .str.contains(PREFILTER).fill_null(False)
    )
    if not candidates.any():
        return series
    values = series.to_list()
    # findings quote the same cells again and again: redact each text once
    done: dict[str, str | None] = {}
    for i in candidates.arg_true().to_list():
        text = values[i]
        if text not in done:
            done[text] = redact(text)
        values[i] = done[text]
    return pl.Series(series.name, values, dtype=pl.String)
