"""Helpdesk API envelopes: which records a JSON document holds, and what they are.

A helpdesk answers every API call with its records wrapped in an envelope
that names them -- Zendesk ``{"tickets": [...], "next_page": ...}``,
``{"comments": [...]}``, ``{"users": [...]}``, ``{"ticket": {...}}``,
``{"results": [...]}``, ``{"audits": [...]}``, ``{"ticket_metrics": [...]}``;
OTRS/Znuny ``{"Ticket": [...]}`` -- or returns a bare array (Freshdesk,
Zammad). Saved as files, those envelopes are the only place that says
whether a file holds tickets, comments, users or metrics, so they are read
here, once, into a :class:`Envelope`: the records, their kind, and the other
arrays of objects beside them (sideloads such as ``users``, ``groups``),
which profiles may look authors up in.

Kinds: ``tickets``, ``events`` (comments, articles, conversations), ``users``
(users, agents) and ``metrics`` (per-ticket measures). A bare array has no
kind of its own (``None``): the profile tells from its records' fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("tickets", "events", "users", "metrics")

#: Envelope key -> kind of the records under it, in the order they are
#: looked for: a ticket document with a ``users`` sideload is tickets.
ENVELOPES: dict[str, str] = {
    "tickets": "tickets",
    "ticket": "tickets",
    "Ticket": "tickets",
    "results": "tickets",
    "comments": "events",
    "audits": "events",
    "ticket_metrics": "metrics",
    "ticket_metric": "metrics",
    "users": "users",
}
#: Zendesk audit events that are the conversation: a comment (public reply or
#: internal note). Notifications, field changes and the like are not.
COMMENT_EVENTS = ("Comment", "VoiceComment")
#: Keys copied from an audit onto each of its comment events (the event has
#: no time or ticket of its own).
_AUDIT_KEYS = (("ticket_id", "ticket_id"), ("created_at", "created_at"), ("id", "audit_id"))


@dataclass
class Envelope:
    """The records of one JSON document and what they are."""

    items: list[Any]
    #: ``tickets``, ``events``, ``users``, ``metrics``, or None (a bare array).
    kind: str | None = None
    #: The envelope key the records came from (None for a bare array).
    key: str | None = None
    #: Other arrays of objects of the document, by key (sideloads).
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class NotAnEnvelope(ValueError):
    """The document holds no records svccheck knows how to read; the message says why."""


def unwrap(document: Any) -> Envelope:
    """The records of a parsed JSON document, their kind, and the sideloaded arrays."""
    if isinstance(document, list):
        return Envelope(items=document)
    if not isinstance(document, dict):
        raise NotAnEnvelope(f"found a single {json_type(document)}")
    key = next((k for k in ENVELOPES if _holds_records(document.get(k))), None)
    if key is None:
        raise NotAnEnvelope(_no_records(document))
    value = document[key]
    items = [value] if isinstance(value, dict) else list(value)
    if key == "audits":
        items = comment_events(items)
    elif key == "results":  # a search may mix users and organizations into its results
        items = [i for i in items if not isinstance(i, dict)
                 or i.get("result_type") in (None, "ticket")]
    tables = {k: v for k, v in document.items()
              if k != key and isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
    return Envelope(items=items, kind=ENVELOPES[key], key=key, tables=tables)


def comment_events(audits: list[Any]) -> list[Any]:
    """The comment events of Zendesk audits, each with its audit's ticket and time.

    An audit is one update of a ticket; its ``events`` list what changed. A
    ``Comment`` event is a public reply or an internal note; ``Notification``
    events are the e-mails triggers send (not the agent's words), and the
    rest are field changes -- none of them are part of the conversation.
    """
    found: list[Any] = []
    for audit in audits:
        if not isinstance(audit, dict):
            found.append(audit)  # reported by the reader as not an object
            continue
        for event in audit.get("events") or []:
            if isinstance(event, dict) and event.get("type") in COMMENT_EVENTS:
                found.append({**{to: audit.get(src) for src, to in _AUDIT_KEYS}, **event})
    return found


def _holds_records(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and all(isinstance(i, dict) for i in value)


def _no_records(document: dict[str, Any]) -> str:
    keys = ", ".join(str(key) for key in list(document)[:10]) or "none"
    ids = document.get("TicketID")
    if isinstance(ids, list) and all(isinstance(i, str | int) for i in ids):
        return ("it lists ticket ids only (an OTRS TicketSearch response); save the "
                "TicketGet response with AllArticles=1 instead")
    known = ", ".join(f'"{k}"' for k in ENVELOPES)
    return (f'this object has no "tickets" array (its keys: {keys}); a helpdesk envelope '
            f"holds one of {known}")


def json_type(value: Any) -> str:
    """A JSON value's type as the JSON specification names it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
