"""Reading a promised time out of what an agent wrote: "承诺2小时内回电".

Not a plugin: ``response.kept-promise`` uses it. A *promise* is a time plus a
verb of contact or answer said by us: 2小时内回电, 预计3个工作日内回复, 明天上午
给您答复, "we'll get back to you within 24 hours". What is no promise, though
it holds a time (decisions of issue 23):

* quoted words -- the customer's, or a colleague's (“承诺2小时内回电”却没打来);
* conditionals -- 如果明天还不行您再联系我们, "if you don't hear from us ...";
  a sentence opened by a condition promises nothing outright;
* the customer's own action -- 请您在24小时内回复, "you can reply within ...";
* product figures -- 预计续航8小时 (no verb of contact);
* third-party processes -- 退款1-3个工作日原路退回, 快递员会在2小时内联系您,
  "the bank will contact you within 3 days";
* what already happened or will not -- 已在2小时内回电, 无法在今天回复您.

A vague time (稍后, 尽快, 马上, shortly, ASAP) with a verb of contact is a
promise whose time cannot be read: the rule says so instead of judging it.

This is plain Python over a few texts: the rule first keeps, with one
vectorised pattern (:data:`CANDIDATE`), only the messages that hold a verb
of contact, and reads each distinct text once. The result is a
:class:`Promise` saying *how* to find the deadline from the message's time;
the rule computes the instants on the standard's calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Kinds of promised time (how the deadline follows from the message's time ``t``):
#: ``calendar``: t + ``amount`` seconds; ``working_days``: the close of the
#: ``amount``-th working day after the day of t; ``working``: ``amount``
#: seconds of working time after t; ``day``: the local date of t + ``days``,
#: at ``clock`` (seconds after midnight; :data:`CLOSE` = the close of that
#: working day; None = the end of the day); ``weekday``: the next date (this
#: week, or the next with ``days`` = 7) that is ``amount`` (1 = Monday), at
#: ``clock``; ``date``: month ``amount``, day ``days`` (the next such date), at
#: ``clock``; ``vague``: no time can be read.
KINDS = ("calendar", "working_days", "working", "day", "weekday", "date", "vague")
#: ``clock`` value: the close of that day's working hours (下班前, end of business).
CLOSE = -1


@dataclass(frozen=True)
class Promise:
    """One promise read from a text: the words, and how its deadline is found."""

    quote: str
    kind: str
    amount: int = 0
    days: int = 0
    clock: int | None = None


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty-four": 24,
               "forty-eight": 48, "seventy-two": 72, "half an": 0.5, "a half": 0.5}

_NUM = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十半]+)"
_RANGE = rf"(?:{_NUM}\s*(?:-|~|～|到|至|—|–)\s*)?({_NUM})"

# --- verbs of contact or answer --------------------------------------------------------
_VERBS_ZH = (
    r"给您回电话|给您回电|给你回电|给您回个电话|给您回复|给您回个话|回电话|(?<![退寄送发返撤])回电|回个电话|回复|回覆|答复|(?<![退寄送发返撤找取])回您|给您回|"
    r"联系您|联系你|与您联系|和您联系|跟您联系|致电|打电话给您|给您打电话|给你打电话|电话联系|"
    r"电话告知|打给您|告知您|告诉您|通知您|反馈给您|给您反馈|向您反馈|反馈结果|反馈处理结果|"
    r"反馈处理进度|反馈进度|"
    r"给您答复|给您一个答复|给您消息|给您结果|给您回话|回话|答复您|回复您|回访您|给您回复"
)
_VERBS_EN = (
    r"get back to you|get back|call you back|call back|ring you back|reply|respond|"
    r"update you|send you an update|give you an update|contact you|reach out|follow up|"
    r"let you know|get in touch|be in touch|email you|text you|call you|hear from us|"
    r"hear back|answer you|come back to you"
)
VERB = re.compile(rf"{_VERBS_ZH}|\b(?:{_VERBS_EN})\b")
#: A cheap filter for the rule: only texts that hold a verb of contact are read
#: (polars' regex has no look-behind: the filter is a superset of VERB).
CANDIDATE = "(?:{}|(?:^|[^a-z])(?:{})(?:[^a-z]|$))".format(
    re.sub(r"\(\?<![^)]*\)", "", _VERBS_ZH), _VERBS_EN)

# --- times -------------------------------------------------------------------------------
_ZH_DURATION = re.compile(
    rf"{_RANGE}\s*(?P<unit>个?工作日|个?工作天|个?工作小时|个?半?小时|个?钟头|分钟|分|天|日|"
    r"个?星期|周|个?礼拜)(?P<half>半)?")
_ZH_DAY = re.compile(
    r"(?P<day>大后天|后天|明天|明日|明早|明晚|今天|今日|今晚|当天|当日)"
    r"(?P<part>上午|早上|早晨|中午|下午|傍晚|晚上|晚间|下班前|下班之前|下班以前)?"
    r"(?P<clock>\s*(?P<h>\d{1,2}|[一二两三四五六七八九十]+)\s*(?:点|时|:|：)\s*"
    r"(?P<m>\d{2}|半|一刻|三刻)?)?")
_ZH_CLOCK = re.compile(
    r"(?P<part>上午|早上|中午|下午|傍晚|晚上)?\s*(?<![第\d])(?P<h>\d{1,2}|[一二两三四五六七八九十]+)"
    r"\s*(?:点|时|:|：)\s*(?P<m>\d{2}|半|一刻|三刻)?(?:分)?")
_ZH_DATE = re.compile(
    r"(?P<mo>\d{1,2})月(?P<d>\d{1,2})[日号](?P<part>上午|下午|中午|晚上|下班前)?"
    r"(?:\s*(?P<h>\d{1,2})\s*(?:点|时|:)\s*(?P<m>\d{2}|半)?)?")
_ZH_WEEKDAY = re.compile(r"(?P<next>下个?|本|这个?)?(?:周|星期|礼拜)(?P<d>[一二三四五六日天1-7])")
_ZH_CLOSE = re.compile(r"下班前|下班之前|下班以前|今天之内|今天内|今日内|当天内|当日内")
_ZH_VAGUE = re.compile(
    r"稍后|稍候|尽快|尽早|晚些|晚点|过会|一会儿|一会|马上|立刻|立即|随后|后续|近期|改天|过几天|"
    r"第一时间|及时")

_EN_WORD_NUM = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|" \
               r"twelve|twenty-four|forty-eight|seventy-two)"
_EN_DURATION = re.compile(
    rf"\b(?:within|in|inside of|in the next|within the next)\s+(?:(?:\d+\s*(?:-|to)\s*)?"
    rf"(?P<n>{_EN_WORD_NUM}))\s+(?P<unit>business days?|working days?|work days?|"
    r"business hours?|working hours?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b")
_EN_HALF_HOUR = re.compile(r"\b(?:within|in)\s+(?:half an hour|30 minutes)\b")
_EN_THE_HOUR = re.compile(r"\bwithin the (?:next )?hour\b")
_EN_CLOCK = re.compile(r"\b(?:by|before|at)\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)\b"
                       r"|\b(?:by|before)\s+(?P<h24>\d{1,2}):(?P<m24>\d{2})\b")
_EN_DAY = re.compile(
    r"\b(?P<day>today|tonight|tomorrow|the day after tomorrow)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
    r"|\b(?P<part2>this morning|this afternoon|this evening|later today)\b")
_EN_CLOSE = re.compile(r"\b(?:end of (?:the )?(?:day|business|today)|eod|cob|close of business)\b")
_EN_NOON = re.compile(r"\b(?:by|before) noon\b")
_EN_WEEKDAY = re.compile(
    r"\b(?:by|on|before|next)\s+(?P<next>next\s+)?(?P<d>monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b")
_EN_VAGUE = re.compile(r"\b(?:shortly|soon|asap|as soon as possible|later|in a bit|"
                       r"in a moment|in a while|right away)\b")

# --- what makes a clause no promise --------------------------------------------------------
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|‘[^’]*’")
_SENTENCE = re.compile(r"[。！？!?；;\n]+|\.(?=\s|$)")
#: Clauses end at commas and at a colon -- not the colon of a time (15:30).
_CLAUSE = re.compile(r"[，,、]+|(?<!\d)[：:]|[：:](?!\d)")
_CONDITION = re.compile(
    r"如果|如若|假如|倘若|要是|万一|若是|若|如有|如需|如您|如仍|如还|如再|如未|如没|如不|"
    r"(?:^|\s)如(?![下图何此今同实期])|\b(?:if|in case|should you|unless)\b")
_CUSTOMER = re.compile(
    r"请您|您可以|您可|您再|您需要|您需|您也可以|麻烦您|您自己|请在|请于|请及时|请尽快|您在|"
    r"客户要求|客户希望|客户说|客户反映|客户表示|用户要求|您说|您提到|您反映|您看|您能否|您方便|"
    r"给我们|"
    r"\b(?:you can|you may|you could|please|you need to|you should|feel free to|kindly|"
    r"you'll need to|you will need to|the customer|customer asked|customer wants)\b")
_THIRD_PARTY = re.compile(
    r"银行|快递|物流|配送员|骑手|系统|商家|卖家|厂家|厂商|运营商|支付宝|微信支付|第三方|平台方|"
    r"保险公司|网点|服务商|供应商|"
    r"\b(?:the bank|your bank|courier|carrier|the system|our system|the merchant|the seller|"
    r"the manufacturer|the airline|automated|you will receive|you'll receive)\b")
_OURS = re.compile(r"我们|我司|我|咱们|本人|客服|专员|工程师|技术|同事|师傅|主管|经理|"
                   r"\b(?:we|i|our team|our engineer|someone from our team|us)\b")
_NEGATED = re.compile(r"无法|不能|没法|不会|没有|没能|未能|不再|\b(?:can't|cannot|won't|"
                      r"will not|unable to|couldn't|didn't|not able to)\b")
_PAST = re.compile(r"已经|已|刚才|刚刚|昨天")
_FUTURE_EN = re.compile(
    r"\b(?:will|shall|going to|gonna|promise|aim to|expect|we'll|i'll|we will|i will|"
    r"you'll hear|should hear|be sure to|let me|let us|can|plan to|intend to)\b|'ll\b")
_ASCII_LETTERS = re.compile(r"[a-z]")


def _cn_number(text: str) -> float | None:
    """``3``, ``2.5``, ``两``, ``十二``, ``二十四``, ``半`` as a number."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text == "半":
        return 0.5
    if text.startswith("十"):
        text = "一" + text
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return float(total + current)


def _clock(hour_text: str, minute_text: str | None, part: str | None) -> int | None:
    """Seconds after midnight for ``3点半`` / ``下午3点`` / ``15:30``; business-day reading
    of a bare hour: 1-7 o'clock is afternoon (5点前 is 17:00)."""
    hour = _cn_number(hour_text)
    if hour is None or hour > 24:
        return None
    minute = 0
    if minute_text:
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(minute_text) or int(minute_text)
    hour = int(hour)
    if (part in ("下午", "傍晚", "晚上", "pm") and hour < 12) or (part is None and 1 <= hour <= 7):
        hour += 12
    return hour * 3600 + minute * 60


_ZH_PART_CLOCK = {"上午": 12 * 3600, "早上": 12 * 3600, "早晨": 12 * 3600, "中午": 12 * 3600,
                  "下午": 18 * 3600, "傍晚": 19 * 3600, "晚上": None, "晚间": None,
                  "下班前": CLOSE, "下班之前": CLOSE, "下班以前": CLOSE}
_ZH_DAYS = {"今天": 0, "今日": 0, "当天": 0, "当日": 0, "今晚": 0, "明天": 1, "明日": 1, "明早": 1,
            "明晚": 1, "后天": 2, "大后天": 3}
_ZH_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_EN_PART_CLOCK = {"morning": 12 * 3600, "afternoon": 18 * 3600, "evening": None, "night": None}
_EN_WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
                "saturday": 6, "sunday": 7}


def _zh_time(clause: str) -> Promise | None:
    """The promised time a Chinese clause states, or None."""
    match = _ZH_DATE.search(clause)
    if match:
        part = match.group("part")
        if match.group("h"):
            clock = _clock(match.group("h"), match.group("m"), part)
        else:
            clock = _ZH_PART_CLOCK.get(part) if part else None
        return Promise(match.group(0), "date", amount=int(match.group("mo")),
                       days=int(match.group("d")), clock=clock)
    match = _ZH_DURATION.search(clause)
    if match:
        amount = _cn_number(match.group(1))
        unit = match.group("unit").lstrip("个")
        if amount is not None and amount > 0:
            if match.group("half") or unit.startswith("半"):
                amount += 0.5
            unit = unit.lstrip("半")
            quote = match.group(0)
            if unit in ("工作日", "工作天"):
                return Promise(quote, "working_days", amount=max(1, round(amount)))
            if unit == "工作小时":
                return Promise(quote, "working", amount=round(amount * 3600))
            if unit in ("小时", "钟头"):
                return Promise(quote, "calendar", amount=round(amount * 3600))
            if unit in ("分钟", "分"):
                return Promise(quote, "calendar", amount=round(amount * 60))
            if unit in ("天", "日"):
                return Promise(quote, "day", days=max(1, round(amount)))
            if unit in ("星期", "周", "礼拜"):
                return Promise(quote, "day", days=round(amount * 7))
    match = _ZH_DAY.search(clause)
    if match:
        days = _ZH_DAYS[match.group("day")]
        part = match.group("part")
        if match.group("day") == "明早":
            part = part or "上午"
        if match.group("clock"):
            clock = _clock(match.group("h"), match.group("m"), part)
        elif part:
            clock = _ZH_PART_CLOCK[part]
        else:
            clock = None
        return Promise(match.group(0).strip(), "day", days=days, clock=clock)
    match = _ZH_CLOCK.search(clause)
    if match:
        clock = _clock(match.group("h"), match.group("m"), match.group("part"))
        if clock is not None:
            return Promise(match.group(0).strip(), "day", days=0, clock=clock)
    match = _ZH_WEEKDAY.search(clause)
    if match:
        day = match.group("d")
        weekday = int(day) if day.isdigit() else _ZH_WEEKDAYS[day]
        nxt = (match.group("next") or "").startswith("下")
        return Promise(match.group(0), "weekday", amount=weekday, days=7 if nxt else 0)
    match = _ZH_CLOSE.search(clause)
    if match:
        clock = None if "内" in match.group(0) else CLOSE
        return Promise(match.group(0), "day", days=0, clock=clock)
    return None


def _en_time(clause: str) -> Promise | None:
    """The promised time an English clause states, or None."""
    match = _EN_HALF_HOUR.search(clause)
    if match:
        return Promise(match.group(0), "calendar", amount=1800)
    match = _EN_THE_HOUR.search(clause)
    if match:
        return Promise(match.group(0), "calendar", amount=3600)
    match = _EN_DURATION.search(clause)
    if match:
        text = match.group("n")
        amount = float(text) if text[0].isdigit() else _EN_NUMBERS[text]
        unit = match.group("unit")
        quote = match.group(0)
        if unit.startswith(("business d", "working d", "work d")):
            return Promise(quote, "working_days", amount=max(1, round(amount)))
        if unit.startswith(("business h", "working h")):
            return Promise(quote, "working", amount=round(amount * 3600))
        if unit.startswith("min"):
            return Promise(quote, "calendar", amount=round(amount * 60))
        if unit.startswith(("hour", "hr")):
            return Promise(quote, "calendar", amount=round(amount * 3600))
        if unit.startswith("day"):
            return Promise(quote, "day", days=max(1, round(amount)))
        return Promise(quote, "day", days=round(amount * 7))
    clock = None
    match = _EN_CLOCK.search(clause)
    if match:
        if match.group("h24"):
            clock = int(match.group("h24")) * 3600 + int(match.group("m24")) * 60
        else:
            hour = int(match.group("h")) % 12 + (12 if match.group("ap") == "pm" else 0)
            clock = hour * 3600 + int(match.group("m") or 0) * 60
    elif _EN_NOON.search(clause):
        clock = 12 * 3600
    day = _EN_DAY.search(clause)
    if day:
        name = day.group("day") or ""
        days = {"today": 0, "tonight": 0, "tomorrow": 1, "the day after tomorrow": 2}.get(name, 0)
        part = day.group("part") or (day.group("part2") or "").split(" ")[-1]
        if clock is None and part in _EN_PART_CLOCK:
            clock = _EN_PART_CLOCK[part]
        if clock is None and _EN_CLOSE.search(clause):
            clock = CLOSE
        return Promise(day.group(0), "day", days=days, clock=clock)
    if _EN_CLOSE.search(clause):
        return Promise(_EN_CLOSE.search(clause).group(0), "day", days=0, clock=CLOSE)
    if clock is not None:
        return Promise((match or _EN_NOON.search(clause)).group(0), "day", days=0, clock=clock)
    match = _EN_WEEKDAY.search(clause)
    if match:
        nxt = bool(match.group("next")) or match.group(0).startswith("next")
        return Promise(match.group(0), "weekday", amount=_EN_WEEKDAYS[match.group("d")],
                       days=7 if nxt else 0)
    return None


def _ours(before: str) -> bool:
    """Whether the words before the verb make it our action (not the customer's or a
    third party's): the later of "us" and "them" decides; Chinese may leave "us" out."""
    ours = max((m.end() for m in _OURS.finditer(before)), default=-1)
    theirs = max((m.end() for m in _CUSTOMER.finditer(before)), default=-1)
    other = max((m.end() for m in _THIRD_PARTY.finditer(before)), default=-1)
    # a tie is one word naming both (网点师傅): the longer, third-party name decides
    return ours > max(theirs, other) or max(ours, theirs, other) < 0


def _clause_promise(clause: str) -> Promise | None:
    """The promise a clause makes, or None."""
    verb = VERB.search(clause)
    if verb is None:
        return None
    before = clause[: verb.start()]
    if not _ours(before) or _NEGATED.search(before):
        return None
    english = bool(_ASCII_LETTERS.search(verb.group(0)))
    if english:
        if not _FUTURE_EN.search(before) and not re.search(r"\bexpect\b", clause):
            return None
        if re.search(r"\b(?:already|have|has|had)\b", before):
            return None
        when = _en_time(clause)
        vague = _EN_VAGUE.search(clause)
    else:
        past = _PAST.search(before)
        # 已承诺明天回电 promised in the past what is still to come
        if past and not re.search(r"会|将|再|稍后|马上|尽快|承诺|答应|保证|约定|说好",
                                  before[past.end():]):
            return None
        when = _zh_time(clause)
        vague = _ZH_VAGUE.search(clause)
    if when is None and vague is None:
        return None
    if when is None:
        when = Promise(vague.group(0), "vague")
    # the words promised, from the time to the verb (or the verb to the time)
    start = clause.find(when.quote)
    span = (min(start, verb.start()), max(start + len(when.quote), verb.end()))
    quote = clause[span[0]:span[1]].strip() if start >= 0 else when.quote
    return Promise(quote, when.kind, when.amount, when.days, when.clock)


def read_promises(text: str | None) -> list[Promise]:
    """Every promise in ``text`` (normalised: NFKC, lower case), in the order written.

    A sentence opened by a condition (如果…, 如有…, if …) promises nothing; a
    clause promises when it holds a verb of contact that is ours (not the
    customer's, not a third party's, not negated, not past) and a time in
    the same clause -- or a vague time (稍后, ASAP), which makes a promise of
    kind ``vague``.
    """
    if not text:
        return []
    text = _QUOTED.sub("\x00", text)
    found: list[Promise] = []
    for sentence in _SENTENCE.split(text):
        conditional = False
        for clause in _CLAUSE.split(sentence):
            if _CONDITION.search(clause):
                conditional = True
            if conditional or not clause.strip():
                continue
            promise = _clause_promise(clause)
            if promise is not None:
                found.append(promise)
    return found
