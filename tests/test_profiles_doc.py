"""docs/profiles.md does what it says: its examples are run as a reader would run them.

The page is read section by section (``##`` headings); a section's
example may use the files shown in the sections before it, as a reader
working down the page in one directory would. In a section:

* a fenced block whose introducing line ends with a file name in backticks
  and a colon (`` `team.yaml`: ``, `` `desk/users.json`: ``) is that file,
  written as shown (its folders made);
* every line of a ``sh`` block starting with ``svccheck`` is run, in order;
* a block introduced by a line ending in ``prints:`` is exactly what the
  last command printed; one introduced by ``shows, among its lines:`` or
  ``Among its findings:`` -- any other ``text`` block after a command --
  holds lines each of which is in the output (spaces collapsed, so a
  table's column widths do not matter).

A command must not fail (exit 2) unless the output it is shown with is an
error. Besides, every key of the profile schema is explained on the page.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from svccheck.schemas import load_schema

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "profiles.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
FILE_INTRO = re.compile(r"`([\w./-]+)`:$")


@dataclass
class Step:
    """A file to write, a command to run, or an output to compare with the last command's."""

    kind: str  # "file", "command", "exact", "lines"
    text: str
    name: str = ""


@dataclass
class Section:
    title: str
    steps: list[Step] = field(default_factory=list)


def _intro(before: str) -> str:
    """The last non-empty line before a block."""
    lines = [line for line in before.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def sections() -> list[Section]:
    text = PAGE.read_text(encoding="utf-8")
    found: list[Section] = []
    for part in re.split(r"^(?=## )", text, flags=re.MULTILINE):
        title = part.splitlines()[0] if part.startswith("## ") else "intro"
        section = Section(title)
        position = 0
        for match in FENCE.finditer(part):
            intro = _intro(part[position:match.start()])
            position = match.end()
            language, body = match.group(1), match.group(2)
            named = FILE_INTRO.search(intro)
            if language == "sh":
                section.steps += [Step("command", line) for line in body.splitlines()
                                  if line.startswith("svccheck ")]
            elif intro.endswith("prints:"):
                section.steps.append(Step("exact", body))
            elif named:
                section.steps.append(Step("file", body, named.group(1)))
            elif language == "text":
                section.steps.append(Step("lines", body))
        if section.steps:
            found.append(section)
    return found


def _write(path: Path, text: str) -> None:
    """A file the page shows, in its folder (a helpdesk export is a folder of files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _collapsed(text: str) -> str:
    return " ".join(text.split())


SECTIONS = sections()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.title)
def test_examples_run_as_shown(section, svccheck, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for earlier in SECTIONS[:SECTIONS.index(section)]:
        for step in earlier.steps:
            if step.kind == "file":
                _write(tmp_path / step.name, step.text)
    steps = section.steps
    output = ""
    for index, step in enumerate(steps):
        if step.kind == "file":
            _write(tmp_path / step.name, step.text)
        elif step.kind == "command":
            run = svccheck(*shlex.split(step.text)[1:])
            output = run.out + run.err
            shown = next((s for s in steps[index + 1:] if s.kind in ("exact", "lines")), None)
            if shown is None or "svccheck: error:" not in shown.text:
                assert run.code in (0, 1), f"{step.text}\n{run.err}"
        elif step.kind == "exact":
            assert output == step.text, f"{section.title}: the output shown is stale"
        else:
            have = [_collapsed(line) for line in output.splitlines()]
            for line in step.text.splitlines():
                if line.strip():
                    assert any(_collapsed(line) in got for got in have), (
                        f"{section.title}: {line!r} is not in the output:\n{output}")


def _keys(schema: dict, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, sub in (schema.get("properties") or {}).items():
        keys.add(prefix + name)
        keys |= _keys(sub, prefix + name + ".")
    return keys


def test_every_profile_key_is_explained():
    page = PAGE.read_text(encoding="utf-8")
    keys = _keys(load_schema("profile"))
    assert {"extends", "events.author_roles.values", "detect.require_any"} <= keys
    explained = set(re.findall(r"`([\w.]+)`", page))
    missing = sorted(key for key in keys if key not in explained
                     and key.rsplit(".", 1)[-1] not in explained)
    assert not missing, f"docs/profiles.md does not explain: {missing}"


def test_the_readme_links_the_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    own = readme[readme.index("## Your own export"):]
    own = own[:own.index("\n## ")]
    assert "docs/profiles.md" in own
