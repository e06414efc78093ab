"""A streamed run's findings stay on disk, yet every report says the same.

With ``--engine stream`` the findings are put in report order on disk, a
bucket of rows at a time (:mod:`svccheck.engines.disk_sort`), and the text, JSON
Lines and CSV reports, the waivers, the baseline and the history read them
from there. These tests cut the findings into buckets of a few findings each
and compare every such output with the in-memory run's, byte for byte.
"""

from __future__ import annotations

import polars as pl
import pytest

from svccheck.engines import disk_sort
from svccheck.engines import stream as stream_engine
from svccheck.engines.contract import FINDINGS_SCHEMA
from svccheck.engines.rule_execution import collect_findings
from svccheck.report import base as report_base

from .test_streaming import AS_OF, generated


def findings(*rows: tuple[str | None, int | None, str, str]) -> pl.DataFrame:
    """Findings as (source, row, rule, message); the other columns filled in."""
    data = [{**dict.fromkeys(FINDINGS_SCHEMA), "severity": "error", "source": source,
             "row": row, "rule": rule, "message": message}
            for source, row, rule, message in rows]
    return pl.DataFrame(data, schema=FINDINGS_SCHEMA)


# Three frames as the engine hands them: file-wide findings, then two parts,
# then a rule run over every ticket. Ties (same file, row and rule) must keep
# the frames' order; rows without a number come last in their file, findings
# without a file last of all.
FRAMES = [
    findings(("b.csv", None, "record.required-columns", "b lacks a column")),
    findings(("b.csv", 3, "record.time-order", "b3 first"), ("a.csv", 1, "privacy.x", "a1"),
             ("a.csv", 9, "record.allowed-values", "a9 category"),
             ("a.csv", 9, "record.allowed-values", "a9 priority")),
    findings(("a.csv", 2, "record.time-order", "a2"), ("b.csv", 3, "record.time-order", "b3 2nd"),
             ("a.csv", 9, "greeting.opening", "a9 greeting"), ("b.csv", 12, "x.y", "b12")),
    findings((None, None, "kpi.first-reply-rate", "overall"), ("a.csv", 5, "telecom.fcr", "a5")),
]


@pytest.mark.parametrize("per_bucket", [1, 2, 3, 1000])
def test_sorted_on_disk_as_in_memory(tmp_path, per_bucket):
    on_disk = disk_sort.sort_on_disk(FRAMES, tmp_path / "sorted", per_bucket=per_bucket)
    assert isinstance(on_disk, pl.LazyFrame)
    assert on_disk.collect().equals(collect_findings(FRAMES))
    messages = on_disk.collect().get_column("message").to_list()
    assert messages[:6] == ["a1", "a2", "a5", "a9 greeting", "a9 category", "a9 priority"]
    assert messages[-4:] == ["b3 2nd", "b12", "b lacks a column", "overall"]


def test_no_findings_at_all(tmp_path):
    empty = disk_sort.sort_on_disk([findings(), findings()], tmp_path / "sorted")
    assert empty.collect().height == 0
    assert empty.collect_schema() == pl.Schema(FINDINGS_SCHEMA)


WAIVERS = """\
waivers:
  - family: record
    channel: chat
    reason: migration week on chat
    owner: QA lead
    expires: 2099-06-30
  - rule: escalation.complaint-owner
    reason: old rota
    owner: QA lead
    expires: 2025-11-01
  - rule: record.allowed-values
    reason: new categories pending
    owner: QA lead
    expires: 2099-06-30
"""


@pytest.fixture
def spied(monkeypatch):
    """Buckets of seven findings, context joined five findings at a time, and a
    record of every sort the engine did on disk."""
    monkeypatch.setattr(disk_sort, "BUCKET_FINDINGS", 7)
    monkeypatch.setattr(report_base, "CONTEXT_SLICE", 5)
    sorts: list[pl.LazyFrame] = []
    original = stream_engine.sort_on_disk

    def spy(frames, root, **kwargs):
        sorts.append(result := original(frames, root, **kwargs))
        return result

    monkeypatch.setattr(stream_engine, "sort_on_disk", spy)
    return sorts


@pytest.mark.parametrize("fmt", ["text", "jsonl", "csv"])
def test_reports_read_from_disk_match_the_memory_run(svccheck, tmp_path, spied, fmt):
    export = generated(tmp_path, "csv")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    argv = (export, "--as-of", AS_OF, "--format", fmt, "--waivers", waivers, "--max-rows", "40")
    memory = svccheck("check", *argv, "--engine", "memory")
    stream = svccheck("check", *argv, "--engine", "stream", "--parts", "4")
    assert spied, "the streamed run did not sort its findings on disk"
    assert stream.code == memory.code == 1
    assert stream.out == memory.out
    assert len(memory.out) > 5_000  # findings, waived ones included, were written


def test_baseline_and_history_from_disk(svccheck, tmp_path, spied):
    export = generated(tmp_path, "csv")
    runs = {}
    for engine in ("memory", "stream"):
        baseline, history = tmp_path / f"{engine}.baseline.json", tmp_path / f"{engine}.db"
        written = svccheck("check", export, "--as-of", AS_OF, "--engine", engine,
                           "--update-baseline", baseline, "--history", history, "--quiet")
        assert written.code == 0, written.err  # every finding is in the new baseline
        listed = svccheck("history", "--history", history, "--format", "json")
        # a newer export: the baseline hides what was known, the rest is new
        again = svccheck("check", export, "--as-of", AS_OF, "--engine", engine,
                         "--baseline", baseline, "--format", "jsonl")
        runs[engine] = (baseline.read_text(encoding="utf-8"), listed.out, again.out)
    assert spied
    memory, stream = runs["memory"], runs["stream"]
    assert stream[0] == memory[0] and memory[0].count('"fingerprint"') > 100
    assert _without_times(stream[1]) == _without_times(memory[1])
    assert stream[2] == memory[2] == ""


def _without_times(listing: str) -> str:
    """A history listing without the moment each run was recorded."""
    import json

    runs = json.loads(listing)
    items = runs if isinstance(runs, list) else runs["runs"]
    for item in items:
        item.pop("recorded_at", None)
        item.pop("id", None)
    return json.dumps(runs, sort_keys=True)


def test_spill_keeps_each_runs_findings_apart(svccheck, tmp_path, spied, unreachable_kpis):
    """The history's KPI probes run the rules again over the same spill: the
    first run's findings, still to be reported, must not be overwritten."""
    export = generated(tmp_path, "csv")
    argv = (export, "--as-of", AS_OF, "--format", "jsonl", "--standard", unreachable_kpis)
    memory = svccheck("check", *argv, "--engine", "memory")
    stream = svccheck("check", *argv, "--engine", "stream", "--parts", "3",
                      "--history", tmp_path / "h.db")
    assert len(spied) == 2  # the run and its KPI probes
    assert stream.out == memory.out and memory.out.count("\n") > 100

