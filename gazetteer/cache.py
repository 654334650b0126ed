"""Where frontline keeps data and caches, and the on-disk cache of the built index.

``FRONTLINE_DATA_DIR`` and ``FRONTLINE_CACHE_DIR`` override platformdirs'
``user_data_dir("frontline")`` and ``user_cache_dir("frontline")``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from gazetteer.files import atomic_write
from gazetteer.index import Index

log = logging.getLogger(__name__)

APP = "frontline"
_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Imported data (GeoNames dumps, the user's alias file)."""
    import platformdirs

    return Path(os.environ.get("FRONTLINE_DATA_DIR") or platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    """Rebuildable files (the built index, online answers)."""
    import platformdirs

    return Path(os.environ.get("FRONTLINE_CACHE_DIR") or platformdirs.user_cache_dir(APP))


def code_version() -> str:
    """Hash of the gazetteer's code and curated data: a code change rebuilds the index."""
    digest = hashlib.sha1()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def index_file(source_names: Iterable[str]) -> str:
    """Cache file name of an index: one file per set of sources, so sets do not evict each other."""
    names = ",".join(source_names)
    return f"gazetteer-index-{hashlib.sha1(names.encode()).hexdigest()[:10]}.pickle"


def load_index(path: Path, fingerprint: str) -> Index | None:
    """The cached index if it exists, reads cleanly and was built from the same sources."""
    try:
        with path.open("rb") as fh:
            stored_fingerprint, index = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: any unpickling error means rebuild
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding", path, exc)
        return None
    if stored_fingerprint != fingerprint or not isinstance(index, Index):
        log.info("gazetteer cache %s is stale; rebuilding", path)
        return None
    return index


def save_index(path: Path, fingerprint: str, index: Index) -> None:
    """Write the index atomically, so that a crash never leaves a half-written cache."""
    with atomic_write(path, "wb") as fh:
        pickle.dump((fingerprint, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
