"""A real frontline server on 127.0.0.1, started per test and stopped after."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from live import LiveServer

from geo.serve import create_app
from geo.store import Store

# The map tests' helpers: mapclaims reads a page's packed claims.
MAPS_TESTS = Path(__file__).resolve().parents[2] / "maps"
if str(MAPS_TESTS) not in sys.path:
    sys.path.append(str(MAPS_TESTS))


@pytest.fixture
def serve(tmp_path, fake_lookup):
    """Start a server over a database of ``claims`` (stored as proposed); yields it."""
    servers = []

    def start(claims=(), **options):
        db = tmp_path / "serve.db"
        with Store.open(db) as store:
            store.add(claims, status="proposed")
        options.setdefault("lookup", fake_lookup)
        server = LiveServer(create_app(db, reviewer="tester", **options)).__enter__()
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.__exit__()


@pytest.fixture
def page(browser):
    """A fresh page that records page errors, console errors and dialogs; every request
    to anywhere but 127.0.0.1 is refused and recorded in ``page.blocked``."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    page.errors, page.dialogs, page.blocked = [], [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))

    def refuse(route):
        page.blocked.append(route.request.url)
        route.abort()
    page.route(lambda url: not url.startswith("http://127.0.0.1:"), refuse)
    yield page
    context.close()
