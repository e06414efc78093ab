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

from svccheck.cli import sample_path
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
    """The user's shell: svccheck on PATH (the one installed with this Python)."""
    scripts = Path(sys.executable).parent
    assert shutil.which("svccheck", path=str(scripts)), f"no svccheck script in {scripts}"
    return {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
            "GITHUB_STEP_SUMMARY": str(directory / "step-summary.md")}


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


def test_the_page_shows_the_commands_this_test_runs():
    shown = commands()
    assert len(shown) == 4, shown
    baseline, sarif, gate, junit = shown
    assert option(baseline, "--update-baseline") == "svccheck-baseline.json"
    assert option(sarif, "--format") == "sarif" and option(sarif, "--fail-on") == "never"
    assert option(gate, "--format") == "markdown" and gate.endswith('>> "$GITHUB_STEP_SUMMARY"')
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
    sarif = next(c for c in commands() if option(c, "--format") == "sarif")
    assert upload["with"]["sarif_file"] == option(sarif, "--output")
    assert "always()" in upload["if"]  # uploaded even when the gate step failed
    assert workflow["permissions"]["security-events"] == "write"

    gitlab = yaml.safe_load(files[".gitlab-ci.yml"])
    junit = next(c for c in commands() if option(c, "--format") == "junit")
    assert gitlab["svccheck"]["artifacts"]["reports"]["junit"] == option(junit, "--output")

    config = yaml.safe_load(files[".pre-commit-config.yaml"])
    hook_ids = {h["id"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= hook_ids


def test_the_commands_run_and_their_outputs_are_valid(checkout):
    root, codes = checkout
    # The baseline accepts every finding of the sample, so nothing is new: every run passes.
    assert codes == [0, 0, 0, 0]

    assert load_baseline(root / "svccheck-baseline.json")

    log = json.loads((root / "svccheck.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    # Baselined findings are left out; what the waivers claim is there, suppressed. (The
    # commands audit "now", so once the page's waivers expire they claim nothing.)
    assert all("suppressions" in r for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris <= {"exports/tickets.csv"}

    summary = (root / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## ") and "svccheck" in summary.splitlines()[0]
    assert "| rules evaluated |" in summary
    assert summary.count("| svccheck-waivers.yaml:") == 2  # both waivers, with their status

    suites = ET.parse(root / "svccheck-junit.xml").getroot()
    assert suites.get("failures") == "0" and suites.find("testsuite") is not None


def test_the_gate_in_the_workflow_fails_on_a_new_finding(copy_of):
    gate = commands()[2]
    export = copy_of / "exports" / "tickets.csv"
    text = export.read_bytes().decode("gb18030")
    # a new ticket, copied from the first with its customer id emptied: record.required-fields
    cells = text.splitlines()[1].split(",")
    cells[0], cells[1] = "GD20251130-0099", ""
    export.write_bytes((text.rstrip("\r\n") + "\r\n" + ",".join(cells) + "\r\n")
                       .encode("gb18030"))
    (copy_of / "step-summary.md").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 1, done.stderr
    summary = (copy_of / "step-summary.md").read_text(encoding="utf-8")
    assert "GD20251130-0099" in summary and "FAILED — 1 findings" in summary


def test_the_gate_fails_when_a_required_rule_stops_judging(copy_of):
    """Next month's export renames 联系方式: no finding, but the contact check judged nothing."""
    gate = commands()[2]
    export = copy_of / "exports" / "tickets.csv"
    text = export.read_bytes().decode("gb18030")
    header, rest = text.split("\n", 1)
    export.write_bytes((header.replace("联系方式", "手机号") + "\n" + rest).encode("gb18030"))
    (copy_of / "step-summary.md").unlink()
    done = bash(gate, copy_of)
    assert done.returncode == 1, done.stderr
    summary = (copy_of / "step-summary.md").read_text(encoding="utf-8")
    assert "--require privacy.unmasked-contact not evaluated: export has no contact" in summary


def test_an_unreadable_export_fails_the_sarif_step_with_exit_2(copy_of):
    sarif = commands()[1]
    (copy_of / "exports" / "tickets.csv").unlink()
    (copy_of / "exports" / "broken.csv").write_bytes(b"\x00\x01 not an export")
    (copy_of / "svccheck.sarif").unlink()
    done = bash(sarif, copy_of)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("svccheck: error: exports/broken.csv")
    assert done.stderr.count("\n") == 1
    assert not (copy_of / "svccheck.sarif").exists()  # so the upload step is skipped


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
    assert 'svccheck = "svccheck.launch:main"' in (ROOT / "pyproject.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("path", "audited"),
    [
        ("exports/2025-11.csv", True), ("exports/2025-11.xlsx", True),
        ("data/tickets.jsonl.gz", True), ("tickets.parquet", True), ("zendesk.json", True),
        ("exports/2025-11.tsv", True),
        ("README.md", False), ("src/app.py", False), ("exports/notes.txt", False),
        ("exports/2025-11.csv.bak", False),
    ],
)
def test_the_hook_picks_export_files(path, audited):
    assert bool(re.search(hook()["files"], path)) is audited


def test_the_hook_command_audits_staged_exports(copy_of):
    """What pre-commit runs: the entry, the user's args, then the staged file names."""
    entry = shlex.split(hook()["entry"])
    config = yaml.safe_load(named_files()[".pre-commit-config.yaml"])
    args = config["repos"][0]["hooks"][0]["args"]
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
