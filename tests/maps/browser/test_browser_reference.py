"""The reference layer in headless Chromium, from the saved file with every request
refused: the area follows the time slider, popups show verdicts, the places claimed ahead
are ringed while unconfirmed."""
from __future__ import annotations

import pytest
from harness import open_map

from maps import build_map, save_map
from maps.elements import ClaimLayer, ReferenceLayer
from tests.maps.reference_map import reference_and_claims

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refmap")
    reference, claims = reference_and_claims(folder)
    m = build_map(claims, reference=reference)
    names = {type(c): c.get_name() for c in m._children.values() if isinstance(c, (ClaimLayer, ReferenceLayer))}
    save_map(m, folder / "map.html")
    return folder / "map.html", names[ClaimLayer], names[ReferenceLayer]


@pytest.fixture
def page(browser, built):
    path, claims, reference = built
    page, log = open_map(browser, path, cdn=False, tiles=False)
    page.wait_for_function(f"() => window.{reference} && {reference}._data && {claims}.shownCount() > 0")
    page.claims, page.reference = claims, reference
    yield page
    page.close()
    assert log.blocked == [] and log.errors == [] and log.dialogs == []


def slide_to(page, iso: str) -> None:
    page.evaluate("""iso => {
        const input = document.querySelector(".fl-time-slider");
        const days = [...Array(Number(input.max) + 1).keys()];
        input.value = days.find(i => { input.value = i; input.dispatchEvent(new Event("input"));
                                        return document.querySelector(".fl-time-date").textContent === iso; });
        input.dispatchEvent(new Event("input"));
    }""", iso)


def shown(page) -> dict:
    return page.evaluate(f"{page.reference}.shown()")


def area_bounds(page) -> list[float]:
    return page.evaluate(f"""() => {{ const b = {page.reference}._area.getBounds();
                                     return [b.getWest(), b.getEast()]; }}""")


def test_the_area_follows_the_slider(page):
    assert shown(page)["date"] == "2025-03-08" and area_bounds(page) == [37, 39]
    slide_to(page, "2025-03-03")
    assert shown(page)["date"] == "2025-03-03" and area_bounds(page) == [37, 38]
    slide_to(page, "2025-03-07")
    assert shown(page)["date"] == "2025-03-07" and area_bounds(page) == [37, 39]
    # the area is drawn: its path is in the overlay pane with the reference colour
    assert page.locator("path.leaflet-interactive[stroke='#6b4f9e']").count() == 1


def test_claims_ahead_are_ringed_until_confirmed(page):
    slide_to(page, "2025-03-03")
    assert shown(page)["ahead"] == 1  # Eastville, claimed on day 2, confirmed on day 6
    slide_to(page, "2025-03-07")
    assert shown(page)["ahead"] == 1  # Eastville confirmed; Westville's UA claim not
    slide_to(page, "2025-03-01")
    assert shown(page)["ahead"] == 0


def test_popups_show_the_verdicts(page):
    page.evaluate(f"{page.claims}.openTimeline({page.claims}._placeIndex('Eastville'))")
    verdicts = page.locator(".fl-popup .fl-verdict").all_text_contents()
    assert verdicts == ["confirmed 4 days later by drawn", "consistent with drawn"]
