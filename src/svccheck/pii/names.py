"""Customers' names in ticket text: a surname, a given name, and a context that introduces them.

Seed 004 二.5 asks that an archived record identify the customer by 客户编号
"而非真实姓名/电话" -- not by the real name. A name is harder to find than a
number: 高, 金, 方, 向, 于 are common surnames *and* common words, and a
conversation is full of names that are not the customer's -- the agent's own
("您好，我是李娜，很高兴为您服务" is exactly what ``greeting.opening`` asks
for), colleagues' (客服主管李强), places (张家口市) and brands (李宁, 华为).
So a name is read only where a context introduces it, offline, from a small
table (``data/pii/names.yaml``, with its sources):

* a **label** before it -- 姓名：张伟, 收件人 张伟, 联系人：王小明, 持卡人…: any
  one or two characters after a common surname are the given name;
* a **role word** before it -- 客户张伟, 用户李娜…: the given name must be made
  of common given-name characters (客户高兴地表示 is no person);
* an **honorific** after it -- 张先生, 李娜女士, 王小姐…;
* the writer introducing themselves -- 我是张伟, my name is Anna -- unless
  the writer is an agent (``speaker``), whose self-introduction is never a
  finding;
* in English, a title (Mr/Mrs/Ms/Miss/Dr Smith), a label (name: John
  Smith, recipient: …) or "Dear Anna".

A name right after a colleague's title (客服, 专员, 主管, 工程师…) is a
colleague's; a candidate that is a listed place, brand or word, or that is
followed by 市, 区, 公司, 店…, is not a name. A name is masked keeping the
surname: ``张*``, ``张**``, ``欧阳**``; a surname with only an honorific
(张先生) is masked ``张**``; English names keep initials (``J*** S****``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

#: Roles whose first-person words (我是…, my name is…) introduce themselves, not a customer.
AGENT_SPEAKERS = frozenset({"agent", "supervisor", "bot", "system"})
#: What may stand between a context word and the name it introduces.
_GAP = re.compile(r"[\s:：=是为]{0,3}")
_HAN = re.compile(r"[\u3400-\u9fff]")
#: One or two capitalised words (not all capitals: ID, SKU, VIP are no names).
_EN_WORD = r"[A-Z](?:[a-z]|'[A-Z])[a-zA-Z'\-]*"
_EN_NAME = rf"{_EN_WORD}(?:[ \t]+{_EN_WORD})?"
_EN_TOKEN = re.compile(_EN_WORD)
_MASKS = "*＊•●×#xX"
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+$")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class NameTable:
    """``names.yaml``, compiled."""

    surnames: frozenset[str]
    compounds: frozenset[str]
    given: frozenset[str]
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    first_person: re.Pattern[str]
    honorifics: re.Pattern[str]
    honorific_words: tuple[str, ...]
    agent_title_end: re.Pattern[str]
    stop: re.Pattern[str]
    place_suffix: re.Pattern[str]
    #: places and brands: never a name, whatever introduces them
    not_name: re.Pattern[str]
    #: common words (白天, 高兴): no name after a role word or before an honorific
    not_word: re.Pattern[str]
    en_title: re.Pattern[str]
    en_label: re.Pattern[str]
    en_dear: re.Pattern[str]
    en_not_names: frozenset[str]
    en_other: frozenset[str]
    #: A polars regex that every text holding a name detected here matches.
    prefilter: str


@lru_cache(maxsize=1)
def table() -> NameTable:
    """The name table, read once."""
    text = resources.files("svccheck").joinpath("data", "pii", "names.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    contexts = data["contexts"]
    surnames = frozenset(data["surnames"])
    compounds = frozenset(data["compound_surnames"])
    not_names = data["not_names"]["places"] + data["not_names"]["brands"]
    english = data["english"]
    titles = "|".join(english["titles"])
    firsts = "".join(sorted(surnames | {c[0] for c in compounds}))
    honorifics = _alternation(data["honorifics"])
    label_contexts = _alternation(contexts["strong"] + contexts["weak"]
                                  + contexts["first_person"])
    prefilter = (
        rf"(?:{label_contexts})[\s:=是为]{{0,3}}[{firsts}A-Z]"
        rf"|[{firsts}]\p{{Han}}{{0,3}}(?:{honorifics})"
        r"|(?i:mr|mrs|ms|miss|mx|dr|dear|name|recipient|cardholder|card holder|contact)"
    )
    return NameTable(
        surnames=surnames,
        compounds=compounds,
        given=frozenset(data["given_chars"]),
        strong=re.compile(_alternation(contexts["strong"])),
        weak=re.compile(_alternation(contexts["weak"])),
        first_person=re.compile(_alternation(contexts["first_person"])),
        honorifics=re.compile(honorifics),
        honorific_words=tuple(data["honorifics"]),
        agent_title_end=re.compile(rf"(?:{_alternation(data['agent_titles'])})[\s:]*$"),
        stop=re.compile(_alternation(data["stop_words"])),
        place_suffix=re.compile(_alternation(data["place_suffixes"])),
        not_name=re.compile(_alternation(not_names)),
        not_word=re.compile(_alternation(data["not_names"]["words"])),
        en_title=re.compile(rf"(?<![A-Za-z])(?:{titles})\.?[ \t]+({_EN_NAME})"),
        en_label=re.compile(
            r"(?i:(?<![a-z])name(?:[ \t]+is[ \t]+|[ \t]*[:=][ \t]*)"
            r"|(?<![a-z])(?:recipient|card[ \t]?holder|contact(?:[ \t]+person)?)[ \t]*[:=]"
            rf"[ \t]*)({_EN_NAME})"
        ),
        en_dear=re.compile(rf"(?<![A-Za-z])Dear[ \t]+({_EN_NAME})"),
        en_not_names=frozenset(english["not_names"]),
        en_other=frozenset(w.lower() for w in english["other_names"]),
        prefilter=prefilter,
    )


def prefilter() -> str:
    """A polars regex matched by every (NFKC) text that may hold a name found here."""
    return table().prefilter


# -- Chinese -------------------------------------------------------------------------------


def _surname_at(norm: str, pos: int) -> str | None:
    t = table()
    if norm[pos: pos + 2] in t.compounds:
        return norm[pos: pos + 2]
    if pos < len(norm) and norm[pos] in t.surnames:
        return norm[pos]
    return None


def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def _listed(pattern: re.Pattern[str], norm: str, start: int) -> bool:
    """A listed word starts at ``start``, or one starting just before covers it (谢谢先生)."""
    if pattern.match(norm, start):
        return True
    before = pattern.match(norm, start - 1) if start > 0 else None
    return before is not None and before.end() > start


def _rejected(norm: str, start: int, end: int, words: bool = True) -> bool:
    """A place or brand (张家口, 华为) -- or, with ``words``, a word (高兴) --, a place's
    suffix after it (武汉市), or a colleague (客服专员张敏)."""
    t = table()
    if _listed(t.not_name, norm, start) or (words and _listed(t.not_word, norm, start)):
        return True
    if t.place_suffix.match(norm, end):
        return True
    return t.agent_title_end.search(norm[max(0, start - 8): start]) is not None


def _boundary(norm: str, at: int) -> bool:
    """Whether a name may end before ``at``: the end, no Han character, or a stop word."""
    return at >= len(norm) or not _is_han(norm[at]) or table().stop.match(norm, at) is not None


def _given(norm: str, at: int, strong: bool) -> str:
    """One or two characters of given name at ``at``.

    After a label (``strong``) any characters are; after a role word the
    first must be a common given-name character and the second either one
    too or followed by where a name ends (客户方翠花来电: 翠花, though 花 is
    rarer in names).
    """
    t = table()
    given = ""
    for k in range(2):
        position = at + k
        if position >= len(norm):
            break
        char = norm[position]
        if not _is_han(char) or t.stop.match(norm, position):
            break
        if not strong and char not in t.given and (k == 0 or not _boundary(norm, position + 1)):
            break
        given += char
    return given


def _after_context(norm: str, pos: int, strong: bool) -> tuple[int, int, str] | None:
    """The name a context introduces at ``pos`` (after the context and its colon)."""
    surname = _surname_at(norm, pos)
    if surname is None:
        if strong:  # 联系人：Anna Li
            m = re.compile(_EN_NAME).match(norm, pos)
            if m is not None and _english_ok(m.group()):
                return pos, m.end(), m.group()
        return None
    given = _given(norm, pos + len(surname), strong)
    if not given:
        return None
    end = pos + len(surname) + len(given)
    if _rejected(norm, pos, end, words=not strong):  # 投保人：黎明 is a name
        return None
    return pos, end, surname + given


def _before_honorific(norm: str, at: int) -> tuple[int, int, str] | None:
    """The name an honorific at ``at`` follows: 张伟先生 -> 张伟; 张先生 -> 张先生."""
    t = table()
    for length in (2, 1, 0):
        for surname_length in (2, 1):
            start = at - length - surname_length
            if start < 0:
                continue
            surname = _surname_at(norm, start)
            if surname is None or len(surname) != surname_length:
                continue
            given = norm[start + surname_length: at]
            if given and (given[0] not in t.given or not all(_is_han(c) for c in given)):
                continue
            if _rejected(norm, start, at):
                continue
            if length == 0:
                honorific = t.honorifics.match(norm, at)
                assert honorific is not None
                return start, honorific.end(), surname + honorific.group()
            return start, at, surname + given
    return None


def _chinese(norm: str, speaker: str | None) -> list[tuple[int, int, str]]:
    t = table()
    found: list[tuple[int, int, str]] = []
    contexts = [(t.strong, True), (t.weak, False)]
    if speaker not in AGENT_SPEAKERS:
        contexts.append((t.first_person, False))
    for pattern, strong in contexts:
        for m in pattern.finditer(norm):
            gap = _GAP.match(norm, m.end())
            name = _after_context(norm, gap.end() if gap else m.end(), strong)
            if name is not None:
                found.append(name)
    for m in t.honorifics.finditer(norm):
        name = _before_honorific(norm, m.start())
        if name is not None:
            found.append(name)
    return found


# -- English -------------------------------------------------------------------------------


def _english_ok(name: str) -> bool:
    return name.split()[0] not in table().en_not_names


def _trimmed(norm: str, start: int, name: str) -> tuple[int, int, str] | None:
    """The name's tokens up to the first one that is no name (Mr. Smith Thanks -> Smith)."""
    t = table()
    tokens = []
    for m in _EN_TOKEN.finditer(name):
        if m.group() in t.en_not_names:
            break
        tokens.append(m)
    if not tokens:
        return None
    return start, start + tokens[-1].end(), name[: tokens[-1].end()]


def _english(norm: str, speaker: str | None) -> list[tuple[int, int, str]]:
    t = table()
    found: list[tuple[int, int, str]] = []
    for pattern in (t.en_title, t.en_dear):
        for m in pattern.finditer(norm):
            name = _trimmed(norm, m.start(1), m.group(1))
            if name is not None:
                found.append(name)
    for m in t.en_label.finditer(norm):
        # the word before "name" (product name, my name): looked for in a few characters
        before = _WORD_BEFORE.search(norm, max(0, m.start() - 24), m.start())
        what = before.group(1).lower() if before else ""
        if what in t.en_other:
            continue
        if what == "my" and speaker in AGENT_SPEAKERS:
            continue  # an agent's "my name is Anna" is the introduction the standard asks for
        name = _trimmed(norm, m.start(1), m.group(1))
        if name is not None:
            found.append(name)
    return found


# -- entry points --------------------------------------------------------------------------


def find_names(norm: str, speaker: str | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of each customer's name in NFKC text ``norm``.

    ``speaker`` is the role of whoever wrote the text (``agent``, ``customer``
    ...; None when unknown): an agent's 我是李娜 / "my name is Anna" is not
    reported. Overlapping finds keep the first and longest.
    """
    found = sorted(_chinese(norm, speaker) + _english(norm, speaker),
                   key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def whole_name(text: str | None, *, single_word: bool = True) -> str | None:
    """The cell's value if the whole cell is a person's name, else None.

    For a column that holds a customer (客户姓名, customer_id): ``张伟``,
    ``欧阳娜娜``, ``张先生``, ``John Smith`` (``single_word``: also ``Anna``).
    Masked values (``张*``, ``张**``) and anything else return None.
    """
    if not text:
        return None
    value = unicodedata.normalize("NFKC", text).strip()
    if not value or any(c in _MASKS for c in value):
        return None
    t = table()
    surname = _surname_at(value, 0)
    if surname is not None and 2 <= len(value) <= 4 and all(_is_han(c) for c in value):
        rest = value[len(surname):]
        if _listed(t.not_name, value, 0):  # 华为, 张家口: not a person
            return None
        if rest in t.honorific_words or (rest and not t.stop.fullmatch(rest)):
            return value
        return None
    tokens = value.split()
    if (all(_EN_TOKEN.fullmatch(token) for token in tokens)
            and (2 <= len(tokens) <= 3 or (single_word and len(tokens) == 1))
            and tokens[0] not in t.en_not_names):
        return " ".join(tokens)
    return None


def mask_name(value: str) -> str:
    """``张*``, ``张**`` (also for 张先生), ``欧阳**``; ``J*** S****`` for English names."""
    t = table()
    if value and _is_han(value[0]):
        keep = 2 if value[:2] in t.compounds else 1
        return value[:keep] + "*" * max(len(value) - keep, 1)
    return " ".join(token[:1] + "*" * max(len(token) - 1, 1) for token in value.split())
