"""Bring data into the user's data directory: GeoNames dumps and the aliases CSV."""
from __future__ import annotations

import logging
from pathlib import Path

from gazetteer import cache, http
from gazetteer.errors import InvalidQuery, SourceFormatError
from gazetteer.files import atomic_write
from gazetteer.sources.aliases import AliasSource
from gazetteer.sources.geonames_dump import import_dump

log = logging.getLogger(__name__)

GEONAMES_DUMPS = "https://download.geonames.org/export/dump"


def aliases_path() -> Path:
    """The user's alias file, read by every load."""
    return cache.data_dir() / "aliases.csv"


def dumps_folder() -> Path:
    """Where imported GeoNames dumps are kept."""
    return cache.data_dir() / "geonames"


def import_file(path: str | Path) -> tuple[Path, int]:
    """Import a GeoNames dump (.txt/.zip) or an aliases CSV; returns (stored file, rows)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _import_aliases(path)
    if path.suffix.lower() not in {".txt", ".zip"}:
        raise SourceFormatError("expected a GeoNames dump (.txt, .zip) or an aliases CSV", path=str(path))
    return import_dump(path, dumps_folder())


def _import_aliases(path: Path) -> tuple[Path, int]:
    source = AliasSource(path)
    rows = len(list(source.aliases())) + len(list(source.places()))  # reading checks every row
    target = aliases_path()
    with atomic_write(target, "wb") as out:
        out.write(path.read_bytes())
    return target, rows


def download_dump(country: str, *, base_url: str | None = None, timeout: float = 60.0) -> tuple[Path, int]:
    """Download ``<CC>.zip`` from GeoNames (or ``base_url``) and import it.

    ``timeout`` bounds the whole download. The archive is removed once read, imported
    or not: what was imported is in the data directory, and a failed download keeps
    nothing.
    """
    if not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise InvalidQuery(f"{country!r} is not an ISO 3166 two-letter country code")
    country = country.upper()
    url = f"{(base_url or GEONAMES_DUMPS).rstrip('/')}/{country}.zip"
    archive = http.download(url, cache.cache_dir() / "downloads" / f"{country}.zip", timeout=timeout)
    try:
        return import_dump(archive, dumps_folder())
    finally:
        archive.unlink(missing_ok=True)
