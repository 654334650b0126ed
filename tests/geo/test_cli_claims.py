import hashlib
import json
import os
import signal
import time
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.export import write_geojson
from geo.model import FIELDS
from geo.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "geo" / "data" / "example_claims.csv"
HEADER = "as_written,kind,percent,claimant,claimant_side,claim_date,source\n"
GOOD = "Kupiansk,captured,,Russian General Staff,RU,2025-11-20,Wire\n"


@pytest.fixture
def run(fake_lookup, monkeypatch):
    monkeypatch.setattr("geo.cli.claims.load_lookup", lambda: fake_lookup)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args])
    return invoke


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


ADD = ["claims", "add", "--kind", "captured", "--claimant", "Russian General Staff",
       "--side", "RU", "--controller", "RU", "--date", "2025-11-20", "--source", "Wire"]


def test_add_resolves_through_the_gazetteer(run, tmp_path, fake_lookup):
    db = tmp_path / "c.db"
    result = run(*ADD, "--place", "Kupyansk", "--region", "Kharkiv", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["added"] is True
    assert out["claim"]["place_id"] == "geonames:703656" and out["claim"]["lon"] == 37.61581
    assert out["claim"]["confidence"] == 1.0  # added by hand
    assert fake_lookup.calls == [("Kupyansk", "Kharkiv")]
    again = run(*ADD, "--place", "Kupyansk", "--region", "Kharkiv", "--db", db)
    assert again.stdout.startswith("already stored 2025-11-20  Kupiansk  captured")


def test_add_ambiguous_or_unknown_place_stays_unresolved(run, tmp_path):
    db = tmp_path / "c.db"
    result = run(*ADD, "--place", "Pokrovske", "--db", db)
    assert result.exit_code == 0
    assert result.stderr == ("Warning: 'Pokrovske' is ambiguous: Pokrovske (Dnipropetrovsk Oblast); "
                             "Pokrovske (Donetsk Oblast); kept unresolved\n")
    run(*ADD, "--place", "Nowhere", "--db", db)
    weak = run(*ADD, "--place", "Petrovsk", "--db", db)
    assert weak.stderr == ("Warning: best match for 'Petrovsk' is Petrivsk (Odesa), score 0.57, "
                           "too weak; kept unresolved\n")
    listed = run("claims", "list", "--unresolved", "--db", db, "--json")
    assert sorted(c["as_written"] for c in json.loads(listed.stdout)) == ["Nowhere", "Petrovsk", "Pokrovske"]


def test_add_invalid_value_is_one_line_and_stores_nothing(run, tmp_path):
    db = tmp_path / "c.db"
    run(*ADD, "--place", "Kupiansk", "--db", db)
    before = digest(db)
    result = run(*ADD[:3], "partial", *ADD[4:], "--percent", "150", "--place", "Kupiansk", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == "Error: percent: 150 is not between 0 and 100\n"
    bad_date = run(*ADD, "--place", "Kupiansk", "--until", "2025-01-01", "--db", db)
    assert bad_date.stderr == "Error: claim_until: is before claim_date\n"
    assert run(*ADD, "--place", "X", "--side", "NATO", "--db", db).exit_code == 2
    assert digest(db) == before


def test_import_all_or_nothing_then_skip_invalid(run, tmp_path):
    db = tmp_path / "c.db"
    run(*ADD, "--place", "Kupiansk", "--db", db)
    before = digest(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD.replace("Kupiansk", "Kurylivka")
                   + "Pokrovsk,partial,150,G,RU,2025-11-20,Wire\n"
                   + "Vovchansk,partial,80,G,RU,2025-02-30,Wire\n")
    result = run("claims", "import", bad, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3: percent: 150 is not between 0 and 100",
        f"{bad}:4: claim_date: '2025-02-30' is not a valid ISO date (YYYY-MM-DD)",
        f"Error: {bad}: 2 invalid rows; nothing imported",
    ]
    assert digest(db) == before
    skipped = run("claims", "import", bad, "--skip-invalid", "--db", db, "--json")
    assert skipped.exit_code == 0
    assert json.loads(skipped.stdout) == {"read": 1, "added": 1, "skipped": 2}
    assert len(skipped.stderr.splitlines()) == 2


# Issue 14, item 2: the minimal file a user writes by hand was refused ("as_written: missing column").
MINIMAL = ("place,kind,claimant,claimant_side,claim_date,source\n"
           "Kupyansk,captured,Russian General Staff,RU,2025-11-20,Wire\n"
           "Nowhere,advance,Russian General Staff,RU,2025-11-21,Wire\n")


def test_a_csv_without_as_written_names_its_place_in_place_and_is_resolved(run, tmp_path, fake_lookup):
    db, path = tmp_path / "c.db", tmp_path / "minimal.csv"
    path.write_text(MINIMAL, encoding="utf-8")
    result = run("claims", "import", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 2 new claims (2 read, 0 skipped)\n"
    assert result.stderr == f"Warning: {path}:3: place: no place named 'Nowhere'; kept unresolved\n"
    claims = json.loads(run("claims", "list", "--db", db, "--json").stdout)
    assert [(c["as_written"], c["place_id"], c["place"]) for c in claims] == [
        ("Kupyansk", "geonames:703656", "Kupiansk"), ("Nowhere", None, None)]
    assert fake_lookup.calls == [("Kupyansk", None), ("Nowhere", None)]
    again = run("claims", "import", path, "--db", db)  # the same claims: nothing new, no conflict
    assert again.exit_code == 0 and again.stdout.startswith("imported 0 new claims (2 read")


def test_a_file_with_as_written_is_imported_without_the_gazetteer(run, tmp_path, monkeypatch):
    def refuse():
        raise AssertionError("the gazetteer was loaded")
    monkeypatch.setattr("geo.cli.claims.load_lookup", refuse)
    path = tmp_path / "full.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    result = run("claims", "import", path, "--db", tmp_path / "c.db")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_id_stored_with_other_content_is_a_conflict(run, tmp_path):
    # Issue 15, item 3: such a row was skipped silently ("imported 0 new claims", exit 0).
    db = tmp_path / "c.db"
    run(*ADD, "--place", "Kupiansk", "--db", db)
    export = tmp_path / "e.csv"
    assert run("export", "csv", "-o", export, "--db", db).exit_code == 0
    stored, = export.read_text(encoding="utf-8").splitlines()[1:]
    before = digest(db)
    changed = tmp_path / "changed.csv"
    changed.write_text(export.read_text(encoding="utf-8").replace(",RU,RU,", ",RU,UA,")
                       + "\n".join([stored.replace(",Wire,", ",Other wire,"), stored,
                                     stored.replace(stored[:20], "0" * 20)]) + "\n", encoding="utf-8")
    result = run("claims", "import", changed, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{changed}:2: id: already stored with different content",
        f"{changed}:3: id: already stored with different content",
        f"Error: {changed}: 2 invalid rows; nothing imported",
    ]
    assert digest(db) == before
    skipped = run("claims", "import", changed, "--skip-invalid", "--db", db, "--json")
    assert json.loads(skipped.stdout) == {"read": 4, "added": 1, "skipped": 2}
    assert skipped.stderr.splitlines()[0] == f"skipped {changed}:2: id: already stored with different content"
    again = run("claims", "import", export, "--db", db)
    assert again.exit_code == 0 and again.stdout.startswith("imported 0 new claims")


def test_resolving_is_no_conflict_a_moved_place_or_a_second_row_is(run, tmp_path):
    db = tmp_path / "c.db"
    first = "abc,,,,,,Kupiansk,captured,,,G,RU,,2025-11-20,,,Wire,,,,,,,\n"
    resolved = "abc,p1,Kupiansk,Kharkiv,49.7,37.6,Kupiansk,captured,,,G,RU,,2025-11-20,,,Wire,,,exact,,,,\n"
    source = tmp_path / "in.csv"
    source.write_text(",".join(FIELDS) + "\n" + resolved + first, encoding="utf-8")
    result = run("claims", "import", source, "--db", db)  # the same claim, once unresolved
    assert result.exit_code == 0 and result.stdout.startswith("imported 1 new claims (2 read")
    moved = tmp_path / "moved.csv"
    moved.write_text(",".join(FIELDS) + "\n" + first + resolved.replace("49.7", "48.1"), encoding="utf-8")
    result = run("claims", "import", moved, "--db", db)
    assert result.stderr.splitlines() == [f"{moved}:3: id: already stored with different content",
                                          f"Error: {moved}: 1 invalid row; nothing imported"]
    twice = tmp_path / "twice.csv"
    twice.write_text(",".join(FIELDS) + "\n" + first.replace("abc", "xyz")
                     + first.replace("abc", "xyz").replace(",G,", ",H,"), encoding="utf-8")
    result = run("claims", "import", twice, "--db", db)  # the conflict is inside the file
    assert result.stderr.splitlines() == [f"{twice}:3: id: already stored with different content",
                                          f"Error: {twice}: 1 invalid row; nothing imported"]


def test_failed_import_into_a_new_database_leaves_no_database(run, tmp_path):
    db = tmp_path / "new.db"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD + "Vovchansk,partial,80,G,RU,2025-02-30,Wire\n")
    assert run("claims", "import", bad, "--db", db).exit_code == 1
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.parametrize("content, message", [
    ("", "empty file"),
    ("name,population\nKyiv,3\n", "not a claims file"),
    (HEADER.replace("source", "colour"), "1: colour: unknown column"),
])
def test_import_bad_files(run, tmp_path, content, message):
    db = tmp_path / "c.db"
    path = tmp_path / "in.csv"
    path.write_text(content)
    result = run("claims", "import", path, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not db.exists()


def test_import_into_foreign_database_is_refused(run, tmp_path):
    db = tmp_path / "other.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = digest(db)
    path = tmp_path / "in.csv"
    path.write_text(HEADER + GOOD)
    result = run("claims", "import", path, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: ") and len(result.stderr.splitlines()) == 1
    assert digest(db) == before


def test_geojson_export_import_round_trip(run, tmp_path, make_claim):
    claims = [make_claim(), make_claim(as_written="Petrovsk", group="left bank")]
    write_geojson(claims, tmp_path / "c.geojson")
    result = run("claims", "import", tmp_path / "c.geojson", "--db", tmp_path / "c.db")
    assert result.stdout == "imported 2 new claims (2 read, 0 skipped)\n"
    with Store.open(tmp_path / "c.db") as store:
        assert list(store.query()) == sorted(claims, key=lambda c: (c.claim_date, c.id))


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "csv"])
def test_every_export_of_a_database_imports_back_losslessly(run, tmp_path, fmt):
    # Issue 14, item 3: a GeoPackage export could not be imported back ("not UTF-8 text").
    source, copy, out = tmp_path / "source.db", tmp_path / "copy.db", tmp_path / f"c.{fmt}"
    assert run("claims", "import", EXAMPLES, "--db", source).exit_code == 0
    assert run("export", fmt, "-o", out, "--db", source).exit_code == 0
    result = run("claims", "import", out, "--db", copy)
    assert result.exit_code == 0, result.output
    with Store.open(source, mode="ro") as original, Store.open(copy, mode="ro") as imported:
        assert list(imported.query()) == list(original.query()) != []
    assert run("claims", "import", out, "--db", copy).stdout.startswith("imported 0 new claims")


def test_list_filters_and_env_db(run, tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("FRONTLINE_DB", str(db))
    run(*ADD, "--place", "Kupiansk")
    run(*ADD[:5], "Ukrainian General Staff", "--side", "UA", "--controller", "UA",
        "--date", "2025-11-21", "--source", "Wire", "--place", "Kupiansk", "--kind", "denied")
    assert db.exists()
    ua = json.loads(run("claims", "list", "--side", "UA", "--json").stdout)
    assert [c["kind"] for c in ua] == ["denied"]
    text = run("claims", "list", "--until", "2025-11-20").stdout.splitlines()
    assert len(text) == 1 and text[0].startswith("2025-11-20  Kupiansk  captured  RU->RU")
    conflicts = json.loads(run("claims", "conflicts", "--json").stdout)
    assert [(c["place"], c["days_apart"]) for c in conflicts] == [("Kupiansk", 1)]
    assert run("claims", "conflicts", "--window-days", "0").stdout == ""


def test_resolve_retries_unresolved(run, tmp_path, fake_lookup, monkeypatch):
    db = tmp_path / "c.db"
    monkeypatch.setattr("geo.cli.claims.load_lookup", lambda: lambda name, region=None: [])
    run(*ADD, "--place", "Kupyansk", "--db", db)
    run(*ADD, "--place", "Nowhere", "--db", db)
    monkeypatch.setattr("geo.cli.claims.load_lookup", lambda: fake_lookup)
    result = run("claims", "resolve", "--db", db, "--json")
    assert json.loads(result.stdout) == {"resolved": 1, "unresolved": 1}
    listed = json.loads(run("claims", "list", "--place", "Kupiansk", "--db", db, "--json").stdout)
    assert listed[0]["place_id"] == "geonames:703656"


def test_resolve_uses_the_region_hint_given_at_add(run, tmp_path, fake_lookup, monkeypatch):
    db = tmp_path / "c.db"
    monkeypatch.setattr("geo.cli.claims.load_lookup", lambda: lambda name, region=None: [])
    run(*ADD, "--place", "Kupyansk", "--region", "Kharkov region", "--db", db)
    monkeypatch.setattr("geo.cli.claims.load_lookup", lambda: fake_lookup)
    run("claims", "resolve", "--db", db)
    assert fake_lookup.calls == [("Kupyansk", "Kharkov region")]


def test_real_gazetteer_resolves_kupiansk(tmp_path):
    result = CliRunner().invoke(main, [*ADD, "--place", "Kupyansk", "--region", "Kharkiv",
                                       "--db", str(tmp_path / "c.db"), "--json"])
    assert result.exit_code == 0, result.output
    claim = json.loads(result.stdout)["claim"]
    assert claim["place"] and abs(claim["lat"] - 49.71) < 0.1 and abs(claim["lon"] - 37.62) < 0.1


@pytest.mark.parametrize("command", [["claims", "list"], ["claims", "list", "--json"],
                                     ["claims", "conflicts"], ["claims", "resolve"],
                                     ["export", "geojson", "-o", "out.geojson"]])
def test_reading_a_missing_database_creates_nothing(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "none.db"
    result = run(*command, "--db", db)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no claims database at {db}; add or import claims first\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_list_reads_a_read_only_database(run, tmp_path):
    db = tmp_path / "c.db"
    run(*ADD, "--place", "Kupiansk", "--db", db)
    db.chmod(0o444)
    try:
        result = run("claims", "list", "--db", db, "--json")
    finally:
        db.chmod(0o644)
    assert result.exit_code == 0, result.output
    assert [c["as_written"] for c in json.loads(result.stdout)] == ["Kupiansk"]


def test_import_of_a_directory_or_missing_file_is_an_input_error(run, tmp_path):
    # Issue 15, item 11: a directory exited 2 (usage) while a missing file exited 1.
    for path, reason in ((tmp_path, "is a directory, not a regular file"),
                         (tmp_path / "none.csv", "No such file or directory")):
        result = run("claims", "import", path, "--db", tmp_path / "c.db")
        assert result.exit_code == 1
        assert result.stderr == f"Error: {path}: cannot read: {reason}\n"
    assert not (tmp_path / "c.db").exists()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_import_refuses_devices_and_fifos(tmp_path, frontline_process, special):
    # Issue 15, item 8: /dev/zero was read to 3.4 GB and MemoryError, a FIFO with no
    # writer hung. Own process, with a time limit and memory cap, for a regression.
    if special == "fifo":
        special = tmp_path / "fifo.csv"
        os.mkfifo(special)
    db = tmp_path / "c.db"
    result = frontline_process("claims", "import", special, "--db", db, timeout=30)
    assert result.returncode == 1
    kind = "a character device" if special == "/dev/zero" else "a FIFO"
    assert result.stderr == f"Error: {special}: cannot read: is {kind}, not a regular file\n"
    assert not db.exists()


def claims_csv(path, count, *, prefix="Place", bad=False):
    rows = [f"{prefix}{i},captured,G,RU,2025-11-20,Wire\n" for i in range(count)]
    path.write_text(HEADER.replace("percent,", "") + "".join(rows).replace(",,", ",")
                    + ("Bad,captured,G,XX,2025-11-20,Wire\n" if bad else ""), encoding="utf-8")
    return path


def count_claims(db):
    with Store.open(db, mode="ro") as store:
        return store.count()


def test_a_failed_first_import_never_deletes_what_another_process_stored(tmp_path, frontline_process):
    # Issue 15, item 1: both processes saw no database; the failing one had "created" it
    # and removed it, after the other had reported "imported N" (8 rounds of 20).
    good = claims_csv(tmp_path / "good.csv", 2000)
    bad = claims_csv(tmp_path / "bad.csv", 2000, prefix="Other", bad=True)
    other = claims_csv(tmp_path / "other.csv", 2000, prefix="Other")
    for round_ in range(3):
        db = tmp_path / f"r{round_}.db"
        procs = [frontline_process.start("claims", "import", source, "--db", db)
                 for source in (good, bad, other)]
        results = [(proc.wait(timeout=120), *proc.communicate()) for proc in procs]
        assert [code for code, _, _ in results] == [0, 1, 0], results
        assert results[0][1] == results[2][1] == "imported 2000 new claims (2000 read, 0 skipped)\n"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((f"r{round_}", f".r{round_}"))) \
            == [f"r{round_}.db"]  # no temporary database left
        assert count_claims(db) == 4000


def test_a_killed_first_import_leaves_no_database_or_a_whole_one(tmp_path, frontline_process):
    # Issue 15, item 11: kill -9 during a first import left an empty database behind.
    source = claims_csv(tmp_path / "in.csv", 20000)
    outcomes = set()
    for delay in (0.2, 0.4, 0.6, 0.8):
        db = tmp_path / f"k{delay}.db"
        proc = frontline_process.start("claims", "import", source, "--db", db)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if db.exists():
            assert count_claims(db) == 20000
        outcomes.add(db.exists())
    assert False in outcomes  # at least one kill came before the end


@pytest.mark.parametrize("command", [["claims", "list"], ["export", "csv"], ["map"]])
def test_a_place_filter_that_is_no_utf8_is_a_usage_error(run, tmp_path, command):
    # Issue 15, item 6: bytes that are no UTF-8 in --place (a lone surrogate once decoded)
    # were a UnicodeEncodeError traceback when bound to SQLite.
    db = tmp_path / "c.db"
    run(*ADD, "--place", "Kupiansk", "--db", db)
    result = run(*command, "--place", "K\udcff", "--db", db, "-o" if command[0] != "claims" else "--json",
                 *([tmp_path / "out"] if command[0] != "claims" else []))
    assert result.exit_code == 2 and "is not valid UTF-8 text" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _proposed(db, make_claim, **fields):
    claim = make_claim(confidence=0.4, **fields)
    with Store.open(db) as store:
        store.add([claim], status="proposed")
    return claim


def test_review_accepts_with_corrections_and_a_place_from_the_gazetteer(run, tmp_path, make_claim):
    db = tmp_path / "c.db"
    claim = _proposed(db, make_claim, as_written="Kupyanks")
    result = run("claims", "review", claim.id, "--accept", "--kind", "partial", "--percent", "40",
                 "--place", "Kupyansk", "--date", "2025-11-19", "--note", "typo", "--by", "ana",
                 "--db", db, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["id"], out["kind"], out["percent"], out["place_id"], out["claim_date"]) == (
        claim.id, "partial", 40.0, "geonames:703656", "2025-11-19")
    assert (out["status"], out["reviewed_by"], out["review_note"], out["revision"]) == ("accepted", "ana", "typo", 1)
    with Store.open(db) as store:
        assert {e["field"] for e in store.audit(claim.id)} >= {"kind", "percent", "place_id", "status"}


def test_review_reject_hides_the_claim_from_list_export_and_map(run, tmp_path, make_claim):
    db = tmp_path / "c.db"
    claim = _proposed(db, make_claim)
    assert run("claims", "review", claim.id, "--reject", "--by", "ana", "--db", db).stdout.startswith("rejected 2025-11-20")
    assert run("claims", "list", "--db", db, "--json").stdout.strip() == "[]"
    listed = json.loads(run("claims", "list", "--status", "rejected", "--db", db, "--json").stdout)
    assert [c["id"] for c in listed] == [claim.id]
    assert len(json.loads(run("claims", "list", "--status", "any", "--db", db, "--json").stdout)) == 1
    out = tmp_path / "c.geojson"
    assert run("export", "geojson", "-o", out, "--db", db).exit_code == 0
    assert json.loads(out.read_text())["features"] == []
    assert run("export", "geojson", "-o", out, "--status", "rejected", "--db", db).exit_code == 0
    assert len(json.loads(out.read_text())["features"]) == 1
    result = run("map", "-o", tmp_path / "m.html", "--db", db)
    assert result.exit_code == 1 and "no claims" in result.stderr


def test_review_errors_are_one_line(run, tmp_path, make_claim):
    db = tmp_path / "c.db"
    claim = _proposed(db, make_claim)
    missing = run("claims", "review", "nope", "--accept", "--db", db)
    assert missing.exit_code == 1 and missing.stderr == "Error: no claim with id 'nope'\n"
    bad = run("claims", "review", claim.id, "--accept", "--percent", "30", "--db", db)
    assert bad.exit_code == 1 and bad.stderr == "Error: percent: only a partial claim has a percentage\n"
    unknown = run("claims", "review", claim.id, "--accept", "--place", "Nowhere", "--db", db)
    assert unknown.exit_code == 1 and unknown.stderr == "Error: place: the gazetteer knows no place of that name\n"
    neither = run("claims", "review", claim.id, "--db", db)
    assert neither.exit_code == 2 and "say --accept or --reject" in neither.stderr
    assert run("claims", "list", "--status", "maybe", "--db", db).exit_code == 2


def test_export_reviewed_writes_corpus_articles(run, tmp_path, make_claim):
    import zipfile

    db = tmp_path / "c.db"
    claim = _proposed(db, make_claim)
    run("claims", "review", claim.id, "--accept", "--by", "ana", "--db", db)
    out = tmp_path / "reviewed.zip"
    result = run("claims", "export-reviewed", "-o", out, "--db", db)
    assert result.exit_code == 0 and "Wrote 1 articles" in result.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["reviewed0001.txt", "reviewed0001.expected.json"]
        expected = json.loads(archive.read("reviewed0001.expected.json"))
        assert archive.read("reviewed0001.txt").decode() == claim.quote + "\n"
    assert [c["place"] for c in expected["claims"]] == ["Kupiansk"]


def test_the_commands_work_on_either_database(run, store_target, tmp_path):
    db = str(store_target)  # a SQLite file, or a postgresql:// URL
    source = tmp_path / "in.csv"
    source.write_text(HEADER + GOOD + GOOD.replace("2025-11-20", "2025-11-22").replace("captured", "denied")
                      .replace(",RU,", ",UA,") + "Vovchansk,advance,,G,RU,2025-11-21,Wire\n")
    assert run("claims", "import", source, "--db", db).stdout == "imported 3 new claims (3 read, 0 skipped)\n"
    assert run("claims", "import", source, "--db", db).stdout.startswith("imported 0 new claims")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD.replace("Kupiansk", "Kurylivka") + GOOD.replace(",Wire", ",Other wire")
                   .replace("Russian General Staff", "G") + "Pokrovsk,partial,150,G,RU,2025-11-20,Wire\n")
    result = run("claims", "import", bad, "--db", db)  # all or nothing, in either database
    assert result.exit_code == 1 and result.stderr.splitlines()[-1] == f"Error: {bad}: 1 invalid row; nothing imported"
    assert run("claims", "resolve", "--db", db).exit_code == 0
    listed = json.loads(run("claims", "list", "--db", db, "--json").stdout)
    assert [(c["as_written"], c["claim_date"]) for c in listed] == [
        ("Kupiansk", "2025-11-20"), ("Vovchansk", "2025-11-21"), ("Kupiansk", "2025-11-22")]
    latest = json.loads(run("claims", "list", "--as-of", "2025-11-21", "--side", "RU", "--db", db, "--json").stdout)
    assert [c["as_written"] for c in latest] == ["Kupiansk", "Vovchansk"]
    export = tmp_path / "e.csv"
    assert run("export", "csv", "-o", export, "--db", db).exit_code == 0
    assert len(export.read_text(encoding="utf-8").splitlines()) == 4
    conflicts = json.loads(run("claims", "conflicts", "--db", db, "--json").stdout)
    assert len(conflicts) == 1
    made = run("map", "-o", tmp_path / "m.html", "--db", db)
    assert made.exit_code == 0, made.output
    assert "2 of 3 claims placed" in made.stderr
