"""Where a run's reports go: several formats from one audit, files written as users expect.

A CI job wants SARIF for code scanning, Markdown for the job summary and
HTML for the QA lead -- from one audit, not three. ``--report FORMAT:PATH``
(repeatable; ``-`` is stdout) adds a report to the one ``--format`` and
``--output`` describe; every report is rendered from the same
:class:`~svccheck.report.base.Report`, so they cannot disagree.

Files are written atomically and only once the run has succeeded
(:class:`svccheck.outputs.Staged`: a temporary file in the same directory,
renamed over the target), so a reader never sees half a report and a
failed run leaves the old one. A temporary file is private (0600), so the
result is given the mode a plain ``open()`` would have made -- 0666 less the
umask -- or, when it replaces a file, that file's mode
(:func:`new_file_mode`): a report published with 0644 stays readable after
the next run.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from svccheck.errors import SvccheckError

#: The ``--color`` choices.
COLOR_CHOICES = ("auto", "always", "never")
#: What ``PATH`` in ``--report FORMAT:PATH`` names for standard output.
STDOUT = "-"


@dataclass(frozen=True)
class Output:
    """One report of the run: a format, written to a file or (path None) to stdout."""

    format: str
    path: Path | None = None
    #: The option that asked for it, for messages.
    origin: str = "--format"

    @property
    def label(self) -> str:
        return f"{self.format}:{self.path if self.path is not None else STDOUT}"


def parse_report(value: str) -> Output:
    """``sarif:out/svccheck.sarif`` -> Output("sarif", Path(...)); ``markdown:-`` is stdout."""
    fmt, sep, path = value.partition(":")
    if not sep or not fmt.strip() or not path.strip():
        raise SvccheckError(f"--report {value!r}: use FORMAT:PATH, e.g. --report "
                            "sarif:svccheck.sarif (PATH - is standard output)")
    path = path.strip()
    return Output(fmt.strip(), None if path == STDOUT else Path(path), "--report")


def plan_outputs(fmt: str | None, output: Path | None, reports: Sequence[str],
                 default_format: str) -> list[Output]:
    """Every report of the run, in order: ``--format``/``--output``, then each ``--report``.

    The ``--format``/``--output`` report is always written when either is
    given; without them it is the default text on stdout, unless a
    ``--report`` already takes stdout. Two reports to one place are refused.
    """
    extra = [parse_report(value) for value in reports]
    outputs: list[Output] = []
    if fmt is not None or output is not None or not any(o.path is None for o in extra):
        outputs.append(Output(fmt or default_format, output))
    outputs.extend(extra)
    seen: dict[str, Output] = {}
    for item in outputs:
        where = "stdout" if item.path is None else os.path.abspath(item.path)
        if where in seen:
            raise SvccheckError(f"--report {item.label}: {seen[where].label} already writes "
                                f"to {'standard output' if item.path is None else item.path}")
        seen[where] = item
    return outputs


def use_color(choice: str, output: Path | None) -> bool:
    """Whether the text report may colour its lines.

    ``--color always``/``never`` decide; ``auto`` colours for a person at a
    terminal only: FORCE_COLOR (https://force-color.org) forces it, NO_COLOR
    (https://no-color.org) or TERM=dumb turns it off. A file never gets
    colour on ``auto``.
    """
    if choice == "always":
        return True
    if choice == "never" or output is not None:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def _umask() -> int:
    """The process's umask, without changing it where the system can tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(target: Path) -> int:
    """The mode ``target`` gets: its own when it exists, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()
