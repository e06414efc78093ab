"""Personal-data detection costs a pass over the text, not one per value found.

One description made of repeated resident IDs took 3.9 s at 5 kB and more
than 300 s at 40 kB (``privacy.pii-in-text``): every finding's excerpt
redacted the whole text again, and every new span was compared with every
span found before. Speed itself is measured in ``bench/bench_pii_linear.py``
(bench/RESULTS.md); these tests pin the structure that keeps it linear --
how many passes a cell costs -- and that nothing is lost on long texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svccheck.pii import STRICT, THOROUGH, detect, excerpt, excerpts, find_masked
from svccheck.pii import mask as mask_module
from svccheck.pii.complements import complementary_pairs
from svccheck.rules import privacy

ID_NUMBER = "11010519491231002X"


def test_all_excerpts_of_a_text_come_from_one_pass(monkeypatch):
    text = "，".join([f"身份证{ID_NUMBER}"] * 300)
    found = detect(text, STRICT)
    assert len(found) == 300
    expected = [excerpt(text, d) for d in found[:3]] + [excerpt(text, found[-1])]
    passes = []
    real = mask_module.detect
    monkeypatch.setattr(mask_module, "detect", lambda *a: passes.append(1) or real(*a))

    shown = excerpts(text, found)

    assert len(passes) == 1
    assert [*shown[:3], shown[-1]] == expected
    assert all(ID_NUMBER not in s for s in shown)


def test_a_long_cell_costs_the_rule_two_passes(svccheck, tmp_path: Path, monkeypatch):
    """privacy.pii-in-text reads a cell once to find, once to mask its excerpts."""
    description = " ".join([ID_NUMBER] * 1000)  # 19 kB, 1,000 findings
    export = tmp_path / "t.csv"
    export.write_text("id,customer_id,category,description,priority,status,created_at\n"
                      f"T1,C1,problem,{description},normal,open,2025-10-09 09:00\n",
                      encoding="utf-8")
    long_passes = []

    def counting(real):
        def call(text, *rest):
            if text and len(text) > 10_000:
                long_passes.append(1)
            return real(text, *rest)
        return call

    monkeypatch.setattr(privacy, "detect", counting(privacy.detect))
    monkeypatch.setattr(mask_module, "detect", counting(mask_module.detect))
    run = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "privacy.pii-in-text")

    assert run.code == 1, run.err
    assert len(run.findings("privacy.pii-in-text")) == 1000
    assert ID_NUMBER not in run.out
    # one detection to find them, one to mask the excerpts, and the report's
    # masking of the cell (redact, once per distinct text): never one per finding
    assert len(long_passes) <= 3


def test_thousands_of_values_in_one_text_are_all_found():
    text = "；".join(f"客户{n}号电话13{n % 10}{n:08d}" for n in range(2000))
    mobiles = [d for d in detect(text, THOROUGH) if d.kind == "mobile"]
    assert len(mobiles) == 2000


@pytest.mark.parametrize("junk", ["12 34 56 78 "])
def test_a_phone_after_many_number_like_tokens_is_still_found(junk):
    """The phone matcher stopped after 65,535 tries: a phone after enough junk went unseen."""
    text = junk * 20_000 + " 联系电话13812345678"
    found = detect(text, STRICT)
    assert [d.kind for d in found] == ["mobile"]
    assert text[found[0].start:found[0].end] == "13812345678"


# -- privacy.complementary-masks: pairs of masked forms -----------------------------


def _every_pair(forms):
    return [(i, j, v) for i, a in enumerate(forms) for j in range(i + 1, len(forms))
            if (v := a.combine(forms[j])) is not None]


def _first_of_each_value(pairs):
    seen, first = set(), []
    for i, j, value in pairs:
        if value not in seen:
            seen.add(value)
            first.append((i, j, value))
    return first


MASKED_FORMS = st.lists(st.sampled_from([
    "138****5678", "1381234****", "****2345678", "138********", "139****5678", "1391234****",
    "138××××5678", "尾号5678", "13812345***", "1380000****", "6222 **** **** 0123",
]), max_size=14)


@settings(max_examples=300, deadline=None)
@given(MASKED_FORMS)
def test_complementary_pairs_are_what_trying_every_pair_finds(texts):
    forms = [form for text in texts for form in find_masked(text)]
    assert (_first_of_each_value(complementary_pairs(forms))
            == _first_of_each_value(_every_pair(forms)))


def test_a_ticket_of_thousands_of_masked_forms_is_one_finding(svccheck, tmp_path: Path):
    """Forty thousand masked forms in one description: compared by group, not pair by pair."""
    description = "，".join(["138****5678", "1381234****"] * 20_000)
    export = tmp_path / "t.csv"
    export.write_text("id,customer_id,category,description,priority,status,created_at\n"
                      f"T1,C1,problem,{description},normal,open,2025-10-09 09:00\n",
                      encoding="utf-8")
    run = svccheck("check", export, "--format", "json", "--as-of", "2025-11-30",
                   "--select", "privacy.complementary-masks")
    assert run.code == 0, run.err  # a warning: the run passes, the finding is reported
    assert [f["evidence"] for f in run.findings("privacy.complementary-masks")] == [
        "138****5678"]
