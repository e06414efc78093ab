"""Personal data in ticket text: find it (:mod:`.detect`) and mask it (:mod:`.mask`).

Seed 004 二.5 asks that records carry a customer number "而非真实姓名/电话"
(not the real name or phone), and DESIGN.md makes it a contract that no
output of svccheck ever shows a personal value unmasked. The privacy rules
find values with this package, and every rule that quotes a message
(greeting, conduct) masks its evidence with it, so what a rule flags and
what a report hides can never disagree.
"""

from __future__ import annotations

from svccheck.pii.detect import KINDS, STRICT, THOROUGH, Detection, Options, detect
from svccheck.pii.mask import (
    excerpt,
    excerpts,
    mask_detection,
    redact,
    redact_name,
    redact_series,
)
from svccheck.pii.masked import Masked, find_masked

__all__ = [
    "KINDS",
    "STRICT",
    "THOROUGH",
    "Detection",
    "Masked",
    "Options",
    "detect",
    "excerpt",
    "excerpts",
    "find_masked",
    "mask_detection",
    "redact",
    "redact_name",
    "redact_series",
]
