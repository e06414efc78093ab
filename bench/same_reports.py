"""Show that a change left every finding and every report byte as it was.

A refactor must not change what svccheck reports. This script takes two
revisions of the code, runs ``python -m svccheck check`` from each over the
same inputs, in every report format and on every engine, and
compares what the two runs wrote, byte for byte, together with their exit
codes::

    python bench/same_reports.py main              # main vs the working tree
    python bench/same_reports.py main HEAD         # main vs the last commit
    python bench/same_reports.py v1.2 main --quick # smaller exports, no dask

It prints one line per input and engine, one column per output ("same" or
"DIFF"), then the first differing line of every output that differs, and
exits 0 only if everything is the same (1 if anything differs, 2 if it
could not run).

**The two trees.** ``BASE_REF`` (and ``HEAD_REF``, if given) are exported
with ``git archive`` into a temporary directory; without ``HEAD_REF`` the
working tree is used as it is, uncommitted changes included. Nothing in the
checkout is touched: bytecode goes to the temporary directory
(``PYTHONPYCACHEPREFIX``), and no git worktree, branch or index is created.
Each run uses this interpreter with ``PYTHONPATH`` set to the tree's own
``src`` (an absolute path), so each tree's code, standards and profiles are
the ones audited; installed plugins and third-party packages are the same
for both.

**The inputs** are taken from the BASE tree only and copied into one
directory, so both trees read identical bytes at identical paths:

- ``sample``: the bundled sample export (``svccheck demo``'s), in English and
  again with ``--lang zh``;
- ``golden``: ``tests/golden/input`` with the arguments of
  ``tests/report/test_golden.py`` (a small standard, waivers, a baseline and a
  ``--max-findings`` budget, so every section of every format is filled);
- ``helpdesk/NAME``: each folder of ``tests/data/helpdesks`` with the
  profile and ``--input-tz`` its README gives, against ``cn-baseline``;
- ``bench-csv``, ``bench-jsonl``, ``bench-parquet``: exports written once by
  the BASE tree's ``bench/generate.py`` (seed 1; 20,000 CSV tickets, 2,000
  chats with messages, 5,000 Parquet tickets; ``--quick``: 2,000 / 300 / 500).

Left out: exports the tests write on the fly (most reader and rule tests,
the XLSX workbooks of ``tests/test_cn_helpdesk_spreadsheets.py``), whose
arguments live in test code; database inputs (they need a server, or a
SQLite file a test builds); standard input (``-``); and ``--history``, whose
database is meant to change with each run.

**Engines**: ``memory``; ``stream`` with ``--parts 3`` (so the parts path is
taken even on a small export); ``dask`` with ``--parts 3`` on a local
cluster of two worker processes started per tree, its workers importing that
tree's code (skipped when ``distributed`` is not installed, and with
``--quick``). ``auto`` is not run apart: on exports this small it is ``memory``.

**Outputs compared** per run: the text report on standard output
(``--format text --color never``), one file per built-in format through
``--report FORMAT:PATH`` (text, json, jsonl, csv, sarif, junit, github,
markdown, html, scorecard), standard error, and the exit code.

**Nothing is normalised.** Every format comes out byte-identical from two
runs of the same code, because nothing in a report depends on the run when
it is set up like this:

- the export moment is fixed by ``--as-of`` (the dates in the generator's and
  the fixtures' READMEs), so no deadline or overdue count depends on today;
- input paths are given relative to the inputs directory, which is the working
  directory of every run (and of the dask workers), so reports and SARIF
  locations (relative to ``--project-root``, the working directory) hold the
  same paths for both trees; the ``--report`` paths appear in no report;
- the tool version comes from the installed package's metadata, which is the
  same for both trees under one interpreter;
- reports hold no time of the run and no duration (``--verbose``, which logs
  times on standard error, is not used; the progress bar shows only on a
  terminal);
- waivers expire by today's date, but the fixture's expire in 2025 or 2099:
  only a run across midnight at the end of an expiry day could tell.

If a future format adds a run-specific value, it shows up here as DIFF on
``main`` against ``main``; normalise that value here, and say so above.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_AS_OF = "2025-11-30 18:00"  # the generator's export moment (bench/README.md)
HELPDESK_AS_OF = "2025-11-07 18:00"  # tests/data/helpdesks/README.md
#: Every built-in format, each written through ``--report FORMAT:PATH``.
FORMATS = ("text", "json", "jsonl", "csv", "sarif", "junit", "github", "markdown", "html",
           "scorecard")
#: What one run is compared on: stdout (the text report), each report file, stderr.
OUTPUTS = ("stdout", *FORMATS, "stderr")
ENGINES = ("memory", "stream", "dask")
PARTS = "3"
#: Folder -> arguments, from tests/data/helpdesks/README.md.
HELPDESKS = {
    "zendesk-api": ("--profile", "zendesk"),
    "zendesk-export": ("--profile", "zendesk"),
    "freshdesk": ("--profile", "freshdesk"),
    "zammad": ("--profile", "zammad"),
    "otrs": ("--profile", "otrs", "--input-tz", "Europe/Berlin"),
    "otrs5": ("--profile", "otrs", "--input-tz", "Europe/Berlin"),
}
#: Tickets per bench export: (csv, jsonl, parquet), default and --quick.
SIZES = {"default": (20_000, 2_000, 5_000), "quick": (2_000, 300, 500)}
#: Started in a tree's environment: a local cluster whose workers import that tree.
CLUSTER = """\
import sys
import distributed
if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the script closes it
"""


@dataclass(frozen=True)
class Case:
    """One input: a name for the table and the arguments after ``svccheck check``."""

    name: str
    argv: tuple[str, ...]


@dataclass
class Tree:
    """One revision of the code: where its ``src`` is and what it is."""

    label: str
    root: Path
    described: str


class CannotCompare(Exception):
    """The comparison could not be made (exit 2): a bad revision, a failed export."""


def git(*argv: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *argv], text=True, capture_output=True)
    if done.returncode != 0:
        raise CannotCompare(f"git {' '.join(argv)}: {done.stderr.strip()}")
    return done.stdout.strip()


def export(ref: str, dest: Path) -> Tree:
    """``git archive`` of ``ref`` unpacked into ``dest``: the repository is only read."""
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    dest.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", commit],
                               stdout=subprocess.PIPE)
    assert archive.stdout is not None
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(dest, filter="data")
    if archive.wait() != 0:
        raise CannotCompare(f"git archive {ref} failed")
    return Tree(ref, dest, f"{ref} = {commit[:12]}")


def working_tree() -> Tree:
    commit = git("rev-parse", "HEAD")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") \
        else ""
    return Tree("working tree", ROOT, f"working tree at {commit[:12]}{dirty}")


def environment(tree: Tree, work: Path) -> dict[str, str]:
    """This interpreter's environment, with the tree's ``src`` first on the path.

    Bytecode is cached under the work directory (never in the checkout), even
    where ``PYTHONDONTWRITEBYTECODE`` is set: compiling the package anew in
    every run would cost more than most audits here.
    """
    drop = ("FORCE_COLOR", "SVCCHECK_DEBUG", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPATH"] = str((tree.root / "src").resolve())
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def prepare_inputs(base: Tree, inputs: Path, sizes: tuple[int, int, int],
                   env: dict[str, str]) -> list[Case]:
    """Copy the fixtures and generate the bench exports, all from the BASE tree."""
    inputs.mkdir(parents=True)
    shutil.copy(base.root / "src" / "svccheck" / "data" / "sample-response-record.csv",
                inputs / "sample.csv")
    shutil.copytree(base.root / "tests" / "golden" / "input", inputs / "golden")
    shutil.copytree(base.root / "tests" / "data" / "helpdesks", inputs / "helpdesks")
    sample = ("sample.csv", "--as-of", SAMPLE_AS_OF)
    cases = [
        Case("sample", sample),
        Case("sample --lang zh", (*sample, "--lang", "zh")),
        # tests/report/test_golden.py's arguments
        Case("golden", ("golden/export.csv", "--standard", "golden/standard.yaml",
                        "--waivers", "golden/waivers.yaml", "--baseline",
                        "golden/baseline.json", "--max-findings", "warning=3",
                        "--as-of", SAMPLE_AS_OF, "--max-rows", "0")),
    ]
    for folder, argv in HELPDESKS.items():
        if (inputs / "helpdesks" / folder).is_dir():
            cases.append(Case(f"helpdesk/{folder}",
                              (f"helpdesks/{folder}", *argv, "--standard", "cn-baseline",
                               "--as-of", HELPDESK_AS_OF)))
    generator = base.root / "bench" / "generate.py"
    for fmt, tickets, extra in zip(("csv", "jsonl", "parquet"), sizes,
                                   (("--encoding", "utf-8-sig"), (), ()), strict=True):
        name = f"bench-{tickets}.{fmt}"
        subprocess.run([sys.executable, str(generator), "--tickets", str(tickets), "--seed",
                        "1", "--format", fmt, *extra, "--out", str(inputs / name), "--quiet"],
                       check=True, env=env)
        cases.append(Case(f"bench-{fmt} ({tickets:,})", (name, "--as-of", SAMPLE_AS_OF)))
    return cases


class Cluster:
    """A local Dask cluster in a tree's environment, working in the inputs directory."""

    def __init__(self, env: dict[str, str], cwd: Path):
        self.process = subprocess.Popen([sys.executable, "-c", CLUSTER], cwd=cwd, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        if not self.address:
            raise CannotCompare("the local Dask cluster did not start")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(case: Case, engine: str, out: Path, cwd: Path, env: dict[str, str],
        scheduler: str | None) -> None:
    """One audit, every format at once; stdout, stderr and the exit code saved beside."""
    out.mkdir(parents=True)
    argv = [sys.executable, "-m", "svccheck", "check", *case.argv, "--format", "text",
            "--color", "never", "--engine", engine]
    if engine != "memory":
        argv += ["--parts", PARTS]
    if scheduler:
        argv += ["--scheduler", scheduler]
    for fmt in FORMATS:
        argv += ["--report", f"{fmt}:{out / fmt}"]
    with open(out / "stdout", "wb") as stdout, open(out / "stderr", "wb") as stderr:
        code = subprocess.run(argv, cwd=cwd, env=env, stdout=stdout, stderr=stderr).returncode
    (out / "exit").write_text(str(code))


def run_tree(tree: Tree, cases: list[Case], engines: list[str], work: Path, jobs: int) -> float:
    env = environment(tree, work)
    inputs = work / "inputs"
    started = time.perf_counter()
    cluster = Cluster(env, inputs) if "dask" in engines else None
    try:
        with ThreadPoolExecutor(jobs) as pool:
            done = [pool.submit(run, case, engine, work / "out" / tree.label / slug(case.name)
                                / engine, inputs, env,
                                cluster.address if cluster and engine == "dask" else None)
                    for case in cases for engine in engines]
            for future in done:
                future.result()
    finally:
        if cluster:
            cluster.close()
    return time.perf_counter() - started


def slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "_" for c in name)


def read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def first_difference(a: bytes | None, b: bytes | None) -> str:
    """Where two outputs part: the first differing line of each, shortened."""
    if a is None or b is None:
        return f"written by {'HEAD only' if a is None else 'BASE only'}"
    left = a.decode("utf-8", "replace").splitlines()
    right = b.decode("utf-8", "replace").splitlines()
    for number, (x, y) in enumerate(zip(left, right, strict=False), 1):
        if x != y:
            column = next((i for i, (c, d) in enumerate(zip(x, y, strict=False)) if c != d),
                          min(len(x), len(y)))
            return (f"line {number}, column {column + 1}:\n      BASE {short(x, column)}"
                    f"\n      HEAD {short(y, column)}")
    shorter = "BASE" if len(left) < len(right) else "HEAD"
    if len(left) == len(right):
        return "line endings or a final newline differ"
    return f"{shorter} ends after line {min(len(left), len(right))}"


def short(line: str, column: int, width: int = 120) -> str:
    """The part of a long line around ``column``, where the two lines part."""
    start = max(0, column - width // 3)
    text = line[start:start + width]
    return ("..." if start else "") + repr(text) + ("..." if start + width < len(line) else "")


def compare(base: Path, head: Path, cases: list[Case],
            engines: list[str]) -> tuple[list[list[str]], list[str]]:
    rows, notes = [], []
    for case in cases:
        for engine in engines:
            a, b = base / slug(case.name) / engine, head / slug(case.name) / engine
            codes = (a / "exit").read_text(), (b / "exit").read_text()
            row = [case.name, engine,
                   codes[0] if codes[0] == codes[1] else f"DIFF {codes[0]}->{codes[1]}"]
            if codes[0] != codes[1]:
                notes.append(f"{case.name} / {engine} / exit code: BASE {codes[0]}, "
                             f"HEAD {codes[1]}")
            for output in OUTPUTS:
                x, y = read(a / output), read(b / output)
                same = x == y
                row.append("same" if same else "DIFF")
                if not same:
                    notes.append(f"{case.name} / {engine} / {output}: {first_difference(x, y)}")
            rows.append(row)
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", metavar="BASE_REF", help="the revision before, e.g. main")
    parser.add_argument("head", metavar="HEAD_REF", nargs="?",
                        help="the revision after (default: the working tree)")
    parser.add_argument("--quick", action="store_true",
                        help="smaller bench exports and no dask engine")
    parser.add_argument("--engines", default=None,
                        help="comma-separated, from memory,stream,dask "
                             "(default: all three; --quick: memory,stream)")
    parser.add_argument("--jobs", "-j", type=int, default=2,
                        help="audits run at a time (default 2)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR (must not exist) and keep the inputs and every "
                             "output there, to diff them by hand")
    args = parser.parse_args(argv)

    engines = (args.engines.split(",") if args.engines
               else ["memory", "stream"] if args.quick else list(ENGINES))
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"--engines: unknown {', '.join(sorted(unknown))}")
    if "dask" in engines:
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("dask engine left out: distributed is not installed "
                  "(pip install 'svccheck[dask]')", file=sys.stderr)
            engines.remove("dask")

    started = time.perf_counter()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="same-reports-"))
    if args.keep:
        work.mkdir(parents=True)
    try:
        base = export(args.base, work / "trees" / "base")
        base.label = "base"
        head = export(args.head, work / "trees" / "head") if args.head else working_tree()
        head.label = "head"
        print(f"BASE {base.described}\nHEAD {head.described}", flush=True)
        cases = prepare_inputs(base, work / "inputs", SIZES["quick" if args.quick else "default"],
                               environment(base, work))
        print(f"{len(cases)} inputs x {len(engines)} engines ({', '.join(engines)}) x "
              f"{len(OUTPUTS)} outputs, {args.jobs} at a time", flush=True)
        for tree in (base, head):
            took = run_tree(tree, cases, engines, work, args.jobs)
            print(f"{tree.label}: {len(cases) * len(engines)} audits in {took:.0f} s", flush=True)
        rows, notes = compare(work / "out" / "base", work / "out" / "head", cases, engines)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    headers = ["input", "engine", "exit", *OUTPUTS]
    print()
    print(tabulate(rows, headers=headers, disable_numparse=True))
    for note in notes:
        print(f"DIFFERENT {note}")
    verdict = ("DIFFERENT: see above" if notes else
               "all same: every output byte-identical, every exit code equal")
    print(f"\n{verdict} ({time.perf_counter() - started:.0f} s in all)")
    if args.keep:
        print(f"inputs and outputs kept in {work}")
    return 1 if notes else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (CannotCompare, subprocess.CalledProcessError) as exc:
        print(f"same_reports: {exc}", file=sys.stderr)
        sys.exit(2)
