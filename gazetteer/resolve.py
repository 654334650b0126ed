"""Ranking: name similarity times context (region, a point, the article's other places)."""
from __future__ import annotations

import math
from collections.abc import Sequence

from gazetteer.index import Hits, Index
from gazetteer.merge import distance_km
from gazetteer.model import Candidate
from gazetteer.table import PlaceTable

AMBIGUITY_MARGIN = 0.05  # top scores closer than this are a tie
SAME_PLACE_KM = 10.0     # rivals this close to the best are the same place, not a tie
REGION_MISMATCH = 0.6
_PRECISION = {"exact": 1.0, "hromada": 0.98, "raion": 0.95, "oblast": 0.9}

Point = tuple[float, float]


def prior(places: PlaceTable, i: int, *, region: str | None, near: Point | None,
          context: Sequence[Point]) -> float:
    """How likely place ``i`` is meant, from 0 to 1, before looking at the name."""
    # Population 0 means unknown (KATOTTG-only villages), ranked like a small village.
    factor = 0.85 + 0.15 * min(1.0, math.log10(1 + places.population[i]) / 5)
    factor *= _PRECISION.get(places.precision[i], 0.9)
    if region is not None and places.admin1[i] != region:
        factor *= REGION_MISMATCH
    if near is not None or context:
        lat, lon = places.lat[i], places.lon[i]
        if near is not None:
            factor *= 0.55 + 0.45 * math.exp(-distance_km(lat, lon, *near) / 100)
        if context:
            nearest = min(distance_km(lat, lon, c_lat, c_lon) for c_lat, c_lon in context)
            factor *= 0.7 + 0.3 * math.exp(-nearest / 60)
    return factor


def rank(index: Index, hits: Hits, *, region: str | None = None, near: Point | None = None,
         context: Sequence[Point] = (), limit: int = 5) -> list[Candidate]:
    """Candidates best first; near ties between distinct places are flagged ``ambiguous``."""
    places = index.places
    scored = sorted(
        ((sim * prior(places, i, region=region, near=near, context=context), i, k) for i, (sim, k) in hits.items()),
        key=lambda t: (-t[0], -places.population[t[1]], places.id[t[1]]),
    )[:limit]
    if not scored:
        return []
    tied = _tied(places, scored)
    return [_candidate(places, i, score, index.shown[index.key_ids[k]], n in tied)
            for n, (score, i, k) in enumerate(scored)]


def _tied(places: PlaceTable, scored: list[tuple[float, int, str]]) -> set[int]:
    best_score, best, _ = scored[0]
    rivals = {n for n, (score, i, _) in enumerate(scored[1:], start=1)
              if best_score - score < AMBIGUITY_MARGIN
              and distance_km(places.lat[best], places.lon[best], places.lat[i], places.lon[i]) > SAME_PLACE_KM}
    return rivals | {0} if rivals else set()


def _candidate(places: PlaceTable, i: int, score: float, matched: str, ambiguous: bool) -> Candidate:
    return Candidate(
        id=places.id[i], name=places.name[i], name_uk=places.name_uk[i], name_ru=places.name_ru[i],
        lat=round(places.lat[i], 5), lon=round(places.lon[i], 5), admin1=places.admin1[i],
        admin2=places.admin2[i], country=places.country[i], population=places.population[i],
        score=round(min(1.0, max(0.0, score)), 4), matched=matched, source=places.source[i],
        precision=places.precision[i], ambiguous=ambiguous,
    )
