"""Merge the records of several sources into one list of places.

KATOTTG knows every Ukrainian settlement but no coordinates; GeoNames has coordinates for
a fifth of them. A KATOTTG settlement and a GeoNames place of the same oblast that share a
name become one place with the KATOTTG id (official and stable). Settlements left without
coordinates take their hromada centre's (``precision="hromada"``), failing that the mean of
their raion's or oblast's known places.
"""
from __future__ import annotations

import dataclasses
import logging
import math
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from gazetteer.model import Place
from gazetteer.names import key, looks_russian, russian_forms
from gazetteer.sources.base import has_coordinates
from gazetteer.sources.katottg import is_hromada_centre

log = logging.getLogger(__name__)

PAIR_RADIUS_KM = 30.0
TOWN_POPULATION = 5000


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine; accurate enough for ranking)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def merge_places(records: Iterable[Place]) -> list[Place]:
    """One place per settlement: GeoNames records deduplicated, KATOTTG paired and located."""
    by_geonameid: dict[str, Place] = {}
    settlements: list[Place] = []
    others: list[Place] = []
    for place in records:
        if place.id.startswith("geonames:"):
            by_geonameid[place.id] = _union(by_geonameid.get(place.id), place)
        elif not has_coordinates(place):
            settlements.append(place)
        else:
            others.append(place)
    geonames = list(by_geonameid.values())
    pairs = _pair(settlements, geonames)
    merged = [_combine(s, geonames[pairs[i]]) if i in pairs else s for i, s in enumerate(settlements)]
    used = set(pairs.values())
    located = _locate(merged)
    log.info("merge: %d settlements, %d paired with GeoNames, %d GeoNames unpaired",
             len(settlements), len(pairs), len(geonames) - len(used))
    return located + [g for j, g in enumerate(geonames) if j not in used] + others


def _union(old: Place | None, new: Place) -> Place:
    if old is None:
        return new
    return dataclasses.replace(new, names=tuple(dict.fromkeys(new.names + old.names)),
                               population=max(new.population, old.population))


def _pair(settlements: list[Place], geonames: list[Place]) -> dict[int, int]:
    """settlement index -> GeoNames index; unique name matches first, then by nearness."""
    from gazetteer.sources.katottg import romanise

    by_name: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for j, g in enumerate(geonames):
        for k in {key(n) for n in g.names}:
            by_name[(g.admin1, k)].append(j)
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(settlements):
        found = {j for k in {key(s.name_uk or s.name), key(romanise(s.name_uk or s.name))}
                 for j in by_name.get((s.admin1, k), ())}
        if found:
            groups[tuple(sorted(found))].append(i)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    crowded = []
    for found, members in groups.items():
        if len(found) == 1 and len(members) == 1:
            choice = (members[0], found[0])
        else:
            crowded.append((found, members))
            choice = _likely_pair(settlements, geonames, found, members)
            if choice is None:
                continue
        if choice[1] not in taken:
            pairs[choice[0]] = choice[1]
            taken.add(choice[1])
    _pair_by_centre(settlements, geonames, crowded, pairs)
    return pairs


def _likely_pair(settlements, geonames, found, members) -> tuple[int, int] | None:
    """Of same-named places in one oblast, the one town (else the one hromada centre) goes
    with the most populous GeoNames place."""
    biggest = max(found, key=lambda j: geonames[j].population)
    towns = [i for i in members if settlements[i].raw["category"] in "MK"]
    if len(towns) == 1 and geonames[biggest].population >= TOWN_POPULATION:
        return towns[0], biggest
    centres = [i for i in members if is_hromada_centre(settlements[i])]
    if not towns and len(centres) == 1:
        return centres[0], biggest
    return None


def _pair_by_centre(settlements, geonames, crowded, pairs) -> None:
    """Pair same-named settlements with GeoNames places nearest their hromada centre."""
    centres = {s.raw["hromada"]: geonames[pairs[i]] for i, s in enumerate(settlements)
               if i in pairs and is_hromada_centre(s)}
    used = set(pairs.values())
    options = []
    for found, members in crowded:
        for i in members:
            centre = centres.get(settlements[i].raw.get("hromada"))
            if centre is None:
                continue
            for j in found:
                d = distance_km(centre.lat, centre.lon, geonames[j].lat, geonames[j].lon)
                if d <= PAIR_RADIUS_KM:
                    options.append((d, i, j))
    for _, i, j in sorted(options):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)


def _combine(settlement: Place, geo: Place) -> Place:
    return dataclasses.replace(
        settlement, lat=geo.lat, lon=geo.lon, source=f"{settlement.source}+{geo.source}",
        name_ru=russian_name(settlement.name_uk or settlement.name, geo.names),
        population=geo.population, precision="exact",
        names=tuple(dict.fromkeys(settlement.names + geo.names)),
        raw={**settlement.raw, "geonameid": geo.raw.get("geonameid") if geo.raw else None},
    )


def russian_name(name_uk: str, names: Iterable[str]) -> str | None:
    """The Russian-looking Cyrillic name closest to the Russian form of the Ukrainian one."""
    target = next(iter(russian_forms(name_uk)), key(name_uk))
    russian = [n for n in names if looks_russian(n)]
    return max(russian, key=lambda n: fuzz.ratio(key(n), target), default=None)


def _locate(settlements: list[Place]) -> list[Place]:
    """Give coordinates to settlements without: hromada centre, else raion or oblast mean."""
    centre = {s.raw["hromada"]: s for s in settlements if is_hromada_centre(s) and has_coordinates(s)}
    raion, oblast = _means(settlements, "raion"), _means(settlements, None)
    located = []
    for s in settlements:
        if has_coordinates(s):
            located.append(s)
        elif (c := centre.get(s.raw.get("hromada"))) is not None:
            located.append(dataclasses.replace(s, lat=c.lat, lon=c.lon, precision="hromada"))
        elif (m := raion.get(s.raw.get("raion"))) is not None:
            located.append(dataclasses.replace(s, lat=m[0], lon=m[1], precision="raion"))
        elif (m := oblast.get(s.admin1)) is not None:
            located.append(dataclasses.replace(s, lat=m[0], lon=m[1], precision="oblast"))
    return located


def _means(settlements: list[Place], field: str | None) -> dict[str | None, tuple[float, float]]:
    sums: dict[str | None, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for s in settlements:
        if has_coordinates(s):
            acc = sums[s.raw.get(field) if field else s.admin1]
            acc[0] += s.lat
            acc[1] += s.lon
            acc[2] += 1
    return {k: (a / n, b / n) for k, (a, b, n) in sums.items()}
