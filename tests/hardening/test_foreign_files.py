"""A file svccheck cannot use is named, never printed; ``extends`` stays at home.

``extends: /etc/shadow``, ``extends: ../other/file`` or ``--waivers
/etc/passwd`` printed the file's lines inside the error: YAML reads such a
file as a mapping of its lines (``unknown key(s) ('root:$6$…', ...)``) or
as one long string. An error now quotes at most a short, masked excerpt,
and a standard reaches only files in its own directory and the standards
directories -- a file elsewhere is used only when the user passes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EXPORT = """\
id,customer_id,category,description,priority,status,created_at,assignee
T9,C1,other,x,normal,open,2025-10-09 09:00,amy
"""
#: a file of secrets in a shape YAML reads: a mapping of its lines
SHADOW = """\
root:$6$Qd8kLmN2$4fT9xPqRsWvYz0aBcDeFgHiJkLmNoPqRsTuVwXyZ:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
zhang:$6$Vb7nHj3K$13812345678wQeRtYuIoPaSdFgHjKlZxCvBnM:19001:0:99999:7:::
"""
#: ... and a file YAML reads as one long string
PASSWD = ("root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin "
          "zhang:x:1000:1000:张伟 13812345678,,,:/home/zhang:/bin/bash\n")


@pytest.fixture
def place(tmp_path: Path):
    """The export in ``work/``, the secrets in ``elsewhere/``."""
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "t.csv").write_text(EXPORT, encoding="utf-8")
    (elsewhere / "shadow").write_text(SHADOW, encoding="utf-8")
    (elsewhere / "passwd").write_text(PASSWD, encoding="utf-8")
    return work, elsewhere


def assert_quotes_nothing_of(err: str, *texts: str) -> None:
    for text in texts:
        for line in text.splitlines():
            assert line not in err
            for field in line.replace(" ", ":").split(":"):
                if len(field) > 23:  # longer than any quote may be
                    assert field not in err, field
    assert "13812345678" not in err


@pytest.mark.parametrize("extends", ["{elsewhere}/shadow", "../elsewhere/shadow", "linked.yaml"])
def test_extends_outside_the_standards_directory_is_refused(svccheck, place, extends):
    work, elsewhere = place
    (work / "linked.yaml").symlink_to(elsewhere / "shadow")  # a link counts where it points
    standard = work / "s.yaml"
    standard.write_text(f'id: s\nversion: "1"\ntitle: s\nextends: {extends.format(elsewhere=elsewhere)}\n',
                        encoding="utf-8")
    run = svccheck("check", work / "t.csv", "--standard", standard)
    assert run.code == 2
    assert run.err.count("\n") == 1, run.err
    assert "s.yaml:4: in extends " in run.err
    assert (f"{elsewhere}/shadow is outside the directory of the standard that names it "
            f"({work})") in run.err
    assert_quotes_nothing_of(run.err, SHADOW)


def test_a_calendar_file_outside_the_standards_directory_is_refused(svccheck, place):
    work, elsewhere = place
    standard = work / "s.yaml"
    standard.write_text('id: s\nversion: "1"\ntitle: s\nextends: cn-baseline\n'
                        f"calendar:\n  file: {elsewhere}/passwd\n", encoding="utf-8")
    run = svccheck("check", work / "t.csv", "--standard", standard)
    assert run.code == 2
    assert run.err.startswith(f"svccheck: error: {standard}:6: calendar.file ")
    assert "is outside the directory of the standard" in run.err
    assert_quotes_nothing_of(run.err, PASSWD)


def test_extends_beside_the_standard_and_shipped_ids_still_work(svccheck, place):
    work, _ = place
    (work / "base").mkdir()
    (work / "base" / "team.yaml").write_text(
        'id: team\nversion: "1"\ntitle: team\nextends: cn-baseline\n', encoding="utf-8")
    standard = work / "s.yaml"
    standard.write_text('id: s\nversion: "1"\ntitle: s\nextends: [base/team.yaml, ecommerce]\n',
                        encoding="utf-8")
    run = svccheck("check", work / "t.csv", "--standard", standard, "--format", "json",
                   "--as-of", "2025-11-30")
    assert run.code == 1, run.err
    assert run.tickets("record.allowed-values") == ["T9"]


@pytest.mark.parametrize(("option", "name"), [
    ("--waivers", "shadow"), ("--waivers", "passwd"), ("--standard", "shadow"),
    ("--standard", "passwd"), ("--profile", "shadow"), ("--profile", "passwd"),
    ("--config", "shadow"), ("--baseline", "shadow"),
])
def test_a_foreign_file_passed_by_the_user_is_quoted_briefly(svccheck, place, option, name):
    """The user may pass any file; the error then quotes at most a short, masked excerpt."""
    work, elsewhere = place
    run = svccheck("check", work / "t.csv", option, elsewhere / name)
    assert run.code == 2
    assert run.err.startswith("svccheck: error: ")
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert_quotes_nothing_of(run.err, SHADOW, PASSWD)
    assert run.err.count("\n") <= 6  # a few located errors, not one per line of the file
