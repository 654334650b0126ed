import datetime as dt
import json

import pytest

from geo.errors import InputError
from geo.export import claims_table, write_csv, write_geojson, write_gpkg
from geo.formats import NOT_OURS, read_claims
from geo.model import Kind, Side

HEADER = "as_written,kind,percent,claimant,claimant_side,claim_date,source\n"
GOOD = "Kupiansk,captured,,Russian General Staff,RU,2025-11-20,Wire\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows(tmp_path):
    path = write(tmp_path, "c.csv", HEADER + GOOD + "Pokrovsk,partial,75%,Gerasimov,RU,2025-11-20,Wire\n")
    claims = list(read_claims(path))
    assert [c.as_written for c in claims] == ["Kupiansk", "Pokrovsk"]
    assert claims[1].kind is Kind.PARTIAL and claims[1].percent == 75


def test_every_bad_row_is_reported_with_line_and_field(tmp_path):
    path = write(tmp_path, "c.csv", HEADER + GOOD
                 + "Pokrovsk,partial,150,G,RU,2025-11-20,Wire\n"
                 + "Vovchansk,partial,80,G,XX,2025-11-20,Wire\n"
                 + "\n"
                 + "Kupiansk,captured,,G,RU,2025-02-30,Wire\n"
                 + "a,b\n")
    errors: list[InputError] = []
    claims = list(read_claims(path, errors=errors))
    assert len(claims) == 1
    assert [str(e) for e in errors] == [
        f"{path}:3: percent: 150 is not between 0 and 100",
        f"{path}:4: claimant_side: 'XX' is not one of RU, UA, other",
        f"{path}:6: claim_date: '2025-02-30' is not a valid ISO date (YYYY-MM-DD)",
        f"{path}:7: row: 2 cells, the header has 7",
    ]
    with pytest.raises(InputError, match=r":3: percent"):
        list(read_claims(path))


def test_a_row_without_as_written_takes_the_name_as_written_from_place(tmp_path):
    # Issue 14, item 2
    path = write(tmp_path, "c.csv", "place,kind,claimant,claimant_side,claim_date,source\n"
                 "Kupyansk,captured,Russian General Staff,RU,2025-11-20,Wire\n")
    [claim] = read_claims(path)
    assert (claim.as_written, claim.place, claim.place_id) == ("Kupyansk", None, None)
    seen = []
    [resolved] = read_claims(path, resolve=lambda line, c: seen.append((line, c.as_written)) or
                             c.with_place(place_id="p1", place="Kupiansk", admin1="Kharkiv", lat=49.7,
                                          lon=37.6, precision="exact"))
    assert seen == [(2, "Kupyansk")] and resolved.place == "Kupiansk" and resolved.id == claim.id
    placed = write(tmp_path, "p.jsonl", json.dumps({"place_id": "p1", "place": "Kupiansk", "kind": "captured",
                                                    "claimant": "G", "claimant_side": "RU",
                                                    "claim_date": "2025-11-20", "source": "Wire"}) + "\n")
    [kept] = read_claims(placed, resolve=lambda line, c: pytest.fail("a resolved row is resolved again"))
    assert (kept.as_written, kept.place, kept.place_id) == ("Kupiansk", "Kupiansk", "p1")
    neither = write(tmp_path, "n.csv", "kind,claimant,claimant_side,claim_date,source\ncaptured,G,RU,2025-11-20,W\n")
    with pytest.raises(InputError, match="as_written: missing column"):
        read_claims(neither)


@pytest.mark.parametrize("text, message", [
    ("", "empty file"),
    ("  \n\n", "empty file"),
    (HEADER, "no claims in the file"),
    ("[]", "no claims in the file"),
    ("name,population\nKyiv,3000000\n", NOT_OURS),
    ('{\n"type": "Topology"\n}\n', NOT_OURS),
])
def test_whole_file_errors(tmp_path, text, message):
    path = write(tmp_path, "f.txt", text)
    with pytest.raises(InputError) as info:
        read_claims(path)
    assert str(info.value) == f"{path}: {message}"


def test_unknown_and_missing_columns(tmp_path):
    unknown = write(tmp_path, "u.csv", HEADER.strip() + ",colour\n" + GOOD.strip() + ",red\n")
    with pytest.raises(InputError, match=r"u.csv:1: colour: unknown column$"):
        read_claims(unknown)
    missing = write(tmp_path, "m.csv", "as_written,kind,claimant,claimant_side,claim_date\n")
    with pytest.raises(InputError, match=r"m.csv:1: source: missing column$"):
        read_claims(missing)


def test_binary_file_is_not_ours(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_claims(path)


def test_json_list_and_lines(tmp_path, make_claim):
    record = make_claim().to_dict()
    bad = dict(record, id="", percent=150, kind="partial")
    listed = write(tmp_path, "l.json", "[\n" + json.dumps(record) + ",\n\n" + json.dumps(bad) + "\n]")
    errors: list[InputError] = []
    assert list(read_claims(listed, errors=errors)) == [make_claim()]
    assert [str(e) for e in errors] == [f"{listed}:4: percent: 150 is not between 0 and 100"]
    lines = write(tmp_path, "l.jsonl", json.dumps(record) + "\n" + json.dumps({"kind": 3}) + "\n")
    with pytest.raises(InputError, match=r"l.jsonl:2: kind: expected text, got int|l.jsonl:2: as_written: missing"):
        list(read_claims(lines))


def test_malformed_json_names_the_line(tmp_path, make_claim):
    path = write(tmp_path, "b.jsonl", json.dumps(make_claim().to_dict()) + "\n{oops\n")
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value).startswith(f"{path}:2: invalid JSON: ")
    broken = write(tmp_path, "b.json", "[\n" + json.dumps(make_claim().to_dict()) + ',\n{"b" 2}\n]')
    with pytest.raises(InputError, match=r"b.json:3: invalid JSON: Expecting ':' delimiter"):
        list(read_claims(broken))


@pytest.mark.parametrize("writer, name", [(write_geojson, "x.geojson"), (write_csv, "x.csv"),
                                          (write_gpkg, "x.gpkg")])
def test_export_then_read_is_lossless(tmp_path, make_claim, writer, name):
    claims = [make_claim(quote='He said "yes",\nthen left.', as_written="Куп'янськ"),
              make_claim(kind=Kind.PARTIAL, percent=75.5, group="g1").with_place(
                  place_id="geonames:1", place="Pokrovsk", admin1="Donetsk Oblast",
                  lat=48.28014, lon=37.17706, precision="exact")]
    writer(claims, tmp_path / name)
    assert list(read_claims(tmp_path / name)) == claims


def every_field(make_claim):
    """Claims that between them fill every field, one of them unresolved."""
    capture = make_claim(as_written="Куп'янськ", published=dt.date(2025, 11, 21), region="Kharkiv",
                         confidence=0.73).with_place(place_id="UA63080090010026457", place="Kupiansk",
                                                     admin1="Kharkiv", lat=49.71003, lon=37.61581, precision="exact")
    return [capture,
            make_claim(kind=Kind.PARTIAL, percent=12.5, qualifier=None, group="g1", as_written="Pokrovsk"),
            make_claim(kind=Kind.ADVANCE, qualifier="outskirts", claim_date=dt.date(2022, 2, 24),
                       claim_until=dt.date(2022, 9, 30), as_written="Kupyansk-Vuzlovyi", controller_side=None),
            make_claim(kind=Kind.DENIED, denies=capture.id, claimant="UA staff", claimant_side=Side.UA,
                       controller_side=Side.UA, url=None, quote=None)]


def test_a_geopackage_reads_back_as_the_claims_it_was_written_from(tmp_path, make_claim, monkeypatch):
    # Issue 14, item 3: "not UTF-8 text"; now every field, in several chunks
    monkeypatch.setattr("geo.export.CHUNK", 3)
    claims = every_field(make_claim)
    write_gpkg(claims * 2, tmp_path / "c.gpkg")
    assert list(read_claims(tmp_path / "c.gpkg")) == claims * 2
    monkeypatch.setattr("geo.formats.GPKG_BATCH", 2)  # read in batches too
    assert list(read_claims(tmp_path / "c.gpkg")) == claims * 2


def test_a_bad_geopackage_row_is_named_by_its_feature_id(tmp_path, make_claim):
    import pyarrow as pa
    from pyogrio.raw import write_arrow

    table = claims_table([make_claim(), make_claim(as_written="Pokrovsk")], geometry="geom")
    table = table.set_column(table.schema.get_field_index("claimant_side"), "claimant_side", pa.array(["RU", "NATO"]))
    write_arrow(table, tmp_path / "c.gpkg", layer="claims", driver="GPKG", geometry_name="geom",
                geometry_type="Point", crs="EPSG:4326")
    errors: list[InputError] = []
    assert [c.as_written for c in read_claims(tmp_path / "c.gpkg", errors=errors)] == ["Kupiansk"]
    assert [str(e) for e in errors] == [f"{tmp_path / 'c.gpkg'}:2: claimant_side: 'NATO' is not one of RU, UA, other"]


def test_a_geopackage_that_is_not_ours_is_one_error(tmp_path, make_claim):
    import geopandas as gpd
    import shapely

    other = tmp_path / "roads.gpkg"
    gpd.GeoDataFrame({"name": ["M03"]}, geometry=[shapely.Point(36, 49)], crs=4326).to_file(other, layer="roads")
    with pytest.raises(InputError) as info:
        read_claims(other)
    assert str(info.value) == f"{other}: {NOT_OURS} (a GeoPackage without a 'claims' layer)"
    wrong = tmp_path / "wrong.gpkg"
    gpd.GeoDataFrame({"kind": ["captured"], "colour": ["red"]}, geometry=[shapely.Point(36, 49)],
                     crs=4326).to_file(wrong, layer="claims")
    with pytest.raises(InputError, match=r"wrong.gpkg: colour: unknown column"):
        read_claims(wrong)
    write_gpkg([make_claim()], tmp_path / "c.gpkg")
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes((tmp_path / "c.gpkg").read_bytes()[:5000])
    with pytest.raises(InputError, match=r"broken.gpkg: not a readable GeoPackage \("):
        read_claims(broken)


def test_geojson_geometry_wins_and_must_be_a_point(tmp_path, make_claim):
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.5, 49.5]},
               "properties": make_claim().to_dict()}
    line = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
            "properties": make_claim().to_dict()}
    path = write(tmp_path, "g.geojson", json.dumps({"type": "FeatureCollection",
                                                    "features": [feature, line]}, indent=1))
    errors: list[InputError] = []
    [claim] = read_claims(path, errors=errors)
    assert (claim.lat, claim.lon) == (49.5, 37.5)
    assert len(errors) == 1 and errors[0].field == "geometry"
    # the line on which the second feature's "{" stands
    assert errors[0].line == path.read_text().splitlines().index("  {", 4) + 1


def test_csv_streams_and_names_the_line_that_is_not_utf8(tmp_path):
    # Past the first read of the file: the good rows come out before the bad line is met.
    good = (HEADER + GOOD * 3000).encode()
    path = tmp_path / "late.csv"
    path.write_bytes(good + b"Kup\xffiansk,captured,,G,RU,2025-11-20,Wire\n" + GOOD.encode())
    claims = read_claims(path)
    assert next(claims).as_written == "Kupiansk"
    with pytest.raises(InputError) as info:
        list(claims)
    assert str(info.value) == f"{path}:3002: not UTF-8 text"
    errors: list[InputError] = []
    assert len(list(read_claims(path, errors=errors))) == 3000
    assert [str(e) for e in errors] == [f"{path}:3002: not UTF-8 text"]


def test_byte_order_mark_and_crlf(tmp_path, make_claim):
    csv_path = tmp_path / "bom.csv"
    csv_path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD).replace("\n", "\r\n").encode())
    assert [c.as_written for c in read_claims(csv_path)] == ["Kupiansk"]
    lines = tmp_path / "bom.jsonl"
    record = json.dumps(make_claim().to_dict(), ensure_ascii=False)
    lines.write_bytes(b"\xef\xbb\xbf" + (record + "\r\n\r\n" + record + "\r\n").encode())
    assert list(read_claims(lines)) == [make_claim(), make_claim()]


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    path = write(tmp_path, "q.csv", HEADER + 'Kupiansk,captured,,"Russian\nGeneral Staff",RU,2025-11-20,Wire\n'
                 + "Pokrovsk,partial,150,G,RU,2025-11-20,Wire\n")
    errors: list[InputError] = []
    [claim] = read_claims(path, errors=errors)
    assert claim.claimant == "Russian\nGeneral Staff"
    assert [str(e) for e in errors] == [f"{path}:4: percent: 150 is not between 0 and 100"]


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_json_list_and_geojson_stream_in_chunks(tmp_path, make_claim, monkeypatch, chunk):
    """Read a few bytes at a time, values cut at every place: the same claims and lines."""
    monkeypatch.setattr("geo.formats.CHUNK", chunk)
    claims = [make_claim(quote=f"q{i}", as_written="Куп'янськ").with_place(
        place_id="p", place="Kupiansk", admin1=None, lat=49.71234, lon=37.61987, precision="exact")
        for i in range(12)]
    write_geojson(claims, tmp_path / "x.geojson")
    assert list(read_claims(tmp_path / "x.geojson")) == claims
    records = [c.to_dict() for c in claims]
    listed = write(tmp_path, "l.json", "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
                   + ',\n{"kind": 12345}\n]')
    errors: list[InputError] = []
    assert list(read_claims(listed, errors=errors)) == claims
    assert [e.line for e in errors] == [14]
    broken = write(tmp_path, "b.json", "[\n" + json.dumps(records[0]) + ",\n" + json.dumps(records[1]) + ',\n{"b" 2}\n]')
    with pytest.raises(InputError, match=r"b.json:4: invalid JSON: Expecting ':' delimiter"):
        list(read_claims(broken))


def test_a_broken_value_is_reported_without_reading_the_file_to_its_end(monkeypatch):
    import io

    from geo import formats

    monkeypatch.setattr(formats, "CHUNK", 16)
    monkeypatch.setattr(formats, "MAX_VALUE", 64)
    fh = io.BytesIO(b'[\n{"b" 2},\n' + b'{"a": 1},\n' * 10_000 + b"{}]")
    with pytest.raises(InputError, match=r"x.json:2: invalid JSON: Expecting ':' delimiter"):
        list(formats._json_array(formats._Decoder(fh, "x.json")))
    assert fh.tell() < 1_000


RECORD = ('{"as_written": "Kupiansk", "kind": "captured", "claimant": "G", "claimant_side": "RU", '
          '"claim_date": "2025-11-20", "source": "Wire"')


def geojson(properties: str, coordinates: str) -> str:
    return ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            + properties + ', "geometry": {"type": "Point", "coordinates": ' + coordinates + '}}]}')


@pytest.mark.parametrize("name, text, message", [
    ("deep.json", "[" * 100_000 + "]" * 100_000, ":1: invalid JSON: nested too deeply"),
    ("deep.jsonl", RECORD + '}\n{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
     ":2: invalid JSON: nested too deeply"),
    ("deep.geojson", geojson("{}", "[" * 100_000 + "]" * 100_000),
     ":1: invalid JSON: nested too deeply"),
    ("digits.json", "[" + RECORD + ', "lat": ' + "9" * 5000 + ', "lon": 1}]',
     ":1: invalid JSON: a number with too many digits"),
    ("digits.jsonl", RECORD + ', "lat": ' + "9" * 5000 + ', "lon": 1}\n',
     ":1: invalid JSON: a number with too many digits"),
    ("big.json", "[" + RECORD + ', "lat": ' + "9" * 400 + ', "lon": 1}]', ":1: lat: expected a finite number"),
    ("inf.json", "[" + RECORD + ', "lat": 1e400, "lon": 1}]', ":1: lat: expected a finite number"),
    ("inf.geojson", geojson(RECORD + "}", "[1e400, 1]"), ":1: lon: expected a finite number"),
    ("inf.csv", HEADER.strip() + ",lat,lon\n" + GOOD.strip() + ",1e400,1\n", ":2: lat: expected a finite number"),
    ("surrogate.json", "[" + RECORD.replace("Kupiansk", "Kup\\ud800") + "}]",
     ":1: as_written: contains a lone surrogate, which is no valid Unicode text"),
    ("surrogate.jsonl", RECORD.replace('"G"', '"G\\udfff"') + "}\n",
     ":1: claimant: contains a lone surrogate, which is no valid Unicode text"),
    ("nul.json", "[" + RECORD.replace("Wire", "Wi\\u0000re") + "}]", ":1: source: contains a NUL character"),
    ("long-id.json", "[" + RECORD + ', "id": "' + "a" * 10_000_000 + '"}]', ":1: id: longer than 300 characters"),
    ("lon.json", "[" + RECORD + ', "lat": 10, "lon": 200}]', ":1: lon: (10.0, 200.0) is not a WGS 84 point"),
    ("lat.json", "[" + RECORD + ', "lat": 100, "lon": 20}]', ":1: lat: (100.0, 20.0) is not a WGS 84 point"),
])
def test_hostile_values_are_row_errors(tmp_path, name, text, message):
    # Issue 15, items 6 and 11: each of these was a traceback, was stored, or named the
    # wrong field.
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value) == f"{path}{message}"


def test_a_duplicated_csv_column_is_refused(tmp_path):
    # Issue 15, item 11: the last of two "source" columns won, silently.
    path = write(tmp_path, "d.csv", HEADER.strip() + ",source\n" + GOOD.strip() + ",Other\n")
    with pytest.raises(InputError) as info:
        read_claims(path)
    assert str(info.value) == f"{path}:1: source: column given twice"


def test_a_bad_byte_near_the_start_is_reported_with_its_line(tmp_path):
    # Issue 15, item 11: a bad byte in the first 64 KB was "not a claims file", no line.
    path = tmp_path / "b.csv"
    path.write_bytes((HEADER + GOOD).encode() + b"Kup\xffiansk,captured,,G,RU,2025-11-20,Wire\n")
    errors: list[InputError] = []
    assert len(list(read_claims(path, errors=errors))) == 1
    assert [str(e) for e in errors] == [f"{path}:3: not UTF-8 text"]


@pytest.mark.parametrize("make, kind", [
    (lambda p: p.symlink_to("/dev/null"), "a character device"),
    (lambda p: p.mkdir(), "a directory"),
])
def test_only_regular_files_are_read(tmp_path, make, kind):
    # Issue 15, item 8: a device was read as far as it goes (/dev/zero: without end).
    # FIFOs and /dev/zero itself are tried in their own process (test_cli_claims), where
    # a regression cannot hang or exhaust the suite.
    path = tmp_path / "in.csv"
    make(path)
    with pytest.raises(InputError) as info:
        read_claims(path)
    assert str(info.value) == f"{path}: cannot read: is {kind}, not a regular file"


def test_the_file_size_cap_counts_bytes_read(tmp_path, monkeypatch):
    # Issue 15, item 8: the cap is on what is read, whatever stat says.
    monkeypatch.setattr("geo.formats.MAX_FILE", 4096)
    path = write(tmp_path, "c.csv", HEADER + GOOD * 200)
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value) == f"{path}: cannot read: file too large (over 4 KiB)"


def test_a_line_without_end_is_not_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr("geo.formats.MAX_LINE", 1000)
    path = write(tmp_path, "c.csv", HEADER + GOOD + "x" * 5000)
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value) == f"{path}:3: line longer than 1000 bytes"


def test_found_by_fuzzing_properties_that_are_no_object_and_field_names_with_line_breaks(tmp_path):
    # A GeoJSON feature's "properties": true was a TypeError; a field name with a line
    # break broke the one-line error in two.
    path = write(tmp_path, "p.geojson", geojson("true", "[37.6, 49.7]"))
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value) == f"{path}:1: properties: expected an object, got bool"
    path = write(tmp_path, "f.jsonl", RECORD + ', "col\\nour": 1}\n')
    with pytest.raises(InputError) as info:
        list(read_claims(path))
    assert str(info.value) == f"{path}:1: 'col\\nour': unknown field"
