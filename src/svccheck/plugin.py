"""The public API for writing svccheck plugins: import from here, and only here.

Everything a plugin needs is re-exported from this one module, so the
internal layout (``rule.py``, ``hookspecs.py``) can move without breaking
plugins. :data:`PLUGIN_API_VERSION` changes only when this surface changes
incompatibly. Besides the declarations, it holds helpers for the two shapes
most service rules take -- *a time window between two fields* and *a phrase
in a text field* -- in both the per-ticket and the columnar flavour, so that
a team's rule is a few lines of its own logic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from svccheck.hookspecs import PLUGIN_API_VERSION, hookimpl
from svccheck.rule import (
    Rule,
    RuleContext,
    TicketFinding,
    TicketRow,
    TicketSkip,
    columnar_rule,
    ticket_rule,
)

__all__ = [
    "PLUGIN_API_VERSION",
    "Phrases",
    "Rule",
    "RuleContext",
    "TicketFinding",
    "TicketRow",
    "TicketSkip",
    "columnar_rule",
    "elapsed",
    "finding",
    "hookimpl",
    "over_window",
    "phrases",
    "skip",
    "ticket_rule",
    "window_seconds",
]


#: ``finding(ctx, zh=..., en=..., field=..., evidence=..., key=...)``: one finding
#: of a per-ticket rule, its message in both languages -- the context's own
#: builder, callable as a function. ``evidence`` is shown in every report:
#: never put a personal value in it unmasked (quote the offending phrase, not
#: the customer's number).
finding = RuleContext.finding
#: ``skip(ctx, zh=..., en=...)``: yield it from a per-ticket rule for a ticket
#: it cannot judge (a time it needs is missing, a value it cannot classify),
#: so the report counts the ticket as skipped, with that reason, not as passed.
#: Keep reasons to a few distinct texts, without ids or personal values.
skip = RuleContext.skip


# -- a time window between two fields ----------------------------------------------------


def elapsed(ticket: dict[str, Any], start: str, end: str,
            until: datetime | None = None) -> timedelta | None:
    """Time from ``ticket[start]`` to ``ticket[end]`` (per-ticket API).

    An empty ``end`` counts up to ``until`` (pass ``ctx.as_of`` so that a
    ticket still waiting at export time is measured as waiting); with no
    ``until`` it gives None, as does an empty ``start``.
    """
    begin = ticket.get(start)
    finish = ticket.get(end) or until
    if begin is None or finish is None:
        return None
    return finish - begin


def window_seconds(start: str, end: str, until: datetime | None = None) -> pl.Expr:
    """Seconds from column ``start`` to column ``end`` (columnar API).

    As :func:`elapsed`: an empty ``end`` counts up to ``until`` when given.
    """
    finish = pl.col(end)
    if until is not None:
        finish = finish.fill_null(pl.lit(until))
    return (finish - pl.col(start)).dt.total_seconds()


def over_window(start: str, end: str, limit: timedelta,
                until: datetime | None = None) -> pl.Expr:
    """True where the window from ``start`` to ``end`` is longer than ``limit`` (columnar)."""
    return window_seconds(start, end, until) > limit.total_seconds()


# -- a phrase in a text field -----------------------------------------------------------


class Phrases:
    """A phrase list, compiled once: Chinese as written, English case-insensitive.

    ``unless`` phrases exempt a text: an agent who writes 请勿向任何人透露密码
    ("never tell anyone your password") mentions the password without asking
    for it. Matching is on the text as a whole, so an exemption anywhere in one
    message clears that message -- keep exemption phrases specific.
    """

    def __init__(self, words: Iterable[str], unless: Iterable[str] = ()) -> None:
        self.words = tuple(words)
        self.unless = tuple(unless)
        if not self.words:
            raise ValueError("a phrase list needs at least one phrase")
        self._match = _compile(self.words, lookaround=True)
        self._exempt = _compile(self.unless, lookaround=True) if self.unless else None

    def search(self, text: str | None) -> str | None:
        """The first phrase found in ``text`` (as written there), unless exempted."""
        if not text:
            return None
        if self._exempt is not None and self._exempt.search(text):
            return None
        found = self._match.search(text)
        return found.group(0) if found else None

    def expr(self, column: str) -> pl.Expr:
        """Columnar: true where ``column`` contains a phrase and no exemption.

        To quote the phrase as evidence, filter with this first and call
        :meth:`search` on the (few) flagged texts.
        """
        hit = pl.col(column).str.contains(_compile(self.words, lookaround=False).pattern)
        if self.unless:
            exempt = _compile(self.unless, lookaround=False).pattern
            hit = hit & ~pl.col(column).str.contains(exempt)
        return hit.fill_null(False)


_LATIN = re.compile(r"[A-Za-z0-9]")


def _compile(words: Iterable[str], *, lookaround: bool) -> re.Pattern[str]:
    """One pattern for a phrase list.

    (?i) makes English phrases match in any case; CJK has no case. Longest
    first, so "PIN code" is quoted whole rather than as "PIN". A phrase that
    starts or ends with a Latin letter must not sit inside a longer Latin word
    ("PIN" is not in "shipping"), whatever stands next to it -- ``\b`` would
    not do, since a Han character counts as a word character. polars' regex
    engine has no look-around, so its pattern consumes the neighbour instead
    (fine for ``contains``).
    """
    before, after = ((r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])") if lookaround
                     else (r"(?:^|[^A-Za-z0-9])", r"(?:$|[^A-Za-z0-9])"))
    alternatives = []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        lead = before if _LATIN.match(word[0]) else ""
        trail = after if _LATIN.match(word[-1]) else ""
        alternatives.append(f"{lead}{re.escape(word)}{trail}")
    return re.compile("(?i)(?:" + "|".join(alternatives) + ")")


def phrases(zh: Iterable[str] = (), en: Iterable[str] = (),
            unless: Iterable[str] = ()) -> Phrases:
    """A :class:`Phrases` from Chinese and English lists (a rule's two languages)."""
    return Phrases([*zh, *en], unless)
