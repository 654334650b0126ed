"""GeoNames country dumps (``UA.zip``, ``UA.txt``, any country): populated places only.

``import_dump`` checks a dump line by line and stores its populated places (feature class
P) in the data directory; the source reads what was imported.
"""
from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.files import atomic_write
from gazetteer.model import Place
from gazetteer.sources.base import Source, files_fingerprint
from gazetteer.sources.geonamescache import geonames_place

log = logging.getLogger(__name__)

COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, class, code, …


def parse_line(line: str, path: str, number: int) -> dict | None:
    """A GeoNames row as a dict, ``None`` for a non-populated place; malformed → error."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != COLUMNS:
        raise SourceFormatError(f"expected {COLUMNS} tab-separated fields, got {len(fields)}", path=path, line=number)
    if fields[6] != "P":
        return None
    try:
        lat, lon, gid = float(fields[4]), float(fields[5]), int(fields[0])
        population = int(fields[14] or 0)
    except ValueError:
        raise SourceFormatError("geonameid, latitude, longitude or population is not a number",
                                path=path, line=number) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SourceFormatError("latitude/longitude out of range", path=path, line=number)
    return {"geonameid": gid, "name": fields[1], "latitude": lat, "longitude": lon, "featurecode": fields[7],
            "countrycode": fields[8], "admin1code": fields[10], "population": population,
            "alternatenames": [n for n in fields[3].split(",") if n]}


def _open_text(path: Path) -> tuple[io.TextIOBase, str]:
    if path.suffix.lower() != ".zip":
        return path.open(encoding="utf-8"), str(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise SourceFormatError(f"not a zip file ({exc})", path=str(path)) from None
    members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
    if len(members) != 1:
        raise SourceFormatError("expected one .txt dump in the archive", path=str(path))
    return io.TextIOWrapper(archive.open(members[0]), encoding="utf-8"), f"{path}!{members[0]}"


def read_dump(path: str | Path) -> Iterator[tuple[str, dict]]:
    """(line, row) of every populated place of a dump file, checked line by line."""
    path = Path(path)
    if not path.is_file():
        raise SourceUnavailable(f"no such file: {path}")
    fh, label = _open_text(path)
    with fh:
        try:
            for number, line in enumerate(fh, start=1):
                if line.strip() and (row := parse_line(line, label, number)) is not None:
                    yield line, row
        except UnicodeDecodeError as exc:
            raise SourceFormatError(f"not UTF-8 text ({exc.reason})", path=label) from None


def import_dump(path: str | Path, folder: Path) -> tuple[Path, int]:
    """Check a dump and store its populated places in ``folder``; returns (file, count)."""
    rows = list(read_dump(path))
    stem = Path(path).name.split(".")[0].upper()
    target = folder / f"{stem}.txt"
    with atomic_write(target) as out:
        out.writelines(line if line.endswith("\n") else line + "\n" for line, _ in rows)
    log.info("imported %d populated places from %s into %s", len(rows), path, target)
    return target, len(rows)


class GeonamesDumpSource(Source):
    """Populated places of every GeoNames dump imported into ``folder``."""

    name = "dump"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.txt")) if self.folder.is_dir() else []

    def fingerprint(self) -> str:
        return files_fingerprint(self.files())

    def places(self) -> Iterator[Place]:
        for path in self.files():
            for _, row in read_dump(path):
                yield geonames_place(row, source=self.name)
