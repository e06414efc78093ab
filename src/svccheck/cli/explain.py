"""``svccheck explain``: a rule's documentation, parameters and clause, or a family's rules."""

from __future__ import annotations

import argparse

from svccheck import explain
from svccheck.cli.common import registry_for
from svccheck.config import load_config
from svccheck.errors import SvccheckError


def cmd_explain(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = registry_for(args, config)
    lang = args.lang or config.get("lang", "en")
    rule = registry.rules.get(args.rule)
    families = {r.split(".", 1)[0] for r in registry.rules}
    if rule is None and args.rule in families:
        print(explain.explain_family(args.rule, registry.rules.values(), lang), end="")
        return 0
    if rule is None:
        import difflib

        hint = difflib.get_close_matches(args.rule, [*registry.rules, *families], n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise SvccheckError(f"unknown rule or family {args.rule!r}{suggestion}")
    print(explain.explain_rule(rule, lang), end="")
    return 0
