import hashlib
import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.examples import example_claims
from geo.export import write_csv


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_example_geojson(tmp_path):
    out = tmp_path / "ex.geojson"
    result = run("export", "geojson", "--example", "-o", out)
    assert result.exit_code == 0
    assert result.stderr == f"wrote {len(example_claims())} claims to {out}\n"
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == len(example_claims())


def test_example_filters_and_as_of(tmp_path):
    out = tmp_path / "ua.geojson"
    run("export", "geojson", "--example", "--side", "UA", "-o", out)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    assert props and {p["claimant_side"] for p in props} == {"UA"}
    run("export", "geojson", "--example", "--as-of", "2022-12-31", "-o", out)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    # only the 2022 period claims exist then; one per place and claimant side
    assert [(p["place"], p["claimant_side"], p["claim_until"]) for p in props] == [
        ("Kupiansk", "other", "2022-09-30")]


def test_db_export_csv_and_gpkg(tmp_path, make_claim):
    gpd = pytest.importorskip("geopandas")
    source = tmp_path / "in.csv"
    write_csv([make_claim(), make_claim(as_written="Petrovsk")], source)
    db = tmp_path / "c.db"
    assert run("claims", "import", source, "--db", db).exit_code == 0
    assert run("export", "gpkg", "-o", tmp_path / "c.gpkg", "--db", db).exit_code == 0
    frame = gpd.read_file(tmp_path / "c.gpkg", layer="claims")
    assert sorted(frame["as_written"]) == ["Kupiansk", "Petrovsk"]
    assert run("export", "csv", "-o", tmp_path / "c.csv", "--db", db, "--place", "petrovsk").exit_code == 0
    assert (tmp_path / "c.csv").read_text().count("\n") == 2


def test_export_errors_are_one_line_and_leave_files(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", "csv", "--example", "-o", blocker / "x.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocker / 'x.csv'}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1
    bad_db = tmp_path / "bad.db"
    bad_db.write_text("not sqlite" * 50)
    before = hashlib.sha256(bad_db.read_bytes()).hexdigest()
    result = run("export", "geojson", "-o", tmp_path / "o.geojson", "--db", bad_db)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {bad_db}: not a frontline claims database "
                             "(file is not a database)\n")
    assert hashlib.sha256(bad_db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "o.geojson").exists()
    assert run("export", "kml", "--example").exit_code == 2
    assert run("export", "csv", "--example", "--since", "2025-02-30").exit_code == 2


@pytest.mark.parametrize("args", [["claims", "--help"], ["export", "--help"],
                                  ["claims", "add", "--help"], ["claims", "import", "--help"],
                                  ["claims", "list", "--help"], ["claims", "resolve", "--help"],
                                  ["claims", "conflicts", "--help"]])
def test_help_mentions_db(args):
    result = run(*args)
    assert result.exit_code == 0
    if args[-2] != "claims" or args[0] == "export":
        assert "--db" in result.output
