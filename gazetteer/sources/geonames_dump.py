"""GeoNames country dumps (``UA.zip``, ``UA.txt``, any country): populated places only.

``import_dump`` checks a dump line by line and stores its populated places (feature class
P) in the data directory; the source reads what was imported.
"""
from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.files import atomic_write, describe_size, open_regular
from gazetteer.model import Place
from gazetteer.sources.base import Source, files_fingerprint
from gazetteer.sources.geonamescache import geonames_place

log = logging.getLogger(__name__)

COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, class, code, …
MAX_DUMP = 2 * 1024**3  # bytes of a dump at most, unpacked (the largest country's is some 300 MB)
MAX_RATIO = 100  # a dump's text packs some 4 times; a zip bomb a thousand times


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
    is_zip = path.suffix.lower() == ".zip"
    try:  # a zip's members are checked by their declared sizes, which bound what is read
        fh = open_regular(path, limit=None if is_zip else MAX_DUMP)
    except OSError as exc:
        raise SourceUnavailable(f"cannot read {path}: {exc.strerror or exc}") from None
    if not is_zip:
        return io.TextIOWrapper(fh, encoding="utf-8"), str(path)
    try:
        archive = zipfile.ZipFile(fh)
        members = [i for i in archive.infolist() if i.filename.endswith(".txt") and "readme" not in i.filename.lower()]
        if len(members) != 1:
            raise SourceFormatError("expected one .txt dump in the archive", path=str(path))
        _check_member(members[0], str(path))
        return io.TextIOWrapper(archive.open(members[0]), encoding="utf-8"), f"{path}!{members[0].filename}"
    except zipfile.BadZipFile as exc:
        fh.close()
        raise SourceFormatError(f"not a zip file ({exc})", path=str(path)) from None
    except BaseException:
        fh.close()
        raise


def _check_member(member: zipfile.ZipInfo, path: str) -> None:
    """Refuse, before reading, a member that cannot be read or would unpack without end."""
    if member.flag_bits & 0x1:
        raise SourceFormatError(f"{member.filename} is encrypted", path=path)
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise SourceFormatError(f"{member.filename} is compressed with method {member.compress_type}, "
                                "not deflate", path=path)
    # zipfile never unpacks more than the declared size, so these bound the work.
    if member.file_size > MAX_DUMP:
        raise SourceFormatError(f"{member.filename} unpacks to {describe_size(member.file_size)}, "
                                f"more than a dump's {describe_size(MAX_DUMP)}", path=path)
    if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 2**20:
        raise SourceFormatError(f"{member.filename} unpacks {member.file_size // max(member.compress_size, 1)} "
                                "times its size: a zip bomb, not a dump", path=path)


def read_dump(path: str | Path) -> Iterator[tuple[str, dict]]:
    """(line, row) of every populated place of a dump file, checked line by line."""
    path = Path(path)
    fh, label = _open_text(path)
    with fh:
        try:
            for number, line in enumerate(fh, start=1):
                if line.strip() and (row := parse_line(line, label, number)) is not None:
                    yield line, row
        except UnicodeDecodeError as exc:
            raise SourceFormatError(f"not UTF-8 text ({exc.reason})", path=label) from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # bad CRC, broken deflate, cut short
            raise SourceFormatError(f"corrupt archive ({exc or type(exc).__name__})", path=label) from None
        except OSError as exc:
            raise SourceUnavailable(f"cannot read {label}: {exc.strerror or exc}") from None


def import_dump(path: str | Path, folder: Path) -> tuple[Path, int]:
    """Check a dump and store its populated places in ``folder``; returns (file, count).
    Rows are streamed to the file as they are checked, not kept in memory."""
    stem = Path(path).name.split(".")[0].upper()
    target = folder / f"{stem}.txt"
    count = 0
    with atomic_write(target) as out:
        for count, (line, _) in enumerate(read_dump(path), start=1):
            out.write(line if line.endswith("\n") else line + "\n")
    log.info("imported %d populated places from %s into %s", count, path, target)
    return target, count


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
