"""Profiles: map an export's own headers and values to the canonical model.

A profile is YAML data (``data/profiles/*.yaml``, or a user's file given
with ``--profile``), validated against ``schemas/profile.schema.json`` and
merged with what it ``extends`` (:mod:`svccheck.io.profile_files`); which
profile reads an export and which column is which field is decided by
:mod:`svccheck.io.profile_match`. This module turns the matched columns' raw
string cells into typed canonical columns with polars expressions -- keeping
each raw value beside its parsed form (``_raw_<field>``) so that the
``record.*`` rules can name exactly what was in the file.

One module, though it runs past 450 lines: it is one concept -- a cell's
meaning under a profile, for tickets and events alike -- and the parts that
make it up (the typed expression per field kind, the value maps, the
distinct-value shortcut, the raw copies, the tally of cells that map to
nothing) act on the same per-column expression and change together.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.errors import ConfigError
from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET, RawInput
from svccheck.io.html_text import html_to_text
from svccheck.io.profile_files import SHIPPED_DIR as SHIPPED_DIR  # re-exported
from svccheck.io.profile_files import Profile as Profile
from svccheck.io.profile_files import load_profile as load_profile
from svccheck.io.profile_files import load_profiles as load_profiles
from svccheck.io.profile_match import match_columns, normalize_header
from svccheck.io.timestamps import (
    fill_uncommon_timestamps,
    in_zone,
    is_missing,
    parse_common_timestamps,
    parse_epoch,
    parse_timestamps,
)
from svccheck.io.unmapped import Tally, add_tally
from svccheck.io.whole_tickets import OPENS, REPEATS
from svccheck.model import ENUMS, EVENT_FIELDS, TICKET_FIELDS, FieldType
from svccheck.pii.columns import unmapped_cells
from svccheck.pii.mask import redact_name

RAW_PREFIX = "_raw_"
_TRUE = ("true", "1", "yes", "y", "是", "公开", "public")
_FALSE = ("false", "0", "no", "n", "否", "内部", "private", "internal")


@hookimpl
def svccheck_profiles() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def normalize_value(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def _value_map(profile_values: dict[str, str | None], field_name: str) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {v: v for v in ENUMS.get(field_name, ())}
    for raw, canonical in profile_values.items():
        mapping[normalize_value(str(raw))] = canonical
    return mapping


#: ``"2 normal"``: a helpdesk's name that starts with its numeric code
#: (Zammad's and OTRS's priorities, "3 normal", "5 very high").
_CODED_NAME = r"^(\d+)\s+(\S.*)$"
#: A path of levels, ``一级 / 二级 / 三级`` (full-width slashes are NFKC'd): its first.
_FIRST_LEVEL = r"^([^/]+)/"


def map_key(key: pl.Expr, keys: list[str]) -> pl.Expr:
    """The value-map key a normalised cell is looked up by.

    The cell itself when the map has it; else, for a ``"2 normal"``-style
    name, its name (``normal``) and then its code (``2``) when the map has
    them -- so a map written for the names or for the codes also reads the
    helpdesk's combined form; else, for a path of levels (a category
    ``投诉/服务投诉/态度``), its first level when the map has it; else the cell
    (which then maps to nothing).
    """
    named = key.str.extract(_CODED_NAME, 2)
    coded = key.str.extract(_CODED_NAME, 1)
    first = key.str.extract(_FIRST_LEVEL, 1).str.strip_chars()
    return (pl.when(key.is_in(keys)).then(key)
            .when(named.is_in(keys)).then(named)
            .when(coded.is_in(keys)).then(coded)
            .when(first.is_in(keys)).then(first)
            .otherwise(key))


#: What separates the times in one ``timestamp_list`` cell: ; ； 、 , ， and line
#: breaks (never a space: ``2025-03-01 09:00`` is one time). JSON brackets and
#: quotes are dropped, so a JSON array of dates reads the same.
LIST_SEPARATORS = r"[;；、,，\n]"


def split_list_cell(cell: pl.Expr) -> pl.Expr:
    """The elements of a list cell as ``List[String]``, blanks and ``-`` dropped."""
    return (
        cell.str.replace_all(r"[\[\]\"]", "")
        .str.replace_all(LIST_SEPARATORS, ";")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(~is_missing(pl.element())))
    )


def parse_timestamp_list(cell: pl.Expr, tz: str) -> pl.Expr:
    """A cell of several times (``2025-03-01；2026-03-01``) as ``List[Datetime]``.

    Insurers export a policy's premium due dates (应缴日期) in one cell. Each
    element is parsed like any timestamp; one that cannot be read stays in
    the list as null at its position in :func:`split_list_cell`, so a rule
    can quote it without losing the others. A missing cell is null.
    """
    return split_list_cell(cell).list.eval(parse_timestamps(pl.element(), tz))


@dataclass(frozen=True)
class TimeRules:
    """How one input's time cells are read.

    ``tz`` is the zone every time is shown in (the standard's calendar);
    ``naive`` the zone a time without an offset was written in (``--input-tz``,
    else the profile's ``timezone``, else ``tz``); ``epochs`` the fields whose
    digit-only cells are Unix times, with their unit.
    """

    tz: str
    naive: str
    epochs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, tz: str, profile: Profile | None = None, input_tz: str | None = None,
           events: bool = False) -> TimeRules:
        naive = input_tz or (profile.timezone if profile is not None else None) or tz
        epochs: dict[str, str] = {}
        if profile is not None:
            epochs = dict((profile.events.get("epochs") or {}) if events else profile.epochs)
        return cls(tz=tz, naive=naive, epochs=epochs)


def _typed(column: str, kind: FieldType, name: str, values: dict[str, str | None],
           times: TimeRules | str) -> list[pl.Expr]:
    """Expressions producing the canonical column (and its raw twin where useful).

    A raw value the profile maps to null (Zendesk's ``unoffered`` rating, a
    ``未响应`` in a time column) means "no value": the cell is treated as
    empty, raw twin included, so every rule sees a missing value -- never an
    invalid one that ``record.*`` would quote.
    """
    if isinstance(times, str):
        times = TimeRules(tz=times, naive=times)
    raw = pl.col(column).cast(pl.String)
    present = pl.when(~is_missing(raw)).then(raw.str.strip_chars())
    mapping = _value_map(values, name) if (values or kind == "enum") else None
    key = present.str.normalize("NFKC").str.strip_chars().str.to_lowercase()
    if mapping:
        key = map_key(key, list(mapping))
    no_value = [k for k, v in (mapping or {}).items() if v is None]
    if no_value:
        present = pl.when(~key.is_in(no_value)).then(present)
    if kind == "timestamp":  # completed by _fill_timestamps on the rows it leaves null
        text = present if no_value else raw
        parsed = in_zone(parse_common_timestamps(text, times.naive), times.naive, times.tz)
        unit = times.epochs.get(name)
        if unit is not None:
            parsed = pl.coalesce(parse_epoch(text, unit, times.tz), parsed)
        return [parsed.alias(name), present.alias(RAW_PREFIX + name)]
    if kind == "timestamp_list":
        parsed = in_zone(parse_timestamp_list(present, times.naive), times.naive, times.tz)
        return [parsed.alias(name), present.alias(RAW_PREFIX + name)]
    mapped = present
    if mapping:
        looked_up = key.replace_strict(mapping, default=None, return_dtype=pl.String)
        if kind == "enum":
            mapped = looked_up
        else:
            in_map = key.is_in(list(mapping))
            mapped = pl.when(in_map).then(looked_up).otherwise(present)
    if kind == "enum":
        return [mapped.alias(name), present.alias(RAW_PREFIX + name)]
    if kind == "integer":
        number = pl.when(mapped.str.contains(r"^[0-9]+$")).then(mapped).cast(
            pl.Int64, strict=False
        )
        return [number.alias(name), present.alias(RAW_PREFIX + name)]
    if kind == "boolean":
        lowered = mapped.str.to_lowercase()
        boolean = (
            pl.when(lowered.is_in(_TRUE)).then(True)
            .when(lowered.is_in(_FALSE)).then(False)
            .otherwise(None)
        )
        return [boolean.alias(name)]
    return [mapped.alias(name)]


def classified(kind: FieldType, values: dict[str, str | None]) -> bool:
    """A field whose raw values are looked up: an enum, or any field with a value map.

    Time fields are parsed, not looked up (their map only names "no time").
    """
    return kind not in ("timestamp", "timestamp_list") and (kind == "enum" or bool(values))


def _unmapped_cells(cell: pl.Expr, kind: FieldType, name: str,
                    values: dict[str, str | None]) -> pl.Expr:
    """True where a classified cell holds a value the profile neither maps nor takes as is.

    The same lookup as :func:`_typed`: an enum value must be in the map (or
    be a canonical value); an integer or boolean field also takes what it
    can read (``4``, ``true``); any other field takes exactly its map's keys.
    """
    present = pl.when(~is_missing(cell)).then(cell.str.strip_chars())
    mapping = _value_map(values, name)
    key = map_key(present.str.normalize("NFKC").str.strip_chars().str.to_lowercase(),
                  list(mapping))
    accepted = key.is_in(list(mapping))
    if kind == "integer":
        accepted = accepted | present.str.contains(r"^[0-9]+$")
    elif kind == "boolean":
        accepted = accepted | present.str.to_lowercase().is_in([*_TRUE, *_FALSE])
    return present.is_not_null() & ~accepted.fill_null(False)


def _damaged(raw: RawInput) -> list[int]:
    return sorted({problem.row for problem in raw.problems})


def _intact(frame: pl.DataFrame, raw: RawInput) -> pl.DataFrame:
    """``frame`` without the rows the reader could not read whole.

    A damaged row's cells are shifted or cut: what lands in its priority
    column is no priority but, as likely, a name or a phone number. Its
    values are not counted as unmapped (record.readable-row reports the row).
    """
    damaged = _damaged(raw)
    return frame.filter(~pl.col(ROW).is_in(damaged)) if damaged else frame


def count_unmapped(frame: pl.DataFrame, matched: dict[str, str], kinds: dict[str, FieldType],
                   values: dict[str, dict[str, str | None]], prefix: str = "") -> Tally:
    """Each classified field's raw values (stripped) that did not map, with their rows.

    Counted over the distinct values of the column: a million tickets hold a
    handful of priorities, so the lookup runs a handful of times.
    """
    tally: Tally = {}
    for name, column in matched.items():
        kind = kinds[name]
        field_values = values.get(name) or {}
        if not classified(kind, field_values):
            continue
        counts = frame.get_column(column).cast(pl.String).rename("v").value_counts(name="n")
        found = (counts.filter(_unmapped_cells(pl.col("v"), kind, name, field_values))
                 .group_by(pl.col("v").str.strip_chars()).agg(pl.col("n").sum()))
        if found.height:
            tally[prefix + name] = dict(found.iter_rows())
    return tally


def _fill_timestamps(frame: pl.DataFrame, fields: dict[str, FieldType],
                     times: TimeRules | str) -> pl.DataFrame:
    """Run the full timestamp parser on the cells the common-form parser left null."""
    if isinstance(times, str):
        times = TimeRules(tz=times, naive=times)
    for name, kind in fields.items():
        if kind == "timestamp" and name in frame.columns:
            frame = fill_uncommon_timestamps(frame, name, RAW_PREFIX + name, times.tz,
                                             times.naive)
    return frame


@dataclass
class Mapped:
    """One input file in canonical form, with what the report says about the mapping."""

    tickets: pl.DataFrame
    events: pl.DataFrame | None
    fields: dict[str, str]
    unused_columns: list[str]
    #: Raw values of classified fields the profile did not map, with their
    #: rows (:func:`count_unmapped`); nested events' fields as ``events.<field>``.
    unmapped: Tally = field(default_factory=dict)


#: Below this many rows a column is always mapped cell by cell. Low enough
#: for a batch of a file read in batches (~30,000 tickets at the default
#: size), where it halves the mapping time (bench/bench_batches.py).
_DISTINCT_MIN_ROWS = 5_000
#: Rows looked at to guess whether a column repeats its values.
_DISTINCT_SAMPLE = 20_000
#: A column is mapped once per distinct value when it has at most this many
#: distinct values per row (channels, statuses, minutes of a day's work).
_DISTINCT_SHARE = 0.25
_KEY = "__svccheck_key"


def _distinct_values(series: pl.Series) -> pl.Series | None:
    """The column's distinct values (null included), if it repeats them enough."""
    if series.len() < _DISTINCT_MIN_ROWS or series.dtype != pl.String:
        return None
    if series.head(_DISTINCT_SAMPLE).n_unique() > _DISTINCT_SAMPLE * _DISTINCT_SHARE:
        return None
    distinct = series.unique()
    return distinct if distinct.len() <= series.len() * _DISTINCT_SHARE else None


def _map_column(frame: pl.DataFrame, column: str, kind: FieldType, name: str,
                values: dict[str, str | None], tz: TimeRules) -> pl.DataFrame:
    """One raw column as its canonical column(s), every cell parsed exactly as alone.

    An export of a million tickets holds a handful of channels and statuses
    and a few tens of thousands of distinct minutes, so the parsing
    (normalisation, strptime, time-zone lookup) runs once per distinct value
    and a hash join spreads the results over the rows: a cell's canonical
    value depends only on the cell, so the result is the same, at a fraction
    of the cost (bench/bench_scale.py). Columns of mostly distinct values
    (ids, free text) are mapped cell by cell.
    """
    exprs = _typed(column, kind, name, values, tz)
    series = frame.get_column(column)
    distinct = _distinct_values(series)
    if distinct is None:
        return _fill_timestamps(frame.select(exprs), {name: kind}, tz)
    table = _fill_timestamps(
        distinct.to_frame(column).select(pl.col(column).alias(_KEY), *exprs), {name: kind}, tz
    )
    return series.to_frame(_KEY).join(
        table, on=_KEY, how="left", nulls_equal=True, maintain_order="left"
    ).drop(_KEY)


def map_tickets(raw: RawInput, profile: Profile, tz: str, input_tz: str | None = None
                ) -> Mapped:
    """Rename, parse and normalise one file's tickets (and nested events).

    ``tz`` is the zone times are shown in (the standard's); ``input_tz``
    (``--input-tz``) the zone naive times were written in, before the
    profile's own ``timezone``.
    """
    times = TimeRules.of(tz, profile, input_tz)
    columns = raw.tickets.columns
    matched = match_columns(profile.fields, columns)
    parts = [raw.tickets.select(pl.lit(str(raw.path)).alias(SOURCE), pl.col(ROW).cast(pl.Int64))]
    for name, column in matched.items():
        parts.append(_map_column(raw.tickets, column, TICKET_FIELDS[name], name,
                                 profile.values.get(name, {}), times))
    tickets = pl.concat(parts, how="horizontal")
    tickets, derived = _derived_times(tickets, raw.tickets, profile, matched)
    tickets = _as_text(tickets, profile.html)
    id_field = profile.ticket_id
    ticket_key = pl.col(ROW).cast(pl.String)
    if id_field in tickets.columns:
        ticket_key = pl.coalesce(pl.col(id_field).cast(pl.String), ticket_key)
    tickets = tickets.with_columns(ticket_key.alias(TICKET))
    if profile.duplicates == "latest":  # settled with every page at hand (whole_tickets)
        tickets = tickets.with_columns(pl.lit(True).alias(REPEATS))
    used = set(matched.values()) | set(derived.values())
    left = [c for c in columns if c not in used and not c.startswith("_")]
    unused = [redact_name(c) for c in left]
    unmapped = count_unmapped(_intact(raw.tickets, raw), matched, TICKET_FIELDS, profile.values)
    # columns no field maps may still hold personal data (邮箱, 身份证号码...)
    skipped = {normalize_header(name) for name in profile.not_scanned}
    kept = unmapped_cells(raw.tickets, [c for c in left if normalize_header(c) not in skipped])
    if kept is not None:
        tickets = tickets.with_columns(raw.tickets.select(kept).to_series())
    events = None
    if raw.events is not None and raw.events.height and profile.events:
        nested = raw.events
        lists = profile.events.get("lists")
        if lists and "_list" in nested.columns:
            leaf = pl.col("_list").str.split(".").list.last()
            nested = nested.filter(pl.col("_list").is_in(lists) | leaf.is_in(lists))
        parents = tickets.select(ROW, TICKET)
        nested = nested.join(parents, on=ROW, how="left")
        nested_tally: Tally = {}
        events = map_events(nested, profile, tz, raw, source=str(raw.path), tally=nested_tally,
                            input_tz=input_tz)
        add_tally(unmapped, {f"events.{name}": rows for name, rows in nested_tally.items()})
    return Mapped(tickets=tickets, events=events, fields={**matched, **derived},
                  unused_columns=unused, unmapped=unmapped)


def _derived_times(tickets: pl.DataFrame, raw: pl.DataFrame, profile: Profile,
                   matched: dict[str, str]) -> tuple[pl.DataFrame, dict[str, str]]:
    """Times a profile derives from another time plus minutes (``derive``).

    Zendesk measures the first reply as minutes after creation
    (``reply_time_in_minutes.calendar``), not as a time: ``created_at`` plus
    those minutes is the time it recorded. A field's own column, where the
    export has one, comes first. Returns the frame and field → minutes column.
    """
    used: dict[str, str] = {}
    for name, rule in profile.derive.items():
        minutes = match_columns({name: rule["plus_minutes"]}, raw.columns).get(name)
        base = rule["from"]
        if minutes is None or base not in tickets.columns:
            continue
        text = pl.col("m").cast(pl.String).str.strip_chars()
        after = raw.get_column(minutes).to_frame("m").select(
            pl.when(text.str.contains(r"^\d+(?:\.\d+)?$")).then(text).cast(pl.Float64)
            .mul(60_000_000).round(0).cast(pl.Int64).cast(pl.Duration("us"))
        ).to_series()
        later = tickets.get_column(base) + after
        value = later.alias(name)
        if name in tickets.columns:
            value = tickets.select(pl.coalesce(pl.col(name), later)).to_series().alias(name)
        # the raw twin every time field has: the time made, as record.* would quote it
        raw_twin = value.dt.strftime("%Y-%m-%d %H:%M:%S").alias(RAW_PREFIX + name)
        if RAW_PREFIX + name in tickets.columns:
            raw_twin = tickets.select(pl.coalesce(pl.col(RAW_PREFIX + name), raw_twin)
                                      ).to_series().alias(RAW_PREFIX + name)
        tickets = tickets.with_columns(value, raw_twin)
        if name not in matched:
            used[name] = minutes
    return tickets, used


def _as_text(frame: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """The fields a profile names under ``html`` read as text (:mod:`svccheck.io.html_text`)."""
    present = [name for name in fields if name in frame.columns]
    if not present:
        return frame
    return frame.with_columns(html_to_text(pl.col(name)).alias(name) for name in present)


def event_columns(profile: Profile, columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """An events table's field → column matches, and its columns left unused (names masked).

    The ``author_roles`` key column is used (it finds each author's role)
    even when no field is read from it.
    """
    config = profile.events
    matched = match_columns(config.get("fields", {}), columns)
    used = set(matched.values())
    roles = config.get("author_roles")
    if roles:
        used.add(roles["key"])
    unused = [redact_name(c) for c in columns if c not in used and not c.startswith("_")]
    return matched, unused


def map_events(frame: pl.DataFrame, profile: Profile, tz: str, raw: RawInput,
               source: str, tally: Tally | None = None, input_tz: str | None = None
               ) -> pl.DataFrame:
    """Canonical events from raw event records.

    ``frame`` either already has ``_ticket`` (nested events, taken from the
    parent ticket) or must have a ticket id column (a separate events file).
    ``tally``, when given, is added the raw values of classified event
    fields that did not map (:func:`count_unmapped`), authors' roles included.
    """
    config = profile.events
    times = TimeRules.of(tz, profile, input_tz, events=True)
    matched = match_columns(config.get("fields", {}), frame.columns)
    exprs: list[pl.Expr] = [pl.lit(source).alias(SOURCE), pl.col(ROW).cast(pl.Int64)]
    if TICKET in frame.columns:
        exprs.append(pl.col(TICKET))
    elif "ticket_id" in matched:
        exprs.append(pl.col(matched["ticket_id"]).cast(pl.String).str.strip_chars().alias(TICKET))
    else:
        raise ConfigError(f"{source}: events need a ticket_id column to link them to tickets")
    values = config.get("values", {})
    for name, column in matched.items():
        if name == "ticket_id":
            continue
        exprs.extend(_typed(column, EVENT_FIELDS[name], name, values.get(name, {}), times))
    if tally is not None:
        add_tally(tally, count_unmapped(_intact(frame, raw), matched, EVENT_FIELDS, values))
    events = _fill_timestamps(frame.select(exprs), EVENT_FIELDS, times)
    events = _as_text(events, list(config.get("html") or []))
    if config.get("opening") == "request":  # settled with the ticket's every event at hand
        events = events.with_columns(pl.lit(True).alias(OPENS))
    roles = config.get("author_roles")
    if roles and roles["table"] in raw.tables and roles["key"] in frame.columns:
        users = raw.tables[roles["table"]].select(
            pl.col(roles["id"]).cast(pl.String).alias("_author_key"),
            pl.col(roles["role"]).cast(pl.String).alias("_author_role"),
        ).unique("_author_key", keep="first")
        role_map = _value_map(roles.get("values", {}), "role")
        keys = frame.select(pl.col(roles["key"]).cast(pl.String).alias("_author_key"))
        looked = keys.join(users, on="_author_key", how="left", maintain_order="left")
        events = events.with_columns(
            looked.get_column("_author_role")
            .str.to_lowercase()
            .replace_strict(role_map, default=None, return_dtype=pl.String)
            .alias("role")
        )
        if tally is not None:
            known = pl.col("_author_role").str.to_lowercase().is_in(list(role_map))
            found = (looked.filter(pl.col("_author_role").is_not_null() & ~known
                                   & ~frame.get_column(ROW).is_in(_damaged(raw)))
                     .group_by("_author_role").len())
            if found.height:
                add_tally(tally, {"role": dict(found.iter_rows())})
    for name, default in (config.get("defaults") or {}).items():
        kind = EVENT_FIELDS[name]
        value: Any = default
        if kind == "boolean":
            value = default.lower() in _TRUE
        dtype = pl.Boolean if kind == "boolean" else pl.String
        if name in events.columns:
            events = events.with_columns(pl.col(name).fill_null(pl.lit(value, dtype=dtype)))
        else:
            events = events.with_columns(pl.lit(value, dtype=dtype).alias(name))
    return events
