"""Errors of the maps package."""
from __future__ import annotations


class MapError(Exception):
    """Root of every error raised by :mod:`maps` (nothing to draw, bad asset folder, ...)."""
