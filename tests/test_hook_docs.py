"""Every hook of the plugin contract is documented and tested (as datasette checks its hooks).

Adding a hook to hookspecs.py without a section in docs/plugins.md, or without
a ``test_hook_<name>`` test, fails here -- a contract nobody wrote down or
exercised is not one plugin authors can rely on.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from svccheck import hookspecs

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "plugins.md"


def _hooks() -> list[str]:
    return sorted(
        name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(fn, "svccheck_spec")
    )


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return names


def test_the_contract_has_hooks():
    assert "svccheck_rules" in _hooks()  # the check below must have something to check


@pytest.mark.parametrize("hook", _hooks())
def test_hook_has_a_section_in_docs_plugins_md(hook):
    text = DOC.read_text(encoding="utf-8")
    assert re.search(rf"^### `?{hook}`?", text, re.MULTILINE), (
        f"docs/plugins.md has no '### {hook}' section: document what it receives and returns"
    )


@pytest.mark.parametrize("hook", _hooks())
def test_hook_has_a_test(hook):
    assert f"test_hook_{hook}" in _test_names(), (
        f"no test named test_hook_{hook} in tests/: write one that loads a plugin using it"
    )
