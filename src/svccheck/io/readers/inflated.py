"""How many bytes a gzipped export holds: counted, not guessed from its size.

``--engine auto`` decides by the memory the in-memory engine would need, and
the stream engine sizes its parts by the bytes it will read. For a ``.gz``
both used to take the compressed size times a typical ratio (8x), but
ticket exports compress anywhere from 4x to 50x and more: a 21 MB
``.csv.gz`` that inflates to 1 GiB was estimated at 828 MB, ran in memory
and peaked at 3.7 GB. So the file is inflated once, in 1 MiB blocks that
are counted and dropped (about a second per GiB), before the run.
"""

from __future__ import annotations

import gzip
import zlib
from functools import cache
from pathlib import Path

_BLOCK = 1 << 20


def inflated_size(path: Path, limit: int) -> int | None:
    """Bytes the gzip file ``path`` inflates to, counted up to just past ``limit``.

    None when it is no gzip file at all (the reader says so when it reads
    it); a damaged one counts what came out before the damage.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return _counted(path, stat.st_size, stat.st_mtime_ns, limit)


@cache
def _counted(path: Path, _size: int, _mtime: int, limit: int) -> int | None:
    """:func:`inflated_size`, once per file version in a process (auto and the parts ask)."""
    size = 0
    try:
        with path.open("rb") as raw:
            if raw.read(2) != b"\x1f\x8b":
                return None
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) as stream:
                while size <= limit and (block := stream.read(_BLOCK)):
                    size += len(block)
    except (OSError, EOFError, zlib.error):
        return size or None
    return size
