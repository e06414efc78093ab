"""No output format ever shows a personal value the privacy rules find.

One export leaks in every place ``privacy.*`` looks -- the contact field,
description, resolution, remarks, customer and agent messages and an
internal note -- and also trips the greeting and conduct rules, whose
evidence quotes the same messages, and in cells the record rules quote (a
number typed into 紧急程度 or 预计完成时间). It is audited against cn-baseline in
every format the plugin registry offers (in both languages); neither stdout
nor stderr may hold a raw value, in any of the ways it was written, nor a
plain hash of one.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys

import pytest

from svccheck.plugins import load_plugins

#: The raw values, as digits (or the address), and how the export writes them.
LEAKS: dict[str, list[str]] = {
    "13812345678": ["13812345678", "138 1234 5678", "138-1234-5678"],   # contact, message
    "13987654321": ["１３９８７６５４３２１"],                                # full-width, remarks
    "11010519491231002X": ["11010519491231002X"],                       # ID, description
    "6222021234567890128": ["6222 0212 3456 7890 128"],                 # card, customer message
    "zhang.wei@example.com": ["zhang.wei@example.com"],                 # e-mail, resolution
    "057188886666": ["0571-88886666"],                                  # landline, note
    "13700001111": ["13700001111"],              # typed into 紧急程度: quoted by allowed-values
    "13600002222": ["13600002222"],              # typed into 预计完成时间: quoted by timestamp
}
FORMATS = sorted(load_plugins().reporters)  # built-in and installed plugins alike


def _export(write):
    ticket = {
        "id": "P1", "customer_id": "C1", "contact": "13812345678", "category": "complaint",
        "priority": "13700001111", "status": "resolved", "created_at": "2025-10-09 09:00:00",
        "due_at": "回电13600002222",
        "resolved_at": "2025-10-09 12:00:00", "assignee": "amy",
        "description": "身份证11010519491231002X实名失败",
        "resolution": "已发邮件到zhang.wei@example.com",
        "remarks": "客户新手机１３９８７６５４３２１",
        "events": [
            {"at": "2025-10-09 09:00:00", "role": "customer",
             "text": "退款到银行卡6222 0212 3456 7890 128，电话138-1234-5678"},
            {"at": "2025-10-09 09:05:00", "role": "agent",   # no greeting, forbidden phrase
             "text": "不知道，你打138 1234 5678问问"},
            {"at": "2025-10-09 09:06:00", "role": "agent", "public": False, "kind": "note",
             "text": "客户座机0571-88886666"},
        ],
    }
    return write("leaky.jsonl", json.dumps(ticket, ensure_ascii=False) + "\n")


def test_every_reporter_is_covered():
    # the list comes from the registry, so a new format is tested without editing this file
    assert {"text", "json", "jsonl", "csv", "sarif", "junit", "github", "markdown",
            "html"} <= set(FORMATS)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_value_in_any_output(svccheck, write, fmt, lang):
    path = _export(write)
    run = svccheck("check", path, "--standard", "cn-baseline", "--format", fmt,
                   "--lang", lang, "--as-of", "2025-11-30 18:00")
    assert run.code == 1, run.err
    output = run.out + run.err
    for value, written in LEAKS.items():
        for form in {value, *written}:
            assert form not in output, f"{fmt}: raw value leaked"
        for algorithm in ("md5", "sha1", "sha256"):
            digest = hashlib.new(algorithm, value.encode()).hexdigest()
            assert digest[:12] not in output, f"{fmt}: {algorithm} of a raw value"


def test_the_privacy_rules_fired(svccheck, write):
    run = svccheck("check", _export(write), "--standard", "cn-baseline", "--format", "json",
                   "--as-of", "2025-11-30 18:00")
    by_rule = run.report["summary"]["by_rule"]
    assert by_rule["privacy.unmasked-contact"] == 1
    # ID, e-mail, mobile in remarks, card + mobile (customer), mobile (agent), landline (note)
    assert by_rule["privacy.pii-in-text"] == 7
    assert by_rule["greeting.opening"] == 1 and by_rule["conduct.forbidden-phrases"] == 1
    evidence = {v["evidence"] for v in run.findings() if v["rule"].startswith("privacy.")}
    assert {"138****5678", "身份证1101**********002X实名失败", "已发邮件到z***@example.com",
            "客户座机0571-****6666"} <= evidence
    card = next(e for e in evidence if "6222" in e)
    assert "6222 **** **** *** 0128" in card


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress bar draws."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_no_raw_value(write, monkeypatch, capsys):
    from svccheck.cli import main
    from svccheck.report import progress

    path = _export(write)
    monkeypatch.setattr(progress, "LARGE_INPUT_BYTES", 1)  # any input counts as large
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["check", str(path), "--standard", "cn-baseline", "--format", "json",
                 "--as-of", "2025-11-30 18:00"])
    assert code == 1
    drawn = terminal.getvalue()
    assert "rules" in drawn  # the bar did draw
    for value, written in LEAKS.items():
        for form in {value, *written}:
            assert form not in drawn + capsys.readouterr().out


def test_verbose_log_shows_no_raw_value(svccheck, write):
    run = svccheck("check", _export(write), "--standard", "cn-baseline", "--format", "json",
                   "--as-of", "2025-11-30 18:00", "--verbose")
    assert run.code == 1
    assert "rule privacy.pii-in-text: 7 findings" in run.err  # the log did run
    for value, written in LEAKS.items():
        for form in {value, *written}:
            assert form not in run.err


def test_a_ragged_row_lends_no_context_to_reports(svccheck, write):
    # one field too few before 负责人: the phone number shifts into the assignee column
    path = write("t.csv", "\n".join([
        "id,customer_id,category,description,priority,status,created_at,contact,assignee,channel",
        "T1,C1,problem,x,normal,open,2025-10-09 09:00,13812345678,chat",
        "T2,C2,problem,x,normal,open,2025-10-09 09:00,138****5678,amy,chat",
    ]) + "\n")
    for fmt in FORMATS:
        run = svccheck("check", path, "--format", fmt, "--as-of", "2025-11-30 18:00")
        assert run.code == 1, run.err
        assert "13812345678" not in run.out + run.err, fmt
    report = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30 18:00").report
    t1 = [f for f in report["violations"] if f["ticket"] == "T1"]
    assert any(f["rule"] == "record.readable-row" for f in t1)
    assert all(f["assignee"] is None and f["channel"] is None for f in t1)
