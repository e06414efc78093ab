"""How far a compressed input may expand before it is refused as a bomb.

Shared by the gzip step (``read_file``) and the XLSX reader (a workbook is a
ZIP archive): both inflate data an attacker controls, and a few kilobytes
can claim gigabytes. Ticket exports compress 5-20x; zip bombs 1000x and
more, so a ratio limit separates them without knowing the format.
"""

from __future__ import annotations

#: Largest decompressed/compressed size ratio accepted.
MAX_RATIO = 100
#: Decompressed size always accepted, whatever the ratio (tiny, repetitive
#: files legitimately compress far better than 100x).
FLOOR_BYTES = 64 << 20


def allowed_size(compressed: int) -> int:
    """The most bytes ``compressed`` bytes of input may expand to."""
    return max(FLOOR_BYTES, MAX_RATIO * compressed)
