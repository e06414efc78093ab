"""``svccheck check mysql://…`` against a real MySQL/MariaDB server.

The fixture's tickets hold their times as ``TIMESTAMP`` (an instant) and the
messages as a naive ``DATETIME`` (see conftest.py); the audit must agree with
the CSV export finding for finding. There is no ADBC driver for MySQL on
PyPI: these tests read through PyMySQL's unbuffered cursor.
"""

from __future__ import annotations

from contextlib import closing
from urllib.parse import urlsplit

import pytest

from svccheck.io.database import DatabaseSource, count_rows, read_table

from .conftest import JSON, mysql_connect, prints, without_password

BOTH = ("--table", "tickets", "--events-table", "messages")


def test_a_mysql_table_gives_the_findings_of_its_csv_export(svccheck, export, mysql):
    tickets, messages = export
    from_csv = svccheck("check", tickets, "--events", messages, *JSON)
    from_db = svccheck("check", mysql, *BOTH, *JSON)
    assert from_db.code == from_csv.code == 1, from_db.err
    assert prints(from_db) == prints(from_csv)
    assert len(prints(from_db)) == 20
    assert [(i["format"], i["kind"], i["rows"]) for i in from_db.report["inputs"]] == [
        ("mysql", "tickets", 4), ("mysql", "events", 3)]


def test_queries_give_the_findings_of_the_csv_export(svccheck, export, mysql):
    tickets, messages = export
    from_csv = svccheck("check", tickets, "--events", messages, *JSON)
    from_db = svccheck(
        "check", mysql,
        "--query", "SELECT t.* FROM `tickets` AS t WHERE t.id LIKE 'T%' ORDER BY t.id",
        "--events-query", "SELECT ticket_id, `at`, role, text FROM messages", *JSON)
    assert from_db.code == 1, from_db.err
    assert prints(from_db) == prints(from_csv)


def test_streamed_in_batches_the_table_gives_the_same_report(svccheck, mysql, monkeypatch):
    from svccheck.engines import stream as stream_engine
    from svccheck.io.load import DB_ROW_BYTES

    argv = ("check", mysql, *BOTH, *JSON)
    memory = svccheck(*argv, "--engine", "memory")
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", DB_ROW_BYTES * 2)
    stream = svccheck(*argv, "--engine", "stream", "--parts", "2")
    assert stream.code == memory.code == 1, stream.err
    assert stream.report == memory.report


def test_fetched_a_row_at_a_time_the_rows_are_the_same(mysql, monkeypatch):
    import pymysql.cursors

    whole = DatabaseSource(mysql, table="tickets")
    sql = whole.ticket_sql()
    tiny = DatabaseSource(mysql, table="tickets", batch_rows=1)
    assert count_rows(tiny, sql) == 4
    expected = read_table(whole, sql, "Asia/Shanghai").tickets
    # The rows come through the unbuffered cursor, one fetch per batch: the
    # client never holds more of a big table than a batch.
    fetches: list[int] = []
    fetchmany = pymysql.cursors.SSCursor.fetchmany

    def spy(cursor, size=None):
        fetches.append(size)
        return fetchmany(cursor, size)

    monkeypatch.setattr(pymysql.cursors.SSCursor, "fetchmany", spy)
    assert read_table(tiny, sql, "Asia/Shanghai").tickets.equals(expected)
    assert fetches == [1, 1, 1, 1, 1]  # four rows, then the empty fetch that ends it
    assert expected.select("id", "created_at", "satisfaction").row(0) == (
        "T1", "2025-11-03 09:00:00+08:00", "5")


def test_timestamp_is_an_instant_and_datetime_a_wall_time_in_the_standards_zone(
        svccheck, mysql):
    # The server's own zone is not UTC (.ci/mysql-up sets +05:00): svccheck must
    # set its session's zone, or the TIMESTAMP values come back shifted.
    with closing(mysql_connect(mysql, init_command="SET time_zone = '+00:00'")) as connection, \
            connection.cursor() as cursor:
        # T5: created 01:00 UTC = 09:00 in Shanghai; first reply at 09:10 Shanghai wall
        # time: 10 minutes, in time. T6: created 02:00 UTC = 10:00 Shanghai, replied
        # 09:50 Shanghai: before it was created. Reading the instant as a wall time, or
        # the wall time as UTC, would turn T5 late and T6 in order.
        cursor.execute("""
            CREATE TABLE zones (id text, customer_id text, category text,
                description text, priority text, status text, assignee text,
                created_at TIMESTAMP NULL DEFAULT NULL, first_response_at DATETIME)""")
        cursor.execute("""INSERT INTO zones VALUES
            ('T5', 'C5', 'problem', 'x', 'urgent', 'open', 'amy',
             '2025-11-03 01:00:00', '2025-11-03 09:10:00'),
            ('T6', 'C6', 'problem', 'x', 'urgent', 'open', 'amy',
             '2025-11-03 02:00:00', '2025-11-03 09:50:00')""")
    run = svccheck("check", mysql, "--table", "zones", "--select",
                   "response.first-reply,record.time-order", *JSON)
    assert run.code == 1, run.err
    assert run.tickets("response.first-reply") == []
    assert run.tickets("record.time-order") == ["T6"]
    source = DatabaseSource(mysql, table="zones")
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai")
    assert raw.tickets.select("created_at", "first_response_at").rows() == [
        ("2025-11-03 09:00:00+08:00", "2025-11-03 09:10:00"),
        ("2025-11-03 10:00:00+08:00", "2025-11-03 09:50:00"),
    ]


def test_decimals_times_and_empty_timestamps_read_as_their_text(mysql):
    with closing(mysql_connect(mysql)) as connection, connection.cursor() as cursor:
        cursor.execute("""CREATE TABLE odd (id text, amount DECIMAL(10, 2), waited TIME,
                          closed_at TIMESTAMP NULL DEFAULT NULL, day DATE)""")
        cursor.execute("""INSERT INTO odd VALUES ('A', 12.50, '09:05:00', NULL, '2025-11-03'),
                          ('B', NULL, '30:00:00', NULL, NULL)""")
    source = DatabaseSource(mysql, table="odd")
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai")
    assert raw.tickets.drop("_row").rows() == [
        ("A", "12.50", "09:05:00", None, "2025-11-03"),
        ("B", None, "30:00:00", None, None),
    ]


def test_a_zero_date_is_read_as_null(mysql):
    """MySQL's "no date", stored where the SQL mode allows it, as mysqlclient reads it."""
    with closing(mysql_connect(mysql, init_command="SET time_zone = '+00:00'")) as connection, \
            connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = ''")  # the modes that allow zero dates
        cursor.execute("""CREATE TABLE zero (id text, at TIMESTAMP NULL DEFAULT NULL,
                          wall DATETIME, day DATE)""")
        cursor.execute("""INSERT INTO zero VALUES
            ('A', '2025-11-03 01:00:00', '0000-00-00 00:00:00', '2025-11-03'),
            ('B', '0000-00-00 00:00:00', '2025-11-03 09:00:00', '0000-00-00')""")
    source = DatabaseSource(mysql, table="zero")
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai")
    assert raw.tickets.drop("_row").rows() == [
        ("A", "2025-11-03 09:00:00+08:00", None, "2025-11-03"),
        ("B", None, "2025-11-03 09:00:00", None),
    ]


def test_an_empty_result_still_has_its_columns(mysql):
    source = DatabaseSource(mysql, query="SELECT * FROM tickets WHERE 1 = 0")
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai")
    assert raw.tickets.height == 0
    assert "created_at" in raw.tickets.columns


def test_password_from_mysql_pwd_or_dsn_env_and_never_printed(svccheck, mysql, monkeypatch):
    bare, password = without_password(mysql)
    monkeypatch.setenv("MYSQL_PWD", password)
    run = svccheck("check", bare, "--table", "tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4, run.err
    assert password not in run.out + run.err
    monkeypatch.delenv("MYSQL_PWD")
    monkeypatch.setenv("HELPDESK_DSN", mysql)
    run = svccheck("check", "--dsn-env", "HELPDESK_DSN", "--table", "tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4, run.err
    assert password not in run.out + run.err
    assert run.report["inputs"][0]["path"].startswith(bare.replace("@", ":***@"))


def test_a_wrong_password_is_one_line_exit_2_and_masked(svccheck, mysql, monkeypatch):
    bare, password = without_password(mysql)
    monkeypatch.setenv("MYSQL_PWD", "Env-Secret-9")  # the URI's password wins, and is masked
    wrong = bare.replace("@", ":Wr0ng-Secret@")
    run = svccheck("check", wrong, "--table", "tickets", *JSON)
    assert run.code == 2
    assert "Access denied for user 'svccheck'" in run.err
    assert "(MySQL error 1045)" in run.err and "(1045," not in run.err
    assert "Wr0ng-Secret" not in run.err and password not in run.err
    assert "Env-Secret-9" not in run.err
    assert ":***@" in run.err
    assert run.err.count("\n") == 1


def test_an_unknown_table_and_a_refused_connection_are_exit_2(svccheck, mysql):
    run = svccheck("check", mysql, "--table", "nope", *JSON)
    database = urlsplit(mysql).path.lstrip("/")
    assert run.code == 2 and f"Table '{database}.nope' doesn't exist" in run.err
    assert run.err.count("\n") == 1
    parts = urlsplit(mysql)
    closed = mysql.replace(f":{parts.port}/", ":1/")  # nothing listens on port 1
    run = svccheck("check", closed, "--table", "tickets", *JSON)
    assert run.code == 2 and "Connection refused" in run.err
    assert run.err.count("\n") == 1
    assert (parts.password or "?") not in run.err


@pytest.mark.parametrize("scheme", ["mariadb", "mysql+pymysql"])
def test_the_other_schemes_are_accepted(svccheck, mysql, scheme):
    run = svccheck("check", mysql.replace("mysql://", f"{scheme}://"), "--table", "tickets",
                   *JSON)
    assert run.report["summary"]["tickets"] == 4, run.err


def test_a_history_is_not_kept_in_mysql(svccheck, export):
    """MySQL is a source to audit; the history lives in SQLite or PostgreSQL.
    Asking for it there is refused up front, with the password masked."""
    tickets, _ = export
    run = svccheck("check", tickets, "--history", "mysql://qa:hunter22@db.example/audits")
    assert run.code == 2
    assert run.err.strip().splitlines() == [
        "svccheck: error: --history mysql://qa:***@db.example/audits: a history is kept in a "
        "SQLite file or a PostgreSQL database, not in MySQL"]
