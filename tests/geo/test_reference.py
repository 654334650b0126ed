"""Reference layers: dates from --date, file name or property; one transaction per file;
the same file twice; settlement tables; listing; the GeoDataFrame."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import shapely

from geo.errors import ReferenceLayerError
from geo.model import Side
from geo.reference import date_in_name, import_files, list_layers, load_reference, reference_frame
from geo.store import Store
from tests.geo.reference_layers import D, collection, square, write_days


@pytest.fixture
def store(store_target):
    with Store.open(store_target) as s:
        yield s


def test_dates_come_from_the_option_the_file_name_or_a_property(store, tmp_path):
    named = write_days(tmp_path, {0: 38.0})[0]
    plain = tmp_path / "plain.geojson"
    plain.write_text(json.dumps(collection(square(37, 38), date="2025-03-09")))
    forced = tmp_path / "forced-2024-01-01.geojson"
    forced.write_text(json.dumps(collection(square(37, 38))))
    got = list(import_files(store, [named, plain, forced], name="drawn", date=None))
    assert [(o.error, o.added) for o in got] == [(None, 1)] * 3
    assert load_reference(store, "drawn").dates == (dt.date(2024, 1, 1), D, dt.date(2025, 3, 9))
    other = tmp_path / "x.geojson"
    other.write_text(json.dumps(collection(square(37, 38))))
    [o] = import_files(store, [other], name="forced", date=dt.date(2025, 5, 5))
    assert o.error is None and load_reference(store, "forced").dates == (dt.date(2025, 5, 5),)
    assert date_in_name("deepstate_20251120_v2.geojson") == dt.date(2025, 11, 20)
    assert date_in_name("map-2025-11-20.json") == dt.date(2025, 11, 20)
    assert date_in_name("build123456789.json") is None


def test_polygons_of_one_date_are_stored_once_as_one_geometry(store, tmp_path):
    path = tmp_path / "two_20250301.geojson"
    path.write_text(json.dumps(collection(square(37, 38), square(37.5, 38.5), {"type": "Point", "coordinates": [1, 2]})))
    [o] = import_files(store, [path], name="drawn")
    assert (o.error, o.added) == (None, 1)
    [area] = load_reference(store, "drawn").areas
    assert area.equals(shapely.box(37, 48, 38.5, 49))
    assert len(store.reference_areas("drawn")) == 1


def test_the_same_file_twice_adds_nothing_and_alike_days_are_kept(store, tmp_path):
    paths = write_days(tmp_path, {0: 38.0, 1: 38.0})
    assert [o.added for o in import_files(store, paths, name="drawn")] == [1, 1]
    again = list(import_files(store, paths, name="drawn"))
    assert [(o.added, o.already, o.error) for o in again] == [(0, True, None)] * 2
    assert list_layers(store)[0].days == 2


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not JSON"),
    (json.dumps(collection({"type": "Point", "coordinates": [37, 48]})), "no Polygon or MultiPolygon feature"),
    (json.dumps({**collection(square(37, 38)), "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}),
     "CRS EPSG:3857 is not WGS 84"),
    (json.dumps(collection(square(4_000_000, 4_100_000, 6_000_000, 6_100_000))), "feature 1: coordinates are not longitude"),
    (json.dumps(collection({"type": "Polygon", "coordinates": [[[37, 48], [38]]]})), "feature 1: broken Polygon"),
])
def test_a_broken_file_is_one_error_and_stores_nothing(store, tmp_path, content, reason):
    path = tmp_path / "bad_20250301.geojson"
    path.write_text(content)
    [o] = import_files(store, [path], name="drawn")
    assert o.error is not None and o.error.startswith(reason), o.error
    assert store.reference_layers() == []  # and so no file: each belongs to a layer


def test_no_date_anywhere_is_an_error(store, tmp_path):
    path = tmp_path / "undated.geojson"
    path.write_text(json.dumps(collection(square(37, 38))))
    [o] = import_files(store, [path], name="drawn")
    assert o.error.startswith("no date: give --date")


def test_a_date_the_layer_has_from_another_file_and_a_holder_change_are_refused(store, tmp_path):
    first = write_days(tmp_path, {0: 38.0})[0]
    other = tmp_path / "other_20250301.geojson"
    other.write_text(json.dumps(collection(square(37, 39))))
    later = tmp_path / "later_20250302.geojson"
    later.write_text(json.dumps(collection(square(37, 39))))
    outcomes = list(import_files(store, [first, other], name="drawn"))
    assert outcomes[1].error == f"2025-03-01 is already in layer 'drawn', from {first.name}"
    [o] = import_files(store, [later], name="drawn", holder=Side.UA)
    assert o.error == "layer 'drawn' holds the areas of RU, not UA"


def test_simplify_reduces_the_vertices(store, tmp_path):
    import numpy as np

    ring = [[37 + 0.5 * np.cos(a), 48.5 + 0.5 * np.sin(a)] for a in np.linspace(0, 2 * np.pi, 400)]
    path = tmp_path / "round_20250301.geojson"
    path.write_text(json.dumps(collection({"type": "Polygon", "coordinates": [ring]})))
    [o] = import_files(store, [path], name="fine", simplify_m=2000)
    [area] = load_reference(store, "fine").areas
    assert o.error is None and shapely.get_num_coordinates(area) < 100


def test_a_settlement_table_resolves_its_places(store, tmp_path, fake_lookup):
    path = tmp_path / "places.csv"
    path.write_text("place,date,holder,lat,lon\nKupiansk,2025-11-20,UA,49.71,37.61\nKupyansk,2025-11-25,contested,,\n")
    [o] = import_files(store, [path], name="table", lookup=fake_lookup)
    assert (o.error, o.added) == (None, 2)
    assert fake_lookup.calls == [("Kupiansk", None), ("Kupyansk", None)]
    ref = load_reference(store, "table")
    assert [s.holder for s in ref.places["geonames:703656"]] == ["UA", "contested"]
    [info] = list_layers(store)
    assert info.to_dict() == {"name": "table", "kind": "places", "holder": None, "first": "2025-11-20",
                              "last": "2025-11-25", "days": 2}
    assert list(reference_frame(ref)["holder"]) == ["UA", "contested"]


def test_a_bad_table_row_names_its_line_and_stores_nothing(store, tmp_path, fake_lookup):
    path = tmp_path / "places.csv"
    path.write_text("place,date,holder\nKupiansk,2025-11-20,UA\nPokrovske,2025-11-21,RU\n")
    [o] = import_files(store, [path], name="table", lookup=fake_lookup)
    assert o.error.startswith(f"{path}:3: 'Pokrovske' is ambiguous")
    path.write_text("place,date,holder\nKupiansk,2025-11-20,occupied\n")
    [o] = import_files(store, [path], name="table", lookup=fake_lookup)
    assert o.error == f"{path}:2: holder: must be RU, UA or contested"
    assert store.reference_layers() == []


def test_unknown_and_ambiguous_layer_names(store, tmp_path):
    with pytest.raises(ReferenceLayerError, match="no reference layer stored"):
        load_reference(store)
    for name in ("a", "b"):
        list(import_files(store, write_days(tmp_path, {0: 38.0}), name=name))
    with pytest.raises(ReferenceLayerError, match=r"several reference layers \(a, b\)"):
        load_reference(store)
    with pytest.raises(ReferenceLayerError, match="no reference layer 'c'; stored: a, b"):
        load_reference(store, "c")


def test_the_areas_as_a_geodataframe(store, tmp_path):
    list(import_files(store, write_days(tmp_path, {0: 38.0, 6: 39.0}), name="drawn"))
    frame = reference_frame(load_reference(store, "drawn"))
    assert list(frame["date"]) == [D, D + dt.timedelta(days=6)]
    assert list(frame["holder"]) == ["RU", "RU"] and frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[1].bounds == (37.0, 48.0, 39.0, 49.0)
