"""A run stopped by SIGTERM or SIGHUP cleans up as one stopped by Ctrl-C.

A CI job that is cancelled or times out, ``timeout``, ``kill`` and a closed
terminal stop a process with SIGTERM or SIGHUP, whose default action ends it
on the spot: no ``finally`` runs. The streaming engine's parts on disk (they
hold tickets, i.e. personal data) and a report's temporary file would then
stay behind. Turned into an exception, the signal unwinds the run like
Ctrl-C does, so every temporary file and directory is removed.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: The signals that end a run the way Ctrl-C does (Windows has no SIGHUP).
SIGNALS: tuple[signal.Signals, ...] = tuple(
    s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class Terminated(KeyboardInterrupt):
    """The run was stopped by ``signum``; its exit status is ``128 + signum``.

    A :class:`KeyboardInterrupt`, so that everything that cleans up after
    Ctrl-C cleans up after it too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """The status a shell reports for a process ended by the signal."""
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def signals_unwind() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated`; handlers restored after.

    Only the main thread may set handlers; elsewhere (an embedding
    application's worker thread) the signals are left as they are.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _raise) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
