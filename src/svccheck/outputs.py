"""Where a run writes: checked before anything is read, written only once it has succeeded.

A run writes up to three things -- the report (``--output`` or stdout), a new
baseline (``--update-baseline``) and a row in the history
(``--history``) -- and a CI gate trusts them together. A run that stops
with exit 2 must leave none of them behind: a baseline written by a run
whose report could not be written would silently accept every finding the
next run sees, and a history row would record a passing run nobody saw.

So every place a run will write is checked before the (possibly long)
read -- the directory exists, the target is not a directory, not one of the
run's inputs -- and the writes happen at the very end, in order: the report
and the baseline are written to temporary files beside their targets, the
history row is committed, then the files are renamed over their targets
(and a report for stdout is printed). Anything that fails before the last
step leaves the previous files, the history and the inputs as they were.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from svccheck.errors import InputError, SvccheckError
from svccheck.regular_files import require_regular
from svccheck.report.outputs import new_file_mode


def check_outputs(inputs: Sequence[Path], outputs: Sequence[Path | None],
                  history: Path | None = None, databases: Sequence[Path] = ()) -> None:
    """Refuse a run whose inputs cannot be read or whose outputs could not be written.

    ``inputs`` are the export and events files, ``databases`` the SQLite
    files of database inputs; ``history`` is a SQLite history file (None for
    none, or a PostgreSQL history, checked when it is written).
    """
    for path in inputs:
        require_regular(path, "ticket export", InputError)
    for output in outputs:
        if output is None:
            continue
        _refuse_input(output, [*inputs, *databases],
                      "refusing to overwrite it with the report")
        _check_location(output, "the report")
    if history is not None:
        _refuse_input(history, [*inputs, *databases],
                      "a history is never kept in the audited data; give another file")
        if history.is_dir():
            raise SvccheckError(f"--history {history}: is a directory; give a file name")
        require_regular(history, "history database")
        directory = history.parent if str(history.parent) else Path(".")
        if not directory.is_dir():
            raise SvccheckError(f"--history {history}: directory {directory} does not exist")


def _refuse_input(output: Path, inputs: Sequence[Path], why: str) -> None:
    """An audit must never destroy or alter its evidence."""
    if not output.exists():
        return
    for path in inputs:
        if path.exists() and output.samefile(path):  # also through links
            raise SvccheckError(f"{output}: is an input file of this run; {why}")


def _check_location(output: Path, what: str) -> None:
    """The directory exists and takes a new file; the target is not a directory."""
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise SvccheckError(f"{output}: directory {directory} does not exist")
    if output.is_dir():
        raise SvccheckError(f"{output}: is a directory; give a file name for {what}")
    if output.exists() and not output.is_file():
        return  # /dev/null, a named pipe: written into, as it is
    try:  # the one sure test that a file can be created there
        fd, probe = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    except OSError as exc:
        raise SvccheckError(f"{output}: cannot write {what} ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


class Staged:
    """Files written beside their targets and renamed over them only on :meth:`commit`.

    Used as a context manager: leaving it normally commits, leaving it with
    an exception (an error, Ctrl-C) removes the temporary files and writes
    nothing to stdout -- no half of a report, no baseline of a failed run.

    Files are renamed in the reverse order they were staged. A rename that
    fails (the disk filled up since the check) leaves the files staged
    before it unwritten, so the baseline is staged before the report: a
    report without its baseline fails closed (the next run shows the same
    findings again), a baseline without its report would accept them.
    """

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path, str]] = []
        #: written as they are on commit: (None for stdout, or a device or pipe; pieces)
        self._direct: list[tuple[Path | None, Iterable[str]]] = []

    def write(self, text: str | Iterable[str], output: Path | None,
              what: str = "the report") -> None:
        """Stage ``text`` (or its pieces in order) for ``output``, or for stdout if None.

        A file is written now, to a temporary file in its directory. Stdout,
        and a device or named pipe given as ``output`` (``/dev/null``: a
        file renamed over it would replace the device), are written on
        commit; pieces are only then drawn from ``text``.
        """
        pieces = [text] if isinstance(text, str) else text
        if output is None or (output.exists() and not output.is_file()):
            self._direct.append((output, pieces))
            return
        directory = output.parent if str(output.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
        except OSError as exc:
            raise SvccheckError(f"{output}: cannot write {what} ({exc.strerror})") from None
        self._files.append((Path(tmp), output, what))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.writelines(pieces)
            # a temporary file is private (0600): the report gets the mode a
            # plain open() would give it, or that of the file it replaces
            os.chmod(tmp, new_file_mode(output))
        except OSError as exc:
            raise SvccheckError(f"{output}: cannot write {what} ({exc.strerror})") from None

    def commit(self) -> None:
        """Rename every staged file over its target, then write stdout and devices."""
        while self._files:
            tmp, output, what = self._files[-1]
            try:
                os.replace(tmp, output)
            except OSError as exc:
                raise SvccheckError(f"{output}: cannot write {what} ({exc.strerror})") from None
            self._files.pop()
        for target, pieces in self._direct:
            if target is None:
                for piece in pieces:
                    sys.stdout.write(piece)
                sys.stdout.flush()
            else:
                _write_into(target, pieces)
        self._direct.clear()

    def discard(self) -> None:
        """Remove every staged file; nothing is written."""
        for tmp, _, _ in self._files:
            tmp.unlink(missing_ok=True)
        self._files.clear()
        self._direct.clear()

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            try:
                self.commit()
            finally:
                self.discard()
        else:
            self.discard()


def _write_into(target: Path, pieces: Iterable[str]) -> None:
    """Write into an existing device or pipe (``/dev/null``, a FIFO) as it is."""
    try:
        with target.open("w", encoding="utf-8") as handle:
            handle.writelines(pieces)
    except OSError as exc:
        raise SvccheckError(f"{target}: cannot write the report ({exc.strerror})") from None
