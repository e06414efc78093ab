"""Every mainland mobile range, read from data: numbers the phone metadata does not type.

The detector (:mod:`svccheck.pii.detect`) leaves the question "is this
11-digit number a mobile?" to the phone-number metadata, which knows the
numbering plan but types some segments MIIT has allocated -- the data and IoT
segments 146, 148, 149 and the 1740x-1749x satellite block -- as unknown. A
customer who writes "手机14612345678" has still typed their number. So a
number in a current mainland range (``data/pii/mobile-ranges.yaml``, with
its source) that follows a phone word is a mobile number; without a phone
word the metadata alone decides, as before, so an order number that happens
to start with 146 stays an order number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

#: Words after which an 11-digit number in a mobile range is a phone number.
PHONE_WORDS: tuple[str, ...] = (
    "电话", "手机", "联系方式", "致电", "来电", "回电", "拨打", "号码",
    "tel", "phone", "mobile", "cell", "call",
)
#: Characters before a number searched for a phone word.
WINDOW = 12

#: An 11-digit number starting with 1, plain or grouped 3-4-4, perhaps with a
#: country code; not part of a longer ASCII word.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z_+])(?:(?:\+|00)?86[ \-]?)?"
    r"(1[0-9]{2})([ \-.]?)([0-9]{4})\2([0-9]{4})(?![0-9A-Za-z_])"
)
_DIGIT = re.compile(r"[0-9]")


@lru_cache(maxsize=1)
def mobile_prefixes() -> frozenset[str]:
    """The three-digit segments of ``mobile-ranges.yaml``."""
    text = resources.files("svccheck").joinpath("data", "pii", "mobile-ranges.yaml").read_text(
        "utf-8")
    return frozenset(str(entry["prefix"]) for entry in yaml.safe_load(text)["ranges"])


def in_mobile_range(digits: str) -> bool:
    """Whether ``digits`` is an 11-digit number in a current mainland mobile segment."""
    return len(digits) == 11 and digits.isdigit() and digits[:3] in mobile_prefixes()


def _phone_word_before(norm: str, start: int) -> bool:
    """A phone word ends shortly before ``start``, with no digit in between."""
    before = norm[max(0, start - WINDOW): start].lower()
    best = -1
    for word in PHONE_WORDS:
        at = before.rfind(word)
        if at >= 0:
            best = max(best, at + len(word))
    return best >= 0 and _DIGIT.search(before, best) is None


def after_phone_word(norm: str) -> list[tuple[int, int, str]]:
    """``(start, end, digits)`` of each mobile-range number right after a phone word.

    ``norm`` is NFKC-normalised text (as :func:`svccheck.pii.detect.detect`
    sees it); the span includes a written country code.
    """
    found: list[tuple[int, int, str]] = []
    for m in _CANDIDATE.finditer(norm):
        digits = m.group(1) + m.group(3) + m.group(4)
        if in_mobile_range(digits) and _phone_word_before(norm, m.start()):
            found.append((m.start(), m.end(), digits))
    return found


def whole_cell_mobile(text: str | None) -> str | None:
    """The number of a contact cell that is only a mobile-range number, else None.

    A contact column is itself the phone word: ``14612345678`` there is a
    whole mobile number, though the metadata would not say so.
    """
    if not text:
        return None
    digits = re.sub(r"[\s\-.]", "", text.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if in_mobile_range(digits) else None
