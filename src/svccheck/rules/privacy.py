"""The ``privacy.*`` family: what a ticket export must not show.

Seed 004 二.5 asks that an archived record identify the customer "使用客户编号
而非真实姓名/电话", and its template hides the contact ("联系方式（隐藏后四
位）"); 003 (电商手册 4.3 客户隐私保护) makes customer data confidential. Three
rules follow:

* ``privacy.unmasked-contact`` -- the contact field is masked, and masked
  properly;
* ``privacy.pii-in-text`` -- no mobile, landline, resident ID, bank card or
  e-mail address in the free text or the conversation, whoever wrote it;
* ``privacy.complementary-masks`` -- no two masked forms of one number that
  together show all of it.

Detection lives in :mod:`svccheck.pii`. Every finding quotes what it found
masked (``138****5678``) with its surroundings re-masked, and its key (which
feeds the fingerprint) holds only masked forms: a hash of a raw 11-digit
number is reversed by trying them all. A vectorised prefilter (an ``@`` or
seven digits close together) picks the cells worth a Python look, so a
million clean rows stay a polars scan.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import polars as pl

from svccheck.hookspecs import hookimpl
from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import TICKET_FIELDS, field_label
from svccheck.pii import KINDS, THOROUGH, Detection, Options, detect, excerpt, mask_detection
from svccheck.pii.mask import PREFILTER
from svccheck.pii.masked import MASK_CHARS, Masked, find_masked, last_four_only
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.conversation import conversation, when_label

TEXT_FIELDS: list[str] = ["description", "resolution", "remarks"]

KIND_LABELS: dict[str, tuple[str, str]] = {
    "mobile": ("手机号码", "mobile number"),
    "landline": ("固定电话", "landline number"),
    "id": ("身份证号", "resident ID number"),
    "card": ("银行卡号", "bank card number"),
    "email": ("电子邮箱", "e-mail address"),
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


def _kind(ctx: RuleContext, kind: str) -> str:
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return ctx.text(zh, en)


def _cells(ctx: RuleContext, fields: list[str], messages: bool, prefilter: str) -> pl.DataFrame:
    """The cells to scan: ticket text fields and (optionally) every message.

    Columns: ticket, row, source, ``field``, ``where`` (the message's time or
    position; null for a ticket field), ``role``, ``kind`` and ``text``. Only cells
    whose NFKC form matches the ``prefilter`` regex are returned, so Python
    looks at the few cells that can hold a number.
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


def _prefiltered(text: pl.Expr, prefilter: str) -> pl.Expr:
    return text.str.normalize("NFKC").str.contains(prefilter).fill_null(False)


def _passes(ctx: RuleContext, name: str, prefilter: str) -> pl.Expr:
    """Which rows of a ticket field pass the prefilter, decided once per distinct value.

    A million tickets hold a few dozen distinct descriptions and resolutions;
    normalising and matching each distinct value once, then looking rows up
    by value, selects exactly the rows a row-by-row match would.
    """
    distinct = ctx.tickets.select(pl.col(name).cast(pl.String).alias("text").unique()).collect()
    hits = distinct.filter(_prefiltered(pl.col("text"), prefilter)).to_series()
    return pl.col(name).cast(pl.String).is_in(hits.implode()).fill_null(False)


def _place(ctx: RuleContext, row: dict[str, Any]) -> str:
    """Where a value was found, for a message: 备注 / a customer message (time)."""
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
    if has_events or any(name in columns for name in TEXT_FIELDS):
        return None
    return "export has no description, resolution, remarks or messages"


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
                               "(X/x never do)",
            },
            "max_visible": {
                "type": "integer", "minimum": 0, "maximum": 11, "default": 7,
                "description": "most digits of a mobile number that may show",
            },
            "min_hidden": {
                "type": "integer", "minimum": 1, "maximum": 11, "default": 4,
                "description": "fewest digits of a mobile number that must be hidden",
            },
        },
    },
    requires=("contact",),
)
def unmasked_contact(ctx: RuleContext) -> pl.DataFrame:
    """The contact field hides the customer's number.

    Seed 004 三: the template's column is "联系方式（隐藏后四位）", and 二.5 asks
    for "客户编号而非真实姓名/电话". A contact value is a finding when it holds a
    whole mobile, landline, ID, card number or e-mail address; when a masked
    mobile shows more than ``max_visible`` digits or hides fewer than
    ``min_hidden``; or when it is masked with ``X``/``x`` (a resident ID ends
    in ``X``, so ``138XXXX5678`` is not a mask anyone can trust). Keeping the
    first 3 and last 4 (``138****5678``), hiding the last 4 (``1381234****``)
    and keeping only the last 4 (``5678``) all pass. Mask characters
    (``mask_chars``): ``*＊•●×#``.
    """
    allowed = set(ctx.params["mask_chars"].replace("＊", "*"))
    max_visible, min_hidden = ctx.params["max_visible"], ctx.params["min_hidden"]
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
        for n, d in enumerate(found):
            shown = mask_detection(d)
            rows.append(_finding(row, ctx.text(
                f"联系方式显示了完整的{_kind(ctx, d.kind)}",
                f"contact shows a whole {_kind(ctx, d.kind)}",
            ), shown, f"whole|{d.kind}|{shown}|{n}"))
        if found:
            continue
        for n, masked in enumerate(find_masked(text)):
            problem = _mask_problem(ctx, masked, allowed, text, max_visible, min_hidden)
            if problem is not None:
                rows.append(_finding(row, problem, masked.safe(), f"mask|{masked.safe()}|{n}"))
    return _frame(rows)


def _compliant_pattern(allowed: set[str], max_visible: int, min_hidden: int) -> str:
    """The usual compliant contacts, settled in polars: ``5678`` and ``138****5678``.

    Most rows of an export look like this; only the rest need a Python look.
    """
    forms = [r"[0-9]{4}"]
    if max_visible >= 7 and min_hidden <= 4:
        chars = "".join(sorted(allowed | ({"＊"} if "*" in allowed else set())))
        forms.append(r"1[0-9]{2}[" + re.escape(chars) + r"]{4}[0-9]{4}")
    return "^(?:" + "|".join(forms) + ")$"


def _mask_problem(
    ctx: RuleContext, masked: Masked, allowed: set[str], text: str, max_visible: int,
    min_hidden: int,
) -> str | None:
    if masked.x_mask:
        return ctx.text("联系方式用 X 作掩码(身份证号以 X 结尾)，应使用 * 等掩码字符",
                        "contact is masked with X, which ends resident IDs; use * or another "
                        "mask character")
    used = {c for c in text.replace("＊", "*") if c in MASK_CHARS}
    if used - allowed:
        return ctx.text(f"联系方式使用了未允许的掩码字符 {''.join(sorted(used - allowed))}",
                        f"contact uses mask characters not allowed: "
                        f"{''.join(sorted(used - allowed))}")
    if masked.kind != "mobile":
        return None
    if masked.visible > max_visible or masked.hidden < min_hidden:
        return ctx.text(
            f"手机号码显示 {masked.visible} 位、隐藏 {masked.hidden} 位"
            f"(至多显示 {max_visible} 位，至少隐藏 {min_hidden} 位)",
            f"mobile number shows {masked.visible} digits and hides {masked.hidden} "
            f"(at most {max_visible} may show, at least {min_hidden} must be hidden)",
        )
    return None


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
                "default": TEXT_FIELDS, "description": "ticket text fields to scan",
            },
            "messages": {
                "type": "boolean", "default": True,
                "description": "scan every message and note, whoever wrote it",
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
    """No personal data in the free text of a ticket or in any message.

    Seed 004 二.5: records use "客户编号而非真实姓名/电话"; 003 电商 4.3: customer
    data is confidential. Description, resolution, remarks (``fields``) and
    every message or note (``messages``), whoever wrote it, must not hold a
    mainland mobile (also with ``+86``/``86``, spaces, dashes, dots or
    full-width digits), a landline with its area code, a resident ID (GB 11643
    check character, a real birth date, a valid province code), a bank card
    (16-19 digits, Luhn, a card-network prefix and -- in free text -- a card
    word such as 卡号/银行卡/账号/card nearby) or an e-mail address. Order,
    tracking and ticket numbers, timestamps, amounts, 400/95xxx service
    numbers and values already masked are not flagged; ``allow`` exempts the
    company's own numbers. Each value found is one finding, quoted masked.
    """
    params = ctx.params
    options = Options(
        kinds=frozenset(params["kinds"]),
        card_words=tuple(w.lower() for w in params["card_words"]),
        order_words=tuple(w.lower() for w in params["order_words"]),
    ).allowing(params["allow"])
    card_column = Options(**{**options.__dict__, "card_context": False})
    card_fields = set(params["card_fields"])
    rows: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    cells = _cells(ctx, params["fields"], params["messages"], PREFILTER)
    for row in cells.iter_rows(named=True):
        text = row["text"]
        found = detect(text, card_column if row["field"] in card_fields else options)
        for d in found:
            rows.append(_text_finding(ctx, row, text, d, seen))
    return _frame(rows)


def _text_finding(
    ctx: RuleContext, row: dict[str, Any], text: str, d: Detection, seen: Counter[str],
) -> dict[str, Any]:
    place = _place(ctx, row)
    shown = mask_detection(d)
    base = f"{row[TICKET]}|{row['field']}|{row['where'] or ''}|{d.kind}|{shown}"
    seen[base] += 1
    message = ctx.text(f"{place}中有{_kind(ctx, d.kind)}",
                       f"{_kind(ctx, d.kind)} in {place}")
    return _finding(row, message, excerpt(text, d),
                    f"{row['where'] or ''}|{d.kind}|{shown}|{seen[base]}")


pii_in_text = Rule(**{**pii_in_text.__dict__, "precondition": _has_text})


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
        for i, (first_row, first) in enumerate(forms):
            for second_row, second in forms[i + 1:]:
                value = first.combine(second)
                if value is None:
                    continue
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


RULES: list[Rule] = [unmasked_contact, pii_in_text, complementary_masks]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
