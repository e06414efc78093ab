"""svccheck-telecom: a telecom hotline pack, as an installable svccheck plugin.

It ships rules (columnar API), an input profile for the hotline's work-order
export and a standard that enables the rules -- all through the same hooks
svccheck's own built-ins use.
"""

from __future__ import annotations

from pathlib import Path

from svccheck.plugin import Rule, hookimpl

from svccheck_telecom.repeat import first_contact_resolution, repeat_contact

__version__ = "0.1.0"
#: The svccheck plugin API this package is written for.
SVCCHECK_PLUGIN_API = 1

DATA = Path(__file__).parent / "data"


@hookimpl
def svccheck_rules() -> list[Rule]:
    return [repeat_contact, first_contact_resolution]


@hookimpl
def svccheck_profiles() -> list[Path]:
    return [DATA / "profiles" / "cn-telecom-hotline.yaml"]


@hookimpl
def svccheck_standards() -> list[Path]:
    return [DATA / "standards"]
