"""What the commands share: defaults, the bundled sample and loading the plugins."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from svccheck.config import Config
from svccheck.plugins import Registry, load_plugins

DEFAULT_STANDARD = "cn-baseline"
DEFAULT_TIMEZONE = "UTC"
SAMPLE = "sample-response-record.csv"
#: Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130
#: Rules that run in every audit, whatever the standard, --select or --ignore say:
#: rows the readers could not parse are never dropped silently.
ALWAYS_ON = ("record.readable-row",)


def split_list(values: Sequence[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def registry_for(args: argparse.Namespace, config: Config) -> Registry:
    modules = [*config.get("plugins", []), *args.plugins]
    plugins_dir = args.plugins_dir or config.plugins_dir()
    return load_plugins(modules, plugins_dir)


def sample_path() -> Path:
    """The bundled sample export (a GB18030 response-record CSV)."""
    return Path(str(resources.files("svccheck").joinpath("data", SAMPLE)))
