"""The map's layers: one function per overlay, each a named FeatureGroup, and the layer
control, which the builder adds last."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
from folium.map import Layer

from geo.conflicts import Conflict
from geo.geometry import EncirclementArea
from geo.model import Kind, Side, place_key
from maps.elements import BaseMap, GroupedLayers
from maps.popups import SIDE_ORDER, coordinate, day_number
from maps.style import AREA, CONTRADICTION, GROUP_KINDS, GROUP_MARKS, GROUP_SIDES, KINDS, SIDES

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


def add_layer_control(m: folium.Map, *, sides: dict[Side, folium.FeatureGroup],
                      kinds: dict[Kind, folium.FeatureGroup], marks: list[folium.FeatureGroup],
                      bases: list[Layer]) -> GroupedLayers:
    """The grouped layer control; call it after every other layer is on the map."""
    groups = {GROUP_SIDES: list(sides.values()), GROUP_KINDS: list(kinds.values()), GROUP_MARKS: marks}
    return GroupedLayers(groups, base_layers=bases).add_to(m)


def _rings(area: EncirclementArea) -> list[list[int]]:
    # shapely holds (lon, lat); the browser reads [lat, lon] like Leaflet.
    polygon = area.polygon
    return [[coordinate(v) for x, y in ring.coords for v in (y, x)]
            for ring in (polygon.exterior, *polygon.interiors)]
