"""The map in headless Chromium as a user gets it: the saved file, every request refused.

Settlements, encirclement areas and contradiction rings are painted on one canvas, so the
tests find them through the claim layer's small read-only API (shownCount, shownMarks,
isShown, pointOf), click them at their pixel and read the canvas pixels there. The basemap
is another canvas under the tiles, read through its ``shown()`` and its pixels.
"""
from __future__ import annotations

import pytest
from harness import missing_reason, open_map
from mapclaims import ATTR, SCRIPT, make_claim, sample_claims

from geo.model import Kind, Side
from maps import build_map, save_map
from maps.elements import BaseMap, ClaimLayer
from maps.style import BASEMAP

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=missing_reason()).expect

# Group headings, then their overlays, as the control shows them.
OVERLAYS = ["Claimant side", "Russian claims", "Ukrainian claims", "Other claims",
            "Kind", "Captured", "Partial control", "Encircled", "Contested", "Advance", "Denied",
            "Areas and contradictions", "Encirclement areas", "Contradictions"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    m = build_map(sample_claims())
    names = {type(c): c.get_name() for c in m._children.values() if isinstance(c, (ClaimLayer, BaseMap))}
    path = tmp_path_factory.mktemp("map") / "map.html"
    save_map(m, path)
    return path, names[ClaimLayer], names[BaseMap]


@pytest.fixture
def page(browser, built):
    path, name, basemap = built
    page, log = open_map(browser, path, cdn=False, tiles=False)
    page.wait_for_function(f"() => window.{name} && {name}.shownCount() > 0 && {basemap}.shown().labels.length > 0")
    page.claims, page.basemap = name, basemap
    yield page, log
    page.close()
    assert log.blocked == [], "requests outside the page were made"
    assert log.errors == [], "JavaScript errors"
    assert log.dialogs == [], "a dialog was opened (XSS payload ran?)"


def shown(page) -> int:
    return page.evaluate(f"{page.claims}.shownCount()")


def is_shown(page, name: str) -> bool:
    return page.evaluate(f"name => {page.claims}.isShown(name)", name)


def marks(page) -> dict[str, int]:
    return page.evaluate(f"{page.claims}.shownMarks()")


def pixels_at(page, layer: str, point: dict, reach: int = 0) -> list[list[int]]:
    """RGBA of a canvas layer at a container point of the map, and of the pixels up to
    ``reach`` away (a thin line's core is one of them, whatever the antialiasing)."""
    return page.evaluate(f"""([at, reach]) => {{
        const canvas = {layer}._canvas, map = canvas.closest(".folium-map");
        const c = canvas.getBoundingClientRect(), m = map.getBoundingClientRect();
        const ratio = canvas.width / c.width, x = (m.left + at.x - c.left) * ratio, y = (m.top + at.y - c.top) * ratio;
        const side = 2 * reach + 1;
        const data = canvas.getContext("2d").getImageData(Math.round(x) - reach, Math.round(y) - reach, side, side).data;
        const out = [];
        for (let i = 0; i < data.length; i += 4) out.push(Array.from(data.slice(i, i + 4)));
        return out;
    }}""", [point, reach])


def pixel_at(page, layer: str, point: dict) -> list[int]:
    return pixels_at(page, layer, point)[0]


def pixel(page, name: str) -> list[int]:
    """RGBA of the claim canvas at a settlement's centre."""
    return pixel_at(page, page.claims, page.evaluate(f"name => {page.claims}.pointOf(name)", name))


def base_pixel(page, lat: float, lon: float) -> list[int]:
    """RGBA of the basemap canvas at a point."""
    return pixel_at(page, page.basemap, page.evaluate(f"p => {page.basemap}._map.latLngToContainerPoint(p)", [lat, lon]))


def vertex_in_view(page, layer: str) -> dict:
    """Container point of a vertex of the basemap's ``layer`` lines, away from the edges."""
    return page.evaluate(f"""layer => {{
        const base = {page.basemap}, map = base._map, size = map.getSize(), scale = base._data.scale;
        for (const coded of base._data.lines[layer]) {{
            let lat = 0, lon = 0;
            for (let i = 0; i < coded.length; i += 2) {{
                lat += coded[i]; lon += coded[i + 1];
                const p = map.latLngToContainerPoint([lat / scale, lon / scale]);
                if (p.x > 100 && p.y > 100 && p.x < size.x - 100 && p.y < size.y - 100) return p;
            }}
        }}
        return null;
    }}""", layer)


def set_zoom(page, zoom: int) -> dict:
    """Zoom the map without animation; returns what the basemap then shows."""
    page.evaluate(f"z => {page.basemap}._map.setZoom(z, {{animate: false}})", zoom)
    return page.evaluate(f"{page.basemap}.shown()")


def click_settlement(page, name: str) -> None:
    # a popup opened before may still be panning the map to fit it
    page.wait_for_function(f"() => !{page.claims}._map._panAnim || !{page.claims}._map._panAnim._inProgress")
    point = page.evaluate(f"name => {page.claims}.pointOf(name)", name)
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_loads_without_errors_and_lists_the_overlays(page):
    page, log = page
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == OVERLAYS
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [t.strip() for t in bases] == ["Basemap", "OpenStreetMap"]
    assert shown(page) == 4  # one marker per settlement, six claims
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".fl-legend").is_visible()


def test_clicking_a_settlement_opens_its_timeline(page):
    page, _ = page
    click_settlement(page, "Pokrovsk")
    popup = page.locator(".leaflet-popup-content .fl-timeline")
    popup.wait_for()
    assert popup.locator(".fl-place").inner_text() == "Pokrovsk"
    assert popup.locator(".fl-date").all_inner_texts() == ["2025-11-10", "2025-11-15"]
    assert popup.locator(".fl-kind").all_inner_texts() == ["Partial control: 60%", "Encircled"]
    assert popup.locator(".fl-claimant").all_inner_texts() == ["ISW (other)", "Russian MoD (RU)"]
    assert popup.locator("a.fl-source").first.get_attribute("href") == "https://news.example/pokrovsk/10"


def test_turning_a_layer_off_hides_its_markers(page):
    page, _ = page
    page.get_by_label("Russian claims").uncheck()
    # Myrnohrad has only a Russian claim; Kupiansk falls back to the Ukrainian denial.
    assert not is_shown(page, "Myrnohrad") and is_shown(page, "Kupiansk")
    assert shown(page) == 3
    page.get_by_label("Russian claims").check()
    assert shown(page) == 4
    red, green, blue, alpha = pixel(page, "Vovchansk")  # a Ukrainian claim: blue
    assert blue > red and alpha > 0
    page.get_by_label("Contested").uncheck()
    assert not is_shown(page, "Vovchansk") and shown(page) == 3
    assert pixel(page, "Vovchansk")[3] == 0  # painted away, nothing else there
    assert marks(page) == {"areas": 1, "contradictions": 1}
    inside = pixel(page, "Pokrovsk")[3]  # marker and area fill over each other
    page.get_by_label("Encirclement areas").uncheck()
    assert marks(page)["areas"] == 0 and pixel(page, "Pokrovsk")[3] < inside
    _switch_off(page, "Contradictions")
    assert marks(page) == {"areas": 0, "contradictions": 0}


def test_the_time_control_changes_what_is_shown(page):
    page, _ = page
    date = page.locator(".fl-time-date")
    assert date.inner_text() == "2025-11-24"
    page.locator(".fl-time-slider").fill("0")
    assert date.inner_text() == "2025-11-05"
    assert shown(page) == 1 and is_shown(page, "Vovchansk")
    assert marks(page) == {"areas": 0, "contradictions": 0}  # no encirclement, no denial yet
    page.locator(".fl-time-slider").fill("1")
    assert date.inner_text() == "2025-11-10" and shown(page) == 2


def test_later_claims_are_greyed_in_the_timeline(page):
    page, _ = page
    page.locator(".fl-time-slider").fill("3")  # 2025-11-20: the denial is not made yet
    click_settlement(page, "Kupiansk")
    later = page.locator(".leaflet-popup-content .fl-claim.fl-later")
    later.wait_for()
    assert later.locator(".fl-date").inner_text() == "2025-11-24"


def test_search_finds_a_settlement_and_opens_its_timeline(page):
    page, _ = page
    page.get_by_placeholder("Search settlement").press_sequentially("Myrn")
    tip = page.locator(".search-tip", has_text="Myrnohrad (Donetsk)")
    tip.click()
    page.locator(".leaflet-popup-content .fl-place", has_text="Myrnohrad").wait_for()


def test_xss_payloads_show_as_text_and_run_nothing(page):
    page, log = page
    click_settlement(page, "Kupiansk")
    popup = page.locator(".leaflet-popup-content .fl-timeline")
    popup.wait_for()
    assert popup.locator(".fl-quote").first.inner_text() == SCRIPT
    assert popup.locator(".fl-claimant").last.inner_text() == f"{SCRIPT} (UA)"
    assert popup.locator(".fl-source").last.inner_text() == ATTR
    assert popup.locator("script").count() == 0
    assert popup.locator("[onmouseover]").count() == 0
    popup.locator(".fl-source").last.hover()
    page.mouse.move(5, 5)
    click_settlement(page, "Kupiansk")  # hover the marker: its tooltip is built too
    page.wait_for_timeout(100)
    assert log.dialogs == [] and log.errors == []


def hex_rgb(color: str) -> list[int]:
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)]


def test_the_basemap_draws_ukraine_under_the_claims(page):
    page, _ = page
    assert page.evaluate(f"{page.basemap}._map.getZoom()") == 8
    shown = page.evaluate(f"{page.basemap}.shown()")
    # the Oskil reservoir is the lake in view
    assert {layer: n > 0 for layer, n in shown["lines"].items()} == {
        "land": True, "lake": True, "raion": True, "river": True, "oblast": True}
    assert {"Kharkiv", "Kupiansk", "Izium", "Sloviansk", "Kramatorsk"} <= set(shown["labels"])
    assert base_pixel(page, 49.4, 36.6)[3] == 255       # land, filled
    assert base_pixel(page, 50.7, 37.6)[3] == 0         # Russia, beyond the border: nothing
    border, oblast, river = (pixels_at(page, page.basemap, vertex_in_view(page, layer), 2)
                             for layer in ("land", "oblast", "river"))
    darkest = lambda pixels: min(sum(p[:3]) for p in pixels if p[3] == 255)  # noqa: E731
    assert darkest(border) < darkest(oblast) < sum(hex_rgb(BASEMAP["land"]["fill"])) - 60  # the border darkest
    assert max(p[2] - p[0] for p in river if p[3] > 0) > 40  # a blue line
    # the markers are drawn over it, on their own canvas above
    assert pixel(page, "Vovchansk")[3] > 0


def test_town_names_follow_the_zoom(page):
    page, _ = page
    at8 = set(page.evaluate(f"{page.basemap}.shown()")["labels"])
    at6 = set(set_zoom(page, 6)["labels"])
    assert "Kharkiv" in at6 and "Kupiansk" not in at6 and len(at6) < len(at8)
    at10 = set_zoom(page, 10)
    assert at10["lines"]["raion"] > 0 and "Kupiansk" in at10["labels"]
    assert "Kurylivka" in at10["labels"] or "Petropavlivka" in at10["labels"]  # hromada centres
    assert len(at10["labels"]) > 20


def test_the_attribution_credits_the_sources_of_the_places(page):
    # Issue 14, item 7: the town names and the claims' points are GeoNames points joined to
    # KATOTTG names, and GeoNames' CC BY 4.0 asks for credit; the map gave OpenStreetMap only.
    page, _ = page
    control = page.locator(".leaflet-control-attribution")
    attribution = control.inner_text()
    assert "GeoNames (CC BY 4.0)" in attribution and "KATOTTG (Мінрозвитку)" in attribution
    assert "OpenStreetMap contributors (ODbL)" in attribution
    assert control.locator("a", has_text="GeoNames").get_attribute("href") == "https://www.geonames.org/"


def test_tiles_that_do_not_load_leave_the_basemap(page):
    page, log = page
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap contributors (ODbL)" in attribution and "GSHHG" in attribution
    page.get_by_label("OpenStreetMap").check()
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tile-pane img').length > 0")
    page.wait_for_timeout(200)
    assert log.blocked and all("tile.openstreetmap.org" in url for url in log.blocked)
    log.blocked.clear()  # refused as they should be: no network
    log.errors[:] = [e for e in log.errors if "ERR_FAILED" not in e]  # the refused tiles' console lines
    assert page.evaluate(f"{page.basemap}._map.hasLayer({page.basemap})")
    assert base_pixel(page, 49.4, 36.6)[3] == 255 and shown(page) == 4
    page.get_by_label("Basemap").check()
    assert page.locator(".leaflet-tile-pane img").count() == 0


def painted_at(page, name: str, low: float, high: float) -> list[list[int]]:
    """The painted claim-canvas pixels (alpha above 40: not an antialiased fringe) between
    ``low`` and ``high`` pixels from a settlement's centre."""
    reach = int(high) + 1
    pixels = pixels_at(page, page.claims, page.evaluate(f"name => {page.claims}.pointOf(name)", name), reach)
    side = 2 * reach + 1
    return [px for n, px in enumerate(pixels)
            if px[3] > 40 and low <= ((n % side - reach) ** 2 + (n // side - reach) ** 2) ** 0.5 <= high]


def test_approximate_places_wear_a_dotted_ring(page):
    page, _ = page
    _switch_off(page, "Encirclement areas", "Contradictions")
    # Pokrovsk and Myrnohrad: both the same Russian encirclement claim; Myrnohrad is placed
    # only at its hromada's centre. The ring runs 4 px outside the 8 px marker. Zoomed in
    # so that the two, 7 km apart, are far from each other.
    page.evaluate(f"() => {page.basemap}._map.setView([48.292, 37.219], 11, {{animate: false}})")
    assert painted_at(page, "Myrnohrad", 11, 13) and len(painted_at(page, "Myrnohrad", 11, 13)) > 20
    assert painted_at(page, "Pokrovsk", 11, 13) == []
    assert painted_at(page, "Pokrovsk", 0, 8) and painted_at(page, "Myrnohrad", 0, 8)
    click_settlement(page, "Myrnohrad")
    popup = page.locator(".leaflet-popup-content .fl-timeline")
    expect(popup.locator(".fl-approximate")).to_have_text(
        "Location approximate: centre of the hromada of Myrnohrad (Donetsk)")
    click_settlement(page, "Pokrovsk")
    expect(popup.locator(".fl-place")).to_have_text("Pokrovsk")
    assert popup.locator(".fl-approximate").count() == 0
    assert page.locator(".fl-legend-approximate").is_visible()


def test_low_confidence_claims_are_faded_and_confidence_is_shown(page):
    page, _ = page
    faded = max(px[3] for px in painted_at(page, "Vovchansk", 0, 9))      # confidence 0.3
    solid = max(px[3] for px in painted_at(page, "Kupiansk", 0, 9))       # confidence unknown
    assert solid == 255 and 0 < faded < 120
    click_settlement(page, "Vovchansk")
    popup = page.locator(".leaflet-popup-content .fl-timeline")
    expect(popup.locator(".fl-claim.fl-low .fl-confidence")).to_have_text("confidence 0.30")
    click_settlement(page, "Pokrovsk")
    expect(popup.locator(".fl-confidence")).to_have_text(["confidence 0.82"])  # none for the other claim
    assert popup.locator(".fl-claim.fl-low").count() == 0
    assert page.locator(".fl-legend-low").is_visible()


def test_an_encirclement_area_says_it_rests_on_an_approximate_point(page):
    page, _ = page
    page.evaluate(f"() => {page.basemap}._map.setView([48.292, 37.219], 12, {{animate: false}})")
    point = page.evaluate(f"() => {page.basemap}._map.latLngToContainerPoint([48.279, 37.219])")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    area = page.locator(".leaflet-popup-content .fl-area")
    expect(area.locator(".fl-place")).to_have_text("Encirclement claimed by RU since 2025-11-15")
    expect(area.locator(".fl-admin")).to_have_text("Hull of Myrnohrad, Pokrovsk, buffered 3 km")
    expect(area.locator(".fl-approximate")).to_contain_text("approximate locations")
    expect(area.locator(".fl-approximate")).to_contain_text("Myrnohrad")


def _switch_off(page, *labels):
    """Turn overlays off by their checkboxes' own click events: on a short window the legend
    may lie over the foot of the layer control, and a pointer click would land on it."""
    for label in labels:
        box = page.get_by_label(label)
        if box.is_checked():
            box.dispatch_event("click")
        assert not box.is_checked(), label


def open_built(browser, claims, path):
    """The map of ``claims`` saved at ``path`` and opened, its claim layer drawn."""
    m = build_map(claims)
    name = next(c.get_name() for c in m._children.values() if isinstance(c, ClaimLayer))
    save_map(m, path)
    page, log = open_map(browser, path, cdn=False, tiles=False)
    page.wait_for_function(f"() => window.{name} && {name}.shownCount() > 0")
    page.claims = name
    return page, log


def test_a_map_of_one_settlement_opens(browser, tmp_path):
    # Its bounds are a point, which Leaflet fitted at an endless zoom: "Invalid LatLng
    # object: (NaN, NaN)" and an empty page (frontline map --place X).
    page, log = open_built(browser, [make_claim("Pokrovsk", Kind.CAPTURED, Side.RU, 1)], tmp_path / "one.html")
    assert shown(page) == 1 and page.evaluate(f"{page.claims}._map.getZoom()") == 12
    page.close()
    assert log.errors == [] and log.blocked == []


def test_the_popup_says_what_each_kind_claims(browser, tmp_path):
    # Issue 14, item 4: "Encircled, held by RU" for a place RU claims to surround.
    said = [make_claim("Pokrovsk", Kind.CAPTURED, Side.RU, 1, controller_side=Side.RU),
            make_claim("Pokrovsk", Kind.PARTIAL, Side.RU, 2, controller_side=Side.RU, percent=60),
            make_claim("Pokrovsk", Kind.ENCIRCLED, Side.RU, 3, controller_side=Side.RU),
            make_claim("Pokrovsk", Kind.CONTESTED, Side.OTHER, 4),
            make_claim("Pokrovsk", Kind.ADVANCE, Side.RU, 5, controller_side=Side.RU, qualifier="outskirts"),
            make_claim("Pokrovsk", Kind.DENIED, Side.UA, 6, controller_side=Side.UA)]
    page, log = open_built(browser, said, tmp_path / "kinds.html")
    click_settlement(page, "Pokrovsk")
    popup = page.locator(".leaflet-popup-content .fl-timeline")
    popup.wait_for()
    assert popup.locator(".fl-kind").all_inner_texts() == [
        "Captured by RU", "60% held by RU", "Encircled by RU", "Contested", "Advance by RU to the outskirts",
        "Denied: held by UA"]
    page.close()
    assert log.errors == [] and log.blocked == []
