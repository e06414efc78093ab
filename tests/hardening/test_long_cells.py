"""An over-long cell is one bad row, whatever else is wrong with the file.

A row with damage the fast columnar parser does not take (a NUL byte, a
stray quote, a ``sep=`` line, a non-UTF-8 encoding) sends the file to the
exact parser, whose field limit was ``--max-cell-bytes``: one over-long
cell elsewhere then refused the *whole file* as "probably a quote that is
never closed". Only a quote really never closed may refuse a file; an
over-long cell is a ``record.readable-row`` finding on its row and the
other rows are audited.

Every fixture holds ticket T9 (category ``other``): when T9 is reported,
the rows after the damage were audited.
"""

from __future__ import annotations

import pytest

HEADER = "id,customer_id,category,description,priority,status,created_at,assignee"
LIMIT = 1000


def row(ticket: str, description: str = "x", category: str = "problem", sep: str = ",") -> str:
    return sep.join([ticket, "C1", category, description, "normal", "open", "2025-10-09 09:00",
                     "amy"])


LONG = row("T2", "很长的描述" * 100)  # 1,500 bytes of UTF-8: over the limit
T9 = row("T9", category="other")
LONG_ROW = (3, "field 'description' is 1,500 bytes, over --max-cell-bytes 1,000")

CASES = {
    "NUL byte": ([HEADER, row("T1", "a\x00b"), LONG, T9], "utf-8",
                 [(2, "row contains NUL bytes"), LONG_ROW]),
    "stray quote inside a cell": ([HEADER, row("T1", 'he said "hi'), LONG, T9], "utf-8",
                                  [LONG_ROW]),
    "quoted cell with doubled quotes": ([HEADER, row("T1", '"say ""hi"", then go"'), LONG, T9],
                                        "utf-8", [LONG_ROW]),
    "multi-line quoted cell": ([HEADER, row("T1", '"line one\nline two"'), LONG, T9], "utf-8",
                               [LONG_ROW]),
    "sep= line": (["sep=,", HEADER, row("T1"), LONG, T9], "utf-8", [LONG_ROW]),
    "GB18030 export": ([HEADER, row("T1"), LONG, T9], "gb18030",
                       [(3, "field 'description' is 1,500 bytes")]),
    "ragged row": ([HEADER, "T1,C1", LONG, T9], "utf-8",
                   [(2, "row has 2 fields, the header has 8"), LONG_ROW]),
}


@pytest.mark.parametrize("engine", ["memory", "stream"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_long_cell_beside_other_damage_is_one_bad_row(svccheck, tmp_path, case, engine):
    lines, encoding, bad_rows = CASES[case]
    path = tmp_path / "t.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--max-cell-bytes", str(LIMIT), "--engine", engine)

    assert run.code == 1, run.err
    assert run.err == ""
    unreadable = [(f["row"], f["message"]) for f in run.findings("record.readable-row")]
    assert [r for r, _ in unreadable] == [r for r, _ in bad_rows]
    for (_, message), (_, expected) in zip(unreadable, bad_rows, strict=True):
        assert expected in message
    assert run.tickets("record.allowed-values") == ["T9"]


def test_a_tsv_with_a_long_cell_and_a_stray_quote(svccheck, tmp_path):
    lines = [HEADER.replace(",", "\t"), row("T1", '"unbalanced', sep="\t"),
             row("T2", "y" * 2000, sep="\t"), row("T9", category="other", sep="\t")]
    path = tmp_path / "t.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30",
                   "--max-cell-bytes", str(LIMIT))
    # the quote opens a cell that runs to the end of the file: reported on its row
    # (the spreadsheet's row 2, the header being row 1), and
    # the file is not refused for it (it is far under 64 cells' worth)
    assert run.code == 1, run.err
    assert 2 in [f["row"] for f in run.findings("record.readable-row")]
