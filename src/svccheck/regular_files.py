"""Only regular files are read: never a device, a pipe or a socket behind a name.

Every file svccheck reads -- an export, an events file, a baseline, a waiver
file, a standard, a profile, a calendar, a configuration file -- is read
whole or scanned to its end. ``/dev/zero`` (or a symlink ``export.csv ->
/dev/zero``) never ends, so reading it fills memory until the process dies;
``/dev/random`` the same; a named pipe blocks until someone writes to it, and
the line guard's scan would consume what a later read then misses. So the
file behind a name (symlinks followed) must be a regular file, and anything
else is refused with one line before a byte is read.

A name that does not exist, or a directory, is left to the caller, which
says so in its own words ("file not found", "is a directory").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from svccheck.errors import SvccheckError

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def irregular_kind(path: Path) -> str | None:
    """What ``path`` is when it is neither a regular file nor a directory, else None."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks: the file that would be read
    except (OSError, ValueError):  # missing, unreadable, a NUL in the name
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def require_regular(path: Path, what: str = "file",
                    error: type[SvccheckError] = SvccheckError) -> None:
    """Raise ``error`` naming ``path`` if it is a device, pipe or socket (see module doc)."""
    kind = irregular_kind(path)
    if kind is not None:
        link = " (through a symbolic link)" if path.is_symlink() else ""
        raise error(f"{path}: is {kind}{link}, not a regular file; "
                    f"svccheck reads a {what} only from a regular file")
