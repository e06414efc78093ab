"""The README shows real output: its example is what ``svccheck demo`` prints today.

A reader compares the example with their own terminal; a stale example
(rules added since, messages reworded) makes them doubt the tool. When an
intended change alters the demo, paste the new output into README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _example_block() -> tuple[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Example"):]
    command = re.search(r"`(svccheck demo[^`]*)`", section)
    block = re.search(r"```text\n(.*?)```\n", section, re.S)
    assert command and block, "README's Example section must show a command and its output"
    return block.group(1), command.group(1).split()[1:]


def test_readme_example_is_the_demo_output(svccheck):
    shown, argv = _example_block()
    run = svccheck(*argv)
    assert run.code == 1  # the sample breaks the standard, as the README says
    assert run.out == shown, "README.md's example is stale: paste the output of " + " ".join(
        ["svccheck", *argv])
