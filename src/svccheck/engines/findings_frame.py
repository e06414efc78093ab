"""A run's findings in memory or on disk, and what the reports ask of either.

The streaming engine leaves a large run's findings on disk, in report order
(a lazy scan), so that counting, triage and the JSON Lines, CSV and text
reports never hold them all; the memory engine hands a ``DataFrame``. These
few questions -- how many, how many per value, a slice at a time, all of it
-- are answered here the same way for both.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl

Frame = pl.DataFrame | pl.LazyFrame


def held(frame: Frame) -> pl.DataFrame:
    """The frame in memory (for reports that are built whole)."""
    return frame.collect(engine="streaming") if isinstance(frame, pl.LazyFrame) else frame


def height(frame: Frame) -> int:
    """How many rows, without reading more than a count."""
    if isinstance(frame, pl.LazyFrame):
        return int(frame.select(pl.len()).collect(engine="streaming").item())
    return frame.height


def counts(frame: Frame, column: str) -> dict[str, int]:
    """Rows per value of ``column`` (only values that occur)."""
    grouped = frame.lazy().group_by(column).len().collect(engine="streaming")
    return dict(grouped.iter_rows())


def slices(frame: Frame, size: int) -> Iterator[pl.DataFrame]:
    """The rows in order, ``size`` at a time.

    A lazy frame is first written out by polars' streaming sink to a private
    temporary file, removed afterwards, then read back a slice at a time:
    ``collect_batches`` ran ahead of its reader and held most of a million
    findings (measured), the sink holds a few morsels.
    """
    if isinstance(frame, pl.DataFrame):
        for offset in range(0, frame.height, size):
            yield frame.slice(offset, size)
        return
    with tempfile.TemporaryDirectory(prefix="svccheck-") as folder:
        path = Path(folder) / "rows.arrow"
        frame.sink_ipc(path, compression="lz4")
        rows = pl.scan_ipc(path)
        for offset in range(0, height(rows), size):
            yield rows.slice(offset, size).collect()


def stored_slices(frame: Frame, folder: Path, step: Callable[[pl.DataFrame], pl.DataFrame],
                  size: int) -> pl.LazyFrame:
    """``step`` applied to ``frame`` a slice at a time, each result written into ``folder``.

    For a step that polars cannot stream with a bounded memory (an
    order-keeping join held about 300 bytes per finding of a million, measured),
    while the step of one slice needs only that slice. A scan of the results.
    """
    paths = []
    for index, part in enumerate(slices(frame, size)):
        path = folder / f"slice-{index:06d}.arrow"
        step(part).write_ipc(path, compression="lz4")
        paths.append(path)
    if not paths:
        return step(frame.lazy().head(0).collect()).lazy()
    return pl.scan_ipc(paths)
