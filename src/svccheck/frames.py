"""Kept for plugin authors: the path docs/plugins.md gives reporters that stream findings.

A reporter with ``streams_findings = True`` reads the findings only through
``svccheck.frames`` (``height``, ``counts``, ``slices``, ``held``). The
functions live in :mod:`svccheck.engines.findings_frame`, beside the engines
that hand findings over in memory or on disk; this module re-exports them so
that plugins keep a short, stable import path.
"""

from svccheck.engines.findings_frame import Frame, counts, height, held, slices

__all__ = ["Frame", "counts", "height", "held", "slices"]
