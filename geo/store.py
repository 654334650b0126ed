"""The claims ledger on disk: one SQLite file (WAL, foreign keys, one transaction per write).

The schema carries a version (``PRAGMA user_version``) and an application id, so that a
database of another program is refused rather than altered, and an older frontline
database is upgraded in one transaction when it is opened.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

from gazetteer.files import TargetExists, atomic_path, special_kind
from geo.errors import GeoError, StoreError
from geo.model import FIELDS, Claim, ClaimFilter, Kind, Side

log = logging.getLogger(__name__)

APPLICATION_ID = 0x46524E54  # "FRNT": marks the file as a frontline database
BUSY_TIMEOUT_MS = 60_000
# Page cache per connection, in KiB (SQLite's default is 2 MiB). A bulk import inserts
# into the id and date indexes at random places; a larger cache halves its time while
# keeping memory bounded.
CACHE_KIB = 32 * 1024
_T = TypeVar("_T")

# Migration n brings a database from version n to version n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        place_id TEXT, place TEXT, admin1 TEXT, lat REAL, lon REAL,
        as_written TEXT NOT NULL,
        kind TEXT NOT NULL, percent REAL, qualifier TEXT,
        claimant TEXT NOT NULL, claimant_side TEXT NOT NULL, controller_side TEXT,
        claim_date TEXT NOT NULL, claim_until TEXT, published TEXT,
        source TEXT NOT NULL, url TEXT, quote TEXT, precision TEXT, "group" TEXT
    );
    """,
    # Listing and export read in date order; `claims resolve` reads the unresolved ones.
    """
    CREATE INDEX claims_by_date ON claims (claim_date, id);
    CREATE INDEX claims_by_place ON claims (place_id);
    CREATE INDEX claims_unresolved ON claims (id) WHERE place_id IS NULL;
    """,
    # A denial names the claim it answers; a claim keeps the region hint for `resolve`.
    """
    ALTER TABLE claims ADD COLUMN denies TEXT;
    ALTER TABLE claims ADD COLUMN region TEXT;
    """,
    # The extraction model's confidence in a claim (NULL for claims stored before it).
    """
    ALTER TABLE claims ADD COLUMN confidence REAL;
    """,
    # Reference layers of assessed control (geo.reference): an "areas" layer holds per date
    # the area its holder holds, as WKB; a "places" layer the holder a settlement table
    # gives per place and date (holder NULL on the layer);
    # `reference_files` remembers each file imported (content and name: daily files may
    # be alike), so importing it again adds nothing.
    """
    CREATE TABLE reference_layers (
        name TEXT PRIMARY KEY, kind TEXT NOT NULL, holder TEXT
    );
    CREATE TABLE reference_areas (
        layer TEXT NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        date TEXT NOT NULL, geometry BLOB NOT NULL, file TEXT NOT NULL,
        PRIMARY KEY (layer, date)
    );
    CREATE TABLE reference_places (
        layer TEXT NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        date TEXT NOT NULL, place_id TEXT NOT NULL, place TEXT NOT NULL,
        lat REAL NOT NULL, lon REAL NOT NULL, holder TEXT NOT NULL,
        PRIMARY KEY (layer, place_id, date)
    );
    CREATE TABLE reference_files (
        layer TEXT NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        sha256 TEXT NOT NULL, file TEXT NOT NULL,
        PRIMARY KEY (layer, sha256, file)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ", ".join(f'"{name}"' for name in FIELDS)
_PLACEHOLDERS = ", ".join("?" for _ in FIELDS)
_PLACE_FIELDS = ("place_id", "place", "admin1", "lat", "lon", "precision")


def _row(table: str, names: Iterable[str]) -> str:
    return "(" + ", ".join(f'{table}."{name}"' for name in names) + ")"


_CONTENT = [name for name in FIELDS if name != "id" and name not in _PLACE_FIELDS]
# A claim whose id is stored: the upsert's WHERE asks frontline_conflict (a Python
# function, see Store.add) whether the content differs, and never updates the row, so
# that only new claims count as changes.
_INSERT = f"""
    INSERT INTO claims ({_COLUMNS}) VALUES ({_PLACEHOLDERS})
    ON CONFLICT (id) DO UPDATE SET id = excluded.id WHERE frontline_conflict(excluded.id,
        {_row("claims", _CONTENT)} IS NOT {_row("excluded", _CONTENT)}
        OR claims.place_id IS NOT NULL AND excluded.place_id IS NOT NULL
           AND {_row("claims", _PLACE_FIELDS)} IS NOT {_row("excluded", _PLACE_FIELDS)})
"""
_KINDS = {kind.value: kind for kind in Kind}
_SIDES = {side.value: side for side in Side}
# Store.open modes, as SQLite URIs spell them: read-write-create, read-write, read-only.
Mode = Literal["rwc", "rw", "ro"]


class Store:
    """A claims database. Open it with :meth:`Store.open`, used as a context manager.

    >>> with Store.open("frontline.db") as store:      # doctest: +SKIP
    ...     store.add(claims)
    ...     for claim in store.query(ClaimFilter(side=Side.RU)):
    ...         print(claim.place)
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.readonly = False
        self._select = _COLUMNS

    @classmethod
    def open(cls, path: str | Path, *, mode: Mode = "rwc") -> Store:
        """Open the database at ``path``, upgrading an older schema.

        ``mode`` "rwc" creates the database if needed, atomically (a process opening it
        meanwhile finds none or a whole one, never a half-made one); "rw" and "ro"
        (read-only) open only an existing one, so that a command that only reads never
        leaves an empty database behind. A read-only store reads an older schema as it is,
        without upgrading it.

        Raises :class:`StoreError` for a missing database (modes "rw", "ro"), a file that
        is not a SQLite database, a database of another program or of a newer frontline,
        or a location that cannot be written.
        """
        if mode not in ("rwc", "rw", "ro"):
            raise ValueError(f"unknown mode {mode!r}; choose from rwc, rw, ro")
        path = Path(path)
        if kind := special_kind(path):  # a FIFO would block SQLite's first read
            raise StoreError(f"{path}: is {kind}, not a database file")
        if mode == "rwc" and not path.exists():
            with contextlib.suppress(TargetExists):  # another process made it meanwhile
                cls._create(path, lambda store: None)
        return cls._connect(path, mode, path)

    @classmethod
    def apply(cls, path: str | Path, action: Callable[[Store], _T]) -> _T:
        """Run ``action`` on the database at ``path`` (created if missing); return its result.

        A missing database is built in a temporary file beside ``path`` that takes the name
        only once ``action`` has succeeded, so that a first import that fails or is killed
        leaves no database behind. A database another process created meanwhile is never
        replaced: ``action`` then runs again, on that one.
        """
        path = Path(path)
        if not path.exists():
            try:
                return cls._create(path, action)
            except TargetExists:
                log.info("%s was created by another process meanwhile; writing there", path)
        with cls.open(path) as store:
            return action(store)

    @classmethod
    def _create(cls, path: Path, action: Callable[[Store], _T]) -> _T:
        """``action`` on a new database made beside ``path``, which then takes its name;
        :class:`TargetExists` when ``path`` appeared meanwhile."""
        try:
            with atomic_path(path, replace=False) as tmp, cls._connect(tmp, "rwc", path) as store:
                return action(store)
        except (TargetExists, GeoError):
            raise
        except OSError as exc:  # making the temporary file or giving it the name
            raise StoreError(f"{path}: cannot write the database ({exc.strerror or exc})") from None

    @classmethod
    def _connect(cls, path: Path, mode: Mode, shown: Path) -> Store:
        """The store of the SQLite file ``path``, named ``shown`` in errors."""
        try:
            # mode=rw/ro in the URI: SQLite itself refuses to create the file.
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            if mode != "rwc" and not path.exists():
                raise StoreError(f"no claims database at {shown}; add or import claims first") from None
            raise StoreError(f"{shown}: {_describe(exc)}") from None
        store = cls(conn, shown)
        store.readonly = mode == "ro"
        try:
            store._guard(store._prepare_readonly if store.readonly else store._prepare)
        except BaseException:
            conn.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def add(self, claims: Iterable[Claim], *,
            on_conflict: Callable[[str], None] | None = None) -> int:
        """Store ``claims`` in one transaction; return how many were new.

        A claim whose id is already stored (or came earlier in ``claims``) is left as it
        is. When its content differs, ``on_conflict(id)`` is called, while that claim is
        being added, before the next one is taken from ``claims``; the place fields count
        only when both are resolved (a claim resolved since is the same claim). If
        iterating ``claims`` raises, nothing is stored and the exception propagates.
        """
        report = on_conflict or (lambda claim_id: None)

        def conflict(claim_id: str, differs: int) -> int:
            if differs:
                report(claim_id)
            return 0  # no update: the stored claim stays as it is

        def insert() -> int:
            self._conn.create_function("frontline_conflict", 2, conflict)
            with self._transaction():
                before = self._conn.total_changes
                self._conn.executemany(_INSERT, (_to_row(claim) for claim in claims))
                return self._conn.total_changes - before
        return self._guard(insert)

    def query(self, flt: ClaimFilter | None = None) -> Iterator[Claim]:
        """The claims ``flt`` keeps, ordered by claim date then id, read lazily."""
        flt = flt or ClaimFilter()
        where, params = _where(flt)
        sql = f"SELECT {self._select} FROM claims{where} ORDER BY claim_date, id"
        return flt.select(self._rows(sql, params))

    def count(self) -> int:
        return self._guard(lambda: self._conn.execute("SELECT count(*) FROM claims").fetchone()[0])

    def replace_places(self, claims: Iterable[Claim]) -> int:
        """Write the place fields of already stored claims, in one transaction.

        Returns the number of claims updated; claims not in the store are ignored.
        """
        sets = ", ".join(f'"{name}" = ?' for name in _PLACE_FIELDS)

        def update() -> int:
            with self._transaction():
                before = self._conn.total_changes
                self._conn.executemany(
                    f"UPDATE claims SET {sets} WHERE id = ?",
                    ([getattr(c, name) for name in _PLACE_FIELDS] + [c.id] for c in claims))
                return self._conn.total_changes - before
        return self._guard(update)

    def read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one SELECT, for the modules that keep their own tables (geo.reference)."""
        return self._guard(lambda: self._conn.execute(sql, tuple(params)).fetchall())

    def write(self, statements: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> int:
        """Run each ``(sql, rows)`` as an executemany, all in one transaction; return the
        number of rows changed. Nothing is written if any statement fails."""
        def run() -> int:
            with self._transaction():
                before = self._conn.total_changes
                for sql, rows in statements:
                    self._conn.executemany(sql, rows)
                return self._conn.total_changes - before
        return self._guard(run)

    def _prepare(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.create_function("casefold", 1, _casefold, deterministic=True)
        with self._transaction():
            self._check_owner()
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: database schema version {version} is newer "
                                 f"than this frontline ({SCHEMA_VERSION}); upgrade frontline")
            for step in range(version, SCHEMA_VERSION):
                log.info("upgrading %s to schema version %d", self.path, step + 1)
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
            if version < SCHEMA_VERSION:
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("%s: journal mode is %s, not WAL", self.path, mode)

    def _prepare_readonly(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.create_function("casefold", 1, _casefold, deterministic=True)
        self._check_owner()
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise StoreError(f"{self.path}: empty file, not yet a claims database; "
                             "add or import claims first")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer "
                             f"than this frontline ({SCHEMA_VERSION}); upgrade frontline")
        # An older schema is read as it is: columns added since then read as null.
        stored = {row[1] for row in self._conn.execute("PRAGMA table_info(claims)")}
        self._select = ", ".join(f'"{name}"' if name in stored else f'NULL AS "{name}"'
                                 for name in FIELDS)

    def _check_owner(self) -> None:
        app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = self._conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]
        if app_id != 0 or tables:
            raise StoreError(f"{self.path}: a SQLite database of another program, "
                             "not a frontline claims database")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so a second writer waits (busy timeout)
        # instead of failing half-way through its transaction.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: list[Any]) -> Iterator[Claim]:
        cursor = self._guard(lambda: self._conn.execute(sql, params))
        row: tuple[Any, ...] = ()
        try:
            while True:
                rows = self._guard(lambda: cursor.fetchmany(1000))
                if not rows:
                    return
                for row in rows:
                    yield _from_row(row)
        except (KeyError, ValueError, TypeError) as exc:
            # Rows are validated on the way in; only a hand-edited database gets here.
            raise StoreError(f"{self.path}: stored claim {row[0] if row else '?'} is "
                             f"unreadable ({type(exc).__name__}: {exc})") from None
        finally:
            # Left unfinished, the generator may be closed after the store itself.
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()

    def _guard(self, action: Callable[[], _T]) -> _T:
        """Run ``action``, turning SQLite errors into :class:`StoreError`."""
        try:
            return action()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {_describe(exc)}") from None


def database_files(path: str | Path) -> tuple[Path, ...]:
    """The database file and the journal files SQLite keeps beside it: what no output may
    replace."""
    path = Path(path)
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"not a frontline claims database ({text})"
    if "locked" in text:
        return "database is locked by another process; try again"
    if "readonly" in text or "unable to open" in text:
        return f"cannot write the database ({text})"
    return text


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _where(flt: ClaimFilter) -> tuple[str, list[Any]]:
    """SQL conditions for the parts of ``flt`` an index can serve."""
    terms: list[str] = []
    params: list[Any] = []
    if flt.unresolved:
        terms.append("place_id IS NULL")
    for op, value in ((">=", flt.since), ("<=", flt.until), ("<=", flt.as_of)):
        if value is not None:
            terms.append(f"claim_date {op} ?")
            params.append(value.isoformat())
    if flt.side is not None:
        terms.append("claimant_side = ?")
        params.append(flt.side.value)
    if flt.kind is not None:
        terms.append("kind = ?")
        params.append(flt.kind.value)
    if flt.place:
        terms.append("? IN (casefold(place_id), casefold(place), casefold(as_written))")
        params.append(flt.place.casefold())
    return (" WHERE " + " AND ".join(terms) if terms else ""), params


def _to_row(claim: Claim) -> tuple[Any, ...]:
    """The claim's column values in FIELDS order: enum values and ISO dates as text."""
    c = claim
    return (c.id, c.place_id, c.place, c.admin1, c.lat, c.lon, c.as_written, c.kind._value_,
            c.percent, c.qualifier, c.claimant, c.claimant_side._value_,
            c.controller_side and c.controller_side._value_, c.claim_date.isoformat(),
            c.claim_until and c.claim_until.isoformat(), c.published and c.published.isoformat(),
            c.source, c.url, c.quote, c.precision, c.group, c.denies, c.region, c.confidence)


def _from_row(row: tuple[Any, ...]) -> Claim:
    """A stored row as a claim. The row was validated when it was added, so the claim is
    built without parsing and validating it again (most of the cost of reading)."""
    (id_, place_id, place, admin1, lat, lon, as_written, kind, percent, qualifier, claimant,
     claimant_side, controller_side, claim_date, claim_until, published, source, url, quote,
     precision, group, denies, region, confidence) = row
    return Claim.from_trusted((
        id_, place_id, place, admin1, lat, lon, as_written, _KINDS[kind], percent, qualifier,
        claimant, _SIDES[claimant_side], controller_side and _SIDES[controller_side],
        _date(claim_date), claim_until and _date(claim_until), published and _date(published),
        source, url, quote, precision, group, denies, region, confidence))


_date = dt.date.fromisoformat
