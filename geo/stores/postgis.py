"""The claims ledger in a PostgreSQL database with PostGIS, for teams (and QGIS) to share.

Claims are a point table (``claims.geom``, SRID 4326, made by the database from ``lat``
and ``lon``) with the fields of the SQLite store; reference areas are polygons
(``reference_areas.geometry``). The schema's version lives in ``frontline_schema``; each
step of :data:`MIGRATIONS` matches the SQLite step of the same number. Writers take one
advisory lock, so they take turns as SQLite's do, while readers read on.
"""
from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from geo.errors import StoreError
from geo.store import _WRITTEN, SCHEMA_VERSION, Mode, Store

log = logging.getLogger(__name__)

LOCK_KEY = 0x46524E54  # pg_advisory_xact_lock key of frontline's writers ("FRNT")
CONNECT_TIMEOUT_S = 10
FETCH = 2000  # rows read at a time by a streaming query
_T = TypeVar("_T")
_cursors = itertools.count()

# Migration n brings a database from version n to version n + 1, as geo.store.MIGRATIONS
# does in SQLite. "@CASEFOLD@" stands for the frontline_casefold function (see
# _casefold_function). Text that listings sort by is compared byte-wise (COLLATE "C"), as
# SQLite does, so that both back ends give the same order.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE EXTENSION IF NOT EXISTS postgis;
    @CASEFOLD@;
    CREATE TABLE claims (
        id text COLLATE "C" PRIMARY KEY,
        place_id text COLLATE "C", place text COLLATE "C", admin1 text, lat double precision,
        lon double precision,
        as_written text COLLATE "C" NOT NULL,
        kind text NOT NULL, percent double precision, qualifier text,
        claimant text NOT NULL, claimant_side text COLLATE "C" NOT NULL, controller_side text,
        claim_date date NOT NULL, claim_until date, published date,
        source text NOT NULL, url text, quote text, precision text, "group" text,
        geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
    );
    CREATE FUNCTION frontline_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN UPDATE frontline_schema SET changes = changes + 1; RETURN NULL; END $body$;
    CREATE TRIGGER claims_changed AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_changed();
    """,
    """
    CREATE INDEX claims_by_date ON claims (claim_date, id);
    CREATE INDEX claims_by_place ON claims (place_id);
    CREATE INDEX claims_unresolved ON claims (id) WHERE place_id IS NULL;
    CREATE INDEX claims_by_point ON claims USING gist (geom);
    """,
    """
    ALTER TABLE claims ADD COLUMN denies text;
    ALTER TABLE claims ADD COLUMN region text;
    """,
    """
    ALTER TABLE claims ADD COLUMN confidence double precision;
    """,
    """
    CREATE TABLE reference_layers (
        name text COLLATE "C" PRIMARY KEY, kind text NOT NULL, holder text
    );
    CREATE TABLE reference_areas (
        layer text NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        date date NOT NULL, geometry geometry(Geometry, 4326) NOT NULL, file text NOT NULL,
        PRIMARY KEY (layer, date)
    );
    CREATE TABLE reference_places (
        layer text NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        date date NOT NULL, place_id text COLLATE "C" NOT NULL, place text NOT NULL,
        lat double precision NOT NULL, lon double precision NOT NULL, holder text NOT NULL,
        geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
        PRIMARY KEY (layer, place_id, date)
    );
    CREATE TABLE reference_files (
        layer text NOT NULL REFERENCES reference_layers (name) ON DELETE CASCADE,
        sha256 text NOT NULL, file text NOT NULL,
        PRIMARY KEY (layer, sha256, file)
    );
    """,
    """
    ALTER TABLE claims ADD COLUMN status text NOT NULL DEFAULT 'accepted'
        CHECK (status IN ('proposed', 'accepted', 'rejected'));
    ALTER TABLE claims ADD COLUMN reviewed_by text;
    ALTER TABLE claims ADD COLUMN reviewed_at text;
    ALTER TABLE claims ADD COLUMN review_note text;
    ALTER TABLE claims ADD COLUMN revision integer NOT NULL DEFAULT 0;
    UPDATE claims SET status = 'proposed' WHERE confidence < 1;
    CREATE INDEX claims_queue ON claims (status, confidence, id);
    CREATE INDEX claims_by_url ON claims (url);
    CREATE TABLE claim_audit (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        claim_id text NOT NULL REFERENCES claims (id),
        field text NOT NULL, before text, after text,
        who text NOT NULL, at text NOT NULL
    );
    CREATE INDEX claim_audit_by_claim ON claim_audit (claim_id, seq);
    CREATE FUNCTION frontline_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN RAISE EXCEPTION 'the audit table is append-only'; END $body$;
    CREATE TRIGGER claim_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON claim_audit
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_append_only();
    """,
    """
    ALTER TABLE claims ADD COLUMN place_key text COLLATE "C";
    UPDATE claims SET place_key = coalesce(place_id,
        regexp_replace(btrim(frontline_casefold(as_written)), '\\s+', ' ', 'g'));
    CREATE INDEX claims_latest ON claims (place_key, claimant_side, claim_date, id);
    """,
)


class PostGISStore(Store):
    """A claims database in PostgreSQL with PostGIS."""

    _geometry_in = "ST_GeomFromWKB(?, 4326)"
    _geometry_out = "ST_AsBinary(geometry)"

    def __init__(self, conn: Any, shown: str) -> None:
        super().__init__(shown)
        self._conn = conn

    @classmethod
    def open(cls, target: str | Path, *, mode: Mode = "rwc") -> PostGISStore:
        """Open the database at the URL ``target`` (see :meth:`geo.store.Store.open`); the
        database must exist, "rwc" makes frontline's tables in it."""
        conn, shown = _connect(str(target))
        store = cls(conn, shown)
        store.readonly = mode == "ro"
        try:
            store._guard(lambda: store._prepare(mode))
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def apply(cls, target: str | Path, action: Callable[[Store], _T]) -> _T:
        """Run ``action`` on the database at ``target``; its tables are made first if
        needed (the database itself exists already), and what ``action`` writes in one
        transaction is stored whole or not at all."""
        with cls.open(target) as store:
            return action(store)

    @classmethod
    def exists(cls, target: str | Path) -> bool:
        conn, shown = _connect(str(target))
        with conn:
            return _guarded(shown, lambda: _version(conn, shown)) is not None

    def close(self) -> None:
        self._conn.close()

    def data_version(self) -> tuple[int, int]:
        return self._read("SELECT changes FROM frontline_schema")[0][0], 0

    def _prepare(self, mode: Mode) -> None:
        if self.readonly:
            self._conn.execute("SET default_transaction_read_only = on")
        with self.transaction():  # the writers' lock: one process makes or upgrades the tables
            version = _version(self._conn, self.path)
            if version is None and mode != "rwc":
                raise StoreError(f"no claims database at {self.path}; add or import claims first")
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: database schema version {version} is newer "
                                 f"than this frontline ({SCHEMA_VERSION}); upgrade frontline")
            if self.readonly:
                self._configure({name for name, in self._conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'claims'")})
                return
            if version is None:
                self._conn.execute("CREATE TABLE frontline_schema (application text NOT NULL, "
                                   "version integer NOT NULL, changes bigint NOT NULL DEFAULT 0)")
                self._conn.execute("INSERT INTO frontline_schema (application, version) VALUES ('frontline', 0)")
                version = 0
            for step in range(version, SCHEMA_VERSION):
                log.info("upgrading %s to schema version %d", self.path, step + 1)
                self._conn.execute(MIGRATIONS[step].replace("@CASEFOLD@", _casefold_function()))
            if version < SCHEMA_VERSION:
                self._conn.execute("UPDATE frontline_schema SET version = %s", [SCHEMA_VERSION])

    def _begin(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._guard(lambda: self._conn.execute(_sql(sql), list(params)).fetchall())

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        # A cursor on the server (WITH HOLD, so it outlives the statement's transaction)
        # sends the rows in batches; the connection stays free for other statements.
        cursor = self._conn.cursor(name=f"frontline_{next(_cursors)}", withhold=True)
        try:
            self._guard(lambda: cursor.execute(_sql(sql), list(params)))
            while rows := self._guard(lambda: cursor.fetchmany(FETCH)):
                yield from rows
        finally:
            if not self._conn.closed:
                self._guard(cursor.close)

    def _execute(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        cursor = self._conn.cursor()
        cursor.executemany(_sql(sql), rows)
        return max(cursor.rowcount, 0)

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(f'"{name}"' for name in _WRITTEN)
        with self._conn.cursor().copy(f"COPY claims ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _guard(self, action: Callable[[], _T]) -> _T:
        return _guarded(self.path, action)

    @staticmethod
    def _date(value: Any) -> Any:
        return value  # the driver reads a date column as a date


def _connect(url: str) -> tuple[Any, str]:
    """A connection to ``url`` (autocommit: frontline opens its transactions itself) and
    the URL as messages show it, without a password."""
    shown = _shown(url)
    try:
        import psycopg
    except ImportError:
        raise StoreError(f"{shown}: a PostgreSQL database needs psycopg; "
                         "install frontline[postgres]") from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name="frontline")
    except psycopg.Error as exc:
        raise StoreError(f"{shown}: cannot connect ({_first_line(exc)})") from None
    except ValueError as exc:  # a URL libpq cannot parse
        raise StoreError(f"{shown}: not a PostgreSQL URL ({_first_line(exc)})") from None
    return conn, shown


def _version(conn: Any, shown: str) -> int | None:
    """The schema version of frontline's tables in the database, None when it has none;
    raises :class:`StoreError` for a database whose tables are another program's."""
    if conn.execute("SELECT to_regclass('frontline_schema')").fetchone()[0] is None:
        if conn.execute("SELECT to_regclass('claims')").fetchone()[0] is not None:
            raise StoreError(f"{shown}: its claims table is another program's, "
                             "not a frontline claims database")
        return None
    rows = conn.execute("SELECT application, version FROM frontline_schema").fetchall()
    if len(rows) != 1 or rows[0][0] != "frontline":
        raise StoreError(f"{shown}: its frontline_schema table is another program's, "
                         "not a frontline claims database")
    return rows[0][1]


def _guarded(shown: str, action: Callable[[], _T]) -> _T:
    """Run ``action``, turning psycopg's errors into :class:`StoreError`."""
    import psycopg

    try:
        return action()
    except psycopg.errors.ReadOnlySqlTransaction:
        raise StoreError(f"{shown}: cannot write the database (opened read-only)") from None
    except (psycopg.errors.UndefinedFile, psycopg.errors.FeatureNotSupported) as exc:
        raise StoreError(f"{shown}: PostGIS is not installed on the server ({_first_line(exc)})") from None
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(f"{shown}: not allowed ({_first_line(exc)}); a frontline database needs "
                         "the PostGIS extension (CREATE EXTENSION postgis) and the right to make tables") from None
    except psycopg.OperationalError as exc:
        raise StoreError(f"{shown}: {_first_line(exc)}") from None
    except psycopg.Error as exc:
        raise StoreError(f"{shown}: {_first_line(exc)}") from None


def _shown(url: str) -> str:
    """``url`` without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}@{host}"))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@functools.lru_cache(maxsize=256)
def _sql(sql: str) -> str:
    """The shared SQL (``?`` placeholders) in psycopg's style (``%s``, a literal ``%%``)."""
    return sql.replace("%", "%%").replace("?", "%s")


@functools.lru_cache(maxsize=1)
def _casefold_function() -> str:
    """``frontline_casefold(text)``: Python's ``str.casefold`` in SQL, so that a filter
    matches in PostgreSQL exactly what it matches in SQLite (which calls Python). Full
    case folding maps each character on its own: most to one character (``translate``),
    a few to several (``replace``); built from this Python's Unicode tables."""
    single_from, single_to, several = [], [], []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()
        if folded == char:
            continue
        if len(folded) == 1:
            single_from.append(char)
            single_to.append(folded)
        else:
            several.append((char, folded))
    expr = f"translate(value, {_literal(''.join(single_from))}, {_literal(''.join(single_to))})"
    for char, folded in several:
        expr = f"replace({expr}, {_literal(char)}, {_literal(folded)})"
    return ("CREATE FUNCTION frontline_casefold(value text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $casefold$ SELECT {expr} $casefold$")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
