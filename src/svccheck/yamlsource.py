"""YAML with line numbers, so every validation error can point at a line.

PyYAML already knows where each node starts (``start_mark``); we compose the
node tree once, construct the data from it with the safe constructor, and
keep a map from each value's path (``("rules", "record.timestamp",
"severity")``) to its 1-based line.

Standards and profiles may come from anyone, so loading one must be safe:
only the safe loader is used (a ``!!python/object`` tag is an error, never
code), and the node tree is measured *with aliases expanded* before anything
walks it. The safe constructor shares aliased nodes, but everything after it
-- the line map, date cleaning, schema validation -- copies or visits every
path, so a "billion laughs" file of nested aliases would otherwise take
minutes and gigabytes. A real standard has a few hundred nodes;
:data:`MAX_NODES` leaves ample room.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from svccheck.errors import ConfigError
from svccheck.quoting import key_path
from svccheck.regular_files import require_regular

PathKey = tuple[str | int, ...]

#: Most nodes a YAML document may expand to (aliases counted at each use).
MAX_NODES = 100_000


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


def _expanded_size(node: yaml.Node, path: Path) -> int:
    """Nodes in the tree with every alias expanded; refuses bombs and recursive aliases.

    Sizes are memoised per node object, so measuring is linear in the
    *written* document even when its expansion is astronomically large.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(current: yaml.Node) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in active:
            line = current.start_mark.line + 1
            raise ConfigError(f"{path}:{line}: invalid YAML: an alias refers to itself")
        active.add(key)
        total = 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                total += size(key_node) + size(value_node)
                if total > MAX_NODES:
                    break
        elif isinstance(current, yaml.SequenceNode):
            for item in current.value:
                total += size(item)
                if total > MAX_NODES:
                    break
        active.discard(key)
        sizes[key] = total
        return total

    try:
        return size(node)
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None


def _plain(value: Any) -> Any:
    """Dates as ISO strings: ``2025-12-31`` unquoted must mean the same as quoted."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Loader(yaml.SafeLoader):
    """The safe loader, with an impossible unquoted date named where it is.

    YAML reads an unquoted ``2025-02-30`` as a date and PyYAML's constructor
    then fails with a bare ``ValueError`` -- no file, no line, no key.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise _ImpossibleDate(node) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _ImpossibleDate(Exception):
    """A timestamp scalar naming a day (or time) no calendar has."""

    def __init__(self, node: yaml.ScalarNode) -> None:
        super().__init__(node.value)
        self.node = node


def _key_of(root: yaml.Node, target: yaml.Node) -> PathKey:
    """Where ``target`` sits under ``root`` (for a node written once and aliased: the
    shallowest place that names it, the anchor in the usual document)."""
    queue: deque[tuple[yaml.Node, PathKey]] = deque([(root, ())])
    seen: set[int] = set()
    while queue:
        node, path = queue.popleft()
        if node is target:
            return path
        if id(node) in seen:  # an alias: the node was queued where it is written
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                queue.append((key_node, (*path, key)))
                queue.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            queue.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return ()


def _unreadable(path: Path, text: str, exc: yaml.reader.ReaderError) -> str:
    """A character YAML does not allow (a control character): its line and code point."""
    line = text.count("\n", 0, max(exc.position, 0)) + 1
    return (f"{path}:{line}: invalid YAML: character U+{exc.character:04X} is not allowed "
            "in YAML (a binary file, or a control character in the text?)")


def load_yaml(path: Path, what: str = "file") -> YamlDocument:
    """Read and parse a YAML file; any problem is a one-line ConfigError."""
    require_regular(path, what, ConfigError)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc}") from None
    try:
        loader = _Loader(text)  # refuses a control character in the text at once
    except yaml.reader.ReaderError as exc:
        raise ConfigError(_unreadable(path, text, exc)) from None
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, path) > MAX_NODES:
            raise ConfigError(
                f"{path}: invalid YAML: expands to more than {MAX_NODES:,} values "
                "(anchors and aliases nested inside each other?)"
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        raise ConfigError(_unreadable(path, text, exc)) from None
    except yaml.YAMLError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(f"{path}: invalid YAML: {first}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    except _ImpossibleDate as exc:
        key = key_path(_key_of(node, exc.node)) if node is not None else "(top level)"
        raise ConfigError(
            f"{path}:{exc.node.start_mark.line + 1}: {key}: {exc.node.value!r} is not a date "
            "that exists (quote it if it is meant as text)"
        ) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDocument(path=path, data=_plain(data), lines=lines)
