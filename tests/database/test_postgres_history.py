"""``--history postgresql://…``: a team's history kept in PostgreSQL."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

import pytest

from .conftest import AS_OF, fill_sqlite


@pytest.fixture
def postgres_history(postgres_server):
    """A fresh database on the test server for the history tables."""
    import psycopg

    name = f"history_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_a_postgresql_history_records_runs_and_masks_database_inputs(
        svccheck, tmp_path, postgres, postgres_history):
    """History in PostgreSQL; inputs from SQLite and PostgreSQL; no password stored."""
    uri, schema = postgres
    db = fill_sqlite(tmp_path / "helpdesk.db")
    for source in (f"sqlite:///{db}", uri, uri):
        run = svccheck("check", source, "--table", f"{schema}.tickets" if source == uri
                       else "tickets", "--history", postgres_history, "--format", "json",
                       *AS_OF)
        assert run.code == 1, run.err
    listing = svccheck("history", "--history", postgres_history, "--format", "json")
    runs = json.loads(listing.out)
    assert [r["id"] for r in runs] == [1, 2, 3]
    assert runs[0]["inputs"] == [f"sqlite:///{db}?table=tickets"]
    password = urlsplit(uri).password
    assert runs[1]["inputs"] == [uri.replace(password, "***") + f"?table={schema}.tickets"]
    for recorded in runs:
        assert recorded["rules"]["response.first-reply"] == {"evaluated": 4, "failed": 2,
                                                             "findings": 2}
    text = svccheck("history", "--history", postgres_history)
    assert password not in text.out + text.err + listing.out
    assert text.out.count("cn-baseline") == 3
