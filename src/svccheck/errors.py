"""The one exception type that means "this run cannot be trusted" (exit code 2).

Everything the user can get wrong -- a missing file, an unknown encoding, an
invalid standard, a plugin that does not import -- is raised as a
``SvccheckError`` whose message is one line naming the file and what is wrong.
The CLI prints that line and exits 2; it never shows a traceback for these.
"""

from __future__ import annotations


class SvccheckError(Exception):
    """A problem with the user's input or configuration; the run exits 2.

    A message of several problems (a schema's located errors) is given one
    line each: ``lines`` keeps them apart, so the CLI can print every line
    with whatever it quotes escaped -- a newline in a file name or a value
    must not start a line of its own.
    """

    def __init__(self, message: str = "", *more: str) -> None:
        super().__init__("\n".join((message, *more)))
        self.lines: tuple[str, ...] = (message, *more)

    def within(self, context: str) -> tuple[str, ...]:
        """The lines, the first behind ``context`` (``FILE:LINE: in extends 'x': ``)."""
        return (f"{context}{self.lines[0]}", *self.lines[1:])


class InputError(SvccheckError):
    """An export file could not be read at all."""


class ConfigError(SvccheckError):
    """A standard, profile or rule configuration is invalid."""


class PluginError(SvccheckError):
    """A plugin failed to load or declared something invalid."""
