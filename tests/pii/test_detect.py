"""The detector on the cases the issue names, and the masks it prints.

Each case is a piece of ticket text and what must (or must not) be found in
it. Card numbers here are Luhn-valid; IDs carry a correct GB 11643 check
character unless the case says otherwise.
"""

from __future__ import annotations

import pytest

from svccheck.pii import THOROUGH, detect, excerpt, redact
from svccheck.pii.masked import find_masked

CARD_19 = "6222021234567890128"      # UnionPay, Luhn-valid
CARD_16 = "6228480012345671"         # UnionPay, Luhn-valid
ID_X = "11010519491231002X"          # ends in X
# Shanghai Pudong (310115) was created in 1992; the holder was born in 1980
# and the ID is still valid: county codes are not checked against birth years.
ID_NEW_COUNTY = "310115198001010016"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(d.kind, d.key) for d in detect(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("13800138000", [("mobile", "13800138000")]),                      # bare
    ("电话13812345678谢谢", [("mobile", "13812345678")]),               # glued to Chinese
    ("电话１３８１２３４５６７８", [("mobile", "13812345678")]),          # full-width
    ("手机 +86 138 1234 5678", [("mobile", "13812345678")]),
    ("call 0086-162-1234-5678 please", [("mobile", "16212345678")]),   # 16x
    ("新号199.1234.5678", [("mobile", "19912345678")]),                 # 19x, dotted
    ("座机0571-88886666转123", [("landline", "057188886666")]),
    ("身份证" + ID_X, [("id", ID_X)]),
    ("身份证号" + ID_X.lower(), [("id", ID_X)]),                        # lower-case x
    ("证件号码" + ID_NEW_COUNTY, [("id", ID_NEW_COUNTY)]),
    ("卡号" + CARD_19, [("card", CARD_19)]),                            # glued to 卡号
    ("refund to card 6228 4800 1234 5671", [("card", CARD_16)]),
    ("邮箱zhang.wei@example.com。", [("email", "zhang.wei@example.com")]),
])
def test_found(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "订单号13812345678一直没发货",            # order number shaped like a mobile
    "工单#2025100912345678已关闭",
    "运单 SF13812345678 已签收",               # inside a longer ASCII run
    "订单号" + CARD_19,                         # Luhn-valid, card prefix, but an order number
    CARD_19 + " 已付款",                        # no card word: a number, not a card
    "时间戳1735660800123",                      # 13-digit millisecond timestamp
    "请拨打400-123-4567或95588",               # service numbers
    "退款金额¥1,380.00，2025-10-09 13:45下单",
    "手机138****5678，卡号6222 **** **** 0128，z***@example.com",   # masked already
    "身份证号110105194912310021",               # wrong check character
    "13812345678901",                            # inside a longer run of digits
    "SKU-13812345678",
])
def test_not_found(text):
    assert kinds(text) == []


def test_a_phone_word_nearer_than_the_order_word_wins():
    assert kinds("订单收货人手机13812345678") == [("mobile", "13812345678")]


def test_offsets_point_into_the_original_text():
    text = "电话：１３８１２３４５６７８。"
    [d] = detect(text)
    assert text[d.start:d.end] == "１３８１２３４５６７８"


def test_detection_repr_hides_the_value():
    [d] = detect("13812345678")
    assert "13812345678" not in repr(d)


@pytest.mark.parametrize(("text", "masked"), [
    ("13812345678", "138****5678"),
    ("身份证" + ID_X, "身份证1101**********002X"),
    ("卡号" + CARD_19, "卡号6222 **** **** *** 0128"),
    ("卡号" + CARD_16, "卡号6228 **** **** 5671"),
    ("zhang.wei@example.com", "z***@example.com"),
    ("座机0571-88886666", "座机0571-****6666"),
])
def test_redact_masks_the_issue_way(text, masked):
    assert redact(text) == masked


def test_excerpt_remasks_the_neighbours():
    text = "客户A 13812345678，客户B 13987654321，请回电"
    second = detect(text)[1]
    shown = excerpt(text, second)
    assert "139****4321" in shown and "138****5678" in shown
    assert "13812345678" not in shown and "13987654321" not in shown


def test_thorough_masks_what_strict_lets_pass():
    # an order number that could be a card is hidden in output all the same
    assert detect(CARD_19) == []
    assert [d.kind for d in detect(CARD_19, THOROUGH)] == ["card"]


@pytest.mark.parametrize(("a", "b", "reveals"), [
    ("138****5678", "1381234****", True),
    ("138****5678", "138****5678", False),     # the same mask twice hides the same digits
    ("138****5678", "139****5678", False),     # not the same number
    ("尾号5678", "1381234****", True),
])
def test_masked_forms_combine(a, b, reveals):
    [first], [second] = find_masked(a), find_masked(b)
    assert (first.combine(second) is not None) == reveals
