"""Registers the built-in file formats through the ``svccheck_readers`` hook."""

from __future__ import annotations

from typing import Any

from svccheck.hookspecs import hookimpl
from svccheck.io.readers import BUILTIN_READERS


@hookimpl
def svccheck_readers() -> list[Any]:
    return list(BUILTIN_READERS)
