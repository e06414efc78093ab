"""YAML with line numbers, so every validation error can point at a line.

PyYAML already knows where each node starts (``start_mark``); we compose the
node tree once, construct the data from it with the safe constructor, and
keep a map from each value's path (``("rules", "record.timestamp",
"severity")``) to its 1-based line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from svccheck.errors import ConfigError

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Parsed YAML data with the line of each value."""

    path: Path
    data: Any
    lines: dict[PathKey, int]

    def line(self, path: Iterable[str | int]) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def where(self, path: Iterable[str | int]) -> str:
        """``file:line`` for messages."""
        line = self.line(path)
        return f"{self.path}:{line}" if line else str(self.path)


def _walk(node: yaml.Node, prefix: PathKey, lines: dict[PathKey, int]) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[(*prefix, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*prefix, key), lines)
            lines[(*prefix, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*prefix, index), lines)


def _plain(value: Any) -> Any:
    """Dates as ISO strings: ``2025-12-31`` unquoted must mean the same as quoted."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_yaml(path: Path, what: str = "file") -> YamlDocument:
    """Read and parse a YAML file; any problem is a one-line ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc}") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDocument(path=path, data=_plain(data), lines=lines)
