"""``privacy.unmasked-contact`` and ``privacy.x-mask``: the contact field, masked well.

Seed 004 三: the template's column is "联系方式（隐藏后四位）"; 二.5 asks for
"客户编号而非真实姓名/电话". Every compliant form a contact takes
(``138****5678``, ``1381234****``, ``5678``, ``0571-****6666``,
``z***@163.com``, full-width ``＊``) is settled in polars columns; only a
contact that shows too much -- the findings, and few -- is read in Python,
where the finding's message and masked evidence are written.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.pii import THOROUGH, Detection, detect, mask_detection
from svccheck.pii.mask import mask_value
from svccheck.pii.masked import MASK_CHARS, Masked, find_masked, last_four_only
from svccheck.pii.ranges import whole_cell_mobile
from svccheck.rule import RuleContext, columnar_rule
from svccheck.rules.privacy_findings import filled as _filled
from svccheck.rules.privacy_findings import finding as _finding
from svccheck.rules.privacy_findings import finding_frame as _frame
from svccheck.rules.privacy_findings import kind_label as _kind

#: A contact holding an X or x between digits: the mask the standard does not take.
_X_MASKED = r"[0-9][ \-]?[Xx]|[Xx][ \-]?[0-9]"


# -- privacy.unmasked-contact --------------------------------------------------


@columnar_rule(
    id="privacy.unmasked-contact",
    scope="ticket",
    title={"zh": "联系方式已隐藏", "en": "Contact is masked"},
    severity="error",
    clause="004 三 (联系方式隐藏), 二.5",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "mask_chars": {
                "type": "string", "pattern": "^[*＊•●×#]+$", "default": "*＊•●×#",
                "description": "characters that count as a mask: some of *＊•●×# "
                               "(an X/x mask is privacy.x-mask's warning)",
            },
            "max_visible": {
                "type": "integer", "minimum": 0, "maximum": 11, "default": 7,
                "description": "most digits of a mobile number that may show",
            },
            "min_hidden": {
                "type": "integer", "minimum": 1, "maximum": 11, "default": 4,
                "description": "fewest digits that must be hidden, of a mobile, landline "
                               "or short number",
            },
        },
    },
    requires=("contact",),
)
def unmasked_contact(ctx: RuleContext) -> pl.DataFrame:
    """The contact field hides the customer's number.

    Seed 004 三: the template's column is "联系方式（隐藏后四位）", and 二.5 asks
    for "客户编号而非真实姓名/电话". A contact value is a finding when it holds a
    whole mobile (every mainland segment, 146/148/149/1740x included: the
    column itself says it is a phone number), landline, ID, card number or
    e-mail address, or any other whole number of five digits or more
    (``88886666``: a landline without its area code, a short number); when a
    masked mobile shows more than ``max_visible`` digits or hides fewer than
    ``min_hidden``; or when a masked landline or short number hides fewer than
    ``min_hidden`` (``0571-8888***8``). Keeping the first 3 and last 4
    (``138****5678``), hiding the last 4 (``1381234****``), ``0571-****6666``
    and keeping only the last 4 (``5678``) all pass. Mask characters
    (``mask_chars``): ``*＊•●×#``; ``X``/``x`` counts as hidden here and is
    reported by ``privacy.x-mask`` (a warning). Every ticket with a contact is
    judged.
    """
    allowed = set(ctx.params["mask_chars"].replace("＊", "*"))
    max_visible, min_hidden = ctx.params["max_visible"], ctx.params["min_hidden"]
    ctx.cover(ctx.tickets.filter(_filled("contact")))
    text = pl.col("text").str.strip_chars()
    frame = ctx.tickets.select(
        pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
        pl.lit("contact").alias("field"), pl.col("contact").cast(pl.String).alias("text"),
    ).filter(
        text.str.contains(r"\p{Nd}|@").fill_null(False)
        & ~text.str.contains(_compliant_pattern(allowed, max_visible, min_hidden)).fill_null(False)
    ).collect()
    rows: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        text = row["text"]
        if last_four_only(text) is not None:
            continue
        found = detect(text, THOROUGH)
        if not found and (mobile := whole_cell_mobile(text)) is not None:
            found = [Detection("mobile", 0, len(text), mobile)]
        for n, d in enumerate(found):
            shown = mask_detection(d)
            rows.append(_finding(row, ctx.text(
                f"联系方式显示了完整的{_kind(ctx, d.kind)}",
                f"contact shows a whole {_kind(ctx, d.kind)}",
            ), shown, f"whole|{d.kind}|{shown}|{n}"))
        if found:
            continue
        masks = find_masked(text)
        for n, masked in enumerate(masks):
            problem = _mask_problem(ctx, masked, allowed, text, max_visible, min_hidden)
            if problem is not None:
                rows.append(_finding(row, problem, masked.safe(), f"mask|{masked.safe()}|{n}"))
        if not masks and (digits := _whole_number(text)) is not None:
            shown = mask_value("number", digits)
            rows.append(_finding(row, ctx.text(
                f"联系方式显示了完整的号码({len(digits)} 位，至少应隐藏 {min_hidden} 位)",
                f"contact shows a whole number ({len(digits)} digits; at least "
                f"{min_hidden} must be hidden)",
            ), shown, f"whole|number|{shown}"))
    return _frame(rows)


def _whole_number(text: str) -> str | None:
    """The digits of a contact that is one unmasked number of five digits or more."""
    norm = re.sub(r"[\s\-()（）+.]", "", text)
    return norm if len(norm) >= 5 and norm.isascii() and norm.isdigit() else None


def _compliant_pattern(allowed: set[str], max_visible: int, min_hidden: int) -> str:
    """The compliant contacts, settled in polars; only the rest need a Python look.

    Each form here is one the Python path below finds nothing in, for these
    parameters: the last four ``5678``; a mobile that keeps the first 3 and
    last 4 (``138****5678``) or hides the last 4 (``1381234****``, the
    template's own form); a landline that hides 4 before its last 4
    (``0571-****6666``); an e-mail whose local part is a letter and a mask
    (``z***@163.com``). ``X``/``x`` counts as hidden, as it does below (the
    warning is ``privacy.x-mask``'s). Anything else -- a whole number, a
    short mask, a mask character not allowed -- goes to Python and is judged
    there; such contacts are the findings, and few.
    """
    chars = "".join(sorted(allowed | ({"＊"} if "*" in allowed else set())))
    mask = "[" + re.escape(chars) + "]"
    hidden = "[" + re.escape(chars) + "Xx]"
    forms = [r"[0-9]{4}"]
    if max_visible >= 7 and min_hidden <= 4:
        forms.append(rf"1[0-9]{{2}}{hidden}{{4}}[0-9]{{4}}")
        forms.append(rf"1[0-9]{{6}}{hidden}{{4}}")
    if min_hidden <= 4:
        forms.append(rf"0[1-9][0-9]{{1,2}}-{mask}{{4}}[0-9]{{4}}")
    forms.append(rf"[A-Za-z]{mask}{{2,8}}@[A-Za-z][A-Za-z0-9\-]{{0,30}}"
                 r"(?:\.[A-Za-z][A-Za-z0-9\-]{0,30}){0,3}\.[A-Za-z]{2,24}")
    forms.append(rf"[A-Za-z]{mask}{{2,8}}@[0-9]{{1,4}}(?:\.[A-Za-z]{{2,24}}){{1,2}}")
    return "^(?:" + "|".join(forms) + ")$"


def _mask_problem(
    ctx: RuleContext, masked: Masked, allowed: set[str], text: str, max_visible: int,
    min_hidden: int,
) -> str | None:
    used = {c for c in text.replace("＊", "*") if c in MASK_CHARS}
    if used - allowed:
        return ctx.text(f"联系方式使用了未允许的掩码字符 {''.join(sorted(used - allowed))}",
                        f"contact uses mask characters not allowed: "
                        f"{''.join(sorted(used - allowed))}")
    if masked.kind == "mobile":
        if masked.visible > max_visible or masked.hidden < min_hidden:
            return ctx.text(
                f"手机号码显示 {masked.visible} 位、隐藏 {masked.hidden} 位"
                f"(至多显示 {max_visible} 位，至少隐藏 {min_hidden} 位)",
                f"mobile number shows {masked.visible} digits and hides {masked.hidden} "
                f"(at most {max_visible} may show, at least {min_hidden} must be hidden)",
            )
        return None
    if masked.hidden < min_hidden:
        return ctx.text(
            f"号码隐藏了 {masked.hidden} 位(至少应隐藏 {min_hidden} 位)",
            f"number hides {masked.hidden} digits (at least {min_hidden} must be hidden)",
        )
    return None


# -- privacy.x-mask ----------------------------------------------------------------


@columnar_rule(
    id="privacy.x-mask",
    scope="ticket",
    title={"zh": "联系方式不以 X 作掩码", "en": "Contact is not masked with X"},
    severity="warning",
    clause="004 三 (联系方式隐藏)",
    requires=("contact",),
)
def x_mask(ctx: RuleContext) -> pl.DataFrame:
    """The contact is masked with a mask character, not with ``X``.

    Seed 004 三 hides the contact's digits (联系方式（隐藏后四位）). ``138XXXX5678``
    hides them too, so it is no error -- but ``X`` is also the check character
    that ends one resident ID in eleven, so an ``X`` in a number reads as a
    digit to anyone (or any tool) that meets it later, and a mask of ``X``
    cannot be told from a typo. A warning, with the reason, for each contact
    masked with ``X``/``x``; the final ``X`` of an 18-character ID is not a
    mask. ``privacy.unmasked-contact`` still counts the digits an ``X`` hides.
    Every ticket with a contact is judged.
    """
    ctx.cover(ctx.tickets.filter(_filled("contact")))
    frame = ctx.tickets.select(
        pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
        pl.lit("contact").alias("field"), pl.col("contact").cast(pl.String).alias("text"),
    ).filter(pl.col("text").str.normalize("NFKC").str.contains(_X_MASKED).fill_null(False)
             ).collect()
    rows: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        for n, masked in enumerate(m for m in find_masked(row["text"]) if m.x_mask):
            rows.append(_finding(row, ctx.text(
                "联系方式用 X 作掩码：身份证号以 X 结尾，X 会被当作号码的一部分，"
                "应使用 * 等掩码字符",
                "contact is masked with X: resident IDs end in X, so an X reads as part "
                "of the number; use * or another mask character",
            ), masked.safe(), f"x|{masked.safe()}|{n}"))
    return _frame(rows)
