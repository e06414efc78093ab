"""File names as every output shows them: personal values masked.

An export named after its customer (``张伟13812345678.csv``) was named raw
in every report, the ``--verbose`` log and the history. The inputs' names
are masked with :func:`svccheck.pii.paths.redact_path` once the run is
done -- in the findings' ``source`` column and the inputs' summaries, from
which the reports and the history take them -- while the run itself reads,
joins and reports by the real path.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from svccheck.engines.findings_frame import Frame
from svccheck.pii.paths import redact_path


def shown_names(paths: Iterable[str]) -> dict[str, str]:
    """Each path that holds a personal value, and how outputs show it."""
    return {path: shown for path in paths if (shown := redact_path(path)) != path}


def mask_sources(findings: Frame, shown: dict[str, str]) -> Frame:
    """The findings with their ``source`` as outputs show it."""
    if not shown:
        return findings
    return findings.with_columns(pl.col("source").replace(shown))
