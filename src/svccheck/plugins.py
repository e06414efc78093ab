"""The plugin manager: built-ins, entry points, ``-p module`` and a plugins directory.

All four sources go through one pluggy ``PluginManager``. A plugin that fails
to import, or whose hook raises or returns something malformed, stops the run
with a :class:`~svccheck.errors.PluginError` naming the plugin -- a rule that
silently did not load would make a green run a lie.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, entry_points, packages_distributions, version
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pluggy

from svccheck import __version__, hookspecs
from svccheck.errors import PluginError
from svccheck.rule import Rule

ENTRY_POINT_GROUP = "svccheck"
#: Set (to anything but empty) to load no entry-point plugin unless it is named
#: with ``-p NAME`` or in config ``plugins`` -- as PYTEST_DISABLE_PLUGIN_AUTOLOAD.
AUTOLOAD_ENV = "SVCCHECK_DISABLE_PLUGIN_AUTOLOAD"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "svccheck.io.formats",
    "svccheck.io.profiles",
    "svccheck.standards",
    "svccheck.rules.record",
    "svccheck.rules.vendor_measures",
    "svccheck.rules.signals",
    "svccheck.rules.response",
    "svccheck.rules.revisit",
    "svccheck.rules.revisit_content",
    "svccheck.rules.escalation",
    "svccheck.rules.stalls",
    "svccheck.rules.promises",
    "svccheck.rules.kpi",
    "svccheck.rules.greeting",
    "svccheck.rules.conduct",
    "svccheck.rules.empathy",
    "svccheck.rules.privacy",
    "svccheck.rules.insurance",
    "svccheck.rules.insurance_cadence",
    "svccheck.report.text",
    "svccheck.report.json_report",
    "svccheck.report.jsonl",
    "svccheck.report.csv_report",
    "svccheck.report.sarif",
    "svccheck.report.junit",
    "svccheck.report.github",
    "svccheck.report.markdown",
    "svccheck.report.html",
    "svccheck.report.scorecard",
)


@dataclass
class PluginInfo:
    """One loaded plugin and what it provides (``svccheck plugins``)."""

    name: str
    origin: str
    provides: dict[str, list[str]] = field(default_factory=dict)
    version: str = "-"
    hooks: list[str] = field(default_factory=list)


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


@functools.cache
def _distributions() -> Mapping[str, list[str]]:
    return packages_distributions()  # scans every installed package: once a process


def _module_version(plugin: Any, installed: bool = True) -> str:
    """A module's ``__version__``, else its installed distribution's version."""
    if hasattr(plugin, "__version__"):
        return str(plugin.__version__)
    top = getattr(plugin, "__name__", "").split(".", 1)[0]
    for dist in _distributions().get(top, []) if installed else ():
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    return "-"


def _failed(exc: BaseException) -> str:
    """What a plugin's failure was, in a few words.

    ``sys.exit()`` in a plugin's module ends the process with the plugin's
    code -- 0 for ``sys.exit(0)``: a CI gate would pass on a run that
    checked nothing and wrote no report. It is a failure to load like any
    other (its code is not shown: it may be any object).
    """
    if isinstance(exc, SystemExit):
        return "it called sys.exit() (SystemExit)"
    return f"{type(exc).__name__}: {exc}"


def _load(pm: pluggy.PluginManager, name: str, origin: str, loader: Callable[[], Any]) -> None:
    try:
        plugin = loader()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # any import-time failure or exit is the plugin's
        raise PluginError(f"plugin {name!r} ({origin}) failed to load: {_failed(exc)}") from exc
    if pm.is_registered(plugin):
        return
    if pm.get_plugin(name) is not None:  # two different plugins, one name: never drop one
        raise PluginError(
            f"plugin {name!r} ({origin}): another plugin is already registered under this "
            "name; rename one entry point (svccheck plugins lists them)"
        )
    wanted = getattr(plugin, "SVCCHECK_PLUGIN_API", hookspecs.PLUGIN_API_VERSION)
    if wanted != hookspecs.PLUGIN_API_VERSION:
        raise PluginError(
            f"plugin {name!r} ({origin}) is written for plugin API {wanted!r}; this svccheck "
            f"{__version__} provides API {hookspecs.PLUGIN_API_VERSION}"
        )
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
    versions: dict[str, str] = {}

    def add(name: str, origin: str, loader: Callable[[], Any], known: str | None = None
            ) -> None:
        origins[name] = origin
        _load(pm, name, origin, loader)
        plugin = pm.get_plugin(name)
        versions[name] = known or _module_version(plugin, installed=origin == "-p")

    for module in BUILTIN_PLUGINS:
        add(module, "built-in", lambda m=module: importlib.import_module(m), __version__)
    autoload = not os.environ.get(AUTOLOAD_ENV)
    if entry_points_enabled:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if not autoload and ep.name not in modules:
                continue  # autoload off: only the entry points named with -p / config
            dist = getattr(ep.dist, "name", None) or "?"
            dist_version = getattr(ep.dist, "version", None) or "-"
            add(ep.name, f"entry point from {dist} {dist_version}", ep.load, dist_version)
    for module in modules:
        if module in origins:
            continue  # an entry point named with -p
        add(module, "-p", lambda m=module: importlib.import_module(m))
    if plugins_dir is not None:
        for path in plugin_dir_entries(plugins_dir):
            add(path.stem, f"plugins dir {plugins_dir}", lambda p=path: _import_file(p))

    return _collect(pm, origins, versions)


def _call(hook: Any) -> Iterable[tuple[str, list[Any]]]:
    """Call each implementation of ``hook`` separately so failures name their plugin."""
    for impl in reversed(hook.get_hookimpls()):  # registration order
        try:
            result = impl.function()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {hook.name}: {_failed(exc)}"
            ) from exc
        if result is None:
            continue
        if not isinstance(result, list | tuple):
            raise PluginError(
                f"plugin {impl.plugin_name!r}: {hook.name} must return a list, "
                f"got {type(result).__name__}"
            )
        yield impl.plugin_name, list(result)


def check_params_schema(rule: Rule, who: str) -> None:
    """A rule's params schema must be a valid JSON Schema its own defaults satisfy."""
    try:
        jsonschema.Draft202012Validator.check_schema(rule.params_schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "top level"
        raise PluginError(
            f"plugin {who}: rule {rule.id!r} declares an invalid params schema "
            f"(at {where}: {exc.message})"
        ) from None
    defaults = rule.default_params()
    for error in jsonschema.Draft202012Validator(rule.params_schema).iter_errors(defaults):
        # a missing required parameter is for the standard to give, not a bad default
        if error.path and error.path[0] in defaults:
            raise PluginError(
                f"plugin {who}: rule {rule.id!r} params schema: default of {error.path[0]!r} "
                f"does not satisfy it ({error.message})"
            )


def _collect(pm: pluggy.PluginManager, origins: dict[str, str],
             versions: dict[str, str] | None = None) -> Registry:
    versions = versions or {}

    def hooks(name: str) -> list[str]:
        plugin = pm.get_plugin(name)
        callers = pm.get_hookcallers(plugin) if plugin is not None else None
        return sorted(caller.name for caller in callers or [])

    infos = {name: PluginInfo(name, origin, version=versions.get(name, "-"), hooks=hooks(name))
             for name, origin in origins.items()}

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
            plugin_version = versions.get(plugin, "-")
            if origins.get(plugin) != "built-in":  # built-ins: checked by the test suite
                check_params_schema(rule, f"{plugin!r} {plugin_version}"
                                    if plugin_version != "-" else repr(plugin))
            rules[rule.id] = Rule(**{**rule.__dict__, "plugin": plugin,
                                     "plugin_version": plugin_version})
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
