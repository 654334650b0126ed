"""The value types every gazetteer source and lookup returns."""
from __future__ import annotations

import dataclasses
from typing import Any

PRECISIONS = ("exact", "hromada", "raion", "oblast")


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """One settlement as a source knows it; coordinates are always ``lat``, ``lon`` (WGS 84).

    ``names`` holds every name the source gives (any language, historic names included);
    ``raw`` keeps the untouched source record.
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str
    source: str
    name_uk: str | None = None
    name_ru: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    population: int = 0
    precision: str = "exact"
    names: tuple[str, ...] = ()
    raw: Any = dataclasses.field(default=None, compare=False, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """A place offered for a name, with how well and why it matched."""

    id: str
    name: str
    name_uk: str | None
    name_ru: str | None
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    country: str
    population: int
    score: float
    matched: str
    source: str
    precision: str
    ambiguous: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The candidate as a GeoJSON Feature (the geo interface geopandas reads): its point,
        x = lon and y = lat, with its fields as properties."""
        return {"type": "Feature", "id": self.id, "geometry": {"type": "Point", "coordinates": [self.lon, self.lat]},
                "properties": self.to_dict()}
