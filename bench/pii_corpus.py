#!/usr/bin/env python3
"""Seeded, labelled corpus of ticket text for measuring svccheck's PII detectors.

Why this exists: ``privacy.pii-in-text`` promises precision (order numbers,
tracking numbers and timestamps are not flagged) and recall (a mobile number
written with ``+86``, full-width digits or glued to Chinese text is). Neither
can be claimed without a labelled corpus, and real ticket text cannot be
shipped. So this script writes Chinese and English ticket snippets in which
every personal value is known:

* **positives** -- mobiles of every current prefix (13x-19x, including
  16x/17x/19x) written plain, with ``+86``/``0086``/``86``, spaced, dashed,
  dotted and in full-width digits, and numbers of the segments the phone
  metadata does not type (146, 148, 149, 1740x-1749x) after a phone word;
  landlines with area codes; resident IDs with valid check characters (about
  a quarter ending in ``X``) and random county codes, some written 6-4-4-4,
  and 15-digit first-generation IDs after an ID word; 16- and 19-digit
  UnionPay cards (and some Visa/Mastercard/American Express) next to a card
  word; e-mail addresses; **customers' names** in the contexts that introduce
  them (姓名：…, 收件人 …, 客户…, …先生/女士, 我是… from a customer, Mr/Ms …,
  "name: …", "Dear …", "my name is …" from a customer), drawn from lists of
  surnames and given names written for this corpus (some rare ones the
  detector's tables do not hold);
* **hard negatives** -- order numbers (16-19 digit date-prefixed ones, some
  with a valid Luhn digit; Luhn-valid 16/19-digit ones with a UnionPay
  prefix; 11-digit ones that look like mobiles), tracking
  numbers, 13-digit millisecond timestamps, amounts, dates, 400/800/95xxx
  service numbers, ``工单#…`` ids, masked values (``138****5678``,
  ``3301**********123X``, ``6222 **** **** 0123``, ``z***@example.com``),
  IDs with a wrong check character, card numbers with a wrong Luhn digit, IP
  addresses, version numbers and product codes; and for names: agents
  introducing themselves (我是李娜 / "my name is Anna" written by an agent,
  客服小王), colleagues with their titles (客服专员张敏, 客服主管B), places
  (武汉市, 张家口), brands and products (华为售后, 李宁跑鞋), common words
  after 客户 (客户高兴地…, 客户马上…) and titles without a name (Dear Customer,
  这位女士).

Each snippet has a **speaker** -- the role of whoever wrote it (agent,
customer, or unknown as for a ticket's description): an agent's
self-introduction is a hard negative, a customer's "我是张伟" a name.

Standard library only (no Faker), everything drawn from one
``random.Random(seed)``: the same seed gives the same corpus, so the floors in
``tests/pii/test_corpus.py`` are stable. Run it to print the table that goes
into ``bench/RESULTS.md``::

    python bench/pii_corpus.py --snippets 5000 --seed 20251123

The scoring (:func:`evaluate`) compares, per snippet, the multiset of
``(kind, value)`` the detector returns with the labels; a value found with
the wrong kind counts against both kinds. A name's value is the name as
written (``张伟``; ``张先生`` for a surname with an honorific; ``John
Smith``), so a name found with one character too many or too few counts as
both a miss and a false positive.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

#: Detected kinds measured here (landline is reported but has no floor).
KINDS = ("mobile", "landline", "id", "card", "email", "name")

#: Mainland mobile prefixes in use (MIIT allocations, 2025).
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170",
    "171", "172", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
    "186", "187", "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199",
)
#: Segments MIIT allocated that the phone metadata does not type as mobile
#: (174 stands for 1740x-1749x).
RANGE_PREFIXES = ("146", "148", "149", "174")
AREA_CODES = (
    "010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0411", "0451", "0512",
    "0531", "0532", "0571", "0574", "0591", "0731", "0755", "0757", "0769", "0871", "0898",
)
PROVINCES = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_FULL_WIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")

SURNAMES = (
    "zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "ma",
    "zhu", "hu", "guo", "he", "lin",
)
GIVEN = (
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie",
    "tao", "ming", "chao", "xiu", "hua",
)
DOMAINS = (
    "qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "gmail.com", "outlook.com",
    "hotmail.com", "139.com", "yeah.net", "example.com", "shop.example.cn", "mail.example.com.cn",
)


#: Surnames for the names in the corpus: the common ones, and a few rare
#: single and compound ones.
ZH_SURNAMES_COMMON = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤"
)
ZH_SURNAMES_RARE = ("寇", "查", "相", "笪", "厍", "欧阳", "司马", "上官", "诸葛", "东方")
ZH_GIVEN = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "子涵", "欣怡", "梓涵", "浩然", "一诺",
    "宇轩", "梓萱", "思远", "建华", "志强", "海燕", "晓东", "丽娟", "文博", "雨桐", "俊杰",
    "嘉怡", "婉清", "诗琪", "浩宇", "子豪", "鑫", "博文", "天佑", "若曦", "紫萱", "梦琪", "晨阳",
    "泽宇", "嘉豪", "昊天", "沐宸", "语嫣", "可馨", "心怡", "艺涵", "铭轩", "佳琪", "春梅", "国庆",
    "建军", "卫东", "红梅", "玉兰", "素芬", "淑珍", "德胜", "志刚", "永福", "秋菊", "冬梅",
    "宏伟", "金凤", "凤英", "桂芳", "翠花", "二狗", "大伟", "小龙", "小红", "晓明", "立新",
    "兆麟", "彦祖", "颖", "雪", "斌", "鹏", "辉", "玲", "倩",
)
ZH_HONORIFICS = ("先生", "女士", "小姐")
EN_FIRST = ("John", "Mary", "David", "Emma", "Michael", "Sarah", "Anna", "James", "Linda",
            "Robert", "Wei", "Kevin", "Grace", "Tom", "Lucy", "Daniel", "Sophie", "Peter",
            "Olivia", "Chloe")
EN_LAST = ("Smith", "Johnson", "Brown", "Lee", "Wang", "Zhang", "Chen", "Garcia", "Miller",
           "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Young", "Hall", "O'Brien",
           "Nguyen", "Kim")
#: Places whose names start with a common surname (hard negatives).
PLACES = ("武汉", "张家口", "黄山", "常州", "温州", "金华", "苏州", "郑州", "沈阳", "石家庄",
          "马鞍山", "周口", "许昌", "高邮", "孟州", "韩城", "邵阳", "江门", "梅州", "龙岩", "余杭",
          "罗湖")
BRANDS = ("华为", "李宁", "苏宁", "方太", "周大福", "王老吉", "康师傅", "安踏", "金龙鱼",
          "顾家家居", "欧派", "小米", "格力", "海尔")


@dataclass
class Snippet:
    """One piece of ticket text and what is in it."""

    text: str
    lang: str
    #: Who wrote it: ``agent``, ``customer`` or None (unknown: a ticket field).
    speaker: str | None = None
    #: ``(kind, key)`` of every personal value: digits (landline with its
    #: trunk 0), the ID with an upper-case X, the e-mail in lower case.
    labels: list[tuple[str, str]] = field(default_factory=list)
    #: Names of the hard negatives placed in the text.
    negatives: list[str] = field(default_factory=list)


# -- values -----------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def luhn_digit(body: str) -> str:
    """The check digit that makes ``body + digit`` pass the Luhn test."""
    total = 0
    for position, char in enumerate(reversed(body)):
        d = int(char)
        if position % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def id_check(body: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


class Values:
    """Draws personal values and their look-alikes from one ``Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._prefix = 0

    def mobile(self) -> str:
        # Prefixes are dealt in turn so every one of them appears.
        prefix = MOBILE_PREFIXES[self._prefix % len(MOBILE_PREFIXES)]
        self._prefix += 1
        return prefix + _digits(self.rng, 8)

    def mobile_written(self, number: str) -> str:
        rng = self.rng
        a, b, c = number[:3], number[3:7], number[7:]
        form = rng.choice((
            "plain", "plain", "plain", "spaced", "dashed", "dotted", "plus86", "plus86_spaced",
            "plus86_dashed", "0086", "86_dashed", "paren86", "full", "full_dashed",
        ))
        return {
            "plain": number,
            "spaced": f"{a} {b} {c}",
            "dashed": f"{a}-{b}-{c}",
            "dotted": f"{a}.{b}.{c}",
            "plus86": f"+86{number}",
            "plus86_spaced": f"+86 {a} {b} {c}",
            "plus86_dashed": f"+86-{a}-{b}-{c}",
            "0086": f"0086 {number}",
            "86_dashed": f"86-{a}-{b}-{c}",
            "paren86": f"(+86){number}",
            "full": number.translate(_FULL_WIDTH),
            "full_dashed": f"{a}-{b}-{c}".translate(_FULL_WIDTH),
        }[form]

    def mobile_range(self) -> str:
        """A number of a segment the phone metadata does not type as mobile."""
        return self.rng.choice(RANGE_PREFIXES) + _digits(self.rng, 8)

    def old_id(self) -> str:
        """A 15-digit first-generation resident ID (region, YYMMDD, sequence)."""
        rng = self.rng
        region = rng.choice(PROVINCES) + f"{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
        return (region + f"{rng.randint(30, 98):02d}{rng.randint(1, 12):02d}"
                f"{rng.randint(1, 28):02d}" + _digits(rng, 3))

    def amex(self) -> str:
        body = self.rng.choice(("34", "37")) + _digits(self.rng, 12)
        return body + luhn_digit(body)

    def surname(self) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return rng.choice(ZH_SURNAMES_RARE)
        return rng.choice(ZH_SURNAMES_COMMON)

    def person(self) -> str:
        """A Chinese full name."""
        return self.surname() + self.rng.choice(ZH_GIVEN)

    def landline(self) -> tuple[str, str]:
        """(written form, key) of a landline with its area code."""
        rng = self.rng
        area = rng.choice(AREA_CODES)
        local = rng.choice("2345678") + _digits(rng, 7)
        form = rng.choice(("dashed", "paren", "spaced", "plus86", "ext"))
        written = {
            "dashed": f"{area}-{local}",
            "paren": f"({area}){local}",
            "spaced": f"{area} {local[:4]} {local[4:]}",
            "plus86": f"+86 {area[1:]} {local[:4]} {local[4:]}",
            "ext": f"{area}-{local}转{rng.randint(100, 8999)}",
        }[form]
        return written, area + local

    def resident_id(self, *, force_x: bool = False, valid: bool = True) -> str:
        rng = self.rng
        while True:
            region = rng.choice(PROVINCES) + f"{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
            year = rng.randint(1940, 2007)
            born = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            body = region + born + _digits(rng, 3)
            check = id_check(body)
            if force_x and check != "X":
                continue
            if not valid:
                check = rng.choice([c for c in "0123456789X" if c != check])
            return body + check

    def card(self, *, valid: bool = True) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            body = "62" + _digits(rng, 13)  # 16-digit UnionPay
        elif kind < 0.85:
            body = "62" + _digits(rng, 16)  # 19-digit UnionPay
        elif kind < 0.93:
            body = "4" + _digits(rng, 14)  # Visa
        else:
            body = "5" + rng.choice("12345") + _digits(rng, 13)  # Mastercard
        check = luhn_digit(body)
        if not valid:
            check = str((int(check) + rng.randint(1, 9)) % 10)
        return body + check

    def card_written(self, digits: str) -> str:
        form = self.rng.random()
        if form < 0.55:
            return digits
        groups = [digits[i: i + 4] for i in range(0, len(digits), 4)]
        return (" " if form < 0.85 else "-").join(groups)

    def email(self) -> str:
        rng = self.rng
        style = rng.random()
        name = rng.choice(SURNAMES) + rng.choice(("", ".", "_")) + rng.choice(GIVEN)
        if style < 0.25:
            local = name + str(rng.randint(1, 9999))
        elif style < 0.35:
            local = self.mobile()  # 13812345678@139.com
        elif style < 0.45:
            local = str(rng.randint(10000, 3999999999))  # QQ number
        else:
            local = name
        return f"{local}@{rng.choice(DOMAINS)}"

    # -- look-alikes --------------------------------------------------------

    def order_number(self) -> tuple[str, str]:
        rng = self.rng
        date = f"20{rng.randint(19, 25)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        style = rng.random()
        if style < 0.5:
            n = rng.randint(16, 19)
            body = date + _digits(rng, n - 9)
            number = body + luhn_digit(body) if rng.random() < 0.5 else body + _digits(rng, 1)
            return number, "order_date_prefixed"
        if style < 0.6:
            body = "62" + _digits(rng, rng.choice((13, 16)))  # Luhn-valid, card-like
            return body + luhn_digit(body), "order_card_like"
        if style < 0.7:
            return rng.choice(MOBILE_PREFIXES) + _digits(rng, 8), "order_mobile_like"
        if style < 0.85:
            return date + _digits(rng, rng.randint(4, 8)), "order_short"
        return "E" + date + _digits(rng, 6), "order_lettered"

    def tracking_number(self) -> str:
        rng = self.rng
        return rng.choice((
            "SF" + _digits(rng, 12),
            "YT" + _digits(rng, 13),
            "JDVA" + _digits(rng, 11),
            "EA" + _digits(rng, 9) + "CN",
            "7" + _digits(rng, 14),
            "75" + _digits(rng, 12),
            rng.choice(MOBILE_PREFIXES) + _digits(rng, 8),
        ))

    def timestamp_ms(self) -> str:
        return str(self.rng.randint(1_600_000_000_000, 1_767_000_000_000))

    def amount(self) -> str:
        rng = self.rng
        value = rng.randint(1, 99_999_999)
        return rng.choice((
            f"¥{value / 100:,.2f}",
            f"{value / 100:.2f}元",
            f"{value}元",
            f"${value / 100:,.2f}",
            f"RMB {value:,}",
        ))

    def date(self) -> str:
        rng = self.rng
        y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        h, mi = rng.randint(0, 23), rng.randint(0, 59)
        return rng.choice((
            f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
            f"{y}/{m:02d}/{d:02d} {h:02d}:{mi:02d}:{rng.randint(0, 59):02d}",
            f"{y}年{m}月{d}日",
            f"{y}{m:02d}{d:02d}",
            f"{y}-{m:02d}-{d:02d}{h:02d}:{mi:02d}",
        ))

    def service_number(self) -> str:
        rng = self.rng
        return rng.choice((
            f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            f"400{rng.randint(1000000, 9999999)}",
            f"800-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            f"95{rng.randint(100, 999)}",
            f"95{rng.randint(100000, 999999)}",
            rng.choice(("10086", "10010", "10000", "12315", "12345")),
        ))

    def ticket_id(self) -> str:
        rng = self.rng
        date = f"2025{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        return rng.choice((
            f"工单#GD{date}-{rng.randint(1, 9999):04d}",
            f"工单#{date}{rng.randint(1, 99999):05d}",
            f"工单号 {date}{rng.randint(100000, 999999)}",
        ))

    def other(self) -> str:
        """IP addresses, version numbers, product codes."""
        rng = self.rng
        return rng.choice((
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"{rng.randint(1, 19)}.{rng.randint(0, 99)}.{rng.randint(0, 9999)}",
            f"{rng.choice(MOBILE_PREFIXES)}{_digits(rng, 8)}A",
            f"SKU-{_digits(rng, 12)}",
        ))

    def masked(self) -> str:
        rng = self.rng
        phone = self.mobile()
        return rng.choice((
            phone[:3] + "****" + phone[-4:],
            phone[:3] + " **** " + phone[-4:],
            phone[:3] + "＊＊＊＊" + phone[-4:],
            phone[:3] + "xxxx" + phone[-4:],
            "尾号" + phone[-4:],
            self.resident_id()[:4] + "*" * 10 + self.resident_id()[-4:],
            "6222 **** **** " + _digits(rng, 4),
            rng.choice(SURNAMES)[0] + "***@" + rng.choice(DOMAINS),
        ))


# -- sentences ----------------------------------------------------------------

POSITIVE = {
    "zh": {
        "mobile": ("我的手机号是{v}，麻烦尽快回电。", "联系电话{v}", "请拨打{v}联系我，谢谢",
                   "客户留的号码：{v}", "{v}是我的新号码", "手机{v}（白天可打）",
                   "收件人电话：{v}，地址不变", "客户要求改用{v}联系", "新号码【{v}】",
                   "电话:“{v}”", "订单收货人手机{v}", "工单里客户留的电话是{v}"),
        "landline": ("座机{v}", "公司电话：{v}，找王经理", "客户留了固话{v}", "{v}白天有人接"),
        "id": ("身份证号{v}", "证件号码：{v}，请核实", "我的身份证是{v}，实名认证一直失败",
               "客户提供身份证{v}办理退保"),
        "card": ("退款请打到银行卡{v}", "卡号：{v}", "信用卡{v}被扣款两次", "我的储蓄卡号{v}",
                 "退到这张卡{v}，开户行招商银行"),
        "email": ("邮箱{v}", "请把发票发到{v}", "发送至{v}谢谢", "客户邮箱：{v}，已发送说明"),
    },
    "en": {
        "mobile": ("You can reach me on {v}.", "My phone number is {v}", "Call me at {v} after 6pm",
                   "new mobile: {v}", "please text {v} when shipped", "Tel:{v}", "(mobile {v})"),
        "landline": ("office phone {v}", "Call our office at {v}", "landline: {v}"),
        "id": ("ID number: {v}", "my resident ID is {v}", "ID {v} for verification"),
        "card": ("Please refund to my card {v}", "card number {v}", "charged twice on card {v}",
                 "bank account {v}"),
        "email": ("Email me at {v}", "my email is {v}.", "send the invoice to {v}"),
    },
}

NEGATIVE = {
    "zh": {
        "order": ("订单号{v}一直没有发货", "订单{v}申请退款", "单号：{v}", "工单{v}已转技术"),
        "tracking": ("运单号：{v}", "快递单号{v}显示已签收", "物流单号{v}三天没更新"),
        "timestamp": ("时间戳{v}", "日志时间{v}ms", "回调时间戳：{v}"),
        "amount": ("退款金额{v}", "共支付{v}", "差价{v}已退回"),
        "date": ("下单时间{v}", "预计{v}送达", "{v}已处理"),
        "service": ("请拨打客服热线{v}", "可致电{v}咨询", "银行客服{v}"),
        "ticket": ("{v}已关闭", "关联{v}", "见{v}"),
        "masked": ("客户手机{v}", "证件{v}已核验", "卡号{v}", "邮箱{v}", "联系方式：{v}"),
        "bad_id": ("身份证号{v}",),
        "bad_card": ("卡号：{v}", "银行卡{v}"),
        "other": ("服务器IP {v}", "APP版本{v}", "商品编码{v}"),
    },
    "en": {
        "order": ("Order {v} has not shipped", "order no. {v}", "re: order #{v}"),
        "tracking": ("tracking number {v}", "parcel {v} is stuck"),
        "timestamp": ("event ts={v}", "timestamp {v}"),
        "amount": ("refund of {v}", "charged {v}"),
        "date": ("ordered on {v}", "delivered {v}"),
        "service": ("call our hotline {v}", "hotline: {v}"),
        "ticket": ("see {v}", "{v} closed"),
        "masked": ("phone {v}", "card {v}", "email {v}"),
        "bad_id": ("ID number: {v}",),
        "bad_card": ("card number {v}",),
        "other": ("server ip {v}", "app version {v}", "SKU {v}"),
    },
}

#: Templates for names: (template, form, speakers that may write it). The
#: form says what fills ``{v}``: ``full`` a full name (label: the name),
#: ``honorific`` a surname with 先生/女士/小姐 (label: that), ``last`` /
#: ``first`` an English surname / first name. ``{a}`` is an agent's own name.
ANY = (None, "agent", "customer")
NAME_TEMPLATES = {
    "zh": (
        ("姓名：{v}，电话稍后补充", "full", ANY), ("收件人：{v}，地址不变", "full", ANY),
        ("收货人 {v} 电话未接通", "full", ANY), ("联系人：{v}", "full", ANY),
        ("寄件人{v}要求改地址", "full", ANY), ("持卡人{v}申请挂失", "full", ANY),
        ("投保人：{v}", "full", ANY), ("申请人：{v}（已核实）", "full", ANY),
        ("客户{v}来电反映无法登录", "full", ANY), ("客户{v}称包裹未收到", "full", ANY),
        ("用户{v}反馈APP闪退", "full", ANY), ("顾客{v}要求退货", "full", ANY),
        ("客户{v}说已经等了三天", "full", ANY), ("会员{v}的积分没有到账", "full", ANY),
        ("客户{v}，订单号见附件", "full", ANY), ("客户{v}对处理结果不满意", "full", ANY),
        ("{v}先生要求尽快回电", "full", ANY), ("{v}女士的快递已签收", "full", ANY),
        ("请转告{v}先生明天来取", "full", ANY), ("已联系{v}女士，她同意换货", "full", ANY),
        ("{v}要求尽快回电", "honorific", ANY), ("{v}表示理解", "honorific", ANY),
        ("已回电{v}，对方同意换货", "honorific", ANY), ("{v}的订单已取消", "honorific", ANY),
        ("{v}您好，我是客服{a}，很高兴为您服务", "honorific", ("agent",)),
        ("您好，我是{v}，订单一直没到", "full", (None, "customer")),
        ("我叫{v}，上周买的耳机坏了", "full", (None, "customer")),
        ("本人{v}，申请退款", "full", (None, "customer")),
    ),
    "en": (
        ("name: {v}", "full", ANY), ("Customer name: {v}", "full", ANY),
        ("recipient: {v}, same address", "full", ANY),
        ("Mr. {v} called about the refund", "last", ANY),
        ("Ms {v} wants a replacement", "last", ANY),
        ("Mrs. {v} asked for a call back", "last", ANY),
        ("Dear {v}, sorry for the delay.", "first", ANY),
        ("my name is {v} and my order is late", "full", (None, "customer")),
    ),
}
#: Hard negatives for names: (template, sub-kind, speakers). ``{a}`` an agent's
#: name, ``{ea}`` an agent's English first name, ``{s}`` a surname, ``{p}`` a
#: place, ``{b}`` a brand.
NAME_NEGATIVES = {
    "zh": (
        ("您好，我是{a}，很高兴为您服务", "agent_intro", ("agent",)),
        ("您好，这里是售后服务部，我是{a}", "agent_intro", ("agent",)),
        ("我是{a}，这个问题我来跟进", "agent_intro", ("agent",)),
        ("客服小{s}为您服务", "agent_nickname", ANY),
        ("您好，我是客服小{s}", "agent_nickname", ANY),
        ("客服专员{a}已回电", "colleague", ANY), ("已转交售后专员{a}处理", "colleague", ANY),
        ("已上报客服主管B", "colleague", ANY), ("技术工程师{a}上门检测", "colleague", ANY),
        ("客服主管{a}已介入", "colleague", ANY), ("由负责人{a}跟进", "colleague", ANY),
        ("收货地址：{p}市中山路1号", "place", ANY), ("客户在{p}出差", "place", ANY),
        ("寄往{p}", "place", ANY), ("收件地址 {p}区", "place", ANY),
        ("联系人：{p}分公司前台", "place", ANY), ("客户所在地：{p}", "place", ANY),
        ("客户购买的{b}跑鞋", "brand", ANY), ("联系人：{b}售后", "brand", ANY),
        ("{b}旗舰店发货", "brand", ANY), ("客户用的是{b}手机", "brand", ANY),
        ("客户高兴地表示满意", "word", ANY), ("客户马上到店", "word", ANY),
        ("客户白天不在家", "word", ANY), ("客户方便时请回电", "word", ANY),
        ("客户严重不满", "word", ANY), ("客户黄金会员权益已恢复", "word", ANY),
        ("客户于是申请退款", "word", ANY), ("客户陆续收到两个包裹", "word", ANY),
        ("客户申请退款", "word", ANY), ("客户付款成功", "word", ANY),
        ("用户高度评价", "word", ANY), ("客户宁愿退款", "word", ANY),
        ("谢谢先生", "title_word", ANY), ("这位女士请稍等", "title_word", ANY),
        ("老先生不会用APP", "title_word", ANY),
    ),
    "en": (
        ("my name is {ea}, how can I help you today?", "agent_intro", ("agent",)),
        ("Hi, this is {ea} from support.", "agent_intro", ANY),
        ("Dear Customer, your refund is on the way.", "en_generic", ANY),
        ("Dear Sir or Madam,", "en_generic", ANY), ("product name: Galaxy S24", "en_generic", ANY),
        ("file name: Report Q3", "en_generic", ANY),
        ("Dr. Martens boots, size 42", "en_generic", ANY),
    ),
}

FILLERS = {
    "zh": ("APP无法登录，", "收到的商品与描述不符。", "客户来电咨询保修期。", "", "",
           "已联系客户，", "客户情绪激动，", "麻烦尽快处理。", "谢谢！", "售后检测中，"),
    "en": ("The app keeps crashing. ", "", "", "Thanks! ", "Customer called about warranty. ",
           "Please help asap. ", "Item arrived damaged. "),
}


#: Templates for a mobile-range number: each with a phone word before it.
RANGE_TEMPLATES = {
    "zh": ("手机{v}", "联系电话：{v}", "客户留的号码：{v}", "请致电{v}", "联系方式 {v}",
           "收件人电话{v}"),
    "en": ("phone: {v}", "Tel {v}", "my mobile is {v}", "call me on {v}"),
}
#: Templates for a 15-digit ID: each with an ID word before it.
OLD_ID_TEMPLATES = {
    "zh": ("老身份证号{v}", "身份证：{v}（一代证）", "证件号码 {v}"),
    "en": ("old ID number {v}", "identity card {v}"),
}


def _positive(values: Values, kind: str, lang: str) -> tuple[str, str, str | None]:
    """(written form, label key, template or None) of one personal value of ``kind``.

    The template is given where the form needs its own (a phone word before a
    mobile-range number, an ID word before a 15-digit ID).
    """
    rng = values.rng
    if kind == "mobile":
        if rng.random() < 0.1:
            number = values.mobile_range()
            written = rng.choice((number, f"{number[:3]} {number[3:7]} {number[7:]}",
                                  f"+86 {number}"))
            return written, number, rng.choice(RANGE_TEMPLATES[lang])
        number = values.mobile()
        return values.mobile_written(number), number, None
    if kind == "landline":
        return (*values.landline(), None)
    if kind == "id":
        form = rng.random()
        if form < 0.08:
            value = values.old_id()
            return value, value, rng.choice(OLD_ID_TEMPLATES[lang])
        value = values.resident_id(force_x=rng.random() < 0.25)
        written = value.lower() if value.endswith("X") and rng.random() < 0.2 else value
        if form < 0.18:
            written = f"{written[:6]} {written[6:14]} {written[14:]}"
        elif form < 0.26:
            written = f"{written[:6]} {written[6:10]} {written[10:14]} {written[14:]}"
        return written, value, None
    if kind == "card":
        if rng.random() < 0.06:
            digits = values.amex()
            written = rng.choice((digits, f"{digits[:4]} {digits[4:10]} {digits[10:]}"))
            return written, digits, None
        digits = values.card()
        return values.card_written(digits), digits, None
    address = values.email()
    return address, address.lower(), None


def _fill(values: Values, template: str, form: str) -> tuple[str, str | None]:
    """A name template filled in, and the name's label (None for a negative)."""
    rng = values.rng
    fields = {
        "a": values.person(), "ea": rng.choice(EN_FIRST), "s": values.surname(),
        "p": rng.choice(PLACES), "b": rng.choice(BRANDS),
    }
    if form == "full":
        value = values.person() if _is_zh(template) else f"{rng.choice(EN_FIRST)} " \
            f"{rng.choice(EN_LAST)}"
    elif form == "honorific":
        value = values.surname() + rng.choice(ZH_HONORIFICS)
    elif form == "last":
        value = rng.choice(EN_LAST)
    elif form == "first":
        value = rng.choice(EN_FIRST)
    else:
        return template.format(v="", **fields), None
    return template.format(v=value, **fields), value


def _is_zh(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _name(values: Values, lang: str, speaker: str | None, positive: bool
          ) -> tuple[str, str]:
    """(text, label or sub-kind) of a name template the speaker may write."""
    rng = values.rng
    if positive:
        template, form, _ = rng.choice([t for t in NAME_TEMPLATES[lang] if speaker in t[2]])
        text, value = _fill(values, template, form)
        assert value is not None
        return text, value
    template, sub, _ = rng.choice([t for t in NAME_NEGATIVES[lang] if speaker in t[2]])
    return _fill(values, template, "negative")[0], sub


def _negative(values: Values, name: str) -> tuple[str, str]:
    """(written form, sub-kind) of one hard negative."""
    if name == "order":
        return values.order_number()
    if name == "tracking":
        return values.tracking_number(), name
    if name == "timestamp":
        return values.timestamp_ms(), name
    if name == "amount":
        return values.amount(), name
    if name == "date":
        return values.date(), name
    if name == "service":
        return values.service_number(), name
    if name == "ticket":
        return values.ticket_id(), name
    if name == "masked":
        return values.masked(), name
    if name == "bad_id":
        return values.resident_id(valid=False), name
    if name == "other":
        return values.other(), name
    return values.card_written(values.card(valid=False)), name


#: How often each kind of positive and negative is drawn.
POSITIVE_WEIGHTS = {"mobile": 5, "landline": 2, "id": 4, "card": 4, "email": 4, "name": 5}
NEGATIVE_WEIGHTS = {
    "order": 5, "tracking": 3, "timestamp": 2, "amount": 2, "date": 2, "service": 2,
    "ticket": 2, "masked": 4, "bad_id": 2, "bad_card": 2, "other": 2, "name": 6,
}
#: Who writes a snippet: unknown (a ticket field), an agent or a customer.
SPEAKERS = {None: 60, "agent": 20, "customer": 20}


def generate(count: int, seed: int) -> list[Snippet]:
    """``count`` labelled snippets, fully determined by ``seed``.

    About two snippets in three hold a personal value, most hold a hard
    negative, some hold both (and a few two of either), so the detector must
    tell them apart within one text.
    """
    rng = random.Random(seed)
    values = Values(rng)
    pos_kinds, pos_w = zip(*POSITIVE_WEIGHTS.items(), strict=True)
    neg_kinds, neg_w = zip(*NEGATIVE_WEIGHTS.items(), strict=True)
    out: list[Snippet] = []
    for _ in range(count):
        lang = "zh" if rng.random() < 0.7 else "en"
        speaker = rng.choices(list(SPEAKERS), weights=list(SPEAKERS.values()))[0]
        parts: list[str] = []
        snippet = Snippet("", lang, speaker)
        n_pos = rng.choices((0, 1, 2), weights=(35, 55, 10))[0]
        n_neg = rng.choices((0, 1, 2), weights=(25, 60, 15))[0]
        items = ["+"] * n_pos + ["-"] * n_neg
        rng.shuffle(items)
        for item in items:
            if item == "+":
                kind = rng.choices(pos_kinds, weights=pos_w)[0]
                if kind == "name":
                    written, key = _name(values, lang, speaker, positive=True)
                    template = "{v}"
                else:
                    written, key, own = _positive(values, kind, lang)
                    template = own or rng.choice(POSITIVE[lang][kind])
                snippet.labels.append((kind, key))
            else:
                name = rng.choices(neg_kinds, weights=neg_w)[0]
                if name == "name":
                    written, sub = _name(values, lang, speaker, positive=False)
                    template = "{v}"
                else:
                    written, sub = _negative(values, name)
                    template = rng.choice(NEGATIVE[lang][name])
                snippet.negatives.append(sub)
            parts.append(rng.choice(FILLERS[lang]) + template.format(v=written))
        if not parts:
            parts.append(rng.choice(FILLERS[lang]) or "客户咨询物流进度。")
        joiner = "，" if lang == "zh" else " "
        snippet.text = joiner.join(parts)
        out.append(snippet)
    return out


# -- scoring ------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


#: ``detector(text, speaker)`` -> ``(kind, key)`` pairs in the label format.
Detector = Callable[[str, "str | None"], Iterable[tuple[str, str]]]


def evaluate(snippets: Iterable[Snippet], detector: Detector) -> tuple[dict[str, Score], Counter]:
    """Per-kind scores, and which hard negatives caused false positives.

    ``detector(text, speaker)`` yields ``(kind, key)`` pairs in the label format.
    """
    scores = {kind: Score() for kind in KINDS}
    blamed: Counter[str] = Counter()
    for snippet in snippets:
        expected = Counter(snippet.labels)
        found = Counter(detector(snippet.text, snippet.speaker))
        for item, n in (found & expected).items():
            scores[item[0]].tp += n
        for item, n in (found - expected).items():
            scores.setdefault(item[0], Score()).fp += n
            for name in snippet.negatives or ["(no negative)"]:
                blamed[name] += n
        for item, n in (expected - found).items():
            scores[item[0]].fn += n
    return scores, blamed


def svccheck_detector(text: str, speaker: str | None = None) -> list[tuple[str, str]]:
    """svccheck's own detector (STRICT, as ``privacy.pii-in-text`` runs it), in the label format."""
    from svccheck.pii import STRICT, detect

    options = STRICT if speaker is None else replace(STRICT, speaker=speaker)
    return [(d.kind, d.key) for d in detect(text, options)]


def markdown(scores: dict[str, Score], blamed: Counter, snippets: list[Snippet], seed: int) -> str:
    """The ``## PII detection`` table for ``bench/RESULTS.md``."""
    negatives = Counter(n for s in snippets for n in s.negatives)
    lines = [
        f"Corpus: `python bench/pii_corpus.py --snippets {len(snippets)} --seed {seed}` -- "
        f"{len(snippets)} snippets ({sum(s.lang == 'zh' for s in snippets)} Chinese, "
        f"{sum(s.lang == 'en' for s in snippets)} English; "
        f"{sum(s.speaker == 'agent' for s in snippets)} written by an agent, "
        f"{sum(s.speaker == 'customer' for s in snippets)} by a customer), "
        f"{sum(len(s.labels) for s in snippets)} personal values, "
        f"{sum(negatives.values())} hard negatives.",
        "",
        "| type | values | found | false positives | missed | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        s = scores[kind]
        lines.append(
            f"| {kind} | {s.support} | {s.tp} | {s.fp} | {s.fn} | "
            f"{s.precision:.4f} | {s.recall:.4f} |"
        )
    lines += ["", "Hard negatives in the corpus (and false positives in snippets holding one):", ""]
    lines += ["| negative | count | in a snippet with a false positive |", "|---|---:|---:|"]
    for name, n in sorted(negatives.items()):
        lines.append(f"| {name} | {n} | {blamed.get(name, 0)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snippets", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20251123)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print up to N snippets the detector got wrong (stderr)")
    args = parser.parse_args(argv)
    snippets = generate(args.snippets, args.seed)
    scores, blamed = evaluate(snippets, svccheck_detector)
    if args.show_errors:
        shown = 0
        for s in snippets:
            found = Counter(svccheck_detector(s.text, s.speaker))
            if found != Counter(s.labels) and shown < args.show_errors:
                shown += 1
                print(f"{s.text!r} ({s.speaker})\n  expected {sorted(s.labels)}\n"
                      f"  found    {sorted(found)}",
                      file=sys.stderr)
    sys.stdout.write(markdown(scores, blamed, snippets, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
