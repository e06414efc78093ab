"""Read masked values as people write them: ``138****5678``, ``1381234****``, ``尾号5678``.

Two privacy rules need to know what a masked value still shows:

* ``privacy.unmasked-contact`` asks whether the contact field hides enough
  (seed 004 三: the template's column is "联系方式（隐藏后四位）") and with a
  real mask character -- ``X``/``x`` is not one, because a resident ID ends in
  ``X`` and ``138XXXX5678`` reads as a typo, not as a mask;
* ``privacy.complementary-masks`` asks whether two masked forms of one number
  in one ticket (``138****5678`` in the contact field, ``1381234****`` in a
  remark) together show every digit -- each mask is compliant on its own,
  yet the record reveals the number.

A :class:`Masked` keeps, for each position of the value, the digit shown or
``None`` where it is hidden. It never leaves this package unmasked: its
``repr`` hides the pattern and :meth:`Masked.safe` shows at most what the
standard mask of its kind shows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from svccheck.pii.mask import mask_value

#: Mask characters after NFKC (the full-width ``＊`` becomes ``*``).
MASK_CHARS = "*•●×#"
#: Letters people use as a mask that the standard does not allow.
X_MASKS = "Xx"
#: A run of digits and mask characters (spaces and dashes inside), not part
#: of a longer ASCII word: ``138****5678``, ``+86 138 **** 5678``, ``138XXXX5678``.
_TOKEN = re.compile(
    r"(?<![0-9A-Za-z_])(?:\+?86[ \-]?)?"
    r"[0-9*•●×#Xx](?:[ \-]?[0-9*•●×#Xx]){5,20}"
    r"(?![0-9A-Za-z_])"
)
#: "last four digits" written out: 尾号5678, 后四位：5678, ending in 5678.
_TAIL = re.compile(
    r"(?:尾号|后四位|末四位|ending in|ends in|last four digits|last 4 digits)"
    r"\s*(?:是|为|:|：)?\s*([0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[ \-]")


@dataclass(frozen=True)
class Masked:
    """A masked number: each position's digit, or None where it is hidden."""

    positions: tuple[str | None, ...] = field(repr=False)
    #: Whether ``X``/``x`` was used as a mask character.
    x_mask: bool = False

    @property
    def length(self) -> int:
        return len(self.positions)

    @property
    def visible(self) -> int:
        return sum(p is not None for p in self.positions)

    @property
    def hidden(self) -> int:
        return self.length - self.visible

    @property
    def kind(self) -> str:
        """``mobile`` (11 positions from a 1), ``id`` (18), ``card`` (16-19) or ``number``."""
        first = self.positions[0] if self.positions else None
        if self.length == 11 and first in ("1", None):
            return "mobile"
        if self.length == 18:
            return "id"
        if 16 <= self.length <= 19:
            return "card"
        return "number"

    def safe(self) -> str:
        """The value as the standard mask of its kind would show it, never more.

        Positions the standard mask keeps show the digit if this form shows it,
        else ``*``; every other position is ``*``.
        """
        pattern = "".join(p if p is not None else "*" for p in self.positions)
        return mask_value(self.kind, pattern) if self.kind != "number" else "*" * self.length

    def combine(self, other: Masked) -> str | None:
        """The full value if this form and ``other`` agree and together show every digit."""
        if self.length != other.length or not self.hidden or not other.hidden:
            return None
        digits: list[str] = []
        for mine, theirs in zip(self.positions, other.positions, strict=True):
            if mine is not None and theirs is not None and mine != theirs:
                return None
            shown = mine if mine is not None else theirs
            if shown is None:
                return None
            digits.append(shown)
        return "".join(digits)


def _parse(token: str) -> Masked | None:
    body = _SEPARATORS.sub("", token).lstrip("+")
    if len(body) in (13, 14) and body.startswith("86") and body[2] in "1*•●×#Xx":
        body = body[2:]  # +86 138****5678
    x_mask = False
    positions: list[str | None] = []
    for index, char in enumerate(body):
        if char.isdigit():
            positions.append(char)
        elif char in X_MASKS:
            if len(body) == 18 and index == 17:  # the check character of an ID
                positions.append("X")
                continue
            x_mask = True
            positions.append(None)
        else:
            positions.append(None)
    masked = Masked(tuple(positions), x_mask)
    if masked.hidden == 0 or masked.visible == 0:
        return None  # all digits (not masked) or all masks (nothing shown)
    return masked


def find_masked(text: str | None) -> list[Masked]:
    """Every masked number in ``text`` (NFKC-normalised first), in order."""
    if not text:
        return []
    norm = unicodedata.normalize("NFKC", text)
    found: list[Masked] = []
    for m in _TOKEN.finditer(norm):
        masked = _parse(m.group())
        if masked is not None:
            found.append(masked)
    for m in _TAIL.finditer(norm):
        found.append(Masked((None,) * 7 + tuple(m.group(1))))
    return found


def last_four_only(text: str | None) -> Masked | None:
    """A contact value that is just the last four digits (``5678``), read as a mobile."""
    if text is None:
        return None
    norm = unicodedata.normalize("NFKC", text).strip()
    if len(norm) == 4 and norm.isdigit():
        return Masked((None,) * 7 + tuple(norm))
    return None
