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

Detection lives in :mod:`svccheck.pii`; the contact rules in
:mod:`.privacy_contact`, the choice of cells to read in :mod:`.privacy_cells`.
Every finding quotes what it found masked (``138****5678``, ``张*``) with its
surroundings re-masked, and its key (which feeds the fingerprint) holds only
masked forms: a hash of a raw 11-digit number is reversed by trying them
all. Candidates chosen in polars columns (:mod:`svccheck.pii.candidates`:
numbers that pass their kind's checks, an ``@``, a context that introduces
a name) pick the cells worth a Python look, so a million rows of order and
tracking numbers stay a polars scan.
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
from svccheck.pii.candidates import kinds_of
from svccheck.pii.columns import UNMAPPED, cells
from svccheck.pii.complements import complementary_pairs
from svccheck.pii.mask import redact_name
from svccheck.pii.masked import Masked, find_masked, last_four_only
from svccheck.pii.names import whole_name
from svccheck.rule import Rule, RuleContext, columnar_rule
from svccheck.rules.privacy_cells import (
    NAME_FIELDS,
    SCANNED_FIELDS,
    TEXT_FIELDS,
    pii_cells,
    prefiltered_cells,
    scope,
)
from svccheck.rules.privacy_contact import unmasked_contact, x_mask
from svccheck.rules.privacy_findings import filled as _filled
from svccheck.rules.privacy_findings import finding as _finding
from svccheck.rules.privacy_findings import finding_frame as _frame
from svccheck.rules.privacy_findings import kind_label as _kind
from svccheck.rules.privacy_findings import place as _place

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
#: A cell that may hold a masked number (after NFKC): a digit next to a mask
#: character, "尾号"-style wording, or a bare last four digits.
_MASKISH = (
    r"[0-9][ \-]?[*•●×#Xx]|[*•●×#Xx][ \-]?[0-9]|尾号|后四位|末四位"
    r"|(?i:ending in|ends in|last (?:four|4) digits)|^\s*[0-9]{4}\s*$"
)
#: A run of digits and mask characters: two in one cell may be two masked forms.
_NUMBER_RUN = r"[0-9*•●×#Xx](?:[ \-]?[0-9*•●×#Xx]){5,}"






def _has_text(columns: frozenset[str], has_events: bool) -> str | None:
    if has_events or any(name in columns for name in SCANNED_FIELDS):
        return None
    return "export has no customer_id, description, resolution, remarks or messages"



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
    ctx.cover(scope(ctx, fields, params["messages"], unmapped))
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
    for part in pii_cells(ctx, fields, params["messages"], unmapped):
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
    ctx.cover(scope(ctx, fields, ctx.params["messages"]))
    cells = prefiltered_cells(ctx, fields, ctx.params["messages"], _MASKISH,
                              sparse=frozenset({"contact"}), pairs=_NUMBER_RUN)
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
