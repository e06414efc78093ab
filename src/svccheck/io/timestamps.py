"""Vectorised parsing of the timestamp cells found in ticket exports.

Readers hand every cell over as a string, so one column of "created at" may
hold ``2023-10-01 14:30``, ``2023年10月1日 14时30分``, ``2023-10-01T06:30:00Z``,
an Excel serial number such as ``45200.604166`` and the run-together
``2023-10-0114:30`` that comes from copied templates -- often in the same file.

Exports run to hundreds of thousands of rows, so everything here is a polars
expression: no per-row Python (``map_elements``) anywhere. The approach is

1. **normalise** each cell with a handful of regex replacements (NFKC for
   full-width characters, ``年``/``月``/``/`` to ``-``, ``T`` to a space, ``Z``
   to ``+00:00``, split the run-together form, add missing seconds), so that
2. **two** ``strptime`` formats -- one naive, one with an offset -- cover every
   textual form, plus one arithmetic branch for Excel serials.

Each candidate is first checked against a strict regex ("gate") before it
reaches ``strptime``. That is deliberate: chrono, the parser behind polars'
``strptime``, is lenient in ways an audit must not be -- it accepts a signed
year (``+2023``), second ``60`` (silently rolled over into the next minute)
and any run of whitespace for a single space. The gate makes what counts as
a timestamp explicit and independent of chrono's leniency; ``strptime`` then
only has to reject impossible calendar values (month 13, 30 February, hour 25).

Naive forms are wall-clock time in the export's time zone. Instants that do
not exist there (spring-forward gap) become null, and so count as
unparseable: a ticket cannot have been created at a time the clock never
showed. Ambiguous instants (fall-back repeat) resolve to the earlier one,
because an export cannot tell us which was meant and "earliest" keeps
durations measured from it conservative rather than shortened.

Times outside the years :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR` are
null too. ``0001-01-01`` and ``9999-12-31`` are placeholders or typos, never
the time a ticket was handled, and the rules do arithmetic on times (a
deadline is a time plus a target; a business calendar counts holidays from
a year): at the edges of Python's calendar that arithmetic overflows. Read
as unreadable, such a time is a ``record.timestamp`` finding on its row and
no rule ever sees it.
"""

from __future__ import annotations

import re
import zoneinfo

import polars as pl

from svccheck.errors import ConfigError

__all__ = [
    "EARLIEST_YEAR", "LATEST_YEAR", "MISSING_TOKENS", "in_range", "in_zone", "is_missing",
    "parse_epoch", "parse_timestamps", "unparseable",
]

#: The first and last year a time of a ticket may fall in (module docstring):
#: wide enough for any help desk and a date of birth, far enough from the
#: edges of Python's calendar (years 1 and 9999) that a deadline or a year
#: of holidays computed from a time stays inside it.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

#: Cell values that mean "no value" in exports, after stripping whitespace.
#: Chinese systems commonly write a dash or slash (half- or full-width) into
#: empty date cells; these are absent data, not malformed timestamps.
MISSING_TOKENS: tuple[str, ...] = ("-", "—", "–", "/", "－", "／")

# Invisible characters that survive copy-and-paste from web pages and Excel
# but are not whitespace to ``strip_chars`` (BOM, zero-width space/joiners,
# word joiner). Removed so that a cell that merely *looks* blank is blank.
_INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff]"

# What a missing cell looks like before cleaning: whitespace and invisible
# characters around at most one missing token. Cleaning (``_clean``) and then
# comparing gives the same answer, but costs two passes that rewrite every
# cell of every column; this is one anchored match that gives up at the first
# visible character of an ordinary value.
_FILLER = r"[\s\u200b\u200c\u200d\u2060\ufeff]"
_MISSING_SHAPE = (
    rf"^{_FILLER}*(?:[{''.join(re.escape(t) for t in MISSING_TOKENS)}]{_FILLER}*)?$"
)

# --- gates: the complete grammar accepted after normalisation --------------
_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
_TIME = r"\d{1,2}:[0-5]\d:[0-5]\d(?:\.\d+)?"
_NAIVE_GATE = rf"^{_DATE} {_TIME}$"
_AWARE_GATE = rf"^{_DATE} {_TIME}[+-]\d{{2}}:?\d{{2}}$"
# Excel serial day numbers: five integer digits, optional fraction. The
# numeric range check below narrows this further; the regex alone already
# keeps long order numbers and negative or exponent notation out.
_SERIAL_GATE = r"^\d{5}(?:\.\d+)?$"

# chrono accepts one-digit month/day/hour/minute for %m/%d/%H/%M (checked by
# experiment with polars 2.1), so no zero-padding step is needed; ``%.f``
# accepts zero or more fraction digits (truncating beyond microseconds) and
# ``%z`` accepts both ``+08:00`` and ``+0800``, but not ``+08`` or ``Z``.
_NAIVE_FORMAT = "%Y-%m-%d %H:%M:%S%.f"
_AWARE_FORMAT = "%Y-%m-%d %H:%M:%S%.f%z"

#: Plausible Excel serials: 20000 is 1954-10-03, 80000 is 2119-01-11. Outside
#: this range a bare number is far more likely an id than a date.
SERIAL_MIN = 20_000
SERIAL_MAX = 80_000
# Serial day of 1970-01-01 (Excel's epoch is 1899-12-30 for the 1900 system;
# its fictitious 1900-02-29 lies far below SERIAL_MIN, so it cannot matter).
_SERIAL_UNIX_EPOCH = 25_569
_SECONDS_PER_DAY = 86_400


def _validated_zone(tz: str) -> str:
    """Return ``tz`` if it names an IANA zone, else raise ``ConfigError``.

    polars would only fail when the query is collected, with an error that
    does not say which setting was wrong; checking up front gives the user
    one line naming the bad value.
    """
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"unknown time zone {tz!r}: expected an IANA name such as 'Asia/Shanghai'"
        ) from exc
    return tz


def _clean(expr: pl.Expr) -> pl.Expr:
    """Cast to string, drop invisible characters and strip surrounding whitespace.

    ``strip_chars()`` strips Unicode whitespace, including the ideographic
    space U+3000 and NBSP, so full-width padding needs no special case.
    """
    return expr.cast(pl.String).str.replace_all(_INVISIBLE, "").str.strip_chars()


def is_missing(expr: pl.Expr) -> pl.Expr:
    """True where a raw cell holds no value: null, blank, or a ``MISSING_TOKENS`` entry.

    Missing is a different finding from malformed: a blank "resolved at" is
    an open ticket, while ``2023-13-01`` is a data-quality problem. The
    profile stage uses this for every column, not only timestamps.
    """
    return expr.cast(pl.String).str.contains(_MISSING_SHAPE).fill_null(True)


def _normalise(cleaned: pl.Expr) -> pl.Expr:
    """Rewrite every accepted textual form into ``YYYY-M-D H:MM:SS[.f][±HH:MM]``.

    Order matters: Chinese markers and slashes first (so later steps see
    ``-``), then the date/time separator, then the run-together split (which
    must only fire where no separator exists), then offsets and padding.
    """
    s = cleaned.str.normalize("NFKC")  # full-width digits, ：, －, ／, U+3000
    s = (
        s.str.replace_all(r"\s*[年月]\s*", "-")
        .str.replace_all(r"\s*[日号號]\s*", " ")
        # 14时30分15秒 / 14点30 -> 14:30:15 / 14:30
        .str.replace_all(r"\s*[时時点點]\s*", ":")
        .str.replace_all(r"\s*分\s*(\d)", ":${1}")
        .str.replace_all(r"\s*[分秒]", "")
        .str.replace_all("/", "-", literal=True)
        # ISO 8601 date/time separator.
        .str.replace(rf"^({_DATE})[Tt]", "${1} ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        # Run-together template form 2023-10-0114:30: a two-digit day glued
        # to the time. Inherently ambiguous for a one-digit day
        # (2023-10-114:30), which is read as day 11, 4:30 -- templates that
        # produce this form zero-pad the day, so that case does not arise.
        .str.replace(r"^(\d{4}-\d{1,2}-\d{2})(\d{1,2}:\d{2})", "${1} ${2}")
        # Offsets: Z -> +00:00, drop a space before the offset, +08 -> +08:00
        # (chrono's %z rejects both Z and a bare hour).
        .str.replace(r"(\d)[Zz]$", "${1}+00:00")
        .str.replace(r"(\d) ([+-]\d{2}:?\d{2})$", "${1}${2}")
        .str.replace(r"(:\d{2}(?:\.\d+)?[+-]\d{2})$", "${1}:00")
        # H:MM -> H:MM:00 (before end or an offset), date only -> midnight,
        # so a single format per branch suffices.
        .str.replace(rf"^({_DATE} \d{{1,2}}:\d{{2}})($|[+-])", "${1}:00${2}")
        .str.replace(rf"^({_DATE})$", "${1} 00:00:00")
    )
    return s


def _from_excel_serial(cleaned: pl.Expr, tz: str) -> pl.Expr:
    """Excel serial day number (wall-clock time in ``tz``), rounded to the second.

    Excel stores a time of day as a binary fraction, and exports often cut it
    to a few decimals, so ``14:30`` arrives as ``45200.604166`` (14:29:59.94).
    Rounding to the second restores what the user typed.
    """
    candidate = pl.when(cleaned.str.contains(_SERIAL_GATE)).then(cleaned)
    days = candidate.cast(pl.Float64, strict=False)
    days = pl.when(days.is_between(SERIAL_MIN, SERIAL_MAX)).then(days)
    seconds = (days * _SECONDS_PER_DAY).round(0).cast(pl.Int64) - (
        _SERIAL_UNIX_EPOCH * _SECONDS_PER_DAY
    )
    return (
        pl.from_epoch(seconds, time_unit="s")
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    )


def parse_timestamps(expr: pl.Expr, tz: str) -> pl.Expr:
    """Parse raw timestamp cells into ``Datetime("us", time_zone=tz)``.

    Naive values are read as wall-clock time in ``tz`` (ambiguous -> earliest,
    non-existent -> null); values carrying an offset or ``Z`` keep their
    instant and are converted to ``tz``; Excel serials in
    ``[SERIAL_MIN, SERIAL_MAX]`` are days since 1899-12-30 in ``tz``. The
    result is null wherever the cell is missing or not a valid timestamp;
    use :func:`unparseable` to tell those two apart.

    Raises ``ConfigError`` at once if ``tz`` is not a known IANA zone.
    """
    tz = _validated_zone(tz)
    cleaned = _clean(expr)
    normalised = _normalise(cleaned)

    naive_text = pl.when(normalised.str.contains(_NAIVE_GATE)).then(normalised)
    naive = naive_text.str.strptime(
        pl.Datetime("us"), _NAIVE_FORMAT, strict=False
    ).dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")

    aware_text = pl.when(normalised.str.contains(_AWARE_GATE)).then(normalised)
    # %z yields a UTC-aware column; convert to the export's zone.
    aware = aware_text.str.strptime(
        pl.Datetime("us"), _AWARE_FORMAT, strict=False
    ).dt.convert_time_zone(tz)

    return in_range(pl.coalesce([naive, aware, _from_excel_serial(cleaned, tz)]))


def in_range(parsed: pl.Expr) -> pl.Expr:
    """``parsed`` where its year lies in ``EARLIEST_YEAR..LATEST_YEAR``, else null."""
    return pl.when(parsed.dt.year().is_between(EARLIEST_YEAR, LATEST_YEAR)).then(parsed)


_FAST_MINUTES = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"
_FAST_SECONDS = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
#: The template's run-together ``2025-10-0914:30`` (read as by :func:`_normalise`).
_FAST_GLUED = r"^\d{4}-\d{2}-\d{2}\d{2}:\d{2}$"


def parse_common_timestamps(expr: pl.Expr, tz: str) -> pl.Expr:
    """Parse only the common ``YYYY-MM-DD HH:MM[:SS]`` forms; null for anything else.

    Almost every cell of a real export has this one form (or the template's
    run-together ``YYYY-MM-DDHH:MM``), and three strict ``strptime`` calls
    behind exact-shape gates spare those cells the whole normalisation chain
    of :func:`parse_timestamps`. Callers run the full parser only on the few
    cells this leaves null (see :func:`fill_uncommon_timestamps`); the result
    is identical.
    """
    tz = _validated_zone(tz)
    text = expr.cast(pl.String).str.strip_chars()
    minutes = pl.when(text.str.contains(_FAST_MINUTES)).then(text).str.strptime(
        pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False
    )
    seconds = pl.when(text.str.contains(_FAST_SECONDS)).then(text).str.strptime(
        pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False
    )
    glued = pl.when(text.str.contains(_FAST_GLUED)).then(text).str.strptime(
        pl.Datetime("us"), "%Y-%m-%d%H:%M", strict=False
    )
    return in_range(pl.coalesce(minutes, seconds, glued).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    ))


def fill_uncommon_timestamps(frame: pl.DataFrame, parsed: str, raw: str, tz: str,
                             naive_tz: str | None = None) -> pl.DataFrame:
    """Complete ``parsed`` (from :func:`parse_common_timestamps`) with the full
    parser, applied only to the rows where ``raw`` holds a value it left null.

    ``naive_tz`` is the zone times without an offset are in (default ``tz``);
    the result is in ``tz``.
    """
    todo = frame.select(
        (pl.col(parsed).is_null() & ~is_missing(pl.col(raw))).arg_true().alias("i")
    ).get_column("i")
    if todo.len() == 0:
        return frame
    naive = naive_tz or tz
    values = frame.get_column(raw).gather(todo).to_frame("raw").select(
        in_zone(parse_timestamps(pl.col("raw"), naive), naive, tz)
    ).to_series()
    return frame.with_columns(frame.get_column(parsed).scatter(todo, values))


def in_zone(parsed: pl.Expr, naive_tz: str, tz: str) -> pl.Expr:
    """Times parsed with naive ones in ``naive_tz``, shown in ``tz`` (the same instants).

    An OTRS server writes its local time without a zone; the standard's
    calendar may be another zone. The instant is fixed by where the export
    was written, the clock face by where the standard's working hours are.
    """
    if naive_tz == tz:
        return parsed
    return parsed.dt.convert_time_zone(_validated_zone(tz))


#: A Unix time as an export writes it: digits, maybe a fraction -- at most
#: 11 digits of seconds or 14 of milliseconds (the year 5138), so a number
#: in the wrong unit is unreadable rather than a date millennia away.
_EPOCH_GATES = {"seconds": r"^\d{1,11}(?:\.\d+)?$", "milliseconds": r"^\d{1,14}(?:\.\d+)?$"}
#: Microseconds per unit of an epoch number.
EPOCH_UNITS = {"seconds": 1_000_000, "milliseconds": 1_000}


def parse_epoch(expr: pl.Expr, unit: str, tz: str) -> pl.Expr:
    """Cells of a Unix time (``1416525460``, ``1416525460123``) as ``Datetime`` in ``tz``.

    Null for a cell that is not all digits (maybe with a fraction), so a
    column mixing epochs and written times is parsed by both. A Unix time is
    an instant, whatever zone the export's other times are in (OTRS writes
    ``IncomingTime`` as one beside a naive ``CreateTime``).
    """
    tz = _validated_zone(tz)
    text = expr.cast(pl.String).str.strip_chars()
    number = pl.when(text.str.contains(_EPOCH_GATES[unit])).then(text).cast(pl.Float64,
                                                                          strict=False)
    micros = (number * EPOCH_UNITS[unit]).round(0).cast(pl.Int64)
    return (pl.from_epoch(micros, time_unit="us").dt.replace_time_zone("UTC")
            .dt.convert_time_zone(tz))


def unparseable(expr: pl.Expr, tz: str) -> pl.Expr:
    """True where a cell holds a value (see :func:`is_missing`) that did not parse.

    This is the "malformed timestamp" finding. A wall-clock time that falls
    in a DST gap of ``tz`` counts as unparseable: it names no real instant.
    """
    return ~is_missing(expr) & parse_timestamps(expr, tz).is_null()
