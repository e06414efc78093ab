"""Project configuration: ``svccheck.yaml`` or ``[tool.svccheck]`` in ``pyproject.toml``.

A team keeps its standard, profile, plugins and gate threshold next to its
exports so that CI and people run the same audit; anything on the command
line wins over the file.

The file is looked for as ruff and pytest look for theirs: in the working
directory, then in each directory above it up to the root of the git
repository it is in (the directory holding ``.git``), so ``svccheck check
2025-11.csv`` run inside ``exports/`` uses the repository's settings.
Outside a repository only the working directory is searched: a stray file
in a parent directory must not change an audit. Paths in the file
(``plugins_dir``, a ``history`` file) are relative to the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svccheck.errors import ConfigError
from svccheck.quoting import brief
from svccheck.regular_files import require_regular
from svccheck.yamlsource import load_yaml

KEYS = {
    "standard": str, "profile": str, "plugins": list, "plugins_dir": str, "fail_on": str,
    "lang": str, "max_rows": int, "select": list, "ignore": list, "require": list, "format": str,
    "history": str, "max_cell_bytes": int, "engine": str, "scheduler": str,
    "html_max_per_rule": int,
}


@dataclass
class Config:
    """Settings from the config file (all optional)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def plugins_dir(self) -> Path | None:
        """The local plugins directory, relative to the config file."""
        value = self.values.get("plugins_dir")
        if value is None:
            return None
        base = self.path.parent if self.path else Path.cwd()
        return (base / value).resolve()

    def history(self) -> str | None:
        """The ``history`` setting; a file path is relative to the config file (a
        ``postgresql://`` or ``sqlite:///`` URI is left as written)."""
        value = self.values.get("history")
        if value is None or "://" in value or self.path is None:
            return value
        return str(self.path.parent / value) if not Path(value).is_absolute() else value


def _check(values: Any, where: str) -> dict[str, Any]:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: svccheck configuration must be a mapping")
    for key, value in values.items():
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown setting {brief(key)} (known: {', '.join(sorted(KEYS))})"
            )
        if not isinstance(value, KEYS[key]):
            raise ConfigError(f"{where}: {key} must be a {KEYS[key].__name__}")
    return dict(values)


NAMES = ("svccheck.yaml", "svccheck.yml", "pyproject.toml")


def search_dirs(cwd: Path) -> list[Path]:
    """Where a config file is looked for: ``cwd`` and, inside a git repository,
    every directory above it up to the repository's root."""
    cwd = cwd.resolve()
    for index, directory in enumerate([cwd, *cwd.parents]):
        if (directory / ".git").exists():
            return [cwd, *cwd.parents][: index + 1]
    return [cwd]


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """The given file, else the nearest ``svccheck.yaml`` or ``pyproject.toml``
    with a ``[tool.svccheck]`` section (see the module docstring)."""
    cwd = cwd or Path.cwd()
    if explicit is not None:
        require_regular(explicit, "config file", ConfigError)
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        candidates = [explicit]
    else:
        candidates = [d / name for d in search_dirs(cwd) for name in NAMES]
    for path in candidates:
        if not path.is_file():
            continue
        if path.suffix == ".toml":
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: invalid TOML: {exc}") from None
            section = data.get("tool", {}).get("svccheck")
            if section is None:
                continue
            return Config(path, _check(section, f"{path} [tool.svccheck]"))
        doc = load_yaml(path, "config file")
        return Config(path, _check(doc.data, str(path)))
    return Config()
