"""The ``svccheck`` command's first code: a Ctrl-C while it starts exits as any other.

Starting the command line takes a few tenths of a second -- polars, pluggy,
every built-in rule and report are imported -- before :func:`svccheck.cli.main`
sets up its handling of Ctrl-C (exit 130, "svccheck: interrupted"). Python
raises ``KeyboardInterrupt`` wherever Ctrl-C finds the program, so one
pressed in that time used to print a traceback from the middle of some
import. This module imports only :mod:`sys` before it catches it.
"""

from __future__ import annotations

import sys

#: As :data:`svccheck.cli.EXIT_INTERRUPTED` (not imported: that is what takes long).
EXIT_INTERRUPTED = 130


def main() -> int:
    """Import and run the command line; Ctrl-C at any point exits 130 quietly."""
    try:
        from svccheck.cli import main as run

        return run()
    except KeyboardInterrupt:  # before (or after) cli.main's own handling
        sys.stderr.write("svccheck: interrupted\n")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
