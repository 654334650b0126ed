"""Session-wide isolation: no test touches the user's data, cache or database."""
from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CHECKOUT = Path(__file__).resolve().parents[1]
MEMORY_CAP = 2 * 1024**3  # bytes of address space a child frontline may take
# The browser harness (tests/maps/browser/harness.py) serves the map and the review tests.
BROWSER_TESTS = Path(__file__).resolve().parent / "maps" / "browser"
if str(BROWSER_TESTS) not in sys.path:
    sys.path.append(str(BROWSER_TESTS))


@pytest.fixture(scope="session", autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the gazetteer's data and cache dirs at one folder for the whole session.

    The cache survives across tests of a session so that the built index is made once.
    """
    root = tmp_path_factory.mktemp("frontline-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_DATA_DIR", str(root / "data"))
    mp.setenv("FRONTLINE_CACHE_DIR", os.environ.get("FRONTLINE_TEST_CACHE_DIR", str(root / "cache")))
    mp.delenv("FRONTLINE_DB", raising=False)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (seeds, reference data); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


class FrontlineProcess:
    """Runs ``frontline ARGS...`` in its own process, with a memory cap, so that a command
    that hangs or reads without end fails its test (time limit, MemoryError) instead of
    stalling the suite. Calling it waits (``timeout`` seconds at most) and returns the
    CompletedProcess (text output); :meth:`start` returns the running Popen."""

    def __call__(self, *args, timeout: float = 60, **options) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(args), capture_output=True, timeout=timeout,
                              **self._options(options))

    def start(self, *args, **options) -> subprocess.Popen:
        return subprocess.Popen(self.command(args), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, **self._options(options))

    @staticmethod
    def command(args) -> list[str]:
        return [sys.executable, "-m", "geo", *map(str, args)]

    @staticmethod
    def _options(options: dict) -> dict:
        env = dict(os.environ, PYTHONPATH=str(CHECKOUT), **options.pop("env", {}))
        return dict(env=env, text=True, preexec_fn=_cap_memory) | options


@pytest.fixture
def frontline_process() -> FrontlineProcess:
    """A :class:`FrontlineProcess`: ``frontline_process("claims", "list")``."""
    return FrontlineProcess()


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, driven by Playwright) for every browser test of the
    session; skipped with the reason when it is missing (.ci/run installs it)."""
    from harness import launch, missing_reason

    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


PG_ENV = "FRONTLINE_TEST_PG"  # URL of a PostgreSQL server with PostGIS (no database name), set by .ci/run
PG_TEMPLATE = "frontline_test_template"


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server with PostGIS: $FRONTLINE_TEST_PG, else a throwaway
    cluster started for the session (tests/pgcluster.py); skipped with the reason when
    neither is possible. A template database with PostGIS makes each test's database fast."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (frontline[postgres])")
    import psycopg

    from tests import pgcluster

    url = os.environ.get(PG_ENV)
    folder = None
    if not url:
        reason = pgcluster.missing()
        if reason:
            pytest.skip(reason)
        # Not under pytest's temporary folder: as root, the cluster's user must reach it.
        folder = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
        url = pgcluster.start(folder)
    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_TEMPLATE]).fetchone():
            conn.execute(f"CREATE DATABASE {PG_TEMPLATE}")
            with psycopg.connect(f"{url}/{PG_TEMPLATE}", autocommit=True) as template:
                template.execute("CREATE EXTENSION postgis")
    yield url
    if folder is not None:
        pgcluster.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str):
    """A new, empty database (PostGIS installed) on the test server, dropped afterwards."""
    import psycopg

    name = f"frontline_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgis"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a store lives, once per back end: a SQLite file path, a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "c.db"
    return request.getfixturevalue("postgres_url")


def run_sql(target: str | Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one statement on a store's database behind frontline's back (as a hand edit
    would); the rows it returns."""
    if str(target).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(target), autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    import sqlite3

    with contextlib.closing(sqlite3.connect(target)) as conn, conn:
        return conn.execute(sql, params).fetchall()
