"""Errors of the gazetteer package. No match is not an error: lookups return ``[]``."""
from __future__ import annotations


class GazetteerError(Exception):
    """Root of every error raised by :mod:`gazetteer`."""


class UnknownSource(GazetteerError, LookupError):
    """Raised when a source name is not in the registry; the message lists the valid names."""


class SourceUnavailable(GazetteerError, OSError):
    """Raised when a source cannot be reached or read (network down, file missing)."""


class SourceFormatError(GazetteerError, ValueError):
    """Raised when a source file is malformed; carries the file and line."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        where = ":".join(str(p) for p in (path, line) if p is not None)
        super().__init__(f"{where}: {reason}" if where else reason)


class InvalidQuery(GazetteerError, ValueError):
    """Raised when a lookup argument is unusable (empty name, bad point, bad limit)."""
