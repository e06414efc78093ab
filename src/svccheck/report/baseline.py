"""Baselines: accept today's findings, gate only on new ones.

``--update-baseline FILE`` writes the fingerprints of the run's findings;
``--baseline FILE`` then reports only findings whose fingerprint is not in
it (the others are counted as *baselined*). That is how a team adopts a
standard on a years-old export without fixing history first.

Fingerprints come from rule, ticket, field and the rule's key -- never from
row order (engines.rule_execution.fingerprint) -- so a re-export with rows
reordered and new tickets appended still matches. A finding a waiver claimed is not written:
a waiver expires and its findings must then count again, which they could
not if the baseline had swallowed them.

The file is JSON, sorted and without timestamps, so it only changes in
version control when the findings change, and a reviewer can read the diff
(rule and ticket id beside each fingerprint; never a personal value).

An entry the run no longer finds was fixed since the baseline was written
(:func:`fixed_since`): the reports list those, so a team sees its progress
and knows the file can be refreshed. Only entries of rules the run judged
count -- a rule left out by ``--select`` fixed nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from svccheck.engines.findings_frame import Frame, held
from svccheck.errors import ConfigError
from svccheck.regular_files import require_regular

#: Format version of the baseline file.
BASELINE_VERSION = 1


def baseline_text(findings: Frame, standard: str) -> str:
    """The baseline file for ``findings`` (one entry per distinct fingerprint)."""
    entries = held(
        findings.lazy().select("fingerprint", "rule", "ticket")
        .unique(subset=["fingerprint"], keep="first", maintain_order=True)
        .sort(["rule", "ticket", "fingerprint"], nulls_last=True)
    ).to_dicts()
    data = {"svccheck_baseline": BASELINE_VERSION, "standard": standard,
            "count": len(entries), "findings": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints in a baseline file; anything unreadable stops the run (exit 2)."""
    return frozenset(e["fingerprint"] for e in load_baseline_entries(path))


def load_baseline_entries(path: Path) -> list[dict[str, str | None]]:
    """A baseline file's entries (fingerprint, rule, ticket); anything unreadable stops
    the run (exit 2).

    A baseline that silently failed to load would turn every accepted
    finding into a new one -- or, worse, a wrong file into an empty one.
    """
    require_regular(path, "baseline", ConfigError)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: baseline not found (create it with --update-baseline {path})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: baseline is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("svccheck_baseline") != BASELINE_VERSION:
        raise ConfigError(
            f"{path}: not an svccheck baseline (version {BASELINE_VERSION}); "
            f"write one with --update-baseline {path}"
        )
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
        isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in findings
    ):
        raise ConfigError(f"{path}: baseline 'findings' must be a list of "
                          "objects with a 'fingerprint'")
    return [{"fingerprint": f["fingerprint"], "rule": f.get("rule"), "ticket": f.get("ticket")}
            for f in findings]


def fixed_since(entries: list[dict[str, str | None]], findings: Frame,
                judged: set[str]) -> list[dict[str, str | None]]:
    """Baseline entries of rules the run ``judged`` that none of its ``findings``
    (active, waived or baselined) matches any more: fixed since the baseline."""
    found = set(held(findings.lazy().select("fingerprint").unique()).to_series().to_list())
    return [e for e in entries if e["fingerprint"] not in found and e["rule"] in judged]


def split_baselined(
    findings: Frame, fingerprints: frozenset[str]
) -> tuple[Frame, Frame]:
    """``(new, baselined)``: findings whose fingerprint is not / is in the baseline."""
    known = pl.col("fingerprint").is_in(list(fingerprints))
    return findings.filter(~known), findings.filter(known)
