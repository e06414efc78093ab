"""Which masked forms of a ticket together show a whole number -- without trying every pair.

``privacy.complementary-masks`` asks, for each ticket, which two masked
forms (``138****5678`` and ``1381234****``) together show every digit.
Trying every pair costs the square of the forms a ticket holds: a
description of a thousand repeated masked numbers took seconds, a 1 MiB
one hours. Yet two copies of one form never complement each other, and two
forms can only when they hide disjoint positions and agree where both show
a digit. So forms are taken once each, grouped by length and by which
positions they hide, and only groups hiding disjoint positions are matched,
through a lookup on the digits both show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from svccheck.pii.masked import Masked


def _hidden(form: Masked) -> int:
    """The hidden positions as bits."""
    return sum(1 << n for n, digit in enumerate(form.positions) if digit is None)


def complementary_pairs(forms: Sequence[Masked]) -> list[tuple[int, int, str]]:
    """Every ``(i, j, value)`` of forms ``i < j`` that combine (:meth:`Masked.combine`).

    Of the pairs made of the same two forms written again (``forms[i]`` and
    ``forms[i2]`` alike), only the earliest is given; they reveal the same
    value. The pairs come in the order a loop over ``i``, then ``j``, meets
    them, so a caller reporting each value once reports what that loop would.
    """
    first: dict[tuple[str | None, ...], int] = {}
    for index, form in enumerate(forms):
        first.setdefault(form.positions, index)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)  # (length, hidden) -> forms
    for index in first.values():
        form = forms[index]
        groups[(form.length, _hidden(form))].append(index)
    pairs: list[tuple[int, int, str]] = []
    keys = sorted(groups)
    for a, (length, hidden_a) in enumerate(keys):
        for length_b, hidden_b in keys[a + 1:]:
            if length_b != length or hidden_a & hidden_b:
                continue
            shared = [n for n in range(length) if not (hidden_a | hidden_b) >> n & 1]
            lookup: dict[tuple[str | None, ...], list[int]] = defaultdict(list)
            for index in groups[(length_b, hidden_b)]:
                lookup[tuple(forms[index].positions[n] for n in shared)].append(index)
            for index in groups[(length, hidden_a)]:
                key = tuple(forms[index].positions[n] for n in shared)
                for other in lookup.get(key, ()):
                    i, j = min(index, other), max(index, other)
                    value = forms[i].combine(forms[j])
                    assert value is not None
                    pairs.append((i, j, value))
    pairs.sort()
    return pairs
