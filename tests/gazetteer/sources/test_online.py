import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_answers_without_a_usable_point_are_left_out_and_never_cached(server, tmp_path):
    # Issue 15, item 7: a missing or non-numeric lat was a KeyError/ValueError, and was
    # cached, so the name failed forever after.
    base, routes, seen = server
    broken = [dict(ANSWER[0], lat=None, osm_id=1), {k: v for k, v in ANSWER[0].items() if k != "lat"},
              dict(ANSWER[0], name="Test\udcff")]
    routes["/search"] = (200, "application/json", json.dumps(broken + ANSWER).encode())
    source = _source(base, tmp_path)
    assert [c.name for c in source.lookup("Testove")] == ["Testove"]
    assert [c.name for c in _source(base, tmp_path).lookup("Testove")] == ["Testove"] and len(seen) == 1
    assert json.loads((tmp_path / "online.json").read_text(encoding="utf-8")) == {"testove": ANSWER}
    # a cache written before this check may still hold such rows: they are skipped
    unreadable = [dict(ANSWER[0], lat="north"), dict(ANSWER[0], lat="1e999")]
    (tmp_path / "online.json").write_text(json.dumps({"testove": broken + unreadable + ANSWER}), encoding="utf-8")
    assert [c.name for c in _source(base, tmp_path).lookup("Testove")] == ["Testove"]
    assert [p.name for p in _source(base, tmp_path).places()] == ["Testove"]
    for row in unreadable:  # geopy itself cannot read these: the answer is an error, not cached
        routes["/search"] = (200, "application/json", json.dumps([row] + ANSWER).encode())
        with pytest.raises(SourceUnavailable, match="unreadable answer for 'Elsewhere'.*nothing cached"):
            _source(base, tmp_path).lookup("Elsewhere")
        assert "elsewhere" not in json.loads((tmp_path / "online.json").read_text(encoding="utf-8"))


def test_a_huge_or_endless_answer_is_refused_and_not_cached(server, tmp_path, monkeypatch):
    # Issue 15, item 10: a 50 MB answer was read whole and cached.
    base, routes, _ = server
    monkeypatch.setattr("gazetteer.http.MAX_ANSWER", 1000)
    routes["/search"] = (200, "application/json", json.dumps(ANSWER * 20).encode())
    with pytest.raises(SourceUnavailable, match="more than the 1000 bytes allowed"):
        _source(base, tmp_path).lookup("Testove")
    assert not (tmp_path / "online.json").exists()


QUIET = """
import sys
import gazetteer
from gazetteer.sources.online import OnlineSource
import geo.cli.gazetteer as command
from geo.cli import main
load = gazetteer.Gazetteer.load.__func__  # an empty index: building the default one takes a while
gazetteer.Gazetteer.load = classmethod(lambda cls, sources=None, **options: load(cls, [], **options))
command._online = lambda: OnlineSource(cache_path=sys.argv[2], domain=sys.argv[1], scheme="http",
                                       timeout=5, min_delay=0.0, error_wait=0.0)
main(["gazetteer", "lookup", "Zzyzxq", "--online"])
"""


def test_retries_of_the_online_geocoder_print_no_traceback(server, tmp_path):
    # Issue 15, item 7: geopy's rate limiter logged some 60 lines of traceback on each
    # retry. In its own process: the CLI's logging, not pytest's, is what prints.
    base, routes, seen = server
    routes["/search"] = (500, "text/plain", b"boom")
    result = subprocess.run([sys.executable, "-c", QUIET, base.removeprefix("http://"), str(tmp_path / "o.json")],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3])))
    assert result.returncode == 1 and len(seen) == 2  # one retry
    assert "Traceback" not in result.stderr
    # one line for the retry, one Error: line (the empty index this process builds shows
    # its progress line before them)
    assert result.stderr.count("RateLimiter caught an error, retrying (0/1 tries).") == 1
    assert result.stderr.rstrip().splitlines()[-1] == \
        "Error: online geocoder failed for 'Zzyzxq': HTTP Error 500: Internal Server Error"
