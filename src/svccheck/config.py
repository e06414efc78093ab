"""Project configuration: ``svccheck.yaml`` or ``[tool.svccheck]`` in ``pyproject.toml``.

A team keeps its standard, profile, plugins and gate threshold next to its
exports so that CI and people run the same audit; anything on the command
line wins over the file.
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


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """The given file, else ``svccheck.yaml`` or ``pyproject.toml`` in the working directory."""
    cwd = cwd or Path.cwd()
    if explicit is not None:
        require_regular(explicit, "config file", ConfigError)
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        candidates = [explicit]
    else:
        candidates = [cwd / "svccheck.yaml", cwd / "svccheck.yml", cwd / "pyproject.toml"]
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
