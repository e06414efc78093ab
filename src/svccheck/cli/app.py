"""The entry of the command line: parse, dispatch, and turn every error into an exit code.

This is the one place an error message leaves svccheck, so it is where a
cell, a file name or a control character quoted in it is masked.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from svccheck.cli import plugin_new
from svccheck.cli.check import check_command
from svccheck.cli.common import EXIT_INTERRUPTED
from svccheck.cli.demo import cmd_demo
from svccheck.cli.explain import cmd_explain
from svccheck.cli.history import cmd_history
from svccheck.cli.parser import build_parser
from svccheck.cli.plugins import cmd_plugins
from svccheck.cli.profiles import cmd_profiles
from svccheck.cli.rules import cmd_rules
from svccheck.cli.schema import cmd_schema
from svccheck.cli.standards import cmd_standards
from svccheck.errors import SvccheckError
from svccheck.pii.paths import redact_path
from svccheck.report.control_chars import neutral
from svccheck.report.gate import EXIT_UNTRUSTED
from svccheck.termination import Terminated, signals_unwind

#: Each subcommand's function, one module per command.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": check_command, "demo": cmd_demo, "rules": cmd_rules, "explain": cmd_explain,
    "plugins": cmd_plugins, "plugin": plugin_new.run, "standards": cmd_standards,
    "profiles": cmd_profiles, "history": cmd_history, "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with signals_unwind():
            return _dispatch(args)
    except SvccheckError as exc:
        # The one exit of every error message: whatever it quotes -- a cell, a
        # column, sheet or file name, an argument -- leaves masked, and its
        # control characters shown, not obeyed (an ESC or a newline in a file
        # name): only the message's own lines start a line.
        shown = "\n".join(neutral(redact_path(line)) for line in exc.lines)
        print(f"svccheck: error: {shown}", file=sys.stderr)
        return EXIT_UNTRUSTED
    except Terminated as exc:  # SIGTERM, SIGHUP: cleaned up as after Ctrl-C
        print("svccheck: terminated", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:  # _write removes its temp file: no half-written report
        print("svccheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_UNTRUSTED
    except SystemExit:
        # Only plugin code (a rule, a reader, a report) can get here: svccheck
        # itself returns its exit code. Exiting with the plugin's code -- 0 for
        # sys.exit(0) -- would let a CI gate pass on a run that wrote nothing.
        print("svccheck: error: plugin code called sys.exit() during the run; "
              "the results cannot be trusted", file=sys.stderr)
        return EXIT_UNTRUSTED
    except Exception as exc:  # a bug of ours: still no traceback unless asked for
        if os.environ.get("SVCCHECK_DEBUG"):
            raise
        # Only the type: an exception's text may quote a cell, i.e. personal data.
        print(f"svccheck: internal error: {type(exc).__name__} "
              "(set SVCCHECK_DEBUG=1 for details and a traceback, and please report it)",
              file=sys.stderr)
        return EXIT_UNTRUSTED


def _dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names; :func:`main` turns its errors into exit codes."""
    return COMMANDS[args.command](args)
