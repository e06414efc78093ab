"""``svccheck standards``: the available standards, or one resolved after ``extends``."""

from __future__ import annotations

import argparse

from tabulate import tabulate

from svccheck.cli.common import registry_for
from svccheck.config import load_config
from svccheck.errors import SvccheckError
from svccheck.standards import available_standards, load_standard
from svccheck.standards_view import load_view, render_json, render_text


def cmd_standards(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = registry_for(args, config)
    lang = args.lang or config.get("lang", "en")
    if args.action == "show":
        if not args.ref:
            raise SvccheckError("standards show: give a standard id or a path to a .yaml file")
        shown = load_view(args.ref, registry.standard_dirs, registry.rules, lang)
        print(render_json(shown) if args.format == "json" else render_text(shown, lang), end="")
        return 0
    rows = []
    for ref, path in sorted(available_standards(registry.standard_dirs).items()):
        standard = load_standard(str(path), registry.standard_dirs)
        rows.append([ref, standard.version, standard.title_in(lang), len(standard.rules)])
    print(tabulate(rows, headers=["standard", "version", "title", "rules"], tablefmt="simple"))
    return 0
