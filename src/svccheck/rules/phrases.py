"""Phrase lists matched as whole expressions: what a text *says*, not what it contains.

Not a plugin: the conduct, signal, empathy, promise and follow-up rules import
it. A list of words is only useful if a word inside a longer, innocent
expression does not count: 不知道 is a brush-off, "不知道您是否方便" is
courtesy; 媒体 is a public-opinion risk, 多媒体 is a file type; 投诉 is a
complaint, 不投诉了 is its withdrawal and 投诉建议 the name of a category. So
each list entry is an expression with the longer expressions around it that
do not count (``unless``), and the text is prepared before matching:

* words in quotation marks are someone else's (“不归我管”, "not my problem":
  the customer quoting an agent, an agent quoting the customer) and are
  removed (:data:`QUOTED`);
* a rule may blank spans of its own (conduct: speech the agent negates, 我们
  不会说没办法) with ``negated``;
* an entry may be negated by the words just before it (``negators``: 不是
  无法登录, 不投诉了, not all users) -- every entry of a list gets them;
* a phrase that starts or ends with an ASCII letter or digit matches as a
  whole word only (12315 is not inside an order number, ``hi`` not inside
  ``this``: :func:`~svccheck.rules.conversation.phrase_pattern`).

Matching ignores case and full-/half-width differences (the text is
:func:`~svccheck.rules.conversation.normalised`). Polars' regex engine has no
look-behind, which is why exceptions work by blanking: an ``unless`` or a
negated occurrence is replaced by a NUL before the phrase is looked for, so
"不知道。您不知道也没关系" still holds one 不知道.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from svccheck.rules.conversation import normalise_phrase, phrase_pattern

#: In an ``unless`` expression, ``…`` stands for up to this many characters of
#: one clause: 如果…没办法 excuses "如果线上没办法解决".
GAP = r"[^，。！？；,.!?;\n]{0,8}"
#: Words quoted from someone else: “…”, "…", 「…」, 『…』 (after normalisation,
#: full-width quotes are still the curly ones; straight quotes pair up).
QUOTED = r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』"
#: A clause: the text between two punctuation marks.
CLAUSE = r"[^，。！？；,.!?;\n]+"
BLANK = "\x00"

#: An entry in a standard: a string, or ``{phrase, unless: [...]}``.
PHRASE_ITEM: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["phrase"],
            "properties": {
                "phrase": {"type": "string", "minLength": 1},
                "unless": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
        },
    ],
}


def phrase_list_schema(default: list[Any], description: str) -> dict[str, Any]:
    """The parameter schema of a configurable phrase list."""
    return {"type": "array", "items": PHRASE_ITEM, "minItems": 1, "default": default,
            "description": description}


@dataclass(frozen=True)
class Entry:
    """One expression, the longer expressions around it that excuse it, and its negation."""

    phrase: str
    unless: tuple[str, ...] = ()
    #: A regex matched just before the phrase that negates it (``不是``, ``not``).
    negation: str | None = None

    def unless_pattern(self) -> str | None:
        """One regex for the ``unless`` expressions (``…``: a few characters of one
        clause) and the negated phrase; None if the entry has neither."""
        parts = [GAP.join(pl.escape_regex(part) for part in word.split("..."))
                 for word in self.unless]  # normalised, ``…`` has become ``...``
        if self.negation:
            parts.append(f"(?:{self.negation}){pl.escape_regex(self.phrase)}")
        return "|".join(parts) if parts else None

    def blanked(self, text: pl.Expr) -> pl.Expr:
        """``text`` with the occurrences this entry excuses blanked."""
        unless = self.unless_pattern()
        return text if unless is None else text.str.replace_all(unless, BLANK)


def entries(phrases: Iterable[str | dict[str, Any]], exceptions: Iterable[str] = (),
            negation: str | None = None) -> list[Entry]:
    """The configured list as :class:`Entry` objects, in normalised form, longest first.

    ``exceptions`` (every entry's) are added to each entry's ``unless`` that
    contains its phrase; ``negation`` (a regex of the words that negate what
    follows them) is every entry's.
    """
    exceptions = list(exceptions)
    out: dict[str, Entry] = {}
    for item in phrases:
        phrase = normalise_phrase(item if isinstance(item, str) else item["phrase"])
        unless = [] if isinstance(item, str) else item.get("unless", [])
        words = {normalise_phrase(u) for u in [*unless, *exceptions]}
        words = {u for u in words if phrase in u.replace("...", "")}
        out[phrase] = Entry(phrase, tuple(sorted(words, key=len, reverse=True)), negation)
    return sorted(out.values(), key=lambda e: len(e.phrase), reverse=True)


def negation_pattern(negators: Iterable[str], fillers: Iterable[str] = ()) -> str | None:
    """A regex for "negated": one of ``negators``, then at most two ``fillers``, directly
    before the phrase (不是无法登录, 不会再投诉, not all users, don't want to complain).

    Fillers are a closed list, never "any two characters": 不满要投诉 is no
    withdrawn complaint.
    """
    words = [normalise_phrase(n) for n in negators if n.strip()]
    if not words:
        return None
    ascii_end = r"(?:^|[^a-z0-9_])"
    head = "|".join(
        (ascii_end + pl.escape_regex(w) + r"\s+") if w[-1].isascii() and w[-1].isalnum()
        else pl.escape_regex(w)
        for w in sorted(set(words), key=len, reverse=True))
    fill = [normalise_phrase(f) for f in fillers if f.strip()]
    gap = ""
    if fill:
        gap = "(?:(?:" + "|".join(
            pl.escape_regex(f) + (r"\s+" if f[-1].isascii() and f[-1].isalnum() else "")
            for f in sorted(set(fill), key=len, reverse=True)) + ")){0,2}"
    return f"(?:{head}){gap}"


def spoken(text: pl.Expr, negated: str | None = None) -> pl.Expr:
    """``text`` (normalised) with quoted words, and ``negated`` spans, blanked."""
    out = text.str.replace_all(QUOTED, BLANK)
    if negated:
        out = out.str.replace_all(negated, BLANK)
    return out


def holds_any(text: pl.Expr, found: list[Entry], negated: str | None = None) -> pl.Expr:
    """Whether ``text`` (normalised) holds one of ``found`` -- as :func:`phrase_hits`
    counts it: quotes, ``negated`` spans, ``unless`` expressions and negations
    blanked. An expression, so it also works on list elements (``list.eval``)."""
    said = spoken(text, negated)
    hits = [entry.blanked(said).str.contains(phrase_pattern([entry.phrase])) for entry in found]
    return pl.any_horizontal(hits) if hits else pl.lit(False)


def phrase_hits(messages: pl.LazyFrame, found: list[Entry], negated: str | None = None
                ) -> pl.LazyFrame:
    """One row per (message, phrase it holds): ``messages`` with ``_phrase``.

    ``messages`` needs a ``norm`` column (normalised text). Quoted words and
    ``negated`` spans are removed first; an entry's ``unless`` expressions
    (and its negation) hide the occurrences they contain, so 您不知道 does
    not fire 不知道 but "不知道。您不知道也没关系" still does; a phrase inside
    a longer one found in the same message (没办法 in 我也没办法) is not
    counted twice. Rows come in message order, and within a message in the
    order the phrases are written.
    """
    phrases = [e.phrase for e in found]
    said = spoken(pl.col("norm"), negated)
    hits = [pl.when(entry.blanked(said).str.contains(phrase_pattern([entry.phrase])))
            .then(pl.lit(entry.phrase)) for entry in found]
    return (
        messages.filter(pl.col("norm").str.contains(phrase_pattern(phrases)))
        .with_row_index("_message")
        .with_columns(pl.concat_list(hits).list.drop_nulls().alias("_found"))
        .with_columns(pl.col("_found").alias("_phrase"))
        .explode("_phrase")
        .filter(pl.col("_phrase").is_not_null() & ~_inside_longer(phrases))
        # in each message, in the order the phrases are written
        .with_columns(pl.col("norm").str.find(pl.col("_phrase"), literal=True).alias("_at"))
        .sort(["_message", "_at"], maintain_order=True)
    )


def _inside_longer(phrases: list[str]) -> pl.Expr:
    """Whether ``_phrase`` is part of a longer phrase also found in the message."""
    conditions = []
    for phrase in phrases:
        longer = [other for other in phrases if other != phrase and phrase in other]
        if longer:
            conditions.append((pl.col("_phrase") == phrase) & pl.any_horizontal(
                [pl.col("_found").list.contains(other) for other in longer]
            ))
    return pl.any_horizontal(conditions) if conditions else pl.lit(False)
