"""Scoring a reader on labelled lines: precision and recall, overall and per group.

Every labelled-set benchmark (forbidden phrases, promises, signal words,
empathy, escalations, follow-up verdicts, the insurance cadence) scores the
same way, so their figures in bench/RESULTS.md mean the same thing: one
module counts them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A labelled line: its group (e.g. ``look-alike``), its text, and its label.
Flagged = tuple[str, str, bool]
Listed = tuple[str, str, tuple[str, ...]]


@dataclass
class Score:
    """Findings counted against the labels: true and false positives, misses."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_flags(lines: Sequence[Flagged], read: Sequence[bool], positive: bool = True
                ) -> tuple[Score, dict[str, Score], list[tuple[str, bool, bool]]]:
    """Yes/no readings against yes/no labels; ``positive`` is the value a finding has.

    Returns the overall score, the score per group and the lines read wrong
    (text, label, reading).
    """
    total, groups, wrong = Score(), {}, []
    for (group, text, want), have in zip(lines, read, strict=True):
        score = groups.setdefault(group, Score())
        found, expected = have == positive, want == positive
        for s in (total, score):
            if found and expected:
                s.tp += 1
            elif found:
                s.fp += 1
            elif expected:
                s.fn += 1
        if have != want:
            wrong.append((text, want, have))
    return total, groups, wrong


def score_items(lines: Sequence[Listed], found: Sequence[Iterable[str]]
                ) -> tuple[Score, dict[str, Score], list[tuple[str, tuple[str, ...], list[str]]]]:
    """Items found in each line (phrases, deadlines) against the items labelled.

    An item found twice where it is labelled once is one true and one false
    positive. Returns the overall score, the score per group and the lines
    read wrong (text, labelled items, found items).
    """
    total, groups, wrong = Score(), {}, []
    for (group, text, expected), got in zip(lines, found, strict=True):
        got = list(got)
        want, have = Counter(expected), Counter(got)
        score = groups.setdefault(group, Score())
        for s in (total, score):
            s.tp += sum((want & have).values())
            s.fp += sum((have - want).values())
            s.fn += sum((want - have).values())
        if want != have:
            wrong.append((text, expected, got))
    return total, groups, wrong


def print_groups(lines: Sequence[tuple[str, ...]], groups: dict[str, Score],
                 unit: str = "lines", order: Iterable[str] | None = None) -> None:
    """The Markdown table of found / false positives / missed per group.

    A line's group is its first item. Groups in ``order`` (default: as they
    first come in ``lines``); a group with no line scores nothing.
    """
    print(f"| group | {unit} | found | false positives | missed |\n|---|---:|---:|---:|---:|")
    for group in order if order is not None else dict.fromkeys(line[0] for line in lines):
        s = groups.get(group, Score())
        count = sum(line[0] == group for line in lines)
        print(f"| {group} | {count} | {s.tp} | {s.fp} | {s.fn} |")
