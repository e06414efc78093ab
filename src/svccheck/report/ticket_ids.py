"""A ticket id that is a phone or ID number is shown masked, in every output.

Ids are identifiers, and reports must name them -- a reviewer looks the
ticket up by its id. But some help desks use the caller's mobile number as
the ticket id, and a few the customer's resident ID: such an id was printed
raw in every report and in the baseline. An id that *is* one of these, as
a whole (``13812345678``, ``138 1234 5678``, ``+86 138-1234-5678``, an
18-character ID with a birth date where an ID has it), is shown masked the
way the value is masked everywhere (``138****5678``,
``1101**********002X``). Ids of any other shape are shown as they are.

Only the shown id changes: the fingerprint is computed from the real id
(``svccheck.engines.rule_execution``), so a baseline stays stable, and
waivers match the real id, so a waiver naming ticket 13812345678 still
applies.
"""

from __future__ import annotations

import polars as pl

from svccheck.engines.findings_frame import Frame

#: A mainland mobile as a whole id: 11 digits from 13-19, grouped 3-4-4 or not,
#: perhaps after +86.
_MOBILE = r"^(?:\+?86[ \-]?)?(1[3-9][0-9])[ \-]?[0-9]{4}[ \-]?([0-9]{4})$"
#: An 18-character resident ID as a whole id: six digits, a birth date from
#: 1900 or 2000 on, three digits and a check character.
_ID = (r"^([0-9]{4})[0-9]{2}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
       r"([0-9]{3}[0-9Xx])$")


def masked_ticket(ticket: pl.Expr) -> pl.Expr:
    """``ticket`` with phone- and ID-shaped ids masked; every other id as it is."""
    text = ticket.str.normalize("NFKC").str.strip_chars()
    return (
        pl.when(text.str.contains(_MOBILE))
        .then(text.str.replace(_MOBILE, "${1}****${2}"))
        .when(text.str.contains(_ID))
        .then(text.str.replace(_ID, "${1}**********${2}").str.to_uppercase())
        .otherwise(ticket)
    )


def mask_ticket_ids(findings: Frame) -> Frame:
    """The findings with their ``ticket`` column as the reports show it."""
    return findings.with_columns(masked_ticket(pl.col("ticket")).alias("ticket"))


def mask_ticket_id(ticket: str) -> str:
    """One id as the reports show it (see :func:`masked_ticket`)."""
    return pl.select(masked_ticket(pl.lit(ticket, dtype=pl.String))).item()
