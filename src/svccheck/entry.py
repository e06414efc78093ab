"""The ``svccheck`` command's entry point: ``--version`` without loading the audit machinery.

Importing the command line proper loads polars, jsonschema and every
built-in rule -- about a second, more on a busy CI machine -- which a
``svccheck --version`` in a setup script or a bug report should not pay.
So the console script starts here and imports :mod:`svccheck.cli` only for
a real command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from svccheck import __version__

        print(f"svccheck {__version__}")
        return 0
    from svccheck.cli import main as run

    return run(argv)
