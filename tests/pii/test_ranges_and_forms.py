"""Forms the detector used to miss: every mobile range, IDs written in fours or
with 15 digits, American Express cards, and an ID after 身份证 in THOROUGH mode.

IDs and cards are built here with valid check characters (never pasted from
anywhere); phone numbers are the 1234 5678 kind no one owns.
"""

from __future__ import annotations

import pytest

from svccheck.pii import THOROUGH, detect, redact
from svccheck.pii.check_digits import gb11643_valid, luhn_valid
from svccheck.pii.ranges import in_mobile_range, mobile_prefixes, whole_cell_mobile

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    """``body17`` with its GB 11643 check character."""
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, _WEIGHTS,
                                                                    strict=True)) % 11]


def with_luhn(body: str) -> str:
    """``body`` plus the digit that makes it pass the Luhn check."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def found(text, options=None):
    return [(d.kind, d.key) for d in (detect(text) if options is None else detect(text, options))]


# -- 3. every mobile range -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "手机14612345678", "电话：148 1234 5678", "联系方式 149-1234-5678", "致电17401234567",
    "tel 17451234567", "phone: +86 174 9123 4567", "客户手机号是14812345678，谢谢",
])
def test_a_number_in_a_range_the_metadata_misses_is_a_mobile_after_a_phone_word(text):
    [(kind, key)] = found(text)
    assert kind == "mobile" and key[:3] in {"146", "148", "149", "174"}
    assert key not in redact(text).replace(" ", "").replace("-", "")


@pytest.mark.parametrize("text", [
    "订单号14612345678已发货",           # an order number, whatever its digits
    "14612345678",                       # no phone word: the metadata decides
    "流水14912345678",
    "手机14612345678901",                # inside a longer run of digits
])
def test_without_a_phone_word_such_a_number_is_not_a_mobile(text):
    assert found(text) == []


def test_the_ranges_are_data_with_their_source():
    prefixes = mobile_prefixes()
    assert {"146", "148", "149", "174", "192", "199"} <= prefixes
    assert not {"140", "154", "194"} & prefixes          # not mobile segments
    assert in_mobile_range("14612345678") and not in_mobile_range("1461234567")
    from importlib import resources
    text = resources.files("svccheck").joinpath("data", "pii", "mobile-ranges.yaml").read_text(
        "utf-8")
    assert "MIIT" in text and "工业和信息化部" in text


def test_every_listed_range_is_found_after_a_phone_word():
    for prefix in sorted(mobile_prefixes()):
        number = prefix + "12345678"
        assert found("电话" + number) == [("mobile", number)], prefix


def test_a_contact_cell_is_itself_the_phone_word():
    assert whole_cell_mobile(" 146 1234 5678 ") == "14612345678"
    assert whole_cell_mobile("+8617401234567") == "17401234567"
    assert whole_cell_mobile("1461234567") is None


# -- 4. other forms ----------------------------------------------------------------------


def test_an_id_written_in_fours_is_an_id():
    value = resident_id("11010119900307853")         # the probe, check character computed
    grouped = f"{value[:6]} {value[6:10]} {value[10:14]} {value[14:]}"
    assert found(grouped) == [("id", value)]
    assert found("身份证号 " + grouped.replace(" ", "-")) == [("id", value)]
    assert redact("身份证号 " + grouped) == f"身份证号 1101**********{value[-4:]}"


def test_a_first_generation_id_after_an_id_word():
    old = "110101900307853"                          # region 110101, born 1990-03-07
    assert found("老身份证 " + old) == [("id", old)]
    assert found("证件号码：" + old) == [("id", old)]
    assert redact("身份证" + old) == "身份证1101********853"
    assert found(old) == []                           # 15 digits alone: could be anything
    assert found("身份证 110101901307853") == []      # month 13: not a date
    assert found("身份证 990101900307853") == []      # 99: no such province


def test_american_express_needs_its_prefix_luhn_and_a_card_word():
    amex = with_luhn("37828224631000")
    assert found("信用卡" + amex) == [("card", amex)]
    assert found(f"Amex card {amex[:4]} {amex[4:10]} {amex[10:]}") == [("card", amex)]
    assert redact("卡号" + amex) == "卡号3782 **** *** " + amex[-4:]
    assert found(amex) == []                          # no card word in free text
    wrong = amex[:-1] + str((int(amex[-1]) + 1) % 10)
    assert found("card " + wrong) == []               # Luhn fails
    assert found("card " + with_luhn("35828224631000")) == []   # not 34/37


def test_an_id_right_after_the_id_word_is_never_a_card_even_thorough():
    # an 18-digit Gansu (62) ID that also passes the Luhn check of a UnionPay card
    value = next(v for n in range(1000)
                 if (v := resident_id(f"62010219900101{n:03d}")).isdigit() and luhn_valid(v))
    assert gb11643_valid(value)
    assert found("身份证" + value, THOROUGH) == [("id", value)]
    assert found("身份证号码：" + value) == [("id", value)]
    assert redact("身份证" + value) == "身份证6201**********" + value[-4:]
    assert found("卡号" + value) == [("card", value)]   # after a card word it is a card
