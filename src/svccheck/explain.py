"""``svccheck explain`` and ``svccheck rules --format json``: rules described for people and tools.

A rule's parameters are JSON Schema, which is exact but not what a QA lead
or a plugin author wants to read before tuning a standard. ``explain``
shows them as a table -- name, default, what it accepts -- in words
(``a number from 0 to 1``; ``per priority: a duration on the working or
calendar clock``), with durations as ``30 minutes (calendar)``.
``explain FAMILY`` lists the family's rules; ``rules --format json`` gives
every rule's metadata to a script.
"""

from __future__ import annotations

import inspect
import json
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from tabulate import tabulate

from svccheck.model import ENUMS
from svccheck.rule import Rule

_UNITS = ("seconds", "minutes", "hours", "days")
#: Width of the default and "accepts" columns before they wrap.
_WIDTH = 44


def _is_duration(spec: Mapping[str, Any]) -> bool:
    props = spec.get("properties", {})
    return "clock" in props and any(u in props for u in _UNITS)


def accepts(spec: Mapping[str, Any]) -> str:
    """What a parameter's schema accepts, in words."""
    if "enum" in spec:
        return "one of " + ", ".join(str(v) for v in spec["enum"])
    kind = spec.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else kind
    if _is_duration(spec):
        return "a duration: seconds, minutes, hours or days, on the working or calendar clock"
    if kind in ("number", "integer"):
        noun = "a whole number" if kind == "integer" else "a number"
        low = spec.get("minimum", spec.get("exclusiveMinimum"))
        high = spec.get("maximum", spec.get("exclusiveMaximum"))
        if low is not None and high is not None:
            return f"{noun} from {low:g} to {high:g}"
        if low is not None:
            return f"{noun} of at least {low:g}" if "minimum" in spec else f"{noun} over {low:g}"
        if high is not None:
            return f"{noun} of at most {high:g}"
        return noun
    if kind == "boolean":
        return "true or false"
    if kind == "string":
        return "text"
    if kind == "array":
        items = spec.get("items", {})
        inner = accepts(items) if isinstance(items, Mapping) and items else "values"
        if inner.startswith("one of "):
            return "a list of: " + inner.removeprefix("one of ")
        return "a list, each " + inner
    if kind == "object" or "properties" in spec or "additionalProperties" in spec:
        keys = spec.get("propertyNames", {}).get("enum")
        value = spec.get("additionalProperties")
        if keys and isinstance(value, Mapping):
            # keys that are a canonical vocabulary are named by it: "per priority"
            what = next((name for name, values in ENUMS.items() if set(values) == set(keys)),
                        "key")
            return f"per {what} ({', '.join(keys)}): {accepts(value)}"
        if isinstance(value, Mapping) and value:
            return f"per name: {accepts(value)}"
        props = spec.get("properties", {})
        if props:
            return "an object with " + ", ".join(props)
        return "an object"
    return json.dumps(spec, ensure_ascii=False)


def shown(value: Any) -> str:
    """A default value, short: durations in words, lists comma-separated."""
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        unit = next((u for u in _UNITS if u in value), None)
        if unit is not None and "clock" in value:
            amount = value[unit]
            name = unit.removesuffix("s") if amount == 1 else unit
            return f"{amount:g} {name} ({value['clock']})"
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parameter_table(rule: Rule) -> str:
    """The rule's parameters as a text table (``parameters: none`` when it has none)."""
    props = rule.params_schema.get("properties", {})
    if not props:
        return "parameters: none"
    rows = [[name, textwrap.fill(shown(spec.get("default")), _WIDTH),
             textwrap.fill(accepts(spec), _WIDTH)] for name, spec in props.items()]
    return "parameters:\n" + textwrap.indent(
        tabulate(rows, headers=["parameter", "default", "accepts"], tablefmt="simple",
                 disable_numparse=True), "  ")


def explain_rule(rule: Rule, lang: str) -> str:
    """``svccheck explain RULE``: what the rule checks, where from, and how to tune it."""
    needs = [*rule.requires, *(f"any of {', '.join(rule.requires_any)}",)
             * bool(rule.requires_any)]
    if rule.needs_events:
        needs.append("messages/events")
    kind = "columnar (polars)" if rule.check is not None else "per ticket"
    lines = [
        f"{rule.id} — {rule.title_in(lang)}",
        f"  {rule.title.get('zh', '')} / {rule.title.get('en', '')}",
        f"severity: {rule.severity}    clause: {rule.clause or '-'}    plugin: {rule.plugin}",
        f"check: {kind}",
        f"needs: {', '.join(needs) if needs else '-'}",
        "",
        textwrap.indent(inspect.cleandoc(rule.doc or "") or "(no documentation)", "  "),
        "",
        parameter_table(rule),
    ]
    return "\n".join(lines) + "\n"


def explain_family(family: str, rules: Iterable[Rule], lang: str) -> str:
    """``svccheck explain FAMILY``: the family's rules, one line each."""
    members = sorted((r for r in rules if r.id.split(".", 1)[0] == family), key=lambda r: r.id)
    rows = [[r.id, str(r.severity), r.title_in(lang), r.clause or "-"] for r in members]
    return (f"{family}: {len(members)} rule(s)\n"
            + tabulate(rows, headers=["rule", "severity", "title", "clause"], tablefmt="simple")
            + f"\n\nsvccheck explain {members[0].id if members else 'RULE'} shows one in full.\n")


def rule_json(rule: Rule, *, severity: str | None = None, clause: str | None = None,
              params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One rule's metadata for ``svccheck rules --format json``."""
    return {
        "id": rule.id,
        "family": rule.id.split(".", 1)[0],
        "severity": severity or str(rule.severity),
        "title": dict(rule.title),
        "clause": clause if clause is not None else rule.clause,
        "plugin": rule.plugin,
        "check": "columnar" if rule.check is not None else "per_ticket",
        "requires": list(rule.requires),
        "requires_any": list(rule.requires_any),
        "needs_events": bool(rule.needs_events),
        "params": dict(params) if params is not None else rule.default_params(),
    }
