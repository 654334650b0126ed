import json

import pytest

from gazetteer.errors import SourceUnavailable
from gazetteer.sources.online import OnlineSource

ANSWER = [{"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "49.70", "lon": "37.60",
           "display_name": "Testove, Kharkiv Oblast, Ukraine", "name": "Testove",
           "address": {"state": "Харківська область", "country_code": "ua"}}]


def _source(base, tmp_path):
    return OnlineSource(cache_path=tmp_path / "online.json", domain=base.removeprefix("http://"),
                        scheme="http", timeout=5, min_delay=0.0, error_wait=0.0)


def test_online_answer_is_cached(server, tmp_path):
    base, routes, seen = server
    routes["/search"] = (200, "application/json", json.dumps(ANSWER).encode())
    source = _source(base, tmp_path)
    first = source.lookup("Testove")
    assert first[0].name == "Testove" and first[0].admin1 == "Kharkiv" and first[0].score == 0.5
    assert "countrycodes=ua%2Cru" in seen[0]
    again = _source(base, tmp_path).lookup("testove")
    assert [c.id for c in again] == [c.id for c in first] and len(seen) == 1
    assert [p.name for p in source.places()] == ["Testove"]


def test_online_down_is_source_unavailable(server, tmp_path):
    base, routes, _ = server
    routes["/search"] = (500, "text/plain", b"boom")
    with pytest.raises(SourceUnavailable):
        _source(base, tmp_path).lookup("Nowhere")
