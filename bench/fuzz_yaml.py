"""Coverage-guided fuzzing of YAML loading and standards (atheris), run by hand.

    python bench/fuzz_yaml.py -max_total_time=600 [-rss_limit_mb=2048] [CORPUS_DIR]

The input is a YAML file -- a standard, a waiver file, a profile, a
configuration file: ``load_yaml`` must return data or raise
``ConfigError`` whose every line names the file (an impossible date, a
control character and a binary file used to escape as an internal error);
as a standard, the error is a few lines, each quoting briefly (a file that
is not a standard must not be printed back). Anything else stops the run
with a ``crash-*`` file to turn into a regression test in
``tests/hardening``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris
import polars  # noqa: F401  (imported uninstrumented: instrumenting it breaks its operators)

# Coverage feedback from svccheck's own code only.
with atheris.instrument_imports(include=["svccheck"]):
    from svccheck.errors import ConfigError
    from svccheck.standards import load_standard
    from svccheck.yamlsource import load_yaml

FOLDER = Path(tempfile.mkdtemp(prefix="svccheck-fuzz-yaml-"))
FILE = FOLDER / "fuzz.yaml"


def test_one_input(data: bytes) -> None:
    FILE.write_bytes(data)
    try:
        load_yaml(FILE)
    except ConfigError as exc:
        assert all(line.startswith(str(FILE)) for line in exc.lines), exc.lines
    try:
        load_standard(str(FILE), [])
    except ConfigError as exc:
        assert len(exc.lines) <= 6, exc.lines
        assert all(len(line) < len(str(FILE)) + 240 for line in exc.lines), exc.lines


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
