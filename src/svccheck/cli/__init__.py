"""The ``svccheck`` command line: one module per command, the parser apart.

Every command loads plugins first (built-ins, entry points, ``-p``, the
plugins directory), so ``rules``/``explain`` show exactly what ``check``
would run. Any :class:`~svccheck.errors.SvccheckError` becomes one line on
stderr and exit code 2 (:mod:`svccheck.cli.app`) -- a user never sees a
traceback for their own input.

    parser       the arguments of every command, and the examples of --help
    app          main(): parse, dispatch, errors to exit codes
    check, demo  the audit
    rules, explain, standards, profiles, plugins, plugin_new, history, schema
                 the other commands, one module each
    common       defaults, the bundled sample, loading the plugins
"""

from __future__ import annotations

from svccheck.cli.app import main
from svccheck.cli.common import EXIT_INTERRUPTED, SAMPLE, sample_path
from svccheck.cli.parser import build_parser

__all__ = ["EXIT_INTERRUPTED", "SAMPLE", "build_parser", "main", "sample_path"]
