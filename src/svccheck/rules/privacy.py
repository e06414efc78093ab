"""The ``privacy.*`` family: what a ticket export must not show.

Seed 004 二.5 asks that an archived record identify the customer "使用客户编号
而非真实姓名/电话", and its template hides the contact ("联系方式（隐藏后四
位）"); 003 (电商手册 4.3 客户隐私保护) makes customer data confidential. Five
rules follow:

* ``privacy.unmasked-contact`` -- the contact field is masked, and masked
  enough;
* ``privacy.x-mask`` -- and masked with a mask character, not ``X``;
* ``privacy.pii-in-text`` -- no name, mobile, landline, resident ID, bank
  card or e-mail address in the customer id, the free text, the
  conversation (whoever wrote it) or a column no field maps;
* ``privacy.customer-name`` -- a customer-name column holds masked names;
* ``privacy.complementary-masks`` -- no two masked forms of one number that
  together show all of it.

Detection lives in :mod:`svccheck.pii`. Every finding quotes what it found
masked (``138****5678``, ``张*``) with its surroundings re-masked, and its
key (which feeds the fingerprint) holds only masked forms: a hash of a raw
11-digit number is reversed by trying them all. A vectorised prefilter (an
``@``, seven digits close together, a context that introduces a name) picks
the cells worth a Python look, so a million clean rows stay a polars scan.
Each rule judges the tickets that have something for it to read (a contact,
a text, a message); a ticket with none is outside its scope.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import TICKET_FIELDS, field_label
from svccheck.pii import KINDS, THOROUGH, Detection, Options, detect, excerpts, mask_detection
from svccheck.pii.candidates import FLAGS, candidates, kinds_of
from svccheck.pii.columns import UNMAPPED, cells
from svccheck.pii.complements import complementary_pairs
from svccheck.pii.mask import mask_value, redact_name
from svccheck.pii.masked import MASK_CHARS, Masked, find_masked, last_four_only
from svccheck.pii.names import whole_name
from svccheck.pii.ranges import whole_cell_mobile
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import conversation, when_label

TEXT_FIELDS: list[str] = ["description", "resolution", "remarks"]
#: What ``privacy.pii-in-text`` scans by default: the customer id and the free text.
SCANNED_FIELDS: list[str] = ["customer_id", *TEXT_FIELDS]
#: Fields whose whole value may be a name (张伟 as a customer id is a name).
NAME_FIELDS = frozenset({"customer_id", "customer_name"})

KIND_LABELS: dict[str, tuple[str, str]] = {
    "mobile": ("手机号码", "mobile number"),
    "landline": ("固定电话", "landline number"),
    "id": ("身份证号", "resident ID number"),
    "card": ("银行卡号", "bank card number"),
    "email": ("电子邮箱", "e-mail address"),
    "name": ("姓名", "name"),
    "number": ("号码", "number"),
}
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "customer": ("客户", "customer"),
    "agent": ("客服", "agent"),
    "supervisor": ("主管", "supervisor"),
    "system": ("系统", "system"),
    "bot": ("机器人", "bot"),
}
FINDING_SCHEMA: dict[str, Any] = {
    TICKET: pl.String, ROW: pl.Int64, SOURCE: pl.String, "field": pl.String,
    "message": pl.String, "evidence": pl.String, "key": pl.String,
}
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
#: A cell that may hold a masked number (after NFKC): a digit next to a mask
#: character, "尾号"-style wording, or a bare last four digits.
_MASKISH = (
    r"[0-9][ \-]?[*•●×#Xx]|[*•●×#Xx][ \-]?[0-9]|尾号|后四位|末四位"
    r"|(?i:ending in|ends in|last (?:four|4) digits)|^\s*[0-9]{4}\s*$"
)
#: A run of digits and mask characters: two in one cell may be two masked forms.
_NUMBER_RUN = r"[0-9*•●×#Xx](?:[ \-]?[0-9*•●×#Xx]){5,}"
#: A cell that may be nothing but a name: 张伟, 欧阳娜娜, John Smith.
_NAME_CELL = r"^\s*(?:\p{Han}{2,4}|[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+){0,2})\s*$"
#: A customer id of digits only can be personal only as a mobile (1 and ten
#: digits), an ID (15 or 18 characters) or a landline (trunk 0, country code
#: 86): a helpdesk's own numeric ids (11-14 digits) are not looked at one by one.
_DIGITS_ONLY = r"^\s*[0-9]+[Xx]?\s*$"
_PERSONAL_DIGITS = r"^\s*(?:1[0-9]{10}|[0-9]{15}|[0-9]{17}[0-9Xx]|0[0-9]{9,11}|86[0-9]{9,13})\s*$"
#: A contact holding an X or x between digits: the mask the standard does not take.
_X_MASKED = r"[0-9][ \-]?[Xx]|[Xx][ \-]?[0-9]"


def _kind(ctx: RuleContext, kind: str) -> str:
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return ctx.text(zh, en)


def _filled(name: str) -> pl.Expr:
    """Whether the ticket field holds something (not empty, not only spaces)."""
    return (pl.col(name).cast(pl.String).str.strip_chars().str.len_chars() > 0).fill_null(False)


def _has_unmapped(ctx: RuleContext) -> bool:
    return UNMAPPED in ctx.tickets.collect_schema().names()


def _scope(ctx: RuleContext, fields: list[str], messages: bool,
           unmapped: bool = False) -> pl.LazyFrame:
    """The tickets with something to read: a filled field, a kept unmapped cell or a message."""
    present = [_filled(name) for name in fields if name in ctx.columns]
    if unmapped and _has_unmapped(ctx):
        present.append(pl.col(UNMAPPED).is_not_null())
    filled = pl.any_horizontal(present) if present else pl.lit(False)
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        talked = (ctx.events.filter(_filled("text")).select(pl.col(TICKET))
                  .unique().with_columns(pl.lit(True).alias("_talked")))
        return (ctx.tickets.join(talked, on=TICKET, how="left", maintain_order="left")
                .filter(filled | pl.col("_talked").fill_null(False)))
    return ctx.tickets.filter(filled)


def _cells(ctx: RuleContext, fields: list[str], messages: bool, prefilter: str,
           unmapped: bool = False) -> pl.DataFrame:
    """The cells to scan: ticket fields, (optionally) every message, and unmapped columns.

    Columns: ticket, row, source, ``field``, ``where`` (the message's time or
    position; null for a ticket field), ``role``, ``kind`` and ``text``. Only cells
    whose NFKC form matches the ``prefilter`` regex are returned, so Python
    looks at the few cells that can hold a number or a name. A field that may
    hold a whole name (:data:`NAME_FIELDS`) also passes when it looks like one,
    and, when it is digits only, only in the shape of a personal number.
    The kept cells of columns no field maps come as ``field`` :data:`UNMAPPED`.
    """
    parts: list[pl.LazyFrame] = []
    for name in fields:
        if name in ctx.columns:
            parts.append(ctx.tickets.filter(_passes(ctx, name, prefilter)).select(
                pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
                pl.lit(name).alias("field"), pl.lit(None, pl.String).alias("where"),
                pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
                pl.col(name).cast(pl.String).alias("text"),
            ))
    if unmapped and _has_unmapped(ctx):
        parts.append(ctx.tickets.filter(pl.col(UNMAPPED).is_not_null()).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(UNMAPPED).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(UNMAPPED).alias("text"),
        ))
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        parts.append(conversation(ctx).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit("text").alias("field"), when_label(ctx).alias("where"),
            pl.col("role").cast(pl.String), pl.col("kind").cast(pl.String), pl.col("text"),
        ).filter(_prefiltered(pl.col("text"), prefilter)))
    if not parts:
        return pl.DataFrame(schema={
            TICKET: pl.String, ROW: pl.Int64, SOURCE: pl.String, "field": pl.String,
            "where": pl.String, "role": pl.String, "kind": pl.String, "text": pl.String,
        })
    return pl.concat(parts, how="vertical_relaxed").collect()


def _pii_cells(ctx: RuleContext, fields: list[str], messages: bool,
               unmapped: bool) -> list[pl.DataFrame]:
    """The cells ``privacy.pii-in-text`` reads, with the kinds each may hold.

    The same cells as :func:`_cells`, judged by :func:`svccheck.pii.candidates.candidates`
    in columns: only a cell with a candidate that passes its kind's checks is
    returned, with a flag per kind, so the detector runs on few cells and
    looks only for the kinds flagged. Every kept unmapped cell is returned
    (its header is its context). Parts come in :func:`_cells`' order.
    """
    columns = [TICKET, ROW, SOURCE, "field", "where", "role", "kind", "text"]
    parts: list[pl.LazyFrame] = []
    for name in fields:
        if name not in ctx.columns:
            continue
        frame = ctx.tickets.select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(name).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(name).cast(pl.String).alias("text"),
        )
        force = None
        if name in NAME_FIELDS:  # the whole cell may be a name or one bare number
            text = pl.col("text")
            digits_only = text.str.contains(_DIGITS_ONLY).fill_null(False)
            personal = text.str.contains(_PERSONAL_DIGITS).fill_null(False)
            frame = frame.filter(~digits_only | personal)
            force = (digits_only & personal) | (
                ~digits_only & text.str.contains(_NAME_CELL).fill_null(False))
        parts.append(candidates(frame, "text", force))
    if unmapped and _has_unmapped(ctx):
        parts.append(ctx.tickets.filter(pl.col(UNMAPPED).is_not_null()).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit(UNMAPPED).alias("field"), pl.lit(None, pl.String).alias("where"),
            pl.lit(None, pl.String).alias("role"), pl.lit(None, pl.String).alias("kind"),
            pl.col(UNMAPPED).alias("text"), *[pl.lit(True).alias(flag) for flag in FLAGS],
        ))
    if messages and ctx.events is not None and "text" in ctx.event_columns:
        parts.append(candidates(conversation(ctx).select(
            pl.col(TICKET), pl.col(ROW), pl.col(SOURCE),
            pl.lit("text").alias("field"), when_label(ctx).alias("where"),
            pl.col("role").cast(pl.String), pl.col("kind").cast(pl.String), pl.col("text"),
        ), "text"))
    wanted = [*columns, *FLAGS]
    return pl.collect_all([part.select(wanted) for part in parts])


def _prefiltered(text: pl.Expr, prefilter: str) -> pl.Expr:
    return text.str.normalize("NFKC").str.contains(prefilter).fill_null(False)


def _passes(ctx: RuleContext, name: str, prefilter: str) -> pl.Expr:
    """Which rows of a ticket field pass the prefilter, decided once per distinct value.

    A million tickets hold a few dozen distinct descriptions and resolutions;
    normalising and matching each distinct value once, then looking rows up
    by value, selects exactly the rows a row-by-row match would.
    """
    distinct = ctx.tickets.select(pl.col(name).cast(pl.String).alias("text").unique()).collect()
    text = pl.col("text")
    wanted = _prefiltered(text, prefilter)
    if name in NAME_FIELDS:  # the whole cell may be a name or one bare number
        wanted = (pl.when(text.str.contains(_DIGITS_ONLY).fill_null(False))
                  .then(text.str.contains(_PERSONAL_DIGITS))
                  .otherwise(wanted | text.str.contains(_NAME_CELL)).fill_null(False))
    hits = distinct.filter(wanted).to_series()
    return pl.col(name).cast(pl.String).is_in(hits.implode()).fill_null(False)


def _place(ctx: RuleContext, row: dict[str, Any], column: str | None = None) -> str:
    """Where a value was found: 备注 / a customer message (time) / column '原手机'."""
    if column is not None:
        return ctx.text(f"“{column}”列", f"column '{column}'")
    if row["where"] is None:
        return field_label(row["field"], ctx.lang)
    zh, en = ROLE_LABELS.get(row["role"] or "", ("", ""))
    who = ctx.text(zh, en)
    note = row["kind"] == "note"
    what = ctx.text("内部记录" if note else "消息", "note" if note else "message")
    return ctx.text(f"{who}{what}({row['where']})", f"{who + ' ' if who else ''}{what} "
                    f"({row['where']})")


def _finding(row: dict[str, Any], message: str, evidence: str | None, key: str) -> dict[str, Any]:
    return {TICKET: row[TICKET], ROW: row[ROW], SOURCE: row[SOURCE], "field": row["field"],
            "message": message, "evidence": evidence, "key": key}


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=FINDING_SCHEMA)


def _has_text(columns: frozenset[str], has_events: bool) -> str | None:
    if has_events or any(name in columns for name in SCANNED_FIELDS):
        return None
    return "export has no customer_id, description, resolution, remarks or messages"


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


# -- privacy.pii-in-text -------------------------------------------------------


@columnar_rule(
    id="privacy.pii-in-text",
    scope="ticket",
    title={"zh": "文本中无个人信息", "en": "No personal data in text"},
    severity="error",
    clause="004 二.5 (客户编号而非真实姓名/电话), 003 电商 4.3",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fields": {
                "type": "array", "items": {"enum": list(TICKET_FIELDS)}, "uniqueItems": True,
                "default": SCANNED_FIELDS, "description": "ticket fields to scan",
            },
            "messages": {
                "type": "boolean", "default": True,
                "description": "scan every message and note, whoever wrote it",
            },
            "unmapped": {
                "type": "boolean", "default": True,
                "description": "scan the columns no profile field maps "
                               "(邮箱, 身份证号码, 原手机...)",
            },
            "kinds": {
                "type": "array", "items": {"enum": list(KINDS)}, "uniqueItems": True,
                "minItems": 1, "default": list(KINDS),
                "description": "kinds of personal data to look for",
            },
            "allow": {
                **_WORDS, "default": [],
                "description": "values that are not personal (the company's own hotline "
                               "or service address), in any written form",
            },
            "card_words": {
                **_WORDS, "minItems": 1, "default": list(Options().card_words),
                "description": "words that make a 16-19 digit number in free text a card",
            },
            "order_words": {
                **_WORDS, "default": list(Options().order_words),
                "description": "words that make the number right after them an order number",
            },
            "card_fields": {
                "type": "array", "items": {"enum": list(TICKET_FIELDS)}, "uniqueItems": True,
                "default": [],
                "description": "scanned fields that hold card numbers (no card word needed)",
            },
        },
    },
)
def pii_in_text(ctx: RuleContext) -> pl.DataFrame:
    """No personal data in the customer id, the free text, any message or an unmapped column.

    Seed 004 二.5: records use "客户编号而非真实姓名/电话"; 003 电商 4.3: customer
    data is confidential. The customer id, description, resolution, remarks
    (``fields``), every message or note (``messages``), whoever wrote it, and
    every column no profile field maps (``unmapped``: 邮箱, 身份证号码, 原手机 …)
    must not hold:

    * a customer's **name** -- read where a context introduces it: 张先生, 李娜
      女士, 姓名：张伟, 客户张伟, 收件人 张伟, 联系人：…, 我是张伟 (from a
      customer), Mr/Ms/Mrs Smith, "name: John Smith", "my name is …" (from a
      customer); a customer id that is nothing but a name (``张伟``). An
      agent introducing themselves (我是李娜, 客服小王, "my name is Anna"
      written by an agent), a colleague with a title (客服主管B, 客服专员张敏),
      places and brands are not names;
    * a mainland **mobile** (also with ``+86``/``86``, spaces, dashes, dots or
      full-width digits; a number of a segment the phone metadata does not type
      -- 146, 148, 149, 1740x-1749x -- right after a phone word);
    * a **landline** with its area code;
    * a **resident ID** (GB 11643 check character, real birth date, valid
      province; also written 6-4-4-4; a 15-digit first-generation ID right after
      an ID word);
    * a **bank card** (16-19 digits, Luhn, a card-network prefix, or a 15-digit
      American Express; in free text a card word such as 卡号/银行卡/账号/card
      nearby);
    * an **e-mail** address.

    Order, tracking and ticket numbers, timestamps, amounts, 400/95xxx service
    numbers and values already masked (``138****5678``, ``张*``) are not
    flagged; ``allow`` exempts the company's own numbers. Each value found is
    one finding, quoted masked (a name as ``张*``). Every ticket with such a
    text is judged.
    """
    params = ctx.params
    options = Options(
        kinds=frozenset(params["kinds"]),
        card_words=tuple(w.lower() for w in params["card_words"]),
        order_words=tuple(w.lower() for w in params["order_words"]),
    ).allowing(params["allow"])
    card_fields = set(params["card_fields"])
    fields, unmapped = params["fields"], params["unmapped"]
    ctx.cover(_scope(ctx, fields, params["messages"], unmapped))
    by_speaker: dict[tuple[str | None, bool, frozenset[str]], Options] = {}

    def options_for(role: str | None, card_column: bool, kinds: frozenset[str]) -> Options:
        # the kinds a cell's candidates allow: one the columns ruled out finds nothing
        key = (role, card_column, kinds)
        if key not in by_speaker:
            by_speaker[key] = replace(options, speaker=role, kinds=options.kinds & kinds,
                                      card_context=options.card_context and not card_column)
        return by_speaker[key]

    rows: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    # conversations repeat themselves (canned replies): detect each text once per writer
    done: dict[tuple[str | None, bool, frozenset[str], str], list[Detection]] = {}
    for part in _pii_cells(ctx, fields, params["messages"], unmapped):
        for row in part.iter_rows(named=True):
            rows.extend(_cell_findings(ctx, row, options, card_fields, options_for, done, seen))
    return _frame(rows)


#: Options for a cell: its writer's role, whether its field holds cards, its kinds.
OptionsFor = Callable[[str | None, bool, frozenset[str]], Options]


def _cell_findings(ctx: RuleContext, row: dict[str, Any], options: Options,
                   card_fields: set[str], options_for: OptionsFor,
                   done: dict[Any, list[Detection]], seen: Counter[str]) -> list[dict[str, Any]]:
    """The findings of one candidate cell: the detector decides, for the kinds flagged."""
    text = row["text"]
    rows: list[dict[str, Any]] = []
    if row["field"] == UNMAPPED:
        for header, value in cells(text):
            rows.extend(_column_findings(ctx, row, header, value, options, seen))
        return rows
    kinds = kinds_of(row)
    key = (row["role"], row["field"] in card_fields, kinds, text)
    if key not in done:
        done[key] = detect(text, options_for(*key[:3]))
    found = done[key]
    if not found and row["field"] in NAME_FIELDS and "name" in options.kinds:
        name = whole_name(text, single_word=False)
        if name is not None and name not in options.allow:
            found = [Detection("name", 0, len(text), name)]
    # every excerpt of a cell from one redaction of it: linear in the text
    for d, shown in zip(found, excerpts(text, found, kinds=kinds), strict=True):
        rows.append(_text_finding(ctx, row, shown, d, seen))
    return rows


def _text_finding(
    ctx: RuleContext, row: dict[str, Any], evidence: str, d: Detection, seen: Counter[str],
    column: str | None = None,
) -> dict[str, Any]:
    place = _place(ctx, row, column)
    shown = mask_detection(d)
    where = row["where"] or (f"column {column}" if column is not None else "")
    base = f"{row[TICKET]}|{row['field']}|{where}|{d.kind}|{shown}"
    seen[base] += 1
    message = ctx.text(f"{place}中有{_kind(ctx, d.kind)}",
                       f"{_kind(ctx, d.kind)} in {place}")
    finding = _finding(row, message, evidence, f"{where}|{d.kind}|{shown}|{seen[base]}")
    if column is not None:
        finding["field"] = None  # not a canonical field: the message names the column
    return finding


def _column_findings(ctx: RuleContext, row: dict[str, Any], header: str, value: str,
                     options: Options, seen: Counter[str]) -> list[dict[str, Any]]:
    """Findings in one cell of a column no field maps; its header is its context (身份证号码)."""
    text = f"{header}：{value}"
    start = len(header) + 1
    shown_header = redact_name(header)
    found = [d for d in detect(text, options) if d.start >= start]
    return [_text_finding(ctx, row, shown, d, seen, column=shown_header)
            for d, shown in zip(found, excerpts(text, found), strict=True)]


pii_in_text = Rule(**{**pii_in_text.__dict__, "precondition": _has_text})


# -- privacy.customer-name -----------------------------------------------------


@columnar_rule(
    id="privacy.customer-name",
    scope="ticket",
    title={"zh": "客户姓名已隐藏", "en": "Customer name is masked"},
    severity="error",
    clause="004 二.5 (客户编号而非真实姓名/电话)",
    requires=("customer_name",),
)
def customer_name(ctx: RuleContext) -> pl.DataFrame:
    """A customer-name column holds masked names only.

    Seed 004 二.5: an archived record identifies the customer by 客户编号
    "而非真实姓名/电话". Helpdesk exports often carry the name anyway -- 客户姓名,
    姓名, 联系人, 发起人, customer name (the profile maps the column to
    ``customer_name``). Each ticket whose name cell holds an unmasked name
    (``张伟``, ``欧阳娜娜``, ``张先生``, ``John Smith``) is a finding, quoted
    masked (``张*``); a masked name (``张*``, ``张**``, ``J*** S****``) passes.
    A phone number or other personal value in the cell is a finding too. A
    cell that names an agent by title (客服专员张敏: an export's 发起人 can
    be an agent) is skipped, as is an empty cell.
    """
    titles = "|".join(re.escape(t) for t in ("客服", "专员", "主管", "经理", "坐席", "工号"))
    agent = pl.col("customer_name").cast(pl.String).str.strip_chars().str.contains(
        rf"^(?:{titles})|^(?i:agent|support)\b").fill_null(False)
    filled = ctx.tickets.filter(_filled("customer_name"))
    ctx.cover(filled, skip=pl.when(agent).then(
        pl.lit(ctx.text("姓名列是客服人员", "the name column names an agent"))))
    frame = filled.filter(~agent).select(
        pl.col(TICKET), pl.col(ROW), pl.col(SOURCE), pl.lit("customer_name").alias("field"),
        pl.lit(None, pl.String).alias("where"), pl.lit(None, pl.String).alias("role"),
        pl.lit(None, pl.String).alias("kind"),
        pl.col("customer_name").cast(pl.String).alias("text"),
    ).collect()
    label = field_label("customer_name", ctx.lang)
    rows: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        text = row["text"]
        name = whole_name(text)
        found = ([Detection("name", 0, len(text), name)] if name is not None
                 else detect(text, THOROUGH))
        cut = excerpts(text, found) if name is None else [None] * len(found)
        for n, (d, evidence) in enumerate(zip(found, cut, strict=True)):
            shown = mask_detection(d)
            what = _kind(ctx, d.kind)
            rows.append(_finding(row, ctx.text(f"{label}显示了未隐藏的{what}",
                                               f"{label} shows an unmasked {what}"),
                                 evidence if evidence is not None else shown,
                                 f"{d.kind}|{shown}|{n}"))
    return _frame(rows)


# -- privacy.complementary-masks -----------------------------------------------


@columnar_rule(
    id="privacy.complementary-masks",
    scope="ticket",
    title={"zh": "同一号码的不同掩码不互补", "en": "Masks do not complement each other"},
    severity="warning",
    clause="004 二.5",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fields": {
                "type": "array", "items": {"enum": list(TICKET_FIELDS)}, "uniqueItems": True,
                "default": ["contact", *TEXT_FIELDS],
                "description": "ticket fields whose masked values are compared",
            },
            "messages": {
                "type": "boolean", "default": True,
                "description": "compare masked values in messages and notes too",
            },
        },
    },
)
def complementary_masks(ctx: RuleContext) -> pl.DataFrame:
    """Two masked forms of one number in one ticket do not together show all of it.

    Seed 004 二.5 (客户编号而非真实姓名/电话). Each of ``138****5678`` and
    ``1381234****`` is masked; a ticket that holds both shows every digit. The
    contact field, the text fields and (``messages``) every message are
    compared; a contact of only the last 4 digits and "尾号5678" in the text
    count as masked forms too. The finding names where the two forms are and
    shows the number masked the standard way, never the forms themselves.
    """
    fields = ctx.params["fields"]
    ctx.cover(_scope(ctx, fields, ctx.params["messages"]))
    cells = _cells(ctx, fields, ctx.params["messages"], _MASKISH)
    # one masked form alone reveals nothing: a second must be in the ticket,
    # in another cell or in the same one (decided once per distinct text)
    distinct = cells.select(pl.col("text").unique())
    runs = distinct.filter(
        pl.col("text").str.normalize("NFKC").str.count_matches(_NUMBER_RUN) >= 2
    ).to_series()
    texts = cells.filter(pl.col(TICKET).is_duplicated() | pl.col("text").is_in(runs.implode()))
    by_ticket: dict[str, list[tuple[dict[str, Any], Masked]]] = {}
    for row in texts.iter_rows(named=True):
        forms = find_masked(row["text"])
        if row["field"] == "contact":
            tail = last_four_only(row["text"])
            if tail is not None:
                forms.append(tail)
        for masked in forms:
            by_ticket.setdefault(row[TICKET], []).append((row, masked))
    rows: list[dict[str, Any]] = []
    for forms in by_ticket.values():
        reported: set[str] = set()
        # the pairs that combine, in pair order, without trying every pair
        for i, j, value in complementary_pairs([masked for _, masked in forms]):
            (first_row, first), (second_row, _) = forms[i], forms[j]
            shown = Masked(tuple(value)).safe()
            if shown in reported:
                continue
            reported.add(shown)
            where = (_place(ctx, first_row), _place(ctx, second_row))
            anchor = first_row if first_row["field"] == "contact" else second_row
            message = ctx.text(
                f"{where[0]}与{where[1]}中同一{_kind(ctx, first.kind)}的两种掩码合起来显示了"
                f"全部数字",
                f"two masked forms of one {_kind(ctx, first.kind)} (in {where[0]} and "
                f"{where[1]}) together show all its digits",
            )
            rows.append(_finding(anchor, message, shown, f"{first.kind}|{shown}"))
    return _frame(rows)


RULES: list[Rule] = [unmasked_contact, x_mask, pii_in_text, customer_name, complementary_masks]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
