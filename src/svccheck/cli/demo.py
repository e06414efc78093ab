"""``svccheck demo``: the audit of the bundled sample export, as a first run shows it."""

from __future__ import annotations

import argparse

from svccheck.cli.check import cmd_check
from svccheck.cli.common import SAMPLE, sample_path

#: When the sample export was taken: the demo's findings do not change with the day it runs.
SAMPLE_AS_OF = "2025-11-30 18:00"


def cmd_demo(args: argparse.Namespace) -> int:
    if args.as_of is None:
        args.as_of = SAMPLE_AS_OF
    sample = sample_path()
    return cmd_check(args, [sample], {sample: SAMPLE})
