"""Which files a run reads: files as given, folders as the export files under them.

A helpdesk export arrives as a folder -- pages of tickets, a comments file
per ticket under ``tickets/<id>/``, a users file -- and a partitioned dataset
as a directory (or a pattern) of parts. ``svccheck check FOLDER`` reads every
export file under the folder, at any depth, in sorted order, whatever the
engine. Only files some reader handles are taken, and, as in Hadoop-style
datasets, none whose name (or whose folder's name) starts with ``_`` or
``.``: ``_SUCCESS`` markers, checksums, ``.git`` and editors' temporary files
sit beside the parts and are no error.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path, PurePath

from svccheck.errors import SvccheckError
from svccheck.io.base import Reader


def expand_inputs(paths: Sequence[Path], readers: Sequence[Reader]) -> list[Path]:
    """Files as given; a directory as its export files, sorted; a glob as its matches, sorted."""
    suffixes = {s.lower() for reader in readers for s in reader.suffixes}

    def readable(path: Path, root: Path) -> bool:
        name = path.name.lower().removesuffix(".gz")
        hidden = any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)
        return path.is_file() and not hidden and PurePath(name).suffix in suffixes

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted((p for p in path.rglob("*") if readable(p, path)),
                           key=lambda p: p.relative_to(path).parts)
            if not files:
                raise SvccheckError(f"{path}: no export file in this directory "
                                    f"(known suffixes: {', '.join(sorted(suffixes))})")
            found.extend(files)
        elif not path.exists() and glob.has_magic(str(path)):
            matches = sorted(Path(m) for m in glob.glob(str(path)) if Path(m).is_file())
            if not matches:
                raise SvccheckError(f"{path}: no file matches this pattern")
            found.extend(matches)
        else:
            found.append(path)  # the reader says why, if it cannot be read
    return found
