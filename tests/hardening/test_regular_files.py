"""Only regular files are read: a device, a pipe or a socket is refused at once.

``/dev/zero`` -- or a symlink ``export.csv -> /dev/zero`` -- never ends:
reading it whole used to fill memory until ``MemoryError`` (or the kernel)
ended the run. A named pipe blocks until someone writes to it. Each case
runs in a child process with a time limit and 4 GB of address space, so a
regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_svccheck(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svccheck", "check", *map(str, args)],
        capture_output=True, text=True, timeout=60, cwd=cwd, preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"},
    )


def zero(tmp_path: Path, name: str) -> Path:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    return link


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "args", "what"), [
    ("zero.csv", ("{link}",), "ticket export"),
    ("zero.csv.gz", ("{link}",), "ticket export"),
    ("zero.jsonl", ("{link}",), "ticket export"),
    ("zero.json", ("{link}",), "ticket export"),
    ("zero.xlsx", ("{link}",), "ticket export"),
    ("zero.parquet", ("{link}",), "ticket export"),
    ("zero.csv", ("{export}", "--events", "{link}"), "ticket export"),
    ("zero.csv", ("{export}", "--engine", "stream", "--events", "{link}"), "ticket export"),
    ("zero.json", ("{export}", "--baseline", "{link}"), "baseline"),
    ("zero.yaml", ("{export}", "--waivers", "{link}"), "waiver file"),
    ("zero.yaml", ("{export}", "--standard", "{link}"), "standard"),
    ("zero.yaml", ("{export}", "--profile", "{link}"), "profile"),
    ("zero.yaml", ("{export}", "--config", "{link}"), "config file"),
])
def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path, export: Path, name, args, what):
    link = zero(tmp_path, name)
    done = run_svccheck(*(a.format(link=link, export=export) for a in args), cwd=tmp_path)

    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"svccheck: error: {link}: is a character device (through a "
                           f"symbolic link), not a regular file; svccheck reads a {what} "
                           "only from a regular file\n")
    assert done.stdout == ""


def test_a_calendar_file_that_is_a_pipe_is_refused(tmp_path: Path, export: Path):
    os.mkfifo(tmp_path / "company.yaml")  # beside the standard, where it may be
    standard = tmp_path / "s.yaml"
    standard.write_text('id: s\nversion: "1"\ntitle: s\nextends: cn-baseline\n'
                        "calendar:\n  file: company.yaml\n", encoding="utf-8")
    done = run_svccheck(export, "--standard", standard, cwd=tmp_path)
    assert done.returncode == 2
    assert "company.yaml: is a named pipe" in done.stderr
    assert "calendar file only from a regular file" in done.stderr


def test_a_calendar_file_linked_to_a_device_is_refused(tmp_path: Path, export: Path):
    zero(tmp_path, "company.yaml")  # the link points outside the standard's directory
    standard = tmp_path / "s.yaml"
    standard.write_text('id: s\nversion: "1"\ntitle: s\nextends: cn-baseline\n'
                        "calendar:\n  file: company.yaml\n", encoding="utf-8")
    done = run_svccheck(export, "--standard", standard, cwd=tmp_path)
    assert done.returncode == 2
    assert "/dev/zero is outside the directory of the standard" in done.stderr


def test_dev_null_itself_is_refused(tmp_path: Path):
    done = run_svccheck("/dev/null", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("svccheck: error: /dev/null: is a character device, not a")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, export: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for args in ((fifo,), (export, "--events", fifo)):
        done = run_svccheck(*args, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == (f"svccheck: error: {fifo}: is a named pipe, not a regular file; "
                               "svccheck reads a ticket export only from a regular file\n")


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path, export: Path):
    link = tmp_path / "latest.csv"
    link.symlink_to(export)
    done = run_svccheck(link, "--format", "json", "--as-of", "2025-11-30", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout
