"""Waivers: findings a team accepts on purpose, with a reason, an owner and an expiry.

A waiver file (``--waivers FILE``, YAML, validated by
``schemas/waivers.schema.json``) lists waivers; each names a rule or a family
and may narrow itself to ticket ids, assignees, channels and a creation date
range::

    waivers:
      - rule: record.satisfaction-range
        tickets: [GD20251020-0005]
        reason: customer typed 6 on a 1-5 scale; the CRM has since been fixed
        owner: 王芳 (QA)
        expires: 2026-03-31

Why an expiry is mandatory: a waiver without one becomes a permanent hole in
the standard nobody remembers agreeing to. After its ``expires`` day a waiver
stops applying -- its findings count again -- and the report says so as a
warning. The day is the day of the run (in the standard's time zone), not
``--as-of``: re-auditing last year's export must not revive waivers that
have run out since. A waiver that matches nothing is reported as *unused* so stale
entries get cleaned up instead of silently widening later.

The first waiver (in file order) that matches a finding claims it; the
match counts of later ones still include it, so a waiver shadowed by an
earlier, broader one is not reported as unused.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from svccheck.engines.findings_frame import Frame, held
from svccheck.errors import ConfigError
from svccheck.pii.paths import redact_path
from svccheck.quoting import brief, named
from svccheck.report.ticket_ids import mask_ticket_id
from svccheck.schemas import load_schema, validate_document
from svccheck.yamlsource import load_yaml


@dataclass(frozen=True)
class Waiver:
    """One entry of a waiver file."""

    index: int
    #: ``file:line`` of the entry, for messages.
    where: str
    reason: str
    owner: str
    expires: date
    rule: str | None = None
    family: str | None = None
    tickets: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    created_from: date | None = None
    created_to: date | None = None
    #: 1-based line of the entry in the waiver file.
    line: int | None = None

    @property
    def scope(self) -> str:
        """What it covers, for messages: ``record.time-order`` or ``record.*``."""
        return self.rule or f"{self.family}.*"

    def expired(self, today: date) -> bool:
        """Past its last day (the ``expires`` day itself still applies)."""
        return today > self.expires

    def matches(self) -> pl.Expr:
        """A boolean expression over a findings frame with ``CONTEXT`` columns."""
        if self.rule is not None:
            expr = pl.col("rule") == self.rule
        else:
            expr = pl.col("rule").str.starts_with(f"{self.family}.")
        if self.tickets:
            expr &= pl.col("ticket").is_in(list(self.tickets))
        if self.assignees:
            expr &= pl.col("assignee").is_in(list(self.assignees))
        if self.channels:
            expr &= pl.col("channel").is_in(list(self.channels))
        if self.created_from is not None:
            expr &= pl.col("day") >= self.created_from.isoformat()
        if self.created_to is not None:
            expr &= pl.col("day") <= self.created_to.isoformat()
        return expr.fill_null(False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "where": self.where}
        data["rule" if self.rule else "family"] = self.rule or self.family
        if self.tickets:  # as reports show ids: a mobile- or ID-shaped one masked
            data["tickets"] = [mask_ticket_id(t) for t in self.tickets]
        if self.assignees:
            data["assignee"] = list(self.assignees)
        if self.channels:
            data["channel"] = list(self.channels)
        if self.created_from or self.created_to:
            data["created"] = {k: v.isoformat() for k, v in
                               (("from", self.created_from), ("to", self.created_to)) if v}
        data.update(reason=self.reason, owner=self.owner, expires=self.expires.isoformat())
        return data


@dataclass(frozen=True)
class WaiverUse:
    """How a waiver fared in one run."""

    waiver: Waiver
    #: Findings it matches (for an expired waiver: would have matched).
    matched: int
    #: Findings it claimed (0 when expired, or when earlier waivers took them all).
    claimed: int
    expired: bool

    @property
    def status(self) -> str:
        """``active``, ``expired`` or ``unused``."""
        if self.expired:
            return "expired"
        return "active" if self.matched else "unused"

    def to_dict(self) -> dict[str, Any]:
        return {**self.waiver.to_dict(), "status": self.status, "matched": self.matched,
                "claimed": self.claimed}

    def message(self, lang: str = "en") -> str | None:
        """The warning or notice this waiver deserves, or None when it simply applied."""
        w = self.waiver
        if self.status == "expired":
            if lang == "zh":
                return (f"{w.where}: {w.scope} 的豁免(负责人 {w.owner})已于 "
                        f"{w.expires.isoformat()} 过期,其匹配的 {self.matched} 条问题重新计入")
            return (f"{w.where}: waiver for {w.scope} (owner {w.owner}) expired on "
                    f"{w.expires.isoformat()}; the {self.matched} finding(s) it matches count "
                    "again")
        if self.status == "unused":
            if lang == "zh":
                return f"{w.where}: {w.scope} 的豁免未匹配任何问题(未使用),请删除或修正"
            return (f"{w.where}: waiver for {w.scope} matches no finding (unused); "
                    "remove it or fix what it matches")
        return None


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def load_waivers(path: Path, known_rules: Iterable[str]) -> list[Waiver]:
    """Read and validate a waiver file; any problem is a ConfigError naming file and line.

    A waiver for a rule or family no loaded plugin provides is an error, not
    an unused waiver: it is almost always a typo, and a typo in a waiver
    would otherwise only show up once the real finding fails a release.
    """
    doc = load_yaml(path, "waiver file")
    entries = doc.data.get("waivers") if isinstance(doc.data, dict) else None
    for position, item in enumerate(entries if isinstance(entries, list) else []):
        # Said plainly here: the schema's oneOf would only say "not valid under any".
        if isinstance(item, dict) and ("rule" in item) == ("family" in item):
            raise ConfigError(f"{doc.where(('waivers', position))}: a waiver names exactly "
                              "one of rule or family")
    validate_document(doc.data, load_schema("waivers"), doc, what="waiver")
    known = sorted(set(known_rules))
    families = sorted({k.split(".", 1)[0] for k in known})
    waivers = []
    for position, item in enumerate(doc.data["waivers"]):
        where = doc.where(("waivers", position))
        rule, family = item.get("rule"), item.get("family")
        if rule is not None and rule not in known:
            hint = difflib.get_close_matches(rule, known, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ConfigError(f"{where}: waiver for unknown rule {named(rule)}{suggestion}")
        if family is not None and family not in families:
            hint = difflib.get_close_matches(family, families, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ConfigError(f"{where}: waiver for unknown family {named(family)}{suggestion}")
        created = item.get("created", {})
        dates: dict[str, date | None] = {}
        for key, value in (("expires", item["expires"]), ("created.from", created.get("from")),
                           ("created.to", created.get("to"))):
            try:
                dates[key] = date.fromisoformat(value) if value is not None else None
            except ValueError:
                raise ConfigError(
                    f"{doc.where(('waivers', position, *key.split('.')))}: waiver "
                    f"{key} {brief(value)} is not a date"
                ) from None
        start, end = dates["created.from"], dates["created.to"]
        if start is not None and end is not None and start > end:
            raise ConfigError(f"{where}: waiver created.from {start} is after created.to {end}")
        expires = dates["expires"]
        assert expires is not None
        waivers.append(Waiver(
            # shown in reports: a personal value in the file's name masked
            index=position + 1, where=redact_path(where), reason=item["reason"],
            owner=item["owner"],
            expires=expires, rule=rule, family=family, tickets=_names(item.get("tickets")),
            assignees=_names(item.get("assignee")), channels=_names(item.get("channel")),
            created_from=start, created_to=end, line=doc.line(("waivers", position)),
        ))
    return waivers


def apply_waivers(
    findings: Frame, waivers: Iterable[Waiver], today: date
) -> tuple[Frame, Frame, list[WaiverUse]]:
    """Split ``findings`` (with ``CONTEXT`` columns) into ``(active, waived, uses)``.

    ``waived`` gets a ``waiver`` column: the index of the waiver that claimed
    each finding -- the first one in the file that matches and has not
    expired. One expression and one pass of counts, so that findings left on
    disk (a streamed run) are split lazily, as they are read.
    """
    waivers = list(waivers)
    expired = [w.expired(today) for w in waivers]
    claimed: pl.Expr = pl.lit(None, dtype=pl.Int64)
    for waiver, gone in reversed(list(zip(waivers, expired, strict=True))):
        if not gone:
            claimed = pl.when(waiver.matches()).then(
                pl.lit(waiver.index, dtype=pl.Int64)).otherwise(claimed)
    marked = findings.lazy().with_columns(claimed.alias("waiver"))
    uses: list[WaiverUse] = []
    if waivers:
        tally = held(marked.select(
            *(w.matches().sum().alias(f"matched{k}") for k, w in enumerate(waivers)),
            *((pl.col("waiver") == w.index).sum().alias(f"claimed{k}")
              for k, w in enumerate(waivers)),
        )).row(0, named=True)
        uses = [WaiverUse(w, matched=int(tally[f"matched{k}"] or 0),
                          claimed=int(tally[f"claimed{k}"] or 0), expired=gone)
                for k, (w, gone) in enumerate(zip(waivers, expired, strict=True))]
    waived = marked.filter(pl.col("waiver").is_not_null())
    active = marked.filter(pl.col("waiver").is_null()).drop("waiver")
    if isinstance(findings, pl.DataFrame):
        return active.collect(), waived.collect(), uses
    return active, waived, uses
