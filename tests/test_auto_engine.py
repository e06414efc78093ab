"""``--engine auto`` runs in memory what fits, and streams the rest.

The choice follows the memory the in-memory engine would need, not the
files' size alone: a Parquet dump or a gzipped export holds many times its
size once read (bench/RESULTS.md measures the factors). Sizes here are
sparse files: only their length is read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.engines.choice import choose

MB = 1024 * 1024


def sized(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(("files", "engine"), [
    # a 1M-ticket CSV export (270 MB) is twice as fast in memory, in 1.3 GB
    ({"tickets.csv": 300 * MB}, "memory"),
    ({"tickets.csv": 500 * MB}, "stream"),
    # 1M tickets as Parquet are 19 MB on disk and 0.9 GB in memory
    ({"dump.parquet": 20 * MB}, "memory"),
    ({"dump.parquet": 60 * MB}, "stream"),
    # JSON Lines with messages: 1.4 GB held 15.5 GB
    ({"chats.jsonl": 150 * MB}, "memory"),
    ({"chats.jsonl": 250 * MB}, "stream"),
    # gzip: the inflated export is what is held
    ({"tickets.csv.gz": 60 * MB}, "stream"),
    ({"tickets.csv.gz": 30 * MB}, "memory"),
    # the files add up, events files included
    ({"tickets.csv": 250 * MB, "messages.csv": 250 * MB}, "stream"),
])
def test_auto_runs_in_memory_what_fits(tmp_path, files, engine):
    paths = [sized(tmp_path, name, size) for name, size in files.items()]
    assert choose("auto", paths) == engine
    assert choose("memory", paths) == "memory"  # an engine asked for is kept


def test_verbose_says_which_engine_and_why(svccheck, tmp_path):
    export = tmp_path / "tickets.csv"
    export.write_text("id,customer_id,category,description,priority,status,created_at\n"
                      "T1,C1,other,x,normal,open,2025-10-09 09:00\n", encoding="utf-8")
    run = svccheck("check", export, "--verbose", "--quiet")
    assert "svccheck: engine memory (auto: about 1 MB needed in memory)\n" in run.err
    big = sized(tmp_path, "big.parquet", 60 * MB)
    run = svccheck("check", big, "--verbose", "--quiet")
    assert "svccheck: engine stream (auto: about 2.9 GB needed in memory)\n" in run.err
    assert run.code == 2  # zeros are not a Parquet file: one error line, after the choice
    assert run.err.splitlines()[-1].startswith(f"svccheck: error: {big}: ")
    run = svccheck("check", export, "--verbose", "--quiet", "--engine", "stream")
    assert "svccheck: engine stream\n" in run.err
