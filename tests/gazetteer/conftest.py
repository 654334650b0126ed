"""Gazetteer fixtures: the default gazetteer (built once a session), tiny sources, a local server."""
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from tests.gazetteer.tinyplaces import TINY, ListSource

@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default gazetteer; the first test session builds the index (about 15 s)."""
    return Gazetteer.load()


@pytest.fixture
def tiny() -> Gazetteer:
    return Gazetteer.load([ListSource(TINY)])


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        route = self.routes.get(self.path.split("?")[0], (404, "text/plain", b"not found"))
        if callable(route):  # a route that answers by itself (slowly, without length, ...)
            route(self)
            return
        status, ctype, body = route
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict, list]]:
    """A local HTTP server on 127.0.0.1: (base URL, routes path -> (status, type, body), paths seen).
    A route may also be a callable, given the request handler to answer with."""
    handler = type("Handler", (_Handler,), {"routes": {}, "seen": []})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", handler.routes, handler.seen
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory for tests that import files."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(folder))
    return folder
