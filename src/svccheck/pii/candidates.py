"""Which texts may hold a personal value, decided in polars columns.

Why this module exists: a real export quotes an order, tracking or amount
number in a third of its descriptions, and every such text passes the old
prefilter (seven digits close together). Running the Python detector
(:func:`svccheck.pii.detect.detect`) on each cost minutes at a million
tickets, though almost none holds personal data. Here each text is judged
by polars expressions -- the detector's own checks, written over columns --
and only the texts with a candidate that passes them go on to the detector,
which then decides, masks and quotes exactly as before.

The expression is a *superset* of the detector: every text the detector
finds something in passes it (``tests/pii/test_candidates.py`` holds it to
that on the labelled corpus). A text passes when, after NFKC:

* it passes the old prefilter (:data:`svccheck.pii.mask.PREFILTER`) -- which
  the detector's findings always did -- and
* it has an ``@`` (an e-mail), a context that may introduce a name
  (:func:`svccheck.pii.names.prefilter`), a decimal digit other than ASCII
  ``0-9`` (the phone matcher reads every script's digits), or a candidate
  number that survives its kind's checks:

  - **mobile**: 11 digits whose first three are in the mobile prefix table
    (:func:`mobile_prefixes`: the MIIT ranges of ``mobile-ranges.yaml`` and
    every segment the phone metadata types as mobile), perhaps after
    ``+86``/``86``/``0``, not inside a longer run of digits;
  - **landline**: a number written with its trunk ``0`` or country code
    ``86`` and at least eight digits; any number after ``+`` or ``00``
    (an international number);
  - **resident ID** (18 characters): a valid province, a real birth date and
    the GB 11643 check character; 15 digits: a province and a 19YY date;
  - **bank card**: 16-19 digits with a card-network prefix and a valid Luhn
    digit, or 15 digits of American Express (34/37) with a valid Luhn digit.

  Digits may be written with the separators people use (spaces, dashes,
  dots, brackets: at most four between two digits, as the phone matcher
  reads them). A run of ID or card digits written in groups is passed on
  without the checks: which groups form the number is the detector's call.

Order numbers, tracking numbers, amounts and times fail every check, so a
million clean descriptions stay a polars scan.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
import polars as pl

from svccheck.pii import names, ranges
from svccheck.pii.check_digits import CARD_NETWORKS, ID_CHECK, ID_WEIGHTS, PROVINCES
from svccheck.pii.mask import PREFILTER

#: Between two digits of one phone number: what the phone matcher takes as
#: punctuation after NFKC (spaces, dashes, dots, brackets, ``/``, ``~``, ``x``),
#: up to four of them.
_GAP = (r"[\s\-x\x{2010}-\x{2015}\x{2212}\x{30FC}/\x{AD}\x{200B}\x{2060}()\[\].~"
        r"\x{2053}\x{223C}]{0,4}")
#: A run of digits that may be an ID or a card: 15 or more digits, single
#: spaces or dashes between them, perhaps a final check character ``X``.
_LONG_RUN = r"[0-9](?:[ \-]?[0-9]){14,}[Xx]?"


@lru_cache(maxsize=1)
def mobile_prefixes() -> frozenset[str]:
    """Three-digit segments a mainland mobile number may start with.

    The MIIT ranges (:func:`svccheck.pii.ranges.mobile_prefixes`) and every
    segment the phone metadata types as mobile. The metadata's mobile
    pattern constrains at most the first five digits, so trying each
    three-digit segment with every fourth and fifth digit finds them all.
    """
    pattern = re.compile(
        phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern)
    typed = {
        str(prefix) for prefix in range(100, 200)
        if any(pattern.fullmatch(f"{prefix}{tail:02d}{rest}")
               for tail in range(100) for rest in ("000000", "999999"))
    }
    return frozenset(typed | ranges.mobile_prefixes())


def _digits_gapped(digits: str) -> str:
    return _GAP.join(re.escape(d) for d in digits)


@lru_cache(maxsize=1)
def phone_pattern() -> str:
    """A regex matched by every NFKC text in which the detector may find a phone number."""
    segments = "|".join(_digits_gapped(p) for p in sorted(mobile_prefixes()))
    # a number touching an ASCII letter, digit or underscore is part of a longer
    # token (SF13812345678, JT0084765896320): the detector never reads it
    before = r"(?:^|[^0-9A-Za-z_])"
    mobile = (rf"{before}(?:(?:\+|00)?8{_GAP}6|0)?{_GAP}(?:{segments})"
              rf"(?:{_GAP}[0-9]){{8}}(?:[^0-9A-Za-z_]|$)")
    landline = rf"{before}(?:0|8{_GAP}6){_GAP}[1-9](?:{_GAP}[0-9]){{6,}}"
    international = rf"{before}(?:\+|0{_GAP}0){_GAP}[0-9]"
    return f"{mobile}|{landline}|{international}"


def _luhn(digits: str) -> pl.Expr:
    """The Luhn check over the (up to 19) digits of column ``digits``, in integer arithmetic."""
    number = pl.col(digits).cast(pl.UInt64, strict=False)
    total = pl.lit(0, pl.UInt64)
    for position in range(19):
        d = (number // (10 ** position)) % 10
        if position % 2:
            d = d * 2 - pl.when(d > 4).then(9).otherwise(0)
        total = total + d
    return (total % 10) == 0


def _network(digits: pl.Expr) -> pl.Expr:
    return pl.any_horizontal([
        digits.str.slice(0, len(low)).is_between(pl.lit(low), pl.lit(high))
        for low, high in CARD_NETWORKS
    ])


def _born(digits: pl.Expr) -> pl.Expr:
    """Whether the eight digits are a real date from 1900 on (a birth date)."""
    day = digits.str.to_date("%Y%m%d", strict=False)
    return day.is_not_null() & (day.dt.year() >= 1900)


def _id18(value: pl.Expr) -> pl.Expr:
    """GB 11643: province, birth date and the ISO 7064 MOD 11-2 check character."""
    total = pl.sum_horizontal([
        value.str.slice(i, 1).cast(pl.Int64, strict=False).fill_null(0) * w
        for i, w in enumerate(ID_WEIGHTS)
    ])
    check = (total % 11).replace_strict(dict(enumerate(ID_CHECK)), return_dtype=pl.String)
    return value.str.contains(r"^[0-9]{17}[0-9X]$") & (
        value.str.slice(0, 2).is_in(sorted(PROVINCES))
        & _born(value.str.slice(6, 8)) & (check == value.str.slice(17, 1)))


def _long_runs(frame: pl.LazyFrame, norm: str, row: str) -> pl.LazyFrame:
    """``row`` and ``id``/``card`` flags of each long run of digits that passes its checks.

    A run written in groups passes as both: which groups form the number is the
    detector's call.
    """
    runs = (frame.select(pl.col(row), pl.col(norm).str.extract_all(_LONG_RUN).alias("run"))
            .explode("run").drop_nulls("run")
            .with_columns(pl.col("run").str.to_uppercase())
            .with_columns(pl.col("run").str.replace_all(r"[ \-]", "").alias("digits"),
                          pl.col("run").str.contains(r"[ \-]").alias("grouped"))
            .with_columns(pl.col("digits").str.len_chars().alias("length"),
                          pl.col("digits").str.contains(r"^[0-9]+$").alias("plain")))
    digits, length, plain = pl.col("digits"), pl.col("length"), pl.col("plain")
    card = (plain & length.is_between(16, 19) & _network(digits) & _luhn("digits")) | (
        plain & (length == 15) & digits.str.starts_with("3") & digits.str.slice(1, 1).is_in(
            ["4", "7"]) & _luhn("digits"))
    id15 = (plain & (length == 15) & digits.str.slice(0, 2).is_in(sorted(PROVINCES))
            & _born(pl.lit("19") + digits.str.slice(6, 6)))
    ident = (length == 18) & _id18(digits)
    grouped = pl.col("grouped")
    return (runs.select(pl.col(row), (grouped | card).fill_null(False).alias("card"),
                        (grouped | id15 | ident).fill_null(False).alias("id"))
            .group_by(row).agg(pl.col("card").any(), pl.col("id").any()))


#: The candidate flags :func:`candidates` adds, one per group of kinds.
FLAGS: dict[str, tuple[str, ...]] = {
    "_may_email": ("email",),
    "_may_name": ("name",),
    "_may_phone": ("mobile", "landline"),
    "_may_id": ("id",),
    "_may_card": ("card",),
}


def candidates(frame: pl.LazyFrame, text: str, force: pl.Expr | None = None) -> pl.LazyFrame:
    """The rows of ``frame`` whose ``text`` may hold a personal value, with what kinds.

    Adds a Boolean column per entry of :data:`FLAGS`: the kinds the detector
    may find in that text (a kind not flagged finds nothing there, so the
    detector can leave it out). Rows with no flag are dropped; rows where
    ``force`` holds are kept with every flag set. The rows keep their order.
    """
    row, norm = "_cand_row", "_cand_norm"
    forced = pl.lit(False) if force is None else force.fill_null(False)
    base = (frame.with_row_index(row)
            .with_columns(pl.col(text).cast(pl.String).str.normalize("NFKC").alias(norm),
                          forced.alias("_cand_force"))
            .filter(pl.col(norm).str.contains(PREFILTER).fill_null(False)
                    | pl.col("_cand_force")))
    n = pl.col(norm)
    other_digits = n.str.contains(r"[\p{Nd}&&[^0-9]]")  # the phone matcher reads them all
    flagged = base.with_columns(
        n.str.contains(r"[@＠﹫]").alias("_may_email"),
        n.str.contains(names.prefilter()).alias("_may_name"),
        (n.str.contains(phone_pattern()) | other_digits).alias("_may_phone"),
        other_digits.alias("_cand_other"),
    )
    runs = _long_runs(base, norm, row)
    joined = flagged.join(runs, on=row, how="left", maintain_order="left").with_columns(
        (pl.col("card").fill_null(False) | pl.col("_cand_other")).alias("_may_card"),
        (pl.col("id").fill_null(False) | pl.col("_cand_other")).alias("_may_id"),
    ).with_columns([(pl.col(flag).fill_null(False) | pl.col("_cand_force")).alias(flag)
                    for flag in FLAGS])
    keep = pl.any_horizontal([pl.col(flag) for flag in FLAGS])
    return joined.filter(keep).drop(row, norm, "card", "id", "_cand_other", "_cand_force")


def kinds_of(row: dict[str, object]) -> frozenset[str]:
    """The kinds flagged in a row of :func:`candidates`."""
    return frozenset(kind for flag, kinds in FLAGS.items() if row.get(flag) for kind in kinds)
