"""Messages about damaged input never quote the damaged content.

The cell next to a broken quote or a bad byte is as likely as any other to
hold a phone number, and these messages go to CI logs many people read. So
each broken file below carries personal values right at the damage, and
neither the one-line error nor the report's unreadable-row findings -- in
any report format -- may contain one.
"""

from __future__ import annotations

import pytest

from svccheck.plugins import load_plugins

HEADER = "id,customer_id,category,description,priority,status,created_at,assignee"
LAST = "id,customer_id,category,priority,status,created_at,assignee,description"
PHONE = "13812345678"
EMAIL = "zhang.wei@example.com"
SECRETS = (PHONE, EMAIL, "张伟")


def row(ticket: str, description: str) -> str:
    return f"{ticket},C1,problem,{description},normal,open,2025-10-09 09:00,amy"


PERSONAL = f"张伟 {PHONE} {EMAIL}"
GOOD = row("T1", "x")

BROKEN: dict[str, bytes] = {
    # a row with too few fields, ending in personal values
    "ragged.csv": f"{HEADER}\n{GOOD}\nT2,C1,{PERSONAL}\n".encode(),
    # a NUL byte inside the personal values
    "nul.csv": f"{HEADER}\n{GOOD}\n{row('T2', PERSONAL.replace(' ', chr(0)))}\n".encode(),
    # a quote that never closes, swallowing personal values
    "quote.csv": f'{HEADER}\n{GOOD}\nT2,C1,problem,"{PERSONAL}\n'.encode(),
    # a cell over --max-cell-bytes made of personal values
    "big.csv": f"{HEADER}\n{GOOD}\n{row('T2', PERSONAL * 20)}\n".encode(),
    # a broken JSON line holding personal values
    "broken.jsonl": f'{{"id": "T2", "description": "{PERSONAL}" "x"}}\n'.encode(),
    # a file cut in the middle of the personal values' last character
    # (description moved last: the damage is at the end of the file)
    "cut.csv": (f"{LAST}\nT1,C1,problem,normal,open,2025-10-09 09:00,amy,x\n"
                f"T2,C1,problem,normal,open,2025-10-09 09:00,amy,{PHONE} {EMAIL} 张伟"
                ).encode("gb18030")[:-1],
    # a byte no encoding accepts, right after the personal values
    "badbyte.csv": f"{HEADER}\n{row('T2', PERSONAL)}".encode() + b"\xff\n",
    # UTF-8 personal values in a GB18030 file
    "mixed.csv": f"{HEADER}\n{row('T1', '客户来电')}\n".encode("gb18030")
    + f"{row('T2', PERSONAL + '客户来电')}\n".encode(),
    # a JSON document broken right after personal values
    "broken.json": f'[{{"id": "T2", "description": "{PERSONAL}"'.encode(),
}
FORMATS = sorted(load_plugins().reporters)


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("fmt", FORMATS)
def test_damage_is_described_without_its_content(svccheck, tmp_path, name, fmt):
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    run = svccheck("check", path, "--format", fmt, "--as-of", "2025-11-30",
                   "--max-cell-bytes", "200", "--select", "record.readable-row")
    assert run.code in (1, 2), run.err
    assert "Traceback" not in run.err
    for secret in SECRETS:
        assert secret not in run.out, f"{secret} in the {fmt} report"
        assert secret not in run.err, f"{secret} on stderr"
