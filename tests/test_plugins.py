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
        ("T1", 2, "bank handbook 3.1")]


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


def test_two_plugins_under_one_name_is_an_error(svccheck, files, tmp_path, monkeypatch):
    for site, module in ((tmp_path / "a", "team_one"), (tmp_path / "b", "team_two")):
        _fake_distribution(site, module, module.replace("_", "-"), "1.0", PLUGIN)
        entry = next(site.glob("*.dist-info")) / "entry_points.txt"
        entry.write_text(f"[svccheck]\nteam-x = {module}\n")  # the same name twice
        monkeypatch.syspath_prepend(str(site))
    run = svccheck("plugins")
    assert run.code == 2
    assert "plugin 'team-x'" in run.err and "another plugin is already registered" in run.err


def test_entry_point_plugin(svccheck, files, tmp_path, monkeypatch):
    standard, export = files
    site = tmp_path / "site"
    _module(site, "team_ep", PLUGIN)
    info = site / "team_ep-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: team-ep\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[svccheck]\nteam-bank = team_ep\n")
    monkeypatch.syspath_prepend(str(site))
    run = svccheck("check", export, "--standard", standard, "--format", "json")
    assert run.code == 1, run.err
    assert run.tickets("bank.no-pin-request") == ["T1"]
    line = next(x for x in svccheck("plugins").out.splitlines() if x.startswith("team-bank "))
    assert line.split()[:2] == ["team-bank", "1.0"] and "entry point from team-ep 1.0" in line


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


def test_rule_that_crashes_exits_2_naming_plugin_version_and_rule(svccheck, files, tmp_path):
    standard, export = files
    _module(tmp_path / "crash", "team_crash", '__version__ = "2.3"\n' + PLUGIN.replace(
        'if "PIN" in', 'if 1 / 0 and "PIN" in'))
    run = svccheck("check", export, "--standard", standard, "--plugins-dir", tmp_path / "crash")
    assert run.code == 2
    assert ("rule 'bank.no-pin-request' (plugin team_crash 2.3) failed: ZeroDivisionError"
            in run.err)
    assert "--keep-going" in run.err and "Traceback" not in run.err


def test_keep_going_reports_the_crash_as_an_error_finding_and_checks_the_rest(
        svccheck, files, tmp_path, write):
    _module(tmp_path / "crash", "team_crash", PLUGIN.replace(
        'if "PIN" in', 'if 1 / 0 and "PIN" in'))
    std = write("both.yaml", STANDARD + "  record.required-fields: {}\n")
    bad = write("bad.csv", EXPORT.replace("T2,C2", "T2,"))  # T2 has no customer_id
    run = svccheck("check", bad, "--standard", std, "--plugins-dir", tmp_path / "crash",
                   "--keep-going", "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err  # the crash is judged like any finding: --fail-on decides
    crash = run.findings("bank.no-pin-request")
    assert [(f["severity"], f["ticket"]) for f in crash] == [("error", None)]
    assert "failed: ZeroDivisionError" in crash[0]["message"]
    assert run.tickets("record.required-fields") == ["T2"]  # the other rule still ran
    assert svccheck("check", bad, "--standard", std, "--plugins-dir", tmp_path / "crash",
                    "--keep-going").code == 1


def test_a_crash_message_never_quotes_a_phone_number(svccheck, files, tmp_path, write):
    standard, _ = files
    _module(tmp_path / "crash", "team_leak", PLUGIN.replace(
        'if "PIN" in', 'if int(ticket["description"]) and "PIN" in'))
    leaky = write("leaky.csv", EXPORT.replace("please tell me your PIN", "13812345678x"))
    run = svccheck("check", leaky, "--standard", standard, "--plugins-dir", tmp_path / "crash")
    assert run.code == 2 and "ValueError" in run.err
    assert "13812345678" not in run.err and "138****5678" in run.err


def test_invalid_params_schema_is_refused_when_the_plugin_loads(svccheck, files, tmp_path):
    _module(tmp_path / "schema", "team_schema", PLUGIN.replace(
        'requires=("description",),',
        'requires=("description",), params={"type": "object", '
        '"properties": {"limit": {"type": "integr"}}},'))
    run = svccheck("rules", "--plugins-dir", tmp_path / "schema")
    assert run.code == 2
    assert "plugin 'team_schema': rule 'bank.no-pin-request' declares an invalid params " \
        "schema (at properties/limit/type:" in run.err


def test_a_default_that_breaks_its_own_schema_is_refused(svccheck, files, tmp_path):
    _module(tmp_path / "schema", "team_default", PLUGIN.replace(
        'requires=("description",),',
        'requires=("description",), params={"type": "object", '
        '"properties": {"limit": {"type": "integer", "minimum": 1, "default": 0}}},'))
    run = svccheck("rules", "--plugins-dir", tmp_path / "schema")
    assert run.code == 2 and "default of 'limit' does not satisfy it" in run.err


def test_plugins_lists_name_version_hooks_and_rules(svccheck, files, tmp_path):
    _module(tmp_path / "plugins", "team_listed", '__version__ = "4.5.6"\n' + PLUGIN)
    run = svccheck("plugins", "--plugins-dir", tmp_path / "plugins")
    assert run.code == 0
    line = next(line for line in run.out.splitlines() if line.startswith("team_listed"))
    assert line.split()[:2] == ["team_listed", "4.5.6"]
    assert "svccheck_rules" in line and "rules: bank.no-pin-request" in line
    assert run.out.splitlines()[0].split() == ["plugin", "version", "from", "hooks", "provides"]


def test_a_plugin_for_another_api_version_is_refused_by_name(svccheck, files, tmp_path):
    _module(tmp_path / "future", "team_future", "SVCCHECK_PLUGIN_API = 99\n" + PLUGIN)
    run = svccheck("rules", "--plugins-dir", tmp_path / "future")
    assert run.code == 2
    assert "plugin 'team_future'" in run.err and "plugin API 99" in run.err


def _fake_distribution(site: Path, module: str, dist: str, version: str, body: str) -> None:
    """A module installed with entry-point metadata, as pip would leave it."""
    _module(site, module, body)
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[svccheck]\n{dist}-ep = {module}\n")


def test_an_installed_plugin_that_fails_to_import_names_its_distribution_and_version(
        svccheck, files, tmp_path, monkeypatch):
    _, export = files
    _fake_distribution(tmp_path / "site", "team_gone", "team-gone", "0.9", "import nowhere\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    run = svccheck("check", export)
    assert run.code == 2
    assert ("plugin 'team-gone-ep' (entry point from team-gone 0.9) failed to load: "
            "ModuleNotFoundError" in run.err)


def test_disable_autoload_loads_only_the_named_entry_points(svccheck, files, tmp_path,
                                                            monkeypatch):
    standard, export = files
    site = tmp_path / "site"
    _fake_distribution(site, "team_auto", "team-auto", "1.0", PLUGIN)
    _fake_distribution(site, "team_other", "team-other", "1.0", "import nowhere\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("SVCCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    # the broken one is not loaded at all; the wanted one only when named
    assert svccheck("check", export, "--standard", standard).code == 2  # unknown rule
    run = svccheck("check", export, "--standard", standard, "-p", "team-auto-ep",
                   "--format", "json")
    assert run.code == 1, run.err
    assert run.tickets("bank.no-pin-request") == ["T1"]
    listed = svccheck("plugins", "-p", "team-auto-ep").out
    assert "team-auto-ep" in listed and "team-other" not in listed
    monkeypatch.delenv("SVCCHECK_DISABLE_PLUGIN_AUTOLOAD")
    assert "team-other-ep" in svccheck("plugins").err  # autoloaded again: and it fails


def test_unknown_rule_in_select_is_an_error_not_ignored(svccheck, files):
    _, export = files
    run = svccheck("check", export, "--select", "bank.no-pin-requst")
    assert run.code == 2
    assert "--select 'bank.no-pin-requst': no such rule or family" in run.err


# -- one test per hook (tests/test_hook_docs.py requires them) ---------------------------


def test_hook_svccheck_rules(svccheck, files, tmp_path):
    _module(tmp_path / "p", "team_rules", PLUGIN)
    run = svccheck("explain", "bank.no-pin-request", "--plugins-dir", tmp_path / "p")
    assert run.code == 0 and "plugin: team_rules" in run.out and "per ticket" in run.out


READER_PLUGIN = """
import io
from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, RawInput
import polars as pl


class PipeReader:
    name = "psv"
    suffixes = (".psv",)

    def read(self, data, path, options):
        frame = pl.read_csv(io.BytesIO(data), separator="|", infer_schema=False)
        frame = frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
        return RawInput(path=path, format=self.name, tickets=frame, encoding="utf-8")


@hookimpl
def svccheck_readers():
    return [PipeReader()]
"""


def test_hook_svccheck_readers(svccheck, files, tmp_path, write):
    _module(tmp_path / "p", "team_reader", READER_PLUGIN)
    export = write("t.psv", EXPORT.replace(",", "|").replace("T2|C2", "T2|"))
    run = svccheck("check", export, "--plugins-dir", tmp_path / "p", "--format", "json",
                   "--select", "record.required-fields")
    assert run.report["inputs"][0]["format"] == "psv"
    assert run.tickets("record.required-fields") == ["T2"]


def test_hook_svccheck_profiles(svccheck, files, tmp_path, write):
    profile = write("bank-profile.yaml", """
        id: team-bank
        title: {zh: 银行工单, en: Bank tickets}
        detect: {min_matches: 3, require_any: [单号]}
        ticket_id: id
        fields:
          id: [单号]
          customer_id: [客户号]
          description: [内容]
          created_at: [时间]
    """)
    _module(tmp_path / "p", "team_profile", f"""
        from pathlib import Path
        from svccheck.hookspecs import hookimpl

        @hookimpl
        def svccheck_profiles():
            return [Path({str(profile)!r})]
    """)
    export = write("bank.csv", "单号,客户号,内容,时间\nB1,,x,2025-11-03 09:00\n")
    run = svccheck("check", export, "--plugins-dir", tmp_path / "p", "--format", "json",
                   "--select", "record.required-fields")
    assert run.report["inputs"][0]["profile"] == "team-bank"
    assert [(f["ticket"], f["field"]) for f in run.findings("record.required-fields")
            if f["ticket"]] == [("B1", "customer_id")]


def test_hook_svccheck_reporters(svccheck, files, tmp_path):
    _, export = files
    _module(tmp_path / "p", "team_reporter", """
        from svccheck.hookspecs import hookimpl

        class Count:
            name = "count"

            def render(self, report):
                return f"{report.result.findings.height} findings\\n"

        @hookimpl
        def svccheck_reporters():
            return [Count()]
    """)
    run = svccheck("check", export, "--plugins-dir", tmp_path / "p", "--format", "count",
                   "--select", "record.required-fields")
    assert run.out == "0 findings\n", run.err


def test_a_streaming_reporter_reads_the_findings_through_svccheck_frames(svccheck, files,
                                                                        tmp_path):
    """docs/plugins.md: a reporter that reads the findings only through
    ``svccheck.frames`` and says ``streams_findings`` is handed them on disk after a
    streamed run -- and still counts what the JSON report lists."""
    standard, export = files
    _module(tmp_path / "p", "team_bank", PLUGIN)
    _module(tmp_path / "p", "team_tally", """
        from svccheck.frames import counts, height, held, slices
        from svccheck.hookspecs import hookimpl

        class Tally:
            name = "tally"
            streams_findings = True

            def render(self, report):
                findings = report.findings
                sliced = sum(part.height for part in slices(findings, 1))
                return (f"{type(findings).__name__} {height(findings)} {sliced} "
                        f"{held(findings).height} {sorted(counts(findings, 'rule').items())}\\n")

        @hookimpl
        def svccheck_reporters():
            return [Tally()]
    """)
    argv = ("check", export, "--standard", standard, "--plugins-dir", tmp_path / "p",
            "--engine", "stream", "--parts", "2")
    tally = svccheck(*argv, "--format", "tally")
    report = svccheck(*argv, "--format", "json").report
    assert tally.code == 1, tally.err
    listed = [v["rule"] for v in report["violations"]]
    assert listed == ["bank.no-pin-request"]  # T1 asks for a PIN
    assert tally.out == "LazyFrame 1 1 1 [('bank.no-pin-request', 1)]\n"


def test_hook_svccheck_standards(svccheck, files, tmp_path):
    _, export = files
    (tmp_path / "stds").mkdir()
    (tmp_path / "stds" / "team-bank.yaml").write_text(STANDARD.replace("id: bank",
                                                                       "id: team-bank"))
    _module(tmp_path / "p", "team_standards", PLUGIN + f"""

@hookimpl
def svccheck_standards():
    from pathlib import Path
    return [Path({str(tmp_path / "stds")!r})]
""")
    listed = svccheck("standards", "--plugins-dir", tmp_path / "p")
    assert "team-bank" in listed.out
    run = svccheck("check", export, "--standard", "team-bank", "--plugins-dir",
                   tmp_path / "p", "--format", "json")
    assert run.tickets("bank.no-pin-request") == ["T1"]


def test_every_built_in_rule_declares_a_valid_params_schema():
    # Loading skips this check for built-ins (it costs a tenth of a second a run).
    from svccheck.plugins import check_params_schema, load_plugins

    rules = load_plugins(entry_points_enabled=False).rules.values()
    assert len(rules) > 20
    for rule in rules:
        check_params_schema(rule, "built-in")
