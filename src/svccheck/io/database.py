"""Tickets straight from a helpdesk database (PostgreSQL, SQLite).

Many teams never get a tidy export: the tickets live in the helpdesk's own
database, or in last night's restored backup. Copying to CSV first loses the
column types and time zones, so ``svccheck check postgresql://…`` reads the
rows itself and hands them to the profile stage exactly as a file reader
would: every cell a string, a ``_row`` number per row. The same profiles,
rules and fingerprints then apply, so a table and its CSV export give the
same findings.

Reading is columnar and streamed: an ADBC driver (Arrow batches straight
from libpq's COPY or SQLite) where installed, else the DB-API driver
(psycopg with a server-side cursor, the standard library's ``sqlite3``)
fetched a batch at a time. Only the string form of each batch is kept, so
the read never holds the driver's rows and the whole frame at once.

Time zones are made explicit here, not left to string formatting: a
``timestamptz`` column arrives as an instant and is written with its offset
in the standard's zone (``2025-10-09 09:00:00+08:00``); a naive
``timestamp`` is written without one, so the profile stage reads it in the
standard's zone like any naive time in an export.

A password is never shown: every label and every driver error passes through
:func:`mask_secrets` first.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput

#: URI schemes read as databases, and the engine each stands for.
SCHEMES = {"postgresql": "postgresql", "postgres": "postgresql", "sqlite": "sqlite"}
#: Rows fetched per batch on the DB-API path (ADBC drivers size their own).
BATCH_ROWS = 50_000
#: What stands in for a password in everything svccheck prints.
MASK = "***"
_PASSWORD_KEYWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@/\s]*@")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$")
#: Which drivers to try, in order: the columnar one first.
DRIVERS = ("adbc", "dbapi")


def is_database_uri(text: str) -> bool:
    """True for ``postgresql://…``, ``postgres://…`` and ``sqlite:///…`` arguments."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def engine_of(uri: str) -> str:
    return SCHEMES[uri.partition("://")[0].lower()]


def mask_secrets(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` with every password replaced by ``***``.

    Covers the password of any URI in the text, ``password=…`` keywords of
    libpq connection strings, and every literal secret given (the URI's
    password, ``PGPASSWORD``), wherever a driver chose to quote it.
    """
    masked = _USERINFO_PASSWORD.sub(lambda m: f"{m.group(1)}:{MASK}@", text)
    masked = _PASSWORD_KEYWORD.sub(lambda m: m.group(1) + MASK, masked)
    for secret in secrets:
        if secret and len(secret) >= 3:
            masked = masked.replace(secret, MASK)
    return masked


def secrets_of(uri: str) -> list[str]:
    found = []
    password = urlsplit(uri).password
    if password:
        found += [password, unquote(password)]
    if os.environ.get("PGPASSWORD"):
        found.append(os.environ["PGPASSWORD"])
    return found


def mask_uri(uri: str) -> str:
    """The URI as reports show it: user, host and database, never the password."""
    return mask_secrets(uri, secrets_of(uri))


@dataclass(frozen=True)
class DatabaseSource:
    """One database to audit, and what to read from it.

    ``query`` or ``table`` gives the tickets; ``events_query`` or
    ``events_table``, optionally, the messages/events (with a ticket id column).
    """

    uri: str
    query: str | None = None
    table: str | None = None
    events_query: str | None = None
    events_table: str | None = None
    drivers: tuple[str, ...] = DRIVERS
    batch_rows: int = BATCH_ROWS

    @property
    def engine(self) -> str:
        return engine_of(self.uri)

    def label(self, events: bool = False) -> str:
        """How reports name this input: the masked URI and the table or query."""
        table = self.events_table if events else self.table
        what = f"table={table}" if table else "query"
        return f"{mask_uri(self.uri)}?{what}"

    def ticket_sql(self) -> str:
        return _sql(self.query, self.table, "--query", "--table")

    def event_sql(self) -> str | None:
        if self.events_query is None and self.events_table is None:
            return None
        return _sql(self.events_query, self.events_table, "--events-query", "--events-table")


def _sql(query: str | None, table: str | None, query_flag: str, table_flag: str) -> str:
    if query and table:
        raise InputError(f"{query_flag} and {table_flag}: give one, not both")
    if query:
        return query
    if not table:
        raise InputError(
            f"a database input needs {table_flag} NAME or {query_flag} \"SELECT …\""
        )
    if not _IDENTIFIER.match(table):
        raise InputError(f"{table_flag} {table!r}: not a table name (use [schema.]name, "
                         f"or {query_flag} for anything else)")
    return "SELECT * FROM " + ".".join(f'"{part}"' for part in table.split("."))


def sqlite_path(uri: str) -> Path:
    """``sqlite:///rel.db`` is relative, ``sqlite:////abs.db`` absolute (as in SQLAlchemy)."""
    rest = uri.partition("://")[2]
    if not rest.startswith("/") or rest == "/":
        raise InputError(f"{uri}: a SQLite URI is sqlite:///relative/path.db or "
                         "sqlite:////absolute/path.db")
    path = Path(unquote(rest[1:].split("?", 1)[0]))
    if not path.is_file():  # sqlite would silently create an empty database
        raise InputError(f"{uri}: no such SQLite database file")
    return path


def _libpq_uri(uri: str) -> str:
    """libpq knows ``postgresql://`` and ``postgres://``; normalise the scheme only."""
    parts = urlsplit(uri)
    return urlunsplit(("postgresql", *parts[1:]))


def _connect(source: DatabaseSource, driver: str) -> Any:
    """A DB-API connection through ``driver``; ImportError if it is not installed."""
    if source.engine == "sqlite":
        path = sqlite_path(source.uri)
        read_only = f"file:{quote(path.resolve().as_posix())}?mode=ro"
        if driver == "adbc":
            import adbc_driver_sqlite.dbapi

            return adbc_driver_sqlite.dbapi.connect(read_only)
        return sqlite3.connect(read_only, uri=True)
    uri = _libpq_uri(source.uri)
    if driver == "adbc":
        import adbc_driver_postgresql.dbapi

        return adbc_driver_postgresql.dbapi.connect(uri)
    import psycopg

    return psycopg.connect(uri)


def _open(source: DatabaseSource) -> tuple[Any, str]:
    missing = []
    for driver in source.drivers:
        try:
            return _connect(source, driver), driver
        except ImportError as exc:
            missing.append(exc.name or driver)
    raise InputError(
        f"{source.label()}: no {source.engine} driver installed "
        f"(tried {', '.join(missing)}); install svccheck[postgres]"
    )


def _batches(connection: Any, driver: str, sql: str, batch_rows: int) -> Iterator[pl.DataFrame]:
    if driver == "adbc":  # Arrow record batches, as the driver streams them
        with closing(connection.cursor()) as cursor:
            cursor.execute(sql)
            reader = cursor.fetch_record_batch()
            empty = True
            for batch in reader:
                empty = False
                yield pl.DataFrame(batch)
            if empty:  # no rows, but the columns still choose the profile
                yield pl.DataFrame(reader.schema.empty_table())
        return
    if type(connection).__module__.startswith("psycopg"):
        # A named cursor is a server-side cursor: psycopg fetches batch by
        # batch instead of loading the whole result into the client first.
        cursor = connection.cursor(name="svccheck_read")
        cursor.itersize = batch_rows
    else:
        cursor = connection.cursor()
    with closing(cursor):
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        empty = True
        while rows := cursor.fetchmany(batch_rows):
            empty = False
            # strict=False: SQLite columns may mix types; such a column is
            # read as strings rather than refused.
            yield pl.DataFrame(rows, schema=columns, orient="row",
                               infer_schema_length=None, strict=False)
        if empty:  # no rows, but the columns still choose the profile
            yield pl.DataFrame(schema=dict.fromkeys(columns, pl.String))


def as_strings(batch: pl.DataFrame, tz: str, where: str) -> pl.DataFrame:
    """Every column as the string a file export would have held.

    ``timestamptz`` (a zoned ``Datetime``) becomes the instant in the
    standard's zone *with* its offset; a naive ``timestamp`` stays naive, to
    be read in the standard's zone; dates stay dates. Driver-specific types
    (PostgreSQL ``numeric`` through ADBC) are read through their string storage.
    """
    exprs = []
    for name, dtype in batch.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Extension):
            col = col.ext.storage()
            dtype = batch.select(col).dtypes[0]
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            expr = col.dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M:%S%.f%:z")
        elif isinstance(dtype, pl.Datetime):
            expr = col.dt.strftime("%Y-%m-%d %H:%M:%S%.f")
        elif dtype == pl.Date:
            expr = col.dt.strftime("%Y-%m-%d")
        elif dtype == pl.String:
            expr = col
        elif dtype.is_numeric() or dtype in (pl.Boolean, pl.Null, pl.Time):
            expr = col.cast(pl.String)
        else:
            raise InputError(f"{where}: column {name!r} has type {dtype} that svccheck "
                             "cannot read as an export cell; cast it in --query")
        exprs.append(expr.alias(name))
    return batch.select(exprs)


def iter_table(source: DatabaseSource, sql: str, tz: str, *, events: bool = False,
               on_batch: Callable[[int], None] | None = None,
               batch_rows: int | None = None) -> Iterator[RawInput]:
    """Run ``sql`` and yield its rows as :class:`RawInput` batches of string cells.

    With ``batch_rows``, a batch is given as soon as it holds that many rows
    (the streaming engine: memory follows the batch, not the table); without
    it, the whole result is one batch. Row numbers run on across batches. Any
    driver error (connection refused, bad password, unknown table, SQL error)
    becomes one :class:`InputError` line with the password masked.
    """
    where = source.label(events)
    secrets = secrets_of(source.uri)
    parts: list[pl.DataFrame] = []
    rows = held = 0
    given = False

    def batch() -> RawInput:
        frame = (pl.concat(parts, how="vertical_relaxed", rechunk=False) if parts
                 else pl.DataFrame(schema={ROW: pl.Int64}))
        parts.clear()
        return RawInput(path=Path(source.engine), format=source.engine, tickets=frame)

    try:
        connection, driver = _open(source)
        with closing(connection):
            for fetched in _batches(connection, driver, sql, source.batch_rows):
                strings = as_strings(fetched, tz, where)
                strings = strings.with_columns(
                    pl.int_range(rows + 1, rows + 1 + strings.height, dtype=pl.Int64).alias(ROW))
                rows += strings.height
                if on_batch is not None:
                    on_batch(rows)
                if batch_rows is None:
                    parts.append(strings)
                    continue
                while strings.height:  # a driver's batch may be larger than ours
                    take = batch_rows - held
                    parts.append(strings.head(take))
                    held += min(take, strings.height)
                    strings = strings.slice(take)
                    if held >= batch_rows:
                        yield batch()
                        given, held = True, 0
    except InputError:
        raise
    except Exception as exc:  # every driver has its own hierarchy; all mean "cannot read"
        raise InputError(f"{where}: {_one_line(exc, secrets)}") from None
    if parts or not given:
        yield batch()


def count_rows(source: DatabaseSource, sql: str, *, events: bool = False) -> int:
    """How many rows ``sql`` gives: the streaming engine sizes its parts by it.

    A driver error is the one-line :class:`InputError` reading would give.
    """
    where = source.label(events)
    try:
        connection, _ = _open(source)
        with closing(connection), closing(connection.cursor()) as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS svccheck_rows")
            row = cursor.fetchone()
    except InputError:
        raise
    except Exception as exc:  # every driver has its own hierarchy; all mean "cannot read"
        raise InputError(f"{where}: {_one_line(exc, secrets_of(source.uri))}") from None
    return int(row[0]) if row else 0


def read_table(source: DatabaseSource, sql: str, tz: str, *, events: bool = False,
               on_batch: Callable[[int], None] | None = None) -> RawInput:
    """The whole result of ``sql`` as one :class:`RawInput` (see :func:`iter_table`)."""
    return next(iter_table(source, sql, tz, events=events, on_batch=on_batch))


def _one_line(exc: BaseException, secrets: Sequence[str]) -> str:
    """A driver error as one line: its first line, without the driver's status prefix."""
    text = str(exc).strip() or type(exc).__name__
    first = text.splitlines()[0].strip()
    first = re.sub(r"^(IO|NOT_FOUND|INVALID_ARGUMENT|INTERNAL|UNKNOWN): ", "", first)
    first = re.sub(r"\[(libpq|SQLite)\] ", "", first)
    first = re.sub(r"\s+", " ", first)
    return mask_secrets(first, secrets)
