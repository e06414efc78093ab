"""What every engine takes and what it hands the reports: the engines' shared contract.

Kept apart from :mod:`svccheck.engines`, which chooses and starts an engine,
so that an engine module (the dask one is loaded only when asked for) can use
the contract without importing the module that imports it: no import circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.engine import InputSummary, RunResult
from svccheck.standards import ActiveRule


@dataclass
class Checked:
    """A finished run and what the reports still read from its audit."""

    result: RunResult
    inputs: list[InputSummary]
    problems: pl.DataFrame
    #: Every ticket (lazily, for the streaming engine; for dask, only the rows
    #: some finding points at): the findings' context.
    tickets: pl.DataFrame | pl.LazyFrame
    #: Runs more rules over the same audit (the history's KPI probes).
    rerun: Callable[[list[ActiveRule]], RunResult]
    #: Every ticket, lazily, whatever ``tickets`` holds (the dask engine's
    #: ``tickets`` are only the rows findings point at): the reports' rates
    #: per assignee, channel and day count the tickets handled from it.
    every_ticket: Callable[[], pl.LazyFrame] | None = None


@dataclass(frozen=True)
class RunOptions:
    """How the rules run, whatever the engine."""

    lang: str
    as_of: datetime
    calendar: BusinessCalendar | None
    keep_going: bool = False
    on_rule: Callable[[str], None] | None = None
    on_part: Callable[[int, int], None] | None = None
    #: Told the engine that runs, the one asked for, and the memory estimate.
    on_engine: Callable[[str, str, int], None] | None = None
