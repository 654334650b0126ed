"""Errors of the maps package."""
from __future__ import annotations

import os


class MapError(Exception):
    """Root of every error raised by :mod:`maps` (nothing to draw, bad asset folder, ...)."""


class MapWriteError(MapError, OSError):
    """Raised when the map file cannot be written; ``path`` is the file asked for."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"cannot write {os.fspath(path)}: {reason}")
        self.path = os.fspath(path)
