"""Customers' names: found where a context introduces them, never an agent introducing
themselves, a colleague, a place or a brand; masked keeping the surname.

The names are the 张伟 / John Smith kind every textbook uses.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from svccheck.pii import STRICT, THOROUGH, detect, redact
from svccheck.pii.names import mask_name, whole_name


def names(text: str, speaker: str | None = None) -> list[str]:
    options = replace(STRICT, speaker=speaker)
    return [d.value for d in detect(text, options) if d.kind == "name"]


@pytest.mark.parametrize(("text", "expected"), [
    ("张先生要求退款", ["张先生"]),
    ("李女士的快递已签收", ["李女士"]),
    ("王小姐来电催单", ["王小姐"]),
    ("姓名：张伟，性别男", ["张伟"]),
    ("客户张伟来电反映无法登录", ["张伟"]),
    ("收件人 张伟 电话未接通", ["张伟"]),
    ("联系人：王小明", ["王小明"]),
    ("已联系李娜女士，她同意换货", ["李娜"]),
    ("欧阳娜娜女士来电", ["欧阳娜娜"]),
    ("投保人：黎明", ["黎明"]),                 # after a label, a word can be a name
    ("Mr. Smith called about the refund", ["Smith"]),
    ("Ms Lee wants a replacement", ["Lee"]),
    ("Mrs. Brown asked for a call back", ["Brown"]),
    ("name: John Smith, phone later", ["John Smith"]),
    ("Dear Anna, sorry for the delay.", ["Anna"]),
])
def test_a_name_a_context_introduces_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "您好，客服小李很高兴为您服务",         # an agent's nickname
    "客服小王为您服务",
    "已上报客服主管B",                     # a role from the template, no name
    "客服专员张敏已回电",                  # a colleague, by title
    "已转交售后专员郑洁处理",
    "收货地址：武汉市洪山区",              # places
    "寄往张家口",
    "联系人：华为售后",                    # brands and products
    "客户购买的李宁跑鞋",
    "客户高兴地表示满意",                  # words after 客户
    "客户马上到店",
    "客户黄金会员权益已恢复",
    "谢谢先生",                            # thanks, sir
    "这位女士请稍等",
    "Dear Customer, your refund is on the way.",
    "product name: Galaxy S24",
    "Customer name: VIP",                  # all capitals: no name
])
def test_look_alikes_are_not_names(text):
    assert names(text) == []


def test_an_agent_introducing_themselves_is_never_a_finding():
    for text in ("您好，我是小李，很高兴为您服务", "您好，我是李娜，很高兴为您服务",
                 "我是张伟，这个问题我来跟进", "Hi, my name is Anna, how can I help?"):
        assert names(text, speaker="agent") == [], text
        assert names(text, speaker="supervisor") == [], text
    # the same words from a customer introduce the customer
    assert names("您好，我是张伟，订单一直没到", speaker="customer") == ["张伟"]
    assert names("my name is Anna and my order is late", speaker="customer") == ["Anna"]
    # an agent naming the customer is still a customer's name
    assert names("张先生您好，我是客服小李，很高兴为您服务", speaker="agent") == ["张先生"]


@pytest.mark.parametrize(("text", "masked"), [
    ("客户张伟来电", "客户张*来电"),
    ("联系人：王小明", "联系人：王**"),
    ("张先生要求退款", "张**要求退款"),
    ("欧阳娜娜女士来电", "欧阳**女士来电"),
    ("name: John Smith", "name: J*** S****"),
])
def test_names_are_masked_keeping_the_surname(text, masked):
    assert redact(text) == masked
    assert redact(masked) == masked                     # masking is idempotent


def test_a_whole_cell_name():
    assert whole_name("张伟") == "张伟"
    assert whole_name(" 欧阳娜娜 ") == "欧阳娜娜"
    assert whole_name("张先生") == "张先生"
    assert whole_name("John Smith") == "John Smith"
    assert whole_name("Anna") == "Anna"
    assert whole_name("Anna", single_word=False) is None
    for value in ("张*", "张**", "C293079", "华为", "客服专员张敏", "VIP", "", None):
        assert whole_name(value) is None, value
    assert mask_name("张伟") == "张*" and mask_name("欧阳娜娜") == "欧阳**"


def test_names_can_be_left_out():
    options = replace(THOROUGH, kinds=THOROUGH.kinds - {"name"})
    assert detect("客户张伟来电", options) == []
