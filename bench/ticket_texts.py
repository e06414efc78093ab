"""Ticket texts drawn anew for every ticket, as real exports hold them.

Why this module exists: an export whose descriptions come from a few dozen
fixed sentences lets any per-value cache make text checks free, so a
benchmark on it says nothing about a real export, where every customer
writes their own words, quotes their own order and tracking numbers,
amounts and times, and now and then their phone number or ID. The generator
(``generate.py``) builds each ticket's description, resolution, remarks,
contact and chat messages from the pieces here, drawn with the ticket's own
random numbers:

* a description is the case's sentence (``CASES`` in ``generate.py``) with
  the product it concerns and, independently, an order number (about 25%
  of tickets), a tracking number (12%), an amount (15%) or a time (12%):
  about half of the descriptions quote a number of that kind;
* resolutions add a refund amount, a new tracking number or a promised
  date to the case's answer about a third of the time;
* a personal value (mobile, landline, resident ID, bank card, e-mail, name,
  each in the forms :data:`PERSONAL_FORMS` lists) is written only where the
  generator plants a ``pii_in_text`` violation, and is valid where it must
  be (ID check characters and birth dates, Luhn check digits, mobile
  segments);
* contacts come in the forms exports hold (:func:`masked_contact`).

Standard library only, like the generator.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

#: Goods a ticket is about.
PRODUCTS: tuple[str, ...] = (
    "蓝牙耳机", "无线耳机", "智能手表", "运动手环", "手机", "平板电脑", "笔记本电脑", "机械键盘",
    "无线鼠标", "显示器", "路由器", "移动电源", "充电器", "数据线", "电饭煲", "空气炸锅",
    "电热水壶", "破壁机", "扫地机器人", "吸尘器", "空调", "冰箱", "洗衣机", "热水器", "电视",
    "投影仪", "吹风机", "电动牙刷", "剃须刀", "加湿器", "净水器", "台灯", "行李箱", "双肩包",
    "运动鞋", "羽绒服", "床上四件套", "保温杯", "咖啡机", "儿童座椅", "婴儿推车", "奶粉",
    "洗发水", "面霜", "猫粮", "打印机", "相机", "游戏手柄",
)
COLOURS: tuple[str, ...] = ("黑色", "白色", "银色", "灰色", "蓝色", "粉色", "绿色", "金色", "")
#: How a customer adds to the case's sentence (no personal data, no order words).
ASIDES: tuple[str, ...] = (
    "", "", "", "", "麻烦尽快处理", "已经等了{n}天", "这是第{n}次联系客服了", "希望今天能给答复",
    "之前已经反馈过", "家里老人着急用", "请帮忙看一下", "周末前需要用", "朋友推荐买的",
    "第一次遇到这种情况", "买了{n}件", "用了不到{n}周",
)
ORDER_LEADS: tuple[str, ...] = ("订单号", "订单号：", "订单", "单号", "订单编号", "订单号是")
TRACKING_LEADS: tuple[str, ...] = ("快递单号", "运单号：", "物流单号", "快递", "运单号")
CARRIERS: tuple[str, ...] = ("SF", "YT", "ZTO", "JT", "YD", "JD")
AMOUNT_FORMS: tuple[str, ...] = (
    "支付了{a}元", "实付¥{a}", "退款金额{a}元", "花了{a}元", "差价{a}元", "运费{a}元",
)
RESOLUTION_DETAILS: tuple[str, ...] = (
    "退款{a}元已原路退回", "已补偿{a}元优惠券", "新运单号{t}", "预计{d}前送达", "预计{d}前处理完毕",
    "已于{d}回电说明",
)
#: Things said in a chat between the first reply and the answer.
CUSTOMER_LINES: tuple[str, ...] = (
    "订单号是{o}，麻烦帮我看一下", "快递单号{t}，一直没有更新", "我是{w}下的单", "已经付了{a}元",
    "好的，我等您消息", "大概什么时候能处理好？", "能不能快一点，{p}急着用", "图片已经发过去了",
    "好的", "那我再等等", "是{p}，{c}的",
)
AGENT_LINES: tuple[str, ...] = (
    "好的，已为您查到订单{o}，正在核实", "收到，我这边马上为您核实",
    "已为您登记，预计{d}前给您答复", "请您稍等，我帮您联系仓库",
    "麻烦您提供一下商品照片，方便我们核实", "已为您催促处理，请您留意短信通知",
    "查询到运单{t}目前在转运中", "已为您申请{a}元补偿，请注意查收",
)

#: Provinces (GB/T 2260) and a county of each, for resident IDs.
ID_REGIONS: tuple[str, ...] = (
    "110101", "110105", "120101", "130102", "140105", "210102", "220102", "310101", "310115",
    "320102", "320583", "330106", "330205", "340103", "350203", "360102", "370102", "410105",
    "420106", "430104", "440106", "440305", "450103", "500103", "510107", "520102", "530102",
    "610113", "620102",
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: Area codes and the length of their local numbers.
LANDLINE_AREAS: tuple[tuple[str, int], ...] = (
    ("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("025", 8), ("028", 8),
    ("027", 8), ("0512", 8), ("0532", 8),
)
MAIL_DOMAINS: tuple[str, ...] = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com",
                                 "sina.com", "foxmail.com")
PINYIN: tuple[str, ...] = ("zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou",
                           "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘"
            "蒋蔡余杜叶程魏苏吕丁沈任姚卢")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "霞", "平", "刚", "桂英", "建国", "文", "佳", "欣怡", "子涵", "浩")
NAME_LABELS: tuple[str, ...] = ("姓名：", "联系人：", "收件人", "收货人：", "持卡人")
HONORIFICS: tuple[str, ...] = ("先生", "女士", "小姐")

#: The forms a planted personal value takes, dealt out in turn (``VARIANTS``).
PERSONAL_FORMS: tuple[str, ...] = (
    "mobile", "mobile_grouped", "mobile_plus86", "mobile_fullwidth", "mobile_146",
    "landline", "landline_grouped", "id", "id_spaced", "id_fours", "id_15",
    "card", "card_grouped", "card_amex", "email", "name_label", "name_honorific", "name_role",
)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def order_number(rng: random.Random, created: datetime) -> str:
    """An order number: date-prefixed (16-18 digits), 12 digits, or 19 digits."""
    x = rng.random()
    if x < 0.5:
        return f"{created:%Y%m%d}{_digits(rng, rng.choice((8, 9, 10)))}"
    if x < 0.75:
        return str(rng.randrange(10**11, 10**12))
    return str(rng.randrange(2 * 10**18, 4 * 10**18))


def tracking_number(rng: random.Random) -> str:
    """A carrier's tracking number: letters and 12-13 digits, or 14-15 digits."""
    if rng.random() < 0.7:
        return rng.choice(CARRIERS) + _digits(rng, rng.choice((12, 13)))
    return rng.choice("7") + _digits(rng, rng.choice((13, 14)))


def amount(rng: random.Random) -> str:
    """An amount in yuan: ``89``, ``1299.00``, ``1,299.50``."""
    value = rng.choice((rng.randrange(9, 300), rng.randrange(100, 9000)))
    x = rng.random()
    if x < 0.4:
        return str(value)
    cents = rng.choice(("00", "50", "90", f"{rng.randrange(100):02d}"))
    if value >= 1000 and x < 0.6:
        return f"{value // 1000},{value % 1000:03d}.{cents}"
    return f"{value}.{cents}"


def time_text(rng: random.Random, created: datetime) -> str:
    """When something happened, as customers write it."""
    t = created - timedelta(minutes=rng.randrange(30, 4 * 24 * 60))
    x = rng.random()
    if x < 0.35:
        return f"{t.month}月{t.day}日{t.hour}:{t.minute:02d}"
    if x < 0.7:
        return f"{t:%Y-%m-%d %H:%M}"
    if x < 0.85:
        return f"{t:%Y-%m-%d %H:%M:%S}"
    return f"{t.month}月{t.day}日"


def promised_date(rng: random.Random, base: datetime) -> str:
    t = base + timedelta(days=rng.randrange(1, 5))
    return f"{t.month}月{t.day}日"


def describe(rng: random.Random, sentence: str, created: datetime) -> str:
    """A description of one ticket: the case, the product, an aside, perhaps numbers."""
    product = rng.choice(COLOURS) + rng.choice(PRODUCTS)
    parts = [f"{product}{sentence}" if rng.random() < 0.5 else f"{sentence}（{product}）"]
    if rng.random() < 0.25:
        parts.append(rng.choice(ORDER_LEADS) + order_number(rng, created))
    if rng.random() < 0.12:
        parts.append(rng.choice(TRACKING_LEADS) + tracking_number(rng))
    if rng.random() < 0.15:
        parts.append(rng.choice(AMOUNT_FORMS).format(a=amount(rng)))
    if rng.random() < 0.12:
        parts.append(f"{time_text(rng, created)}下的单")
    aside = rng.choice(ASIDES)
    if aside:
        parts.append(aside.format(n=rng.randrange(2, 9)))
    return "，".join(parts)


def resolve(rng: random.Random, answer: str, created: datetime) -> str:
    """A resolution: the case's answer, often naming the product, half the time with a detail."""
    if rng.random() < 0.5:
        answer = f"{rng.choice(PRODUCTS)}：{answer}"
    if rng.random() >= 0.5:
        return answer
    detail = rng.choice(RESOLUTION_DETAILS).format(
        a=amount(rng), t=tracking_number(rng), d=promised_date(rng, created))
    return f"{answer}，{detail}"


def chat_line(rng: random.Random, lines: tuple[str, ...], created: datetime) -> str:
    """One message of the exchange between the first reply and the answer."""
    line = rng.choice(lines)
    fields = {
        "o": lambda: order_number(rng, created), "t": lambda: tracking_number(rng),
        "d": lambda: promised_date(rng, created), "a": lambda: amount(rng),
        "p": lambda: rng.choice(PRODUCTS), "c": lambda: rng.choice(COLOURS[:-1]),
        "w": lambda: time_text(rng, created),
    }
    return line.format(**{key: draw() for key, draw in fields.items() if f"{{{key}}}" in line})


# -- personal values ----------------------------------------------------------


def id_check(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of a resident ID."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id(rng: random.Random) -> str:
    """A valid 18-character resident ID (born 1960-2004)."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 45 * 365))
    first = f"{rng.choice(ID_REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + id_check(first)


def first_generation_id(rng: random.Random) -> str:
    """A 15-digit first-generation ID (born 1950-1984)."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
    return f"{rng.choice(ID_REGIONS)}{born:%y%m%d}{rng.randrange(1000):03d}"


def luhn_complete(body: str) -> str:
    """``body`` with the Luhn check digit appended."""
    total = 0
    for position, char in enumerate(reversed(body)):
        d = int(char)
        if position % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def card_number(rng: random.Random, network: str = "unionpay") -> str:
    """A Luhn-valid card number: UnionPay (62, 16 or 19 digits), Visa (4, 16), Amex (15)."""
    if network == "amex":
        return luhn_complete(rng.choice(("34", "37")) + _digits(rng, 12))
    if network == "visa":
        return luhn_complete("4" + _digits(rng, 14))
    length = rng.choice((16, 19))
    return luhn_complete("62" + _digits(rng, length - 3))


def landline(rng: random.Random) -> tuple[str, str]:
    """An area code and a local number (first digit 2-8)."""
    area, length = rng.choice(LANDLINE_AREAS)
    return area, str(rng.randrange(2, 9)) + _digits(rng, length - 1)


def email(rng: random.Random) -> str:
    name = rng.choice(PINYIN) + rng.choice(("", ".", "_")) + rng.choice(PINYIN)
    return f"{name}{rng.randrange(1, 999)}@{rng.choice(MAIL_DOMAINS)}"


def person(rng: random.Random) -> tuple[str, str]:
    """A surname and a given name."""
    return rng.choice(SURNAMES), rng.choice(GIVEN)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def personal_value(rng: random.Random, form: str, phone: str) -> tuple[str, str]:
    """A phrase holding one personal value of ``form``, and the value masked for the manifest."""
    p = phone
    masked_mobile = p[:3] + "****" + p[-4:]
    if form == "mobile":
        return f"我的手机号是{p}，麻烦尽快回电", masked_mobile
    if form == "mobile_grouped":
        return f"电话 {p[:3]} {p[3:7]} {p[7:]}", masked_mobile
    if form == "mobile_plus86":
        return f"可以打+86 {p}联系我", masked_mobile
    if form == "mobile_fullwidth":
        return f"手机{_fullwidth(p)}", masked_mobile
    if form == "mobile_146":
        number = "146" + _digits(rng, 8)
        return f"手机号{number}", number[:3] + "****" + number[-4:]
    if form in ("landline", "landline_grouped"):
        area, local = landline(rng)
        shown = f"{area}-{local}" if form == "landline" else f"{area} {local[:4]} {local[4:]}"
        return f"座机{shown}", f"{area}-****{local[-4:]}"
    if form in ("id", "id_spaced", "id_fours"):
        value = resident_id(rng)
        if form == "id_spaced":
            value_shown = f"{value[:6]} {value[6:14]} {value[14:]}"
        elif form == "id_fours":
            value_shown = f"{value[:6]} {value[6:10]} {value[10:14]} {value[14:]}"
        else:
            value_shown = value
        return f"身份证号{value_shown}", value[:4] + "*" * 10 + value[-4:]
    if form == "id_15":
        value = first_generation_id(rng)
        return f"身份证{value}", value[:4] + "*" * 8 + value[-3:]
    if form in ("card", "card_grouped", "card_amex"):
        network = {"card": "unionpay", "card_grouped": "visa", "card_amex": "amex"}[form]
        value = card_number(rng, network)
        if form == "card_grouped":
            shown = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
        elif form == "card_amex":
            shown = f"{value[:4]} {value[4:10]} {value[10:]}"
        else:
            shown = value
        label = {"card": "银行卡号", "card_grouped": "信用卡号", "card_amex": "信用卡"}[form]
        return f"{label}{shown}", value[:4] + " **** " + value[-4:]
    if form == "email":
        value = email(rng)
        return f"邮箱{value}", value[0] + "***@" + value.split("@")[1]
    surname, given = person(rng)
    if form == "name_label":
        return f"{rng.choice(NAME_LABELS)}{surname}{given}", surname + "*" * len(given)
    if form == "name_honorific":
        return f"请联系{surname}{rng.choice(HONORIFICS)}", surname + "**"
    return f"客户{surname}{given}反映", surname + "*" * len(given)


# -- contacts -------------------------------------------------------------------


def masked_contact(rng: random.Random, phone: str) -> str:
    """A compliant contact in the forms exports hold.

    ``138****5678`` (55%), the template's own ``1381234****`` (15%), the last
    four ``5678`` (15%), full-width ``138＊＊＊＊5678`` (3%), a masked
    landline ``0571-****6666`` (6%) or a masked e-mail ``z***@163.com`` (6%).
    """
    x = rng.random()
    if x < 0.55:
        return phone[:3] + "****" + phone[-4:]
    if x < 0.70:
        return phone[:7] + "****"
    if x < 0.85:
        return phone[-4:]
    if x < 0.88:
        return phone[:3] + "＊＊＊＊" + phone[-4:]
    if x < 0.94:
        area, local = landline(rng)
        return f"{area}-****{local[-4:]}"
    value = email(rng)
    return value[0] + "***@" + value.split("@")[1]


#: How a contact shows a whole value (``unmasked_contact``), dealt out in turn.
WHOLE_CONTACT_FORMS: tuple[str, ...] = (
    "full_number", "full_number_dashed", "full_number_plus86", "full_number", "landline", "email",
)


def whole_contact(rng: random.Random, form: str, phone: str) -> tuple[str, str]:
    """A contact that shows a whole number or address, and the value masked for the manifest."""
    masked_mobile = phone[:3] + "****" + phone[-4:]
    if form == "full_number_dashed":
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", masked_mobile
    if form == "full_number_plus86":
        return f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}", masked_mobile
    if form == "landline":
        area, local = landline(rng)
        return f"{area}-{local}", f"{area}-****{local[-4:]}"
    if form == "email":
        value = email(rng)
        return value, value[0] + "***@" + value.split("@")[1]
    return phone, masked_mobile


def x_masked_contact(rng: random.Random, phone: str) -> str:
    """A contact masked with X: ``138XXXX5678`` or ``138xxxx5678``."""
    return phone[:3] + rng.choice(("XXXX", "xxxx")) + phone[-4:]
