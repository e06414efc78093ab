"""Which driver reads a database, and what a user is told when there is none."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.parametrize(("scheme", "modules", "said"), [
    ("postgresql", ("adbc_driver_postgresql", "adbc_driver_postgresql.dbapi", "psycopg"),
     "no postgresql driver installed"),
    # no server needed: the driver is missing before anything is dialled
    ("mysql", ("pymysql",), "no mysql driver installed (tried pymysql)"),
])
def test_without_a_driver_the_run_says_what_to_install(svccheck, monkeypatch, scheme,
                                                       modules, said):
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    run = svccheck("check", f"{scheme}://qa:Secret-1@127.0.0.1:1/helpdesk", "--table",
                   "tickets", "--format", "json")
    assert run.code == 2
    assert said in run.err
    extra = "postgres" if scheme == "postgresql" else scheme
    assert f"install svccheck[{extra}]" in run.err
    assert "Secret-1" not in run.err and run.err.count("\n") == 1


def test_without_adbc_sqlite_falls_back_to_the_standard_library(svccheck, monkeypatch,
                                                                 sqlite_db):
    for module in ("adbc_driver_sqlite", "adbc_driver_sqlite.dbapi"):
        monkeypatch.setitem(sys.modules, module, None)
    run = svccheck("check", f"sqlite:///{sqlite_db}", "--table", "tickets", "--format", "json",
                   "--as-of", "2025-11-30 18:00")
    assert run.code == 1, run.err
    assert run.report["summary"]["tickets"] == 4
