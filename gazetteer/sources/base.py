"""The one interface every gazetteer source implements."""
from __future__ import annotations

import abc
import dataclasses
import hashlib
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

from gazetteer.model import Place

UNKNOWN = math.nan  # coordinate of a place a source knows by name only (KATOTTG)


@dataclasses.dataclass(frozen=True, slots=True)
class Alias:
    """An extra name for a place: ``target`` is a place id or a name, ``oblast`` narrows a name."""

    alias: str
    target: str
    oblast: str | None = None
    source: str = ""


class Source(abc.ABC):
    """A back end that yields :class:`Place` records and extra :class:`Alias` names.

    ``fingerprint()`` changes whenever the data changes; the built index is cached under the
    fingerprints of its sources and rebuilt when one differs.
    """

    name: ClassVar[str]

    @abc.abstractmethod
    def fingerprint(self) -> str:
        """A short string that changes when the source's data changes."""

    @abc.abstractmethod
    def places(self) -> Iterator[Place]:
        """Every place of the source; coordinates are NaN when the source has none."""

    def aliases(self) -> Iterator[Alias]:
        """Extra names the source gives for places of other sources."""
        return iter(())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def files_fingerprint(paths: Iterable[Path]) -> str:
    """Fingerprint of files by name, size and modification time (absent files count too)."""
    digest = hashlib.sha1()
    for path in sorted(paths):
        stat = path.stat() if path.exists() else None
        digest.update(f"{path.name}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1};".encode())
    return digest.hexdigest()[:16]


def has_coordinates(place: Place) -> bool:
    """Whether a place carries real coordinates (not the NaN of a name-only source)."""
    return not (math.isnan(place.lat) or math.isnan(place.lon))
