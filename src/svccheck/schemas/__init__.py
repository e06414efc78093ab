"""The JSON Schemas shipped with svccheck, and validation with located errors.

Schemas are data files in this package so that other tools (exporters, CI
dashboards) can use exactly what svccheck validates against
(``svccheck schema NAME`` prints one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from svccheck.errors import ConfigError
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
    """A human sentence for one jsonschema error.

    A schema may word its own error (``"x-error": "..."``) where the generic
    one would not tell the reader what to write instead.
    """
    custom = error.schema.get("x-error") if isinstance(error.schema, dict) else None
    if custom:
        return f"{error.instance!r}: {custom}"
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key(s)")
    if error.validator == "type" and isinstance(error.instance, bool):
        return (f"{error.message} (YAML reads unquoted yes/no/on/off as true/false: "
                "quote the value)")
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def path_text(path: Iterable[str | int]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in path]
    return ".".join(parts).replace(".[", "[") or "(top level)"


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
    for error in errors:
        best = jsonschema.exceptions.best_match([error])
        path = (*base, *best.absolute_path)
        if "propertyNames" in best.absolute_schema_path:  # the key itself is wrong
            path = (*path, best.instance)
        prefix = f"{what} " if what else ""
        lines.append(f"{doc.where(path)}: {prefix}{path_text(path)}: {describe(best)}")
    raise ConfigError("\n".join(lines))
