"""The map's layers: one function per overlay, each a named FeatureGroup, and the layer
control, which the builder adds last."""
from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Sequence
from typing import Any

import folium
import numpy as np
import shapely
from folium.map import Layer

from geo.conflicts import Conflict
from geo.geometry import EncirclementArea
from geo.model import Kind, Side, place_key
from geo.reference import Reference
from geo.verify import Judgement, Verdict
from maps.elements import BaseMap, GroupedLayers
from maps.popups import COORDINATE_SCALE, SIDE_ORDER, coordinate, day_number
from maps.style import (AHEAD, AREA, CONTRADICTION, GROUP_KINDS, GROUP_MARKS, GROUP_SIDES, KINDS, REFERENCE,
                        SIDES)

OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def base_layers(m: folium.Map) -> list[Layer]:
    """The offline basemap, chosen at first, and OpenStreetMap tiles one click away.

    The basemap is drawn under the tiles whichever is chosen, so it shows wherever tiles do
    not load; its entry in the control is an empty layer that only switches the tiles off."""
    BaseMap().add_to(m)
    basemap = folium.FeatureGroup(name="Basemap", overlay=False).add_to(m)
    osm = folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=OSM_ATTRIBUTION, show=False).add_to(m)
    return [basemap, osm]


def side_layers(m: folium.Map) -> dict[Side, folium.FeatureGroup]:
    """One switch per claimant side: a settlement is drawn from the claims of the sides
    that are on (the claim layer reads the switches)."""
    return {side: folium.FeatureGroup(name=style["label"]).add_to(m) for side, style in SIDES.items()}


def kind_layers(m: folium.Map) -> dict[Kind, folium.FeatureGroup]:
    """One switch per claim kind, read by the claim layer like the side switches."""
    return {kind: folium.FeatureGroup(name=style["label"]).add_to(m) for kind, style in KINDS.items()}


def encirclement_layer(m: folium.Map, areas: Sequence[EncirclementArea]) -> tuple[folium.FeatureGroup, dict[str, list[Any]]]:
    """The switch for the encirclement areas, and the areas as columns ``day``, ``side``
    (index), ``rings`` (per area, its rings as flat ``[lat, lon, lat, lon, ...]`` lists of
    :func:`maps.popups.coordinate` integers), ``places`` and ``approximate`` (the names of
    its places, and of those drawn at their unit's centre) for the browser."""
    group = folium.FeatureGroup(name=AREA["label"]).add_to(m)
    columns = {"day": [day_number(a.claim_date) for a in areas],
               "side": [SIDE_ORDER.index(a.claimant_side) for a in areas],
               "rings": [_rings(a) for a in areas],
               "places": [list(a.places) for a in areas],
               "approximate": [list(a.approximate) for a in areas]}
    return group, columns


def contradiction_layer(m: folium.Map, conflicts: Sequence[Conflict],
                        place_index: dict[str, int]) -> tuple[folium.FeatureGroup, dict[str, list[int]]]:
    """The switch for the contradiction rings, and columns ``place`` (index) and ``day``:
    a place is marked from the later claim of its earliest contradiction on."""
    group = folium.FeatureGroup(name=CONTRADICTION["label"]).add_to(m)
    first_seen: dict[int, int] = {}
    for conflict in conflicts:
        place = place_index.get(place_key(conflict.second))
        if place is None:
            continue  # unresolved: not on the map
        day = day_number(conflict.second.claim_date)
        first_seen[place] = min(day, first_seen.get(place, day))
    marked = sorted(first_seen.items())
    return group, {"place": [place for place, _ in marked], "day": [day for _, day in marked]}


def reference_layer(m: folium.Map, reference: Reference, judgements: Sequence[Judgement],
                    place_index: dict[str, int], places: dict[str, list[Any]], *,
                    first: dt.date, last: dt.date) -> tuple[folium.FeatureGroup, folium.FeatureGroup, dict[str, Any]]:
    """The switches for a reference layer's area and for the places claimed ahead of it,
    and their data: ``areas`` (``day``, and per date its polygons' rings as flat
    ``[lat, lon, ...]`` :func:`maps.popups.coordinate` lists, simplified for the page) for
    the dates from the one in force on ``first`` to ``last``; ``ahead`` (``place``, ``lat``,
    ``lon``, ``from``, ``to``: a place is ringed from a claim's day until the day the
    reference confirmed it, or for good)."""
    area = folium.FeatureGroup(name=f"{REFERENCE['label']}: {reference.name}").add_to(m)
    ahead = folium.FeatureGroup(name=AHEAD["label"]).add_to(m)
    days, rings = [], []
    if reference.areas:
        start = max(0, bisect.bisect_right(reference.dates, first) - 1)
        stop = bisect.bisect_right(reference.dates, last)
        simplified = shapely.simplify(list(reference.areas[start:stop]), REFERENCE["simplifyDegrees"],
                                      preserve_topology=True)
        days = [day_number(d) for d in reference.dates[start:stop]]
        rings = [_polygon_rings(geom) for geom in simplified]
    rows = []
    for j in judgements:
        if j.verdict in (Verdict.NOT_CONFIRMED, Verdict.CONFIRMED_LATER) and place_key(j.claim) in place_index:
            p = place_index[place_key(j.claim)]
            rows.append((p, places["lat"][p], places["lon"][p], day_number(j.claim.claim_date),
                         None if j.confirmed_on is None else day_number(j.confirmed_on)))
    columns = dict(zip(("place", "lat", "lon", "from", "to"), map(list, zip(*rows)))) if rows else \
        {k: [] for k in ("place", "lat", "lon", "from", "to")}
    data = {"name": reference.name, "holder": reference.holder.value if reference.holder else "per place",
            "areas": {"day": days, "rings": rings}, "ahead": columns}
    return area, ahead, data


def _polygon_rings(geom: Any) -> list[list[array]]:
    # shapely holds (lon, lat); the browser reads [lat, lon] like Leaflet. Each ring is an
    # array of 32-bit integers: a map of 50,000 areas would spend 150 MB on int objects.
    out = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        out.append([array("i", np.round(np.asarray(ring.coords)[:, ::-1] * COORDINATE_SCALE).astype(np.int32).tobytes())
                    for ring in (polygon.exterior, *polygon.interiors)])
    return out


def add_layer_control(m: folium.Map, *, sides: dict[Side, folium.FeatureGroup],
                      kinds: dict[Kind, folium.FeatureGroup], marks: list[folium.FeatureGroup],
                      bases: list[Layer]) -> GroupedLayers:
    """The grouped layer control; call it after every other layer is on the map."""
    groups = {GROUP_SIDES: list(sides.values()), GROUP_KINDS: list(kinds.values()), GROUP_MARKS: marks}
    return GroupedLayers(groups, base_layers=bases).add_to(m)


def _rings(area: EncirclementArea) -> list[array]:
    return _polygon_rings(area.polygon)[0]
