"""gazetteer.build: GeoNames points matched to KATOTTG settlements within their hromada polygon.

(Named apart from tests/maps/test_build.py: test modules need unique names here.)
"""
import gzip
import json
import math
import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner

from gazetteer import build
from gazetteer.model import Place
from gazetteer.sources.katottg import CODIFIER, KatottgSource, romanise
from gazetteer.sources.settlements import TABLE, SettlementTableSource
from gazetteer.spellbook import SPELLBOOK
from tests.gazetteer.tinyplaces import dump_line
from tests.gazetteer.variants import FRONT_LINE

TOKMAK = "UA23100270000073418"  # the hromada of Роботине and Новопрокопівка


def settlement(pid, name_uk, *, category="C", hromada="H1"):
    return Place(id=pid, name=romanise(name_uk), lat=math.nan, lon=math.nan, country="UA", source="katottg",
                 name_uk=name_uk, admin1="Donetsk", names=(name_uk,),
                 raw={"category": category, "hromada": hromada, "raion": "R1"})


def point(gid, name, lat, lon, *names, population=0, feature="PPL"):
    return Place(id=f"geonames:{gid}", name=name, lat=lat, lon=lon, country="UA", source="build",
                 admin1="Donetsk", population=population, names=(name, *names),
                 raw={"geonameid": gid, "admin1code": "05", "feature": feature})


def matched(settlements, points):
    return {sid: int(p.raw["geonameid"]) for sid, p in build.match_hromada(settlements, points).items()}


def test_ukrainian_name_meets_geonames_name():
    assert matched([settlement("s1", "Кліщіївка"), settlement("s2", "Андріївка")],
                   [point(1, "Klishchiivka", 48.529, 37.960), point(2, "Andriivka", 48.502, 37.967)]) \
        == {"s1": 1, "s2": 2}


def test_russian_romanisation_and_russian_name_are_matched_too():
    found = matched([settlement("s1", "Макарове"), settlement("s2", "Юнашки")],
                    [point(1, "Makarovo", 48.0, 37.0), point(2, "Yunashki", 48.1, 37.1)])
    assert found == {"s1": 1, "s2": 2}


def test_a_close_spelling_pairs_only_when_nothing_else_is_close():
    found = matched([settlement("s1", "Чернелівці"), settlement("s2", "Нова Носовиця")],
                    [point(1, "Chernelivtsy", 48.0, 37.0), point(2, "Stara Nosovytsia", 48.1, 37.1),
                     point(3, "Nosovytsia", 48.12, 37.1)])
    assert found == {"s1": 1}  # Nova Nosovytsia is neither Nosovytsia nor Stara Nosovytsia


def test_two_records_of_one_place_give_one_point():
    found = matched([settlement("s1", "Діброва")],
                    [point(1, "Dibrova", 48.0, 37.0, feature="PPLQ"), point(2, "Dibrova", 48.005, 37.004)])
    assert found == {"s1": 2}


def test_same_named_points_far_apart_give_none():
    assert matched([settlement("s1", "Прядівка")],
                   [point(1, "Priadivka", 48.0, 37.0), point(2, "Priadivka", 48.05, 37.0)]) == {}


def test_two_same_named_villages_of_one_hromada_get_no_point():
    villages = [settlement("s1", "Іванівка"), settlement("s2", "Іванівка", category="X")]
    assert matched(villages, [point(1, "Ivanivka", 48.0, 37.0)]) == {}
    assert matched(villages, [point(1, "Ivanivka", 48.0, 37.0), point(2, "Ivanivka", 48.2, 37.0)]) == {}


def test_a_city_takes_its_point_from_a_same_named_station_settlement():
    found = matched([settlement("s1", "Липовець", category="M"), settlement("s2", "Липовець", category="X")],
                    [point(1, "Lypovets", 49.2, 29.1, population=8000)])
    assert found == {"s1": 1}


def test_a_point_two_settlements_claim_goes_to_neither():
    # GeoNames lists Кліщіївка's old name Карлівка; a village Карлівка of the hromada has no point.
    villages = [settlement("s1", "Кліщіївка"), settlement("s2", "Карлівка")]
    assert matched(villages, [point(1, "Klishchiivka", 48.5, 37.9, "Карлівка")]) == {"s1": 1}
    assert matched(villages, [point(1, "Kleshcheevka", 48.5, 37.9, "Karlivka", "Кліщіївка")]) == {}


def test_a_point_is_only_matched_in_its_own_hromada():
    villages = [settlement("s1", "Роботине", hromada="H1"), settlement("s2", "Роботине", hromada="H2")]
    points = [point(1, "Robotyne", 47.45, 35.84), point(2, "Robotyne", 47.9, 36.5)]
    found = build.match_settlements(villages, points, [["H1"], ["H3"]], hromadas={"H1", "H2", "H3"})
    assert {sid: p.id for sid, p in found.items()} == {"s1": "geonames:1"}


def test_where_no_hromada_polygon_exists_the_raion_stands_for_it():
    crimean = settlement("s1", "Перевальне", hromada="H9")
    found = build.match_settlements([crimean], [point(1, "Pereval'ne", 44.84, 34.32)], [["R1"]], hromadas={"H1"})
    assert set(found) == {"s1"}


def test_table_rows_keep_only_names_the_index_lacks():
    village = settlement("UA1", "Роботине")
    rows = build.table_rows([village], {"UA1": point(695586, "Robotyne", 47.44781, 35.837, "Rabotino", "Роботине",
                                                     population=480)})
    assert rows == [["UA1", "695586", "Robotyne", "47.44781", "35.83700", "05", "480", "Rabotino"]]


def _square(code, west, south, east, north):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Feature", "properties": {"katotth": code, "name": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture
def inputs(tmp_path):
    """A GeoNames zip and gzipped hromada polygons around Tokmak hromada and a neighbour."""
    dump = tmp_path / "UA.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("UA.txt", dump_line(695586, "Robotyne", 47.44781, 35.837, admin1="26", population=480,
                                        alternates="Rabotino,Роботине")
                    + dump_line(689873, "Novoprokopivka", 47.41019, 35.8378, admin1="26")
                    # A Шевченкове of another hromada: Tokmak hromada's own one has no point.
                    + dump_line(900001, "Shevchenkove", 47.2, 36.3, admin1="26"))
        zf.writestr("readme.txt", "test data")
    polygons = tmp_path / "hromadas.geojson.gz"
    with gzip.open(polygons, "wt", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": [_square(TOKMAK, 35.5, 47.3, 36.2, 47.6),
                                                             _square("UA00000000000000001", 36.2, 47.0, 36.6, 47.6)]},
                  fh)
    return dump, polygons


def test_the_build_writes_the_tables_the_index_reads(inputs, tmp_path):
    dump, polygons = inputs
    out = tmp_path / "settlements.csv.gz"
    run = CliRunner().invoke(build.main, ["--geonames", str(dump), "--hromadas", str(polygons), "--data", str(tmp_path)])
    assert run.exit_code == 0, run.output
    assert run.stderr.splitlines()[-1].startswith(f"Wrote {tmp_path}: 2 of")  # issue 14, item 5
    assert "settlements at their own point" in run.stderr
    codifier = list(KatottgSource(tmp_path / "katottg.csv.gz").places())
    assert [repr(p) for p in codifier] == [repr(p) for p in KatottgSource().places()]
    places = {p.raw["katottg"]: p for p in SettlementTableSource(out).places()}
    assert set(places) == {"UA23100270150025192", "UA23100270090070068"}  # Роботине, Новопрокопівка
    robotyne = places["UA23100270150025192"]
    assert (robotyne.lat, robotyne.lon, robotyne.population, robotyne.admin1) == (47.44781, 35.837, 480, "Zaporizhzhia")
    assert "Rabotino" in robotyne.names
    first = out.read_bytes()
    assert CliRunner().invoke(build.main, ["--geonames", str(dump), "--hromadas", str(polygons),
                                           "--data", str(tmp_path)]).exit_code == 0
    assert out.read_bytes() == first  # rerunnable: same inputs, same file


@pytest.mark.parametrize("problem", ["missing", "no katotth", "not polygons"])
def test_bad_input_is_one_error_line(inputs, tmp_path, problem):
    dump, polygons = inputs
    if problem == "missing":
        polygons = tmp_path / "nowhere.geojson.gz"
    elif problem == "no katotth":
        polygons.write_bytes(gzip.compress(json.dumps({"type": "FeatureCollection", "features": [
            {**_square("x", 0, 0, 1, 1), "properties": {"name": "x"}}]}).encode()))
    else:
        polygons.write_bytes(gzip.compress(b"this is not GeoJSON"))
    out = tmp_path / "out"
    run = CliRunner().invoke(build.main, ["--geonames", str(dump), "--hromadas", str(polygons), "--data", str(out)])
    assert run.exit_code == 1 and run.stderr.startswith("Error: ") and len(run.stderr.strip().splitlines()) == 1
    assert str(polygons.name) in run.stderr and not (out / "settlements.csv.gz").exists()


def test_the_shipped_tables_are_the_build_of_the_shared_data(shared_dir, tmp_path):
    data = shared_dir / "data"
    figures = build.build(data / "geonames" / "UA.zip", data / "osm" / "hromadas.geojson.gz", tmp_path,
                          raions=data / "osm" / "raions.geojson.gz")
    for shipped in (TABLE, CODIFIER, SPELLBOOK):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name
    assert figures["matched"] / figures["settlements"] >= 0.9
    for oblast in FRONT_LINE:
        found, total = figures["oblasts"][oblast]
        assert found / total >= 0.9, (oblast, found, total)


def test_the_shipped_table_gives_no_point_twice():
    places = list(SettlementTableSource().places())
    assert len(places) > 25_000
    assert max(Counter(p.raw["katottg"] for p in places).values()) == 1
    assert max(Counter(p.id for p in places).values()) == 1
    settlements = {p.id for p in KatottgSource().places()}
    assert {p.raw["katottg"] for p in places} <= settlements


def test_a_close_spelling_with_another_consonant_is_another_name():
    assert matched([settlement("s1", "Григорівка")], [point(1, "Pryhorivka", 48.0, 37.0)]) == {}
