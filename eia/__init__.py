"""Likvärdig: equality impact assessment of proposed decisions (City of Helsingborg's plan)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("likvardig")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
