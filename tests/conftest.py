"""Session-wide isolation: no test touches the user's data, cache or database."""
from __future__ import annotations

import os
import subprocess
import sys
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
