"""``--engine dask`` gives the report a local run gives, on a cluster of worker processes.

A ``LocalCluster`` of four worker processes on loopback stands in for a
cluster of machines: every task's data crosses process boundaries as it
would cross the network (pickled rules and readers, the shuffle of the
parts between workers, the results back to the client). The audits are
those of ``tests/test_streaming.py``: chats with messages in four parts
(one file per quarter of the export), a customer's policies with an
activities file, a plugin rule over every ticket, a plugin rule from a
plugins directory -- compared with the in-memory engine finding by
finding (fingerprints) and as whole JSON reports.
"""

from __future__ import annotations

import json
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import distributed  # the test extra installs svccheck[dask]: these tests never skip
import pytest

from svccheck.engines import dask as dask_engine

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-11-30 18:00"
STREAMING = runpy.run_path(str(ROOT / "tests" / "test_streaming.py"))


@pytest.fixture(scope="module")
def scheduler():
    """Four single-threaded worker processes on loopback, for the whole module."""
    with distributed.LocalCluster(n_workers=4, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> Path:
    """An 800-chat export (messages included) from the benchmark generator, as four
    files of consecutive tickets -- the way a nightly dump arrives, one file per batch."""
    folder = tmp_path_factory.mktemp("dataset")
    whole = folder / "whole.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--tickets", "800", "--seed",
         "7", "--format", "jsonl", "--out", str(whole), "--quiet"],
        check=True,
    )
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    whole.unlink()
    out = folder / "parts"
    out.mkdir()
    size = len(lines) // 4
    for n in range(4):
        end = None if n == 3 else (n + 1) * size
        (out / f"batch-{n + 1}.jsonl").write_text("".join(lines[n * size:end]),
                                                  encoding="utf-8")
    (out / "_SUCCESS").write_text("")  # what sits beside a dataset's parts is skipped
    (out / ".batch-1.jsonl.crc").write_text("1a2b\n")
    return out


def reports(svccheck, local_inputs, dask_inputs, *argv, scheduler, dask_argv=()):
    """The JSON report of a local (in-memory) run and of a dask run; both must complete."""
    memory = svccheck("check", *local_inputs, *argv, "--format", "json", "--engine", "memory")
    assert memory.code in (0, 1), memory.err
    dask = svccheck("check", *dask_inputs, *argv, "--format", "json", "--engine", "dask",
                    "--scheduler", scheduler, *dask_argv)
    assert dask.code == memory.code, dask.err
    return memory.report, dask.report


def fingerprints(report: dict) -> list[str]:
    return [v["fingerprint"] for v in report["violations"]]


def test_four_partitions_give_the_findings_of_a_local_run(svccheck, parts, scheduler):
    files = sorted(parts.glob("*.jsonl"))
    memory = svccheck("check", *files, "--as-of", AS_OF, "--standard", "contact-center",
                      "--format", "json", "--engine", "memory")
    # the directory of parts: each file one map task on some worker
    dask = svccheck("check", parts, "--as-of", AS_OF, "--standard", "contact-center",
                    "--format", "json", "--engine", "dask", "--scheduler", scheduler)
    assert memory.code == dask.code == 1, dask.err
    # the measure: the same findings, by fingerprint, in the same order
    assert fingerprints(dask.report) == fingerprints(memory.report)
    # and everything else the report says: summary, per-rule counts, inputs, context
    assert dask.report == memory.report
    rules = {r["rule"]: r for r in memory.report["summary"]["rules"]}
    # the run is worth comparing: per-ticket, message and KPI rules all found something
    assert rules["response.first-reply"]["violations"] > 0
    assert rules["greeting.opening"]["violations"] > 0
    assert rules["privacy.unmasked-contact"]["violations"] > 0
    assert [i["path"] for i in dask.report["inputs"]] == [str(f) for f in files]


def test_a_glob_of_parts_and_a_floor_no_group_reaches(svccheck, parts, scheduler,
                                                     unreachable_kpis, tmp_path):
    """KPIs merged from each part's partial counts: every group's figure is the whole
    audit's; the history's KPI probes run again over the parts kept on the cluster."""
    standard = unreachable_kpis
    files = sorted(parts.glob("*.jsonl"))
    memory = svccheck("check", *files, "--as-of", AS_OF, "--standard", standard, "--format",
                      "json", "--engine", "memory", "--history", tmp_path / "memory.db")
    dask = svccheck("check", parts / "batch-*.jsonl", "--as-of", AS_OF, "--standard", standard,
                    "--format", "json", "--engine", "dask", "--scheduler", scheduler,
                    "--parts", "3", "--history", tmp_path / "dask.db")
    assert memory.code == dask.code == 1, dask.err
    assert dask.report == memory.report
    kpis = [v for v in memory.report["violations"] if v["rule"].startswith("kpi.")]
    assert len(kpis) > 10  # overall, and per assignee and channel
    listed = [json.loads(svccheck("history", "--history", tmp_path / f"{e}.db", "--format",
                                  "json").out)[0] for e in ("memory", "dask")]
    assert listed[0]["kpis"] and listed[0]["kpis"] == listed[1]["kpis"]
    assert listed[0]["rules"] == listed[1]["rules"]


def test_a_customers_policies_stay_together(svccheck, insurance_book, scheduler):
    """Parts follow customers; the activities file's events find their policy's part."""
    policies, activities, standard = insurance_book
    memory, dask = reports(svccheck, [policies], [policies], "--standard", standard,
                           "--events", activities, "--as-of", AS_OF, scheduler=scheduler,
                           dask_argv=("--parts", "3"))
    assert dask == memory
    found = [(v["ticket"], v["rule"]) for v in dask["violations"]]
    assert ("P2406", "greeting.birthday") in found
    assert ("P2409", "greeting.birthday") not in found  # greeted under P2401, same customer
    assert any(rule == "kpi.persistency-13m" for _, rule in found)


def test_plugin_rules_by_customer_over_every_ticket_and_from_a_directory(
        svccheck, write, scheduler, tmp_path):
    """telecom.first-contact-resolution reads every ticket (gathered from the parts);
    a rule from a plugins directory, which no worker can import, travels with its task."""
    hotline = write("hotline.csv", STREAMING["hotline"]())
    memory, dask = reports(svccheck, [hotline], [hotline], "--standard", "telecom-hotline",
                           "--as-of", AS_OF, scheduler=scheduler)
    assert dask == memory
    assert [v["rule"] for v in dask["violations"]].count("telecom.first-contact-resolution") == 1
    assert len([v for v in dask["violations"] if v["rule"] == "telecom.repeat-contact"]) == 20

    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "fragile.py").write_text(STREAMING["CRASHING"])
    rows = "\n".join(f"T{n},C{n},咨询,x,一般,已解决,2025-11-03 09:00" for n in range(20))
    tickets = write("tickets.csv", "工单编号,客户ID,问题类别,问题描述,紧急程度,处理状态,受理时间\n"
                    + rows + "\n")
    argv = ("--as-of", AS_OF, "--plugins-dir", tmp_path / "plugins", "--select",
            "local.fragile", "--profile", "cn-response-record", "--keep-going")
    memory, dask = reports(svccheck, [tickets], [tickets], *argv, scheduler=scheduler)
    assert dask == memory
    assert "cannot handle this part" in dask["violations"][0]["message"]
    # without --keep-going the crash on one worker stops the run, as locally
    stopped = svccheck("check", tickets, *argv[:-1], "--engine", "dask", "--scheduler",
                       scheduler, "--parts", "4")
    assert stopped.code == 2 and "local.fragile" in stopped.err
    assert stopped.err.count("\n") == 1


def test_the_workers_read_the_export_the_tasks_carry_none_of_it(svccheck, parts, scheduler,
                                                              tmp_path, monkeypatch):
    # the client sends the workers file names, the settings and the plan; the rows
    # are read by the workers themselves, so what travels in the tasks does not
    # grow from 200 chats to 800 (a few bytes of counts aside); a task graph holding
    # the rows could not scale past the client's memory, and distributed warns of it
    batches = sorted(parts.glob("batch-*.jsonl"))
    one = tmp_path / "one" / "chats.jsonl"
    every = tmp_path / "all" / "chats.jsonl"
    for path, sources in ((one, batches[:1]), (every, batches)):
        path.parent.mkdir()
        path.write_text("".join(b.read_text(encoding="utf-8") for b in sources),
                        encoding="utf-8")
    shipped: list[int] = []
    real = dask_engine._ship
    monkeypatch.setattr(dask_engine, "_ship", lambda value: _recorded(real(value), shipped))
    sizes = []
    for path in (one, every):
        shipped.clear()
        run = svccheck("check", path, "--as-of", AS_OF, "--format", "json", "--engine",
                       "dask", "--scheduler", scheduler, "--parts", "4")
        assert run.code in (0, 1), run.err
        sizes.append(list(shipped))
    assert sizes[0] and len(sizes[0]) == len(sizes[1])
    assert max(abs(a - b) for a, b in zip(*sizes, strict=True)) < 1024
    assert every.stat().st_size - one.stat().st_size > 200 * 1024


def _recorded(blob: bytes, sizes: list[int]) -> bytes:
    sizes.append(len(blob))
    return blob


def test_a_file_a_worker_cannot_read_is_one_line_and_exit_2(svccheck, scheduler, tmp_path):
    missing = tmp_path / "2025-11-31.csv"
    run = svccheck("check", missing, "--engine", "dask", "--scheduler", scheduler)
    assert run.code == 2 and run.err.count("\n") == 1 and "Traceback" not in run.err
    assert str(missing) in run.err and "not found" in run.err
    empty = tmp_path / "empty"
    empty.mkdir()
    run = svccheck("check", empty, "--engine", "dask", "--scheduler", scheduler)
    assert run.code == 2 and "no export file in this directory" in run.err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_exit_2(svccheck, write, monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1.0)
    path = write("x.csv", "id\nT1\n")
    address = f"tcp://127.0.0.1:{free_port()}"
    run = svccheck("check", path, "--engine", "dask", "--scheduler", address)
    assert run.code == 2
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert run.err.startswith(f"svccheck: error: --scheduler {address}: cannot reach")


def test_the_engine_and_the_scheduler_go_together(svccheck, write):
    path = write("x.csv", "id\nT1\n")
    alone = svccheck("check", path, "--engine", "dask")
    assert alone.code == 2 and "--scheduler" in alone.err
    stray = svccheck("check", path, "--engine", "memory", "--scheduler", "tcp://127.0.0.1:1")
    assert stray.code == 2 and "only with --engine dask" in stray.err
    portless = svccheck("check", path, "--engine", "dask", "--scheduler", "scheduler.local")
    assert portless.code == 2 and portless.err.count("\n") == 1
    assert "--scheduler scheduler.local: not a scheduler address" in portless.err


def test_the_engine_and_scheduler_from_the_config_file(svccheck, write, tmp_path,
                                                       monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.chdir(tmp_path)
    address = f"tcp://127.0.0.1:{free_port()}"
    write("svccheck.yaml", f"engine: dask\nscheduler: {address}\n")
    path = write("x.csv", "id\nT1\n")
    run = svccheck("check", path)
    assert run.code == 2 and run.err.startswith(f"svccheck: error: --scheduler {address}: ")
    # another engine on the command line runs without the config's scheduler
    local = svccheck("check", path, "--engine", "memory", "--profile", "generic",
                     "--format", "json")
    assert local.code in (0, 1), local.err


def test_without_dask_installed_the_error_names_the_extra(svccheck, write, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    path = write("x.csv", "id\nT1\n")
    run = svccheck("check", path, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786")
    assert run.code == 2 and run.err.count("\n") == 1
    assert "pip install 'svccheck[dask]'" in run.err


def test_a_worker_with_another_polars_is_refused(svccheck, write, scheduler, monkeypatch):
    """Parts are chosen by polars' hash: a worker on another polars could misplace rows."""
    real = dask_engine.version
    monkeypatch.setattr(dask_engine, "version",  # this machine only: workers run their own
                        lambda name: "0.0" if name == "polars" else real(name))
    path = write("x.csv", "id\nT1\n")
    run = svccheck("check", path, "--engine", "dask", "--scheduler", scheduler)
    assert run.code == 2 and run.err.count("\n") == 1
    assert "polars" in run.err and "this machine 0.0" in run.err


@pytest.mark.parametrize("folder", ["zendesk-api", "zammad"])
def test_a_helpdesk_export_folder_gives_the_report_of_a_local_run(svccheck, scheduler, folder):
    """Comment files linked by their path or by an internal id, users and metrics files,
    a ticket on two pages: surveyed once, on a worker, and settled part by part."""
    export = ROOT / "tests" / "data" / "helpdesks" / folder
    memory, dask = reports(svccheck, [export], [export], "--standard", "cn-baseline",
                           "--as-of", "2025-11-07 18:00", scheduler=scheduler,
                           dask_argv=("--parts", "3"))
    assert dask == memory
    assert sum(i.get("duplicates", 0) for i in dask["inputs"]) == 1
    assert {r["rule"]: r["violations"] for r in dask["summary"]["rules"]}[
        "greeting.opening"] == 1
