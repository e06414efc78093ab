"""``svccheck plugin new NAME``: write a plugin package that installs and passes its tests.

A team's first rule should start from something that already works: a
pyproject with the entry point, one per-ticket rule with a parameter and
zh/en messages, its tests (inline tickets and YAML cases) and a README. The
generated package is tested by svccheck's own suite: generated, installed,
its tests run -- so the template cannot rot.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from string import Template

from svccheck import __version__
from svccheck.errors import SvccheckError

NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

PYPROJECT = Template('''\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "$dist"
version = "0.1.0"
description = "svccheck rules for $name."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["svccheck>=$svccheck_version"]

[project.optional-dependencies]
# pip install -e ".[test]": pytest, for the tests in tests/ (svccheck adds the
# rule_runner fixture to it by itself).
test = ["pytest>=8"]

# svccheck loads the plugin through this entry point once the package is installed.
[project.entry-points.svccheck]
$name = "$module"

[tool.hatch.build.targets.wheel]
packages = ["src/$module"]

[tool.pytest.ini_options]
addopts = "--import-mode=importlib"
''')

INIT = Template('''\
"""$dist: svccheck rules for $name."""

from __future__ import annotations

from svccheck.plugin import Rule, hookimpl

from $module.rules import resolution_written

__version__ = "0.1.0"
#: The svccheck plugin API this package is written for.
SVCCHECK_PLUGIN_API = $api


@hookimpl
def svccheck_rules() -> list[Rule]:
    return [resolution_written]
''')

RULES = Template('''\
"""The $name rules. Each is a function wrapped by a svccheck.plugin decorator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from svccheck.plugin import RuleContext, TicketFinding, TicketSkip, finding, skip, ticket_rule

DONE = {"resolved", "closed"}


@ticket_rule(
    id="$name.resolution-written",
    title={"zh": "办结工单须写明处理结果", "en": "Resolved tickets say what was done"},
    severity="warning",
    clause=None,  # the clause of your standard this rule implements, e.g. "4.2"
    params={
        "type": "object",
        "properties": {
            "min_chars": {"type": "integer", "minimum": 1, "default": 4,
                          "description": "shortest acceptable resolution text"},
        },
        "additionalProperties": False,
    },
    requires=("status", "resolution"),
)
def resolution_written(
    ticket: dict[str, Any], events: list[dict[str, Any]], ctx: RuleContext
) -> Iterator[TicketFinding | TicketSkip]:
    """A resolved or closed ticket has a resolution of at least ``min_chars`` characters.

    "已处理" or "done" tells the next agent nothing about what was done. A
    ticket whose status is unknown cannot be judged: it is skipped, with the
    reason, so the report never calls a rule that judged nothing "passed".
    """
    if ticket["status"] is None:
        yield skip(ctx, zh="处理状态未知", en="status unknown")
        return
    if ticket["status"] not in DONE:
        return
    text = (ticket["resolution"] or "").strip()
    if len(text) < ctx.params["min_chars"]:
        yield finding(
            ctx,
            zh=f"工单已办结，但处理结果只有 {len(text)} 个字",
            en=f"ticket is {ticket['status']} but its resolution has {len(text)} characters",
            field="resolution",
        )
''')

TEST = Template('''\
"""Tests for $name.resolution-written: inline tickets and the YAML cases beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from svccheck.testing import rule_cases

from $module.rules import resolution_written

HERE = Path(__file__).parent

EXPORT = """
id,customer_id,category,status,created_at,resolution
T1,C1,problem,resolved,2025-11-03 09:00,已处理
T2,C2,problem,resolved,2025-11-03 09:00,已重置密码并指导客户重新登录
T3,C3,problem,open,2025-11-03 09:00,
"""


def test_short_resolution_of_a_resolved_ticket_is_flagged(rule_runner):
    result = rule_runner.run(resolution_written, EXPORT)
    result.assert_findings([{"ticket": "T1", "field": "resolution"}])


def test_min_chars_is_a_parameter(rule_runner):
    result = rule_runner.run(resolution_written, EXPORT, params={"min_chars": 2})
    result.assert_tickets([])


def test_a_ticket_with_an_unknown_status_is_skipped_not_passed(rule_runner):
    result = rule_runner.run(resolution_written, EXPORT.replace("T3,C3,problem,open",
                                                                "T3,C3,problem,"))
    assert (result.status, result.checked, result.skipped) == (
        "failed", 2, {"status unknown": 1})


@pytest.mark.parametrize("case", rule_cases(HERE / "resolution_written.yaml"))
def test_yaml_cases(rule_runner, case):
    rule_runner.check_case(resolution_written, case)
''')

CASES = Template('''\
# Cases for $name.resolution-written. `expect`: tickets with a finding ([] = passes).
rule: $name.resolution-written
cases:
  - name: closed with a one-word resolution
    tickets:
      - {id: T1, status: closed, created_at: "2025-11-03 09:00", resolution: ok}
    expect: [T1]
  - name: closed with a real resolution
    tickets:
      - {id: T1, status: closed, created_at: "2025-11-03 09:00", resolution: refunded the fee}
    expect: []
''')

README = Template('''\
# $dist

svccheck rules for $name.

| rule | severity | what it flags |
|---|---|---|
| `$name.resolution-written` | warning | resolved/closed, resolution under `min_chars` (4) |

## Install and use

```sh
pip install .
svccheck plugins                                  # lists "$name" and its rule
svccheck check tickets.csv --select $name.resolution-written
```

## Develop

```sh
pip install -e ".[test]"      # the package, and pytest to run its tests
python -m pytest tests
```

The tests use svccheck's `rule_runner` fixture (svccheck.testing): tickets
written inline as a CSV string or dicts, and the cases in
`tests/resolution_written.yaml`, judged on cn-baseline's calendar unless a
test names another standard (`standard=`, or `standard:` in a case).
''')


def files(name: str) -> dict[str, str]:
    """Relative path → content of the package for plugin ``name``."""
    from svccheck.hookspecs import PLUGIN_API_VERSION

    if not NAME.match(name):
        raise SvccheckError(
            f"plugin name {name!r}: use lower-case words joined by hyphens, e.g. acme-bank "
            "(it becomes the rule family)"
        )
    module = "svccheck_" + name.replace("-", "_")
    values = {"name": name, "dist": f"svccheck-{name}", "module": module,
              "svccheck_version": __version__.split("+")[0], "api": PLUGIN_API_VERSION}
    return {
        "pyproject.toml": PYPROJECT.substitute(values),
        "README.md": README.substitute(values),
        f"src/{module}/__init__.py": INIT.substitute(values),
        f"src/{module}/rules.py": RULES.substitute(values),
        "tests/test_rules.py": TEST.substitute(values),
        "tests/resolution_written.yaml": CASES.substitute(values),
    }


def new_plugin(name: str, directory: Path) -> Path:
    """Write the package into ``directory/svccheck-NAME``; never over an existing one."""
    content = files(name)
    target = directory / f"svccheck-{name}"
    if target.exists():
        raise SvccheckError(f"{target}: already exists; choose another name or directory")
    if not directory.is_dir():
        raise SvccheckError(f"{directory}: directory does not exist")
    for relative, text in content.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``svccheck plugin new NAME [--dir DIR]``."""
    plugin = sub.add_parser("plugin", help="plugin authoring: svccheck plugin new NAME")
    actions = plugin.add_subparsers(dest="plugin_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="write a ready plugin package (rule, tests, README)")
    new.add_argument("name", metavar="NAME", help="plugin name, e.g. acme-bank (rule family)")
    new.add_argument("--dir", type=Path, default=Path("."), metavar="DIR",
                     help="where to create svccheck-NAME/ (default: here)")


def run(args: argparse.Namespace) -> int:
    target = new_plugin(args.name, args.dir)
    print(f"wrote {target}/ -- next: pip install -e '{target}[test]' (the plugin, and "
          f"pytest for its tests) && python -m pytest {target / 'tests'}")
    return 0
