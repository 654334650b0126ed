"""Open a generated map in headless Chromium, every outside request refused or answered locally.

A saved map carries Leaflet and its plugins itself and is opened from its file with every
request refused (``cdn=False, tiles=False``). For a page that links CDNs, CDN assets come
from the npm packages in ``node_modules`` (package.json here, exact versions) and tiles get a
1x1 PNG. Anything refused is aborted and recorded in ``blocked``.
Used by the browser tests and bench/bench_map.py. Recipe: ../shared/notes/browser-testing.md.
"""
from __future__ import annotations

import base64
import importlib.util
import json
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
ORIGIN = "http://map.test"
ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
TILE_HOSTS = re.compile(r"(^|\.)tile\.openstreetmap\.org$")
# cdnjs library folder -> npm package and the folder inside it holding the files
CDNJS = {"leaflet-groupedlayercontrol": ("leaflet-groupedlayercontrol", "dist")}
mimetypes.add_type("image/svg+xml", ".svg")


def missing_reason() -> str | None:
    """Why the browser cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


def packages_missing() -> str | None:
    """Why pages that link CDNs or use --assets cannot be tested here, or None."""
    if not (NODE_MODULES / "leaflet").is_dir():
        return f"{NODE_MODULES} is missing (npm ci --ignore-scripts in {HERE})"
    return None


def _existing(path: Path) -> Path | None:
    if path.is_file():
        return path
    plain = path.with_name(path.name.replace(".min.", "."))  # jsDelivr minifies on the fly
    return plain if plain.is_file() else None


def _npm_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def local_file(url: str) -> Path | None:
    """The node_modules file that stands in for a CDN URL, or None."""
    parts = urlsplit(url)
    host, path = parts.hostname or "", parts.path
    if host == "cdn.jsdelivr.net" and (m := re.match(r"/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/(.*)", path)):
        package, version, rest = m.groups()
        if _npm_version(package) != version:
            raise AssertionError(f"{package}: the map asks for {version}, node_modules has "
                                 f"{_npm_version(package)}; update package.json")
        return _existing(NODE_MODULES / package / rest)
    if host == "cdnjs.cloudflare.com" and (m := re.match(r"/ajax/libs/([^/]+)/[^/]+/(.*)", path)):
        library, rest = m.groups()
        if library in CDNJS:
            package, folder = CDNJS[library]
            return _existing(NODE_MODULES / package / folder / rest)
    return None


@dataclass
class PageLog:
    """What went wrong while a page was open."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)


def open_map(browser, html: bytes | Path, *, timeout_ms: int = 5000, cdn: bool = True, tiles: bool = True):
    """A new page showing ``html`` at http://map.test/map.html, or a saved map file from
    its file:// URL (as a user opens it, and without piping megabytes through the route
    handler); returns (page, log). With ``cdn=False`` no CDN URL is answered: a saved map
    must then load everything from file://; with ``tiles=False`` tile requests are refused
    too, as with no network at all."""
    log = PageLog()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.set_default_timeout(timeout_ms)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
    page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: log.requested.append(r.url))

    def handle(route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            return route.continue_()  # the saved map itself
        if url == ORIGIN + "/map.html":
            return route.fulfill(body=html, content_type="text/html; charset=utf-8")
        if tiles and TILE_HOSTS.search(urlsplit(url).hostname or ""):
            return route.fulfill(body=PNG_1x1, content_type="image/png")
        found = local_file(url) if cdn else None
        if found is not None and found.is_file():
            return route.fulfill(path=str(found), content_type=mimetypes.guess_type(found.name)[0])
        log.blocked.append(url)
        return route.abort()

    page.route("**/*", handle)
    page.goto(html.resolve().as_uri() if isinstance(html, Path) else ORIGIN + "/map.html")
    return page, log


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
