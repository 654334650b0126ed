"""Layers: named groups, the grouped control (added last), areas and contradictions."""
from __future__ import annotations

import base64
import json
import re
from importlib import resources

import folium
import pytest
from folium.utilities import normalize
from mapclaims import make_claim, page_data

from geo.conflicts import find_conflicts
from geo.geometry import encirclement_areas
from geo.model import Kind, Side
from maps import build_map, layers
from maps.elements import BaseMap, GroupedLayers
from maps.errors import MapError
from maps.popups import COORDINATE_SCALE, day_number, encode_timelines
from maps.style import BASEMAP


def control_groups(html: str) -> list[str]:
    """Base layer, group and overlay names, in the order the page hands them to
    L.control.groupedLayers (its options object, the last argument, left out)."""
    call = normalize(html).split("L.control.groupedLayers(", 1)[1].split(").addTo(", 1)[0]
    return re.findall(r'"([^"]+)":', call.rsplit("{", 1)[0])


def test_side_and_kind_groups_are_named_feature_groups():
    m = folium.Map()
    sides, kinds = layers.side_layers(m), layers.kind_layers(m)
    assert [g.layer_name for g in sides.values()] == ["Russian claims", "Ukrainian claims", "Other claims"]
    assert [g.layer_name for g in kinds.values()] == [
        "Captured", "Partial control", "Encircled", "Contested", "Advance", "Denied"]
    assert all(isinstance(g, folium.FeatureGroup) for g in [*sides.values(), *kinds.values()])


def test_layer_control_lists_bases_groups_and_overlays_and_comes_last(claims):
    m = build_map(claims)
    assert isinstance(list(m._children.values())[-1], GroupedLayers)
    html = m.get_root().render()
    assert control_groups(html) == [
        "Basemap", "OpenStreetMap",
        "Claimant side", "Russian claims", "Ukrainian claims", "Other claims",
        "Kind", "Captured", "Partial control", "Encircled", "Contested", "Advance", "Denied",
        "Areas and contradictions", "Encirclement areas", "Contradictions"]


def test_the_basemap_is_the_first_base_and_tiles_start_hidden(claims):
    m = build_map(claims)
    control = list(m._children.values())[-1]
    basemap = next(c for c in m._children.values() if getattr(c, "layer_name", None) == "Basemap")
    osm = next(c for c in m._children.values() if getattr(c, "layer_name", None) == "OpenStreetMap")
    assert osm.get_name() in control.layers_untoggle
    assert basemap.get_name() not in control.layers_untoggle


def test_the_shipped_basemap_is_drawn_under_every_base(claims):
    m = build_map(claims)
    [basemap] = [c for c in m._children.values() if isinstance(c, BaseMap)]
    raw = m.get_root().render()
    html = normalize(raw)
    assert f"var {basemap.get_name()} = new frontline.BaseMap(" in html
    assert f'{basemap.get_name()}.load(frontline.unpack("{basemap.data_id}"))' in html
    assert html.count("frontline.BaseMap = BaseMap") == 1  # its code, inlined once
    packed = re.search(rf'<script type="application/gzip\+base64" id="{basemap.data_id}">([^<]*)</script>', html)
    shipped = (resources.files("maps") / "data" / "basemap.json.gz").read_bytes()
    assert base64.b64decode(packed.group(1)) == shipped
    style = json.loads(re.search(r"new frontline\.BaseMap\(\{style: (\{.*?\}),\s+attribution: ", raw).group(1))
    assert style == BASEMAP


def test_encirclement_rows_are_lat_lon_rings(claims):
    m = folium.Map()
    group, columns = layers.encirclement_layer(m, encirclement_areas(claims))
    assert group.layer_name == "Encirclement areas"
    assert columns["day"] == [day_number(claims[3].claim_date)] and columns["side"] == [0]
    [[ring]] = columns["rings"]
    lats = [v / COORDINATE_SCALE for v in ring[0::2]]
    lons = [v / COORDINATE_SCALE for v in ring[1::2]]
    assert 48.2 < min(lats) < max(lats) < 48.4 and 37.1 < min(lons) < max(lons) < 37.35
    assert ring[:2] == ring[-2:]
    assert columns["places"] == [["Myrnohrad", "Pokrovsk"]] and columns["approximate"] == [["Myrnohrad"]]


def test_contradiction_marks_the_place_from_the_later_claim(claims):
    m = folium.Map()
    data = encode_timelines(claims)
    group, columns = layers.contradiction_layer(m, find_conflicts(claims), data["keys"])
    assert group.layer_name == "Contradictions"
    kupiansk = data["keys"]["kupiansk"]
    assert columns == {"place": [kupiansk], "day": [day_number(claims[1].claim_date)]}


def test_no_contradiction_beyond_the_window():
    claims = [make_claim("Kupiansk", Kind.CAPTURED, Side.RU, 1),
              make_claim("Kupiansk", Kind.DENIED, Side.UA, 29, controller_side=Side.UA)]
    data = encode_timelines(claims)
    _, columns = layers.contradiction_layer(folium.Map(), find_conflicts(claims, window_days=14), data["keys"])
    assert columns == {"place": [], "day": []}


def test_layer_control_needs_a_base_layer():
    with pytest.raises(MapError):
        GroupedLayers({"g": []}, base_layers=[])


def test_claim_layer_gets_every_filter_group(claims):
    html = normalize(build_map(claims).get_root().render())
    match = re.search(r"new frontline\.ClaimLayer\((.*?)\}\)\.addTo", html, re.S)
    options = match.group(1)
    for key in ("RU", "UA", "other", "captured", "partial", "encircled", "contested", "advance", "denied"):
        assert re.search(rf'"{key}": feature_group_\w+', options), key
    assert re.search(r"areas: feature_group_\w+", options)
    assert re.search(r"contradictions: feature_group_\w+", options)
    data = page_data(html)
    assert data["contradictions"]["place"] == [data["places"]["name"].index("Kupiansk")]
