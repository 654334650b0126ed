"""Merge the records of several sources into one list of places.

KATOTTG knows every Ukrainian settlement but no coordinates. A GeoNames place the shipped
table ties to a settlement (``raw["katottg"]``, see :mod:`gazetteer.build`) becomes one place
with it; so does, failing that, a GeoNames place of the same oblast that shares its name.
The place keeps the KATOTTG id (official and stable). Settlements left without
coordinates take their hromada centre's (``precision="hromada"``), failing that the mean of
their raion's or oblast's known places.
"""
from __future__ import annotations

import dataclasses
import logging
import statistics
from collections import defaultdict
from collections.abc import Iterable

import translitua
from rapidfuzz import fuzz

from gazetteer.distance import distance_km
from gazetteer.model import Place
from gazetteer.names import key, looks_russian, russian_forms
from gazetteer.sources.base import has_coordinates
from gazetteer.sources.katottg import is_hromada_centre

log = logging.getLogger(__name__)

PAIR_RADIUS_KM = 30.0
# How far from the middle of its raion's (hromada's) paired settlements a pair may lie: at least
# this, or farther in a unit whose paired settlements spread wider.
MIN_REACH_KM = {"raion": 40.0, "hromada": 25.0}
REACH_MARGIN_KM = 25.0
TOWN_POPULATION = 5000


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
                               population=max(new.population, old.population),
                               raw={**(old.raw or {}), **(new.raw or {})})


def _pair(settlements: list[Place], geonames: list[Place]) -> dict[int, int]:
    """settlement index -> GeoNames index.

    GeoNames' alternate names include historic ones that are now another settlement's name
    (Myrnohrad was once Hrodivka, and a village Hrodivka lies next to it), so a settlement
    first meets the GeoNames places whose *current* name it bears; alternate names only pair
    what is left. Unique matches pair at once; a match through an alternate name, or a choice
    among same-named places, must lie near where the settlement's raion or hromada is.
    """
    from gazetteer.sources.katottg import romanise

    pairs = _pair_by_code(settlements, geonames)
    own_keys = [set() if i in pairs else _settlement_keys(s, romanise) for i, s in enumerate(settlements)]
    crowded: list[tuple[tuple[int, ...], list[int]]] = []
    anchors: dict[str, dict[str, tuple[float, float]]] = {}
    for current_only in (True, False):
        groups = _groups(settlements, geonames, own_keys, pairs, current_only=current_only)
        for found, members in groups.items():
            if len(found) == 1 and len(members) == 1:
                i, j = members[0], found[0]
                if current_only or _near_anchor(settlements[i], geonames[j], anchors):
                    pairs[i] = j
            else:
                crowded.append((found, members))
        if current_only:
            anchors = _anchors(settlements, geonames, pairs)
    taken = set(pairs.values())
    for found, members in crowded:
        members = [i for i in members if i not in pairs]
        found = tuple(j for j in found if j not in taken)
        if not members or not found:
            continue
        choice = _likely_pair(settlements, geonames, found, members, anchors)
        if choice is not None and choice[0] not in pairs and choice[1] not in taken:
            pairs[choice[0]] = choice[1]
            taken.add(choice[1])
    _pair_by_centre(settlements, geonames, crowded, pairs, anchors)
    return pairs


def _pair_by_code(settlements: list[Place], geonames: list[Place]) -> dict[int, int]:
    """settlement index -> GeoNames index for the places the shipped table ties together."""
    by_code = {s.id: i for i, s in enumerate(settlements)}
    return {by_code[code]: j for j, g in enumerate(geonames)
            if (code := (g.raw or {}).get("katottg")) in by_code}


def _settlement_keys(settlement: Place, romanise) -> set[str]:
    name = settlement.name_uk or settlement.name
    return {key(name), key(romanise(name)), key(translitua.translit(name, translitua.UkrainianBritish))}


def _groups(settlements, geonames, own_keys, pairs, *, current_only: bool):
    """GeoNames places (by their current name, or by any name) that each unpaired
    settlement's name matches in its oblast, grouped by the set of places matched."""
    taken = set(pairs.values())
    by_name: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for j, g in enumerate(geonames):
        if j in taken:
            continue
        for k in {key(g.name)} if current_only else {key(n) for n in (g.name, *g.names)}:
            by_name[(g.admin1, k)].append(j)
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(settlements):
        if i in pairs:
            continue
        found = {j for k in own_keys[i] for j in by_name.get((s.admin1, k), ())}
        if found:
            groups[tuple(sorted(found))].append(i)
    return groups


def _anchors(settlements, geonames, pairs) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Where each raion and hromada lies, from its paired settlements: the median point and
    its reach, the distance to the farthest of them plus a margin."""
    points: dict[str, dict[str, list[tuple[float, float]]]] = {"raion": defaultdict(list),
                                                                "hromada": defaultdict(list)}
    for i, j in pairs.items():
        for level, groups in points.items():
            if (unit := settlements[i].raw.get(level)) is not None:
                groups[unit].append((geonames[j].lat, geonames[j].lon))
    anchors: dict[str, dict[str, tuple[float, float, float]]] = {}
    for level, groups in points.items():
        anchors[level] = {}
        for unit, pts in groups.items():
            lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
            farthest = max(distance_km(lat, lon, *p) for p in pts)
            anchors[level][unit] = (lat, lon, max(MIN_REACH_KM[level], farthest + REACH_MARGIN_KM))
    return anchors


def _near_anchor(settlement: Place, geo: Place, anchors, level: str = "raion") -> bool:
    """Whether a GeoNames place lies within the reach of the settlement's raion (or hromada);
    ``True`` when the unit has no paired settlement to compare with."""
    anchor = anchors.get(level, {}).get(settlement.raw.get(level))
    return anchor is None or distance_km(anchor[0], anchor[1], geo.lat, geo.lon) <= anchor[2]


def _likely_pair(settlements, geonames, found, members, anchors) -> tuple[int, int] | None:
    """Of same-named places in one oblast, the one town (else the one hromada centre) goes
    with the most populous GeoNames place near its raion."""
    towns = [i for i in members if settlements[i].raw["category"] in "MK"]
    centres = [i for i in members if is_hromada_centre(settlements[i])]
    if len(towns) == 1:
        chosen = towns[0]
    elif not towns and len(centres) == 1:
        chosen = centres[0]
    else:
        return None
    # Within the hromada if it is located, else within the raion.
    in_hromada = settlements[chosen].raw.get("hromada") in anchors.get("hromada", {})
    level = "hromada" if in_hromada else "raion"
    near = [j for j in found if _near_anchor(settlements[chosen], geonames[j], anchors, level)]
    if not near:
        return None
    biggest = max(near, key=lambda j: geonames[j].population)
    if towns and geonames[biggest].population < TOWN_POPULATION:
        return None
    return chosen, biggest


def _pair_by_centre(settlements, geonames, crowded, pairs, anchors) -> None:
    """Pair same-named settlements with GeoNames places nearest their hromada centre (or,
    before the centre is located, the middle of the hromada's located settlements)."""
    centres = {s.raw["hromada"]: (geonames[pairs[i]].lat, geonames[pairs[i]].lon)
               for i, s in enumerate(settlements) if i in pairs and is_hromada_centre(s)}
    used = set(pairs.values())
    options = []
    for found, members in crowded:
        for i in members:
            if i in pairs:
                continue
            hromada = settlements[i].raw.get("hromada")
            anchor = anchors.get("hromada", {}).get(hromada)
            centre = centres.get(hromada) or (anchor[:2] if anchor else None)
            if centre is None:
                continue
            for j in found:
                d = distance_km(centre[0], centre[1], geonames[j].lat, geonames[j].lon)
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
    """The Russian-looking Cyrillic name closest to the Russian form of the Ukrainian one.

    The Ukrainian name itself looks Russian when it lacks і ї є ґ (Вовчанськ); it is the
    Russian name only when that is spelt the same (Бахмут)."""
    target = next(iter(russian_forms(name_uk)), key(name_uk))
    own = key(name_uk)
    russian = [n for n in names if looks_russian(n) and (key(n) != own or own == target)]
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
