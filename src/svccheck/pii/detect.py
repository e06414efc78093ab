"""Detectors for personal data in free text.

Why this module exists: seed 004 二.5 says a record identifies the customer by
客户编号 "而非真实姓名/电话", and 003 (电商手册 4.3 客户隐私保护) makes customer
data confidential -- yet agents paste mobile numbers into remarks and
customers type their ID or card number into chat. ``privacy.pii-in-text``
flags those values, and every quoted excerpt is masked with the same
detector, so it must be precise (a ticket full of order numbers must not
drown in false alarms) and thorough (a number glued to Chinese text, written
with full-width digits or ``+86`` still counts).

What is found, and how each kind is told from look-alikes:

* **mobile / landline** -- the ``phonenumbers`` matcher for region CN at
  ``STRICT_GROUPING`` leniency (digits grouped as numbers are really written),
  keeping only mobile and fixed-line numbers (400/800/95xxx service numbers
  are other types). A landline needs its area code with the trunk ``0`` or a
  country code (``010-62345678``, ``+86 10 6234 5678``), so a bare run such as
  ``2025100912`` is not a Beijing number. Dates and clock times are blanked
  before matching. A number right after an order word (工单, 订单, 单号,
  运单, order, tracking...) is an order number, unless a phone word (手机,
  电话, phone...) is nearer. A number in a mainland mobile segment the metadata
  does not type as mobile (146, 148, 149, 1740x-1749x: :mod:`.ranges`, a
  table of MIIT's allocations) is a mobile when a phone word comes right
  before it.
* **resident ID** (居民身份证号, GB 11643-1999) -- 18 characters: a valid
  province code, a real birth date (not in the future), and the ISO 7064
  MOD 11-2 check character (``X`` for 10). The county code is deliberately
  *not* checked against a table: counties are renamed and merged, and an ID
  keeps the code of the county that issued it, even one created after the
  holder's birth year. Written plain, 6-8-4 or 6-4-4-4 (``110101 1990 0307
  853X``). A first-generation ID (15 digits: region, YYMMDD, sequence, no
  check digit) only right after an ID word (身份证, 证件...). An ID word
  right before an 18-digit number makes it an ID even where it would also
  pass as a card.
* **bank card** -- 16 to 19 digits (plain or in groups of four), a valid Luhn
  check digit, a card-network prefix (UnionPay 62/81, Visa 4, Mastercard
  51-55/2221-2720, JCB 3528-3589, Discover 6011/644-649/65, ICBC 9558; or 15
  digits of American Express 34/37, plain or 4-6-5) and, in
  free text, a card word near it (卡号, 银行卡, 账号, card...): a Luhn-valid
  order number is common, a Luhn-valid order number next to "卡号" is not.
* **e-mail** -- ``local@domain.tld``; a local part that touches a mask
  character (``z***@example.com``) is already masked and not found.

Text is NFKC-normalised first (full-width ``１３８`` and ``＋86`` become ASCII)
and boundaries are ASCII-aware: a value glued to Chinese characters is found
(``电话13812345678谢谢``), one inside a longer run of ASCII letters or digits
is not (``SF13812345678``, a 13-digit millisecond timestamp). Offsets in a
:class:`Detection` refer to the *original* text.

One module, though long: every kind is looked for in the same normalised
text and claims spans from the same set, in :data:`KINDS` order, and the
context words decide between kinds (an ID word makes an 18-digit number an
ID, not a card; an order word silences a phone number unless a phone word is
nearer). Split per kind, those precedence rules would sit apart from each
other though they change together. What a number is on its own -- the
check digits of an ID or a card -- is in :mod:`svccheck.pii.check_digits`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberMatcher, PhoneNumberType

from svccheck.pii import names, ranges
from svccheck.pii.check_digits import card_valid, first_generation_id_valid, gb11643_valid

#: The kinds of personal data detected, in the order they are looked for.
KINDS: tuple[str, ...] = ("email", "id", "card", "mobile", "landline", "name")

#: Words that make a 16-19 digit number in free text a bank card.
CARD_WORDS: tuple[str, ...] = (
    "卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "银联", "工资卡", "账号", "帐号", "账户",
    "帐户", "开户行", "银行", "card", "account", "acct", "visa", "mastercard", "unionpay",
)
#: Words that make the number right after them an order/ticket/tracking number.
ORDER_WORDS: tuple[str, ...] = (
    "工单", "订单", "单号", "运单", "编号", "流水号", "交易号", "快递", "物流", "批次", "序列号",
    "发票号", "order", "tracking", "ticket", "invoice", "waybill", "parcel", "shipment",
)
#: Words that make an 18-digit number that is both a valid ID and a valid card an ID.
ID_WORDS: tuple[str, ...] = ("身份证", "证件", "身份", "id", "identity", "id card",
                             "identity card")
#: What may stand between an order word and its number: 订单号：, 单号是, order no. ...
_ORDER_GAP = re.compile(r"(?i)(?:number|num|no|is|id|[\s:：#＃号码是为编.\-=])*")

_PHONE_TYPES = frozenset(
    (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
)
_ASCII_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_MASK_CHARS = "*•●×#"
_CONNECTORS = frozenset("-_/.")

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-" + re.escape(_MASK_CHARS) + r"])"
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9\-])"
)
_ID = re.compile(
    r"(?<![0-9A-Za-z_])([0-9]{6})([ -]?)([0-9]{8})\2([0-9]{3}[0-9Xx])(?![0-9A-Za-z_])"
)
#: An ID written 6-4-4-4, as a card is: ``110101 1990 0307 853X``.
_ID_FOURS = re.compile(
    r"(?<![0-9A-Za-z_])([0-9]{6})([ -])([0-9]{4})\2([0-9]{4})\2([0-9]{3}[0-9Xx])"
    r"(?![0-9A-Za-z_])"
)
#: A first-generation (15-digit) ID: region, YYMMDD, sequence; no check digit.
_ID_15 = re.compile(r"(?<![0-9A-Za-z_])([0-9]{6})([ -]?)([0-9]{6})\2([0-9]{3})(?![0-9A-Za-z_])")
#: American Express: 15 digits from 34/37, plain or 4-6-5.
_CARD_AMEX = re.compile(r"(?<![0-9A-Za-z_])3[47][0-9]{2}([ -]?)[0-9]{6}\1[0-9]{5}(?![0-9A-Za-z_])")
_CARD_PLAIN = re.compile(r"(?<![0-9A-Za-z_])[0-9]{16,19}(?![0-9A-Za-z_])")
_CARD_GROUPED = re.compile(
    r"(?<![0-9A-Za-z_])(?<![0-9][ -])[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}"
    r"(?:\1[0-9]{1,3})?(?![0-9A-Za-z_])(?![ -][0-9])"
)
#: Dates and clock times, blanked before phone matching (never phone numbers).
_DATES_TIMES = re.compile(
    r"(?<![0-9])(?:"
    r"(?:19|20)[0-9]{2}([-/.])[0-9]{1,2}\1[0-9]{2}(?:[ T]?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
    r"|(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日?"
    r"|[0-9]{1,2}[:时][0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r")(?![0-9])"
)
#: Seven digits with little between them: the least a phone number has.
_PHONE_GATE = re.compile(r"\d(?:[^\w:]{0,3}\d){6}")
_NON_DIGITS = re.compile(r"[^0-9]")
#: A country code written just before a number the matcher found without it.
_COUNTRY_PREFIX = re.compile(r"(?<![0-9A-Za-z_+])(?:\+|00)?86[ .\-]$")
_NON_KEY = re.compile(r"[^0-9X]")


@dataclass(frozen=True)
class Detection:
    """One personal value found in a text.

    ``start``/``end`` index the original text. ``value`` is the normalised
    value (digits; ``0571-88886666`` for a landline; the ID with an upper-case
    ``X``; the e-mail address in lower case). It is never part of ``repr``,
    so a detection cannot leak into a log line or a traceback.
    """

    kind: str
    start: int
    end: int
    value: str = field(repr=False)

    @property
    def key(self) -> str:
        """The value as compared with an allow-list: digits, or the address."""
        if self.kind in ("email", "name"):
            return self.value
        return _NON_KEY.sub("", self.value.upper())


@dataclass(frozen=True)
class Options:
    """How strict detection is, and the word lists it uses.

    ``card_context`` requires a card word near a card number in free text;
    ``order_guard`` drops a phone number or card written right after an order
    word (``订单号：13812345678``, ``order no. 6222...``).
    :data:`STRICT` (both on) is what ``privacy.pii-in-text`` reports;
    :data:`THOROUGH` (both off) is what evidence is masked with --
    when in doubt, hiding an order number costs nothing.
    """

    kinds: frozenset[str] = frozenset(KINDS)
    card_context: bool = True
    order_guard: bool = True
    card_words: tuple[str, ...] = CARD_WORDS
    order_words: tuple[str, ...] = ORDER_WORDS
    #: Keys (:attr:`Detection.key`) of values that are not personal, e.g. the
    #: company's own hotline or service address.
    allow: frozenset[str] = frozenset()
    #: Characters before a number searched for an order or phone word.
    guard_window: int = 16
    #: Characters before/after a card number searched for a card word.
    card_window: tuple[int, int] = (20, 12)
    #: Who wrote the text (a role: ``agent``, ``customer``...; None when
    #: unknown): an agent's self-introduction (我是李娜) is not a customer's name.
    speaker: str | None = None

    def allowing(self, values: Iterable[str]) -> Options:
        """These options plus an allow-list given as values in any written form."""
        keys = set(self.allow)
        for value in values:
            found = detect(value, THOROUGH)
            if found:
                keys.update(d.key for d in found)
            else:
                keys.add(value.strip().lower() if "@" in value else _NON_DIGITS.sub("", value))
        return replace(self, allow=frozenset(keys))


STRICT = Options()
THOROUGH = Options(card_context=False, order_guard=False)


def normalize(text: str) -> tuple[str, list[int] | None]:
    """NFKC-normalise ``text`` character by character, keeping an offset map.

    Returns the normalised text and, for each of its positions (plus one past
    the end), the position in ``text`` it came from -- or None when the text is
    ASCII and nothing changed. Per-character normalisation keeps the map exact;
    for the characters that matter here (digits, ``＋``, ``＠``, ``－``) it is
    the same as normalising the whole string.
    """
    if text.isascii():
        return text, None
    parts = [_nfkc_char(char) for char in text]
    if all(len(part) == 1 for part in parts):  # the usual case: one character each
        return "".join(parts), list(range(len(text) + 1))
    index: list[int] = []
    for position, norm in enumerate(parts):
        index.extend([position] * len(norm))
    index.append(len(text))
    return "".join(parts), index


@lru_cache(maxsize=65536)
def _nfkc_char(char: str) -> str:
    """One character's NFKC form, looked up once (texts repeat their characters)."""
    return unicodedata.normalize("NFKC", char) if ord(char) > 0x7F else char


def _last_word(text: str, words: Iterable[str]) -> int:
    """End position of the last occurrence of any of ``words`` in ``text``, or -1."""
    lowered = text.lower()
    best = -1
    for word in words:
        at = lowered.rfind(word)
        if at >= 0:
            best = max(best, at + len(word))
    return best


def _order_guarded(norm: str, start: int, options: Options) -> bool:
    """Whether an order word comes right before the number (only 号, ``:``, ``no.``... between)."""
    before = norm[max(0, start - options.guard_window): start]
    order = _last_word(before, options.order_words)
    return order >= 0 and _ORDER_GAP.fullmatch(before[order:]) is not None


def _id_context(norm: str, start: int, options: Options) -> bool:
    """An ID word (身份证, 证件, identity card...) shortly before the number, nearer than
    any card word ("identity card" ends where its "card" does: an ID word)."""
    before = norm[max(0, start - options.card_window[0]): start]
    id_word = _last_word(before, ID_WORDS)
    return id_word >= 0 and id_word >= _last_word(before, options.card_words)


def _card_context(norm: str, start: int, end: int, options: Options) -> bool:
    """A card word shortly before or after the number -- unless an ID word is nearer before."""
    back, ahead = options.card_window
    before = norm[max(0, start - back): start]
    card, id_word = _last_word(before, options.card_words), _last_word(before, ID_WORDS)
    if id_word > card:
        return False  # 身份证号548581...: an ID number (perhaps mistyped), not a card
    return card >= 0 or _last_word(norm[end: end + ahead], options.card_words) >= 0


def _glued(norm: str, start: int, end: int) -> bool:
    """Whether the span is part of a longer ASCII token.

    It is when it touches an ASCII letter, digit or underscore, or is joined
    to one by a connector: ``SKU-13812345678``, ``13812345678-A``, ``v1.0755...``.
    """
    before = norm[max(0, start - 2): start]
    after = norm[end: end + 2]
    if (before and before[-1] in _ASCII_WORD) or (after and after[0] in _ASCII_WORD):
        return True
    if len(before) == 2 and before[1] in _CONNECTORS and before[0] in _ASCII_WORD:
        return True
    return len(after) == 2 and after[0] in _CONNECTORS and after[1] in _ASCII_WORD and (
        after[0] != "." or after[1].isdigit()
    )


class _Spans:
    """Spans already taken, so one run of digits yields one detection.

    A byte per character of the text marks what is taken: whether a span
    is free costs its own length, not the number of spans found so far --
    a text of repeated ID numbers has one span per 19 characters, and
    comparing each new one with all before it made detection quadratic.
    """

    def __init__(self, length: int) -> None:
        self.items: list[tuple[int, int, str, str]] = []
        self._taken = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) < 0

    def add(self, start: int, end: int, kind: str, value: str) -> None:
        self.items.append((start, end, kind, value))
        self._taken[start:end] = b"\x01" * (end - start)


def _emails(norm: str, spans: _Spans) -> None:
    for m in _EMAIL.finditer(norm):
        spans.add(m.start(), m.end(), "email", m.group().lower())


def _ids_and_cards(norm: str, spans: _Spans, options: Options) -> None:
    want_id, want_card = "id" in options.kinds, "card" in options.kinds

    def is_card(digits: str, start: int, end: int) -> bool:
        if not want_card or not card_valid(digits):
            return False
        if options.card_context and not _card_context(norm, start, end, options):
            return False
        return not (options.order_guard and _order_guarded(norm, start, options))

    if want_id:
        for pattern in (_ID, _ID_FOURS):
            for m in pattern.finditer(norm):
                value = "".join(m.groups()[0:1] + m.groups()[2:]).upper()
                if not gb11643_valid(value) or not spans.free(m.start(), m.end()):
                    continue
                # An 18-digit number can pass both checks: the word before it decides
                # (身份证 makes it an ID even where no card word is needed).
                kind = "card" if (value.isdigit() and not _id_context(norm, m.start(), options)
                                  and is_card(value, m.start(), m.end())) else "id"
                spans.add(m.start(), m.end(), kind, value)
        # a first-generation ID has no check digit: only after an ID word
        for m in _ID_15.finditer(norm):
            value = m.group(1) + m.group(3) + m.group(4)
            if (first_generation_id_valid(value) and spans.free(m.start(), m.end())
                    and _id_context(norm, m.start(), options)):
                spans.add(m.start(), m.end(), "id", value)
    if want_card:
        for pattern in (_CARD_PLAIN, _CARD_GROUPED, _CARD_AMEX):
            for m in pattern.finditer(norm):
                digits = _NON_DIGITS.sub("", m.group())
                if spans.free(m.start(), m.end()) and is_card(digits, m.start(), m.end()):
                    spans.add(m.start(), m.end(), "card", digits)


def _phones(norm: str, spans: _Spans, options: Options) -> None:
    blanked = _DATES_TIMES.sub(lambda m: " " * len(m.group()), norm)
    if not _PHONE_GATE.search(blanked):
        return
    # max_tries: the matcher gives up after that many candidates that are no
    # number -- in a long text of number-like tokens, a phone after them would
    # go unseen. Each try is bounded, so trying them all stays linear.
    matcher = PhoneNumberMatcher(blanked, "CN", leniency=Leniency.STRICT_GROUPING,
                                 max_tries=sys.maxsize)
    for m in matcher:
        start, end = m.start, m.end
        country = _COUNTRY_PREFIX.search(norm, max(0, start - 6), start)
        if country is not None and m.number.country_code == 86:
            start = country.start()  # "X,86-180-..." reaches the matcher as "180-..."
        if _glued(norm, start, end) or not spans.free(start, end):
            continue
        number = m.number
        number_type = phonenumbers.number_type(number)
        if number_type not in _PHONE_TYPES:
            continue  # toll-free 400/800, 95xxx, premium, ... are not personal
        digits = _NON_DIGITS.sub("", m.raw_string)
        international = m.raw_string.lstrip("( ").startswith("+") or digits.startswith("00")
        national = str(number.national_number)
        if number.country_code == 86:
            if number_type == PhoneNumberType.MOBILE:
                kind, value = "mobile", national
            else:
                if not (digits.startswith(("0", "86")) or international):
                    continue  # no trunk 0, no country code: not a written landline
                area = phonenumbers.length_of_geographical_area_code(number)
                kind = "landline"
                value = f"0{national[:area]}-{national[area:]}" if area else "0" + national
        else:
            if not international:
                continue
            kind = "mobile" if number_type == PhoneNumberType.MOBILE else "landline"
            value = f"+{number.country_code}-{national}"
        if kind not in options.kinds:
            continue
        if options.order_guard and _order_guarded(norm, start, options):
            continue
        spans.add(start, end, kind, value)
    if "mobile" in options.kinds:
        # segments the metadata does not type as mobile (146, 148, 149, 1740x...)
        for start, end, digits in ranges.after_phone_word(norm):
            if spans.free(start, end) and not _glued(norm, start, end) and not (
                    options.order_guard and _order_guarded(norm, start, options)):
                spans.add(start, end, "mobile", digits)
    _grouped(norm, blanked, spans, options)


#: A mainland mobile as people write it: 11 digits, plain or grouped 3-4-4 by one
#: kind of separator, perhaps after +86/86. The matcher reads a run of digit
#: groups as one candidate: two grouped mobiles side by side, or one followed
#: by " 2" or by a landline, fail its grouping check as a whole and were missed.
_GROUPED_MOBILE = re.compile(
    r"(?<![0-9A-Za-z_+])(?:(?:\+|00)?86[ .\-]?)?"
    r"(1[3-9][0-9])([ .\-]?)([0-9]{4})\2([0-9]{4})(?![0-9A-Za-z_])"
)
#: A landline with its area code, written in groups beside other numbers
#: (``0571 8888 6666``, ``010-6234-5678``, ``021 62345678``).
_GROUPED_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z_+])(0[1-9][0-9]{1,2})([ \-])([0-9]{3,4})\2?([0-9]{4})(?![0-9A-Za-z_])"
)


def _grouped(norm: str, blanked: str, spans: _Spans, options: Options) -> None:
    """Grouped mobiles and landlines the matcher left, next to other numbers.

    Runs after the matcher and takes only spans it left free, with its
    checks: not glued to a longer token, no order word before it, a number
    the region's metadata gives that type. A candidate that is not taken
    gives way one character on (``0100 0000 0571`` inside ``130 0100 0000
    0571 2000 0000`` must not hide the landline that follows).
    """
    if "mobile" in options.kinds:
        for m in _candidates(_GROUPED_MOBILE, blanked, spans):
            digits = m.group(1) + m.group(3) + m.group(4)
            number = PhoneNumber(country_code=86, national_number=int(digits))
            if phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
                _take(norm, spans, options, m.start(), m.end(), "mobile", digits)
    if "landline" in options.kinds:
        for m in _candidates(_GROUPED_LANDLINE, blanked, spans):
            before = m.start() - 2
            if before >= 0 and blanked[before].isdigit() and spans.free(before, before + 1):
                # right after digits no detection took: a group inside a longer
                # number (6222 0431 0979 8975 086 is a card, grouped in fours)
                continue
            area, local = m.group(1), m.group(3) + m.group(4)
            try:
                number = phonenumbers.parse(area + local, "CN")
            except phonenumbers.NumberParseException:
                continue
            if (phonenumbers.is_valid_number(number)
                    and phonenumbers.number_type(number) in _PHONE_TYPES
                    and phonenumbers.length_of_geographical_area_code(number)
                    == len(area) - 1):
                _take(norm, spans, options, m.start(), m.end(), "landline",
                      f"{area}-{local}")


def _candidates(pattern: re.Pattern[str], text: str, spans: _Spans) -> Iterator[re.Match[str]]:
    """Matches of ``pattern``, overlapping: after one that was not taken, one character on.

    Each search is bounded by the pattern's length, so the scan stays linear.
    """
    position = 0
    while (m := pattern.search(text, position)) is not None:
        taken = len(spans.items)
        yield m
        position = m.end() if len(spans.items) > taken else m.start() + 1


def _take(norm: str, spans: _Spans, options: Options, start: int, end: int, kind: str,
          value: str) -> None:
    if _glued(norm, start, end) or not spans.free(start, end):
        return
    if options.order_guard and _order_guarded(norm, start, options):
        return
    spans.add(start, end, kind, value)


#: A cell that is nothing but an 11-digit number starting with 1 (spaces around).
_WHOLE_MOBILE = re.compile(r"[ \t]*(1[0-9]{10})[ \t]*")


def _whole_mobile(text: str, options: Options) -> list[Detection] | None:
    """The detection of a cell holding only a mainland mobile number, or None.

    Contact columns hold bare numbers like ``13812345678``; running the
    phonenumbers matcher on each cost ~0.25 ms (1.6 s for the unmasked
    contacts of a million tickets). For such a cell the matcher can only
    find that one number, with nothing glued to it or before it, so its
    type from the region's metadata decides alone. Anything that is not a
    plain mobile (other types, longer text) returns None: the full path decides.
    """
    match = _WHOLE_MOBILE.fullmatch(text)
    if match is None or "mobile" not in options.kinds:
        return None
    digits = match.group(1)
    if digits in options.allow:
        return None
    # the public API on a number built from the digits: the same metadata
    # lookup the matcher would do, without the matcher's scan
    number = PhoneNumber(country_code=86, national_number=int(digits))
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None
    return [Detection("mobile", match.start(1), match.end(1), digits)]


def detect(text: str | None, options: Options = STRICT) -> list[Detection]:
    """Every personal value in ``text``, in order of position."""
    if not text:
        return []
    whole = _whole_mobile(text, options)
    if whole is not None:
        return whole
    norm, index = normalize(text)
    spans = _Spans(len(norm))
    if "email" in options.kinds and "@" in norm:
        _emails(norm, spans)
    if options.kinds & {"id", "card"}:
        _ids_and_cards(norm, spans, options)
    if options.kinds & {"mobile", "landline"}:
        _phones(norm, spans, options)
    if "name" in options.kinds:
        # names come sorted and apart: keep those clear of every number and address
        # (one pass over both, however many names a text holds)
        taken = sorted((s, e) for s, e, _, _ in spans.items)
        i = 0
        for start, end, value in names.find_names(norm, options.speaker):
            while i < len(taken) and taken[i][1] <= start:
                i += 1
            if i == len(taken) or taken[i][0] >= end:
                spans.add(start, end, "name", value)
    found: list[Detection] = []
    for start, end, kind, value in sorted(spans.items):
        if index is not None:
            start, end = index[start], index[end - 1] + 1
        detection = Detection(kind, start, end, value)
        if detection.key not in options.allow:
            found.append(detection)
    return found
