"""The claims ledger on disk: one SQLite file (WAL, foreign keys, one transaction per write).

The schema carries a version (``PRAGMA user_version``) and an application id, so that a
database of another program is refused rather than altered, and an older frontline
database is upgraded in one transaction when it is opened.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from gazetteer.files import TargetExists, atomic_path, special_kind
from geo.errors import ClaimNotFound, GeoError, StaleReview, StoreError
from geo.model import FIELDS, Claim, ClaimFilter, Kind, Side
from geo.review import VISIBLE, Decision, Reviewed, ReviewState, audit_entries, corrected

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
    # Review: each claim is proposed (extracted), accepted or rejected; `revision` counts
    # its changes so that a decision made on a stale copy is refused. Claims stored before
    # review were extracted when the model gave them a confidence under 1, else added by
    # hand. The audit table is append-only: triggers refuse changing or deleting a row.
    """
    ALTER TABLE claims ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted'
        CHECK (status IN ('proposed', 'accepted', 'rejected'));
    ALTER TABLE claims ADD COLUMN reviewed_by TEXT;
    ALTER TABLE claims ADD COLUMN reviewed_at TEXT;
    ALTER TABLE claims ADD COLUMN review_note TEXT;
    ALTER TABLE claims ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    UPDATE claims SET status = 'proposed' WHERE confidence < 1;
    CREATE INDEX claims_queue ON claims (status, confidence, id);
    CREATE INDEX claims_by_url ON claims (url);
    CREATE TABLE claim_audit (
        seq INTEGER PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims (id),
        field TEXT NOT NULL, before TEXT, after TEXT,
        who TEXT NOT NULL, at TEXT NOT NULL
    );
    CREATE INDEX claim_audit_by_claim ON claim_audit (claim_id, seq);
    CREATE TRIGGER claim_audit_no_update BEFORE UPDATE ON claim_audit
    BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END;
    CREATE TRIGGER claim_audit_no_delete BEFORE DELETE ON claim_audit
    BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END;
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
    INSERT INTO claims ({_COLUMNS}, status) VALUES ({_PLACEHOLDERS}, ?)
    ON CONFLICT (id) DO UPDATE SET id = excluded.id WHERE frontline_conflict(excluded.id,
        {_row("claims", _CONTENT)} IS NOT {_row("excluded", _CONTENT)}
        OR claims.place_id IS NOT NULL AND excluded.place_id IS NOT NULL
           AND {_row("claims", _PLACE_FIELDS)} IS NOT {_row("excluded", _PLACE_FIELDS)})
"""

# Review columns, and what each reads as in a database older than review (read-only).
_REVIEW_COLUMNS = {"status": "'accepted'", "reviewed_by": "NULL", "reviewed_at": "NULL",
                   "review_note": "NULL", "revision": "0"}
# Orders of Store.reviewed: by date (as listings), lowest confidence first, newest first.
_ORDERS = {"date": "claim_date, id", "confidence": "confidence, id",
           "newest": "claim_date DESC, id DESC"}
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
        self._review = ", ".join(f'"{name}"' for name in _REVIEW_COLUMNS)
        self._status = '"status"'

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

    def add(self, claims: Iterable[Claim], *, status: str = "accepted",
            on_conflict: Callable[[str], None] | None = None) -> int:
        """Store ``claims`` in one transaction with review ``status`` (ingest stores
        ``proposed``); return how many were new.

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
                self._conn.executemany(_INSERT, ((*_to_row(claim), status) for claim in claims))
                return self._conn.total_changes - before
        return self._guard(insert)

    def query(self, flt: ClaimFilter | None = None, *,
              statuses: Sequence[str] = VISIBLE) -> Iterator[Claim]:
        """The claims ``flt`` keeps whose review status is one of ``statuses`` (default:
        all but rejected), ordered by claim date then id, read lazily."""
        flt = flt or ClaimFilter()
        where, params = self._where(flt, statuses)
        sql = f"SELECT {self._select} FROM claims{where} ORDER BY claim_date, id"
        return flt.select(self._rows(sql, params))

    def count(self, flt: ClaimFilter | None = None, *, statuses: Sequence[str] | None = None) -> int:
        """How many claims there are; with arguments, how many ``flt`` and ``statuses`` keep
        (``as_of`` aside)."""
        flt = flt or ClaimFilter()
        # Statuses alone: counted on the queue index; with other conditions, their index
        # (the date's) narrows more.
        where, params = self._where(flt, statuses, by_status=not _where(flt)[0])
        return self._guard(lambda: self._conn.execute(
            f"SELECT count(*) FROM claims{where}", params).fetchone()[0])

    def reviewed(self, flt: ClaimFilter | None = None, *, statuses: Sequence[str] = VISIBLE,
                 order: str = "date", limit: int | None = None, offset: int = 0) -> list[Reviewed]:
        """A page of claims with their review state: ``order`` is "date" (as listings),
        "confidence" (lowest first, unknown first) or "newest"."""
        if order not in _ORDERS:
            raise ValueError(f"unknown order {order!r}; choose from {', '.join(_ORDERS)}")
        # The queue index serves the confidence order; for the others it would mean sorting
        # every claim of the statuses, so the date index is made the planner's only choice.
        where, params = self._where(flt or ClaimFilter(), statuses, by_status=order == "confidence")
        sql = (f"SELECT {self._select}, {self._review} FROM claims{where} ORDER BY {_ORDERS[order]}"
               f" LIMIT ? OFFSET ?")
        rows = self._guard(lambda: self._conn.execute(sql, [*params, -1 if limit is None else limit,
                                                            offset]).fetchall())
        return [_reviewed(row) for row in rows]

    def get(self, claim_id: str) -> Reviewed:
        """The stored claim ``claim_id`` with its review state; raises :class:`ClaimNotFound`."""
        sql = f"SELECT {self._select}, {self._review} FROM claims WHERE id = ?"
        row = self._guard(lambda: self._conn.execute(sql, [claim_id]).fetchone())
        if row is None:
            raise ClaimNotFound(claim_id)
        return _reviewed(row)

    def review(self, claim_id: str, decision: Decision, *, at: dt.datetime | None = None) -> Reviewed:
        """Apply ``decision`` to a claim in one transaction, with one audit entry per field
        it changed; return the claim as now stored.

        Raises :class:`ClaimNotFound`, :class:`StaleReview` when ``decision.revision`` is
        not the stored one, and :class:`InvalidClaim` for a correction the claim cannot take.
        """
        when = (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")

        def decide() -> Reviewed:
            with self._transaction():
                before = self.get(claim_id)
                if decision.revision is not None and decision.revision != before.review.revision:
                    raise StaleReview(before)
                after = Reviewed(corrected(before.claim, decision.changes), ReviewState(
                    decision.status, decision.by, when,
                    decision.note if decision.note is not None else before.review.review_note,
                    before.review.revision + 1))
                names = [*FIELDS[1:], *_REVIEW_COLUMNS]
                values = [*_to_row(after.claim)[1:], *dataclasses.astuple(after.review)]
                sets = ", ".join(f'"{name}" = ?' for name in names)
                self._conn.execute(f"UPDATE claims SET {sets} WHERE id = ?", [*values, claim_id])
                self._conn.executemany(
                    "INSERT INTO claim_audit (claim_id, field, before, after, who, at) VALUES (?, ?, ?, ?, ?, ?)",
                    ((claim_id, name, _text(old), _text(new), decision.by, when)
                     for name, old, new in audit_entries(before, after)))
                return after
        return self._guard(decide)

    def article(self, claim: Claim, *, limit: int = 100) -> list[Reviewed]:
        """The stored claims of the article ``claim`` came from (same URL, else the same
        source and publication date), in date order."""
        if claim.url:
            where, params = "url = ?", [claim.url]
        else:
            where, params = "url IS NULL AND source = ? AND published IS ?", [
                claim.source, claim.published and claim.published.isoformat()]
        sql = (f"SELECT {self._select}, {self._review} FROM claims WHERE {where} "
               "ORDER BY claim_date, id LIMIT ?")
        return [_reviewed(row) for row in self._guard(
            lambda: self._conn.execute(sql, [*params, limit]).fetchall())]

    def data_version(self) -> tuple[int, int]:
        """Changes whenever this or another connection committed a change (a cache key)."""
        return (self._guard(lambda: self._conn.execute("PRAGMA data_version").fetchone()[0]),
                self._conn.total_changes)

    def audit(self, claim_id: str | None = None) -> list[dict[str, Any]]:
        """The audit entries (of one claim, or all), oldest first."""
        where, params = (" WHERE claim_id = ?", [claim_id]) if claim_id else ("", [])
        rows = self._guard(lambda: self._conn.execute(
            f"SELECT seq, claim_id, field, before, after, who, at FROM claim_audit{where} ORDER BY seq",
            params).fetchall())
        names = ("seq", "claim_id", "field", "before", "after", "who", "at")
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _where(self, flt: ClaimFilter, statuses: Sequence[str] | None, *,
               by_status: bool = True) -> tuple[str, list[Any]]:
        """SQL conditions for ``flt`` and ``statuses``; without ``by_status`` the status
        test cannot use an index (unary +)."""
        where, params = _where(flt)
        if statuses is None:
            return where, params
        column = self._status if by_status else f"+{self._status}"
        test = f"{column} IN ({', '.join('?' for _ in statuses)})"
        return (f"{where} AND {test}" if where else f" WHERE {test}"), [*params, *statuses]

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
                for statement in _statements(MIGRATIONS[step]):
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
        self._review = ", ".join(f'"{name}"' if name in stored else f'{default} AS "{name}"'
                                 for name, default in _REVIEW_COLUMNS.items())
        self._status = '"status"' if "status" in stored else _REVIEW_COLUMNS["status"]

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


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script``; a trigger's body keeps its own semicolons."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"not a frontline claims database ({text})"
    if "locked" in text:
        return "database is locked by another process; try again"
    if "readonly" in text or "unable to open" in text:
        return f"cannot write the database ({text})"
    return text


def _text(value: Any) -> str | None:
    """An audit value as text: numbers as written, None as NULL."""
    return None if value is None else str(value)


def _reviewed(row: tuple[Any, ...]) -> Reviewed:
    width = len(FIELDS)
    return Reviewed(_from_row(row[:width]), ReviewState(*row[width:]))


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
    if flt.source:
        terms.append("casefold(source) = ?")
        params.append(flt.source.casefold())
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
