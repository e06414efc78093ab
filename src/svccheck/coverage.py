"""What a rule judged: the tickets (or groups) it checked, and why it skipped the rest.

A rule that finds nothing has either checked everything and found it in
order, or looked at nothing at all -- an export whose priorities the profile
does not map, an events file without roles. For a CI gate the second is
worse than a crash, so every rule reports its *coverage* beside its
findings, and a rule's status follows from both (DESIGN.md, "Coverage"):

* ``passed`` -- judged at least one, skipped none, no finding;
* ``failed`` -- at least one finding (skips are still listed);
* ``partial`` -- no finding, but some tickets in scope were skipped;
* ``not_evaluated`` -- judged none (the export lacks what the rule needs, or
  every ticket in scope was skipped).

Coverage adds up: a streamed or distributed run sums the parts' coverage,
which equals the coverage of one run over all tickets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from svccheck.pii.mask import redact

#: What a rule counts: tickets, or (KPIs) groups of tickets.
UNITS = ("tickets", "groups")
#: Distinct skip reasons kept per rule; the rest are counted under OTHER. A
#: reason may quote a raw value ("priority 'P2' has no target"), and an
#: export can hold thousands of them: the report stays readable and small.
MAX_REASONS = 50
OTHER = {"en": "other reasons", "zh": "其他原因"}
STATUSES = ("passed", "failed", "partial", "not_evaluated")


@dataclass
class Coverage:
    """Tickets (or groups) a rule judged, and those it skipped, by reason."""

    checked: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unit: str = "tickets"

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def in_scope(self) -> int:
        return self.checked + self.skipped_total

    def add(self, other: Coverage, lang: str = "en") -> Coverage:
        """This coverage and ``other`` together (parts of one audit)."""
        skipped = dict(self.skipped)
        for reason, count in other.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
        unit = self.unit if self.in_scope or not other.in_scope else other.unit
        return Coverage(self.checked + other.checked, capped(skipped, lang), unit)


def capped(skipped: Mapping[str, int], lang: str = "en") -> dict[str, int]:
    """At most :data:`MAX_REASONS` reasons, most frequent first; the rest under OTHER."""
    ordered = sorted(skipped.items(), key=lambda item: (-item[1], item[0]))
    if len(ordered) <= MAX_REASONS:
        return dict(ordered)
    kept = dict(ordered[: MAX_REASONS - 1])
    other = OTHER["zh" if lang == "zh" else "en"]
    kept[other] = kept.get(other, 0) + sum(count for _, count in ordered[MAX_REASONS - 1:])
    return kept


def from_counts(rows: Iterable[tuple[str | None, int]], unit: str = "tickets",
                lang: str = "en") -> Coverage:
    """Coverage from ``(reason or None, count)`` pairs: None counts as judged.

    Reasons are masked (:func:`svccheck.pii.redact`): a reason may quote a
    cell, and a cell may hold a phone number.
    """
    checked = 0
    skipped: dict[str, int] = {}
    for reason, count in rows:
        if reason is None:
            checked += int(count)
        else:
            text = redact(reason) or reason
            skipped[text] = skipped.get(text, 0) + int(count)
    return Coverage(checked, capped(skipped, lang), unit)


def status(evaluated: bool, coverage: Coverage | None, findings: int) -> str:
    """A rule's status from whether it ran, what it judged and its active findings."""
    if findings > 0:
        return "failed"
    if not evaluated or coverage is None or coverage.checked == 0:
        return "not_evaluated"
    return "partial" if coverage.skipped else "passed"


def top_reasons(skipped: Mapping[str, int], lang: str = "en", most: int = 3) -> str:
    """``2 × priority 'P2' has no target; 1 × created_at unreadable`` -- the commonest reasons."""
    ordered = sorted(skipped.items(), key=lambda item: (-item[1], item[0]))
    text = "; ".join(f"{count} × {reason}" for reason, count in ordered[:most])
    rest = len(ordered) - most
    if rest > 0:
        text += f"; 另有 {rest} 种原因" if lang == "zh" else f"; {rest} more reason(s)"
    return text


def describe(coverage: Coverage | None, lang: str = "en") -> str:
    """``judged 3 of 5 tickets; 2 skipped: 2 × priority 'P2' has no target``."""
    if coverage is None:
        return ""
    zh = lang == "zh"
    unit = ("个分组" if coverage.unit == "groups" else "张工单") if zh else coverage.unit
    if not coverage.skipped:
        return (f"已判定 {coverage.checked} {unit}" if zh
                else f"judged {coverage.checked} {unit}")
    head = (f"已判定 {coverage.checked}/{coverage.in_scope} {unit}，跳过 "
            f"{coverage.skipped_total}：" if zh
            else f"judged {coverage.checked} of {coverage.in_scope} {unit}; "
            f"{coverage.skipped_total} skipped: ")
    return head + top_reasons(coverage.skipped, lang)
