"""A cell holding only a mobile number is decided without the phonenumbers matcher.

The shortcut must find exactly what the matcher finds. The cells below cover
every 4-digit prefix of an 11-digit number starting with 1 (so every mobile
range, and the ranges that are not mobile), with spaces around some of them;
each is compared with the full detector (the shortcut turned off).
"""

from __future__ import annotations

import importlib
import random

import pytest

from svccheck.pii import STRICT, THOROUGH, Options, detect

# the module, not the function of the same name the package exports
detect_module = importlib.import_module("svccheck.pii.detect")


def _cells() -> list[str]:
    rng = random.Random(8)
    cells = []
    for prefix in range(1000, 2000):
        for _ in range(3):
            cell = f"{prefix}{rng.randrange(10_000_000):07d}"
            pad = rng.choice(["", " ", "\t", "  "])
            cells.append(pad + cell + rng.choice(["", " "]))
    return cells


@pytest.mark.parametrize("options", [STRICT, THOROUGH], ids=["strict", "thorough"])
def test_shortcut_finds_what_the_matcher_finds(
    monkeypatch: pytest.MonkeyPatch, options: Options
) -> None:
    cells = _cells()
    fast = [detect(cell, options) for cell in cells]
    monkeypatch.setattr(detect_module, "_whole_mobile", lambda text, options: None)
    slow = [detect(cell, options) for cell in cells]
    assert fast == slow
    # the comparison means something: both mobiles and non-mobiles are among the cells
    assert sum(bool(found) for found in slow) > 1000
    assert sum(not found for found in slow) > 100


def test_an_allowed_number_is_still_allowed() -> None:
    options = THOROUGH.allowing(["13812345678"])
    assert detect(" 13812345678", options) == []
    assert [d.value for d in detect("13812345679", options)] == ["13812345679"]
