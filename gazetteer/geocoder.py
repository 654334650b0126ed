"""The gazetteer behind geopy's ``Geocoder`` interface, offline, so that geopy habits work
on it: ``geopandas.tools.geocode(names, provider=GazetteerGeocoder)``."""
from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from gazetteer.model import Candidate
from gazetteer.resolve import CONFIDENT, Point


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder that asks the gazetteer: no network, no rate limit, any spelling.

    Parameters
    ----------
    gazetteer
        The :class:`~gazetteer.Gazetteer` to ask (default: ``Gazetteer.load()``, once, here).
    region
        Oblast hint for every query, in any spelling (a query's own ``region`` wins).
    min_score
        Candidates scoring under this are no match (default: the gazetteer's confident
        match, 0.85, as ``frontline gazetteer lookup`` counts it).

    Examples
    --------
    >>> import geopandas                                                     # doctest: +SKIP
    >>> geopandas.tools.geocode(["Kupyansk", "Красноармейск"], provider=GazetteerGeocoder)   # doctest: +SKIP
    """

    def __init__(self, gazetteer: Any = None, *, region: str | None = None, min_score: float = CONFIDENT) -> None:
        super().__init__()
        if gazetteer is None:
            from gazetteer.gazetteer import Gazetteer

            gazetteer = Gazetteer.load()
        self.gazetteer = gazetteer
        self.region = region
        self.min_score = min_score

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = None, region: str | None = None,
                near: Point | None = None, limit: int = 5) -> Location | list[Location] | None:
        """The places ``query`` names, as geopy ``Location`` objects: address "name, oblast,
        country", point (lat, lon), and the candidate's fields as ``raw``.

        With ``exactly_one`` the best match, or ``None`` when nothing matches confidently or
        the best two are distinct places too close to call (``raw["ambiguous"]``); else
        every confident match, best first, or ``None``. ``timeout`` is accepted for geopy's
        interface and unused: nothing goes over the network.
        """
        found = [c for c in self.gazetteer.lookup(query, region=region or self.region, near=near, limit=limit)
                 if c.score >= self.min_score]
        if exactly_one:
            return _location(found[0]) if found and not found[0].ambiguous else None
        return [_location(c) for c in found] or None


def _location(candidate: Candidate) -> Location:
    address = ", ".join(part for part in (candidate.name, candidate.admin1, candidate.country) if part)
    return Location(address, (candidate.lat, candidate.lon), candidate.to_dict())
