"""The documentation pages stay true to the shipped standards and rules.

``docs/standards.md`` is generated: it must equal what the generator writes
today. ``docs/traceability.md`` is written by hand: every rule it names must
exist, and every rule whose clause cites a source document must appear in
that document's section.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from svccheck import docgen
from svccheck.rule import RULE_ID
from svccheck.standards import available_standards, load_standard
from svccheck.standards_view import load_view
from svccheck.yamlsource import load_yaml

ROOT = Path(__file__).resolve().parents[1]
STANDARDS_PAGE = ROOT / "docs" / "standards.md"
TRACEABILITY_PAGE = ROOT / "docs" / "traceability.md"
SEEDS = ("000", "001", "002", "003", "004")
#: A clause cites a document by its number: ``004 二.3``, ``003 电商 4.3``.
CITED_SEED = re.compile(r"(?<![\d.])(00[0-4])(?=\s)")
BACKTICKED = re.compile(r"`([^`]+)`")


@pytest.fixture(scope="module")
def registry():
    return docgen.builtin_registry()


@pytest.fixture(scope="module")
def generated(registry) -> str:
    return docgen.standards_markdown(registry)


def test_standards_page_is_not_stale(generated):
    current = STANDARDS_PAGE.read_text(encoding="utf-8") if STANDARDS_PAGE.exists() else ""
    if current != generated:
        diff = "".join(list(difflib.unified_diff(
            current.splitlines(keepends=True), generated.splitlines(keepends=True),
            "docs/standards.md", "generated", n=0))[:30])
        pytest.fail(f"docs/standards.md is stale; regenerate it with `{docgen.COMMAND}` "
                    f"from the repository root.\n{diff}")


def _section(text: str, heading: str) -> str:
    """The text under a heading line, up to the next heading of its level or above."""
    level = len(heading.split(" ", 1)[0])
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1:]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_standards_page_shows_each_standard_resolved(registry, generated):
    refs = available_standards(registry.standard_dirs)
    assert {"cn-baseline", "after-sales", "ecommerce", "insurance-lifecycle",
            "contact-center"} <= set(refs)
    for ref in refs:
        view = load_view(ref, registry.standard_dirs, registry.rules)
        section = _section(generated, f"### {ref}")
        assert " → ".join(f"{i} {v}" for i, v in view.chain) in section
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert [row.split("`")[1] for row in rows] == [r.rule for r in view.rules], ref
        for row, rule in zip(rows, view.rules, strict=True):
            assert row.split(" | ")[1] == rule.severity
            assert docgen.cell(rule.clause) in row


def test_standards_page_lists_every_rule_with_its_defaults(registry, generated):
    section = _section(generated, "## Rules")
    for rule in registry.rules.values():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{rule.id}` |"))
        assert f"| {rule.severity} |" in row
        assert docgen.cell(rule.clause) in row
    # parameters as a reader writes them in YAML, durations spelled out
    first = next(line for line in section.splitlines()
                 if line.startswith("| `response.first-reply` |"))
    assert "urgent: 30 min calendar" in first


def test_docgen_check_and_write(tmp_path, capsys):
    page = tmp_path / "docs" / "standards.md"
    assert docgen.main(["--check", "--output", str(page)]) == 1
    assert f"run {docgen.COMMAND}" in capsys.readouterr().err
    assert docgen.main(["--output", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("# Standards and rules\n")
    assert docgen.main(["--check", "--output", str(page)]) == 0
    page.write_text(page.read_text(encoding="utf-8").replace("| error |", "| info |", 1),
                    encoding="utf-8")
    assert docgen.main(["--check", "--output", str(page)]) == 1


# --- traceability ------------------------------------------------------------------


@pytest.fixture(scope="module")
def trace() -> str:
    return TRACEABILITY_PAGE.read_text(encoding="utf-8")


def _seed_sections(trace: str) -> dict[str, str]:
    headings = re.findall(r"^## (00[0-4]) .*$", trace, re.MULTILINE)
    assert sorted(headings) == list(SEEDS), "one section per source document"
    return {num: _section(trace, line)
            for num, line in zip(headings, re.findall(r"^## 00[0-4] .*$", trace, re.MULTILINE),
                                 strict=True)}


def _rule_ids(text: str) -> set[str]:
    return {token for token in BACKTICKED.findall(text) if RULE_ID.match(token)}


def test_traceability_names_only_rules_that_exist(registry, trace):
    named = _rule_ids(trace)
    assert named, "the page names rules in backticks"
    unknown = sorted(named - set(registry.rules))
    assert not unknown, f"docs/traceability.md names rules that do not exist: {unknown}"


def test_every_rule_citing_a_document_is_traced_in_its_section(registry, trace):
    cited: dict[str, set[str]] = {}
    for rule in registry.rules.values():
        for seed in CITED_SEED.findall(rule.clause or ""):
            cited.setdefault(seed, set()).add(rule.id)
    for path in available_standards(registry.standard_dirs).values():
        standard = load_standard(str(path), registry.standard_dirs)
        for rule_id, setting in standard.rules.items():
            for seed in CITED_SEED.findall(setting.clause or ""):
                cited.setdefault(seed, set()).add(rule_id)
    sections = _seed_sections(trace)
    missing = {seed: sorted(rules - _rule_ids(sections[seed]))
               for seed, rules in cited.items()}
    missing = {seed: rules for seed, rules in missing.items() if rules}
    assert not missing, (
        "rules whose clause cites a document but which docs/traceability.md does not "
        f"trace in that document's section: {missing}")


def test_every_commitment_has_a_rule_or_a_reason(trace):
    for seed, section in _seed_sections(trace).items():
        rows = [line for line in section.splitlines()
                if line.startswith("| ") and not line.startswith(("| clause ", "|---"))]
        assert rows, seed
        for row in rows:
            checked_by = row.strip().strip("|").split("|")[-1].strip()
            assert _rule_ids(checked_by) or checked_by.startswith("none: "), (
                f"{seed}: {row!r} names neither a rule nor why none can check it")


def test_every_rule_entry_of_a_shipped_standard_cites_a_document(registry):
    for ref, path in available_standards(registry.standard_dirs).items():
        entries = load_yaml(path, "standard").data.get("rules") or {}
        for rule_id, entry in entries.items():
            if entry is False or (isinstance(entry, dict) and entry.get("enabled") is False):
                continue  # switching a rule off cites nothing
            clause = entry.get("clause") if isinstance(entry, dict) else None
            assert clause and CITED_SEED.search(clause), (
                f"{ref}: {rule_id} has no clause citing a source document (e.g. '004 二.3')")


# --- traceability claims against the shipped standards ------------------------------

#: A rule named with a claim beside it: `response.first-reply` (Y = 12 calendar hours, ...).
CLAIM = re.compile(r"`([a-z][a-z0-9]*\.[a-z0-9-]+)`\s*\(([^()]*)\)")
DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:calendar |working )?(working days|s|seconds?|min|minutes?|h|hours?|"
    r"days?)(?![\w-])")
SECONDS = {"s": 1, "second": 1, "seconds": 1, "min": 60, "minute": 60, "minutes": 60, "h": 3600,
           "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
SEVERITY_CLAIM = re.compile(r"\b(error|warning|info)s? in ([a-z][a-z-]*)")


def _durations(value, key=""):
    """Every duration a resolved parameter value sets: seconds, or ("working days", N)."""
    if isinstance(value, dict):
        if "working_days" in value:
            yield ("working days", value["working_days"])
        for unit in ("seconds", "minutes", "hours", "days"):
            if unit in value:
                yield round(value[unit] * SECONDS[unit])
        for k, v in value.items():
            yield from _durations(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _durations(item, key)
    elif isinstance(value, int | float) and not isinstance(value, bool) and "days" in key:
        yield round(value * 86400)


@pytest.fixture(scope="module")
def shipped(registry):
    """standard id -> {rule id: (severity, params, note)} as each shipped standard runs it."""
    out = {}
    for ref, path in available_standards(registry.standard_dirs).items():
        view = load_view(ref, registry.standard_dirs, registry.rules)
        notes = {rid: s.note or "" for rid, s in
                 load_standard(str(path), registry.standard_dirs).rules.items()}
        out[ref] = {r.rule: (r.severity, r.params, notes.get(r.rule, "")) for r in view.rules}
    return out


def _wrong_claims(text: str, shipped: dict) -> list[str]:
    """Each claim beside a rule in ``text`` that the shipped standards do not back."""
    wrong = []
    for rule, claim in CLAIM.findall(text):
        runs = {sid: rules[rule] for sid, rules in shipped.items() if rule in rules}
        if not runs:
            wrong.append(f"{rule}: no shipped standard runs it")
            continue
        set_durations = {d for _, params, _ in runs.values() for d in _durations(params)}
        for amount, unit in DURATION.findall(claim):
            value = (("working days", int(float(amount))) if unit == "working days"
                     else round(float(amount) * SECONDS[unit]))
            if value not in set_durations:
                wrong.append(f"{rule} ({claim}): {amount} {unit} is set by no shipped standard")
        if "default chosen" in claim and not any("default chosen" in note
                                                 for _, _, note in runs.values()):
            wrong.append(f"{rule} ({claim}): no shipped standard's note says default chosen")
        for name in BACKTICKED.findall(claim):
            if RULE_ID.match(name) or name.startswith("{"):
                continue
            if not any(name in params for _, params, _ in runs.values()):
                wrong.append(f"{rule} ({claim}): no shipped standard sets `{name}`")
        for severity, sid in SEVERITY_CLAIM.findall(claim):
            if sid in shipped and runs.get(sid, ("",))[0] != severity:
                wrong.append(f"{rule} ({claim}): {sid} does not run it as {severity}")
        for sid in shipped:
            if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", claim) and sid not in runs:
                wrong.append(f"{rule} ({claim}): {sid} does not run it")
    return wrong


def test_traceability_claims_are_what_the_standards_set(trace, shipped):
    wrong = _wrong_claims(trace, shipped)
    assert not wrong, "docs/traceability.md claims what no standard sets:\n" + "\n".join(wrong)


def test_a_claim_no_standard_backs_is_caught(shipped):
    # the page once said Y was chosen while no standard set the parameter it named
    assert _wrong_claims("`response.first-reply` (X, Y: default chosen; `outside_hours` for Y)",
                         shipped) == [
        "response.first-reply (X, Y: default chosen; `outside_hours` for Y): no shipped "
        "standard sets `outside_hours`"]
    assert _wrong_claims("`response.urgent-resolution` (Z = 6 h, default chosen)", shipped) == [
        "response.urgent-resolution (Z = 6 h, default chosen): 6 h is set by no shipped standard"]
    assert _wrong_claims("`response.first-reply-off-hours` (an error in cn-baseline)",
                         shipped) == ["response.first-reply-off-hours (an error in cn-baseline): "
                                      "cn-baseline does not run it as error"]
    assert _wrong_claims("`response.first-reply-off-hours` (Y = 12 calendar hours, default "
                         "chosen; a warning in cn-baseline, an error in contact-center)",
                         shipped) == []
