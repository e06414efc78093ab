"""Personal values in file names: ``张伟13812345678.csv``, ``exports/13812345678.csv``.

Reports, the ``--verbose`` log, the progress bar, the history and error
messages name the files a run read. People name exports after the customer
they concern, and :func:`~svccheck.pii.redact` -- tuned for ticket text,
where a number glued to a longer token is an order number or a SKU -- reads
``exports/13812345678.csv`` as one token and leaves it. In a name, ``/``,
``\\``, ``_`` and ``.`` separate words, so they are read as spaces here (one
character for one: the offsets hold) and whatever the detectors find in
either reading is masked. Masking an order number in a file name costs
nothing; showing a phone number does.
"""

from __future__ import annotations

import re

from svccheck.pii.detect import THOROUGH, Detection, detect
from svccheck.pii.mask import _apply

#: What separates the words of a path or file name.
_SEPARATORS = re.compile(r"[/\\_.]")


def redact_path(text: str) -> str:
    """``text`` (a path, a file name, or a message naming one) with personal values masked."""
    if not text:
        return text
    spaced = _SEPARATORS.sub(" ", text)
    found: list[Detection] = sorted([*detect(text, THOROUGH), *detect(spaced, THOROUGH)],
                                    key=lambda d: (d.start, -d.end))
    kept: list[Detection] = []
    for detection in found:  # overlapping readings of one value: the first, longest
        if not kept or detection.start >= kept[-1].end:
            kept.append(detection)
    return _apply(text, kept)[0] if kept else text
