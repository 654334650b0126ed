"""Maps saved with the package's copies of Leaflet, or with --assets, open in headless
Chromium with every request refused."""
from __future__ import annotations

import pytest
from harness import NODE_MODULES, open_map, packages_missing
from mapclaims import sample_claims

from maps import build_map, save_map
from maps.elements import ClaimLayer

pytestmark = pytest.mark.browser
needs_packages = pytest.mark.skipif(packages_missing() is not None, reason=str(packages_missing()))


def saved(tmp_path, **options):
    m = build_map(sample_claims())
    name = next(c for c in m._children.values() if isinstance(c, ClaimLayer)).get_name()
    path = tmp_path / "map.html"
    save_map(m, path, **options)
    return path, name


def works_offline(browser, path, name) -> list[str]:
    """Opens the file with every request refused, uses every plugin; returns the files it loaded."""
    page, log = open_map(browser, path, cdn=False, tiles=False)
    page.wait_for_function(f"() => window.{name} && {name}.shownCount() === 4")
    assert page.evaluate("L.version") == "1.9.3"
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert "Encirclement areas" in [t.strip() for t in labels]  # grouped layer control
    page.get_by_placeholder("Search settlement").press_sequentially("Pokr")  # leaflet-search
    page.locator(".search-tip", has_text="Pokrovsk (Donetsk)").click()
    page.locator(".leaflet-popup-content .fl-place", has_text="Pokrovsk").wait_for()
    page.locator("a.leaflet-control-zoom-fullscreen").click()  # leaflet.fullscreen
    page.wait_for_function("() => document.fullscreenElement !== null")
    icon = page.evaluate("getComputedStyle(document.querySelector('.search-button')).backgroundImage")
    page.close()
    assert log.blocked == [], "the map asked a CDN"
    assert log.errors == [] and log.dialogs == []
    assert icon.startswith(('url("file:', 'url("data:'))  # CSS images are local too
    files = {url.split("/map_files/")[-1] for url in log.requested if url.startswith("file:")}
    return sorted(files - {path.as_uri()})


def test_the_default_map_is_one_file_that_opens_offline(browser, tmp_path):
    path, name = saved(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert works_offline(browser, path, name) == []  # no file but the page itself


@needs_packages
def test_assets_folder_copies_files_next_to_the_map(browser, tmp_path):
    path, name = saved(tmp_path, assets=NODE_MODULES)
    assert (tmp_path / "map_files" / "leaflet" / "dist" / "leaflet.js").is_file()
    assert "cdn.jsdelivr.net" not in path.read_text() and "cdnjs" not in path.read_text()
    assert works_offline(browser, path, name) == [
        "leaflet-groupedlayercontrol/dist/leaflet.groupedlayercontrol.min.css",
        "leaflet-groupedlayercontrol/dist/leaflet.groupedlayercontrol.min.js",
        "leaflet-search/dist/leaflet-search.min.css", "leaflet-search/dist/leaflet-search.min.js",
        "leaflet-search/images/loader.gif", "leaflet-search/images/search-icon.png",
        "leaflet.fullscreen/Control.FullScreen.css", "leaflet.fullscreen/Control.FullScreen.js",
        "leaflet.fullscreen/icon-fullscreen.svg",
        "leaflet/dist/leaflet.css", "leaflet/dist/leaflet.js"]


@needs_packages
def test_inline_assets_make_one_self_contained_file(browser, tmp_path):
    path, name = saved(tmp_path, assets=NODE_MODULES.parent, inline_assets=True)
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert works_offline(browser, path, name) == []  # no file but the page itself


def test_the_cdn_map_does_not_open_offline(browser, tmp_path):
    # The control: the page as folium renders it, with CDN links, breaks when they are blocked.
    path = tmp_path / "map.html"
    path.write_text(build_map(sample_claims()).get_root().render(), encoding="utf-8")
    page, log = open_map(browser, path, cdn=False)
    page.wait_for_timeout(300)
    page.close()
    assert any("leaflet" in url for url in log.blocked)
    assert any("L is not defined" in e for e in log.errors)
