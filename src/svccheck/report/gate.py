"""The gate: findings in, a verdict out.

Exit codes are a contract (DESIGN.md): 0 no finding at or above
``--fail-on``; 1 at least one; 2 the run could not be trusted (raised as
:class:`~svccheck.errors.SvccheckError` long before the gate is reached).
"""

from __future__ import annotations

from collections.abc import Iterable

from svccheck.model import Severity

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
