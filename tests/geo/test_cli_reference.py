"""frontline reference import/list, claims verify and claims track-record, end to end."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.model import Kind, Side
from geo.store import Store
from tests.geo.reference_layers import EAST, WEST, claim, collection, square, write_days

DAYS = {0: 38.0, 1: 38.0, 2: 38.0, 5: 38.0, 6: 39.0, 7: 39.0, 10: 38.0}


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "claims.db"
    with Store.open(path) as store:
        store.add([claim(WEST, Kind.CAPTURED, 1), claim(EAST, Kind.CAPTURED, 2),
                   claim(EAST, Kind.CAPTURED, 3, claimant="RU governor"),
                   claim(EAST, Kind.DENIED, 2, side=Side.UA, controller_side=Side.UA),
                   claim(WEST, Kind.CONTESTED, 2, side=Side.UA)])
    folder = tmp_path / "layers"
    folder.mkdir()
    result = run("reference", "import", *map(str, write_days(folder, DAYS)), "--name", "drawn", "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_import_reports_files_and_a_second_import_adds_nothing(db, tmp_path):
    paths = sorted(str(p) for p in (tmp_path / "layers").iterdir())
    result = run("reference", "import", *paths, "--name", "drawn", "--db", str(db), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files": 7, "failed": 0, "already": 7, "added": 0}


def test_a_broken_file_is_one_error_line_and_the_others_go_on(db, tmp_path):
    bad = tmp_path / "bad_20250320.geojson"
    bad.write_text("{")
    good = tmp_path / "good_20250321.geojson"
    good.write_text(json.dumps(collection(square(37, 38))))
    result = run("reference", "import", str(bad), str(good), "--name", "drawn", "--db", str(db))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {bad}: not JSON (Expecting property name enclosed in double quotes: "
                      "line 1 column 2 (char 1))"]
    assert "Traceback" not in result.output
    listed = json.loads(run("reference", "list", "--db", str(db), "--json").stdout)
    assert listed == [{"name": "drawn", "kind": "areas", "holder": "RU", "first": "2025-03-01",
                       "last": "2025-03-21", "days": 8}]


def test_list_as_text(db):
    assert run("reference", "list", "--db", str(db)).stdout == "drawn  areas  holder RU  2025-03-01..2025-03-11  7 day(s)\n"


def test_verify_json_has_the_issue_shape(db):
    result = run("claims", "verify", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert set(rows[0]) >= {"claim", "reference", "verdict", "confirmed_on", "lag_days", "as_of"}
    got = {(r["claim"]["place"], r["claim"]["kind"], r["claim"]["claimant"]): (r["verdict"], r["lag_days"])
           for r in rows}
    assert got == {("Westville", "captured", "RU staff"): ("consistent", 0),
                   ("Eastville", "captured", "RU staff"): ("confirmed_later", 4),
                   ("Eastville", "captured", "RU governor"): ("confirmed_later", 3),
                   ("Eastville", "denied", "UA staff"): ("consistent", 0),
                   ("Westville", "contested", "UA staff"): (None, None)}
    assert {r["as_of"] for r in rows} == {"2025-03-11"} and all(r["reference"] == "drawn" for r in rows)


def test_verify_text_and_errors(db, tmp_path):
    text = run("claims", "verify", "--db", str(db), "--reference", "drawn").stdout
    assert "=> confirmed_later: confirmed 4 days later by drawn" in text
    missing = run("claims", "verify", "--db", str(db), "--reference", "isw")
    assert (missing.exit_code, missing.stderr) == (1, "Error: no reference layer 'isw'; stored: drawn\n")
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    none = run("claims", "verify", "--db", str(empty))
    assert none.stderr == "Error: no reference layer stored; run 'frontline reference import'\n"


def test_track_record_as_json_table_and_chart(db, tmp_path):
    result = run("claims", "track-record", "--db", str(db), "--json")
    record = json.loads(result.stdout)
    assert record["reference"] == "drawn"
    staff = next(r for r in record["claimants"] if r["claimant"] == "RU staff")
    assert staff == {"claimant": "RU staff", "side": "RU", "judged": 2, "consistent": 1, "confirmed_later": 1,
                     "not_confirmed": 0, "no_reference": 0, "share_confirmed": 1.0,
                     "lag_median_days": 2.0, "lag_p90_days": 3.6}
    ru = next(r for r in record["sides"] if r["side"] == "RU")
    assert (ru["judged"], ru["lag_median_days"]) == (3, 3.0)
    since = json.loads(run("claims", "track-record", "--db", str(db), "--json", "--since", "2025-03-04").stdout)
    assert [r["claimant"] for r in since["claimants"]] == ["RU governor"]
    chart = tmp_path / "track.html"
    table = run("claims", "track-record", "--db", str(db), "--chart", str(chart))
    assert table.exit_code == 0 and "RU staff" in table.stdout and "100%" in table.stdout
    html = chart.read_text(encoding="utf-8")
    assert html.count('class="fl-bar fl-consistent"') == 3 and html.count('class="fl-lag"') == 4
    assert "https://" not in html and "src=" not in html  # no network, no script


def test_the_chart_escapes_claimant_names(tmp_path):
    from geo.track_record import track_records
    from geo.verify import Judgement, Verdict
    from maps.chart import save_track_chart

    evil = claim(WEST, Kind.CAPTURED, 1, claimant="<script>alert(1)</script>")
    claimants, _ = track_records([Judgement(evil, "drawn", Verdict.CONSISTENT, lag_days=0)])
    save_track_chart(claimants, tmp_path / "c.html", reference="<b>drawn</b>")
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>drawn</b>" not in html


def test_map_with_a_reference(db, tmp_path):
    from tests.maps.mapclaims import page_data, timeline

    out = tmp_path / "m.html"
    result = run("map", "--db", str(db), "-o", str(out), "--reference", "drawn")
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    _, east = timeline(data, "Eastville")
    assert "confirmed 4 days later by drawn" in [data["strings"][c["verdict"]] for c in east]
    assert run("map", "--example", "--reference", "drawn", "-o", str(out)).exit_code == 2
    assert run("map", "--db", str(db), "-o", str(out), "--reference", "nope").exit_code == 1
