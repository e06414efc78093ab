"""``svccheck profiles init FILE``: a starter profile for an export nobody mapped yet.

A new user's export rarely matches a shipped profile exactly: a few headers
are renamed (手机号 for 联系方式, 首次回复时间 for 首次响应时间) and a few values
are their own (``P2``, ``2 normal``). The rules then judge nothing, and the
user is left to write a profile from the documentation. This module writes
the profile for them, to review rather than to write:

* it ``extends`` the profile that matches most of the export's headers
  (``generic`` when none matches any);
* it adds an alias for each column it can guess a field for -- the header is
  like a canonical field name, like an alias of any known profile, or holds
  a word that names the field (:data:`HINTS`) -- with what it was like in a
  comment; a column it cannot guess is listed in a comment;
* it lists every raw value of a classified field that no map knows as a
  ``values:`` entry, ``~`` with a comment naming what to fill in.

The result is valid as written: ``svccheck check FILE --profile OUT`` runs.
A ``~`` left unfilled means "no value" (see docs/profiles.md), so the report
still says which rules could not judge those tickets.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from svccheck.io.base import Reader, ReadOptions
from svccheck.io.profile_files import Profile, build_profile, merge_profile_data
from svccheck.io.profile_match import match_columns, normalize_header
from svccheck.io.profiles import event_columns, map_tickets
from svccheck.io.readers import read_file
from svccheck.io.unmapped import Tally
from svccheck.model import ENUMS, EVENT_FIELDS, FIELD_LABELS_ZH, TICKET_FIELDS, FieldType
from svccheck.pii.mask import redact, redact_name

#: Words that name a field when a header contains them (compared normalised).
#: Aliases say how one system names a field; these say what the field *is*,
#: so 手机号 is found to be a contact though no profile has that alias.
HINTS: dict[str, tuple[str, ...]] = {
    "id": ("工单号", "单号", "ticket", "case"),
    "customer_id": ("客户号", "会员号", "用户id", "customer", "client", "requester"),
    "contact": ("手机", "电话", "联系", "邮箱", "phone", "mobile", "tel", "email"),
    "channel": ("渠道", "来源", "channel", "source"),
    "category": ("类型", "分类", "类别", "type", "category"),
    "description": ("描述", "标题", "主题", "subject", "summary"),
    "priority": ("优先", "紧急", "级别", "priority", "urgency", "severity"),
    "status": ("状态", "status", "state"),
    "created_at": ("创建", "受理", "提交时间", "created", "opened", "submitted"),
    "first_response_at": ("首次回复", "首次响应", "首响", "首回", "firstreply", "firstresponse"),
    "assignee": ("负责人", "处理人", "坐席", "agent", "assignee", "owner"),
    "assignee_role": ("角色", "role"),
    "due_at": ("截止", "期限", "承诺", "due", "deadline"),
    "resolved_at": ("解决时间", "完成时间", "solved", "resolved"),
    "resolution": ("结果", "解决方案", "resolution"),
    "satisfaction": ("满意", "评分", "评价", "csat", "rating", "score"),
    "followup_at": ("回访", "followup", "follow-up"),
    "remarks": ("备注", "remark", "note"),
    "offered_at": ("进线", "来电时间", "offered"),
    "answered_at": ("接起", "应答", "接听", "answered"),
    "signed_at": ("签单", "承保", "signed"),
    "delivered_at": ("递送", "送达", "回执", "delivered"),
    "birthday": ("生日", "出生", "birth"),
    "premium_due_dates": ("应缴", "缴费日期", "premiumdue"),
    "lapsed_at": ("失效", "中止", "lapsed"),
}
#: A header holding one of these is about something else (the time a record
#: was last changed), however much it looks like a field: never guessed.
NOT_A_FIELD = ("更新", "修改", "最后", "updated", "modified", "last")
#: How alike a header and a name must be (difflib ratio) without a shared word.
MIN_RATIO = 0.8
#: Values listed per field; past it, a comment says how many were left out.
MAX_VALUES = 200
_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class Guess:
    """An unused column and the field it most likely holds."""

    column: str
    field: str
    score: float
    like: str
    source: str


def best_profile(columns: list[str], profiles: dict[str, Profile]) -> tuple[Profile, int]:
    """The profile matching most headers (its ``require_any`` met); ``generic`` if none."""
    normalized = {normalize_header(c) for c in columns}
    best: tuple[int, bool, Profile] | None = None
    for profile in profiles.values():
        if profile.require_any and not any(
            normalize_header(name) in normalized for name in profile.require_any
        ):
            continue
        score = len(match_columns(profile.fields, columns))
        key = (score, profile.id == "generic")
        if score and (best is None or key > best[:2]):
            best = (*key, profile)
    if best is None:
        return profiles["generic"], 0
    return best[2], best[0]


def _names(profiles: dict[str, Profile]) -> dict[str, list[tuple[str, str]]]:
    """Field → every name it goes by: (name, where it comes from)."""
    names: dict[str, list[tuple[str, str]]] = {}
    for name in TICKET_FIELDS:
        names[name] = [(name, "field name"), (name.replace("_", ""), "field name")]
        if name in FIELD_LABELS_ZH:
            names[name].append((FIELD_LABELS_ZH[name], "field label"))
    for profile in profiles.values():
        for name, aliases in profile.fields.items():
            names.setdefault(name, []).extend((alias, profile.id) for alias in aliases)
    return names


def _likeness(header: str, name: str) -> float:
    """1 for the same header, 0.75+ when one holds the other, else difflib's ratio."""
    if header == name:
        return 1.0
    ratio = difflib.SequenceMatcher(None, header, name).ratio()
    shorter = min(len(header), len(name))
    # two letters ("id") are in too many headers; two hanzi (渠道, 状态) are a word
    if (shorter >= 3 or (shorter == 2 and not (header + name).isascii())) and (
            name in header or header in name):
        return max(ratio, 0.75 + 0.2 * shorter / max(len(header), len(name)))
    return ratio if ratio >= MIN_RATIO and shorter >= 3 else 0.0


def guess_fields(columns: list[str], taken: set[str], profiles: dict[str, Profile]
                 ) -> list[Guess]:
    """The best field for each column in ``columns``, no field twice and none in ``taken``.

    Greedy on the score: the surest guess claims its field first.
    """
    names = _names(profiles)
    candidates: list[Guess] = []
    for column in columns:
        header = normalize_header(column)
        if not header or any(word in header for word in NOT_A_FIELD):
            continue
        for name in TICKET_FIELDS:
            if name in taken:
                continue
            scored = [(_likeness(header, normalize_header(alias)), alias, where)
                      for alias, where in names.get(name, [])]
            scored += [(0.6 + 0.3 * len(word) / len(header), word, "a word for " + name)
                       for word in HINTS.get(name, ()) if word in header]
            # the first of equal scores: field names before aliases, before words
            score, like, where = max(scored, key=lambda item: item[0], default=(0.0, "", ""))
            if score >= 0.6:
                candidates.append(Guess(column, name, score, like, where))
    chosen: list[Guess] = []
    used_columns: set[str] = set()
    used_fields = set(taken)
    for guess in sorted(candidates, key=lambda g: (-g.score, columns.index(g.column), g.field)):
        if guess.column not in used_columns and guess.field not in used_fields:
            chosen.append(guess)
            used_columns.add(guess.column)
            used_fields.add(guess.field)
    return sorted(chosen, key=lambda g: columns.index(g.column))


def _scalar(value: str, flow: bool = False) -> str:
    """``value`` as a YAML mapping key (or, ``flow``, a ``[list]`` item): plain where that
    reads back as the same text, else double-quoted (JSON's escapes are YAML's)."""
    test, expected = (f"[{value}]", [value]) if flow else (f"{value}: ~", {value: None})
    try:
        plain = yaml.safe_load(test) == expected
    except yaml.YAMLError:
        plain = False
    return value if plain and value == value.strip() else json.dumps(value, ensure_ascii=False)


def _fill_in(kind: FieldType, name: str) -> str:
    if kind == "enum":
        return f"fill in: one of {', '.join(ENUMS[name])}"
    if kind == "integer":
        return "fill in: the whole number it stands for"
    if kind == "boolean":
        return "fill in: true or false"
    return "fill in: the value to read it as"


def _value_lines(tally: dict[str, int], kind: FieldType, name: str, indent: str) -> list[str]:
    """One ``raw: ~  # fill in`` line per value, the most frequent first."""
    lines: list[str] = []
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    hidden = [value for value, _ in ranked if (redact(value) or value) != value]
    shown = [(value, rows) for value, rows in ranked if value not in hidden]
    for value, rows in shown[:MAX_VALUES]:
        plural = "row" if rows == 1 else "rows"
        lines.append(f"{indent}{_scalar(value)}: ~  # {_fill_in(kind, name)} ({rows} {plural})")
    if len(shown) > MAX_VALUES:
        lines.append(f"{indent}# ... and {len(shown) - MAX_VALUES} more values")
    if hidden:
        lines.append(f"{indent}# {len(hidden)} values holding personal data (phone numbers, "
                     "e-mail addresses, ...) are not listed: is this the right column?")
    return lines


def _profile_id(path: Path) -> str:
    stem = path.name.split(".")[0]
    return _ID.sub("-", stem.lower()).strip("-") or "my-export"


def starter_profile(path: Path, *, readers: Sequence[Reader], profiles: dict[str, Profile],
                    options: ReadOptions) -> str:
    """The text of a starter profile for the export at ``path`` (see the module docstring)."""
    raw = read_file(path, readers, options)
    columns = [c for c in raw.tickets.columns if not c.startswith("_")]
    base, matched_count = best_profile(columns, profiles)
    taken = match_columns(base.fields, columns)
    unused = [c for c in columns if c not in taken.values()]
    # a header that masks differently holds personal data (a header-less export's first row)
    guessable = [c for c in unused if redact_name(c) == c]
    guesses = guess_fields(guessable, set(taken), profiles)
    guessed = {g.column for g in guesses}
    left = [redact_name(c) for c in unused if c not in guessed]

    own: dict[str, Any] = {"fields": {g.field: [g.column] for g in guesses}}
    profile = build_profile(merge_profile_data(base.data, own), path, [base.id])
    mapped = map_tickets(raw, profile, "UTC")
    tally = dict(mapped.unmapped)

    lines = [
        f"# Starter profile for {redact_name(path.name)}, written by `svccheck profiles init`.",
        f"# It extends {base.id}, which reads {matched_count} of the export's "
        f"{len(columns)} columns.",
        "# Review the guessed aliases, fill in each ~ under values, then run",
        f"#   svccheck check {redact_name(path.name)} --profile <this file>",
        "# A value left ~ means \"no value\": missing, for every rule.",
        f"id: {_profile_id(path)}",
        f"extends: {_scalar(base.id)}",
    ]
    if guesses:
        lines.append("fields:")
        for g in guesses:
            why = (f"guessed: like {g.like!r} ({g.source})" if not g.source.startswith("a word")
                   else f"guessed: holds {g.like!r}, {g.source}")
            lines.append(f"  {g.field}: [{_scalar(g.column, flow=True)}]  # {why}")
    if left:
        lines.append("# Columns no field was guessed for (add an alias under fields if one holds "
                     "a field):")
        lines.extend(f"#   {_scalar(c)}" for c in left)
    ticket_values = {name: counts for name, counts in tally.items()
                     if not name.startswith("events.")}
    if ticket_values:
        lines.append("values:")
        for name in sorted(ticket_values, key=list(TICKET_FIELDS).index):
            lines.append(f"  {name}:")
            lines.extend(_value_lines(ticket_values[name], TICKET_FIELDS[name], name, "    "))
    else:
        lines.append("# Every value of the classified fields is mapped.")
    nested = [] if raw.events is None else list(raw.events.columns)
    lines.extend(_event_lines(nested, profile, tally))
    return "\n".join(lines) + "\n"


def _event_lines(columns: list[str], profile: Profile, tally: Tally) -> list[str]:
    """``events:`` entries for the nested events' unmapped values, if any.

    A role that comes from another table (``author_roles``) is filled in
    under ``author_roles.values``; any other under ``events.values``.
    """
    events = {name.removeprefix("events."): counts for name, counts in tally.items()
              if name.startswith("events.")}
    if not events:
        return []
    matched, _ = event_columns(profile, columns)
    from_table = "author_roles" in profile.events and "role" not in matched
    lines = ["events:"]
    roles = events.pop("role", None) if from_table else None
    if events:
        lines.append("  values:")
        for name in sorted(events, key=list(EVENT_FIELDS).index):
            lines.append(f"    {name}:")
            lines.extend(_value_lines(events[name], EVENT_FIELDS[name], name, "      "))
    if roles:
        lines.append("  author_roles:")
        lines.append("    values:")
        lines.extend(_value_lines(roles, "enum", "role", "      "))
    return lines
