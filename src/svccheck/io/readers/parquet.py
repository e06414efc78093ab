"""Parquet exports (``.parquet``, ``.pq``), e.g. from a data warehouse.

Parquet columns are typed, but the profile stage expects strings so that one
parser decides what every value means regardless of the source format. The
conversion here keeps what matters downstream: a timezone-aware timestamp
keeps its offset (dropping it would shift response times by hours), and
whole-number floats -- what pandas makes of an integer column with gaps --
lose their ``.0`` so ticket id ``12345.0`` still matches ``12345``.

Before polars sees the file, :func:`check_declared_sizes` holds what its
footer and page headers declare against the ratio guard of
:mod:`~svccheck.io.readers.limits`: Parquet pages are compressed and
run-length encoded, so a small file can stand for gigabytes.

:func:`duration_text` is shared with the Excel reader.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, ReadOptions
from svccheck.io.readers.csv import unique_names
from svccheck.io.readers.limits import MAX_RATIO, allowed_size
from svccheck.io.readers.parquet_footer import FooterError, declared_sizes

#: Largest float that still holds every integer exactly.
_EXACT_INT_LIMIT = 2.0**53


class ParquetReader:
    """Reads a Parquet file through polars; every column becomes a string."""

    name = "parquet"
    suffixes: tuple[str, ...] = (".parquet", ".pq")

    def read(self, data: bytes, path: Path, options: ReadOptions) -> RawInput:
        """Read all columns, flatten structs with ``.``, cast every cell to text."""
        check_declared_sizes(data, path)
        try:
            frame = pl.read_parquet(io.BytesIO(data))
        except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{path}: not a readable Parquet file ({reason})") from None
        except pl.exceptions.PanicException:
            raise InputError(f"{path}: not a readable Parquet file") from None
        frame = strings_frame(_flatten_structs(frame))
        frame = frame.rename(dict(zip(frame.columns, unique_names(frame.columns), strict=True)))
        frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW))
        return RawInput(path=path, format="parquet", tickets=frame)


def check_declared_sizes(data: bytes, path: Path) -> None:
    """Refuse a file whose footer declares more than the ratio guard allows.

    Three totals are checked: the bytes its column chunks inflate to, the
    number of values (each costs at least a byte once read, and run-length
    encoding lets a few bytes stand for millions of them), and the bytes the
    page headers declare -- polars allocates that much for a page before it
    inflates it, whatever the footer says.
    """
    try:
        declared = declared_sizes(data)
    except FooterError as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    allowed = allowed_size(len(data))
    for amount, what in ((declared.uncompressed_bytes, "bytes uncompressed"),
                         (declared.values, "values"),
                         (declared.page_bytes, "bytes uncompressed in its page headers")):
        if amount > allowed:
            raise InputError(
                f"{path}: declares {amount:,} {what}, more than {allowed:,} "
                f"({MAX_RATIO}x its size); refusing a possible decompression bomb"
            )


def strings_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast every column of a typed frame to strings (see the module docstring)."""
    return pl.DataFrame([_column_text(frame.get_column(name)) for name in frame.columns])


def duration_text(expr: pl.Expr) -> pl.Expr:
    """Format a Duration expression as ``[-]HH:MM:SS[.ffffff]`` (hours may exceed 24).

    polars 2.1 cannot cast Duration to String, and ``36:00:00`` is what a
    spreadsheet shows for a 1.5-day handling time.
    """
    micros = expr.dt.total_microseconds()
    magnitude = micros.abs()
    seconds = magnitude // 1_000_000
    fraction = (magnitude % 1_000_000).cast(pl.String).str.zfill(6).str.strip_chars_end("0")

    def two_digits(value: pl.Expr) -> pl.Expr:
        return value.cast(pl.String).str.zfill(2)

    text = pl.concat_str(
        pl.when(micros < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        two_digits(seconds // 3600),
        pl.lit(":"),
        two_digits(seconds // 60 % 60),
        pl.lit(":"),
        two_digits(seconds % 60),
        pl.when(fraction != "").then(pl.lit(".") + fraction).otherwise(pl.lit("")),
    )
    return pl.when(micros.is_null()).then(None).otherwise(text)


def _column_text(series: pl.Series) -> pl.Series:
    dtype = series.dtype
    frame = series.to_frame()
    col = pl.col(series.name)
    if dtype == pl.String:
        return series
    if dtype.is_float():
        whole = col.is_finite() & (col == col.round(0)) & (col.abs() < _EXACT_INT_LIMIT)
        expr = (
            pl.when(col.is_nan())
            .then(None)  # pandas' "missing", not a value
            .when(whole)
            .then(col.cast(pl.Int64).cast(pl.String))
            .otherwise(col.cast(pl.String))
        )
    elif isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:
            expr = col.dt.strftime("%Y-%m-%d %H:%M:%S%.f")
        else:
            expr = col.dt.strftime("%Y-%m-%dT%H:%M:%S%.f%:z")
    elif dtype == pl.Date:
        expr = col.dt.strftime("%Y-%m-%d")
    elif dtype == pl.Time:
        expr = col.dt.strftime("%H:%M:%S%.f")
    elif isinstance(dtype, pl.Duration):
        expr = duration_text(col)
    elif isinstance(dtype, pl.List | pl.Array | pl.Struct | pl.Object):
        return _json_text(series)
    elif dtype == pl.Binary:
        values = [v.decode("utf-8", "replace") if v is not None else None for v in series]
        return pl.Series(series.name, values, dtype=pl.String)
    else:  # integers, booleans ("true"/"false"), decimals, categoricals, null
        expr = col.cast(pl.String)
    return frame.select(expr.alias(series.name)).to_series()


def _json_text(series: pl.Series) -> pl.Series:
    """Nested values as JSON text, like lists in the JSON reader."""
    values = [
        None if v is None else json.dumps(v, ensure_ascii=False, default=str)
        for v in series.to_list()
    ]
    return pl.Series(series.name, values, dtype=pl.String)


def _flatten_structs(frame: pl.DataFrame) -> pl.DataFrame:
    """Struct columns -> one column per field, named ``parent.field``.

    The JSON reader names nested values the same way (``via.channel``), so a
    profile written for a JSON export also works on its Parquet copy.
    """
    while any(isinstance(dtype, pl.Struct) for dtype in frame.dtypes):
        exprs: list[pl.Expr] = []
        for name, dtype in frame.schema.items():
            if isinstance(dtype, pl.Struct):
                exprs.extend(
                    pl.col(name).struct.field(field.name).alias(f"{name}.{field.name}")
                    for field in dtype.fields
                )
            else:
                exprs.append(pl.col(name))
        frame = frame.select(exprs)
    return frame
