"""``svccheck schema``: print one of the JSON Schemas svccheck validates against."""

from __future__ import annotations

import argparse
import json

from svccheck.schemas import load_schema


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(load_schema(args.name), ensure_ascii=False, indent=2))
    return 0
