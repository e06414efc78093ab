"""The JSON Schemas shipped with svccheck, and validation with located errors.

Schemas are data files in this package so that other tools (exporters, CI
dashboards) can use exactly what svccheck validates against
(``svccheck schema NAME`` prints one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from svccheck.errors import ConfigError
from svccheck.quoting import ERRORS, brief, brief_list, key_path
from svccheck.yamlsource import YamlDocument

SCHEMA_NAMES: tuple[str, ...] = (
    "ticket", "event", "standard", "profile", "report", "waivers",
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A shipped schema by short name (``ticket``, ``standard``, ...)."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def describe(error: ValidationError) -> str:
    """A human sentence for one jsonschema error, quoting the value briefly.

    jsonschema's own message quotes the whole value (``repr``), and the value
    may be a whole file read as YAML (:mod:`svccheck.quoting`). A schema may
    word its own error (``"x-error": "..."``) where the generic one would not
    tell the reader what to write instead.
    """
    instance = error.instance
    custom = error.schema.get("x-error") if isinstance(error.schema, dict) else None
    if custom:
        return f"{brief(instance)}: {custom}"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        patterns = (error.schema.get("patternProperties", {})
                    if isinstance(error.schema, dict) else {})
        extra = [k for k in instance if k not in known
                 and not any(re.search(p, str(k)) for p in patterns)]
        verb = "was" if len(extra) == 1 else "were"
        return f"unknown key(s) ({brief_list(extra)} {verb} unexpected)"
    if error.validator == "type":
        expected = error.validator_value
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        message = f"{brief(instance)} is not of type {wanted!r}"
        if isinstance(instance, bool):
            message += " (YAML reads unquoted yes/no/on/off as true/false: quote the value)"
        return message
    if error.validator == "enum":
        return f"{brief(instance)} is not one of {', '.join(map(str, error.validator_value))}"
    message = error.message.replace(repr(instance), brief(instance))
    return message if len(message) <= 200 else message[:199] + "…"


def path_text(path: Iterable[str | int]) -> str:
    """Where in the document, keys cut short (:func:`svccheck.quoting.key_path`)."""
    return key_path(path)


def validate_document(
    instance: Any,
    schema: Mapping[str, Any],
    doc: YamlDocument,
    base: tuple[str | int, ...] = (),
    what: str = "",
) -> None:
    """Validate ``instance`` (found at ``base`` in ``doc``); raise one ConfigError for all errors.

    Each error line names the file, the line, the path inside the document
    and what is wrong.
    """
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    if not errors:
        return
    lines = []
    for error in errors[:ERRORS]:
        best = jsonschema.exceptions.best_match([error])
        path = (*base, *best.absolute_path)
        if "propertyNames" in best.absolute_schema_path:  # the key itself is wrong
            path = (*path, best.instance)
        prefix = f"{what} " if what else ""
        lines.append(f"{doc.where(path)}: {prefix}{path_text(path)}: {describe(best)}")
    if len(errors) > ERRORS:
        lines.append(f"{doc.path}: and {len(errors) - ERRORS} more error(s)")
    raise ConfigError(*lines)
