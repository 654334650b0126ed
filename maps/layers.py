"""The map's layers: one function per overlay, each a named FeatureGroup, and the layer
control, which the builder adds last."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
from folium.map import Layer

from geo.conflicts import Conflict, place_key
from geo.geometry import EncirclementArea
from geo.model import Kind, Side
from maps.elements import GroupedLayers
from maps.popups import SIDE_ORDER, day_number
from maps.style import AREA, CONTRADICTION, GROUP_KINDS, GROUP_MARKS, GROUP_SIDES, KINDS, SIDES

OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def base_layers(m: folium.Map) -> list[Layer]:
    """OpenStreetMap tiles, and a plain background that needs no network."""
    osm = folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=OSM_ATTRIBUTION).add_to(m)
    plain = folium.FeatureGroup(name="Plain", overlay=False, show=False).add_to(m)
    return [osm, plain]


def side_layers(m: folium.Map) -> dict[Side, folium.FeatureGroup]:
    """One switch per claimant side: a settlement is drawn from the claims of the sides
    that are on (the claim layer reads the switches)."""
    return {side: folium.FeatureGroup(name=style["label"]).add_to(m) for side, style in SIDES.items()}


def kind_layers(m: folium.Map) -> dict[Kind, folium.FeatureGroup]:
    """One switch per claim kind, read by the claim layer like the side switches."""
    return {kind: folium.FeatureGroup(name=style["label"]).add_to(m) for kind, style in KINDS.items()}


def encirclement_layer(m: folium.Map, areas: Sequence[EncirclementArea]) -> tuple[folium.FeatureGroup, list[Any]]:
    """The group the encirclement areas are drawn into, and the areas as rows
    ``[day, side index, rings of [lat, lon]]`` for the browser."""
    group = folium.FeatureGroup(name=AREA["label"]).add_to(m)
    rows = [[day_number(a.claim_date), SIDE_ORDER.index(a.claimant_side), _rings(a)]
            for a in areas]
    return group, rows


def contradiction_layer(m: folium.Map, conflicts: Sequence[Conflict],
                        place_index: dict[str, int]) -> tuple[folium.FeatureGroup, list[list[int]]]:
    """The group contradiction rings are drawn into, and rows ``[place index, day]``: a
    place is marked from the later claim of its earliest contradiction on."""
    group = folium.FeatureGroup(name=CONTRADICTION["label"]).add_to(m)
    first_seen: dict[int, int] = {}
    for conflict in conflicts:
        place = place_index.get(place_key(conflict.second))
        if place is None:
            continue  # unresolved: not on the map
        day = day_number(conflict.second.claim_date)
        first_seen[place] = min(day, first_seen.get(place, day))
    return group, [[place, day] for place, day in sorted(first_seen.items())]


def add_layer_control(m: folium.Map, *, sides: dict[Side, folium.FeatureGroup],
                      kinds: dict[Kind, folium.FeatureGroup], marks: list[folium.FeatureGroup],
                      bases: list[Layer]) -> GroupedLayers:
    """The grouped layer control; call it after every other layer is on the map."""
    groups = {GROUP_SIDES: list(sides.values()), GROUP_KINDS: list(kinds.values()), GROUP_MARKS: marks}
    return GroupedLayers(groups, base_layers=bases).add_to(m)


def _rings(area: EncirclementArea) -> list[list[list[float]]]:
    # shapely holds (lon, lat); Leaflet wants [lat, lon].
    polygon = area.polygon
    rings = [polygon.exterior, *polygon.interiors]
    return [[[round(y, 5), round(x, 5)] for x, y in ring.coords] for ring in rings]
