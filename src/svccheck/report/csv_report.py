"""``--format csv``: one finding a row, for the spreadsheet a QA lead already uses.

Columns are the JSON contract's finding fields, then the ticket context
(assignee, channel, day), then ``status`` (``active`` or ``waived``) and the
waiver's reason and owner, so one sheet answers "what is open, and what did
we accept". Baselined findings are left out, as everywhere.

Written as UTF-8 *with* a byte-order mark: without it Excel opens Chinese
text as mojibake, and every CSV reader worth using skips the mark.

Cells are neutralised against spreadsheet formula injection (CWE-1236): a
message quotes values straight from a customer's ticket, and a cell starting
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
spreadsheets strip before looking) would be evaluated as a formula when the
file is opened. Such a cell gets a leading ``'``, the spreadsheet convention
for "this is text"; the value is otherwise unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from svccheck.engines.findings_frame import slices
from svccheck.hookspecs import hookimpl
from svccheck.report.base import CONTEXT, FINDING_FIELDS, Report

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Findings written at a time (see the JSON Lines reporter).
SLICE = 20_000
COLUMNS: tuple[str, ...] = (*FINDING_FIELDS, *CONTEXT, "status", "waiver_reason",
                            "waiver_owner")


def neutralise(value: Any) -> str:
    """A cell's text, made inert if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvReporter:
    name = "csv"
    description = "one finding per row (UTF-8 with BOM; formula-injection safe)"
    #: Reads findings a slice at a time: a streamed run's stay on disk.
    streams_findings = True

    def render(self, report: Report) -> str:
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """The report's text piece by piece, as ``--output`` writes it."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        first = True
        for part in slices(report.findings, SLICE):
            for item in report.violation_dicts(part):
                writer.writerow([neutralise(item.get(c)) for c in COLUMNS[:-3]]
                                + ["active", "", ""])
            yield ("\ufeff" if first else "") + buffer.getvalue()
            first = False
            buffer.seek(0)
            buffer.truncate()
        for item in report.waived_dicts():
            waiver = item["waiver"]
            writer.writerow([neutralise(item.get(c)) for c in COLUMNS[:-3]]
                            + ["waived", neutralise(waiver["reason"]),
                               neutralise(waiver["owner"])])
        yield ("\ufeff" if first else "") + buffer.getvalue()


@hookimpl
def svccheck_reporters() -> list[CsvReporter]:
    return [CsvReporter()]
