"""A small helpdesk database, as a CSV export and as tables.

The same four tickets and three messages exist four ways: as the CSV export
a helpdesk would write, as SQLite tables, as PostgreSQL tables with real
column types (``timestamptz`` for ticket times, a naive ``timestamp`` for
message times), and as MySQL/MariaDB tables (``TIMESTAMP``, an instant, for
ticket times, a naive ``DATETIME`` for message times). An audit of any of
them must give the same findings.

What the cn-baseline standard finds in them (as of 2025-11-30 18:00):
  T1  contact 13800138000 unmasked; complaint owned by an agent; no follow-up;
      first agent message lacks a self-introduction and a closing
  T2  urgent, first reply after 3h 30m and resolved after 1 day; satisfaction 2
      with no follow-up; the customer's message holds a mobile number
  T3  open, never answered
  T4  no description; first response (09:20) before creation (09:30);
      complaint owned by an agent, with no contact; no follow-up
  and, for the file: complaints but no promised completion time (due_at) column

PostgreSQL tests need a server: ``.ci/postgres-up`` starts a throwaway one and
prints its URI; put it in ``SVCCHECK_TEST_POSTGRES``. Without it they are
skipped (with that reason), unless ``SVCCHECK_REQUIRE_POSTGRES=1`` -- as
``.ci/run`` sets -- makes a missing server a failure. MySQL tests likewise:
``.ci/mysql-up``, ``SVCCHECK_TEST_MYSQL`` and ``SVCCHECK_REQUIRE_MYSQL=1``.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

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
JSON = ("--format", "json", *AS_OF)
TICKET_TIMES = ("created_at", "first_response_at", "resolved_at")


def prints(run) -> list[tuple[str, str]]:
    """A run's findings as sorted (rule, fingerprint) pairs: what "same findings" compares."""
    return sorted((f["rule"], f["fingerprint"]) for f in run.findings())


def without_password(uri: str) -> tuple[str, str]:
    """``uri`` without its password, and the password."""
    parts = urlsplit(uri)
    netloc = f"{parts.username}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), parts.password or ""


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


def server_uri(name: str, product: str) -> str:
    """The test server's URI from ``SVCCHECK_TEST_<NAME>``: skip without it, or fail
    when ``SVCCHECK_REQUIRE_<NAME>`` says the server must be there (CI)."""
    uri = os.environ.get(f"SVCCHECK_TEST_{name}")
    if not uri:
        script = f".ci/{name.lower()}-up"
        message = (f"no {product} server: run `export SVCCHECK_TEST_{name}=$({script})` "
                   "(.ci/run does this before the tests)")
        if os.environ.get(f"SVCCHECK_REQUIRE_{name}"):
            pytest.fail(message)
        pytest.skip(message)
    return uri


@pytest.fixture(scope="session")
def postgres_server() -> str:
    return server_uri("POSTGRES", "PostgreSQL")


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


@pytest.fixture(scope="session")
def mysql_server() -> str:
    return server_uri("MYSQL", "MySQL/MariaDB")


def mysql_connect(uri: str, **options: Any) -> Any:
    """A PyMySQL connection to the test server named by ``uri`` (autocommit)."""
    import pymysql

    parts = urlsplit(uri)
    return pymysql.connect(host=parts.hostname, port=parts.port or 3306,
                           user=unquote(parts.username or ""),
                           password=unquote(parts.password or ""),
                           database=unquote(parts.path.lstrip("/")) or None,
                           charset="utf8mb4", autocommit=True, **options)


@pytest.fixture
def mysql(mysql_server: str) -> Iterator[str]:
    """A fresh database holding ``tickets`` and ``messages``; yields its URI."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    uri = mysql_server.rsplit("/", 1)[0] + "/" + name
    with closing(mysql_connect(mysql_server)) as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    # The session's zone is the standard's: a TIMESTAMP is stored as the instant
    # that the wall time given means there, as the PostgreSQL fixture's timestamptz.
    with closing(mysql_connect(uri, init_command="SET time_zone = '+08:00'")) as connection, \
            connection.cursor() as cursor:
        cursor.execute("""
            CREATE TABLE tickets (
                id varchar(16) PRIMARY KEY, customer_id text, contact text, channel text,
                category text, description text, priority text, status text,
                created_at TIMESTAMP NULL DEFAULT NULL,
                first_response_at TIMESTAMP NULL DEFAULT NULL, assignee text,
                resolved_at TIMESTAMP NULL DEFAULT NULL, resolution text,
                satisfaction integer)""")
        cursor.execute("""
            CREATE TABLE messages (
                ticket_id varchar(16) REFERENCES tickets(id), at DATETIME,
                role text, text text)""")
        for row in rows(TICKETS_CSV):
            cursor.execute(f"INSERT INTO tickets VALUES ({', '.join(['%s'] * len(row))})",
                           tuple(row.values()))
        for row in rows(MESSAGES_CSV):  # naive: wall-clock time in the standard's zone
            cursor.execute("INSERT INTO messages VALUES (%s, %s, %s, %s)", tuple(row.values()))
    yield uri
    with closing(mysql_connect(mysql_server)) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE {name}")
