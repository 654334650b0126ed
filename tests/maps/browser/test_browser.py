"""The map in headless Chromium, all outside network blocked (assets from node_modules).

Settlements, encirclement areas and contradiction rings are painted on one canvas, so the
tests find them through the claim layer's small read-only API (shownCount, shownMarks,
isShown, pointOf), click them at their pixel and read the canvas pixels there.
"""
from __future__ import annotations

import pytest
from harness import open_map
from mapclaims import ATTR, SCRIPT, sample_claims

from maps import build_map
from maps.elements import ClaimLayer

pytestmark = pytest.mark.browser

# Group headings, then their overlays, as the control shows them.
OVERLAYS = ["Claimant side", "Russian claims", "Ukrainian claims", "Other claims",
            "Kind", "Captured", "Partial control", "Encircled", "Contested", "Advance", "Denied",
            "Areas and contradictions", "Encirclement areas", "Contradictions"]


@pytest.fixture(scope="module")
def built():
    m = build_map(sample_claims())
    layer = next(c for c in m._children.values() if isinstance(c, ClaimLayer))
    return m.get_root().render().encode("utf-8"), layer.get_name()


@pytest.fixture
def page(browser, built):
    html, name = built
    page, log = open_map(browser, html)
    page.wait_for_function(f"() => window.{name} && {name}.shownCount() > 0")
    page.claims = name
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


def pixel(page, name: str) -> list[int]:
    """RGBA of the claim canvas at a settlement's centre."""
    return page.evaluate(f"""name => {{
        const canvas = document.querySelector(".fl-canvas"), map = canvas.closest(".folium-map");
        const at = {page.claims}.pointOf(name), c = canvas.getBoundingClientRect(), m = map.getBoundingClientRect();
        const ratio = canvas.width / c.width, x = (m.left + at.x - c.left) * ratio, y = (m.top + at.y - c.top) * ratio;
        return Array.from(canvas.getContext("2d").getImageData(Math.round(x), Math.round(y), 1, 1).data);
    }}""", name)


def click_settlement(page, name: str) -> None:
    point = page.evaluate(f"name => {page.claims}.pointOf(name)", name)
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_loads_without_errors_and_lists_the_overlays(page):
    page, log = page
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == OVERLAYS
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [t.strip() for t in bases] == ["OpenStreetMap", "Plain"]
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
    assert popup.locator(".fl-kind").all_inner_texts() == ["Partial control 60%", "Encircled"]
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
    page.get_by_label("Contradictions").uncheck()
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
