"""``-`` as an input: an export piped into ``svccheck check -``.

``curl … | svccheck check - --stdin-filename tickets.csv`` audits an export
that never touches the disk as a named file. The readers work on files
(by suffix, some of them seeking), so standard input is first copied to a
private temporary file, removed when the run ends, and read from there.

``--stdin-filename NAME`` names the input in every report (and its suffix
picks the reader, ``.csv.gz`` included); without it the input is ``-`` and
its format is told from its first bytes. Only a pipe or a redirected file
is read: a terminal or another device on standard input is refused, since
a run would wait for typing, or read forever.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import BinaryIO

from svccheck.errors import InputError, SvccheckError

#: The argument that stands for standard input.
STDIN = "-"
_GZIP = b"\x1f\x8b"


def sniff_suffix(head: bytes) -> str:
    """The suffix of a piped export, from its first bytes: ``.jsonl`` for a JSON
    object per line, ``.json``, ``.xlsx`` (a ZIP), ``.parquet``, else ``.csv``."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_GZIP):
        return ".csv.gz"
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if head.startswith(b"PAR1"):
        return ".parquet"
    if text.startswith(b"{"):
        return ".jsonl"
    if text.startswith(b"["):
        return ".json"
    return ".csv"


def _suffix(name: str) -> str:
    pure = PurePath(name)
    suffixes = pure.suffixes[-2:] if pure.suffix.lower() == ".gz" else pure.suffixes[-1:]
    return "".join(suffixes)


def _refuse_devices(stream: BinaryIO) -> None:
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):
        return  # not a real file descriptor (a test's buffer): nothing to refuse
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(f"{STDIN}: standard input is a terminal or a device, not an export; "
                         "pipe one in, e.g. svccheck check - < tickets.csv")


@contextmanager
def stdin_inputs(paths: Sequence[Path], name: str | None = None,
                 stream: BinaryIO | None = None) -> Iterator[tuple[list[Path], dict[Path, str]]]:
    """``paths`` with ``-`` replaced by a copy of standard input, and the name reports give it.

    Yields ``(paths, names)``; the copy is removed on leaving.
    """
    if not any(str(p) == STDIN for p in paths):
        yield list(paths), {}
        return
    if sum(str(p) == STDIN for p in paths) > 1:
        raise InputError(f"{STDIN}: standard input can be read once; give it once")
    source = stream if stream is not None else sys.stdin.buffer
    _refuse_devices(source)
    with tempfile.TemporaryDirectory(prefix="svccheck-stdin-") as folder:
        head = source.read(4096)
        suffix = _suffix(name) if name and _suffix(name) else sniff_suffix(head)
        spooled = Path(folder) / f"stdin{suffix}"
        with spooled.open("wb") as out:
            out.write(head)
            shutil.copyfileobj(source, out, 1 << 20)
        try:
            yield ([spooled if str(p) == STDIN else p for p in paths],
                   {spooled: name or STDIN})
        except SvccheckError as exc:
            # a message names the input as the user gave it, not its private copy
            text = str(exc).replace(str(spooled), name or STDIN)
            if text == str(exc):
                raise
            raise type(exc)(text) from None
