"""What every privacy rule's findings share: labels, the finding row, where it was found.

The privacy rules live in two modules (:mod:`svccheck.rules.privacy` and
:mod:`svccheck.rules.privacy_contact`); a finding must read the same in
both -- the same kind names, the same place wording, the same columns --
so they build it here.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from svccheck.io.base import ROW, SOURCE, TICKET
from svccheck.model import field_label
from svccheck.rule import RuleContext

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


def kind_label(ctx: RuleContext, kind: str) -> str:
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return ctx.text(zh, en)


def filled(name: str) -> pl.Expr:
    """Whether the ticket field holds something (not empty, not only spaces)."""
    return (pl.col(name).cast(pl.String).str.strip_chars().str.len_chars() > 0).fill_null(False)



def place(ctx: RuleContext, row: dict[str, Any], column: str | None = None) -> str:
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


def finding(row: dict[str, Any], message: str, evidence: str | None, key: str) -> dict[str, Any]:
    return {TICKET: row[TICKET], ROW: row[ROW], SOURCE: row[SOURCE], "field": row["field"],
            "message": message, "evidence": evidence, "key": key}


def finding_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=FINDING_SCHEMA)

