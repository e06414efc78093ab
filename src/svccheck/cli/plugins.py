"""``svccheck plugins``: the loaded plugins and what each provides."""

from __future__ import annotations

import argparse
import textwrap

from tabulate import tabulate

from svccheck.cli.common import registry_for
from svccheck.config import load_config


def cmd_plugins(args: argparse.Namespace) -> int:
    registry = registry_for(args, load_config(args.config))
    rows = []
    for info in registry.plugins:
        provides = "; ".join(f"{k}: {', '.join(v)}" for k, v in info.provides.items()) or "-"
        rows.append([info.name, info.version, info.origin, ", ".join(info.hooks) or "-",
                     textwrap.fill(provides, 72, break_on_hyphens=False)])
    print(tabulate(rows, headers=["plugin", "version", "from", "hooks", "provides"],
                   tablefmt="simple"))
    return 0
