"""Compact stores behind the index: places column by column, and strings grouped to numbers.

Both unpickle in a few milliseconds where 30,000 ``Place`` dataclasses (one ``__setstate__``
and one ``raw`` dict each) took half a second; a row becomes a :class:`Place` only when asked.
"""
from __future__ import annotations

import bisect
import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence

from gazetteer.model import Place

_TEXT = ("id", "name", "country", "source", "name_uk", "name_ru", "admin1", "admin2", "admin3", "precision")
_NAMES_SEPARATOR = "\x1f"  # ASCII unit separator: never part of a place name
_LAST = "\U0010ffff"       # sorts after every string that starts with a given prefix


class PlaceTable(Sequence[Place]):
    """Places as columns (lists of strings, arrays of numbers); ``table[i]`` is a :class:`Place`."""

    __slots__ = (*_TEXT, "lat", "lon", "population", "names", "raw")

    def __init__(self, places: Sequence[Place]) -> None:
        for field in _TEXT:
            setattr(self, field, [getattr(p, field) for p in places])
        self.lat = array("d", (p.lat for p in places))
        self.lon = array("d", (p.lon for p in places))
        self.population = array("q", (p.population for p in places))
        self.names = [_NAMES_SEPARATOR.join(p.names) for p in places]
        # Each source record pickled on its own: one bytes object each instead of a dict tree.
        self.raw = [pickle.dumps(p.raw, protocol=pickle.HIGHEST_PROTOCOL) for p in places]

    def __len__(self) -> int:
        return len(self.id)

    def __getitem__(self, i: int) -> Place:  # type: ignore[override]
        names = self.names[i]
        return Place(
            id=self.id[i], name=self.name[i], lat=self.lat[i], lon=self.lon[i], country=self.country[i],
            source=self.source[i], name_uk=self.name_uk[i], name_ru=self.name_ru[i], admin1=self.admin1[i],
            admin2=self.admin2[i], admin3=self.admin3[i], population=self.population[i],
            precision=self.precision[i], names=tuple(names.split(_NAMES_SEPARATOR)) if names else (),
            raw=pickle.loads(self.raw[i]),
        )

    def __iter__(self) -> Iterator[Place]:
        return (self[i] for i in range(len(self)))


class Groups:
    """Labels each leading to a run of numbers: sorted labels, run offsets, the numbers.

    Without ``values`` a label's numbers are positions ``starts[j]..starts[j+1]`` themselves,
    which is how the index numbers its keys by skeleton, so a skeleton prefix is one range.
    """

    __slots__ = ("labels", "starts", "values")

    def __init__(self, pairs: Iterable[tuple[str, int]], *, positions: bool = False) -> None:
        ordered = sorted(pairs)
        self.labels: list[str] = []
        self.starts = array("I")
        for n, (label, _) in enumerate(ordered):
            if not self.labels or self.labels[-1] != label:
                self.labels.append(label)
                self.starts.append(n)
        self.starts.append(len(ordered))
        self.values = None if positions else array("I", (v for _, v in ordered))

    def get(self, label: str) -> Sequence[int]:
        """The numbers of one label (empty when unknown)."""
        start, end = self.run(label)
        return range(start, end) if self.values is None else self.values[start:end]

    def run(self, label: str) -> tuple[int, int]:
        """``(start, end)`` offsets of one label's run; ``(0, 0)`` when unknown."""
        j = bisect.bisect_left(self.labels, label)
        if j == len(self.labels) or self.labels[j] != label:
            return 0, 0
        return self.starts[j], self.starts[j + 1]

    def span(self, prefix: str) -> tuple[int, int]:
        """``(start, end)`` offsets of the runs of every label starting with ``prefix``."""
        lo = bisect.bisect_left(self.labels, prefix)
        hi = bisect.bisect_left(self.labels, prefix + _LAST, lo)
        return self.starts[lo], self.starts[hi]

    def label_of(self, position: int) -> str:
        """The label whose run holds ``position``."""
        return self.labels[bisect.bisect_right(self.starts, position) - 1]

