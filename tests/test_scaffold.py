"""`svccheck plugin new NAME`: the package it writes installs and passes its own tests.

The generated package is built and installed offline (no index, no build
isolation: the build backend, hatchling, is one of svccheck's test
dependencies) into a private directory, then its tests run in a fresh
interpreter that sees that directory -- so the entry point, the pytest11
fixture and the YAML cases are all exercised as a new author would meet them,
and the environment running this suite is left as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _env(site: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env.pop("SVCCHECK_DISABLE_PLUGIN_AUTOLOAD", None)
    return env


def _run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_generated_plugin_installs_and_passes_its_own_tests(svccheck, tmp_path):
    made = svccheck("plugin", "new", "acme-bank", "--dir", tmp_path)
    assert made.code == 0, made.err
    package = tmp_path / "svccheck-acme-bank"
    # how to get pytest is said, and declared: the test extra installs it
    assert "[test]" in made.out and "pytest" in made.out
    assert 'pip install -e ".[test]"' in (package / "README.md").read_text(encoding="utf-8")
    assert 'test = ["pytest>=8"]' in (package / "pyproject.toml").read_text(encoding="utf-8")
    for part in ("pyproject.toml", "README.md", "src/svccheck_acme_bank/__init__.py",
                 "src/svccheck_acme_bank/rules.py", "tests/test_rules.py",
                 "tests/resolution_written.yaml"):
        assert (package / part).is_file(), part

    site = tmp_path / "site"
    install = _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                   "--no-build-isolation", "--target", site, package, cwd=tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]

    env = _env(site)
    tests = _run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests",
                 cwd=package, env=env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert "5 passed" in tests.stdout

    listed = _run(sys.executable, "-m", "svccheck", "plugins", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "acme-bank.resolution-written" in listed.stdout
    assert "entry point from svccheck-acme-bank 0.1.0" in listed.stdout


def test_generated_rule_runs_from_svccheck_check(svccheck, tmp_path, write, monkeypatch):
    svccheck("plugin", "new", "team", "--dir", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "svccheck-team" / "src"))
    export = write("t.csv", """
        id,customer_id,category,status,created_at,resolution
        T1,C1,problem,closed,2025-11-03 09:00,ok
    """)
    run = svccheck("check", export, "-p", "svccheck_team", "--select", "team.resolution-written",
                   "--format", "json")
    assert run.tickets("team.resolution-written") == ["T1"], run.err


def test_bad_name_and_existing_directory_are_refused(svccheck, tmp_path):
    bad = svccheck("plugin", "new", "Acme_Bank", "--dir", tmp_path)
    assert bad.code == 2 and "plugin name 'Acme_Bank'" in bad.err
    assert svccheck("plugin", "new", "acme", "--dir", tmp_path).code == 0
    again = svccheck("plugin", "new", "acme", "--dir", tmp_path)
    assert again.code == 2 and "already exists" in again.err
