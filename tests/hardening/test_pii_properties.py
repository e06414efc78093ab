"""Property tests of the PII detectors and masking: any text, never a crash or a leak.

Ticket text is whatever agents and customers typed. Whatever it holds, the
detector must not raise, masking must be idempotent (masking masked text
changes nothing, or a report rendered twice would differ), every detection
must lie inside the text, and neither ``redact`` nor a finding's ``excerpt``
may contain the raw value of what was detected -- in any of the forms the
generator writes it (spaced, dashed, full-width, +86, glued to Chinese).
Example counts are bounded so this runs in a few seconds.
"""

from __future__ import annotations

import phonenumbers
import polars as pl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from svccheck.pii import THOROUGH, detect, excerpt, redact, redact_series
from svccheck.pii.check_digits import gb11643_valid, luhn_valid

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Text like ticket text: Chinese, ASCII, digits, separators, full-width forms.
ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９ -–.+@_#*：:，,。/()（）xX")
    + list("abcdefzZ电话手机卡号订单工单身份证邮箱客户您好退款")
)
TEXT = st.text(alphabet=ALPHABET, max_size=80)

MOBILE_PREFIXES = ["130", "138", "147", "150", "166", "177", "181", "191", "199"]


@st.composite
def mobiles(draw) -> tuple[str, str]:
    """(digits, how it is written)."""
    digits = draw(st.sampled_from(MOBILE_PREFIXES)) + draw(
        st.text(alphabet="0123456789", min_size=8, max_size=8))
    form = draw(st.sampled_from(["plain", "spaced", "dashed", "plus86", "fullwidth"]))
    written = {
        "plain": digits,
        "spaced": f"{digits[:3]} {digits[3:7]} {digits[7:]}",
        "dashed": f"{digits[:3]}-{digits[3:7]}-{digits[7:]}",
        "plus86": f"+86 {digits}",
        "fullwidth": digits.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    }[form]
    return digits, written


@st.composite
def resident_ids(draw) -> str:
    body = draw(st.sampled_from(["110105", "330106", "440305", "510104"]))
    year = draw(st.integers(1950, 2005))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    base = f"{body}{year}{month:02d}{day:02d}{seq}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(base, weights, strict=True)) % 11]
    value = base + check
    assert gb11643_valid(value)
    return value


@st.composite
def union_pay_cards(draw) -> str:
    partial = "6222" + draw(st.text(alphabet="0123456789", min_size=11, max_size=14))
    for last in "0123456789":
        if luhn_valid(partial + last):
            return partial + last
    raise AssertionError("one check digit always completes a Luhn number")


def _digits(text: str) -> str:
    return "".join(c for c in text.translate(
        str.maketrans("０１２３４５６７８９", "0123456789")) if c.isdigit())


@SETTINGS
@given(TEXT)
def test_detection_never_raises_and_spans_lie_inside_the_text(text):
    for options in (None, THOROUGH):
        found = detect(text) if options is None else detect(text, options)
        for d in found:
            assert 0 <= d.start < d.end <= len(text)


@SETTINGS
@given(TEXT)
def test_masking_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@SETTINGS
@given(TEXT, TEXT)
def test_redact_series_agrees_with_redact(left, right):
    series = pl.Series("t", [left, None, right], dtype=pl.String)
    assert redact_series(series).to_list() == [redact(left), None, redact(right)]


#: Stands between the generated text and the value, so the value is never
#: glued to other digits (a number inside a longer run is, by design, not one).
BAR = "｜"


@SETTINGS
@given(TEXT, mobiles(), TEXT)
def test_a_mobile_in_any_text_is_never_shown(before, mobile, after):
    digits, written = mobile
    text = f"{before}{BAR}电话{written}{BAR}{after}"
    assert digits not in _digits(redact(text).split(BAR)[1])
    for d in detect(text, THOROUGH):
        shown = excerpt(text, d)
        middle = shown.split(BAR)[1] if shown.count(BAR) == 2 else shown
        assert digits not in _digits(middle)


@SETTINGS
@given(TEXT, resident_ids(), union_pay_cards(), TEXT)
def test_ids_and_cards_are_masked_wherever_they_stand(before, resident_id, card, after):
    text = f"{before}{BAR}身份证{resident_id}，卡号{card}{BAR}{after}"
    middle = redact(text).split(BAR)[1]
    assert resident_id[:-1] not in _digits(middle)
    assert card not in _digits(middle)


@st.composite
def landlines(draw) -> tuple[str, str]:
    """(digits, how it is written): an area code and a local number, grouped or not."""
    area, local_length = draw(st.sampled_from([("010", 8), ("021", 8), ("0571", 8),
                                               ("0755", 8), ("0931", 7)]))
    local = draw(st.sampled_from("2345678")) + draw(
        st.text(alphabet="0123456789", min_size=local_length - 1, max_size=local_length - 1))
    # a number the region's metadata knows, as the detector requires of a landline
    assume(phonenumbers.is_valid_number(phonenumbers.parse(area + local, "CN")))
    form = draw(st.sampled_from(["dashed", "spaced", "grouped"]))
    written = {
        "dashed": f"{area}-{local}",
        "spaced": f"{area} {local}",
        "grouped": f"{area} {local[:-4]} {local[-4:]}",
    }[form]
    return area + local, written


#: What may follow a number: another one written beside it, or a stray digit.
NEIGHBOURS = st.one_of(mobiles().map(lambda m: m[1]), landlines().map(lambda n: n[1]),
                       st.sampled_from(["2", "0", "12"]))


@SETTINGS
@given(TEXT, mobiles(), NEIGHBOURS, TEXT)
def test_numbers_side_by_side_are_each_masked(before, mobile, neighbour, after):
    """``138 1234 5678 159 1234 5678``, ``138 1234 5678 2``, a mobile then a landline:
    read by the phone matcher as one candidate of groups, they used to be missed."""
    digits, written = mobile
    for text in (f"{before}{BAR}电话{written} {neighbour}{BAR}{after}",
                 f"{before}{BAR}电话{neighbour} {written}{BAR}{after}"):
        middle = redact(text).split(BAR)[1]
        assert digits not in _digits(middle), (text, middle)
        for d in detect(text, THOROUGH):
            assert digits not in _digits(excerpt(text, d).split(BAR)[-1])


@SETTINGS
@given(TEXT, landlines(), mobiles(), TEXT)
def test_a_landline_beside_a_mobile_is_masked(before, landline, mobile, after):
    digits, written = landline
    for text in (f"{before}{BAR}座机{written} {mobile[1]}{BAR}{after}",
                 f"{before}{BAR}电话{mobile[1]} {written}{BAR}{after}"):
        middle = redact(text).split(BAR)[1]
        assert digits[-7:] not in _digits(middle), (text, middle)
