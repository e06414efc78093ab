"""The gate: counts in, a verdict out.

Exit codes are a contract (DESIGN.md): 0 no finding at or above
``--fail-on``; 1 at least one; 2 the run could not be trusted (raised as
:class:`~svccheck.errors.SvccheckError` long before the gate is reached).

``--max-findings SEVERITY=N`` turns the all-or-nothing threshold into a
budget: a team adopting a standard on a messy export can allow, say, 40
warnings today and ratchet the number down. For a severity at or above
``--fail-on`` the default budget is 0; for one below it there is none unless
given. The gate only ever sees *active* findings -- waived and baselined
ones were accepted on purpose -- but rows that could not be read fail the
run whatever any option says: a run never passes after skipping input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from svccheck.errors import SvccheckError
from svccheck.model import SEVERITY_NAMES, Severity

FAIL_ON_CHOICES: tuple[str, ...] = ("error", "warning", "info", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_UNTRUSTED = 0, 1, 2


def failed(severities: Iterable[str], fail_on: str) -> bool:
    """Whether any finding is at or above the ``fail_on`` threshold."""
    if fail_on == "never":
        return False
    threshold = Severity.parse(fail_on)
    return any(Severity.parse(s) >= threshold for s in severities)


def exit_code(is_failed: bool) -> int:
    return EXIT_FINDINGS if is_failed else EXIT_OK


def parse_max_findings(values: Sequence[str]) -> dict[str, int]:
    """``["error=0,warning=10", "info=100"]`` -> ``{"error": 0, "warning": 10, "info": 100}``.

    A malformed value is a usage error (exit 2): a typo in a CI budget must
    not silently become "no budget".
    """
    limits: dict[str, int] = {}
    for item in values:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            severity, sep, number = part.partition("=")
            severity = severity.strip().lower()
            if not sep or severity not in SEVERITY_NAMES:
                raise SvccheckError(
                    f"--max-findings {part!r}: use SEVERITY=N with SEVERITY one of "
                    f"{', '.join(SEVERITY_NAMES)} (e.g. --max-findings warning=10)"
                )
            try:
                limit = int(number.strip())
            except ValueError:
                limit = -1
            if limit < 0:
                raise SvccheckError(
                    f"--max-findings {part!r}: {number.strip()!r} is not a whole number >= 0"
                )
            limits[severity] = limit
    return limits


@dataclass(frozen=True)
class Verdict:
    """Why the run passed or failed: the budget per severity and what exceeded it."""

    failed: bool
    #: Allowed active findings per severity; None = no limit.
    limits: dict[str, int | None]
    #: Active findings per severity.
    counts: dict[str, int]
    #: Severities whose count is over their limit, most severe first.
    exceeded: tuple[str, ...] = ()
    unreadable_rows: int = 0
    fail_on: str = "error"
    max_findings: dict[str, int] = field(default_factory=dict)
    #: Required rules (``--require``) that did not judge all they were given,
    #: one line each (:func:`svccheck.report.require.uncovered`).
    uncovered: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"limits": dict(self.limits), "exceeded": list(self.exceeded),
                "unreadable_rows": self.unreadable_rows, "uncovered": list(self.uncovered)}

    def reasons(self, lang: str = "en") -> list[str]:
        """One short phrase per cause of failure, e.g. ``warning 12 > 10``."""
        exceeded = [f"{s} {self.counts[s]} > {self.limits[s]}" for s in self.exceeded]
        return exceeded + self.untrusted(lang)

    def untrusted(self, lang: str = "en") -> list[str]:
        """The causes that fail a run whatever its findings: unreadable rows, and
        required rules that did not judge all they were given."""
        out = []
        if self.unreadable_rows:
            out.append(f"{self.unreadable_rows} 行无法读取" if lang == "zh"
                       else f"{self.unreadable_rows} unreadable row(s)")
        out.extend(f"--require {line}" for line in self.uncovered)
        return out


def judge(
    counts: Mapping[str, int],
    fail_on: str,
    max_findings: Mapping[str, int] | None = None,
    unreadable_rows: int = 0,
    uncovered: Sequence[str] = (),
) -> Verdict:
    """The verdict on active finding ``counts`` (severity -> count).

    ``uncovered`` are the required rules that did not judge all they were
    given: each fails the run, whatever ``fail_on`` says.
    """
    max_findings = dict(max_findings or {})
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    limits: dict[str, int | None] = {}
    for severity in SEVERITY_NAMES:
        if severity in max_findings:
            limits[severity] = max_findings[severity]
        elif threshold is not None and Severity.parse(severity) >= threshold:
            limits[severity] = 0
        else:
            limits[severity] = None
    full = {s: int(counts.get(s, 0)) for s in SEVERITY_NAMES}
    exceeded = tuple(s for s in SEVERITY_NAMES
                     if limits[s] is not None and full[s] > limits[s])  # type: ignore[operator]
    return Verdict(
        failed=bool(exceeded) or unreadable_rows > 0 or bool(uncovered), limits=limits,
        counts=full, exceeded=exceeded, unreadable_rows=unreadable_rows, fail_on=fail_on,
        max_findings=max_findings, uncovered=tuple(uncovered),
    )
