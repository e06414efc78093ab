"""Hostile and broken configuration: standards, profiles and config files.

YAML is data, never code: a ``!!python`` tag is refused before anything is
constructed, an alias bomb is measured and refused before it is expanded,
and a broken ``extends`` chain names the file and the line that points at
it. Each case goes through the command line and expects exit 2 with one line
on stderr naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,problem,x,normal,open,2025-10-09 09:00,amy
"""

HEAD = 'id: hostile\ntitle: Hostile\nversion: "1"\n'

# Nine levels of nine aliases each: 9**9 (387 million) strings once expanded.
BOMB = "lol: &l0 [a, a, a, a, a, a, a, a, a]\n" + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)
)

PROFILE = "id: hostile\nfields:\n  id: [id]\n  customer_id: [customer_id]\n"


@dataclass(frozen=True)
class Case:
    id: str
    #: file name -> text; the option below points at the first file
    files: dict[str, str]
    option: str
    error: str
    #: the file the error line names (default: the first file)
    names: str = ""


CASES = [
    Case("standard with an alias bomb", {"bomb.yaml": HEAD + BOMB}, "--standard",
         "invalid YAML: expands to more than 100,000 values"),
    Case("standard with a recursive alias", {"loop.yaml": HEAD + "rules: &r [*r]\n"},
         "--standard", "loop.yaml:4: invalid YAML: an alias refers to itself"),
    Case("standard with a python tag",
         {"evil.yaml": HEAD + 'calendar: !!python/object/apply:os.system ["touch pwned"]\n'},
         "--standard", "could not determine a constructor for the tag"),
    Case("standard with a python object tag",
         {"evil.yaml": HEAD + "rules: !!python/object:collections.OrderedDict {}\n"},
         "--standard", "evil.yaml:4: invalid YAML"),
    Case("standard extending itself in a cycle",
         {"a.yaml": HEAD + "extends: b.yaml\n", "b.yaml": HEAD + "extends: a.yaml\n"},
         "--standard", "standards extend each other in a cycle: a.yaml → b.yaml → a.yaml"),
    Case("standard extending a missing file",
         {"child.yaml": HEAD + "extends: [cn-baseline, gone.yaml]\n"}, "--standard",
         "child.yaml:4: in extends 'gone.yaml':"),
    Case("standard that is not a mapping", {"list.yaml": "- a\n- b\n"}, "--standard",
         "a standard must be a YAML mapping"),
    Case("profile with an alias bomb", {"bomb.yaml": PROFILE + BOMB}, "--profile",
         "invalid YAML: expands to more than 100,000 values"),
    Case("profile with a python tag",
         {"evil.yaml": PROFILE + 'x: !!python/object/apply:os.system ["touch pwned"]\n'},
         "--profile", "could not determine a constructor for the tag"),
    Case("config file with an alias bomb", {"svccheck.yaml": BOMB}, "--config",
         "invalid YAML: expands to more than 100,000 values"),
    Case("config file with a python tag",
         {"svccheck.yaml": 'standard: !!python/object/apply:os.system ["touch pwned"]\n'},
         "--config", "could not determine a constructor for the tag"),
    # found by the YAML property test: PyYAML refuses a control character before
    # parsing, with an error that used to escape as "internal error: ReaderError"
    Case("waiver file with a control character",
         {"w.yaml": "waivers:\n  - rule: record.timestamp\x1f\n"}, "--waivers",
         "w.yaml:2: invalid YAML: character U+001F is not allowed in YAML"),
    Case("standard that is a binary file",
         {"bin.yaml": HEAD + "\x00\x01\x02"}, "--standard",
         "bin.yaml:4: invalid YAML: character U+0000 is not allowed"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_config(case: Case, svccheck, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # where "touch pwned" would land if YAML ran code
    for name, text in case.files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    export = tmp_path / "t.csv"
    export.write_text(EXPORT, encoding="utf-8")
    first = tmp_path / next(iter(case.files))

    run = svccheck("check", export, case.option, first, "--format", "json")

    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1 and run.err.startswith("svccheck: error: "), run.err
    assert (case.names or first.name) in run.err
    assert case.error in run.err
    assert "Traceback" not in run.err
    assert not (tmp_path / "pwned").exists()


def test_profile_matching_two_columns_for_one_field(svccheck, write) -> None:
    """Both ``Nr`` and ``Number`` may hold the id: the first alias wins, visibly.

    The other column is listed as unused in the report, so a user can see
    which one was taken instead of having to guess.
    """
    profile = write("two.yaml", """
        id: two
        fields:
          id: [Nr, Number]
          category: [category]
    """)
    export = write("t.csv", """
        Number,Nr,category
        B1,A1,other
    """)
    run = svccheck("check", export, "--profile", profile, "--select", "record.allowed-values",
                   "--format", "json", "--as-of", "2025-11-30")
    assert run.code == 1
    assert run.tickets("record.allowed-values") == ["A1"]
    assert run.report["inputs"][0]["unused_columns"] == ["Number"]
