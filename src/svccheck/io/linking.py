"""A helpdesk export of several files, linked into one audit.

A helpdesk does not hand over one table. Zendesk's API gives pages of
tickets, each ticket's comments in a file of their own (saved from
``/tickets/{id}/comments.json``: the comments do not say which ticket they
belong to, the file name does), a users file that says who is an agent, and
the ticket metrics; Freshdesk and Zammad give bare arrays of tickets,
conversations or articles and agents; OTRS nests the articles in the
tickets. Read file by file, none of them is an audit.

Before anything is mapped, :func:`survey` looks at every input once:

* it tells each file's **kind** -- tickets, events, users or metrics -- from
  its envelope (:mod:`svccheck.io.readers.envelopes`), else from its columns
  as the profile's ``files`` section describes them, else tickets;
* without ``--profile``, it chooses the profile the ticket files fit best
  (never from a comments or users file, whose columns fit no profile);
* it keeps what other files need: the users (authors' roles), the metrics
  (joined to their tickets under a prefix, as if sideloaded), and -- where
  events name their ticket by an internal id while users see a number
  (Zammad's ``id`` and ``number``) -- which number each internal id is.

The :class:`Links` it returns then prepares each file as it is read, whole
or batch by batch, by any engine: users as the ``users`` table, metrics as
ticket columns, and each event's ticket (from its ticket id, translated, or
from the file's path). Users and metrics files are held in memory; they are
one row per person and per ticket, a fraction of the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

import polars as pl

from svccheck.errors import ConfigError, InputError
from svccheck.io.base import ROW, TICKET, RawInput, Reader, ReadOptions
from svccheck.io.profile_match import best_profile, match_columns, normalize_header
from svccheck.io.profiles import Profile
from svccheck.io.readers import read_file
from svccheck.io.readers.envelopes import KINDS
from svccheck.io.readers.json import json_lines_batch
from svccheck.io.readers.ndjson import HEAD_BYTES, looks_like_json_lines

#: The suffixes a survey looks into (after ``.gz``); other formats are tickets.
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
#: Where an event's link comes from (its ticket id column, or its file's path).
_LINK = "_link"
_SHOWN = "_shown"


@dataclass
class Survey:
    """What one file is, as far as a look at it tells."""

    path: Path
    #: The envelope's kind (None: the file does not say).
    kind: str | None = None
    #: The records' columns (None: not looked into -- a spreadsheet, CSV, Parquet).
    columns: list[str] | None = None
    #: The whole file, when the look read it whole (a JSON document).
    raw: RawInput | None = None


@dataclass
class AuxFile:
    """A users or metrics file, as the report lists it."""

    path: Path
    kind: str
    format: str
    encoding: str | None
    compression: str | None
    rows: int


@dataclass
class Links:
    """How the files of one export are told apart and tied together."""

    profile: Profile
    #: Whether the profile was chosen from the files (no ``--profile``).
    detected: bool
    #: Each input's kind, by path (as given).
    kinds: dict[str, str] = field(default_factory=dict)
    #: Every users file's records, stacked (all-string columns).
    users: pl.DataFrame | None = None
    #: Metrics records: ``_link`` (the ticket) and the prefixed columns.
    metrics: pl.DataFrame | None = None
    #: ``_link`` (the id other files name a ticket by) → ``_shown`` (the ticket's id).
    numbers: pl.DataFrame | None = None
    #: The users and metrics files read, for the report.
    aux: dict[str, AuxFile] = field(default_factory=dict)

    def kind(self, path: Path) -> str:
        return self.kinds.get(str(path), "tickets")

    # -- preparing each file as it is read --------------------------------

    def prepare_tickets(self, raw: RawInput) -> RawInput:
        """Ticket records with the users beside them and their metrics as columns."""
        self._add_users(raw)
        if self.metrics is not None and raw.tickets.height:
            raw.tickets = self._with_metrics(raw.tickets)
        return raw

    def prepare_events(self, raw: RawInput) -> RawInput:
        """Event records with the users beside them and their ticket (``_ticket``) set."""
        self._add_users(raw)
        frame = raw.tickets
        fields = match_columns(self.profile.events.get("fields", {}), frame.columns)
        if "ticket_id" in fields:
            keys = frame.get_column(fields["ticket_id"]).cast(pl.String).str.strip_chars()
        else:
            pattern = (self.profile.files.get("events") or {}).get("ticket_from_path")
            found = re.search(pattern, PurePath(raw.path).as_posix()) if pattern else None
            if found is None:
                how = (f"its path does not match files.events.ticket_from_path {pattern!r}"
                       if pattern else "the profile names no files.events.ticket_from_path")
                raise ConfigError(f"{raw.path}: these events carry no ticket id and {how}, "
                                  "so they cannot be linked to their ticket")
            keys = pl.Series([found.group(1)] * frame.height, dtype=pl.String)
        raw.tickets = frame.with_columns(self._shown(keys).alias(TICKET))
        return raw

    def _shown(self, keys: pl.Series) -> pl.Series:
        """The ticket id findings name, for each event's link (its internal id, say)."""
        if self.numbers is None:
            return keys
        looked = keys.to_frame(_LINK).join(self.numbers, on=_LINK, how="left",
                                           maintain_order="left")
        return looked.select(pl.coalesce(_SHOWN, _LINK)).to_series()

    def _add_users(self, raw: RawInput) -> None:
        if self.users is None:
            return
        own = raw.tables.get("users")
        raw.tables = {**raw.tables, "users": self.users if own is None else pl.concat(
            [own, self.users], how="diagonal_relaxed")}

    def _with_metrics(self, tickets: pl.DataFrame) -> pl.DataFrame:
        assert self.metrics is not None
        column = match_columns(self.profile.fields, tickets.columns).get(self._links_to())
        names = [c for c in self.metrics.columns if c != _LINK]
        if column is None:
            return tickets.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in names
                                        if c not in tickets.columns)
        keys = tickets.get_column(column).cast(pl.String).str.strip_chars().to_frame(_LINK)
        joined = keys.join(self.metrics, on=_LINK, how="left", maintain_order="left")
        # a sideloaded metric set in the ticket itself comes first
        return tickets.with_columns(
            (pl.coalesce(pl.col(c), joined.get_column(c)) if c in tickets.columns
             else joined.get_column(c)).alias(c) for c in names)

    def _links_to(self) -> str:
        return str(self.profile.files.get("links_to") or self.profile.ticket_id)


def survey(paths: Sequence[Path], *, readers: Sequence[Reader], profiles: dict[str, Profile],
           profile: Profile | None, options: ReadOptions,
           event_paths: Sequence[Path] = ()) -> Links | None:
    """Look at every input once; the links of a multi-file helpdesk export, or None.

    None means the inputs are read file by file as always: no file says it
    is anything but tickets, and the profile (given, or chosen from the
    files) describes no other files. A single file is always read so (its
    comments can only be nested, its users only sideloaded): it is not read
    twice for nothing.
    """
    if len(paths) < 2 and not event_paths:
        return None
    looks = [_look(path, readers, options) for path in paths]
    chosen, detected = profile, False
    if chosen is None:
        chosen = _choose(looks, profiles)
        detected = True
        if chosen is None:
            return None
    others = any(look.kind not in (None, "tickets") for look in looks)
    if not chosen.files and not others:
        return None
    links = Links(profile=chosen, detected=detected)
    users: list[pl.DataFrame] = []
    metrics: list[pl.DataFrame] = []
    numbers: list[pl.DataFrame] = []
    for look in looks:
        kind = _kind(look, chosen)
        links.kinds[str(look.path)] = kind
        if kind in ("users", "metrics"):
            raw = look.raw or read_file(look.path, readers, options)
            links.aux[str(look.path)] = AuxFile(look.path, kind, raw.format, raw.encoding,
                                                raw.compression, raw.tickets.height)
            if kind == "users":
                users.append(raw.tickets.drop(ROW))
            else:
                metrics.append(_metric_columns(raw.tickets, chosen, look.path))
        elif kind == "tickets" and _translates(chosen):
            raw = look.raw or read_file(look.path, readers, options)
            numbers.append(_numbers(raw.tickets, chosen))
    for path in event_paths:
        links.kinds[str(path)] = "events"
    if users:
        links.users = pl.concat(users, how="diagonal_relaxed")
    if metrics:
        links.metrics = (pl.concat(metrics, how="diagonal_relaxed")
                         .unique(_LINK, keep="last", maintain_order=True))
    if numbers:
        links.numbers = pl.concat(numbers).drop_nulls(_LINK).unique(_LINK, keep="last",
                                                                    maintain_order=True)
    return links


def _look(path: Path, readers: Sequence[Reader], options: ReadOptions) -> Survey:
    """A file's envelope kind and columns: a JSON document read whole, JSON Lines by
    its first record, other formats not at all."""
    name = path.name.lower().removesuffix(".gz")
    suffix = PurePath(name).suffix
    if suffix not in JSON_SUFFIXES:
        return Survey(path)
    head = _head(path)
    if head is None:
        return Survey(path)  # unreadable: the reader says why when the file is read
    if suffix != ".json" or looks_like_json_lines(head):
        first = next((line for line in head.split("\n") if line.strip()), "")
        record = json_lines_batch(first, path, "utf-8", 1).tickets
        if not record.height:
            return Survey(path)  # not an object: the reader says why when it reads the file
        return Survey(path, columns=record.columns)
    try:
        raw = read_file(path, readers, options)
    except InputError:
        return Survey(path)  # read again, and refused with its message, later
    return Survey(path, kind=raw.kind, columns=raw.tickets.columns, raw=raw)


def _head(path: Path) -> str | None:
    """The first bytes of a file (inflated for ``.gz``) as text."""
    import gzip

    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                data = stream.read(HEAD_BYTES)
        else:
            with path.open("rb") as stream:
                data = stream.read(HEAD_BYTES)
    except (OSError, EOFError):
        return None
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _choose(looks: list[Survey], profiles: dict[str, Profile]) -> Profile | None:
    """The profile that reads the most columns of any one file, or None if none fits any.

    As for a single file (:func:`~svccheck.io.profile_match.choose_profile`), but
    over the files: a helpdesk's comment or user files may happen to fit a
    general profile by a few columns, while its ticket pages fit the
    helpdesk's own by many. Files whose envelope says they are not tickets,
    and files not looked into, take no part.
    """
    best: tuple[int, Profile] | None = None
    for look in looks:
        if look.kind not in (None, "tickets") or look.columns is None:
            continue
        found = best_profile(look.columns, profiles)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best[1] if best is not None else None


def _kind(look: Survey, profile: Profile) -> str:
    """The envelope's kind; else events where the path names the ticket (a per-ticket
    file, ``files.events.ticket_from_path``); else the first ``files`` kind whose
    columns the records have; else tickets."""
    if look.kind is not None:
        return look.kind
    pattern = (profile.files.get("events") or {}).get("ticket_from_path")
    if pattern and re.search(pattern, PurePath(look.path).as_posix()):
        return "events"
    if look.columns is not None:
        have = {normalize_header(c) for c in look.columns}
        for kind in KINDS:
            wanted = (profile.files.get(kind) or {}).get("columns")
            if wanted and all(normalize_header(c) in have for c in wanted):
                return kind
    return "tickets"


def _metric_columns(records: pl.DataFrame, profile: Profile, path: Path) -> pl.DataFrame:
    """Metrics records keyed by their ticket, their columns under the profile's prefix."""
    config = profile.files.get("metrics") or {}
    column = config.get("ticket_id", "ticket_id")
    if column not in records.columns:
        raise ConfigError(f"{path}: these metrics have no {column!r} column naming their "
                          "ticket (files.metrics.ticket_id)")
    prefix = config.get("prefix")
    keep = [c for c in records.columns if not c.startswith("_")]
    return records.select(
        pl.col(column).cast(pl.String).str.strip_chars().alias(_LINK),
        *(pl.col(c).alias(f"{prefix}.{c}" if prefix else c) for c in keep),
    )


def _translates(profile: Profile) -> bool:
    """Whether other files name a ticket by another field than the one findings show."""
    links_to = profile.files.get("links_to")
    return bool(links_to) and links_to != profile.ticket_id


def _numbers(records: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """``_link`` (the field other files use) → ``_shown`` (the ticket id) of ticket records."""
    fields = match_columns(profile.fields, records.columns)
    link, shown = fields.get(str(profile.files.get("links_to"))), fields.get(profile.ticket_id)
    if link is None or shown is None:
        return pl.DataFrame(schema={_LINK: pl.String, _SHOWN: pl.String})
    return records.select(pl.col(link).cast(pl.String).str.strip_chars().alias(_LINK),
                          pl.col(shown).cast(pl.String).str.strip_chars().alias(_SHOWN))


def with_event_lists(options: ReadOptions, profile: Profile | None) -> ReadOptions:
    """``options`` with the nested lists ``profile`` reads as events (``events.lists``)."""
    lists = tuple((profile.events.get("lists") or ()) if profile is not None else ())
    return replace(options, event_lists=lists) if lists else options
