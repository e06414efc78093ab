"""The columnar candidate stage never drops a text the detector flags.

``privacy.pii-in-text`` runs the detector only on the cells that
:func:`svccheck.pii.candidates.candidates` keeps, and only for the kinds it
flags there; its findings stay the detector's only if every text with a
finding is kept, with that finding's kind flagged. The labelled corpus
(every kind in every form, with its hard negatives) and texts as exports
write them hold it to that; order, tracking and amount numbers must be
dropped, or nothing was gained.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from svccheck.pii import STRICT, THOROUGH, detect
from svccheck.pii.candidates import candidates, kinds_of


def _load_corpus():
    path = Path(__file__).resolve().parents[2] / "bench" / "pii_corpus.py"
    spec = importlib.util.spec_from_file_location("pii_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pii_corpus", module)
    spec.loader.exec_module(module)
    return module


def _kept(texts: list[str]) -> dict[int, frozenset[str]]:
    frame = pl.LazyFrame({"text": texts}).with_row_index("i")
    return {row["i"]: kinds_of(row) for row in candidates(frame, "text").collect().iter_rows(
        named=True)}


def _assert_superset(texts: list[str]) -> dict[int, frozenset[str]]:
    kept = _kept(texts)
    for i, text in enumerate(texts):
        for options in (STRICT, THOROUGH):
            found = detect(text, options)
            if found:
                assert i in kept, text
                narrowed = replace(options, kinds=options.kinds & kept[i])
                assert detect(text, narrowed) == found, text
    return kept


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [s.text for s in _load_corpus().generate(3000, 20251123)]


def test_every_corpus_text_with_personal_data_is_kept_with_its_kinds(corpus_texts):
    kept = _assert_superset(corpus_texts)
    assert len(kept) < len(corpus_texts)  # the hard negatives are not all kept


EXPORT_TEXTS = [
    # kept: personal data in the forms descriptions hold
    "黑色吹风机短信验证码收不到，订单号321089129956，信用卡3480 916156 20283",
    "退款未到账，手机号 138-1234-5678，麻烦回电",
    "请联系＋８６ １３８ １２３４ ５６７８",
    "固定电话0571-88886666，白天有人",
    "身份证号110101 1990 0307 8531，实名认证失败",
    "身份证号：11010519491231002X",
    "银行卡6222 0213 4567 8908 已冻结",
    "联系人：张伟，地址已更新",
    "邮箱 zhang.wei@163.com 收不到邮件",
    "手机号14612345678，物联网卡",
    # dropped: numbers that are no one's
    "订单地址修改（白色台灯），订单号：2025100969194428，运单号JT0084765896320",
    "快递单号ZTO051551964230，差价240.50元，用了不到6周",
    "10月6日3:48下的单，2025-10-07 00:29 付款，已经等了8天",
    "新运单号SF0185702231516，退款2376元已原路退回",
]


def test_export_texts_keep_what_the_detector_finds_and_drop_order_numbers():
    kept = _assert_superset(EXPORT_TEXTS)
    assert sorted(kept) == list(range(10))
    assert kept[1] == frozenset({"mobile", "landline"})  # only the phone kinds to look for
