"""``svccheck check sqlite:///…``: a database file audited like its export."""

from __future__ import annotations

import sqlite3

import pytest

from svccheck.errors import InputError
from svccheck.io.database import DatabaseSource, count_rows, iter_table, read_table

from .conftest import JSON, prints


def test_a_sqlite_table_gives_the_findings_of_its_csv_export(svccheck, export, sqlite_db):
    tickets, messages = export
    from_csv = svccheck("check", tickets, "--events", messages, *JSON)
    from_db = svccheck("check", f"sqlite:///{sqlite_db}", "--table", "tickets",
                       "--events-table", "messages", *JSON)
    assert (from_csv.code, from_db.code) == (1, 1), from_db.err
    assert prints(from_db) == prints(from_csv)
    assert len(prints(from_db)) == 20
    inputs = from_db.report["inputs"]
    assert [(i["format"], i["kind"], i["rows"]) for i in inputs] == [
        ("sqlite", "tickets", 4), ("sqlite", "events", 3)]
    assert inputs[0]["path"] == f"sqlite:///{sqlite_db}?table=tickets"
    # findings name the table they come from, and the row in the query's result
    first_reply = {f["ticket"]: (f["source"], f["row"])
                   for f in from_db.findings("response.first-reply")}
    assert first_reply == {"T2": (inputs[0]["path"], 2), "T3": (inputs[0]["path"], 3)}


def test_streamed_a_row_at_a_time_the_table_gives_the_same_report(svccheck, sqlite_db,
                                                                   monkeypatch):
    """``--engine stream`` reads the table in batches (here of one row) and checks it
    in parts: the report is the in-memory one, tickets, events and all."""
    from svccheck.engines import stream as stream_engine
    from svccheck.io.load import DB_ROW_BYTES

    argv = ("check", f"sqlite:///{sqlite_db}", "--table", "tickets", "--events-table",
            "messages", *JSON)
    memory = svccheck(*argv, "--engine", "memory")
    monkeypatch.setattr(stream_engine, "BATCH_BYTES", DB_ROW_BYTES)
    stream = svccheck(*argv, "--engine", "stream", "--parts", "3")
    assert stream.code == memory.code == 1, stream.err
    assert stream.report == memory.report
    assert len(prints(stream)) == 20


def test_a_query_selects_what_is_audited(svccheck, sqlite_db):
    run = svccheck("check", f"sqlite:///{sqlite_db}", "--query",
                   "SELECT * FROM tickets WHERE id IN ('T3', 'T4')", *JSON)
    assert run.report["summary"]["tickets"] == 2
    # (and one finding for the whole input: its complaint T4 has no due_at column)
    assert {f["ticket"] for f in run.findings()} == {"T3", "T4", None}
    assert run.report["inputs"][0]["path"].endswith("?query")


def test_a_relative_sqlite_uri_is_relative_to_the_working_directory(
        svccheck, sqlite_db, monkeypatch):
    monkeypatch.chdir(sqlite_db.parent)
    run = svccheck("check", "sqlite:///helpdesk.db", "--table", "tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4


@pytest.mark.parametrize(("args", "message"), [
    (("sqlite:///missing.db", "--table", "tickets"), "sqlite:///missing.db: no such SQLite "
                                                      "database file"),
    (("{db}", "--table", "nope"), "?table=nope: Failed to prepare query: no such table: nope"),
    (("{db}", "--query", "SELEC broken"), "?query: "),
    (("{db}",), "a database input needs --table NAME or --query"),
    (("{db}", "--table", "tickets; DROP TABLE tickets"), "not a table name"),
    (("{db}", "--table", "t", "--query", "SELECT 1"), "--query and --table: give one"),
])
def test_a_database_that_cannot_be_read_is_one_line_and_exit_2(svccheck, sqlite_db, args,
                                                                message):
    argv = [a.replace("{db}", f"sqlite:///{sqlite_db}") for a in args]
    run = svccheck("check", *argv, *JSON)
    assert run.code == 2
    assert run.out == ""
    assert message in run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err


def test_table_options_without_a_database_are_refused(svccheck, export):
    run = svccheck("check", export[0], "--table", "tickets", *JSON)
    assert run.code == 2
    assert "--table: only for a database input" in run.err


def test_the_database_is_opened_read_only(svccheck, sqlite_db):
    before = sqlite_db.read_bytes()
    svccheck("check", f"sqlite:///{sqlite_db}", "--query",
             "INSERT INTO tickets (id) VALUES ('X') RETURNING id", *JSON)
    assert sqlite_db.read_bytes() == before
    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("SELECT count(*) FROM tickets").fetchone() == (4,)
    connection.close()


@pytest.mark.parametrize("driver", ["adbc", "dbapi"])
def test_both_drivers_read_the_same_strings_batch_by_batch(sqlite_db, driver):
    pytest.importorskip("adbc_driver_sqlite") if driver == "adbc" else None
    source = DatabaseSource(f"sqlite:///{sqlite_db}", table="tickets", drivers=(driver,),
                            batch_rows=3)
    batches: list[int] = []
    raw = read_table(source, source.ticket_sql(), "Asia/Shanghai", on_batch=batches.append)
    assert raw.tickets.get_column("_row").to_list() == [1, 2, 3, 4]
    assert raw.tickets.row(3, named=True)["first_response_at"] == "2025-11-03 09:20"
    assert raw.tickets.row(2, named=True)["satisfaction"] is None
    if driver == "dbapi":  # ADBC sizes its own batches
        assert batches == [3, 4]


@pytest.mark.parametrize("driver", ["adbc", "dbapi"])
def test_batches_of_the_streaming_engine_carry_on_the_row_numbers(sqlite_db, driver):
    pytest.importorskip("adbc_driver_sqlite") if driver == "adbc" else None
    source = DatabaseSource(f"sqlite:///{sqlite_db}", table="tickets", drivers=(driver,))
    batches = list(iter_table(source, source.ticket_sql(), "Asia/Shanghai", batch_rows=3))
    assert [b.tickets.get_column("_row").to_list() for b in batches] == [[1, 2, 3], [4]]


def test_the_streaming_engine_counts_a_querys_rows_to_size_its_parts(sqlite_db):
    source = DatabaseSource(f"sqlite:///{sqlite_db}", query="SELECT * FROM tickets WHERE id > 'T1'",
                            events_table="messages")
    assert count_rows(source, source.ticket_sql()) == 3
    assert count_rows(source, source.event_sql(), events=True) == 3
    broken = DatabaseSource(f"sqlite:///{sqlite_db}", table="nope")
    with pytest.raises(InputError, match=r"\?table=nope: .*no such table: nope"):
        count_rows(broken, broken.ticket_sql())


def test_a_file_name_with_spaces_and_a_hash(svccheck, sqlite_db):
    odd = sqlite_db.with_name("help desk #1.db")
    sqlite_db.rename(odd)
    run = svccheck("check", f"sqlite:///{odd}", "--table", "tickets", *JSON)
    assert run.report["summary"]["tickets"] == 4, run.err


@pytest.mark.parametrize("driver", ["adbc", "dbapi"])
def test_a_query_without_rows_keeps_its_columns(sqlite_db, driver):
    """No rows is an audit of nothing, not an error: the columns still pick the profile."""
    pytest.importorskip("adbc_driver_sqlite") if driver == "adbc" else None
    source = DatabaseSource(f"sqlite:///{sqlite_db}", drivers=(driver,),
                            query="SELECT * FROM tickets WHERE id = 'none'")
    raw = read_table(source, source.ticket_sql(), "UTC")
    assert raw.tickets.height == 0
    assert raw.tickets.columns[:3] == ["id", "customer_id", "contact"]


def test_events_from_a_query_and_the_report_schema(svccheck, sqlite_db):
    import jsonschema

    from svccheck.schemas import load_schema

    run = svccheck("check", f"sqlite:///{sqlite_db}", "--table", "tickets", "--events-query",
                   "SELECT * FROM messages WHERE role = 'customer'", *JSON)
    assert [(i["kind"], i["rows"]) for i in run.report["inputs"]] == [("tickets", 4),
                                                                       ("events", 1)]
    assert run.tickets("privacy.pii-in-text") == ["T2"]
    assert run.tickets("greeting.opening") == []  # the agents' messages were not selected
    jsonschema.validate(run.report, load_schema("report"))


def test_no_input_and_an_unset_dsn_variable_are_refused(svccheck, monkeypatch):
    run = svccheck("check", *JSON)
    assert run.code == 2 and "give at least one export file or database URI" in run.err
    monkeypatch.delenv("HELPDESK_DSN", raising=False)
    run = svccheck("check", "--dsn-env", "HELPDESK_DSN", "--table", "tickets", *JSON)
    assert run.code == 2 and "--dsn-env HELPDESK_DSN: the variable is unset" in run.err


def test_auto_counts_a_tables_rows_toward_the_memory_it_needs(svccheck, sqlite_db, monkeypatch):
    """``--engine auto`` counts a table's rows (4 tickets, 3 messages) as rows of a
    CSV export: here a limit between one table's estimate and both tables' streams."""
    from svccheck.engines import choice
    from svccheck.io.load import DB_ROW_BYTES

    per_row = DB_ROW_BYTES * choice.MEMORY_PER_BYTE[".csv"]
    monkeypatch.setattr(choice, "AUTO_MEMORY_BYTES", 5 * per_row)
    argv = ("check", f"sqlite:///{sqlite_db}", "--table", "tickets", "--verbose", *JSON)
    alone = svccheck(*argv)
    assert alone.err.startswith("svccheck: engine memory (auto: "), alone.err
    both = svccheck(*argv, "--events-table", "messages")
    assert both.err.startswith("svccheck: engine stream (auto: "), both.err
    assert both.code == 1
