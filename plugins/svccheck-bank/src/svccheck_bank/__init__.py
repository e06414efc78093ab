"""svccheck-bank: a bank's conduct rules, as an installable svccheck plugin.

The entry point ``svccheck: bank = svccheck_bank`` makes svccheck call the
hook below; nothing else is needed for ``svccheck check`` to run the rule
when a standard (or ``--select``) enables it.
"""

from __future__ import annotations

from svccheck.plugin import Rule, hookimpl

from svccheck_bank.secrets import no_secret_request

__version__ = "0.1.0"
#: The svccheck plugin API this package is written for.
SVCCHECK_PLUGIN_API = 1


@hookimpl
def svccheck_rules() -> list[Rule]:
    return [no_secret_request]
