"""A workbook whose cells lie far apart is refused before calamine allocates the grid.

calamine reads a sheet into one dense grid from its first used cell to its
last. A 1.7 kB workbook with a header in A1 and one cell in XFD1048576
made it ask for 512 GB; the process aborted with a Rust backtrace. Each
case runs in a child process with 4 GB of address space, so a regression
is a failed test, not a dead machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from svccheck.io.readers.sheet_extent import column_name, column_number

SRC = Path(__file__).resolve().parents[2] / "src"
HEADER = ["id", "customer_id", "category", "description", "priority", "status", "created_at",
          "assignee"]
T1 = ["T1", "C1", "problem", "x", "normal", "open", "2025-10-09 09:00", "amy"]
T9 = ["T9", "C1", "other", "x", "normal", "open", "2025-10-09 09:00", "amy"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_svccheck(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svccheck", "check", str(path), "--format", "json",
         "--as-of", "2025-11-30", *args],
        capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )


def book(path: Path, *, far: tuple[int, int] | None = None, styled_only: bool = False,
         sheets: tuple[str, ...] = ("tickets",), far_sheet: str = "tickets") -> Path:
    """An export sheet (header, T1, T9), optionally with one more cell at ``far``."""
    workbook = xlsxwriter.Workbook(str(path))
    for name in sheets:
        sheet = workbook.add_worksheet(name)
        if name == "tickets":
            for row, values in enumerate((HEADER, T1, T9)):
                sheet.write_row(row, 0, values)
        else:
            sheet.write(0, 0, "export notes")
        if far is not None and name == far_sheet:
            if styled_only:  # no value, only a format: calamine still counts the cell
                sheet.write_blank(*far, None, workbook.add_format({"bold": True}))
            else:
                sheet.write(*far, "stray")
    workbook.close()
    return path


def rewrite_sheet(path: Path, change) -> Path:
    """The workbook with its first worksheet's XML passed through ``change``."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode()).encode()
    changed = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return changed


@pytest.mark.parametrize(("far", "corner", "cells"), [
    ((1048575, 16383), "XFD1048576", 17_179_869_184),
    ((3000, 2000), "BXY3001", 6_005_001),
], ids=["value in XFD1048576", "value in BXY3001"])
def test_a_sheet_spanning_too_many_cells_is_refused(tmp_path, far, corner, cells):
    path = book(tmp_path / "t.xlsx", far=far)
    done = run_svccheck(path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(
        f"svccheck: error: {path}: sheet 'tickets' spans {cells:,} cells (up to {corner}), "
        "more than the 2,097,152 a workbook of ")
    assert "refusing it" in done.stderr and done.stdout == ""


def test_an_empty_styled_cell_far_away_is_read_as_calamine_reads_it(tmp_path):
    """A format on an empty cell (a border drawn far below) holds nothing: not in the grid."""
    path = book(tmp_path / "t.xlsx", far=(1048575, 16383), styled_only=True)
    done = run_svccheck(path)
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout


def test_a_far_cell_on_another_sheet_does_not_stop_the_one_read(tmp_path):
    path = book(tmp_path / "t.xlsx", far=(1048575, 16383), sheets=("readme", "tickets"),
                far_sheet="readme")
    done = run_svccheck(path, "--sheet", "tickets")
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout
    refused = run_svccheck(path)  # the first sheet is the default
    assert refused.returncode == 2 and "sheet 'readme' spans" in refused.stderr


def test_a_lying_dimension_does_not_matter(tmp_path):
    path = rewrite_sheet(book(tmp_path / "t.xlsx"),
                         lambda xml: re.sub(r'<dimension ref="[^"]*"/>',
                                            '<dimension ref="A1:XFD1048576"/>', xml))
    done = run_svccheck(path)
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout


def test_cells_without_references_are_placed_as_calamine_places_them(tmp_path):
    """Cells may omit ``r``: they follow one another; a row may still jump far down."""
    plain = rewrite_sheet(book(tmp_path / "t.xlsx"),
                          lambda xml: re.sub(r' r="[A-Z]+[0-9]+"', "", xml))
    done = run_svccheck(plain)
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout

    def far_row(xml: str) -> str:
        xml = re.sub(r' r="[A-Z]+[0-9]+"', "", xml)
        stray = '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'
        xml = xml.replace("</sheetData>", stray + "</sheetData>")
        # and 16,384 cells in a row of their own, each after the last
        cells = "<c><v>1</v></c>" * 16_384
        return xml.replace("</sheetData>", f'<row r="1048575">{cells}</row></sheetData>')

    refused = run_svccheck(rewrite_sheet(book(tmp_path / "u.xlsx"), far_row))
    assert refused.returncode == 2, refused.stderr
    assert "(up to XFD1048576)" in refused.stderr


def test_a_few_stray_cells_near_the_data_are_read(tmp_path):
    path = book(tmp_path / "t.xlsx", far=(200, 25))  # Z201: 201 x 26 cells
    done = run_svccheck(path)
    assert done.returncode == 1, done.stderr
    assert '"ticket": "T9"' in done.stdout


@pytest.mark.parametrize(("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27),
                                                 ("ZZ", 702), ("AAA", 703), ("XFD", 16384)])
def test_column_names(letters, number):
    assert column_number(letters) == number
    assert column_name(number) == letters
