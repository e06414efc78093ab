"""svccheck: audit customer-service ticket exports against written service standards."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("svccheck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
