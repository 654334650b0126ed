"""The claims ledger: one interface (:class:`Store`) over two back ends, a SQLite file
(:mod:`geo.stores.sqlite`) and a PostgreSQL/PostGIS database (:mod:`geo.stores.postgis`).

``Store.open(target)`` takes a file path or a ``postgresql://`` URL and returns the back
end's store; the rest of frontline only ever sees this interface. Every write is one
transaction; the schema carries a version and is upgraded in one transaction when a store
is opened. The SQL here is the subset both back ends speak (``?`` placeholders).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from geo.errors import ClaimNotFound, StaleReview, StoreError
from geo.model import FIELDS, Claim, ClaimFilter, Kind, Side, place_key, place_order
from geo.review import PLACE_FIELDS, VISIBLE, Decision, Reviewed, ReviewState, audit_entries, corrected

log = logging.getLogger(__name__)

APPLICATION_ID = 0x46524E54  # "FRNT": marks a SQLite file as a frontline database
URL_SCHEMES = ("postgresql://", "postgres://")
# Claims are added in batches of this many: one look-up of the stored ids per batch.
ADD_BATCH = 1000
_T = TypeVar("_T")

# The schema's history, in SQLite's dialect; the PostgreSQL back end keeps one step for
# each of these (geo.stores.postgis.MIGRATIONS), so both have the same versions.
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
    # The place key (geo.model.place_key) stored, so that --as-of finds the latest claim of
    # each place and claimant side through one index instead of reading every older claim.
    """
    ALTER TABLE claims ADD COLUMN place_key TEXT;
    UPDATE claims SET place_key = frontline_place_key(place_id, as_written);
    CREATE INDEX claims_latest ON claims (place_key, claimant_side, claim_date, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Columns written besides FIELDS: the place key (kept by the store) and the review status.
_WRITTEN = (*FIELDS, "place_key", "status")
_COLUMNS = ", ".join(f'"{name}"' for name in FIELDS)
_COLUMNS_OF_C = ", ".join(f'c."{name}"' for name in FIELDS)
_INSERT = "INSERT INTO claims ({}) VALUES ({})".format(", ".join(f'"{name}"' for name in _WRITTEN),
                                                        ", ".join("?" for _ in _WRITTEN))
_PLACES = ", ".join(f'"{name}" = ?' for name in (*PLACE_FIELDS, "place_key"))
_PLACE_INDEXES = tuple(FIELDS.index(name) for name in PLACE_FIELDS)
_CONTENT_INDEXES = tuple(i for i, name in enumerate(FIELDS) if name != "id" and name not in PLACE_FIELDS)
# Review columns, and what each reads as in a database older than review (read-only).
_REVIEW_COLUMNS = {"status": "'accepted'", "reviewed_by": "NULL", "reviewed_at": "NULL",
                   "review_note": "NULL", "revision": "0"}
# Orders of Store.reviewed: by date (as listings), lowest confidence first, newest first.
_ORDERS = {"date": "claim_date, id", "confidence": "confidence, id",
           "newest": "claim_date DESC, id DESC"}
# Orders of Store.query: by date, or grouped by place for the map (the place key's index
# order, so that a million claims are read without a sort).
_QUERY_ORDERS = {"date": ("claim_date", "id"), "place": ("place_key", "claimant_side", "claim_date", "id")}
_NO_LIMIT = 2**62  # LIMIT that both back ends read as none (OFFSET needs a LIMIT)
_KINDS = {kind.value: kind for kind in Kind}
_SIDES = {side.value: side for side in Side}
# Store.open modes: read-write-create, read-write, read-only.
Mode = Literal["rwc", "rw", "ro"]
MODES = ("rwc", "rw", "ro")


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database (a ``postgresql://`` URL), not a file."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def database_files(target: str | Path) -> tuple[Path, ...]:
    """The database file and the journal files SQLite keeps beside it: what no output may
    replace (none for a PostgreSQL database)."""
    if is_url(target):
        return ()
    path = Path(target)
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def _backend(target: str | Path) -> type[Store]:
    if is_url(target):
        from geo.stores.postgis import PostGISStore

        return PostGISStore
    from geo.stores.sqlite import SQLiteStore

    return SQLiteStore


class Store:
    """A claims database. Open one with :meth:`Store.open` (a path or a ``postgresql://``
    URL), used as a context manager.

    >>> with Store.open("frontline.db") as store:      # doctest: +SKIP
    ...     store.add(claims)
    ...     for claim in store.query(ClaimFilter(side=Side.RU)):
    ...         print(claim.place)

    Back ends implement the connection, transactions and schema (the hooks at the end of
    the class); the claims logic here is shared.
    """

    # What the back end's SQL calls a stored geometry going in and coming out (WKB).
    _geometry_in = "?"
    _geometry_out = "geometry"

    def __init__(self, shown: str | Path) -> None:
        self.path = shown  # the database as error messages name it
        self.readonly = False
        self._depth = 0
        self._configure(None)

    @classmethod
    def open(cls, target: str | Path, *, mode: Mode = "rwc") -> Store:
        """Open the database ``target`` (a path or a ``postgresql://`` URL), upgrading an
        older schema.

        ``mode`` "rwc" creates the database (its tables, in PostgreSQL) if needed; "rw" and
        "ro" (read-only) open only an existing one, so that a command that only reads never
        leaves an empty database behind. A read-only store reads an older schema as it is,
        without upgrading it.

        Raises :class:`StoreError` for a missing database (modes "rw", "ro"), one that is
        not a frontline database or of a newer frontline, or one that cannot be written
        or reached.
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
        return _backend(target).open(target, mode=mode)

    @classmethod
    def apply(cls, target: str | Path, action: Callable[[Store], _T]) -> _T:
        """Run ``action`` on the database ``target`` (created if missing); return its result.

        A missing SQLite database is built aside and takes its name only once ``action``
        has succeeded (see :meth:`geo.stores.sqlite.SQLiteStore.apply`).
        """
        return _backend(target).apply(target, action)

    @classmethod
    def exists(cls, target: str | Path) -> bool:
        """Whether ``target`` holds a database to read (for a URL: whether it answers)."""
        return _backend(target).exists(target)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; the writes made inside it (add, review, ...) join it, so
        that they are stored together or not at all. Writers take turns: a second one
        waits until the first has finished."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._guard(self._begin)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._guard(self._rollback)
            raise
        self._depth = 0
        self._guard(self._commit)

    def add(self, claims: Iterable[Claim], *, status: str = "accepted",
            on_conflict: Callable[[str, int], None] | None = None) -> int:
        """Store ``claims`` in one transaction with review ``status`` (ingest stores
        ``proposed``); return how many were new.

        A claim whose id is already stored (or came earlier in ``claims``) is left as it
        is. When its content differs, ``on_conflict(id, position)`` is called (``position``:
        the claim's index in ``claims``), in the order of ``claims``, before the
        transaction commits, so a caller may still roll it back; the place fields count
        only when both are resolved (a claim resolved since is the same claim). If
        iterating ``claims`` raises, nothing is stored and the exception propagates.
        """
        def insert() -> int:
            added = 0
            numbered = enumerate(claims)
            with self.transaction():
                while batch := list(itertools.islice(numbered, ADD_BATCH)):
                    known = self._stored({claim.id for _, claim in batch})
                    new = []
                    for position, claim in batch:
                        row = _to_row(claim)
                        stored = known.get(claim.id)
                        if stored is None:
                            known[claim.id] = row
                            new.append((*row, place_key(claim), status))
                        elif on_conflict is not None and _differs(stored, row):
                            on_conflict(claim.id, position)
                    if new:
                        self._insert(new)
                    added += len(new)
            return added
        return self._guard(insert)

    def query(self, flt: ClaimFilter | None = None, *, statuses: Sequence[str] = VISIBLE,
              order: str = "date") -> Iterator[Claim]:
        """The claims ``flt`` keeps whose review status is one of ``statuses`` (default:
        all but rejected), read lazily; ``order`` "date" (claim date, then id) or "place"
        (grouped by :func:`geo.model.place_key`, within a place by claimant side, then
        date: the map's order).

        With ``flt.as_of`` the database finds the latest claim per place and claimant
        side itself, through the place key's index: the cost grows with places, not claims.
        """
        if order not in _QUERY_ORDERS:
            raise ValueError(f"unknown order {order!r}; choose from {', '.join(_QUERY_ORDERS)}")
        flt = flt or ClaimFilter()
        if flt.as_of is not None and self._place_keys:
            return dataclasses.replace(flt, as_of=None).select(self._latest(flt, statuses, order))
        # Grouped by place, the rows are read in the index's order, not through the status index.
        where, params = self._where(flt, statuses, by_status=order != "place")
        if not self._place_keys:  # an older schema, read as it is: ordered by place here
            chosen = flt.select(self._rows(f"SELECT {self._select} FROM claims{where} "
                                           f"ORDER BY {_order('date')}", params))
            return iter(sorted(chosen, key=place_order)) if order == "place" else chosen
        return flt.select(self._rows(f"SELECT {self._select} FROM claims{where} "
                                     f"ORDER BY {_order(order)}", params))

    def _latest(self, flt: ClaimFilter, statuses: Sequence[str], order: str) -> Iterator[Claim]:
        """Per place key and claimant side, the latest claim ``flt`` and ``statuses`` keep:
        the keys are walked through the index (one step per key, a loose index scan) and
        each key's latest claim is the last index entry on or before the date."""
        where, params = self._where(flt, statuses)
        conditions = where.replace(" WHERE ", " AND ", 1)
        sql = f"""
            WITH RECURSIVE keys (k, s) AS (
                SELECT place_key, claimant_side FROM claims WHERE id = (
                    SELECT id FROM claims WHERE place_key IS NOT NULL
                    ORDER BY place_key, claimant_side LIMIT 1)
                UNION ALL
                SELECT c.place_key, c.claimant_side FROM keys, claims c WHERE c.id = (
                    SELECT id FROM claims WHERE (place_key, claimant_side) > (keys.k, keys.s)
                    ORDER BY place_key, claimant_side LIMIT 1)
            )
            SELECT {_COLUMNS_OF_C} FROM keys, claims c WHERE c.id = (
                SELECT id FROM claims WHERE place_key = keys.k AND claimant_side = keys.s{conditions}
                ORDER BY claim_date DESC, id DESC LIMIT 1)
            ORDER BY {_order(order, "c.")}"""
        return self._rows(sql, params)

    def count(self, flt: ClaimFilter | None = None, *, statuses: Sequence[str] | None = None) -> int:
        """How many claims there are; with arguments, how many ``flt`` and ``statuses`` keep
        (``as_of`` aside)."""
        flt = flt or ClaimFilter()
        # Statuses alone: counted on the queue index; with other conditions, their index
        # (the date's) narrows more.
        where, params = self._where(flt, statuses, by_status=not _where(flt)[0])
        return self._read(f"SELECT count(*) FROM claims{where}", params)[0][0]

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
        rows = self._read(sql, [*params, _NO_LIMIT if limit is None else limit, offset])
        return [self._reviewed(row) for row in rows]

    def get(self, claim_id: str) -> Reviewed:
        """The stored claim ``claim_id`` with its review state; raises :class:`ClaimNotFound`."""
        rows = self._read(f"SELECT {self._select}, {self._review} FROM claims WHERE id = ?", [claim_id])
        if not rows:
            raise ClaimNotFound(claim_id)
        return self._reviewed(rows[0])

    def review(self, claim_id: str, decision: Decision, *, at: dt.datetime | None = None) -> Reviewed:
        """Apply ``decision`` to a claim in one transaction, with one audit entry per field
        it changed; return the claim as now stored.

        Raises :class:`ClaimNotFound`, :class:`StaleReview` when ``decision.revision`` is
        not the stored one, and :class:`InvalidClaim` for a correction the claim cannot take.
        """
        when = (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")

        def decide() -> Reviewed:
            with self.transaction():
                before = self.get(claim_id)
                if decision.revision is not None and decision.revision != before.review.revision:
                    raise StaleReview(before)
                after = Reviewed(corrected(before.claim, decision.changes), ReviewState(
                    decision.status, decision.by, when,
                    decision.note if decision.note is not None else before.review.review_note,
                    before.review.revision + 1))
                names = [*FIELDS[1:], "place_key", *_REVIEW_COLUMNS]
                values = [*_to_row(after.claim)[1:], place_key(after.claim), *dataclasses.astuple(after.review)]
                sets = ", ".join(f'"{name}" = ?' for name in names)
                self._execute(f"UPDATE claims SET {sets} WHERE id = ?", [[*values, claim_id]])
                self._execute(
                    "INSERT INTO claim_audit (claim_id, field, before, after, who, at) VALUES (?, ?, ?, ?, ?, ?)",
                    [(claim_id, name, _text(old), _text(new), decision.by, when)
                     for name, old, new in audit_entries(before, after)])
                return after
        return self._guard(decide)

    def article(self, claim: Claim, *, limit: int = 100) -> list[Reviewed]:
        """The stored claims of the article ``claim`` came from (same URL, else the same
        source and publication date), in date order."""
        if claim.url:
            where, params = "url = ?", [claim.url]
        else:
            where, params = "url IS NULL AND source = ? AND published IS NOT DISTINCT FROM ?", [
                claim.source, claim.published and claim.published.isoformat()]
        sql = (f"SELECT {self._select}, {self._review} FROM claims WHERE {where} "
               "ORDER BY claim_date, id LIMIT ?")
        return [self._reviewed(row) for row in self._read(sql, [*params, limit])]

    def audit(self, claim_id: str | None = None) -> list[dict[str, Any]]:
        """The audit entries (of one claim, or all), oldest first."""
        where, params = (" WHERE claim_id = ?", [claim_id]) if claim_id else ("", [])
        rows = self._read(f"SELECT seq, claim_id, field, before, after, who, at FROM claim_audit{where} "
                          "ORDER BY seq", params)
        names = ("seq", "claim_id", "field", "before", "after", "who", "at")
        return [dict(zip(names, row, strict=True)) for row in rows]

    def replace_places(self, claims: Iterable[Claim]) -> int:
        """Write the place fields of already stored claims, in one transaction.

        Returns the number of claims updated; claims not in the store are ignored.
        """
        def update() -> int:
            with self.transaction():
                return self._execute(f"UPDATE claims SET {_PLACES} WHERE id = ?",
                                     ([*(getattr(c, name) for name in PLACE_FIELDS), place_key(c), c.id]
                                      for c in claims))
        return self._guard(update)

    # Reference layers (geo.reference): layers, their files, areas and settlement tables.

    def reference_layers(self) -> list[tuple[str, str, str | None, dt.date | None, dt.date | None, int]]:
        """Every layer as (name, kind, holder, first date, last date, number of dates), by name."""
        rows = self._read("""
            SELECT l.name, l.kind, l.holder, min(d.date), max(d.date), count(DISTINCT d.date)
            FROM reference_layers l LEFT JOIN (SELECT layer, date FROM reference_areas
                                               UNION ALL SELECT layer, date FROM reference_places) d
            ON d.layer = l.name GROUP BY l.name, l.kind, l.holder ORDER BY l.name""")
        return [(n, k, h, first and self._date(first), last and self._date(last), days)
                for n, k, h, first, last, days in rows]

    def reference_layer(self, name: str) -> tuple[str, str | None] | None:
        """Layer ``name``'s kind and holder, or None when there is no such layer."""
        rows = self._read("SELECT kind, holder FROM reference_layers WHERE name = ?", [name])
        return tuple(rows[0]) if rows else None

    def reference_imported(self, name: str, sha256: str, file: str) -> bool:
        """Whether the file of this name and content was imported into layer ``name``."""
        return bool(self._read("SELECT 1 FROM reference_files WHERE layer = ? AND sha256 = ? AND file = ?",
                               [name, sha256, file]))

    def reference_area_files(self, name: str) -> dict[dt.date, str]:
        """The dates of areas layer ``name``, each with the file it came from."""
        return {self._date(day): file for day, file in self._read(
            "SELECT date, file FROM reference_areas WHERE layer = ?", [name])}

    def add_reference(self, name: str, kind: str, holder: str | None, *, sha256: str, file: str,
                      areas: dict[dt.date, Any] | None = None,
                      places: Sequence[tuple[dt.date, str, str, float, float, str]] = ()) -> None:
        """Store one file of layer ``name`` (made if new) in one transaction: ``areas``
        (date -> shapely geometry, WGS 84) or ``places`` (date, place id, name, lat, lon,
        holder), and the file's name and digest, so that it is not imported twice."""
        import shapely

        def store() -> None:
            with self.transaction():
                self._execute("INSERT INTO reference_layers (name, kind, holder) VALUES (?, ?, ?) "
                              "ON CONFLICT DO NOTHING", [(name, kind, holder)])
                self._execute(f"INSERT INTO reference_areas (layer, date, geometry, file) "
                              f"VALUES (?, ?, {self._geometry_in}, ?)",
                              [(name, day.isoformat(), shapely.to_wkb(geom), file) for day, geom in (areas or {}).items()])
                self._execute(
                    "INSERT INTO reference_places (layer, date, place_id, place, lat, lon, holder) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (layer, place_id, date) DO UPDATE SET "
                    "place = excluded.place, lat = excluded.lat, lon = excluded.lon, holder = excluded.holder",
                    [(name, day.isoformat(), *rest) for day, *rest in places])
                self._execute("INSERT INTO reference_files (layer, sha256, file) VALUES (?, ?, ?)",
                              [(name, sha256, file)])
        self._guard(store)

    def reference_areas(self, name: str) -> list[tuple[dt.date, Any]]:
        """Areas layer ``name``'s (date, shapely geometry), oldest first."""
        import shapely

        rows = self._read(f"SELECT date, {self._geometry_out} FROM reference_areas WHERE layer = ? "
                          "ORDER BY date", [name])
        return list(zip((self._date(d) for d, _ in rows), shapely.from_wkb([bytes(g) for _, g in rows])))

    def reference_places(self, name: str) -> list[tuple[dt.date, str, str, float, float, str]]:
        """Places layer ``name``'s (date, place id, name, lat, lon, holder), by place, then date."""
        return [(self._date(day), *rest) for day, *rest in self._read(
            "SELECT date, place_id, place, lat, lon, holder FROM reference_places WHERE layer = ? "
            "ORDER BY place_id, date", [name])]

    def _where(self, flt: ClaimFilter, statuses: Sequence[str] | None, *,
               by_status: bool = True) -> tuple[str, list[Any]]:
        """SQL conditions for ``flt`` and ``statuses``; without ``by_status`` the status
        test should not use an index (see :meth:`_unindexed`)."""
        where, params = _where(flt)
        if statuses is None:
            return where, params
        column = self._status if by_status else self._unindexed(self._status)
        test = f"{column} IN ({', '.join('?' for _ in statuses)})"
        return (f"{where} AND {test}" if where else f" WHERE {test}"), [*params, *statuses]

    def _configure(self, stored: set[str] | None) -> None:
        """The columns read, given the claims table's columns (None: the current schema);
        columns an older schema lacks read as null, or as their default."""
        def column(name: str, default: str = "NULL") -> str:
            return f'"{name}"' if stored is None or name in stored else f'{default} AS "{name}"'
        self._select = ", ".join(column(name) for name in FIELDS)
        self._review = ", ".join(column(name, default) for name, default in _REVIEW_COLUMNS.items())
        self._status = '"status"' if stored is None or "status" in stored else _REVIEW_COLUMNS["status"]
        self._place_keys = stored is None or "place_key" in stored

    def _stored(self, ids: set[str]) -> dict[str, tuple[Any, ...]]:
        """The stored rows (as :func:`_to_row` gives them) of those of ``ids`` that are stored."""
        marks = ", ".join("?" for _ in ids)
        rows = self._read(f"SELECT {self._select} FROM claims WHERE id IN ({marks})", list(ids))
        return {row[0]: _to_row(self._from_row(row)) for row in rows}

    def _rows(self, sql: str, params: list[Any]) -> Iterator[Claim]:
        row: tuple[Any, ...] = ()
        try:
            for row in self._stream(sql, params):
                yield self._from_row(row)
        except (KeyError, ValueError, TypeError) as exc:
            # Rows are validated on the way in; only a hand-edited database gets here.
            raise StoreError(f"{self.path}: stored claim {row[0] if row else '?'} is "
                             f"unreadable ({type(exc).__name__}: {exc})") from None

    def _reviewed(self, row: Sequence[Any]) -> Reviewed:
        width = len(FIELDS)
        return Reviewed(self._from_row(row[:width]), ReviewState(*row[width:]))

    def _from_row(self, row: Sequence[Any]) -> Claim:
        """A stored row as a claim. The row was validated when it was added, so the claim is
        built without parsing and validating it again (most of the cost of reading)."""
        (id_, place_id, place, admin1, lat, lon, as_written, kind, percent, qualifier, claimant,
         claimant_side, controller_side, claim_date, claim_until, published, source, url, quote,
         precision, group, denies, region, confidence) = row
        date = self._date
        return Claim.from_trusted((
            id_, place_id, place, admin1, lat, lon, as_written, _KINDS[kind], percent, qualifier,
            claimant, _SIDES[claimant_side], controller_side and _SIDES[controller_side],
            date(claim_date), claim_until and date(claim_until), published and date(published),
            source, url, quote, precision, group, denies, region, confidence))

    # Back-end hooks.

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one SELECT (errors as :class:`StoreError`)."""
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        """The rows of one SELECT, read in batches as they are consumed."""
        raise NotImplementedError

    def _execute(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run ``sql`` once per row of parameters; return the number of rows changed."""
        raise NotImplementedError

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert new claims: each row holds the ``_WRITTEN`` columns."""
        self._execute(_INSERT, rows)

    def data_version(self) -> tuple[int, int]:
        """Changes whenever this or another connection committed a change (a cache key)."""
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def _guard(self, action: Callable[[], _T]) -> _T:
        """Run ``action``, turning the driver's errors into :class:`StoreError`."""
        raise NotImplementedError

    @staticmethod
    def _unindexed(column: str) -> str:
        """``column`` written so that the planner uses no index for it."""
        return column

    @staticmethod
    def _date(value: Any) -> dt.date | None:
        """A stored date as a date."""
        raise NotImplementedError


def _differs(stored: tuple[Any, ...], row: tuple[Any, ...]) -> bool:
    """Whether a claim with a stored id says something else than the stored one: its
    content differs, or both are resolved to different places."""
    if any(stored[i] != row[i] for i in _CONTENT_INDEXES):
        return True
    resolved = stored[1] is not None and row[1] is not None
    return resolved and any(stored[i] != row[i] for i in _PLACE_INDEXES)


def _order(order: str, table: str = "") -> str:
    return ", ".join(table + column for column in _QUERY_ORDERS[order])


def _text(value: Any) -> str | None:
    """An audit value as text: numbers as written, None as NULL."""
    return None if value is None else str(value)


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
        terms.append("frontline_casefold(source) = ?")
        params.append(flt.source.casefold())
    if flt.place:
        terms.append("? IN (frontline_casefold(place_id), frontline_casefold(place), frontline_casefold(as_written))")
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
