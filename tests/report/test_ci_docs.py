"""docs/ci.md and .pre-commit-hooks.yaml do what they say.

The test reads the page the way a user copies from it: every ``svccheck``
command in its ``sh`` blocks and in the ``run:`` / ``script:`` lines of its
CI files is run, in the order shown, with bash, in a directory holding the
bundled sample as ``exports/tickets.csv`` and every file the page shows
(a block whose first line is ``# NAME`` is the file NAME). Then the outputs
the commands name must exist and be valid: the baseline loads, the SARIF
validates against the official 2.1.0 schema, the JUnit XML parses, the job
summary is Markdown. The pre-commit hook's own command is run on the same
export.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml

import svccheck
from svccheck.cli import sample_path
from svccheck.plugins import load_plugins
from svccheck.report.baseline import load_baseline

ROOT = Path(__file__).resolve().parents[2]
CI_DOC = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    """The fenced blocks of docs/ci.md: (language, text)."""
    return FENCE.findall(CI_DOC.read_text(encoding="utf-8"))


def named_files() -> dict[str, str]:
    """Blocks that are files: the first line is ``# NAME``."""
    files = {}
    for _, text in blocks():
        first = text.splitlines()[0]
        if first.startswith("# ") and " " not in first[2:].strip():
            files[first[2:].strip()] = text
    return files


def _run_lines(node: object) -> list[str]:
    """The shell lines of a CI file: ``run:`` values and ``script:`` items, in order."""
    lines: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                lines.extend(value.splitlines())
            elif key == "script" and isinstance(value, list):
                lines.extend(str(v) for v in value)
            else:
                lines.extend(_run_lines(value))
    elif isinstance(node, list):
        for item in node:
            lines.extend(_run_lines(item))
    return lines


def commands() -> list[str]:
    """Every ``svccheck`` command on the page, in document order."""
    found = []
    for language, text in blocks():
        if language == "sh":
            lines = text.replace("\\\n", " ").splitlines()
        elif language == "yaml":
            lines = _run_lines(yaml.safe_load(text))
        else:
            continue
        found.extend(line.strip() for line in lines if line.strip().startswith("svccheck "))
    return found


def option(command: str, *names: str) -> str | None:
    words = shlex.split(command)
    for name in names:
        if name in words:
            return words[words.index(name) + 1]
    return None


def svccheck_env(directory: Path) -> dict[str, str]:
    """The user's shell: svccheck on PATH (the one installed with this Python).

    The script imports the svccheck package this test imported -- the code
    under test, also when it is put first on the path by a relative
    PYTHONPATH that means nothing in another working directory.
    """
    scripts = Path(sys.executable).parent
    assert shutil.which("svccheck", path=str(scripts)), f"no svccheck script in {scripts}"
    package = str(Path(svccheck.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": path, "GITHUB_STEP_SUMMARY": str(directory / "step-summary.md")}


def bash(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=svccheck_env(cwd),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> tuple[Path, list[int]]:
    """A repository that keeps exports and the page's files, after the page's commands.

    Returns the directory and each command's exit code. Tests that change
    the directory work on a copy (``copy_of``).
    """
    root = tmp_path_factory.mktemp("repo")
    (root / "exports").mkdir()
    shutil.copyfile(sample_path(), root / "exports" / "tickets.csv")
    for name, text in named_files().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    codes = []
    for command in commands():
        done = bash(command, root)
        assert done.returncode in (0, 1), f"{command}\n{done.stderr}"
        codes.append(done.returncode)
    return root, codes


@pytest.fixture
def copy_of(checkout, tmp_path) -> Path:
    shutil.copytree(checkout[0], tmp_path / "repo")
    return tmp_path / "repo"


def report_path(command: str, fmt: str) -> str | None:
    """PATH of ``--report FMT:PATH`` in a command."""
    words = shlex.split(command)
    for i, word in enumerate(words[:-1]):
        if word == "--report" and words[i + 1].startswith(f"{fmt}:"):
            return words[i + 1].split(":", 1)[1]
    return None


def test_the_page_shows_the_commands_this_test_runs():
    shown = commands()
    assert len(shown) == 3, shown
    baseline, audit, junit = shown
    assert option(baseline, "--update-baseline") == "svccheck-baseline.json"
    # one audit: the job summary on stdout, the SARIF beside it, the exit code the gate
    assert option(audit, "--format") == "markdown" and audit.endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert report_path(audit, "sarif") == "svccheck.sarif"
    assert option(audit, "--fail-on") is None
    assert option(junit, "--format") == "junit"
    for command in shown[1:]:
        assert option(command, "--baseline") == "svccheck-baseline.json"
        assert option(command, "--waivers") == "svccheck-waivers.yaml"


def test_the_ci_files_are_wired_to_the_commands():
    files = named_files()
    workflow = yaml.safe_load(files[".github/workflows/svccheck.yml"])
    steps = workflow["jobs"]["audit"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith(
        "github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == report_path(commands()[1], "sarif")
    assert "always()" in upload["if"]  # uploaded even when the gate step failed
    assert workflow["permissions"]["security-events"] == "write"

    gitlab = yaml.safe_load(files[".gitlab-ci.yml"])
    junit = next(c for c in commands() if option(c, "--format") == "junit")
    assert gitlab["svccheck"]["artifacts"]["reports"]["junit"] == option(junit, "--output")

    config = yaml.safe_load(files[".pre-commit-config.yaml"])
    hook_ids = {h["id"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= hook_ids


def test_the_page_has_no_placeholder_to_fill_in():
    text = CI_DOC.read_text(encoding="utf-8")
    for placeholder in ("OWNER", "example.com", "<", "TODO", "your-"):
        assert placeholder not in text.replace("<VERSION>", ""), placeholder


def test_the_commands_run_and_their_outputs_are_valid(checkout):
    root, codes = checkout
    # The baseline accepts every finding of the sample, so nothing is new: every run passes.
    assert codes == [0, 0, 0]

    assert load_baseline(root / "svccheck-baseline.json")

    log = json.loads((root / "svccheck.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    # Baselined findings are listed as unchanged; what the waivers claim is suppressed. (The
    # commands audit "now", so once the page's waivers expire they claim nothing.)
    assert results and all("suppressions" in r or r["baselineState"] == "unchanged"
                           for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris <= {"exports/tickets.csv"}

    summary = (root / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## ") and "svccheck" in summary.splitlines()[0]
    assert "| rules evaluated |" in summary
    assert summary.count("| svccheck-waivers.yaml:") == 2  # both waivers, with their status

    suites = ET.parse(root / "svccheck-junit.xml").getroot()
    assert suites.get("failures") == "0" and suites.find("testsuite") is not None


def _append_ticket(export: Path, edit) -> str:
    """A new ticket at the end of the export: a copy of the first, changed by ``edit``."""
    text = export.read_bytes().decode("gb18030")
    cells = text.splitlines()[1].split(",")
    cells[0] = "GD20251130-0099"
    line = edit(cells)
    export.write_bytes((text.rstrip("\r\n") + "\r\n" + line + "\r\n").encode("gb18030"))
    return cells[0]


def test_the_gate_in_the_workflow_fails_on_a_new_finding(copy_of):
    gate = commands()[1]
    export = copy_of / "exports" / "tickets.csv"

    def no_customer(cells: list[str]) -> str:  # record.required-fields
        cells[1] = ""
        return ",".join(cells)

    ticket = _append_ticket(export, no_customer)
    (copy_of / "step-summary.md").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 1, done.stderr
    summary = (copy_of / "step-summary.md").read_text(encoding="utf-8")
    assert ticket in summary and "FAILED — 1 findings" in summary
    log = json.loads((copy_of / "svccheck.sarif").read_text(encoding="utf-8"))
    new = [r for r in log["runs"][0]["results"] if r.get("baselineState") == "new"
           and "suppressions" not in r]
    assert [r["properties"]["ticket"] for r in new] == [ticket]


def test_the_gate_fails_when_a_required_rule_stops_judging(copy_of):
    """Next month's export renames 联系方式: no finding, but the contact check judged nothing."""
    gate = commands()[1]
    export = copy_of / "exports" / "tickets.csv"
    text = export.read_bytes().decode("gb18030")
    header, rest = text.split("\n", 1)
    export.write_bytes((header.replace("联系方式", "手机号") + "\n" + rest).encode("gb18030"))
    (copy_of / "step-summary.md").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 1, done.stderr
    summary = (copy_of / "step-summary.md").read_text(encoding="utf-8")
    assert "--require privacy.unmasked-contact not evaluated: export has no contact" in summary



def test_an_unreadable_row_fails_the_gate_and_still_writes_summary_and_sarif(copy_of):
    """The step fails (exit 1), but the job summary and the SARIF for the upload are there."""
    gate = commands()[1]
    _append_ticket(copy_of / "exports" / "tickets.csv", lambda cells: ",".join(cells[:3]))
    (copy_of / "step-summary.md").unlink()
    (copy_of / "svccheck.sarif").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 1, done.stderr
    assert "unreadable row" in (copy_of / "step-summary.md").read_text(encoding="utf-8")
    log = json.loads((copy_of / "svccheck.sarif").read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "record.readable-row" for r in log["runs"][0]["results"])


def test_an_unreadable_export_fails_the_audit_step_with_exit_2(copy_of):
    gate = commands()[1]
    (copy_of / "exports" / "tickets.csv").unlink()
    (copy_of / "exports" / "broken.csv").write_bytes(b"\x00\x01 not an export")
    (copy_of / "svccheck.sarif").unlink()
    (copy_of / "step-summary.md").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("svccheck: error: exports/broken.csv")
    assert done.stderr.count("\n") == 1
    assert not (copy_of / "svccheck.sarif").exists()  # so the upload step is skipped
    assert (copy_of / "step-summary.md").read_text(encoding="utf-8") == ""


# -- .pre-commit-hooks.yaml -------------------------------------------------------

def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_the_hook_declares_what_pre_commit_requires():
    svc = hook()
    assert {"id", "name", "entry", "language"} <= set(svc)
    assert svc["id"] == "svccheck" and svc["language"] == "python"
    # the package's console script (pyproject.toml [project.scripts])
    assert shlex.split(svc["entry"])[:2] == ["svccheck", "check"]
    assert 'svccheck = "svccheck.entry:main"' in (ROOT / "pyproject.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("path", "audited"),
    [
        ("exports/2025-11.csv", True), ("exports/2025-11.xlsx", True),
        ("data/tickets.jsonl.gz", True), ("tickets.parquet", True), ("zendesk.json", True),
        ("exports/2025-11.tsv", True), ("exports/2025-11.txt", True), ("EXPORT.CSV", True),
        ("README.md", False), ("src/app.py", False), ("exports/2025-11.csv.bak", False),
    ],
)
def test_the_hook_picks_export_files(path, audited):
    assert bool(re.search(hook()["files"], path)) is audited


def test_the_hook_takes_every_suffix_the_readers_accept():
    registry = load_plugins(entry_points_enabled=False)
    suffixes = {s for reader in registry.readers for s in reader.suffixes}
    assert suffixes >= {".csv", ".xlsx", ".jsonl", ".parquet"}
    for suffix in suffixes:
        for name in (f"exports/t{suffix}", f"exports/t{suffix}.gz", f"T{suffix.upper()}"):
            assert re.search(hook()["files"], name), name


def test_the_hook_command_audits_staged_exports(copy_of):
    """What pre-commit runs: the entry, the user's args, then the staged file names."""
    config = yaml.safe_load(named_files()[".pre-commit-config.yaml"])
    local = config["repos"][0]["hooks"][0]
    # the page's hook is the published one: same command, and it takes the staged export
    assert local["entry"] == hook()["entry"] and local["language"] == hook()["language"]
    assert re.search(local["files"], "exports/tickets.csv")
    entry, args = shlex.split(local["entry"]), local["args"]
    # the page's args gate against the baseline the page's first command wrote
    passing = subprocess.run([*entry, *args, "exports/tickets.csv"], cwd=copy_of,
                             env=svccheck_env(copy_of), capture_output=True, text=True,
                             timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stderr == ""
    (copy_of / "svccheck-baseline.json").unlink()
    failing = subprocess.run([*entry, "--standard", "cn-baseline", "exports/tickets.csv"],
                             cwd=copy_of, env=svccheck_env(copy_of), capture_output=True,
                             text=True, timeout=300)
    assert failing.returncode == 1 and failing.stderr == ""
    assert "FAILED" in failing.stdout
