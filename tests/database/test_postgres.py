"""``svccheck check postgresql://…`` against a real PostgreSQL server.

The fixture's tickets hold their times as ``timestamptz`` and the messages
as naive ``timestamp`` (see conftest.py); the audit must agree with the CSV
export finding for finding.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import polars as pl
import pytest

from svccheck.io.database import DatabaseSource, read_table

from .conftest import JSON, prints, without_password


def test_a_postgresql_table_gives_the_findings_of_its_csv_export(svccheck, export, postgres):
    uri, schema = postgres
    tickets, messages = export
    from_csv = svccheck("check", tickets, "--events", messages, *JSON)
    from_db = svccheck("check", uri, "--table", f"{schema}.tickets",
                       "--events-table", f"{schema}.messages", *JSON)
    assert from_db.code == from_csv.code == 1, from_db.err
    assert prints(from_db) == prints(from_csv)
    assert len(prints(from_db)) == 20
    assert [(i["format"], i["kind"], i["rows"]) for i in from_db.report["inputs"]] == [
        ("postgresql", "tickets", 4), ("postgresql", "events", 3)]


def test_streamed_in_batches_the_table_gives_the_same_report(svccheck, postgres, monkeypatch):
    from svccheck.engines import stream as stream_engine
    from svccheck.io.load import DB_ROW_BYTES

    uri, schema = postgres
    argv = ("check", uri, "--table", f"{schema}.tickets", "--events-table",
            f"{schema}.messages", *JSON)
    memory = svccheck(*argv, "--engine", "memory")
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", DB_ROW_BYTES * 2)
    stream = svccheck(*argv, "--engine", "stream", "--parts", "2")
    assert stream.code == memory.code == 1, stream.err
    assert stream.report == memory.report


def test_timestamptz_is_converted_and_a_naive_timestamp_read_in_the_standards_zone(
        svccheck, postgres):
    import psycopg

    uri, schema = postgres
    with psycopg.connect(uri, autocommit=True) as connection:
        # T5: created 01:00 UTC = 09:00 in Shanghai; first reply at 09:10 Shanghai wall
        # time: 10 minutes, in time. T6: created 02:00 UTC = 10:00 Shanghai, replied
        # 09:50 Shanghai: before it was created. Reading the instant as a wall time, or
        # the wall time as UTC, would turn T5 late and T6 in order.
        connection.execute(f"""
            CREATE TABLE {schema}.zones (id text, customer_id text, category text,
                description text, priority text, status text, assignee text,
                created_at timestamptz, first_response_at timestamp)""")
        connection.execute(f"""INSERT INTO {schema}.zones VALUES
            ('T5', 'C5', 'problem', 'x', 'urgent', 'open', 'amy',
             '2025-11-03 01:00:00+00', '2025-11-03 09:10:00'),
            ('T6', 'C6', 'problem', 'x', 'urgent', 'open', 'amy',
             '2025-11-03 02:00:00+00', '2025-11-03 09:50:00')""")
    run = svccheck("check", uri, "--table", f"{schema}.zones", "--select",
                   "response.first-reply,record.time-order", *JSON)
    assert run.tickets("response.first-reply") == []
    assert run.tickets("record.time-order") == ["T6"]
    source = DatabaseSource(uri, table=f"{schema}.zones")
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai")
    assert raw.tickets.select("created_at", "first_response_at").rows() == [
        ("2025-11-03 09:00:00+08:00", "2025-11-03 09:10:00"),
        ("2025-11-03 10:00:00+08:00", "2025-11-03 09:50:00"),
    ]


def test_the_columnar_and_the_dbapi_driver_read_the_same(postgres):
    uri, schema = postgres
    frames = []
    for driver in ("adbc", "dbapi"):
        source = DatabaseSource(uri, table=f"{schema}.tickets", drivers=(driver,), batch_rows=3)
        frames.append(read_table(source, source.ticket_sql(), "Asia/Shanghai").tickets)
    assert frames[0].equals(frames[1])
    assert frames[0].height == 4 and frames[0].schema["satisfaction"] == pl.String


def test_password_from_pgpassword_or_dsn_env_and_never_printed(svccheck, postgres,
                                                               monkeypatch):
    uri, schema = postgres
    bare, password = without_password(uri)
    monkeypatch.setenv("PGPASSWORD", password)
    run = svccheck("check", bare, "--table", f"{schema}.tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("HELPDESK_DSN", uri)
    run = svccheck("check", "--dsn-env", "HELPDESK_DSN", "--table", f"{schema}.tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4
    assert password not in run.out + run.err
    assert run.report["inputs"][0]["path"].startswith(bare.replace("@", ":***@"))


def test_a_wrong_password_is_one_line_exit_2_and_masked(svccheck, postgres):
    uri, schema = postgres
    bare, password = without_password(uri)
    wrong = bare.replace("@", ":Wr0ng-Secret@")
    run = svccheck("check", wrong, "--table", f"{schema}.tickets", *JSON)
    assert run.code == 2
    assert "password authentication failed" in run.err
    assert "Wr0ng-Secret" not in run.err and password not in run.err
    assert ":***@" in run.err
    assert run.err.count("\n") == 1


def test_an_unknown_table_and_a_refused_connection_are_exit_2(svccheck, postgres):
    uri, schema = postgres
    run = svccheck("check", uri, "--table", f"{schema}.nope", *JSON)
    assert run.code == 2 and f'relation "{schema}.nope" does not exist' in run.err
    parts = urlsplit(uri)
    closed = uri.replace(f":{parts.port}/", ":1/")  # nothing listens on port 1
    run = svccheck("check", closed, "--table", "tickets", *JSON)
    assert run.code == 2 and "Connection refused" in run.err
    assert (parts.password or "?") not in run.err


@pytest.mark.parametrize("scheme", ["postgres"])
def test_the_short_scheme_is_accepted(svccheck, postgres, scheme):
    uri, schema = postgres
    run = svccheck("check", uri.replace("postgresql://", f"{scheme}://"), "--table",
                   f"{schema}.tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4
