"""Standards: find, load, follow ``extends``, validate, and resolve rule settings.

A standard is YAML. Validation happens in two layers, both with jsonschema
and both reported with file and line: the standard's own shape
(``schemas/standard.schema.json``) and then each enabled rule's parameters
against the schema that rule declares. An unknown rule id is an error that
suggests the nearest known id -- a typo must never silently disable a check.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

from svccheck.errors import ConfigError
from svccheck.hookspecs import hookimpl
from svccheck.model import Severity
from svccheck.quoting import brief, named
from svccheck.regular_files import require_regular
from svccheck.rule import Rule
from svccheck.schemas import load_schema, validate_document
from svccheck.yamlsource import YamlDocument, load_yaml

SHIPPED_DIR = Path(str(resources.files("svccheck").joinpath("data", "standards")))


@hookimpl
def svccheck_standards() -> list[Path]:
    return [SHIPPED_DIR]


@dataclass
class RuleSetting:
    """One rule entry as written in a standard (after ``extends`` merging)."""

    enabled: bool = True
    severity: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    clause: str | None = None
    has_clause: bool = False
    note: str | None = None
    #: Where the entry was last set, for error messages.
    doc: YamlDocument | None = None
    path: tuple[str | int, ...] = ()


@dataclass
class Standard:
    """A loaded standard with its ``extends`` chain merged in."""

    id: str
    title: str | dict[str, str]
    version: str
    path: Path
    chain: list[tuple[str, str]]
    calendar: dict[str, Any]
    rules: dict[str, RuleSetting]
    #: Rules (ids, families or ``all``) that must judge all they are given:
    #: this standard's ``require`` and those of the standards it extends.
    require: list[str] = field(default_factory=list)

    def title_in(self, lang: str) -> str:
        if isinstance(self.title, dict):
            return self.title.get(lang) or next(iter(self.title.values()))
        return self.title


@dataclass
class ActiveRule:
    """A rule as it will run: declaration plus the standard's resolved settings."""

    rule: Rule
    severity: Severity
    params: dict[str, Any]
    clause: str | None
    #: Why the rule cannot run in this audit at all (selected by family, but
    #: it has no defaults for parameters only a standard can give), or None.
    blocked: str | None = None


def available_standards(dirs: list[Path]) -> dict[str, Path]:
    """Standard id → file, from every standards directory (later dirs do not override)."""
    found: dict[str, Path] = {}
    for directory in dirs:
        if directory.is_dir():
            for path in sorted(directory.glob("*.y*ml")):
                found.setdefault(path.stem, path)
    return found


def find_standard(ref: str, dirs: list[Path], relative_to: Path | None = None) -> Path:
    """Resolve a standard reference: a shipped id, or a path to a YAML file."""
    as_path = Path(ref)
    if relative_to is not None and not as_path.is_absolute():
        candidate = relative_to / as_path
        if candidate.suffix in (".yaml", ".yml") or candidate.exists():
            as_path = candidate
    if as_path.suffix in (".yaml", ".yml") or as_path.exists():
        require_regular(as_path, "standard", ConfigError)
        if not as_path.is_file():
            raise ConfigError(f"{as_path}: standard file not found")
        return as_path
    known = available_standards(dirs)
    if ref in known:
        return known[ref]
    hint = difflib.get_close_matches(ref, list(known), n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    raise ConfigError(
        f"unknown standard {named(ref)}{suggestion} (known: {', '.join(sorted(known)) or 'none'};"
        " or give a path to a .yaml file)"
    )


def _inside_allowed(real: Path, directory: Path, dirs: list[Path], what: str) -> None:
    """Refuse a file a standard names outside its own directory and the standards directories.

    ``extends: /etc/shadow`` or ``extends: ../../other/file`` in a standard
    from an untrusted checkout made svccheck read any file the user can
    read, and its error quoted the file's lines. A standard reaches only
    files beside it (subdirectories included) and the standards directories
    (shipped, plugins'); symlinks count where they point. A file anywhere
    else can still be used by passing it with ``--standard``.
    """
    allowed = [directory.resolve(), *(d.resolve() for d in dirs)]
    if not any(real.is_relative_to(base) for base in allowed):
        raise ConfigError(
            f"{real} is outside the directory of the standard that names it "
            f"({allowed[0]}) and the standards directories; {what} from there "
            "(copy the file beside the standard, or pass a standard with --standard)"
        )


def _merge_calendar(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        if key == "working_hours" and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        elif key in ("closed_dates", "working_dates"):
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = value
    return merged


def _merge_rule(
    base: RuleSetting | None, entry: Any, doc: YamlDocument, path: tuple[str | int, ...]
) -> RuleSetting:
    setting = RuleSetting() if base is None else RuleSetting(**base.__dict__)
    setting.params = dict(setting.params)
    setting.doc, setting.path = doc, path
    if isinstance(entry, bool):
        setting.enabled = entry
    elif isinstance(entry, dict):
        setting.enabled = entry.get("enabled", True)
        setting.severity = entry.get("severity", setting.severity)
        setting.params.update(entry.get("params") or {})
        if "clause" in entry:
            setting.clause, setting.has_clause = entry["clause"], True
        setting.note = entry.get("note", setting.note)
    else:  # null: enabled with defaults
        setting.enabled = True
    return setting


def load_standard(ref: str, dirs: list[Path], _seen: tuple[Path, ...] = (),
                  _relative_to: Path | None = None) -> Standard:
    """Load a standard by id or path, following ``extends`` (cycles are an error).

    A standard named in ``extends`` (``_relative_to`` is then the extending
    standard's directory) must lie in that directory or in a standards
    directory (:func:`_inside_allowed`); the one the user names may be anywhere.
    """
    path = find_standard(ref, dirs, _relative_to)  # as the user wrote it, for messages
    real = path.resolve()
    if _relative_to is not None:
        _inside_allowed(real, _relative_to, dirs, "a standard extends only files")
    if real in _seen:
        cycle = " → ".join(p.name for p in (*_seen, real))
        raise ConfigError(f"{path}: standards extend each other in a cycle: {cycle}")
    doc = load_yaml(path, "standard")
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{path}: a standard must be a YAML mapping with id, title, version")
    validate_document(doc.data, load_schema("standard"), doc)
    data = doc.data

    parents = data.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    calendar: dict[str, Any] = {}
    rules: dict[str, RuleSetting] = {}
    chain: list[tuple[str, str]] = []
    require: list[str] = []
    for index, parent_ref in enumerate(parents):
        try:
            parent = load_standard(parent_ref, dirs, (*_seen, real), path.parent)
        except ConfigError as exc:
            where = doc.where(("extends", index) if isinstance(data["extends"], list)
                              else ("extends",))
            raise ConfigError(*exc.within(f"{where}: in extends {named(parent_ref)}: ")) from None
        calendar = _merge_calendar(calendar, parent.calendar)
        for rule_id, setting in parent.rules.items():
            rules[rule_id] = setting
        chain.extend(parent.chain)
        require.extend(r for r in parent.require if r not in require)

    own_calendar = dict(data.get("calendar") or {})
    if "file" in own_calendar:
        calendar_file = (path.parent / own_calendar["file"]).resolve()
        try:
            _inside_allowed(calendar_file, path.parent, dirs, "a calendar file is read only")
        except ConfigError as exc:
            raise ConfigError(*exc.within(f"{doc.where(('calendar', 'file'))}: calendar.file "
                                          f"{brief(own_calendar['file'])}: ")) from None
        own_calendar["file"] = str(calendar_file)
    calendar = _merge_calendar(calendar, own_calendar)
    tz = calendar.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{doc.where(('calendar', 'timezone'))}: calendar.timezone: "
                f"{brief(tz)} is not an IANA time zone (e.g. Asia/Shanghai)"
            ) from None
    for rule_id, entry in (data.get("rules") or {}).items():
        rules[rule_id] = _merge_rule(rules.get(rule_id), entry, doc, ("rules", rule_id))
    chain.append((str(data["id"]), str(data["version"])))
    return Standard(
        id=str(data["id"]),
        title=data["title"],
        version=str(data["version"]),
        path=path,
        chain=chain,
        calendar=calendar,
        rules=rules,
        require=[*require, *(r for r in data.get("require") or [] if r not in require)],
    )


def resolve_rules(standard: Standard, known: dict[str, Rule]) -> list[ActiveRule]:
    """Check every rule entry against the loaded rules and their parameter schemas."""
    active: list[ActiveRule] = []
    for rule_id, setting in standard.rules.items():
        doc = setting.doc
        assert doc is not None
        rule = known.get(rule_id)
        if rule is None:
            hint = difflib.get_close_matches(rule_id, list(known), n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ConfigError(
                f"{doc.where(setting.path)}: unknown rule {named(rule_id)}{suggestion} "
                "(svccheck rules lists the loaded rules)"
            )
        if not setting.enabled:
            continue
        params = {**rule.default_params(), **setting.params}
        validate_document(
            params, rule.params_schema, doc, (*setting.path, "params"),
            what=f"rule {rule_id} parameter",
        )
        severity = Severity.parse(setting.severity) if setting.severity else rule.severity
        clause = setting.clause if setting.has_clause else rule.clause
        active.append(ActiveRule(rule=rule, severity=severity, params=params, clause=clause))
    return active


def with_defaults(rule: Rule, why: str, strict: bool = True) -> ActiveRule:
    """A rule run with its default parameters (no standard entry for it).

    A rule without defaults for a required parameter is an error when it
    was named alone (``strict``); selected with its family, it is listed as
    not evaluated with the reason instead, so the rest of the family runs.
    """
    params = rule.default_params()
    errors = list(jsonschema.Draft202012Validator(rule.params_schema).iter_errors(params))
    if errors:
        problem = (f"the rule has no defaults for its parameters ({errors[0].message}); "
                   "enable it in a standard with its params")
        if strict:
            raise ConfigError(f"{why} {rule.id}: {problem}")
        return ActiveRule(rule=rule, severity=rule.severity, params=params, clause=rule.clause,
                          blocked=problem)
    return ActiveRule(rule=rule, severity=rule.severity, params=params, clause=rule.clause)
