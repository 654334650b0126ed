"""build_map: what the page holds, as fragments and facts; save_map writes atomically."""
from __future__ import annotations

import datetime as dt
import json
import os
import re

import folium
import pytest
from folium.utilities import normalize
from jinja2.utils import htmlsafe_json_dumps

from geo.model import Claim, Kind, Side
from maps import build_map, save_map
from maps.elements import PLACES_ATTRIBUTION
from maps.errors import MapError, MapWriteError
from maps.popups import day_number
from mapclaims import page_data


def test_returns_a_map_and_writes_nothing(claims, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    m = build_map(claims)
    assert isinstance(m, folium.Map)
    assert "<iframe" in m._repr_html_()  # Jupyter shows it inline
    assert list(tmp_path.iterdir()) == []


def test_one_marker_per_settlement_and_data_emitted_once(claims):
    html = build_map(claims).get_root().render()
    data = page_data(html)
    assert len(data["places"]["name"]) == 4 and len(data["claims"]["day"]) == 6
    assert html.count("new frontline.ClaimLayer(") == 1
    assert len(re.findall(r'type="application/gzip\+base64" id="claim_layer_\w+"', html)) == 1
    assert html.count("window.frontline = ") == 1  # the package's own JS, inlined once
    assert "L.circleMarker(" not in html.split("window.frontline = ", 1)[1].split("</script>", 1)[1]


def test_controls_scale_fullscreen_search_and_time(claims):
    html = normalize(build_map(claims).get_root().render())
    assert '"control_scale": true' not in html and "L.control.scale(" in html
    assert "L.control.fullscreen(" in html
    assert "new L.Control.Search(" in html and "leaflet-search@2.9.7" in html
    assert 'textPlaceholder: "Search settlement"' in html
    assert "new frontline.TimeControl(" in html
    assert "tile.openstreetmap.org" in html


def test_every_map_credits_geonames_and_katottg_for_its_places(claims):
    # Issue 14, item 7 (the browser test reads the attribution control itself)
    html = build_map(claims).get_root().render()
    assert "GeoNames" in PLACES_ATTRIBUTION and "CC BY 4.0" in PLACES_ATTRIBUTION and "KATOTTG" in PLACES_ATTRIBUTION
    assert f"attribution: {htmlsafe_json_dumps(PLACES_ATTRIBUTION)}" in html


def test_time_control_defaults_to_the_latest_claim_and_lists_claim_dates(claims):
    html = normalize(build_map(claims).get_root().render())
    days, start = re.search(r"new frontline\.TimeControl\(\s*(\[[^\]]*\]),\s*(\d+)", html).groups()
    assert json.loads(days) == sorted({day_number(c.claim_date) for c in claims})
    assert int(start) == day_number(dt.date(2025, 11, 24))


def test_as_of_drops_later_claims_and_starts_the_slider_there(claims):
    as_of = dt.date(2025, 11, 21)
    html = normalize(build_map(claims, as_of=as_of).get_root().render())
    data = page_data(html)
    assert max(data["claims"]["day"]) <= day_number(as_of)
    assert len(data["claims"]["day"]) == 5
    assert f"day: {day_number(as_of)}," in html
    assert data["contradictions"] == {"place": [], "day": []}  # the denial came later


def test_legend_explains_sides_kinds_and_marks(claims):
    html = build_map(claims).get_root().render()
    legend = html.split('class="fl-legend"', 1)[1].split("</div>", 1)[0]
    for label in ("Russian claims", "Ukrainian claims", "Other claims", "Captured", "Partial control",
                  "fill shows the percentage", "Encircled", "Contested", "Advance", "Denied",
                  "Encirclement areas", "Contradictions"):
        assert label in legend
    assert "#c0392b" in legend and "#1f5fbf" in legend
    assert "within 14 days" in legend


def test_legend_explains_approximate_locations_and_low_confidence(claims):
    html = build_map(claims).get_root().render()
    legend = html.split('class="fl-legend"', 1)[1].split("</div>", 1)[0]
    sure = legend.split("<h4>How sure</h4>", 1)[1]
    assert "Approximate location" in sure and "hromada&#39;s, raion&#39;s or oblast&#39;s centre" in sure
    assert 'stroke-dasharray="2 2"' in sure  # the dotted ring the canvas draws
    assert "Low confidence" in sure and "under 0.5" in sure and 'opacity="0.35"' in sure
    assert "Area on approximate locations" in sure and 'stroke-dasharray="5 3"' in sure


def test_the_browser_gets_the_approximate_and_confidence_styles(claims):
    html = build_map(claims).get_root().render()
    style = json.loads(re.search(r"new frontline\.ClaimLayer\(\{.*?style: (\{.*?\}),\s*sides:", html, re.S).group(1))
    assert style["approximate"]["dashArray"] == "2 2" and style["lowConfidence"]["below"] == 0.5
    assert style["area"]["bufferKm"] == 3.0


def test_legend_states_the_contradiction_window_in_use(claims):
    html = build_map(claims, conflict_window_days=3).get_root().render()
    legend = html.split('class="fl-legend"', 1)[1].split("</div>", 1)[0]
    assert "opposite control within 3 days" in legend


def test_nothing_to_draw_is_a_map_error(claims):
    unresolved = Claim(as_written="Nowhere", kind=Kind.CAPTURED, claimant="X", claimant_side=Side.RU,
                       claim_date=dt.date(2025, 11, 1), source="Y")
    with pytest.raises(MapError, match="no claim with coordinates"):
        build_map([unresolved])
    with pytest.raises(MapError, match="on or before 2025-01-01"):
        build_map(claims, as_of=dt.date(2025, 1, 1))


def test_save_map_writes_the_rendered_page_atomically(claims, tmp_path):
    target = tmp_path / "out" / "map.html"
    size = save_map(build_map(claims), target)
    assert target.stat().st_size == size
    assert "new frontline.ClaimLayer(" in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]


def test_failed_save_leaves_the_old_file(claims, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old")
    m = build_map(claims)
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "denied")))
    with pytest.raises(MapWriteError, match="cannot write .*map.html: denied"):
        save_map(m, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_only_the_assets_the_map_uses_are_linked(claims):
    html = build_map(claims).get_root().render()
    links = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert any("leaflet@1.9.3/dist/leaflet.js" in u for u in links)
    for unused in ("jquery", "bootstrap", "fontawesome", "awesome-markers"):
        assert not any(unused in u for u in links), unused


def _store_claims(n: int = 600, seed: int = 11) -> list[Claim]:
    """Resolved and unresolved claims of every kind and side over a dozen places, some
    encircled together, some contradicting each other."""
    import random

    rng = random.Random(seed)
    places = [(f"Place {i}", f"p{i}", 48 + i / 10, 36 + i / 7) for i in range(12)]
    out = []
    for i in range(n):
        name, place_id, lat, lon = rng.choice(places)
        kind = rng.choice(list(Kind))
        side = rng.choice(list(Side))
        resolved = rng.random() < 0.9
        out.append(Claim(as_written=name, kind=kind, claimant=f"claimant {side.value}", claimant_side=side,
                         claim_date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(90)),
                         source="Wire", url=f"https://news.example/{i // 3}", quote=f"Sentence {i // 3}.",
                         percent=40.0 if kind is Kind.PARTIAL else None, group=f"g{i % 5}" if kind is Kind.ENCIRCLED else None,
                         controller_side=Side.UA if kind is Kind.DENIED else None, confidence=rng.random(),
                         **(dict(place_id=place_id, place=name, lat=lat, lon=lon, precision="exact") if resolved else {})))
    return out


def _old_timelines(claims):
    """The claim columns as build_map grouped them before it streamed (a dict of places)."""
    from collections import defaultdict

    from geo.model import place_key
    by_place = defaultdict(list)
    for claim in claims:
        if claim.lat is not None:
            by_place[place_key(claim)].append(claim)
    return [[day_number(c.claim_date), c.id] for key in sorted(by_place)
            for c in sorted(by_place[key], key=lambda c: (c.claim_date, c.id))]


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 2, 1)])
def test_a_map_streamed_from_the_store_is_the_map_of_every_claim_at_once(store_target, as_of):
    from geo.store import Store

    claims = _store_claims()
    with Store.open(store_target) as store:
        store.add(claims)
        at_once = build_map(list(store.query()), as_of=as_of).get_root().render()
        streamed = build_map(store.query(order="place"), as_of=as_of, grouped=True).get_root().render()
    data, expected = page_data(streamed), page_data(at_once)
    assert data == expected
    shown = [c for c in claims if as_of is None or c.claim_date <= as_of]
    by_id = {c.id: c for c in claims}
    old = _old_timelines(shown)
    assert data["claims"]["day"] == [day for day, _ in old]
    assert [data["strings"][ref] for ref in data["claims"]["quote"]] == [by_id[i].quote for _, i in old]
    assert len(old) == sum(c.lat is not None for c in shown)
    assert data["areas"]["day"] and data["contradictions"]["place"]  # both overlays have marks
    days = re.compile(r"new frontline.TimeControl\(\s*(\[[^\]]*\])")
    assert days.search(streamed).group(1) == days.search(at_once).group(1)
    bounds = re.compile(r"fitBounds\(\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])")
    assert bounds.search(streamed).group(1) == bounds.search(at_once).group(1)
