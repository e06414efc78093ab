"""Which profile reads an export, and which of its columns is which canonical field.

Headers are compared tolerantly -- full-/half-width, spaces, bracketed
annotations (``首次回复时间（分钟）``) and case do not matter -- and a field
takes the first of its profile's aliases the export has. Without
``--profile``, the profile reading the most columns is chosen, among those
whose ``detect`` conditions hold; none: a clear error, never a guess. What a
matched column's cells mean is svccheck.io.profiles' job.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from svccheck.errors import ConfigError
from svccheck.io.profile_files import Profile
from svccheck.pii.mask import redact_name

_ANNOTATION = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_SPACES = re.compile(r"\s+")


def normalize_header(name: str) -> str:
    """The form headers are compared in: NFKC, no annotations, no spaces, lower-case."""
    text = unicodedata.normalize("NFKC", name)
    text = _ANNOTATION.sub("", text)
    text = _SPACES.sub("", text).strip(":").lower()
    return text


def match_columns(aliases: dict[str, list[str]], columns: list[str]) -> dict[str, str]:
    """Canonical field → the export's column, for every field the export has.

    A field takes the first of its aliases the export has. One column may
    feed several fields when each names it (Freshdesk's ``private`` says both
    that a conversation is not public and that it is a note).
    """
    by_norm: dict[str, str] = {}
    for column in columns:
        if not column.startswith("_"):
            by_norm.setdefault(normalize_header(column), column)
    matched: dict[str, str] = {}
    for canonical, names in aliases.items():
        for alias in names:
            column = by_norm.get(normalize_header(alias))
            if column is not None:
                matched[canonical] = column
                break
    return matched


def column_mapping(matched: dict[str, str]) -> dict[str, str]:
    """Column → field(s), as the report shows it (a header-less export's "names" masked).

    A column feeding several fields shows them all, comma-separated.
    """
    shown: dict[str, list[str]] = {}
    for name, column in matched.items():
        shown.setdefault(redact_name(column), []).append(name)
    return {column: ", ".join(names) for column, names in shown.items()}


def choose_profile(
    columns: list[str], profiles: dict[str, Profile], path: Path
) -> Profile:
    """Pick the profile that matches the most headers; refuse to guess below its threshold."""
    best = best_profile(columns, profiles)
    if best is None:
        # A header-less export's "headers" are its first row: mask what they quote.
        shown = ", ".join(redact_name(c) for c in columns if not c.startswith("_"))[:200]
        raise ConfigError(
            f"{path}: no profile matches its columns ({shown}); pass --profile with one of "
            f"{', '.join(sorted(profiles))} or a profile YAML file"
        )
    return best[1]


def best_profile(columns: list[str], profiles: dict[str, Profile]
                 ) -> tuple[int, Profile] | None:
    """The profile reading the most of ``columns`` (and how many), among those that read
    their ``detect.min_matches`` and find one of their ``detect.require_any``; or None."""
    normalized = {normalize_header(c) for c in columns}
    best: tuple[int, Profile] | None = None
    for profile in profiles.values():
        if profile.require_any and not any(
            normalize_header(name) in normalized for name in profile.require_any
        ):
            continue
        score = len(match_columns(profile.fields, columns))
        if score >= profile.min_matches and (best is None or score > best[0]):
            best = (score, profile)
    return best
