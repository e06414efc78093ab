"""Inputs that would blow memory are refused before they are held in memory.

The table in ``test_bad_input.py`` shows the messages of the line guard; here
are the two things a table cannot show: that an endless line costs no more
memory than a short one (measured in a child process, as a difference
against a small file refused the same way), and that a Parquet file whose
footer declares far more than its size is refused before polars reads it
(with the 64 MiB floor of the ratio guard lowered, so the bombs stay small).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from svccheck.io.readers import limits

HEADER = ["id", "customer_id", "category", "description", "priority", "status",
          "created_at", "assignee"]

_MEASURE = (
    "import resource, sys\n"
    "from svccheck.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('peak-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def _peak_kib(path: Path) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, "check", str(path), "--max-cell-bytes", "1000"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 2, run.stderr
    return int(run.stdout.split()[-1]), run.stderr


def test_an_endless_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    small = tmp_path / "small.csv"
    small.write_bytes(b"y" * 100_000)  # one line over 64,000 bytes
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:  # 256 MiB without a newline (sparse: no disk used)
        stream.truncate(256 << 20)

    small_kib, small_err = _peak_kib(small)
    huge_kib, huge_err = _peak_kib(huge)

    assert "line 1 is longer than 64,000 bytes" in small_err
    assert "line 1 is longer than 64,000 bytes" in huge_err
    # Reading the file whole would add 256 MiB; the guard holds one 1 MiB chunk.
    assert huge_kib - small_kib < 32 << 10, (small_kib, huge_kib)


def _parquet(frame: pl.DataFrame, path: Path) -> Path:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def no_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the 100x ratio counts: a bomb of a few kilobytes is enough to show it."""
    monkeypatch.setattr(limits, "FLOOR_BYTES", 0)


@pytest.fixture
def polars_must_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("polars was asked to read a refused file")

    monkeypatch.setattr(pl, "read_parquet", refuse)


@pytest.mark.usefixtures("no_floor", "polars_must_not_read")
def test_parquet_declaring_too_many_bytes_is_refused(svccheck, tmp_path: Path) -> None:
    # 200 distinct 2 kB descriptions: about 1.5 kB of zstd, 400 kB once inflated
    path = _parquet(pl.DataFrame({"description": ["y" * 2000 + str(i) for i in range(200)]}),
                    tmp_path / "t.parquet")

    run = svccheck("check", path)

    assert run.code == 2
    assert run.err.count("\n") == 1 and str(path) in run.err
    assert "bytes uncompressed, more than" in run.err
    assert "refusing a possible decompression bomb" in run.err


@pytest.mark.usefixtures("no_floor", "polars_must_not_read")
def test_parquet_declaring_too_many_values_is_refused(svccheck, tmp_path: Path) -> None:
    # 200,000 copies of one id: run-length encoded into well under 1 kB
    path = _parquet(pl.DataFrame({"id": ["T1"] * 200_000}), tmp_path / "t.parquet")

    run = svccheck("check", path)

    assert run.code == 2
    assert "declares 200,000 values, more than" in run.err
    assert "refusing a possible decompression bomb" in run.err


@pytest.mark.usefixtures("no_floor")
def test_an_ordinary_parquet_export_passes_the_guard(svccheck, tmp_path: Path) -> None:
    rows = [["T1", "C1", "problem", "x", "normal", "open", "2025-10-09 09:00", "amy"],
            ["T9", "C1", "other", "x", "normal", "open", "2025-10-09 09:00", "amy"]]  # T9: bad category
    path = _parquet(pl.DataFrame(rows, schema=HEADER, orient="row"), tmp_path / "t.parquet")

    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30")

    assert run.code == 1, run.err
    assert run.tickets("record.allowed-values") == ["T9"]
