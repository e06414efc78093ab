"""No import circles among svccheck's modules.

A circle makes the order modules load in matter (a name imported before it
is defined), and hides which module is the lower layer: a newcomer following
the data path goes round in it. Imports inside functions count too -- they
are how circles are usually hidden, not removed. ``from package import name``
depends on the submodule ``name`` when there is one, else on the package.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "svccheck"


def import_graph(package: Path) -> dict[str, set[str]]:
    """Each module of ``package`` (dotted name) → the package's modules it imports."""
    files = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    graph = {}
    for name, path in files.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    deps.add(sub if sub in files else node.module)
        graph[name] = {d for d in deps if d in files and d != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_svccheck_has_no_import_circle():
    graph = import_graph(SRC)
    assert len(graph) > 100, "the source tree was not found"
    assert circles(graph) == []


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "engines.py").write_text("from shop.contract import Checked\n")
    (package / "contract.py").write_text(textwrap.dedent("""\
        class Checked: ...
        def start():
            from shop import engines  # hidden inside a function: still a circle
    """))
    (package / "report.py").write_text("import shop.contract\n")
    assert circles(import_graph(package)) == [["shop.contract", "shop.engines"]]


def importers(graph: dict[str, set[str]], module: str) -> set[str]:
    return {name for name, deps in graph.items() if module in deps}


def callers(package: Path, function: str) -> set[str]:
    """The modules of ``package`` that call ``function`` (by name or attribute)."""
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and function in (
                getattr(node.func, "id", None), getattr(node.func, "attr", None)
            ):
                parts = list(path.relative_to(package.parent).with_suffix("").parts)
                found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_one_reading_path():
    """Every engine reads files through the same modules.

    A file's bytes become raw batches only in ``io.readers.batches`` (a file
    read whole being one batch) and are mapped only in ``io.mapped_batches``,
    which only ``io.load`` drives; ``io.load`` itself neither reads nor maps.
    The CSV parser's columnar fast path is reached only through the one CSV
    parser. Besides: ``read_file`` serves ``svccheck profiles init`` (one
    look at an export) and the survey of a helpdesk folder's users and
    metrics tables; ``map_tickets`` the database input (its batches come from
    the query) and ``profiles init``; ``map_events`` the nested events
    inside ``map_tickets``.
    """
    graph = import_graph(SRC)
    assert importers(graph, "svccheck.io.readers.csv_fast") == {"svccheck.io.readers.csv"}
    assert importers(graph, "svccheck.io.mapped_batches") == {"svccheck.io.load"}
    assert importers(graph, "svccheck.io.readers.batches") == {"svccheck.io.mapped_batches"}
    assert "svccheck.io.readers" not in graph["svccheck.io.load"]
    assert callers(SRC, "read_file") == {
        "svccheck.io.readers.batches", "svccheck.io.profile_init", "svccheck.io.linking"}
    assert callers(SRC, "map_tickets") == {
        "svccheck.io.mapped_batches", "svccheck.io.database_input", "svccheck.io.profile_init"}
    assert callers(SRC, "map_events") == {
        "svccheck.io.mapped_batches", "svccheck.io.database_input", "svccheck.io.profiles"}
