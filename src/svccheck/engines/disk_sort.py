"""Findings put in report order on disk, one bucket at a time.

Ten million tickets at a realistic violation rate give over a million
findings. Sorting them into the report's order (file, row, rule) in memory
takes about a gigabyte -- polars' ``sort`` and ``merge_sorted`` over the
parts' findings alike -- which would make the findings, not the tickets, set
the streaming engine's peak. So the order is made the way an external sort
makes it: every finding is given a bucket that follows that order (a range of
rows of one file), each frame's findings are written to their buckets, and
then one bucket at a time is read back, sorted and written out. Memory
follows the largest bucket (:data:`BUCKET_FINDINGS`), not the run.

The result is exactly :func:`svccheck.engines.rule_execution.collect_findings`
of the same frames, ties included: a bucket reads its pieces in the frames'
order, and its sort is stable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from svccheck.engines.contract import FINDINGS_SCHEMA

#: The report's order of findings (as
#: :func:`svccheck.engines.rule_execution.collect_findings`).
ORDER = ["source", "row", "rule"]
#: Findings sorted in memory at a time: about 100 MB of findings.
BUCKET_FINDINGS = 100_000
_BASE, _WIDTH, _COUNT, _BUCKET = "_sort_base", "_sort_width", "_sort_count", "_sort_bucket"


def _buckets(frames: Sequence[pl.LazyFrame], per_bucket: int) -> pl.DataFrame:
    """Per source, in report order: its first bucket, the rows a bucket spans, its buckets.

    A source's rows are split evenly by number (a file's findings spread over
    its rows); a finding without a row comes after the file's rows, in its
    last bucket, as the sort puts nulls last.
    """
    stats = (
        pl.concat([f.select("source", pl.col("row").cast(pl.Int64)) for f in frames])
        .group_by("source")
        .agg(pl.len().alias("n"), pl.col("row").max().alias("top"))
        .sort("source", nulls_last=True)
        .collect(engine="streaming")
    )
    count = (pl.col("n") + per_bucket - 1) // per_bucket
    return stats.select(
        "source",
        (count.cum_sum() - count).alias(_BASE),
        ((pl.col("top").fill_null(0) + count) // count).alias(_WIDTH),
        count.alias(_COUNT),
    )


def sort_on_disk(frames: Sequence[pl.DataFrame | pl.LazyFrame], root: Path, *,
                 per_bucket: int | None = None) -> pl.LazyFrame:
    """Every frame's findings in report order, as a scan of sorted files under ``root``.

    ``root`` must be a directory the caller removes (the streaming engine's
    spill directory): the returned frame reads from it.
    """
    per_bucket = per_bucket or BUCKET_FINDINGS
    lazies = [f.lazy() for f in frames]
    if not lazies:
        return pl.DataFrame(schema=FINDINGS_SCHEMA).lazy()
    buckets = _buckets(lazies, per_bucket)
    if buckets.is_empty():
        return pl.concat(lazies, how="vertical").head(0)
    root.mkdir(parents=True, exist_ok=True)
    last = pl.col(_BASE) + pl.col(_COUNT) - 1
    bucket = (
        pl.when(pl.col("row").is_null()).then(last)
        .otherwise(pl.min_horizontal(
            pl.col(_BASE) + pl.col("row").cast(pl.Int64) // pl.col(_WIDTH), last))
        .alias(_BUCKET)
    )
    pieces: dict[int, list[Path]] = defaultdict(list)
    for index, frame in enumerate(lazies):
        # one frame at a time (a part's findings), its rows kept in order
        placed = frame.join(buckets.lazy(), on="source", how="left", nulls_equal=True,
                            maintain_order="left").with_columns(bucket).collect()
        for (number,), piece in placed.partition_by(_BUCKET, as_dict=True,
                                                    maintain_order=True).items():
            path = root / f"bucket-{number:06d}-{index:06d}.arrow"
            piece.drop(_BASE, _WIDTH, _COUNT, _BUCKET).write_ipc(path, compression="lz4")
            pieces[int(number)].append(path)
    done = []
    for number in sorted(pieces):
        path = root / f"sorted-{number:06d}.arrow"
        pl.scan_ipc(pieces[number]).sort(ORDER, nulls_last=True, maintain_order=True) \
            .sink_ipc(path, compression="lz4")
        for piece_path in pieces[number]:
            piece_path.unlink()
        done.append(path)
    return pl.scan_ipc(done)

