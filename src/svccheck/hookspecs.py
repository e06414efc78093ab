"""The plugin contract, and nothing else.

Every hook returns a list of things the plugin provides. The built-in
readers, profiles, rules and reporters are registered through these same
hooks, so the API is exercised by the project itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("svccheck")
hookimpl = pluggy.HookimplMarker("svccheck")


@hookspec
def svccheck_rules() -> list[Any]:
    """Return :class:`svccheck.rule.Rule` objects this plugin provides."""


@hookspec
def svccheck_readers() -> list[Any]:
    """Return reader objects (see :class:`svccheck.io.base.Reader`) for further file formats."""


@hookspec
def svccheck_profiles() -> list[Path]:
    """Return paths of profile YAML files this plugin ships."""


@hookspec
def svccheck_reporters() -> list[Any]:
    """Return reporter objects (see :class:`svccheck.report.base.Reporter`)."""


@hookspec
def svccheck_standards() -> list[Path]:
    """Return directories holding standard YAML files this plugin ships."""
