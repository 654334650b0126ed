import dataclasses
import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest

from geo.errors import StoreError
from geo.model import ClaimFilter, Kind, Side, place_key
from geo.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store
from tests.conftest import run_sql


def test_add_is_idempotent_and_query_orders_by_date_then_id(store_target, make_claim):
    late = make_claim(claim_date=dt.date(2025, 11, 21))
    early = make_claim(claim_date=dt.date(2025, 11, 1))
    with Store.open(store_target) as store:
        assert store.add([late, early]) == 2
        assert store.add([early, late]) == 0
        assert list(store.query()) == [early, late]
        assert store.count() == 2


def test_query_filters(store_target, make_claim):
    ru = make_claim(as_written="Купянск")
    ua = make_claim(kind=Kind.DENIED, claimant_side=Side.UA, controller_side=Side.UA,
                    claim_date=dt.date(2025, 11, 22), source="Straße Wire")
    with Store.open(store_target) as store:
        store.add([ru, ua])
        assert list(store.query(ClaimFilter(side=Side.UA))) == [ua]
        assert list(store.query(ClaimFilter(kind=Kind.CAPTURED))) == [ru]
        assert list(store.query(ClaimFilter(since=dt.date(2025, 11, 21)))) == [ua]
        assert list(store.query(ClaimFilter(until=dt.date(2025, 11, 21)))) == [ru]
        assert list(store.query(ClaimFilter(place="КУПЯНСК"))) == [ru]
        assert list(store.query(ClaimFilter(source="STRASSE WIRE"))) == [ua]  # casefold, not lower


def test_replace_places_resolves_in_place(store_target, make_claim):
    claim = make_claim()
    with Store.open(store_target) as store:
        store.add([claim])
        assert list(store.query(ClaimFilter(unresolved=True))) == [claim]
        resolved = claim.with_place(place_id="geonames:703656", place="Kupiansk",
                                    admin1="Kharkiv Oblast", lat=49.71, lon=37.62, precision="exact")
        assert store.replace_places([resolved]) == 1
        assert list(store.query(ClaimFilter(unresolved=True))) == []
        assert list(store.query()) == [resolved]


def test_failing_iterator_stores_nothing(store_target, make_claim):
    def claims():
        yield make_claim()
        raise ValueError("bad row")
    with Store.open(store_target) as store:
        with pytest.raises(ValueError):
            store.add(claims())
        assert store.count() == 0


def _database_at_version(path, version: int, claim=None) -> None:
    """A database as an older frontline wrote it, holding ``claim`` if one is given."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:version]:
        conn.executescript(migration)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    if claim is not None:
        stored = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
        row = claim.to_dict()
        conn.execute(f"INSERT INTO claims ({', '.join(repr(n) for n in stored)}) VALUES "
                     f"({', '.join('?' for _ in stored)})", [row[n] for n in stored])
    conn.commit()
    conn.close()


def test_wal_and_version(tmp_path):
    Store.open(tmp_path / "c.db").close()
    conn = sqlite3.connect(tmp_path / "c.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_older_schema_is_upgraded(tmp_path, make_claim):
    path = tmp_path / "old.db"
    _database_at_version(path, 1)
    with Store.open(path) as store:
        store.add([make_claim()])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "claims_by_date" in indexes


@pytest.mark.parametrize("prepare, message", [
    (lambda p: p.write_bytes(b"this is not sqlite at all" * 100),
     "not a frontline claims database (file is not a database)"),
    (lambda p: sqlite3.connect(p).executescript("CREATE TABLE songs (title TEXT);"),
     "a SQLite database of another program, not a frontline claims database"),
    (lambda p: p.mkdir(), "is a directory, not a database file"),
    (os.mkfifo, "is a FIFO, not a database file"),  # issue 15: SQLite's first read waited for a writer
    (lambda p: p.symlink_to(os.devnull), "is a character device, not a database file"),
])
def test_bad_database_files(tmp_path, prepare, message):
    path = tmp_path / "x.db"
    prepare(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(info.value) == f"{path}: {message}"
    assert (path.read_bytes() if path.is_file() else None) == before


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this frontline"):
        Store.open(path)


def test_unwritable_location(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write the database"):
        Store.open(blocker / "c.db")


@pytest.mark.skipif(sys.platform == "win32" or __import__("os").geteuid() == 0,
                    reason="root ignores file permissions")
def test_read_only_directory(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="cannot write the database"):
            Store.open(folder / "c.db")
    finally:
        folder.chmod(0o755)


WRITER = """
import sys, datetime as dt
from geo.model import Claim, Kind, Side
from geo.store import Store
tag, path = sys.argv[1], sys.argv[2]
for batch in range(20):
    claims = [Claim(as_written=f"{tag}-{batch}-{i}", kind=Kind.CAPTURED, claimant="c",
                    claimant_side=Side.RU, claim_date=dt.date(2025, 1, 1), source="s")
              for i in range(200)]
    with Store.open(path) as store:
        assert store.add(claims) == 200
"""


def test_two_processes_import_at_once(store_target):
    path = store_target
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, tag, str(path)],
                              stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store.open(path) as store:
        assert store.count() == 2 * 20 * 200


def test_every_field_survives_the_round_trip(store_target, make_claim):
    claim = make_claim(kind=Kind.PARTIAL, percent=75.5, qualifier="most", controller_side=Side.RU,
                       claim_until=dt.date(2025, 12, 1), published=dt.date(2025, 11, 21),
                       group="g1").with_place(place_id="geonames:1", place="Pokrovsk",
                                              admin1="Donetsk Oblast", lat=48.28, lon=37.18,
                                              precision="hromada")
    bare = make_claim(controller_side=None, url=None, quote=None)
    with Store.open(store_target) as store:
        store.add([claim, bare])
        stored = {c.id: c for c in store.query()}
    assert stored == {claim.id: claim, bare.id: bare}
    assert stored[claim.id].to_dict() == claim.to_dict()


def test_hand_edited_row_is_a_store_error(store_target, make_claim):
    path = store_target
    claim = make_claim()
    with Store.open(path) as store:
        store.add([claim])
    run_sql(path, "UPDATE claims SET kind = 'taken'")
    with Store.open(path) as store:
        with pytest.raises(StoreError) as info:
            list(store.query())
    assert str(info.value) == f"{path}: stored claim {claim.id} is unreadable (KeyError: 'taken')"


@pytest.mark.parametrize("mode", ["ro", "rw"])
def test_missing_database_is_not_created(tmp_path, mode):
    path = tmp_path / "none.db"
    with pytest.raises(StoreError) as info:
        Store.open(path, mode=mode)
    assert str(info.value) == f"no claims database at {path}; add or import claims first"
    assert list(tmp_path.iterdir()) == []


def test_read_only_store_reads_and_refuses_writes(store_target, make_claim):
    path = store_target
    with Store.open(path) as store:
        store.add([make_claim()])
    with Store.open(path, mode="ro") as store:
        assert store.readonly
        assert list(store.query()) == [make_claim()]
        with pytest.raises(StoreError, match="cannot write the database"):
            store.add([make_claim(as_written="Petrovsk")])
    with Store.open(path) as store:
        assert store.count() == 1


def test_read_only_store_reads_an_older_schema_without_upgrading(tmp_path, make_claim):
    path = tmp_path / "old.db"
    _database_at_version(path, 1)
    with Store.open(path, mode="ro") as store:
        assert list(store.query()) == []
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1


def test_read_only_store_refuses_empty_and_foreign_files(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="empty file, not yet a claims database"):
        Store.open(empty, mode="ro")
    foreign = tmp_path / "songs.db"
    sqlite3.connect(foreign).executescript("CREATE TABLE songs (title TEXT);")
    with pytest.raises(StoreError, match="a SQLite database of another program"):
        Store.open(foreign, mode="ro")
    with pytest.raises(ValueError, match="unknown mode 'w'"):
        Store.open(empty, mode="w")


def test_file_name_with_uri_characters(tmp_path, make_claim):
    path = tmp_path / "war %20 #1?.db"
    with Store.open(path) as store:
        store.add([make_claim()])
    with Store.open(path, mode="ro") as store:
        assert store.count() == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [path.name]


def test_version_2_claims_survive_the_upgrade_and_read_only_access(tmp_path, make_claim):
    path = tmp_path / "v2.db"
    old = make_claim()
    _database_at_version(path, 2, old)
    with Store.open(path, mode="ro") as store:
        assert list(store.query()) == [old]
    denial = make_claim(kind=Kind.DENIED, controller_side=Side.UA, claimant_side=Side.UA,
                        denies=old.id, region="Kharkiv")
    with Store.open(path) as store:
        store.add([denial])
        assert list(store.query()) == sorted([old, denial], key=lambda c: (c.claim_date, c.id))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_version_3_claims_get_no_confidence_and_new_ones_keep_theirs(tmp_path, make_claim):
    path = tmp_path / "v3.db"
    old = make_claim()
    _database_at_version(path, 3, old)
    with Store.open(path, mode="ro") as store:
        assert [c.confidence for c in store.query()] == [None]
    scored = make_claim(kind=Kind.ADVANCE, confidence=0.42)
    with Store.open(path) as store:
        store.add([scored])
        assert {c.id: c.confidence for c in store.query()} == {old.id: None, scored.id: 0.42}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_apply_builds_a_new_database_aside_and_never_replaces_one_made_meanwhile(tmp_path, make_claim):
    # Issue 15, item 1: the database another process creates while a first import runs
    # is never replaced nor removed; the import runs again, on that database.
    path = tmp_path / "c.db"
    runs = []

    def action(store):
        runs.append(store.path)
        if len(runs) == 1:
            assert not path.exists()  # built aside, invisible until done
            with Store.open(path) as other:  # another process is first
                other.add([make_claim(as_written="Vovchansk")])
        return store.add([make_claim()])

    assert Store.apply(path, action) == 1
    assert runs == [path, path]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]
    with Store.open(path, mode="ro") as store:
        assert sorted(c.as_written for c in store.query()) == ["Kupiansk", "Vovchansk"]


def test_apply_leaves_no_database_when_the_action_fails(tmp_path, make_claim):
    path = tmp_path / "c.db"

    def action(store):
        store.add([make_claim()])
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        Store.apply(path, action)
    assert list(tmp_path.iterdir()) == []


def test_add_reports_a_stored_id_with_other_content_and_keeps_the_stored_claim(store_target, make_claim):
    claim = make_claim()
    rival = dataclasses.replace(claim, claimant="Someone else")
    assert rival.id == claim.id
    seen = []

    def conflict(claim_id, position):
        seen.append((claim_id, position))
    with Store.open(store_target) as store:
        assert store.add([claim, claim, rival], on_conflict=conflict) == 1
        assert store.add([rival, claim], on_conflict=conflict) == 0
        assert seen == [(claim.id, 2), (claim.id, 0)]
        assert list(store.query()) == [claim]
        assert store.add([rival]) == 0  # without a callback: left as it is, as before


def _generated_claims(n: int, seed: int = 3):
    """Claims over a few places and every side and kind, some unresolved and named in
    other cases and spacings, so that place keys group them in every way they can."""
    import random

    from geo.model import Claim

    rng = random.Random(seed)
    names = ["Kupiansk", "Pokrovsk", "Straße", "Вовчанськ", "Ocheretyne", "Chasiv Yar"]
    claims = []
    for i in range(n):
        name = rng.choice(names)
        written = rng.choice([name, name.upper(), name.replace(" ", "  "), f" {name.lower()}"])
        resolved = rng.random() < 0.6
        kind = rng.choice(list(Kind))
        claims.append(Claim(
            as_written=written, kind=kind, claimant=rng.choice(["MoD", "General Staff"]),
            claimant_side=rng.choice(list(Side)), claim_date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(60)),
            source=rng.choice(["Wire", "TASS", "wire"]), url=f"https://example.org/{i}",
            percent=50.0 if kind is Kind.PARTIAL else None,
            place_id=f"p-{name}" if resolved else None, place=name if resolved else None,
            lat=48.0 if resolved else None, lon=37.0 if resolved else None, precision="exact" if resolved else None))
    return claims


@pytest.mark.parametrize("flt", [
    ClaimFilter(as_of=dt.date(2025, 1, 20)),
    ClaimFilter(as_of=dt.date(2025, 3, 30)),
    ClaimFilter(as_of=dt.date(2024, 12, 31)),
    ClaimFilter(as_of=dt.date(2025, 2, 10), side=Side.UA, kind=Kind.CAPTURED),
    ClaimFilter(as_of=dt.date(2025, 2, 10), since=dt.date(2025, 1, 15), source="WIRE"),
    ClaimFilter(as_of=dt.date(2025, 2, 10), place="STRASSE"),
    ClaimFilter(as_of=dt.date(2025, 2, 10), unresolved=True),
], ids=["as-of", "after-all", "before-all", "side-kind", "since-source", "place", "unresolved"])
def test_as_of_in_the_database_is_the_latest_per_place_and_side_as_before(store_target, flt):
    claims = _generated_claims(400)
    rejected = {c.id for c in claims[::7]}
    with Store.open(store_target) as store:
        store.add([c for c in claims if c.id not in rejected], status="proposed")
        store.add([c for c in claims if c.id in rejected], status="rejected")
        for statuses in (("proposed", "accepted"), ("proposed", "accepted", "rejected")):
            kept = [c for c in claims if statuses == ("proposed", "accepted", "rejected") or c.id not in rejected]
            # the model's own selection, in Python, over every claim: what --as-of read before
            expected = list(flt.select(sorted(kept, key=lambda c: (c.claim_date, c.id))))
            assert list(store.query(flt, statuses=statuses)) == expected
            by_place = list(store.query(flt, statuses=statuses, order="place"))
            assert by_place == sorted(expected, key=_by_place)
    assert expected or flt.as_of < dt.date(2025, 1, 1)


def _by_place(claim):
    return place_key(claim), claim.claimant_side.value, claim.claim_date, claim.id


def test_order_by_place_groups_each_place_by_side_and_date(store_target):
    claims = _generated_claims(300)
    with Store.open(store_target) as store:
        store.add(claims)
        assert list(store.query(order="place")) == sorted(claims, key=_by_place)
        assert list(store.query()) == sorted(claims, key=lambda c: (c.claim_date, c.id))
        with pytest.raises(ValueError, match="unknown order 'size'"):
            store.query(order="size")


def test_writes_in_one_transaction_are_stored_together_or_not_at_all(store_target, make_claim):
    first, second = make_claim(), make_claim(as_written="Vovchansk")
    with Store.open(store_target) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                assert store.add([first]) == 1
                assert store.count() == 1  # seen inside the transaction
                raise RuntimeError("the caller changed its mind")
        assert store.count() == 0
        with store.transaction():
            store.add([first])
            store.add([second])
        assert store.count() == 2


def test_resolving_and_reviewing_move_a_claim_to_its_place(store_target, make_claim):
    from geo.review import Decision

    unresolved = make_claim(as_written="  KUPIANSK ")
    other = make_claim(as_written="Kupiansk", claim_date=dt.date(2025, 11, 1))
    with Store.open(store_target) as store:
        store.add([unresolved, other])
        as_of = ClaimFilter(as_of=dt.date(2025, 12, 1))
        assert list(store.query(as_of)) == [unresolved]  # one place as written: the latest
        resolved = unresolved.with_place(place_id="geonames:703656", place="Kupiansk", admin1="Kharkiv Oblast",
                                         lat=49.71, lon=37.62, precision="exact")
        store.replace_places([resolved])
        assert list(store.query(as_of)) == [other, resolved]  # two places now
        store.review(resolved.id, Decision("accepted", "ana", changes={
            "place_id": None, "place": None, "admin1": None, "lat": None, "lon": None, "precision": None}))
        assert [c.id for c in store.query(as_of)] == [unresolved.id]


def test_postgis_schema_matches_sqlite_step_for_step():
    from geo.stores import postgis

    assert len(postgis.MIGRATIONS) == len(MIGRATIONS) == SCHEMA_VERSION


def test_postgis_claims_are_points_and_the_columns_those_of_sqlite(postgres_url, tmp_path, make_claim):
    claim = make_claim().with_place(place_id="p1", place="Kupiansk", admin1="Kharkiv Oblast",
                                    lat=49.71, lon=37.62, precision="exact")
    for target in (postgres_url, tmp_path / "c.db"):
        with Store.open(target) as store:
            store.add([claim, make_claim(as_written="Nowhere")])
    assert run_sql(postgres_url, "SELECT ST_SRID(geom), ST_X(geom), ST_Y(geom) FROM claims WHERE id = %s",
                   (claim.id,)) == [(4326, 37.62, 49.71)]
    assert run_sql(postgres_url, "SELECT count(*) FROM claims WHERE geom IS NULL") == [(1,)]
    assert run_sql(postgres_url, "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'claims'") == [
        ("POINT", 4326)]
    pg = {name for name, in run_sql(postgres_url, "SELECT column_name FROM information_schema.columns "
                                                  "WHERE table_name = 'claims'")}
    lite = {row[1] for row in run_sql(tmp_path / "c.db", "PRAGMA table_info(claims)")}
    assert pg - lite == {"geom"} and lite <= pg


def test_postgis_casefold_is_pythons(postgres_url):
    Store.open(postgres_url).close()
    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    # every character case folding changes, and the others of the first planes
    text = "".join(c for c in chars if c.casefold() != c) + "".join(chars[:0x3000])
    assert run_sql(postgres_url, "SELECT frontline_casefold(%s)", (text,)) == [(text.casefold(),)]


def test_postgis_errors_are_one_line_and_hide_the_password(postgres_server, postgres_url):
    secret = postgres_server.replace("frontline@", "frontline:hunter2@") + "/no_such_database"
    with pytest.raises(StoreError) as info:
        Store.open(secret)
    assert "hunter2" not in str(info.value)
    assert str(info.value).startswith(f"{postgres_server}/no_such_database: cannot connect (")
    for mode in ("ro", "rw"):
        with pytest.raises(StoreError) as info:
            Store.open(postgres_url, mode=mode)
        assert str(info.value) == f"no claims database at {postgres_url}; add or import claims first"
    assert run_sql(postgres_url, "SELECT to_regclass('frontline_schema')") == [(None,)]
    assert not Store.exists(postgres_url)
    run_sql(postgres_url, "CREATE TABLE claims (title text)")
    with pytest.raises(StoreError, match="its claims table is another program's"):
        Store.open(postgres_url)


def test_postgis_newer_schema_is_refused(postgres_url):
    Store.open(postgres_url).close()
    assert Store.exists(postgres_url)
    run_sql(postgres_url, "UPDATE frontline_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer than this frontline"):
        Store.open(postgres_url)
