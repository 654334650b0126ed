"""Ranking: name similarity times context (region, a point, the article's other places)."""
from __future__ import annotations

import math
from collections.abc import Sequence

from gazetteer.index import Hits, Index
from gazetteer.merge import distance_km
from gazetteer.model import Candidate, Place

AMBIGUITY_MARGIN = 0.05  # top scores closer than this are a tie
SAME_PLACE_KM = 10.0     # rivals this close to the best are the same place, not a tie
REGION_MISMATCH = 0.6
_PRECISION = {"exact": 1.0, "hromada": 0.98, "raion": 0.95, "oblast": 0.9}

Point = tuple[float, float]


def prior(place: Place, *, region: str | None, near: Point | None, context: Sequence[Point]) -> float:
    """How likely a place is meant, from 0 to 1, before looking at the name."""
    # Population 0 means unknown (KATOTTG-only villages), ranked like a small village.
    factor = 0.85 + 0.15 * min(1.0, math.log10(1 + place.population) / 5)
    factor *= _PRECISION.get(place.precision, 0.9)
    if region is not None and place.admin1 != region:
        factor *= REGION_MISMATCH
    if near is not None:
        factor *= 0.55 + 0.45 * math.exp(-distance_km(place.lat, place.lon, *near) / 100)
    if context:
        nearest = min(distance_km(place.lat, place.lon, lat, lon) for lat, lon in context)
        factor *= 0.7 + 0.3 * math.exp(-nearest / 60)
    return factor


def rank(index: Index, hits: Hits, *, region: str | None = None, near: Point | None = None,
         context: Sequence[Point] = (), limit: int = 5) -> list[Candidate]:
    """Candidates best first; near ties between distinct places are flagged ``ambiguous``."""
    scored = sorted(
        ((sim * prior(index.places[i], region=region, near=near, context=context), i, k)
         for i, (sim, k) in hits.items()),
        key=lambda t: (-t[0], -index.places[t[1]].population, index.places[t[1]].id),
    )[:limit]
    if not scored:
        return []
    tied = _tied(index, scored)
    return [_candidate(index.places[i], score, index.shown.get(k, k), n in tied)
            for n, (score, i, k) in enumerate(scored)]


def _tied(index: Index, scored: list[tuple[float, int, str]]) -> set[int]:
    best_score, best, _ = scored[0]
    top = index.places[best]
    rivals = {n for n, (score, i, _) in enumerate(scored[1:], start=1)
              if best_score - score < AMBIGUITY_MARGIN
              and distance_km(top.lat, top.lon, index.places[i].lat, index.places[i].lon) > SAME_PLACE_KM}
    return rivals | {0} if rivals else set()


def _candidate(place: Place, score: float, matched: str, ambiguous: bool) -> Candidate:
    return Candidate(
        id=place.id, name=place.name, name_uk=place.name_uk, name_ru=place.name_ru,
        lat=round(place.lat, 5), lon=round(place.lon, 5), admin1=place.admin1, admin2=place.admin2,
        country=place.country, population=place.population, score=round(min(1.0, max(0.0, score)), 4),
        matched=matched, source=place.source, precision=place.precision, ambiguous=ambiguous,
    )
