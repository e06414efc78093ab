"""The published JSON Schemas say exactly what the canonical model reads.

``svccheck schema ticket|event`` is what an export is produced to, and a
profile may only name canonical fields: when a field is added to the model,
all three must learn it, with the same type and the same closed vocabulary.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from svccheck.model import ENUMS, EVENT_FIELDS, TICKET_FIELDS, FieldType
from svccheck.schemas import load_schema

#: What each field type looks like in a schema (every field may be null).
SHAPES: dict[str, dict[str, Any]] = {
    "string": {"type": ["string", "null"]},
    "timestamp": {"type": ["string", "null"], "format": "date-time"},
    "integer": {"type": ["integer", "null"]},
    "boolean": {"type": ["boolean", "null"]},
}


def _check_fields(schema: dict[str, Any], fields: dict[str, FieldType], nested: set[str]):
    props = schema["properties"]
    assert set(props) - nested == set(fields)
    for name, kind in fields.items():
        if kind == "enum":
            assert props[name]["enum"] == [*ENUMS[name], None], name
        elif kind in SHAPES:
            shown = {k: props[name][k] for k in SHAPES[kind] if k in props[name]}
            assert shown == SHAPES[kind], name
        else:
            assert kind == "timestamp_list", f"{name}: no schema shape for {kind}"


def test_ticket_schema_matches_the_model():
    _check_fields(load_schema("ticket"), TICKET_FIELDS, nested={"messages", "events"})


def test_event_schema_matches_the_model():
    _check_fields(load_schema("event"), EVENT_FIELDS, nested=set())


def test_profile_schema_accepts_exactly_the_canonical_fields():
    profile = load_schema("profile")
    tickets = profile["properties"]["fields"]["propertyNames"]["enum"]
    events = profile["properties"]["events"]["properties"]["fields"]["propertyNames"]["enum"]
    assert set(tickets) == set(TICKET_FIELDS)
    assert set(events) == set(EVENT_FIELDS)


@pytest.mark.parametrize(("value", "valid"), [
    (["2025-03-01T00:00:00+08:00", "2026-03-01T00:00:00+08:00"], True),
    ("2025-03-01；2026-03-01", True),  # one cell, as a spreadsheet holds it
    (None, True),
    (20250301, False),
    ([20250301], False),
])
def test_premium_due_dates_are_a_list_or_one_cell(value, valid):
    schema = load_schema("ticket")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(
        {"id": "P1", "signed_at": "2024-03-01T00:00:00+08:00", "premium_due_dates": value}))
    assert (not errors) is valid


def test_a_record_is_a_ticket_or_a_policy():
    validator = jsonschema.Draft202012Validator(load_schema("ticket"))
    assert validator.is_valid({"id": "T1", "created_at": "2025-03-01T09:00:00+08:00"})
    assert validator.is_valid({"id": "P1", "signed_at": "2024-03-01T00:00:00+08:00"})
    assert not validator.is_valid({"id": "X1", "status": "open"})
