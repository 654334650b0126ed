"""Session-wide isolation: no test touches the user's data, cache or database."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
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
