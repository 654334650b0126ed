"""Session-wide isolation: no test touches the user's data, cache or database."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


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
