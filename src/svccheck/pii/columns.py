"""Columns no profile field maps, kept where they may hold personal data.

Helpdesk exports add columns of their own -- 邮箱, 身份证号码, 原手机, a
custom field "备用联系人" -- that no canonical field names, and that a
profile therefore drops. Seed 004 二.5 is about the record as archived,
not only the fields svccheck knows, so ``privacy.pii-in-text`` scans them
too. Mapping keeps, per ticket, one String column :data:`UNMAPPED` holding
the cells of those columns that may hold a personal value (the same
vectorised prefilter the privacy rules use, run on ``header：value`` so a
header such as 身份证号码 counts as the context it is); every other cell is
dropped at once, so an export with many unmapped columns costs little.
"""

from __future__ import annotations

import polars as pl

from svccheck.pii.mask import PREFILTER

#: The column of unmapped cells that may hold personal data (null when none).
UNMAPPED = "_unmapped"
#: Between a cell's header and its value, and between cells, in :data:`UNMAPPED`.
KEY_SEP, CELL_SEP = "\x1f", "\x1e"
_SCALAR = (pl.String, pl.Categorical, pl.Enum, pl.Int8, pl.Int16, pl.Int32, pl.Int64,
           pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64, pl.Float32, pl.Float64, pl.Decimal)


def unmapped_cells(frame: pl.DataFrame, columns: list[str]) -> pl.Expr | None:
    """The :data:`UNMAPPED` column for ``frame``'s ``columns``, or None if none can hold text."""
    parts: list[pl.Expr] = []
    for name in columns:
        dtype = frame.schema[name]
        if not isinstance(dtype, _SCALAR) and dtype not in _SCALAR:
            continue  # lists and structs: nested data other fields come from
        header = name.replace(KEY_SEP, " ").replace(CELL_SEP, " ")
        value = (pl.col(name).cast(pl.String).str.strip_chars()
                 .str.replace_all(f"[{KEY_SEP}{CELL_SEP}]", " "))
        shown = pl.concat_str([pl.lit(header + "："), value])
        parts.append(
            pl.when(value.str.len_chars() > 0
                    & shown.str.normalize("NFKC").str.contains(PREFILTER).fill_null(False))
            .then(pl.concat_str([pl.lit(header + KEY_SEP), value]))
        )
    if not parts:
        return None
    joined = pl.concat_str(parts, separator=CELL_SEP, ignore_nulls=True)
    return pl.when(joined.str.len_chars() > 0).then(joined).alias(UNMAPPED)


def cells(text: str | None) -> list[tuple[str, str]]:
    """``(header, value)`` of each cell kept in an :data:`UNMAPPED` value."""
    if not text:
        return []
    out: list[tuple[str, str]] = []
    for cell in text.split(CELL_SEP):
        header, _, value = cell.partition(KEY_SEP)
        out.append((header, value))
    return out
