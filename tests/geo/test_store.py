import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from geo.errors import StoreError
from geo.model import ClaimFilter, Kind, Side
from geo.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store


def test_add_is_idempotent_and_query_orders_by_date_then_id(tmp_path, make_claim):
    late = make_claim(claim_date=dt.date(2025, 11, 21))
    early = make_claim(claim_date=dt.date(2025, 11, 1))
    with Store.open(tmp_path / "c.db") as store:
        assert store.add([late, early]) == 2
        assert store.add([early, late]) == 0
        assert list(store.query()) == [early, late]
        assert store.count() == 2


def test_query_filters(tmp_path, make_claim):
    ru = make_claim(as_written="Купянск")
    ua = make_claim(kind=Kind.DENIED, claimant_side=Side.UA, controller_side=Side.UA,
                    claim_date=dt.date(2025, 11, 22))
    with Store.open(tmp_path / "c.db") as store:
        store.add([ru, ua])
        assert list(store.query(ClaimFilter(side=Side.UA))) == [ua]
        assert list(store.query(ClaimFilter(kind=Kind.CAPTURED))) == [ru]
        assert list(store.query(ClaimFilter(since=dt.date(2025, 11, 21)))) == [ua]
        assert list(store.query(ClaimFilter(until=dt.date(2025, 11, 21)))) == [ru]
        assert list(store.query(ClaimFilter(place="КУПЯНСК"))) == [ru]


def test_replace_places_resolves_in_place(tmp_path, make_claim):
    claim = make_claim()
    with Store.open(tmp_path / "c.db") as store:
        store.add([claim])
        assert list(store.query(ClaimFilter(unresolved=True))) == [claim]
        resolved = claim.with_place(place_id="geonames:703656", place="Kupiansk",
                                    admin1="Kharkiv Oblast", lat=49.71, lon=37.62, precision="exact")
        assert store.replace_places([resolved]) == 1
        assert list(store.query(ClaimFilter(unresolved=True))) == []
        assert list(store.query()) == [resolved]


def test_failing_iterator_stores_nothing(tmp_path, make_claim):
    def claims():
        yield make_claim()
        raise ValueError("bad row")
    with Store.open(tmp_path / "c.db") as store:
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


def test_two_processes_import_at_once(tmp_path):
    path = tmp_path / "shared.db"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, tag, str(path)],
                              stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store.open(path) as store:
        assert store.count() == 2 * 20 * 200


def test_every_field_survives_the_round_trip(tmp_path, make_claim):
    claim = make_claim(kind=Kind.PARTIAL, percent=75.5, qualifier="most", controller_side=Side.RU,
                       claim_until=dt.date(2025, 12, 1), published=dt.date(2025, 11, 21),
                       group="g1").with_place(place_id="geonames:1", place="Pokrovsk",
                                              admin1="Donetsk Oblast", lat=48.28, lon=37.18,
                                              precision="hromada")
    bare = make_claim(controller_side=None, url=None, quote=None)
    with Store.open(tmp_path / "c.db") as store:
        store.add([claim, bare])
        stored = {c.id: c for c in store.query()}
    assert stored == {claim.id: claim, bare.id: bare}
    assert stored[claim.id].to_dict() == claim.to_dict()


def test_hand_edited_row_is_a_store_error(tmp_path, make_claim):
    path = tmp_path / "c.db"
    claim = make_claim()
    with Store.open(path) as store:
        store.add([claim])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE claims SET kind = 'taken'")
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


def test_read_only_store_reads_and_refuses_writes(tmp_path, make_claim):
    path = tmp_path / "c.db"
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
