"""The ``svccheck`` command's first code: fast ``--version``, and Ctrl-C while it starts.

Importing the command line proper loads polars, jsonschema, pluggy and
every built-in rule and report -- about a second, more on a busy CI
machine. Two things must not wait for that:

* ``svccheck --version`` in a setup script or a bug report, which needs
  none of it;
* Ctrl-C pressed in that time: Python raises ``KeyboardInterrupt``
  wherever it finds the program, and one inside some import used to print
  a traceback, where a later Ctrl-C exits 130 with one line.

So the console script starts here, with nothing but :mod:`sys` imported.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: As :data:`svccheck.cli.EXIT_INTERRUPTED` (not imported: that is what takes long).
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; Ctrl-C at any point exits 130 quietly."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args == ["--version"]:
            from svccheck import __version__

            print(f"svccheck {__version__}")
            return 0
        from svccheck.cli import main as run

        return run(argv)
    except KeyboardInterrupt:  # before (or after) cli.main's own handling
        sys.stderr.write("svccheck: interrupted\n")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
