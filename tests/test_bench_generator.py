"""The benchmark generator writes exports that look like real ones, with real violations.

Benchmarks measure svccheck on ``bench/generate.py`` exports, so the data must
be what the generator says it is: texts that differ per ticket (an export of
a few dozen repeated sentences lets a per-value cache hide the cost of
reading text), numbers and personal data in the proportions its docstring
states, contacts in every form exports hold -- and every planted violation
must be one the rule it names really reports on that ticket, while the
privacy rules stay quiet on the clean tickets.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-11-30 18:00"
PRIVACY = ("privacy.pii-in-text", "privacy.unmasked-contact", "privacy.x-mask",
           "privacy.complementary-masks")


def _generate(tmp_path: Path, fmt: str, tickets: int) -> tuple[Path, dict]:
    out, manifest = tmp_path / f"export.{fmt}", tmp_path / f"export.{fmt}.manifest.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--tickets", str(tickets),
         "--seed", "11", "--format", fmt, "--out", str(out), "--manifest", str(manifest),
         "--quiet"],
        check=True,
    )
    return out, json.loads(manifest.read_text("utf-8"))


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory):
    return _generate(tmp_path_factory.mktemp("csv"), "csv", 2500)


@pytest.fixture(scope="module")
def jsonl_export(tmp_path_factory):
    return _generate(tmp_path_factory.mktemp("jsonl"), "jsonl", 1200)


def _found(svccheck, export: Path) -> dict[str, set[str]]:
    run = svccheck("check", export, "--as-of", AS_OF, "--format", "json")
    assert run.code == 1, run.err
    tickets: dict[str, set[str]] = defaultdict(set)
    for finding in run.report["violations"]:
        tickets[finding["rule"]].add(finding["ticket"])
    return tickets


@pytest.mark.parametrize("export", ["csv_export", "jsonl_export"])
def test_every_planted_violation_is_reported_on_its_ticket(svccheck, request, export):
    path, manifest = request.getfixturevalue(export)
    found = _found(svccheck, path)
    planted: dict[str, set[str]] = defaultdict(set)
    for violation in manifest["violations"]:
        planted[violation["rule"]].add(violation["ticket"])
    for rule, tickets in planted.items():
        assert tickets <= found[rule], (rule, sorted(tickets - found[rule])[:5])
    # the privacy rules flag the planted tickets and no others: order and
    # tracking numbers, amounts, times and masked contacts are not personal data
    for rule in PRIVACY:
        assert found[rule] == planted[rule], (rule, sorted(found[rule] ^ planted[rule])[:5])
    # the invalid status is one no profile maps, the agent-owned complaint
    # names no escalation (both read as valid/escalated in earlier versions)
    assert planted["record.allowed-values"] and planted["escalation.complaint-owner"]


def test_descriptions_differ_and_quote_numbers_in_the_stated_proportions(csv_export):
    path, manifest = csv_export
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    descriptions = [row["问题描述（简述）"] for row in rows if row["问题描述（简述）"]]
    assert len(set(descriptions)) / len(descriptions) > 0.95
    numbers = re.compile(r"订单|单号|运单|快递|[0-9]元|¥|[0-9]月[0-9]+日|[0-9]{4}-[0-9]{2}-[0-9]{2}")
    share = sum(bool(numbers.search(d)) for d in descriptions) / len(descriptions)
    assert share >= 0.30
    personal = manifest["counts"]["pii_in_text"] / manifest["tickets"]
    assert 0.02 <= personal <= 0.05
    # every kind of personal value is planted, in its forms
    forms = {v["variant"] for v in manifest["violations"] if v["kind"] == "pii_in_text"}
    assert {"mobile", "landline", "id", "id_15", "card", "card_amex", "email",
            "name_label"} <= forms


def test_contacts_come_in_the_forms_exports_hold(csv_export):
    path, _ = csv_export
    with path.open(encoding="utf-8", newline="") as fh:
        contacts = [row["联系方式（隐藏后四位）"] for row in csv.DictReader(fh)]
    shapes = {
        "138****5678": r"1[0-9]{2}\*{4}[0-9]{4}",
        "1381234****": r"1[0-9]{6}\*{4}",
        "5678": r"[0-9]{4}",
        "full-width mask": r"1[0-9]{2}＊{4}[0-9]{4}",
        "masked landline": r"0[0-9]{2,3}-\*{4}[0-9]{4}",
        "masked e-mail": r"[a-z]\*{3}@[a-z0-9.]+",
        "X mask": r"1[0-9]{2}[Xx]{4}[0-9]{4}",
        "whole mobile": r"(?:\+86 )?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}",
        "whole landline": r"0[0-9]{2,3}-[0-9]{8}",
        "whole e-mail": r"[a-z][a-z._]*[0-9]+@[a-z0-9.]+",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, c) for c in contacts), name


def test_answered_chats_hold_four_to_twelve_messages(jsonl_export):
    path, _ = jsonl_export
    counts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["first_response_at"]:
                counts.append(len(record["messages"]))
    assert min(counts) >= 4 and max(counts) <= 12
    assert len(set(counts)) >= 6
