"""The claims ledger in one SQLite file (WAL, foreign keys, one transaction per write).

The schema carries a version (``PRAGMA user_version``) and an application id, so that a
database of another program is refused rather than altered, and an older frontline
database is upgraded in one transaction when it is opened.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.files import TargetExists, atomic_path, special_kind
from geo.errors import GeoError, StoreError
from geo.model import place_key_of
from geo.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Mode, Store

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 60_000
# Page cache per connection, in KiB (SQLite's default is 2 MiB). A bulk import inserts
# into the id and date indexes at random places; a larger cache halves its time while
# keeping memory bounded.
CACHE_KIB = 32 * 1024
FETCH = 1000  # rows read at a time by a streaming query
_T = TypeVar("_T")


class SQLiteStore(Store):
    """A claims database in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(path)
        self._conn = conn

    @classmethod
    def open(cls, target: str | Path, *, mode: Mode = "rwc") -> SQLiteStore:
        """Open the file ``target`` (see :meth:`geo.store.Store.open`); "rwc" creates a
        missing one atomically: a process opening it meanwhile finds none or a whole one,
        never a half-made one."""
        path = Path(target)
        if kind := special_kind(path):  # a FIFO would block SQLite's first read
            raise StoreError(f"{path}: is {kind}, not a database file")
        if mode == "rwc" and not path.exists():
            with contextlib.suppress(TargetExists):  # another process made it meanwhile
                cls._create(path, lambda store: None)
        return cls._connect(path, mode, path)

    @classmethod
    def apply(cls, target: str | Path, action: Callable[[Store], _T]) -> _T:
        """Run ``action`` on the file ``target``. A missing database is built in a temporary
        file beside it that takes the name only once ``action`` has succeeded, so that a
        first import that fails or is killed leaves no database behind. A database another
        process created meanwhile is never replaced: ``action`` then runs again, on that one.
        """
        path = Path(target)
        if not path.exists():
            try:
                return cls._create(path, action)
            except TargetExists:
                log.info("%s was created by another process meanwhile; writing there", path)
        with cls.open(path) as store:
            return action(store)

    @classmethod
    def exists(cls, target: str | Path) -> bool:
        return Path(target).exists()

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
    def _connect(cls, path: Path, mode: Mode, shown: Path) -> SQLiteStore:
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

    def close(self) -> None:
        self._conn.close()

    def data_version(self) -> tuple[int, int]:
        return (self._guard(lambda: self._conn.execute("PRAGMA data_version").fetchone()[0]),
                self._conn.total_changes)

    def _prepare(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._add_functions()
        with self.transaction():
            self._check_owner()
            version = self._version()
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
        self._add_functions()
        self._check_owner()
        if self._version() == 0:
            raise StoreError(f"{self.path}: empty file, not yet a claims database; "
                             "add or import claims first")
        # An older schema is read as it is: columns added since then read as null.
        self._configure({row[1] for row in self._conn.execute("PRAGMA table_info(claims)")})

    def _add_functions(self) -> None:
        self._conn.create_function("frontline_casefold", 1, _casefold, deterministic=True)
        self._conn.create_function("frontline_place_key", 2, place_key_of, deterministic=True)

    def _version(self) -> int:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer "
                             f"than this frontline ({SCHEMA_VERSION}); upgrade frontline")
        return version

    def _check_owner(self) -> None:
        app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = self._conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]
        if app_id != 0 or tables:
            raise StoreError(f"{self.path}: a SQLite database of another program, "
                             "not a frontline claims database")

    # IMMEDIATE takes the write lock up front, so a second writer waits (busy timeout)
    # instead of failing half-way through its transaction.
    def _begin(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._guard(lambda: self._conn.execute(sql, tuple(params)).fetchall())

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        cursor = self._guard(lambda: self._conn.execute(sql, tuple(params)))
        try:
            while rows := self._guard(lambda: cursor.fetchmany(FETCH)):
                yield from rows
        finally:
            # Left unfinished, the generator may be closed after the store itself.
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()

    def _execute(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        before = self._conn.total_changes
        self._conn.executemany(sql, rows)
        return self._conn.total_changes - before

    def _guard(self, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {_describe(exc)}") from None

    @staticmethod
    def _unindexed(column: str) -> str:
        return f"+{column}"  # SQLite's planner uses no index for a unary plus

    _date = staticmethod(dt.date.fromisoformat)


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


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None
