"""The config file is found from any directory of the repository, as ruff's and pytest's are.

A team keeps ``svccheck.yaml`` at the root of the repository that holds its
exports; ``svccheck check 2025-11.csv`` run inside ``exports/`` must use it.
Outside a git repository only the working directory counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T1,C1,other,x,normal,open,2025-10-09 09:00,amy
"""  # T1: category 'other' is a record.allowed-values error


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository: .git and svccheck.yaml (fail_on: never) at its root, the export in exports/."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "svccheck.yaml").write_text("fail_on: never\nhistory: audits.db\n",
                                            encoding="utf-8")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "t.csv").write_text(EXPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "exports")
    return tmp_path


def test_a_subdirectory_uses_the_repositorys_config(svccheck, repo):
    run = svccheck("check", "t.csv", "--select", "record.allowed-values")
    assert run.code == 0, run.out  # fail_on: never, from the root's file
    # a relative history path is relative to the config file, not to where the run starts
    assert (repo / "audits.db").is_file() and not (repo / "exports" / "audits.db").exists()


def test_a_pyproject_without_a_svccheck_section_does_not_stop_the_search(svccheck, repo):
    (repo / "exports" / "pyproject.toml").write_text("[project]\nname = 'x'\n",
                                                     encoding="utf-8")
    assert svccheck("check", "t.csv", "--select", "record.allowed-values").code == 0


def test_the_nearest_file_wins(svccheck, repo):
    (repo / "exports" / "svccheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    assert svccheck("check", "t.csv", "--select", "record.allowed-values").code == 1


def test_outside_a_repository_a_parent_directory_is_not_searched(svccheck, repo):
    (repo / ".git").rmdir()
    assert svccheck("check", "t.csv", "--select", "record.allowed-values").code == 1
