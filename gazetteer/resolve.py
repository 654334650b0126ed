"""Ranking: name similarity times context (region, a point, the article's other places)."""
from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gazetteer.distance import distance_km
from gazetteer.model import Candidate

if TYPE_CHECKING:  # the index stores standing() per place, so it imports this module
    from gazetteer.index import Hits, Index
    from gazetteer.table import PlaceTable

CONFIDENT = 0.85         # a candidate scoring below this is not a confident match
AMBIGUITY_MARGIN = 0.05  # top scores closer than this are a tie
SAME_PLACE_KM = 10.0     # rivals this close to the best are the same place, not a tie
REGION_MISMATCH = 0.6
_PRECISION = {"exact": 1.0, "hromada": 0.98, "raion": 0.95, "oblast": 0.9}

Point = tuple[float, float]


def standing(population: int, precision: str) -> float:
    """How likely a place is meant for its size and how well it is located, from 0 to 1."""
    # Population 0 means unknown (KATOTTG-only villages), ranked like a small village.
    return (0.85 + 0.15 * min(1.0, math.log10(1 + population) / 5)) * _PRECISION.get(precision, 0.9)


def priors(index: Index, indices: Sequence[int], *, region: str | None, near: Point | None,
           context: Sequence[Point]) -> list[float]:
    """How likely each place is meant, from 0 to 1, before looking at the name.

    One loop over the columns: a common name (Іванівка, 123 places) ranks every namesake.
    """
    factors = [index.standing[i] for i in indices]
    if region is None and near is None and not context:
        return factors
    admin1, lats, lons = index.places.admin1, index.places.lat, index.places.lon
    for n, i in enumerate(indices):
        if region is not None and admin1[i] != region:
            factors[n] *= REGION_MISMATCH
        if near is not None:
            factors[n] *= 0.55 + 0.45 * math.exp(-distance_km(lats[i], lons[i], *near) / 100)
        if context:
            nearest = min(distance_km(lats[i], lons[i], lat, lon) for lat, lon in context)
            factors[n] *= 0.7 + 0.3 * math.exp(-nearest / 60)
    return factors


def rank(index: Index, hits: Hits, *, region: str | None = None, near: Point | None = None,
         context: Sequence[Point] = (), limit: int = 5) -> list[Candidate]:
    """Candidates best first; near ties between distinct places are flagged ``ambiguous``."""
    if not hits:
        return []
    places = index.places
    population, ids = places.population, places.id
    indices = list(hits)
    factors = priors(index, indices, region=region, near=near, context=context)
    # Plain tuples sort without a key function: best score, then bigger, then by id.
    scored = [(-hits[i][0] * f, -population[i], ids[i], i) for i, f in zip(indices, factors)]
    if len(scored) > 1:
        scored = heapq.nsmallest(limit, scored)
    tied = _tied(places, scored) if len(scored) > 1 else set()
    return [_candidate(index, i, -score, index.shown[index.key_ids[hits[i][1]]], n in tied)
            for n, (score, _, _, i) in enumerate(scored)]


def _tied(places: PlaceTable, scored: list[tuple[float, int, str, int]]) -> set[int]:
    best_score, _, _, best = scored[0]
    rivals = {n for n, (score, _, _, i) in enumerate(scored[1:], start=1)
              if score - best_score < AMBIGUITY_MARGIN
              and distance_km(places.lat[best], places.lon[best], places.lat[i], places.lon[i]) > SAME_PLACE_KM}
    return rivals | {0} if rivals else set()


def _candidate(index: Index, i: int, score: float, matched: str, ambiguous: bool) -> Candidate:
    places = index.places
    # Positional, in field order, with coordinates rounded at build time: ranking builds
    # up to ``limit`` of these per look-up and keyword passing showed in the profile.
    return Candidate(places.id[i], places.name[i], places.name_uk[i], places.name_ru[i], index.lat5[i],
                     index.lon5[i], places.admin1[i], places.admin2[i], places.country[i], places.population[i],
                     round(min(1.0, max(0.0, score)), 4), matched, places.source[i], places.precision[i], ambiguous)
