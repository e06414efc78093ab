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
from collections.abc import Iterator

from svccheck.engines.findings_frame import slices
from svccheck.hookspecs import hookimpl
from svccheck.report.base import CONTEXT, FINDING_FIELDS, Report
from svccheck.report.json_report import frame_json_lines

#: Findings written at a time: the text of a million at once would take
#: gigabytes, a slice of them a few megabytes.
SLICE = 20_000


class JsonlReporter:
    name = "jsonl"
    description = "one JSON object per active finding, one per line (JSON Lines)"
    #: Reads findings a slice at a time: a streamed run's stay on disk.
    streams_findings = True

    def render(self, report: Report) -> str:
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """The report's text piece by piece, as ``--output`` writes it."""
        for part in slices(report.findings.select([*FINDING_FIELDS, *CONTEXT]), SLICE):
            # polars writes the lines when every column is flat (the usual case)
            lines = frame_json_lines(part)
            if lines is None:
                lines = "".join(json.dumps(item, ensure_ascii=False) + "\n"
                                for item in report.violation_dicts(part))
            yield lines


@hookimpl
def svccheck_reporters() -> list[JsonlReporter]:
    return [JsonlReporter()]
