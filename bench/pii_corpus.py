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
  dotted and in full-width digits; landlines with area codes; resident IDs
  with valid check characters (about a quarter ending in ``X``) and random
  county codes; 16- and 19-digit UnionPay cards (and some Visa/Mastercard)
  next to a card word; e-mail addresses;
* **hard negatives** -- order numbers (16-19 digit date-prefixed ones, some
  with a valid Luhn digit; Luhn-valid 16/19-digit ones with a UnionPay
  prefix; 11-digit ones that look like mobiles), tracking
  numbers, 13-digit millisecond timestamps, amounts, dates, 400/800/95xxx
  service numbers, ``工单#…`` ids, masked values (``138****5678``,
  ``3301**********123X``, ``6222 **** **** 0123``, ``z***@example.com``),
  IDs with a wrong check character, card numbers with a wrong Luhn digit, IP
  addresses, version numbers and product codes.

Standard library only (no Faker), everything drawn from one
``random.Random(seed)``: the same seed gives the same corpus, so the floors in
``tests/pii/test_corpus.py`` are stable. Run it to print the table that goes
into ``bench/RESULTS.md``::

    python bench/pii_corpus.py --snippets 5000 --seed 20251123

The scoring (:func:`evaluate`) compares, per snippet, the multiset of
``(kind, value)`` the detector returns with the labels; a value found with
the wrong kind counts against both kinds.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: Detected kinds measured here (landline is reported but has no floor).
KINDS = ("mobile", "landline", "id", "card", "email")

#: Mainland mobile prefixes in use (MIIT allocations, 2025).
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170",
    "171", "172", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
    "186", "187", "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199",
)
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


@dataclass
class Snippet:
    """One piece of ticket text and what is in it."""

    text: str
    lang: str
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

FILLERS = {
    "zh": ("APP无法登录，", "收到的商品与描述不符。", "客户来电咨询保修期。", "", "",
           "已联系客户，", "客户情绪激动，", "麻烦尽快处理。", "谢谢！", "售后检测中，"),
    "en": ("The app keeps crashing. ", "", "", "Thanks! ", "Customer called about warranty. ",
           "Please help asap. ", "Item arrived damaged. "),
}


def _positive(values: Values, kind: str) -> tuple[str, str]:
    """(written form, label key) of one personal value of ``kind``."""
    rng = values.rng
    if kind == "mobile":
        number = values.mobile()
        return values.mobile_written(number), number
    if kind == "landline":
        return values.landline()
    if kind == "id":
        value = values.resident_id(force_x=rng.random() < 0.25)
        written = value.lower() if value.endswith("X") and rng.random() < 0.2 else value
        if rng.random() < 0.1:
            written = f"{written[:6]} {written[6:14]} {written[14:]}"
        return written, value
    if kind == "card":
        digits = values.card()
        return values.card_written(digits), digits
    address = values.email()
    return address, address.lower()


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
POSITIVE_WEIGHTS = {"mobile": 5, "landline": 2, "id": 4, "card": 4, "email": 4}
NEGATIVE_WEIGHTS = {
    "order": 5, "tracking": 3, "timestamp": 2, "amount": 2, "date": 2, "service": 2,
    "ticket": 2, "masked": 4, "bad_id": 2, "bad_card": 2, "other": 2,
}


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
        parts: list[str] = []
        snippet = Snippet("", lang)
        n_pos = rng.choices((0, 1, 2), weights=(35, 55, 10))[0]
        n_neg = rng.choices((0, 1, 2), weights=(25, 60, 15))[0]
        items = ["+"] * n_pos + ["-"] * n_neg
        rng.shuffle(items)
        for item in items:
            if item == "+":
                kind = rng.choices(pos_kinds, weights=pos_w)[0]
                written, key = _positive(values, kind)
                template = rng.choice(POSITIVE[lang][kind])
                snippet.labels.append((kind, key))
            else:
                name = rng.choices(neg_kinds, weights=neg_w)[0]
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


Detector = Callable[[str], Iterable[tuple[str, str]]]


def evaluate(snippets: Iterable[Snippet], detector: Detector) -> tuple[dict[str, Score], Counter]:
    """Per-kind scores, and which hard negatives caused false positives.

    ``detector(text)`` yields ``(kind, key)`` pairs in the label format.
    """
    scores = {kind: Score() for kind in KINDS}
    blamed: Counter[str] = Counter()
    for snippet in snippets:
        expected = Counter(snippet.labels)
        found = Counter(detector(snippet.text))
        for item, n in (found & expected).items():
            scores[item[0]].tp += n
        for item, n in (found - expected).items():
            scores.setdefault(item[0], Score()).fp += n
            for name in snippet.negatives or ["(no negative)"]:
                blamed[name] += n
        for item, n in (expected - found).items():
            scores[item[0]].fn += n
    return scores, blamed


def svccheck_detector(text: str) -> list[tuple[str, str]]:
    """svccheck's own detector, in the label format."""
    from svccheck.pii import detect

    return [(d.kind, d.key) for d in detect(text)]


def markdown(scores: dict[str, Score], blamed: Counter, snippets: list[Snippet], seed: int) -> str:
    """The ``## PII detection`` table for ``bench/RESULTS.md``."""
    negatives = Counter(n for s in snippets for n in s.negatives)
    lines = [
        f"Corpus: `python bench/pii_corpus.py --snippets {len(snippets)} --seed {seed}` -- "
        f"{len(snippets)} snippets ({sum(s.lang == 'zh' for s in snippets)} Chinese, "
        f"{sum(s.lang == 'en' for s in snippets)} English), "
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
            found = Counter(svccheck_detector(s.text))
            if found != Counter(s.labels) and shown < args.show_errors:
                shown += 1
                print(f"{s.text!r}\n  expected {sorted(s.labels)}\n  found    {sorted(found)}",
                      file=sys.stderr)
    sys.stdout.write(markdown(scores, blamed, snippets, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
