"""A small helpdesk database, as a CSV export and as tables.

The same four tickets and three messages exist three ways: as the CSV export
a helpdesk would write, as SQLite tables, and as PostgreSQL tables with real
column types (``timestamptz`` for ticket times, a naive ``timestamp`` for
message times). An audit of any of them must give the same findings.

What the cn-baseline standard finds in them (as of 2025-11-30 18:00):
  T1  contact 13800138000 unmasked; complaint owned by an agent; no follow-up;
      first agent message lacks a self-introduction and a closing
  T2  urgent, first reply after 3h 30m and resolved after 1 day; satisfaction 2
      with no follow-up; the customer's message holds a mobile number
  T3  open, never answered
  T4  no description; first response (09:20) before creation (09:30);
      complaint owned by an agent; no follow-up

PostgreSQL tests need a server: ``.ci/postgres-up`` starts a throwaway one and
prints its URI; put it in ``SVCCHECK_TEST_POSTGRES``. Without it they are
skipped (with that reason), unless ``SVCCHECK_REQUIRE_POSTGRES=1`` -- as
``.ci/run`` sets -- makes a missing server a failure.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TICKETS_CSV = """\
id,customer_id,contact,channel,category,description,priority,status,created_at,first_response_at,assignee,resolved_at,resolution,satisfaction
T1,C1,13800138000,phone,complaint,退货没有到账,normal,closed,2025-11-03 09:00,2025-11-03 09:05,amy,2025-11-03 11:00,已退款,5
T2,C2,,chat,problem,无法登录,urgent,closed,2025-11-03 10:00,2025-11-03 13:30,bob,2025-11-04 10:00,重置密码,2
T3,C3,,email,problem,发票,normal,open,2025-11-03 14:00,,amy,,,
T4,C4,,chat,complaint,,normal,closed,2025-11-03 09:30,2025-11-03 09:20,bob,2025-11-03 12:00,已处理,4
"""
MESSAGES_CSV = """\
ticket_id,at,role,text
T1,2025-11-03 09:05,agent,您好，很高兴为您服务
T2,2025-11-03 13:30,agent,在吗
T2,2025-11-03 13:40,customer,我的电话是13912345678
"""
#: The standard's zone (cn-baseline): CSV times and naive SQL times are read in it.
ZONE = "+08"
AS_OF = ("--as-of", "2025-11-30 18:00")
TICKET_TIMES = ("created_at", "first_response_at", "resolved_at")


def rows(text: str) -> list[dict[str, str | None]]:
    """CSV rows with empty cells as NULL, as a database holds them."""
    return [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    tickets, messages = tmp_path / "tickets.csv", tmp_path / "messages.csv"
    tickets.write_text(TICKETS_CSV, encoding="utf-8")
    messages.write_text(MESSAGES_CSV, encoding="utf-8")
    return tickets, messages


def fill_sqlite(path: Path) -> Path:
    """The export as SQLite tables (SQLite has no time types: times are text)."""
    with sqlite3.connect(path) as connection:
        for table, text in (("tickets", TICKETS_CSV), ("messages", MESSAGES_CSV)):
            data = rows(text)
            columns = list(data[0])
            connection.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            connection.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})",
                [tuple(r.values()) for r in data])
    connection.close()
    return path


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    return fill_sqlite(tmp_path / "helpdesk.db")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    uri = os.environ.get("SVCCHECK_TEST_POSTGRES")
    if not uri:
        message = ("no PostgreSQL server: run `export SVCCHECK_TEST_POSTGRES=$(.ci/postgres-up)` "
                   "(.ci/run does this before the tests)")
        if os.environ.get("SVCCHECK_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    return uri


@pytest.fixture
def postgres(postgres_server: str) -> Iterator[tuple[str, str]]:
    """A fresh schema holding ``tickets`` and ``messages``; yields (URI, schema)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(f"""
            CREATE TABLE {schema}.tickets (
                id text PRIMARY KEY, customer_id text, contact text, channel text,
                category text, description text, priority text, status text,
                created_at timestamptz, first_response_at timestamptz, assignee text,
                resolved_at timestamptz, resolution text, satisfaction integer)""")
        connection.execute(f"""
            CREATE TABLE {schema}.messages (
                ticket_id text REFERENCES {schema}.tickets(id), at timestamp,
                role text, text text)""")
        for row in rows(TICKETS_CSV):
            for name in TICKET_TIMES:  # an instant: the wall time in the standard's zone
                row[name] = row[name] and f"{row[name]}{ZONE}"
            connection.execute(
                f"INSERT INTO {schema}.tickets VALUES ({', '.join(['%s'] * len(row))})",
                tuple(row.values()))
        for row in rows(MESSAGES_CSV):  # naive: wall-clock time in the standard's zone
            connection.execute(f"INSERT INTO {schema}.messages VALUES (%s, %s, %s, %s)",
                               tuple(row.values()))
    yield postgres_server, schema
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
