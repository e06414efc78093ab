"""Plugins load from entry points, -p, a plugins directory and config; failures stop the run."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

# A team's own rule, per-ticket API: a ticket's description must not ask for a PIN.
PLUGIN = '''
from svccheck.hookspecs import hookimpl
from svccheck.rule import TicketFinding, ticket_rule


@ticket_rule(
    id="bank.no-pin-request",
    title={"zh": "不索要密码", "en": "Never ask for a PIN"},
    severity="error",
    clause="bank handbook 3.1",
    requires=("description",),
)
def no_pin(ticket, events, ctx):
    """Agents never ask a customer for a card PIN."""
    if "PIN" in (ticket["description"] or ""):
        yield TicketFinding(message="asks for a PIN", field="description")


@hookimpl
def svccheck_rules():
    return [no_pin]
'''

STANDARD = """
id: bank
title: Bank
version: "1"
rules:
  bank.no-pin-request: {}
"""

EXPORT = """
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,problem,please tell me your PIN,normal,open,2023-10-09 09:00,张敏
T2,C2,problem,app crashes,normal,open,2023-10-09 09:00,张敏
"""


@pytest.fixture
def files(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Modules written by a test must not leak into the next one.
    before = set(sys.modules)
    yield write("std.yaml", STANDARD), write("t.csv", EXPORT)
    for name in set(sys.modules) - before:
        if name.startswith(("team_", "svccheck_local_plugins")):
            del sys.modules[name]


def _module(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_dash_p_module_provides_a_per_ticket_rule(svccheck, files, tmp_path, monkeypatch):
    standard, export = files
    _module(tmp_path / "mods", "team_bank", PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path / "mods"))
    run = svccheck("check", export, "--standard", standard, "-p", "team_bank",
                   "--format", "json")
    assert run.code == 1, run.err
    assert [(f["ticket"], f["row"], f["clause"]) for f in run.findings()] == [
        ("T1", 1, "bank handbook 3.1")]


def test_without_the_plugin_the_standard_names_the_unknown_rule(svccheck, files):
    standard, export = files
    run = svccheck("check", export, "--standard", standard)
    assert run.code == 2
    assert "std.yaml:5: unknown rule 'bank.no-pin-request'" in run.err


def test_plugins_dir_from_command_line_and_from_config(svccheck, files, tmp_path, write):
    standard, export = files
    _module(tmp_path / "plugins", "team_dir", PLUGIN)
    run = svccheck("check", export, "--standard", standard, "--plugins-dir",
                   tmp_path / "plugins", "--format", "json")
    assert run.tickets("bank.no-pin-request") == ["T1"]
    write("svccheck.yaml", "plugins_dir: plugins\nstandard: std.yaml\n")
    run = svccheck("check", export, "--format", "json")
    assert run.tickets("bank.no-pin-request") == ["T1"]
    listed = svccheck("plugins")
    assert "team_dir" in listed.out and "bank.no-pin-request" in listed.out


def test_entry_point_plugin(svccheck, files, tmp_path, monkeypatch):
    standard, export = files
    site = tmp_path / "site"
    _module(site, "team_ep", PLUGIN)
    info = site / "team_ep-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: team-ep\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[svccheck]\nbank = team_ep\n")
    monkeypatch.syspath_prepend(str(site))
    run = svccheck("check", export, "--standard", standard, "--format", "json")
    assert run.code == 1, run.err
    assert run.tickets("bank.no-pin-request") == ["T1"]
    assert "entry point from team-ep" in svccheck("plugins").out


def test_broken_plugin_stops_the_run_with_exit_2(svccheck, files, tmp_path):
    _, export = files
    _module(tmp_path / "broken", "team_broken", "import does_not_exist\n")
    run = svccheck("check", export, "--plugins-dir", tmp_path / "broken")
    assert run.code == 2
    assert "plugin 'team_broken'" in run.err and "failed to load" in run.err
    assert "does_not_exist" in run.err and "Traceback" not in run.err


def test_missing_dash_p_module_exits_2(svccheck, files):
    _, export = files
    run = svccheck("check", export, "-p", "team_nowhere")
    assert run.code == 2 and "plugin 'team_nowhere' (-p) failed to load" in run.err


def test_rule_provided_twice_exits_2(svccheck, files, tmp_path):
    _, export = files
    _module(tmp_path / "dup", "team_a", PLUGIN)
    _module(tmp_path / "dup", "team_b", PLUGIN)
    run = svccheck("check", export, "--plugins-dir", tmp_path / "dup")
    assert run.code == 2
    assert "rule 'bank.no-pin-request' is provided twice" in run.err


def test_rule_that_crashes_exits_2_naming_it(svccheck, files, tmp_path):
    standard, export = files
    _module(tmp_path / "crash", "team_crash", PLUGIN.replace(
        'if "PIN" in', 'if 1 / 0 and "PIN" in'))
    run = svccheck("check", export, "--standard", standard, "--plugins-dir", tmp_path / "crash")
    assert run.code == 2
    assert "rule 'bank.no-pin-request' (team_crash) failed: ZeroDivisionError" in run.err
