"""svccheck: audit customer-service ticket exports against written service standards."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__``, looked up on first use.

    Not at import: :mod:`importlib.metadata` takes tens of milliseconds to
    import, and ``import svccheck`` comes before the command line can catch a
    Ctrl-C (:mod:`svccheck.entry`).
    """
    if name != "__version__":
        raise AttributeError(f"module 'svccheck' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("svccheck")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
