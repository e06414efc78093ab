"""Whether a number is, on its own, a resident ID or a bank card: the check digits.

A resident ID (居民身份证号, GB 11643-1999) has a province code, a real birth
date and an ISO 7064 MOD 11-2 check character; a first-generation ID (15
digits) has no check character, only the province and a 19YY birth date. A
bank card has a card-network prefix and a Luhn check digit. These are facts
of the numbers, not of the text around them: the detector in free text
(svccheck.pii.detect) and the columnar candidate search
(svccheck.pii.candidates) apply the same ones.
"""

from __future__ import annotations

from datetime import date

#: GB/T 2260 province-level codes (first two digits of a resident ID),
#: including 81/82/83 of the residence permits for HK, Macao and Taiwan residents.
PROVINCES: frozenset[str] = frozenset((
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
))
#: The ISO 7064 MOD 11-2 weights of a resident ID's first 17 digits, and the
#: check character of each remainder.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

#: Card-network prefixes as inclusive (low, high) ranges of equal length.
CARD_NETWORKS: tuple[tuple[str, str], ...] = (
    ("62", "62"), ("81", "81"),  # UnionPay
    ("4", "4"),  # Visa
    ("51", "55"), ("2221", "2720"),  # Mastercard
    ("3528", "3589"),  # JCB
    ("6011", "6011"), ("644", "649"), ("65", "65"),  # Discover
    ("9558", "9558"),  # ICBC domestic
)


def gb11643_valid(value: str) -> bool:
    """An 18-character resident ID with a valid province, birth date and check character."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in PROVINCES:
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17].upper()


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        d = int(char)
        if position % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_network(digits: str) -> bool:
    """Whether ``digits`` starts with a known card-network prefix."""
    return any(low <= digits[: len(low)] <= high for low, high in CARD_NETWORKS)


def card_valid(digits: str) -> bool:
    """16-19 digits with a network prefix, or a 15-digit American Express (34/37); Luhn."""
    if len(digits) == 15:
        return digits[:2] in ("34", "37") and luhn_valid(digits)
    return 16 <= len(digits) <= 19 and card_network(digits) and luhn_valid(digits)


def first_generation_id_valid(value: str) -> bool:
    """A 15-digit (pre-1999) resident ID: a valid province and a real 19YY birth date."""
    if len(value) != 15 or not value.isdigit() or value[:2] not in PROVINCES:
        return False
    try:
        date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return True
