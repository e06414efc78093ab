"""``--format json``: the machine-readable contract of DESIGN.md."""

from __future__ import annotations

import json

from svccheck.hookspecs import hookimpl
from svccheck.report.base import Report


class JsonReporter:
    name = "json"
    description = "one JSON object: tool, standards, inputs, summary, violations"

    def render(self, report: Report) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def svccheck_reporters() -> list[JsonReporter]:
    return [JsonReporter()]
