"""``--format json``: the machine-readable contract of DESIGN.md.

The document is ``json.dumps(report.to_dict(), ensure_ascii=False,
indent=2)``, byte for byte. With ``indent`` the standard library falls back
to its pure-Python encoder, which spent five seconds on the 120k findings of
a million-ticket run (bench/bench_scale.py); so the ``violations`` list --
flat objects of strings, integers and nulls -- is written by polars from the
findings frame, in exactly the layout ``indent=2`` gives, and spliced into
the rest of the document, which the standard encoder still writes. Polars'
JSON string escaping is the standard library's (``"``, ``\\`` and control
characters only; tests/report/test_json_layout.py holds it to that).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report

#: Stands in for the findings while the rest of the document is encoded.
_PLACEHOLDER = "\x00svccheck-violations\x00"
#: The top-level key as ``indent=2`` writes it (nested keys are indented further).
_KEY_LINE = '\n  "violations": '


def _scalar(value: Any) -> str | None:
    """A flat value as the JSON encoder writes it; None for anything else."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return None


def _violations(items: list[dict[str, Any]]) -> str | None:
    """The findings list as ``indent=2`` writes it at depth one; None if not flat."""
    if not items:
        return "[]"
    objects: list[str] = []
    for item in items:
        lines: list[str] = []
        for key, value in item.items():
            text = _scalar(value)
            if text is None or not isinstance(key, str):
                return None
            lines.append(f"      {encode_basestring(key)}: {text}")
        objects.append("    {\n" + ",\n".join(lines) + "\n    }" if lines else "    {}")
    return "[\n" + ",\n".join(objects) + "\n  ]"


def _encoded(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """A column's values as JSON text (``null`` for null); None for other types."""
    if dtype == pl.String:
        # {"name":value} -> value: the key is escaped the same way on both sides
        prefix = len(encode_basestring(name)) + 2
        return pl.struct(pl.col(name)).struct.json_encode().str.slice(prefix).str.head(-1)
    if dtype.is_integer():
        return pl.col(name).cast(pl.String).fill_null("null")
    return None


def frame_violations(frame: pl.DataFrame) -> str | None:
    """``frame.to_dicts()`` as ``indent=2`` writes it at depth one; None if not flat."""
    if frame.height == 0:
        return "[]"
    pieces: list[pl.Expr | str] = []
    for n, (name, dtype) in enumerate(frame.schema.items()):
        value = _encoded(name, dtype)
        if value is None:
            return None
        pieces += [("    {\n" if n == 0 else ",\n") + f"      {encode_basestring(name)}: ", value]
    if not pieces:
        return None
    items = frame.select(pl.concat_str([pl.lit(p) if isinstance(p, str) else p
                                        for p in [*pieces, "\n    }"]]).str.join(",\n"))
    return "[\n" + items.item() + "\n  ]"


def frame_json_lines(frame: pl.DataFrame) -> str | None:
    """Each row as ``json.dumps(row, ensure_ascii=False)`` writes it, one a line.

    For ``--format jsonl``: the standard encoder called once per finding
    cost more than the whole JSON report. None if a column is not flat.
    """
    if frame.height == 0:
        return ""
    pieces: list[pl.Expr | str] = []
    for n, (name, dtype) in enumerate(frame.schema.items()):
        value = _encoded(name, dtype)
        if value is None:
            return None
        pieces += [("{" if n == 0 else ", ") + f"{encode_basestring(name)}: ", value]
    if not pieces:
        return None
    lines = frame.select(pl.concat_str([pl.lit(p) if isinstance(p, str) else p
                                        for p in [*pieces, "}"]]).str.join("\n"))
    return lines.item() + "\n"


def render_json(data: dict[str, Any], violations: str | None = None) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, fast for the findings list.

    ``violations``, when given, is ``data["violations"]`` already written
    (:func:`frame_violations`).
    """
    listed = violations
    if listed is None:
        items = data.get("violations")
        listed = _violations(items) if isinstance(items, list) else None
    if listed is None:
        return json.dumps(data, ensure_ascii=False, indent=2)
    head = json.dumps({**data, "violations": _PLACEHOLDER}, ensure_ascii=False, indent=2)
    marker = _KEY_LINE + encode_basestring(_PLACEHOLDER)
    return head.replace(marker, _KEY_LINE + listed, 1)


class JsonReporter:
    name = "json"
    description = "one JSON object: tool, standards, inputs, summary, violations"

    def render(self, report: Report) -> str:
        # the same frame Report.violation_dicts turns into the "violations" list
        listed = frame_violations(report.findings.select(report.violation_columns()))
        return render_json(report.to_dict(violations=listed is None), listed) + "\n"


@hookimpl
def svccheck_reporters() -> list[JsonReporter]:
    return [JsonReporter()]
