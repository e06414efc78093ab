"""A plugin that exits while loading (or running) fails the run; it never passes it.

``sys.exit(0)`` in a plugin module's import raised ``SystemExit``, which the
loader did not catch: svccheck exited 0, wrote no report and printed
nothing -- and a CI gate passed. Any exit or exception while loading a
plugin is a load error (exit 2) naming the plugin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""
#: exits however its author liked; the code may even be text (shown nowhere)
EXITS = {
    "team_exit_zero": "import sys\nsys.exit(0)\n",
    "team_exit_none": "raise SystemExit\n",
    "team_exit_text": "import sys\nsys.exit('fatal for 13812345678')\n",
}
HOOK_EXIT = """\
import sys
from svccheck.hookspecs import hookimpl

@hookimpl
def svccheck_rules():
    sys.exit(0)
"""
RULE_EXIT = """\
import sys
from svccheck.hookspecs import hookimpl
from svccheck.rule import ticket_rule

@ticket_rule(id="team.exits", title={"zh": "退出", "en": "Exits"}, severity="error")
def exits(ticket, events, ctx):
    sys.exit(0)
    yield

@hookimpl
def svccheck_rules():
    return [exits]
"""


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch):
    directory = tmp_path / "plugins"
    directory.mkdir()
    monkeypatch.syspath_prepend(str(directory))
    monkeypatch.chdir(tmp_path)
    before = set(sys.modules)
    yield directory
    for name in set(sys.modules) - before:
        if name.startswith(("team_", "svccheck_local_plugins")):
            del sys.modules[name]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def assert_load_error(run, name: str, output: Path) -> None:
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1, run.err
    assert run.err.startswith(f"svccheck: error: plugin {name!r}")
    assert "it called sys.exit() (SystemExit)" in run.err
    assert "13812345678" not in run.err
    assert not output.exists()


@pytest.mark.parametrize("module", list(EXITS))
def test_a_plugin_exiting_at_import_is_a_load_error(svccheck, plugin_dir, export, module):
    (plugin_dir / f"{module}.py").write_text(EXITS[module], encoding="utf-8")
    output = export.parent / "report.json"
    run = svccheck("check", export, "-p", module, "-o", output)
    assert_load_error(run, module, output)
    assert "failed to load" in run.err


def test_a_plugins_dir_module_exiting_is_a_load_error(svccheck, plugin_dir, export):
    local = export.parent / "local"
    local.mkdir()
    (local / "team_local.py").write_text(EXITS["team_exit_zero"], encoding="utf-8")
    output = export.parent / "report.json"
    run = svccheck("check", export, "--plugins-dir", local, "-o", output)
    assert_load_error(run, "team_local", output)


def test_a_plugin_named_in_the_config_file_exiting(svccheck, plugin_dir, export):
    (plugin_dir / "team_exit_zero.py").write_text(EXITS["team_exit_zero"], encoding="utf-8")
    (export.parent / "svccheck.yaml").write_text("plugins: [team_exit_zero]\n",
                                                 encoding="utf-8")
    output = export.parent / "report.json"
    for command in (("check", export, "-o", output), ("rules",), ("plugins",)):
        run = svccheck(*command)
        assert run.code == 2, command
        assert "plugin 'team_exit_zero'" in run.err


def test_a_hook_exiting_is_a_load_error(svccheck, plugin_dir, export):
    (plugin_dir / "team_hook_exit.py").write_text(HOOK_EXIT, encoding="utf-8")
    output = export.parent / "report.json"
    run = svccheck("check", export, "-p", "team_hook_exit", "-o", output)
    assert_load_error(run, "team_hook_exit", output)
    assert "failed in svccheck_rules" in run.err


def test_a_rule_exiting_while_it_checks_fails_the_run(svccheck, plugin_dir, export):
    """Past loading, an exit from plugin code still ends the run untrusted, never 0."""
    (plugin_dir / "team_rule_exit.py").write_text(RULE_EXIT, encoding="utf-8")
    output = export.parent / "report.json"
    run = svccheck("check", export, "-p", "team_rule_exit", "--select", "team.exits",
                   "-o", output)
    assert run.code == 2
    assert run.err == ("svccheck: error: plugin code called sys.exit() during the run; "
                       "the results cannot be trusted\n")
    assert not output.exists()
