"""How each input was read, in words: the column -> field mapping, what was left over.

A rule that is not evaluated because ``首次回复时间`` was not recognised as
``first_response_at`` is only fixable when the report shows what *was*
mapped, which columns were not used and which values did not map -- and
says how to map them (``svccheck profiles init``). The text, Markdown and
HTML reports all word it the same way, from here.
"""

from __future__ import annotations

from svccheck.engines.contract import InputSummary

_WORDS = {
    "en": {"mapping": "mapping", "unused": "columns not used", "unmapped": "values not mapped",
           "more": "{n} more", "hint": "map them in a profile: svccheck profiles init {path}"},
    "zh": {"mapping": "列映射", "unused": "未使用的列", "unmapped": "未能映射的取值",
           "more": "另有 {n} 个", "hint": "可用 svccheck profiles init {path} 生成模板来映射"},
}


def words(lang: str) -> dict[str, str]:
    return _WORDS["zh" if lang == "zh" else "en"]


def mapping_text(item: InputSummary) -> str:
    """``受理时间 → created_at, 紧急程度 → priority`` (the export's order)."""
    return ", ".join(f"{column} → {field}" for column, field in item.mapping.items())


def unmapped_text(item: InputSummary, lang: str) -> str:
    """``priority: P2 ×2, 2 normal ×1; status: 已完结 ×6 (3 more)``."""
    w = words(lang)
    parts = []
    for field, values in item.unmapped_values.items():
        shown = ", ".join(f"{value} ×{count}" for value, count in values.items())
        more = item.unmapped_more.get(field, 0)
        if more:
            shown += f" ({w['more'].format(n=more)})"
        parts.append(f"{field}: {shown}")
    return "; ".join(parts)


def hint(item: InputSummary, lang: str) -> str:
    """How to map what was left over, when something was."""
    if not (item.unused_columns or item.unmapped_values) or item.kind != "tickets":
        return ""
    return words(lang)["hint"].format(path=item.path)


def lines(item: InputSummary, lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs for an input: mapping, unused columns, unmapped values, hint."""
    w = words(lang)
    out = []
    if item.mapping:
        out.append((w["mapping"], mapping_text(item)))
    if item.unused_columns:
        out.append((w["unused"], ", ".join(item.unused_columns)))
    if item.unmapped_values:
        out.append((w["unmapped"], unmapped_text(item, lang)))
    return out
