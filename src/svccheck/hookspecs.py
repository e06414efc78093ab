"""The plugin contract, and nothing else.

Every hook takes no argument and returns a list of things the plugin
provides. The built-in readers, profiles, rules and reporters are registered
through these same hooks, so the API is exercised by the project itself.
docs/plugins.md documents each hook in a section of its own, and a test
named ``test_hook_<hook>`` exercises it (tests/test_hook_docs.py checks both).
Plugin authors import from :mod:`svccheck.plugin`, not from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("svccheck")
hookimpl = pluggy.HookimplMarker("svccheck")

#: The plugin API version. It changes only when a hook or the Rule contract
#: changes incompatibly; a plugin may declare ``SVCCHECK_PLUGIN_API = 1`` in its
#: module so that an svccheck it was not written for refuses it by name instead
#: of failing somewhere inside a run.
PLUGIN_API_VERSION = 1


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
