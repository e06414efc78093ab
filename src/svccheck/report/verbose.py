"""``--verbose``: one stderr line per stage of a run, for people tuning a slow audit.

A QA lead whose monthly audit takes minutes wants to know where the time
goes -- which file, which rule -- without a profiler. Each line names a file
with its row count, or a rule with its time and finding count; it never
quotes a cell, a message or any evidence, so a verbose log can be pasted into
an issue or kept in a CI log without exposing a customer.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from svccheck.pii.paths import redact_path
from svccheck.report.control_chars import neutral


class VerboseLog:
    """Times the stages reported through the progress callbacks."""

    def __init__(self, stream: TextIO | None = None,
                 names: dict[Path, str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        #: the name reports use for a path (the bundled sample: its file name)
        self.names = names or {}
        self._started: dict[Path, float] = {}
        self._rule: tuple[str, float] | None = None
        self.rule_seconds: dict[str, float] = {}

    def engine(self, name: str, asked: str, needed: int) -> None:
        """The engine the run uses; for ``auto``, the memory estimate that chose it."""
        amount = (f"{needed / 1024**3:.1f} GB" if needed >= 1024**3
                  else f"{max(1, round(needed / 1024**2)):,} MB")
        why = f" (auto: about {amount} needed in memory)" if asked == "auto" else ""
        self._say(f"engine {name}{why}")

    def reading(self, path: Path, rows: int | None) -> None:
        """Before a file is read (``rows`` None) and after it (its row count)."""
        if rows is None:
            self._started[path] = time.perf_counter()
            return
        took = time.perf_counter() - self._started.pop(path, time.perf_counter())
        name = neutral(redact_path(str(self.names.get(path, path))))  # 张伟138****5678.csv
        self._say(f"read {name}: {rows:,} rows in {took:.2f}s")

    def rule(self, rule_id: str) -> None:
        """A rule is about to run: the previous one has finished."""
        self._close_rule()
        self._rule = (rule_id, time.perf_counter())

    def finish(self, findings_by_rule: dict[str, int], not_evaluated: dict[str, str],
               part_seconds: dict[str, float] | None = None) -> None:
        """The engine is done: log the last rule, then each rule's outcome.

        ``part_seconds``: what each rule took over the parts of an audit
        checked in parts (summed; with ``--jobs`` more than the wall clock),
        added to the time of its merge step.
        """
        self._close_rule()
        for rule_id, took in (part_seconds or {}).items():
            self.rule_seconds[rule_id] = self.rule_seconds.get(rule_id, 0.0) + took
        for rule_id, seconds in self.rule_seconds.items():
            if rule_id in not_evaluated:
                self._say(f"rule {rule_id}: not evaluated ({not_evaluated[rule_id]})")
            else:
                found = findings_by_rule.get(rule_id, 0)
                self._say(f"rule {rule_id}: {found:,} findings in {seconds:.2f}s")

    def _close_rule(self) -> None:
        if self._rule is not None:
            rule_id, started = self._rule
            self.rule_seconds[rule_id] = time.perf_counter() - started
            self._rule = None

    def _say(self, line: str) -> None:
        self.stream.write(f"svccheck: {line}\n")
        self.stream.flush()


def chain(*callbacks: Callable[..., None] | None) -> Callable[..., None] | None:
    """One callback calling each given one (``None`` if none is given)."""
    present = [c for c in callbacks if c is not None]
    if not present:
        return None

    def call(*args: object) -> None:
        for callback in present:
            callback(*args)

    return call
