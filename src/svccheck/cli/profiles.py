"""``svccheck profiles``: list, show or start (``init``) an input profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from tabulate import tabulate

from svccheck.cli.common import registry_for
from svccheck.config import load_config
from svccheck.errors import SvccheckError
from svccheck.io.base import ReadOptions
from svccheck.io.load import resolve_profile
from svccheck.io.profile_files import render_profile
from svccheck.io.profile_init import starter_profile
from svccheck.io.profiles import load_profiles
from svccheck.outputs import Staged, check_outputs


def cmd_profiles(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = registry_for(args, config)
    lang = args.lang or config.get("lang", "en")
    profiles = load_profiles(registry.profile_files)
    if args.action is not None and not args.ref:
        what = "a profile id or a path to a .yaml file" if args.action == "show" else "an export"
        raise SvccheckError(f"profiles {args.action}: give {what}")
    if args.action == "show":
        print(render_profile(resolve_profile(args.ref, profiles)), end="")
        return 0
    if args.action == "init":
        check_outputs([Path(args.ref)], [args.output])  # never over the export it reads
        text = starter_profile(Path(args.ref), readers=registry.readers, profiles=profiles,
                               options=ReadOptions(sheet=args.sheet, encoding=args.encoding))
        with Staged() as staged:
            staged.write(text, args.output, "the profile")
        return 0
    rows = [[p.id, p.title_in(lang), len(p.fields), "yes" if p.events else "no", p.path.name]
            for p in profiles.values()]
    print(tabulate(rows, headers=["profile", "title", "fields", "events", "file"],
                   tablefmt="simple"))
    return 0
