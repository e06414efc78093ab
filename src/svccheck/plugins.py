"""The plugin manager: built-ins, entry points, ``-p module`` and a plugins directory.

All four sources go through one pluggy ``PluginManager``. A plugin that fails
to import, or whose hook raises or returns something malformed, stops the run
with a :class:`~svccheck.errors.PluginError` naming the plugin -- a rule that
silently did not load would make a green run a lie.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from svccheck import hookspecs
from svccheck.errors import PluginError
from svccheck.rule import Rule

ENTRY_POINT_GROUP = "svccheck"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "svccheck.io.formats",
    "svccheck.io.profiles",
    "svccheck.standards",
    "svccheck.rules.record",
    "svccheck.rules.response",
    "svccheck.rules.revisit",
    "svccheck.rules.escalation",
    "svccheck.rules.kpi",
    "svccheck.rules.policy",
    "svccheck.rules.greeting",
    "svccheck.rules.conduct",
    "svccheck.rules.privacy",
    "svccheck.report.text",
    "svccheck.report.json_report",
    "svccheck.report.jsonl",
    "svccheck.report.csv_report",
    "svccheck.report.sarif",
    "svccheck.report.junit",
    "svccheck.report.github",
    "svccheck.report.markdown",
    "svccheck.report.html",
)


@dataclass
class PluginInfo:
    """One loaded plugin and what it provides (``svccheck plugins``)."""

    name: str
    origin: str
    provides: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Registry:
    """Everything the loaded plugins provide, keyed for lookup."""

    plugins: list[PluginInfo]
    rules: dict[str, Rule]
    readers: list[Any]
    profile_files: list[Path]
    reporters: dict[str, Any]
    standard_dirs: list[Path]


def _import_file(path: Path) -> ModuleType:
    """Import a plugin module or package from the plugins directory."""
    target = path / "__init__.py" if path.is_dir() else path
    name = f"svccheck_local_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(
        name, target, submodule_search_locations=[str(path)] if path.is_dir() else None
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {target}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _load(pm: pluggy.PluginManager, name: str, origin: str, loader: Callable[[], Any]) -> None:
    try:
        plugin = loader()
    except Exception as exc:  # any import-time failure is the plugin's, not ours
        raise PluginError(
            f"plugin {name!r} ({origin}) failed to load: {type(exc).__name__}: {exc}"
        ) from exc
    if pm.is_registered(plugin) or pm.get_plugin(name) is not None:
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r} ({origin}) is invalid: {exc}") from exc


def plugin_dir_entries(directory: Path) -> list[Path]:
    """Modules and packages in a local plugins directory, in a stable order."""
    if not directory.is_dir():
        raise PluginError(f"{directory}: plugins directory does not exist")
    return sorted(
        p for p in directory.iterdir()
        if not p.name.startswith(("_", "."))
        and ((p.is_file() and p.suffix == ".py") or (p.is_dir() and (p / "__init__.py").exists()))
    )


def load_plugins(
    modules: Sequence[str] = (),
    plugins_dir: Path | None = None,
    *,
    entry_points_enabled: bool = True,
) -> Registry:
    """Load every plugin source and collect what they provide."""
    pm = pluggy.PluginManager("svccheck")
    pm.add_hookspecs(hookspecs)
    origins: dict[str, str] = {}

    def add(name: str, origin: str, loader: Callable[[], Any]) -> None:
        origins[name] = origin
        _load(pm, name, origin, loader)

    for module in BUILTIN_PLUGINS:
        add(module, "built-in", lambda m=module: importlib.import_module(m))
    if entry_points_enabled:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = getattr(ep.dist, "name", None) or "?"
            add(ep.name, f"entry point from {dist}", ep.load)
    for module in modules:
        add(module, "-p", lambda m=module: importlib.import_module(m))
    if plugins_dir is not None:
        for path in plugin_dir_entries(plugins_dir):
            add(path.stem, f"plugins dir {plugins_dir}", lambda p=path: _import_file(p))

    return _collect(pm, origins)


def _call(hook: Any) -> Iterable[tuple[str, list[Any]]]:
    """Call each implementation of ``hook`` separately so failures name their plugin."""
    for impl in reversed(hook.get_hookimpls()):  # registration order
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {hook.name}: {type(exc).__name__}: {exc}"
            ) from exc
        if result is None:
            continue
        if not isinstance(result, list | tuple):
            raise PluginError(
                f"plugin {impl.plugin_name!r}: {hook.name} must return a list, "
                f"got {type(result).__name__}"
            )
        yield impl.plugin_name, list(result)


def _collect(pm: pluggy.PluginManager, origins: dict[str, str]) -> Registry:
    infos = {name: PluginInfo(name, origin) for name, origin in origins.items()}

    def note(plugin: str, kind: str, item: str) -> None:
        info = infos.setdefault(plugin, PluginInfo(plugin, "registered"))
        info.provides.setdefault(kind, []).append(item)

    rules: dict[str, Rule] = {}
    for plugin, items in _call(pm.hook.svccheck_rules):
        for rule in items:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"plugin {plugin!r}: svccheck_rules returned {rule!r}, not a Rule "
                    "(declare rules with svccheck.rule.columnar_rule or ticket_rule)"
                )
            if rule.id in rules:
                raise PluginError(
                    f"rule {rule.id!r} is provided twice: by {rules[rule.id].plugin!r} "
                    f"and by {plugin!r}"
                )
            rules[rule.id] = Rule(**{**rule.__dict__, "plugin": plugin})
            note(plugin, "rules", rule.id)

    readers: list[Any] = []
    for plugin, items in _call(pm.hook.svccheck_readers):
        for reader in items:
            if not (hasattr(reader, "read") and hasattr(reader, "suffixes")):
                raise PluginError(f"plugin {plugin!r}: reader {reader!r} lacks read/suffixes")
            readers.append(reader)
            note(plugin, "readers", getattr(reader, "name", type(reader).__name__))

    profile_files: list[Path] = []
    for plugin, items in _call(pm.hook.svccheck_profiles):
        for path in items:
            profile_files.append(Path(path))
            note(plugin, "profiles", Path(path).stem)

    reporters: dict[str, Any] = {}
    for plugin, items in _call(pm.hook.svccheck_reporters):
        for reporter in items:
            if not (hasattr(reporter, "render") and hasattr(reporter, "name")):
                raise PluginError(f"plugin {plugin!r}: reporter {reporter!r} lacks name/render")
            reporters[reporter.name] = reporter
            note(plugin, "formats", reporter.name)

    standard_dirs: list[Path] = []
    for plugin, items in _call(pm.hook.svccheck_standards):
        for path in items:
            standard_dirs.append(Path(path))
            note(plugin, "standards", str(path))

    return Registry(
        plugins=list(infos.values()),
        rules=rules,
        readers=readers,
        profile_files=profile_files,
        reporters=reporters,
        standard_dirs=standard_dirs,
    )
