"""HTML message bodies read as the text a customer saw.

Helpdesks store what an agent typed in the web editor as HTML: Zammad's
article ``body`` with ``content_type: text/html`` (``<br>`` line breaks),
Freshdesk's ``description`` and conversation ``body``. Phrase rules look for
您好 and 不知道, privacy rules for numbers; a ``<p dir="auto">`` between two
digits, or ``&nbsp;`` inside a greeting, hides them from both. So a field a
profile names under ``html`` is turned into text before any rule sees it:
scripts, styles and comments dropped, line-breaking tags (``<br>``, ``</p>``,
``</div>``, ``</li>``, ...) become line breaks, other tags vanish, entities
are decoded (``&amp;`` → ``&``, ``&#8203;`` → the character), spaces at line
ends and runs of blank lines are tidied.

Only a cell that holds a tag is touched: a plain-text body in the same
column (``content_type: text/plain``, or an API client that wrote text) is
left exactly as it is, ``<`` signs and all. Tags are removed with polars
regular expressions; only entity decoding runs in Python, on the few cells
that hold an ``&`` after that.
"""

from __future__ import annotations

import html

import polars as pl

#: An element tag, opening or closing (``<p dir="auto">``, ``</div>``, ``<br/>``).
TAG = r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"
_COMMENT = r"(?s)<!--.*?-->"
_DROPPED = (r"(?is)<script\b.*?</script\s*>", r"(?is)<style\b.*?</style\s*>")
_BREAK = (r"(?i)<br\s*/?>|</(?:p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>"
          r"|<(?:p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)(?:\s[^<>]*)?>")


def _unescape(values: pl.Series) -> pl.Series:
    return pl.Series(values.name, [html.unescape(v) if v is not None else None
                                   for v in values.to_list()], dtype=pl.String)


def html_to_text(cell: pl.Expr) -> pl.Expr:
    """``cell`` as plain text where it holds HTML; unchanged where it holds none."""
    text = cell.cast(pl.String)
    out = text.str.replace_all(_COMMENT, "")
    for pattern in _DROPPED:
        out = out.str.replace_all(pattern, "")
    out = out.str.replace_all(_BREAK, "\n").str.replace_all(TAG, "")
    out = pl.when(out.str.contains("&", literal=True)).then(
        out.map_batches(_unescape, return_dtype=pl.String)).otherwise(out)
    out = (out.str.replace_all("\u00a0", " ", literal=True)
           .str.replace_all(r"[ \t]+\n", "\n")
           .str.replace_all(r"\n{3,}", "\n\n")
           .str.strip_chars())
    return pl.when(text.str.contains(TAG)).then(out).otherwise(text)
