"""``svccheck check -``: an export piped in on standard input.

Run as a user runs it -- a real process with a pipe (or a device) on its
standard input -- since that is what the option is about.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import svccheck

EXPORT = (
    "id,customer_id,category,description,priority,status,created_at,assignee\n"
    "T1,C1,problem,x,normal,open,2025-10-09 09:00,amy\n"
    "T2,C2,other,x,normal,open,2025-10-09 09:00,amy\n"  # T2: category 'other'
)
ARGS = ("--select", "record.allowed-values", "--format", "json")


def run(*args: str, stdin: bytes | None = None, device: str | None = None,
        cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(svccheck.__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "svccheck", "check", *args]
    if device is not None:
        with open(device, "rb") as handle:
            return subprocess.run(command, stdin=handle, capture_output=True, cwd=cwd,
                                  env=env, timeout=120)
    return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, env=env,
                          timeout=120)


def test_a_piped_csv_is_audited_as_dash(tmp_path):
    done = run("-", *ARGS, stdin=EXPORT.encode(), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["inputs"][0]["path"] == "-"
    assert [(v["ticket"], v["source"], v["row"]) for v in report["violations"]] == [
        ("T2", "-", 3)]
    assert list(tmp_path.iterdir()) == []  # the private copy is gone, nothing left behind


def test_stdin_filename_names_it_and_picks_the_reader(tmp_path):
    lines = [json.dumps(dict(zip(EXPORT.splitlines()[0].split(","), row.split(","),
                                 strict=True))) for row in EXPORT.splitlines()[1:]]
    done = run("-", "--stdin-filename", "exports/nov.jsonl", *ARGS,
               stdin="\n".join(lines).encode(), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["inputs"][0]["path"] == "exports/nov.jsonl"
    assert report["inputs"][0]["format"] == "jsonl"
    gz = run("-", "--stdin-filename", "nov.csv.gz", *ARGS, stdin=gzip.compress(EXPORT.encode()),
             cwd=tmp_path)
    assert json.loads(gz.stdout)["inputs"][0]["compression"] == "gzip"


def test_a_json_export_is_told_from_its_first_bytes(tmp_path):
    lines = [json.dumps(dict(zip(EXPORT.splitlines()[0].split(","), row.split(","),
                                 strict=True))) for row in EXPORT.splitlines()[1:]]
    done = run("-", *ARGS, stdin="\n".join(lines).encode(), cwd=tmp_path)
    assert json.loads(done.stdout)["inputs"][0]["format"] == "jsonl"


def test_a_device_on_stdin_is_refused(tmp_path):
    done = run("-", *ARGS, device="/dev/null", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().startswith("svccheck: error: -: standard input is a terminal")


def test_errors_name_the_input_as_given(tmp_path):
    done = run("-", "--stdin-filename", "nov.csv", *ARGS, stdin=b"", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode() == "svccheck: error: nov.csv: file is empty\n"
