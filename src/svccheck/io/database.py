"""Tickets straight from a helpdesk database (PostgreSQL, MySQL/MariaDB, SQLite).

Many teams never get a tidy export: the tickets live in the helpdesk's own
database, or in last night's restored backup. Copying to CSV first loses the
column types and time zones, so ``svccheck check postgresql://…`` (or
``mysql://…``, ``sqlite:///…``) reads the rows itself and hands them to the
profile stage exactly as a file reader would: every cell a string, a
``_row`` number per row. The same profiles, rules and fingerprints then
apply, so a table and its CSV export give the same findings.

Reading is columnar and streamed: an ADBC driver (Arrow batches straight
from libpq's COPY or SQLite) where installed, else the DB-API driver
(psycopg with a server-side cursor, the standard library's ``sqlite3``)
fetched a batch at a time. MySQL and MariaDB have no ADBC driver on PyPI, so
they always take the DB-API path: PyMySQL (pure Python) with an unbuffered
``SSCursor``, so the server sends the rows as they are fetched rather than
the client buffering the whole result. Only the string form of each batch
is kept, so the read never holds the driver's rows and the whole frame at
once.

Time zones are made explicit here, not left to string formatting: a
``timestamptz`` column arrives as an instant and is written with its offset
in the standard's zone (``2025-10-09 09:00:00+08:00``); a naive
``timestamp`` is written without one, so the profile stage reads it in the
standard's zone like any naive time in an export. MySQL's ``DATETIME`` is
naive like ``timestamp``; its ``TIMESTAMP`` is an instant that the server
converts to the session's zone, so the session is set to UTC on connect and
such columns are read as UTC instants, like ``timestamptz``.

A password is never shown: every label and every driver error passes through
:func:`mask_secrets` first.

One module, though it runs a little past 450 lines: connecting, fetching in
batches, writing types as strings and masking secrets all depend on which
engine and driver is in use, and a new engine touches each of them at once.
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
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput

#: URI schemes read as databases, and the engine each stands for.
SCHEMES = {
    "postgresql": "postgresql", "postgres": "postgresql", "sqlite": "sqlite",
    "mysql": "mysql", "mariadb": "mysql", "mysql+pymysql": "mysql",
}
#: The pip extra that brings each engine's drivers (SQLite needs none).
EXTRAS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}
#: Environment variables a driver takes a password from: libpq's and MySQL's own.
PASSWORD_VARIABLES = ("PGPASSWORD", "MYSQL_PWD")
#: Rows fetched per batch on the DB-API path (ADBC drivers size their own).
BATCH_ROWS = 50_000
#: What stands in for a password in everything svccheck prints.
MASK = "***"
_PASSWORD_KEYWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@/\s]*@")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$")
#: Which drivers to try, in order: the columnar one first.
DRIVERS = ("adbc", "dbapi")
#: The drivers an engine has at all: no ADBC driver for MySQL is published on PyPI.
ENGINE_DRIVERS = {"postgresql": DRIVERS, "sqlite": DRIVERS, "mysql": ("dbapi",)}
#: MySQL session settings on connect. UTC, so that ``TIMESTAMP`` values (stored
#: as instants, sent in the session's zone) arrive as UTC wall times whatever
#: the server's default zone; and a long write timeout, since an unbuffered
#: read leaves the server waiting while svccheck works on a batch.
MYSQL_SESSION = "SET time_zone = '+00:00', net_write_timeout = 3600"


def is_database_uri(text: str) -> bool:
    """True for ``postgresql://…``, ``postgres://…``, ``mysql://…``, ``mariadb://…``
    and ``sqlite:///…`` arguments."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def engine_of(uri: str) -> str:
    return SCHEMES[uri.partition("://")[0].lower()]


def mask_secrets(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` with every password replaced by ``***``.

    Covers the password of any URI in the text, ``password=…`` keywords of
    libpq connection strings, and every literal secret given (the URI's
    password, ``PGPASSWORD``, ``MYSQL_PWD``), wherever a driver chose to quote it.
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
    found += [os.environ[name] for name in PASSWORD_VARIABLES if os.environ.get(name)]
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
        return _sql(self.query, self.table, "--query", "--table", self.engine)

    def event_sql(self) -> str | None:
        if self.events_query is None and self.events_table is None:
            return None
        return _sql(self.events_query, self.events_table, "--events-query", "--events-table",
                    self.engine)


def _sql(query: str | None, table: str | None, query_flag: str, table_flag: str,
         engine: str) -> str:
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
    # MySQL reads "name" as a string (unless in ANSI_QUOTES mode): it quotes
    # identifiers with backticks.
    quote_mark = "`" if engine == "mysql" else '"'
    return "SELECT * FROM " + ".".join(f"{quote_mark}{part}{quote_mark}"
                                       for part in table.split("."))


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
    if source.engine == "mysql":
        return _connect_mysql(source.uri)
    uri = _libpq_uri(source.uri)
    if driver == "adbc":
        import adbc_driver_postgresql.dbapi

        return adbc_driver_postgresql.dbapi.connect(uri)
    import psycopg

    return psycopg.connect(uri)


def _connect_mysql(uri: str) -> Any:
    """A PyMySQL connection from the URI's parts; the password from it or ``MYSQL_PWD``.

    DECIMAL and TIME come back as the server's text: a decimal keeps its
    digits (as PostgreSQL ``numeric`` does), and a TIME may be a duration
    beyond 24 hours, which no time of day can hold. A zero or invalid date
    (``0000-00-00``, which MySQL's non-strict modes store as "no date") is
    NULL, as the C driver mysqlclient reads it: PyMySQL would give its text,
    and a column mixing times and text cannot be built.
    """
    import pymysql
    from pymysql.constants import FIELD_TYPE
    from pymysql.converters import conversions

    parts = urlsplit(uri)
    options = parse_qs(parts.query)
    password = parts.password
    conv = {**conversions, FIELD_TYPE.DECIMAL: str, FIELD_TYPE.NEWDECIMAL: str,
            FIELD_TYPE.TIME: str}
    for code in (FIELD_TYPE.DATETIME, FIELD_TYPE.TIMESTAMP, FIELD_TYPE.DATE):
        conv[code] = _no_invalid_dates(conversions[code])
    return pymysql.connect(
        host=unquote(parts.hostname or "localhost"),
        port=parts.port or 3306,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(password) if password is not None else os.environ.get("MYSQL_PWD", ""),
        database=unquote(parts.path.lstrip("/")) or None,
        unix_socket=options.get("unix_socket", [None])[0],
        charset="utf8mb4",
        init_command=MYSQL_SESSION,
        conv=conv,
    )


def _no_invalid_dates(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """PyMySQL's date converter, giving None where it would give the text back."""

    def read(value: Any) -> Any:
        converted = convert(value)
        return None if isinstance(converted, str | bytes) else converted

    return read


def _open(source: DatabaseSource) -> tuple[Any, str]:
    missing = []
    for driver in source.drivers:
        if driver not in ENGINE_DRIVERS[source.engine]:
            continue
        try:
            return _connect(source, driver), driver
        except ImportError as exc:
            missing.append(exc.name or driver)
    raise InputError(
        f"{source.label()}: no {source.engine} driver installed "
        f"(tried {', '.join(missing) or 'none'}); install svccheck[{EXTRAS[source.engine]}]"
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
    module = type(connection).__module__
    mysql = module.startswith("pymysql")
    if module.startswith("psycopg"):
        # A named cursor is a server-side cursor: psycopg fetches batch by
        # batch instead of loading the whole result into the client first.
        cursor = connection.cursor(name="svccheck_read")
        cursor.itersize = batch_rows
    elif mysql:
        import pymysql.cursors

        # Unbuffered: the rows stay on the server until fetched, batch by batch.
        cursor = connection.cursor(pymysql.cursors.SSCursor)
    else:
        cursor = connection.cursor()
    with closing(cursor):
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        instants = _mysql_instants(cursor.description or ()) if mysql else []
        empty = True
        while rows := cursor.fetchmany(batch_rows):
            empty = False
            # strict=False: SQLite columns may mix types; such a column is
            # read as strings rather than refused.
            frame = pl.DataFrame(rows, schema=columns, orient="row",
                                 infer_schema_length=None, strict=False)
            yield _as_utc(frame, instants)
        if empty:  # no rows, but the columns still choose the profile
            yield pl.DataFrame(schema=dict.fromkeys(columns, pl.String))


def _mysql_instants(description: Sequence[Sequence[Any]]) -> list[str]:
    """The ``TIMESTAMP`` columns of a MySQL result: instants, sent in the session's UTC.

    A ``DATETIME`` is a wall time with no zone, so it is not among them.
    """
    from pymysql.constants import FIELD_TYPE

    return [d[0] for d in description if d[1] == FIELD_TYPE.TIMESTAMP]


def _as_utc(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """``frame`` with ``columns`` (naive UTC times) marked as UTC instants.

    A batch whose column is all NULL has no type yet: it becomes one of
    instants too, so every batch of a column has the same type.
    """
    exprs = [pl.col(name).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
             for name in columns
             if frame.schema[name] == pl.Null or isinstance(frame.schema[name], pl.Datetime)]
    return frame.with_columns(exprs) if exprs else frame


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
    """A driver error as one line: its first line, without the driver's status prefix.

    PyMySQL's errors print as a tuple, ``(1045, "Access denied …")``: they
    are shown as the message with the MySQL error number after it.
    """
    text = str(exc).strip() or type(exc).__name__
    if (type(exc).__module__.startswith("pymysql") and len(exc.args) == 2
            and isinstance(exc.args[0], int) and isinstance(exc.args[1], str)):
        text = f"{exc.args[1].strip()} (MySQL error {exc.args[0]})"
    first = text.splitlines()[0].strip()
    first = re.sub(r"^(IO|NOT_FOUND|INVALID_ARGUMENT|INTERNAL|UNKNOWN): ", "", first)
    first = re.sub(r"\[(libpq|SQLite)\] ", "", first)
    first = re.sub(r"\s+", " ", first)
    return mask_secrets(first, secrets)
