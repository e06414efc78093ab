"""Rule ids and families named on the command line: ``--select``, ``--ignore``, ``--require``.

A pattern is a full rule id or a family (``record`` names every
``record.*`` rule). Choosing rules this way happens before any engine runs
and again when the gate reads ``--require``, so it lives apart from both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from svccheck.errors import SvccheckError


def rule_matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """``record`` matches every ``record.*`` rule; a full id matches itself."""
    family = rule_id.split(".", 1)[0]
    return any(p in (rule_id, family) for p in patterns)


def check_patterns(patterns: Sequence[str], known: Iterable[str], option: str) -> None:
    """Refuse a ``--select``/``--ignore`` value that names no rule or family."""
    known = list(known)
    families = {k.split(".", 1)[0] for k in known}
    for pattern in patterns:
        if pattern not in known and pattern not in families:
            hint = difflib.get_close_matches(pattern, [*known, *families], n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise SvccheckError(f"{option} {pattern!r}: no such rule or family{suggestion}")
