"""Gazetteer fixtures: the default gazetteer (built once a session), tiny sources, a local server."""
from __future__ import annotations

import http.server
import math
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.model import Place
from gazetteer.sources.base import Source

KUPIANSK = (49.71, 37.616)


class ListSource(Source):
    """A source over a fixed list of places, for fast tests of indexing and ranking."""

    name = "list"

    def __init__(self, places: list[Place], *, version: str = "1", name: str = "list") -> None:
        self._places = places
        self.version = version
        self.name = name

    def fingerprint(self) -> str:
        return self.version

    def places(self) -> Iterator[Place]:
        return iter(self._places)


def place(pid: str, name: str, lat: float, lon: float, *, admin1: str = "Kharkiv", population: int = 0,
          name_uk: str | None = None, names: tuple[str, ...] = ()) -> Place:
    return Place(id=pid, name=name, lat=lat, lon=lon, country="UA", source="list", admin1=admin1,
                 population=population, name_uk=name_uk, names=names)


TINY = [
    place("t:1", "Kurylivka", 49.658, 37.693, name_uk="Курилівка", names=("Куриловка",), population=1500),
    place("t:2", "Kurylivka", 48.58, 35.35, admin1="Dnipropetrovsk", name_uk="Курилівка", population=1400),
    place("t:3", "Kupiansk", 49.71, 37.616, name_uk="Куп’янськ", population=27000),
    place("t:4", "Bakhmut", 48.594, 37.999, admin1="Donetsk", name_uk="Бахмут", names=("Artemovsk",),
          population=80000),
]


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
        status, ctype, body = self.routes.get(self.path.split("?")[0], (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict, list]]:
    """A local HTTP server on 127.0.0.1: (base URL, routes path -> (status, type, body), paths seen)."""
    handler = type("Handler", (_Handler,), {"routes": {}, "seen": []})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", handler.routes, handler.seen
    srv.shutdown()
    srv.server_close()


def dump_line(gid: int, name: str, lat: float, lon: float, *, fclass: str = "P", admin1: str = "07",
              alternates: str = "", population: int = 100) -> str:
    fields = [str(gid), name, name, alternates, str(lat), str(lon), fclass, "PPL", "UA", "", admin1,
              "", "", "", str(population), "", "100", "Europe/Kyiv", "2024-01-01"]
    return "\t".join(fields) + "\n"


def finite(value: float) -> bool:
    return math.isfinite(value)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory for tests that import files."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(folder))
    return folder
