"""A progress bar on stderr for long runs: rows read, rules run.

It appears only when someone is watching -- stderr is a terminal, the input
is large (``LARGE_INPUT_BYTES`` on disk, known before reading starts) and
``--quiet`` was not given. Anywhere else (CI logs, pipes, small files) it is
silent: a log full of carriage returns helps nobody, and a machine reading
stderr for one error line must get exactly that. The bar draws on one line
and erases itself before the report is written.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from svccheck.pii.paths import redact_path
from svccheck.report.control_chars import neutral

#: Total input size from which a run is "large" enough to show progress.
LARGE_INPUT_BYTES = 8 * 1024 * 1024
_WIDTH = 24


def input_bytes(paths: Sequence[Path]) -> int:
    """Total size of the inputs; a file that cannot be stat'ed counts 0 (the reader reports it)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


class Progress:
    """Draws ``svccheck [#####-----] 3/10 rules · 1,200,000 rows · record.time-order``."""

    def __init__(self, stream: TextIO | None, files: int = 0, rules: int = 0) -> None:
        #: None: silent.
        self.stream = stream
        self.files = files
        self.rules = rules
        self.rows = 0
        self._file = 0
        self._rule = 0
        self._drawn = False

    @classmethod
    def for_run(cls, paths: Sequence[Path], *, quiet: bool, rules: int,
                stream: TextIO | None = None) -> Progress:
        """A bar if a person is watching a large run, else a silent one."""
        stream = stream if stream is not None else sys.stderr
        isatty = getattr(stream, "isatty", None)
        show = (not quiet and callable(isatty) and isatty()
                and input_bytes(paths) >= LARGE_INPUT_BYTES)
        return cls(stream if show else None, files=len(paths), rules=rules)

    @property
    def enabled(self) -> bool:
        return self.stream is not None

    def reading(self, path: Path, rows: int | None) -> None:
        """Before a file is read (``rows`` None) and after (its row count)."""
        if rows is None:
            self._file += 1
            self._draw(self._file - 1, self.files, f"reading {neutral(redact_path(path.name))}")
        else:
            self.rows += rows
            self._draw(self._file, self.files, f"read {neutral(redact_path(path.name))}")

    def rule(self, rule_id: str) -> None:
        """A rule is about to run."""
        self._rule += 1
        self._draw(self._rule - 1, self.rules, rule_id, unit="rules")

    def part(self, done: int, total: int) -> None:
        """The streaming engine has checked ``done`` of ``total`` parts."""
        self._draw(done, total, "checking parts", unit="parts")

    def done(self) -> None:
        """Erase the bar so the report starts on a clean line."""
        if self.stream is not None and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def _draw(self, done: int, total: int, what: str, unit: str = "files") -> None:
        if self.stream is None:
            return
        filled = _WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (_WIDTH - filled)
        line = f"svccheck [{bar}] {done}/{total} {unit} · {self.rows:,} rows · {what}"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self._drawn = True
