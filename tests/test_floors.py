"""The declared dependency floors are the ones CI tests (.ci/floors.txt).

``.ci/run`` runs the README's test command twice: with the newest releases,
and with every direct dependency pinned to the lowest version
``pyproject.toml`` allows. That second run only proves the floors if the
constraints file holds exactly those floors -- a floor raised in
``pyproject.toml`` but not here (or the reverse) would test a version no
user gets. Extras the test command installs (``.[test]`` and the extras it
names) are the ones covered.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / ".ci" / "floors.txt"


def _declared() -> dict[str, Version]:
    """Each direct dependency the test command installs -> its ``>=`` floor."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    groups, wanted = [project["dependencies"]], ["test"]
    while wanted:
        name = wanted.pop()
        for text in extras[name]:
            requirement = Requirement(text)
            if requirement.name == "svccheck":
                wanted.extend(requirement.extras)
            else:
                groups.append([text])
    floors: dict[str, Version] = {}
    for text in (t for group in groups for t in group):
        requirement = Requirement(text)
        lower = [s.version for s in requirement.specifier if s.operator == ">="]
        assert lower, f"{text}: every direct dependency declares a floor (>=)"
        floors[canonicalize_name(requirement.name)] = Version(lower[0])
    return floors


def _pinned() -> dict[str, Version]:
    pins = {}
    for line in FLOORS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_the_constraints_pin_every_direct_dependency_at_its_declared_floor():
    assert _pinned() == _declared()


def test_ci_runs_the_readme_test_command_and_again_on_the_floors():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL)[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command.startswith("python -m pip install") and command in script
    assert re.search(r'PIP_CONSTRAINT="\$PWD/\.ci/floors\.txt"; readme_tests', script)


def test_the_dev_extra_pins_ruff():
    """A new ruff release adds rules: every developer and CI must lint alike."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    ruff = next(Requirement(r) for r in project["optional-dependencies"]["dev"]
                if Requirement(r).name == "ruff")
    assert [s.operator for s in ruff.specifier] == ["=="]
