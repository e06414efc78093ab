"""``--require``: a gate that demands coverage, not only the absence of findings.

A CI gate that passes because a rule judged nothing is worse than one that
crashes. ``--require RULES`` (rule ids, families, or ``all``; also
``require:`` in a standard and in the config file) names the rules that
must judge every ticket in their scope: a required rule whose status is
``partial`` or ``not_evaluated`` fails the run (exit 1) whatever
``--fail-on`` says, and the verdict names the rule and its commonest skip
reasons. Requiring a rule the run does not enable is a usage error (exit 2):
the requirement could never be met.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from svccheck.coverage import describe, status, top_reasons
from svccheck.engines.contract import RuleOutcome
from svccheck.errors import SvccheckError
from svccheck.rule_patterns import rule_matches
from svccheck.standards import ActiveRule

ALL = "all"


def split(values: Iterable[str]) -> list[str]:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``, in order, without repeats."""
    out: list[str] = []
    for item in values:
        for part in item.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def required(patterns: Sequence[str], active: Sequence[ActiveRule],
             known: Iterable[str]) -> list[str]:
    """The ids of the active rules ``patterns`` require, in run order.

    A pattern naming no loaded rule or family is refused with a suggestion;
    one naming loaded rules none of which runs is refused too.
    """
    known = list(known)
    families = {k.split(".", 1)[0] for k in known}
    running = [a.rule.id for a in active]
    for pattern in patterns:
        if pattern == ALL:
            continue
        if pattern not in known and pattern not in families:
            hint = difflib.get_close_matches(pattern, [*known, *families, ALL], n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise SvccheckError(f"--require {pattern!r}: no such rule or family{suggestion} "
                                "(svccheck rules lists the loaded rules)")
        if not any(rule_matches(rule_id, [pattern]) for rule_id in running):
            raise SvccheckError(
                f"--require {pattern!r}: not enabled in this run (the standard does not "
                f"enable it, or --select/--ignore left it out); enable it in the standard "
                f"or add --select {pattern}")
    if ALL in patterns:
        return running
    return [rule_id for rule_id in running if rule_matches(rule_id, patterns)]


def uncovered(rules: Sequence[str], outcomes: Sequence[RuleOutcome],
              active_counts: Mapping[str, int], lang: str = "en") -> list[str]:
    """One line per required rule that did not judge all it was given.

    ``active_counts`` are the active findings per rule (after waivers and
    the baseline), which decide a rule's status as the report shows it.
    """
    by_id = {o.rule.id: o for o in outcomes}
    lines: list[str] = []
    for rule_id in rules:
        outcome = by_id.get(rule_id)
        if outcome is None:
            continue
        state = status(outcome.evaluated, outcome.coverage, active_counts.get(rule_id, 0))
        coverage = outcome.coverage
        if state == "not_evaluated":
            why = outcome.reason or (
                top_reasons(coverage.skipped, lang) if coverage is not None and coverage.skipped
                else ("范围内没有工单" if lang == "zh" else "no ticket in its scope"))
            lines.append(f"{rule_id} 未检查：{why}" if lang == "zh"
                         else f"{rule_id} not evaluated: {why}")
        elif state == "partial":
            lines.append(f"{rule_id} 部分检查：{describe(coverage, lang)}" if lang == "zh"
                         else f"{rule_id} partial: {describe(coverage, lang)}")
    return lines
