"""Raw values a profile did not map, tallied per field for the report.

A priority column holding ``P2`` where the profile knows ``紧急``/``一般``
leaves every deadline rule without a target, and the user can only fix the
profile if the report names the values. So each input's mapping counts, per
classified field, the raw values that did not map and how many rows hold
each. Batches of one file are added up (:func:`add_tally`); the report
lists the most frequent ones, masked (:func:`listed`).
"""

from __future__ import annotations

from svccheck.pii.mask import redact

#: field → raw value (as written, stripped) → rows holding it.
Tally = dict[str, dict[str, int]]

#: Unmapped values the report lists per field, the most frequent first.
TOP_UNMAPPED = 20
#: Distinct unmapped values kept per field once an input comes in more than
#: one batch: a column of ids mapped as a priority must not grow without bound.
#: A file in one batch (read whole) is tallied whole.
#: Past it the rarest are dropped, so counts and "how many more" become
#: lower bounds -- of a column that is clearly not a priority anyway.
MAX_TALLIED = 10_000


def add_tally(into: Tally, more: Tally) -> None:
    """Count ``more`` into ``into`` (kept below :data:`MAX_TALLIED` per field)."""
    for name, counts in more.items():
        merged = into.setdefault(name, {})
        for value, rows in counts.items():
            merged[value] = merged.get(value, 0) + rows
        if len(merged) > MAX_TALLIED:
            into[name] = dict(_ranked(merged)[:MAX_TALLIED])


def _ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Most rows first; ties in value order, so every engine lists the same."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def listed(tally: Tally, top: int = TOP_UNMAPPED) -> tuple[Tally, dict[str, int]]:
    """The report's view: each field's ``top`` values (masked) and how many more there are.

    A cell of a classified column may hold personal data (a phone number
    typed into the priority column), so every listed value is masked;
    values that mask alike are counted together.
    """
    values: Tally = {}
    more: dict[str, int] = {}
    for name in sorted(tally):
        ranked = _ranked(tally[name])
        shown: dict[str, int] = {}
        for value, rows in ranked[:top]:
            masked = redact(value) or value
            shown[masked] = shown.get(masked, 0) + rows
        values[name] = shown
        if len(ranked) > top:
            more[name] = len(ranked) - top
    return values, more
