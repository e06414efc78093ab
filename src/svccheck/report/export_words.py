"""The export's own words, for reports in Chinese.

With ``--lang zh`` a QA lead reading the report knows the fields and values
as the export names them -- 首次回复时间, 微信, 咨询类 -- not as the canonical
model does (``first_response_at``, ``social``, ``consultation``). The
human reports (text, Markdown, HTML) show a finding's field as the column it
came from in its own file, and a channel or category as the value the
export wrote most often for it. The machine formats (JSON, CSV, SARIF, ...)
keep the canonical names: they are a contract, and waivers match on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from svccheck.engines.contract import InputSummary
from svccheck.io.profiles import RAW_PREFIX
from svccheck.model import ENUMS, field_label
from svccheck.pii import redact

#: Fields whose values the reports show (context and charts).
VALUE_FIELDS: tuple[str, ...] = ("channel", "category", "priority", "status")


@dataclass
class ExportWords:
    """How each input names the canonical fields, and the values the export wrote."""

    #: source -> canonical field -> the column it was read from
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    #: canonical field -> canonical value -> the raw value written most often
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def field(self, source: str | None, name: str | None, lang: str) -> str | None:
        """``first_response_at`` as the input ``source`` names it (zh), else as is."""
        if name is None or lang != "zh":
            return name
        own = self.fields.get(source or "", {}).get(name)
        if own is None and len(self.fields) == 1:  # a KPI finding has no source
            own = next(iter(self.fields.values())).get(name)
        return own or field_label(name, "zh")

    def value(self, name: str, value: str | None, lang: str) -> str | None:
        """``social`` as the export wrote it (``微信``) in a Chinese report."""
        if value is None or lang != "zh":
            return value
        return self.values.get(name, {}).get(value, value)


def export_words(inputs: Sequence[InputSummary], tickets: pl.LazyFrame | None) -> ExportWords:
    """The words of this run's inputs (one small aggregate over the tickets)."""
    words = ExportWords()
    for item in inputs:
        words.fields[item.path] = {canonical: column for column, canonical
                                   in item.mapping.items()}
    if tickets is None:
        return words
    columns = tickets.collect_schema()
    for name in VALUE_FIELDS:
        raw = RAW_PREFIX + name
        if name not in columns or raw not in columns:
            continue
        pairs = (tickets.select(pl.col(name).cast(pl.String), pl.col(raw).cast(pl.String))
                 .drop_nulls().group_by(name, raw).len()
                 .sort(["len", raw], descending=[True, False])
                 .collect(engine="streaming"))
        seen: dict[str, str] = {}
        for canonical, written, _ in pairs.iter_rows():
            if canonical in ENUMS.get(name, ()) and canonical not in seen:
                seen[canonical] = redact(written) or written
        words.values[name] = seen
    return words
