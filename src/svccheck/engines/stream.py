"""The stream engine: an audit spilled to disk in parts, checked part by part.

Holding ten million tickets in memory -- and every per-ticket rule's working
set over them -- takes gigabytes. Here each input is read, mapped, and
written straight away to disk, one directory per part, chosen by a hash of
the ticket (or customer) key (:mod:`svccheck.engines.spill`); then each part
is read back and checked alone (:mod:`svccheck.engines.in_parts`). Memory
follows the size of one part, not of the audit. Rules that need every ticket
at once (``all`` scope, KPI merges, the report's context lookup) read the
parts lazily, only the columns they use; the findings are put in report
order on disk (:mod:`svccheck.engines.disk_sort`).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.engines.contract import Checked, RunOptions, RunResult
from svccheck.engines.disk_sort import sort_on_disk
from svccheck.engines.in_parts import PartResult, Plan, RulesOverParts, combine, run_part
from svccheck.engines.partition import needs_customers
from svccheck.engines.spill import Spill, spilled
from svccheck.io.load import BATCH_BYTES, iter_pieces
from svccheck.standards import ActiveRule

#: Input bytes per part when ``--parts`` is not given: a part's tickets, with
#: the rules' working set over them, then stay within a few hundred MB.
PART_BYTES = 32 * 1024 * 1024
#: At most this many parts (each flush of the spill writes one file per part).
MAX_PARTS = 512


def parts_for(total_bytes: int) -> int:
    """How many parts for inputs of ``total_bytes``."""
    return max(1, min(MAX_PARTS, math.ceil(total_bytes / PART_BYTES)))


def run_spilled(data: Spill, plan: Plan, *, jobs: int = 1,
                on_part: Callable[[int, int], None] | None = None,
                on_rule: Callable[[str], None] | None = None) -> RunResult:
    """Check every part (``jobs`` at a time), then merge: one run's result.

    The findings stay on disk, in report order (:func:`sort_on_disk`): the
    result's findings are a lazy scan, readable until the spill is removed.
    Each run has its own directory, so a second run over the same spill (the
    history's KPI probes) leaves the first one's findings alone.
    """
    work = Path(tempfile.mkdtemp(prefix="run-", dir=data.root))

    def check(index: int) -> PartResult:
        tickets, events = data.part(index)
        result = run_part(plan, tickets, events, data.problems)
        # A part's findings share string buffers with its tickets (polars
        # string views): kept as they are, each part's whole columns would
        # stay in memory. On disk, and read back compact when merged.
        result.findings.write_ipc(work / f"findings-{index:04d}.arrow", compression="lz4")
        result.findings = result.findings.clear()
        return result

    indices = [i for i in range(data.parts) if data._files("t", i) or data._files("e", i)]
    results: list[PartResult] = []
    if jobs > 1:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for done, result in enumerate(pool.map(check, indices), 1):
                results.append(result)
                if on_part is not None:
                    on_part(done, len(indices))
    else:
        for done, index in enumerate(indices, 1):
            results.append(check(index))
            if on_part is not None:
                on_part(done, len(indices))
    for index, result in zip(indices, results, strict=True):
        result.findings = pl.scan_ipc(work / f"findings-{index:04d}.arrow")
    return combine(plan, results, tickets=data.tickets, events=data.events,
                   problems=data.problems, on_rule=on_rule,
                   order=lambda frames: sort_on_disk(frames, work / "sorted"))


def total_bytes(paths: Sequence[Path]) -> int:
    """The inputs' size on disk (a file that cannot be stat'ed counts 0: the reader says why)."""
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            continue
    return size


@contextmanager
def checked_streamed(paths: Sequence[Path], active: Sequence[ActiveRule], *, timezone: str,
                     run_options: RunOptions, parts: int, jobs: int = 1,
                     workdir: Path | None = None, **load: Any) -> Iterator[Checked]:
    """:func:`svccheck.engines.choice.checked` part by part: ``parts`` parts on disk,
    ``jobs`` checked at a time, all removed on leaving."""
    o = run_options
    pieces = iter_pieces(paths, timezone=timezone, batch_bytes=BATCH_BYTES, **load)
    with spilled(pieces, parts=parts, by_customer=needs_customers(active),
                 timezone=timezone, workdir=workdir) as data:
        has_events = data.event_schema is not None and any(
            i.events for i in data.inputs)
        runner = RulesOverParts(
            lambda plan, on_rule, on_part: run_spilled(data, plan, jobs=jobs, on_part=on_part,
                                                       on_rule=on_rule),
            columns=data.columns, event_schema=data.event_schema, has_events=has_events,
            options=o, timezone=timezone)
        result = runner.first(active)
        yield Checked(result=result, inputs=data.inputs, problems=data.problems,
                      tickets=data.tickets(), rerun=runner.rerun,
                      every_ticket=data.tickets)
