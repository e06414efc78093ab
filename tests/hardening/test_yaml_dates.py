"""An unquoted impossible date in YAML names its file, line and key.

YAML reads ``expires: 2025-02-30`` as a date, and the loader then failed
with a bare ``ValueError``: ``internal error: ValueError``, no file, no line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.errors import ConfigError
from svccheck.yamlsource import load_yaml

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""

WAIVERS = """\
waivers:
  - rule: record.allowed-values
    tickets: [T9]
    reason: the CRM was fixed in October
    owner: QA
    expires: 2025-02-30
"""
STANDARD = """\
id: strict
version: "1"
title: strict
extends: cn-baseline
calendar:
  timezone: Asia/Shanghai
  closed_dates: [2025-10-01, 2025-02-30]
"""
CALENDAR = """\
closed_dates:
  - 2025-10-01
working_dates:
  - 2025-09-31
"""
CALENDAR_STANDARD = """\
id: with-file
version: "1"
title: with a calendar file
extends: cn-baseline
calendar:
  file: company.yaml
"""


@pytest.mark.parametrize(("files", "args", "where"), [
    ({"w.yaml": WAIVERS}, ("--waivers", "{dir}/w.yaml"),
     "w.yaml:6: waivers[0].expires: '2025-02-30' is not a date that exists"),
    ({"s.yaml": STANDARD}, ("--standard", "{dir}/s.yaml"),
     "s.yaml:7: calendar.closed_dates[1]: '2025-02-30' is not a date that exists"),
    ({"s.yaml": CALENDAR_STANDARD, "company.yaml": CALENDAR}, ("--standard", "{dir}/s.yaml"),
     "company.yaml:4: working_dates[0]: '2025-09-31' is not a date that exists"),
    ({"svccheck.yaml": "standard: cn-baseline\nsince: 2025-13-01 10:00:00\n"},
     ("--config", "{dir}/svccheck.yaml"),
     "svccheck.yaml:2: since: '2025-13-01 10:00:00' is not a date that exists"),
], ids=["waiver expiry", "standard calendar", "calendar file", "config file"])
def test_an_impossible_date_names_file_line_and_key(svccheck, tmp_path: Path, files, args,
                                                    where):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    export = tmp_path / "t.csv"
    export.write_text(EXPORT, encoding="utf-8")
    run = svccheck("check", export, *(a.replace("{dir}", str(tmp_path)) for a in args))

    assert run.code == 2
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert run.err.count("\n") == 1, run.err
    assert where in run.err
    assert "(quote it if it is meant as text)" in run.err


def test_a_possible_date_still_loads_as_its_iso_text(tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text("a: 2024-02-29\nb: [2025-10-01]\nc: '2025-02-30'\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": "2024-02-29", "b": ["2025-10-01"], "c": "2025-02-30"}


def test_an_impossible_date_under_an_alias_names_where_it_is_written(tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text("base: &day 2025-04-31\nlater: *day\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_yaml(path)
    assert str(info.value).startswith(f"{path}:1: base: '2025-04-31' is not a date")
