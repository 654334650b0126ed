import contextlib
import csv
import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess

import pytest

from geo.errors import OutputError
from geo.export import export_claims
from geo.model import FIELDS, Kind


@pytest.fixture
def claims(make_claim):
    resolved = make_claim(as_written="Купянск", kind=Kind.PARTIAL, percent=80.0).with_place(
        place_id="geonames:703656", place="Kupiansk", admin1="Kharkiv Oblast",
        lat=49.71003, lon=37.61581, precision="exact")
    return [resolved, make_claim(as_written="Petrovsk")]


def test_geojson_is_rfc7946_lon_lat_with_null_geometry_for_unresolved(tmp_path, claims):
    assert export_claims(claims, "geojson", tmp_path / "c.geojson") == 2
    data = json.loads((tmp_path / "c.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    first, second = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [37.61581, 49.71003]}
    assert list(first["properties"]) == list(FIELDS)
    assert first["properties"]["as_written"] == "Купянск"
    assert first["id"] == claims[0].id
    assert second["geometry"] is None


def test_csv_keeps_unresolved_claims(tmp_path, claims):
    export_claims(claims, "csv", tmp_path / "c.csv")
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["as_written"] for r in rows] == ["Купянск", "Petrovsk"]
    assert rows[1]["place_id"] == "" and rows[0]["percent"] == "80.0"


def test_gpkg_reads_back_with_geopandas(tmp_path, claims, monkeypatch):
    gpd = pytest.importorskip("geopandas")
    monkeypatch.setattr("geo.export.CHUNK", 1)  # several appended chunks
    assert export_claims(claims * 3, "gpkg", tmp_path / "c.gpkg") == 6
    frame = gpd.read_file(tmp_path / "c.gpkg", layer="claims")
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 6
    assert list(frame.columns[:-1]) == list(FIELDS)
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (37.61581, 49.71003)
    assert frame.geometry.iloc[1] is None
    assert frame["as_written"].iloc[0] == "Купянск" and frame["percent"].iloc[0] == 80.0


@pytest.mark.parametrize("rtree_ram", [64 * 2**20, 1])  # our cap, and one below any index
def test_gpkg_has_a_spatial_index_of_the_resolved_claims(tmp_path, claims, monkeypatch, rtree_ram):
    pyogrio = pytest.importorskip("pyogrio")
    monkeypatch.setattr("geo.export.CHUNK", 2)  # the index must cover every appended chunk
    monkeypatch.setattr("geo.export.RTREE_RAM", rtree_ram)
    export_claims(claims * 3, "gpkg", tmp_path / "c.gpkg")
    info = pyogrio.read_info(tmp_path / "c.gpkg", layer="claims")
    assert info["capabilities"]["fast_spatial_filter"]  # GDAL found the gpkg_rtree_index
    assert info["geometry_type"] == "Point" and info["features"] == 6
    with contextlib.closing(sqlite3.connect(tmp_path / "c.gpkg")) as conn:
        assert conn.execute("SELECT extension_name FROM gpkg_extensions WHERE table_name = "
                            "'claims' AND column_name = 'geom'").fetchall() == [("gpkg_rtree_index",)]
        fids = conn.execute("SELECT id FROM rtree_claims_geom ORDER BY id").fetchall()
        assert fids == [(1,), (3,), (5,)]  # the unresolved claims have no geometry to index
    near = pyogrio.read_dataframe(tmp_path / "c.gpkg", layer="claims", bbox=(37.6, 49.7, 37.7, 49.8))
    assert list(near["place"]) == ["Kupiansk"] * 3
    for option in ("OGR_GPKG_MAX_RAM_USAGE_RTREE", "OGR_GPKG_NUM_THREADS"):
        assert pyogrio.get_gdal_config_option(option) is None  # restored


def test_empty_gpkg_still_has_the_layer(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    assert export_claims([], "gpkg", tmp_path / "e.gpkg") == 0
    info = pyogrio.read_info(tmp_path / "e.gpkg", layer="claims")
    assert info["features"] == 0 and list(info["fields"]) == list(FIELDS)


def test_failed_export_leaves_old_file_and_no_temp(tmp_path, claims):
    target = tmp_path / "c.geojson"
    target.write_text("old")

    def broken():
        yield claims[0]
        raise RuntimeError("disk gone")
    with pytest.raises(RuntimeError):
        export_claims(broken(), "geojson", target)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.geojson"]


def test_failed_gpkg_export_leaves_old_file_and_no_scratch(tmp_path, claims, monkeypatch):
    pytest.importorskip("pyogrio")
    monkeypatch.setattr("geo.export.CHUNK", 1)
    target = tmp_path / "c.gpkg"
    target.write_text("old")

    def broken():
        yield from claims
        raise RuntimeError("disk gone")
    with pytest.raises(RuntimeError):
        export_claims(broken(), "gpkg", target)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.gpkg"]


def test_unwritable_target(tmp_path, claims):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"file/c.csv: cannot write: "):
        export_claims(claims, "csv", blocker / "c.csv")


def test_every_format_keeps_precision_and_confidence(tmp_path, make_claim):
    gpd = pytest.importorskip("geopandas")
    approximate = make_claim(as_written="Pishchane", kind=Kind.CAPTURED).with_place(
        place_id="UA63080130080014612", place="Pishchane", admin1="Kharkiv", lat=49.6, lon=37.8,
        precision="hromada")
    claims = [dataclasses.replace(approximate, confidence=0.42)]
    export_claims(claims, "geojson", tmp_path / "c.geojson")
    export_claims(claims, "csv", tmp_path / "c.csv")
    export_claims(claims, "gpkg", tmp_path / "c.gpkg")
    props = json.loads((tmp_path / "c.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    frame = gpd.read_file(tmp_path / "c.gpkg", layer="claims")
    assert (props["precision"], props["confidence"]) == ("hromada", 0.42)
    assert (row["precision"], row["confidence"]) == ("hromada", "0.42")
    assert (frame["precision"].iloc[0], frame["confidence"].iloc[0]) == ("hromada", 0.42)


# Issue 14, item 3: the dates were TEXT columns, so QGIS's date filters and temporal
# controller needed a conversion first.
def test_gpkg_dates_are_date_columns(tmp_path, claims):
    pyogrio = pytest.importorskip("pyogrio")
    export_claims(claims, "gpkg", tmp_path / "c.gpkg")
    with contextlib.closing(sqlite3.connect(tmp_path / "c.gpkg")) as conn:
        declared = {row[1]: row[2] for row in conn.execute("PRAGMA table_info(claims)")}
        stored = conn.execute("SELECT claim_date, published FROM claims").fetchall()
    assert {name: declared[name] for name in ("claim_date", "claim_until", "published")} == dict.fromkeys(
        ("claim_date", "claim_until", "published"), "DATE")
    assert stored == [("2025-11-20", None)] * 2  # GeoPackage keeps a DATE as ISO text
    info = pyogrio.read_info(tmp_path / "c.gpkg", layer="claims")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert [types[name] for name in ("claim_date", "claim_until", "published")] == ["OFTDate"] * 3
    assert (types["percent"], types["lat"], types["kind"]) == ("OFTReal", "OFTReal", "OFTString")


def test_gpkg_declares_the_dates_as_the_layers_time_for_qgis(tmp_path, claims):
    import xml.etree.ElementTree as ET

    export_claims(claims, "gpkg", tmp_path / "c.gpkg")
    with contextlib.closing(sqlite3.connect(tmp_path / "c.gpkg")) as conn:
        contents = conn.execute("SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name").fetchall()
        columns = [row[1] for row in conn.execute("PRAGMA table_info(layer_styles)")]
        styles = conn.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles").fetchall()
    assert contents == [("claims", "features"), ("layer_styles", "attributes")]
    assert {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
            "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"} <= set(columns)
    [(table, geometry, default, qml)] = styles
    assert (table, geometry, default) == ("claims", "geom", 1)
    temporal = ET.fromstring(qml.split("\n", 1)[1]).find("temporal")
    assert {k: temporal.get(k) for k in ("enabled", "mode", "startField", "endField")} == {
        "enabled": "1", "mode": "2", "startField": "claim_date", "endField": "claim_until"}


QGIS_CHECK = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1] + "|layername=claims", "claims", "ogr")
message, loaded = layer.loadDefaultStyle()  # what QGIS does with a layer it opens
temporal = layer.temporalProperties()
types = [layer.fields().field(name).typeName() for name in ("claim_date", "claim_until", "published")]
print(layer.isValid(), loaded, temporal.isActive(), int(temporal.mode()), temporal.startField(),
      temporal.endField(), *types)
"""


def test_qgis_reads_the_dates_as_the_layers_time(tmp_path, claims):
    python = shutil.which("python3", path="/usr/bin")
    found = python and subprocess.run([python, "-c", "import qgis.core"], capture_output=True).returncode == 0
    if not found:
        pytest.skip("QGIS's Python bindings are not installed (apt-get install python3-qgis)")
    export_claims(claims, "gpkg", tmp_path / "c.gpkg")
    result = subprocess.run([python, "-c", QGIS_CHECK, str(tmp_path / "c.gpkg")], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.split() == ["True", "True", "True", "2", "claim_date", "claim_until",
                                     "Date", "Date", "Date"], result.stderr
