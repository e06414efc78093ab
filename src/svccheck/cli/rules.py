"""``svccheck rules``: the loaded rules, or those a standard enables, with its settings."""

from __future__ import annotations

import argparse
import json

from tabulate import tabulate

from svccheck import explain
from svccheck.cli.common import registry_for
from svccheck.config import load_config
from svccheck.standards import load_standard, resolve_rules


def cmd_rules(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = registry_for(args, config)
    lang = args.lang or config.get("lang", "en")
    standard = load_standard(args.standard, registry.standard_dirs) if args.standard else None
    if args.format == "json":
        listed = ([explain.rule_json(a.rule, severity=str(a.severity), clause=a.clause,
                                     params=a.params)
                   for a in resolve_rules(standard, registry.rules)] if standard is not None
                  else [explain.rule_json(r) for r in
                        sorted(registry.rules.values(), key=lambda r: r.id)])
        print(json.dumps(listed, ensure_ascii=False, indent=2, default=str))
        return 0
    if standard is not None:
        rows = [[a.rule.id, str(a.severity), a.rule.title_in(lang), a.clause or "-"]
                for a in resolve_rules(standard, registry.rules)]
        print(f"{standard.id} {standard.version}: {standard.title_in(lang)}")
    else:
        rows = [[r.id, str(r.severity), r.title_in(lang), r.clause or "-", r.plugin]
                for r in sorted(registry.rules.values(), key=lambda r: r.id)]
    headers = ["rule", "severity", "title", "clause", "plugin"][: len(rows[0]) if rows else 5]
    print(tabulate(rows, headers=headers, tablefmt="simple"))
    return 0
