"""Hand-made places and sources for fast gazetteer tests, and GeoNames dump lines."""
from __future__ import annotations

from collections.abc import Iterator

from gazetteer.model import Place
from gazetteer.sources.base import Source

KUPIANSK = (49.71, 37.616)


class ListSource(Source):
    """A source over a fixed list of places, for fast tests of indexing and ranking."""

    name = "list"

    def __init__(self, places: list[Place], *, version: str = "1", name: str = "list") -> None:
        self._places = places
        self.version = version
        self.name = name

    def fingerprint(self) -> str:
        return self.version

    def places(self) -> Iterator[Place]:
        return iter(self._places)


def place(pid: str, name: str, lat: float, lon: float, *, admin1: str = "Kharkiv", population: int = 0,
          name_uk: str | None = None, names: tuple[str, ...] = ()) -> Place:
    return Place(id=pid, name=name, lat=lat, lon=lon, country="UA", source="list", admin1=admin1,
                 population=population, name_uk=name_uk, names=names)


TINY = [
    place("t:1", "Kurylivka", 49.658, 37.693, name_uk="Курилівка", names=("Куриловка",), population=1500),
    place("t:2", "Kurylivka", 48.58, 35.35, admin1="Dnipropetrovsk", name_uk="Курилівка", population=1400),
    place("t:3", "Kupiansk", 49.71, 37.616, name_uk="Куп’янськ", population=27000),
    place("t:4", "Bakhmut", 48.594, 37.999, admin1="Donetsk", name_uk="Бахмут", names=("Artemovsk",),
          population=80000),
]


def dump_line(gid: int, name: str, lat: float, lon: float, *, fclass: str = "P", admin1: str = "07",
              alternates: str = "", population: int = 100) -> str:
    fields = [str(gid), name, name, alternates, str(lat), str(lon), fclass, "PPL", "UA", "", admin1,
              "", "", "", str(population), "", "100", "Europe/Kyiv", "2024-01-01"]
    return "\t".join(fields) + "\n"

