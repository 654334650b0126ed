"""The one interface every gazetteer source implements."""
from __future__ import annotations

import abc
import csv
import dataclasses
import gzip
import hashlib
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

from gazetteer.errors import SourceFormatError, SourceUnavailable
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


class ShippedTable(Source):
    """A source read from a gzipped CSV the package ships (``table`` unless given another);
    its fingerprint is the file's bytes, so a rebuilt table rebuilds the index."""

    table: ClassVar[Path]

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else self.table

    def fingerprint(self) -> str:
        return content_fingerprint(self.path)


def files_fingerprint(paths: Iterable[Path]) -> str:
    """Fingerprint of files by name, size and modification time (absent files count too)."""
    digest = hashlib.sha1()
    for path in sorted(paths):
        stat = path.stat() if path.exists() else None
        digest.update(f"{path.name}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1};".encode())
    return digest.hexdigest()[:16]


def content_fingerprint(path: Path) -> str:
    """A hash of a shipped file's bytes: a rebuilt file rebuilds the index, however installed."""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return "absent"


def read_table(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of each row of a gzipped CSV with this header; an absent file has none."""
    if not path.exists():
        return
    label = str(path)
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            if tuple(next(reader, ())) != columns:
                raise SourceFormatError(f"expected the columns {','.join(columns)}", path=label, line=1)
            for row in reader:
                if len(row) != len(columns):
                    raise SourceFormatError(f"expected {len(columns)} fields, got {len(row)}", path=label,
                                            line=reader.line_num)
                yield reader.line_num, row
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
        if isinstance(exc, FileNotFoundError):
            raise SourceUnavailable(f"cannot read {label}: {exc}") from exc
        raise SourceFormatError(f"unreadable ({exc})", path=label) from None


def has_coordinates(place: Place) -> bool:
    """Whether a place carries real coordinates (not the NaN of a name-only source)."""
    return not (math.isnan(place.lat) or math.isnan(place.lon))
