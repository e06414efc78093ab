"""Redacting a column masks exactly what redacting each text masks.

``redact_series`` skips texts its vectorised prefilter rules out, and that
prefilter reads a date and time such as ``2025-10-09 09:00`` as no digits at
all (findings quote times constantly). The texts below put dates next to
phone numbers, IDs and cards every way round; every one must come out of the
column exactly as :func:`redact` returns it alone.
"""

from __future__ import annotations

import itertools

import polars as pl

from svccheck.pii import redact, redact_series

DATES = ["2025-10-09", "2025-10-09 09:00", "2025-1-09T9:30:15", "1999-12-31 23:59:59"]
VALUES = [
    "13812345678",             # mobile
    "138-1234-5678",           # mobile, grouped
    "010-62345678",            # landline
    "11010519491231002X",      # resident ID
    "110105-19491231-002X",    # resident ID, grouped
    "6222 0212 3456 7890 128",  # card, grouped
    "6222021234567890128",     # card
    "a@example.com",
    "12345",                   # nothing personal
    "",
]
JOINS = ["", " ", "-", ",", "：", " > ", "x"]


def _texts() -> list[str]:
    texts = []
    for date, value, join in itertools.product(DATES, VALUES, JOINS):
        texts += [date + join + value, value + join + date, f"于{date}{join}{value}{join}{date}"]
    return texts


def test_column_redaction_equals_redacting_each_text() -> None:
    texts = _texts()
    column = redact_series(pl.Series("message", texts)).to_list()
    one_by_one = [redact(text) for text in texts]
    assert column == one_by_one
    # the cases do exercise both sides: some texts are masked, some are not
    assert sum(a != b for a, b in zip(texts, one_by_one, strict=True)) > 300
    assert sum(a == b for a, b in zip(texts, one_by_one, strict=True)) > 50


def test_a_message_quoting_only_times_is_left_as_it_is() -> None:
    text = "first_response_at 2025-10-09 08:35:00 is before created_at 2025-10-09 09:00:00"
    assert redact_series(pl.Series([text])).to_list() == [text]
