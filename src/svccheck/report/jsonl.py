"""``--format jsonl``: one finding a line, for large runs.

A million findings as one JSON document must be parsed whole before the
first one can be used; as JSON Lines they stream through ``jq``, ``grep``,
a log shipper or ``polars.scan_ndjson``. Each line is exactly one object of
the JSON report's ``violations`` list (same keys, same contract); waived and
baselined findings are left out like there, and the verdict is the exit
code. Use ``--format json`` when the summary is needed as well.
"""

from __future__ import annotations

import json

from svccheck.hookspecs import hookimpl
from svccheck.report.base import CONTEXT, FINDING_FIELDS, Report
from svccheck.report.json_report import frame_json_lines


class JsonlReporter:
    name = "jsonl"
    description = "one JSON object per active finding, one per line (JSON Lines)"

    def render(self, report: Report) -> str:
        # polars writes the lines when every column is flat (the usual case)
        lines = frame_json_lines(report.findings.select([*FINDING_FIELDS, *CONTEXT]))
        if lines is not None:
            return lines
        return "".join(
            json.dumps(item, ensure_ascii=False) + "\n" for item in report.violation_dicts()
        )


@hookimpl
def svccheck_reporters() -> list[JsonlReporter]:
    return [JsonlReporter()]
