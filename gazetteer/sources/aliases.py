"""Alias tables: the curated renamed-places table and the user's own CSV.

Columns: ``alias, place`` (a place id or a name), optional ``oblast`` (narrows a name),
optional ``lat, lon`` (a new place the user adds); further columns (``note``) are ignored.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path

from gazetteer import regions
from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.files import open_regular
from gazetteer.model import Place
from gazetteer.names import key
from gazetteer.sources.base import Alias, Source, files_fingerprint

REQUIRED = ("alias", "place")
BUILTIN = Path(__file__).resolve().parents[1] / "data" / "renamed.csv"


class AliasSource(Source):
    """Aliases (and user places with coordinates) from one CSV file; absent file = empty."""

    name = "aliases"

    def __init__(self, path: str | Path, *, name: str | None = None) -> None:
        self.path = Path(path)
        if name:
            self.name = name

    def fingerprint(self) -> str:
        return files_fingerprint([self.path])

    def places(self) -> Iterator[Place]:
        for _, row in self._rows():
            if row.get("lat") and row.get("lon"):
                yield self._place(row)

    def aliases(self) -> Iterator[Alias]:
        for _, row in self._rows():
            if not (row.get("lat") and row.get("lon")):
                yield Alias(row["alias"], row["place"], row.get("oblast") or None, self.name)

    def _place(self, row: dict[str, str]) -> Place:
        return Place(id=f"{self.name}:{key(row['alias']).replace(' ', '-')}", name=row["place"] or row["alias"],
                     lat=float(row["lat"]), lon=float(row["lon"]), country=row.get("country") or "UA",
                     source=self.name, admin1=regions.region_name(row.get("oblast") or "") ,
                     names=(row["alias"], row["place"]))

    def _rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        if not self.path.exists():
            return
        try:
            with io.TextIOWrapper(open_regular(self.path), encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
                if missing:
                    raise SourceFormatError(f"missing column(s) {', '.join(missing)}", path=str(self.path), line=1)
                for row in reader:
                    clean = {k: (v or "").strip() for k, v in row.items() if k}
                    validate_row(clean, str(self.path), reader.line_num)
                    yield reader.line_num, clean
        except (UnicodeDecodeError, csv.Error) as exc:
            raise SourceFormatError(str(exc), path=str(self.path)) from exc
        except OSError as exc:
            raise SourceUnavailable(f"cannot read {self.path}: {exc}") from exc


def validate_row(row: dict[str, str], path: str, line: int) -> None:
    """Raise :class:`SourceFormatError` for a row without alias/place or with bad coordinates."""
    for column in REQUIRED:
        if not row.get(column):
            raise SourceFormatError(f"empty {column!r}", path=path, line=line)
    if row.get("lat") or row.get("lon"):
        try:
            lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
        except ValueError:
            raise SourceFormatError("lat/lon must be numbers", path=path, line=line) from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise SourceFormatError("lat/lon out of range", path=path, line=line)
