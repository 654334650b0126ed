"""frontline map: options, sources (database or bundled examples), errors, atomic output."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.model import Claim, Kind, Side
from geo.store import Store
from tests.maps.mapclaims import page_data, timeline

KUPIANSK = dict(place_id="kupiansk", place="Kupiansk", admin1="Kharkiv", lat=49.7106, lon=37.6156)


def claim(kind, side, day, **extra) -> Claim:
    fields = dict(as_written="Kupiansk", kind=kind, claimant=f"{side.value} staff", claimant_side=side,
                  claim_date=dt.date(2025, 11, day), source="Test Wire", **KUPIANSK)
    fields.update(extra)
    return Claim(**fields)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "claims.db"
    with Store.open(path) as store:
        store.add([claim(Kind.CAPTURED, Side.RU, 20), claim(Kind.DENIED, Side.UA, 24, controller_side=Side.UA),
                   claim(Kind.ADVANCE, Side.RU, 26, as_written="Kupyansk-Vuzlovyi", place_id="kv",
                         place="Kupiansk-Vuzlovyi", lat=49.6, lon=37.7)])
    return path


def run(*args):
    return CliRunner().invoke(main, ["map", *args], catch_exceptions=False)


def test_example_renders_offline_to_the_named_file(tmp_path):
    out = tmp_path / "map.html"
    result = run("--example", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["places"]["name"]) >= 4 and len(data["claims"]["day"]) >= 20
    assert data["areas"] and data["contradictions"]


def test_default_output_is_map_html_in_the_current_folder(tmp_path, monkeypatch, db):
    monkeypatch.chdir(tmp_path)
    assert run("--db", str(db)).exit_code == 0
    assert (tmp_path / "map.html").is_file()


def test_database_claims_with_filters(tmp_path, db):
    out = tmp_path / "m.html"
    assert run("--db", str(db), "-o", str(out), "--side", "ru").exit_code == 0
    data = page_data(out.read_text(encoding="utf-8"))
    _, kupiansk = timeline(data, "Kupiansk")
    assert [data["sides"][c["side"]] for c in kupiansk] == ["RU"]
    assert run("--db", str(db), "-o", str(out), "--place", "Kupiansk-Vuzlovyi").exit_code == 0
    assert page_data(out.read_text(encoding="utf-8"))["places"]["name"] == ["Kupiansk-Vuzlovyi"]


def test_as_of_keeps_each_place_history_up_to_that_date(tmp_path, db):
    out = tmp_path / "m.html"
    assert run("--db", str(db), "-o", str(out), "--as-of", "2025-11-25").exit_code == 0
    data = page_data(out.read_text(encoding="utf-8"))
    # Both Kupiansk claims stay (the timeline), the later advance is dropped.
    assert len(data["claims"]["day"]) == 2 and data["places"]["name"] == ["Kupiansk"]


def test_env_database_is_used(tmp_path, db, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DB", str(db))
    assert run("-o", str(tmp_path / "m.html")).exit_code == 0


def test_missing_database_is_one_error_line(tmp_path):
    result = run("--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no claims database at {tmp_path / 'none.db'}; add or import claims first\n"
    assert not (tmp_path / "m.html").exists()


def test_no_matching_claims_is_an_error(tmp_path, db):
    result = run("--db", str(db), "-o", str(tmp_path / "m.html"), "--place", "Atlantis")
    assert result.exit_code == 1 and result.stderr == f"Error: no claims in {db} match the filters\n"


def test_nothing_placed_before_as_of_is_an_error(tmp_path, db):
    result = run("--db", str(db), "-o", str(tmp_path / "m.html"), "--as-of", "2024-01-01")
    assert result.exit_code == 1
    assert result.stderr == "Error: no claim with coordinates to draw on or before 2024-01-01\n"


def test_unwritable_output_is_one_error_line(tmp_path, db):
    (tmp_path / "file").write_text("")
    target = tmp_path / "file" / "m.html"
    result = run("--db", str(db), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {target}: ")
    assert result.stderr.count("\n") == 1


def test_bad_date_is_a_usage_error():
    result = run("--example", "--as-of", "yesterday")
    assert result.exit_code == 2 and "'yesterday' is not a valid date" in result.stderr


def test_help_lists_the_options():
    out = run("--help").output
    for option in ("-o, --output", "--since", "--until", "--as-of", "--side", "--kind", "--place",
                   "--db", "--example"):
        assert option in out


def test_the_map_never_replaces_the_database(tmp_path, db):
    # Issue 15, item 2: "map -o s.db" replaced the claims database with a page.
    before = db.read_bytes()
    (tmp_path / "link.html").symlink_to(db)
    for output in (db, tmp_path / "link.html"):
        result = CliRunner().invoke(main, ["map", "--db", str(db), "-o", str(output)])
        assert result.exit_code == 1
        assert result.stderr == f"Error: cannot write {output}: is an input of this command; choose another output\n"
    assert db.read_bytes() == before
