"""The shipped settlement table: GeoNames points of KATOTTG settlements (``gazetteer.build``).

Each row is a GeoNames populated place with the KATOTTG code of the settlement it is; the
merge gives that settlement the point (``precision="exact"``) and the GeoNames names. No
import and no network: the table is package data (GeoNames CC BY 4.0, the join ODbL 1.0;
see ``gazetteer/data/SOURCES.md``).
"""
from __future__ import annotations

import csv
import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path

from gazetteer import regions
from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.model import Place
from gazetteer.sources.base import Source

TABLE = Path(__file__).resolve().parents[1] / "data" / "settlements.csv.gz"
COLUMNS = ("katottg", "geonameid", "name", "lat", "lon", "admin1code", "population", "alternatenames")


class SettlementTableSource(Source):
    """GeoNames places of Ukraine, each tied to its KATOTTG settlement, from the shipped table."""

    name = "geonames-ua"

    def __init__(self, path: str | Path = TABLE) -> None:
        self.path = Path(path)

    def fingerprint(self) -> str:
        """A hash of the table's bytes: a rebuilt table rebuilds the index, however installed."""
        try:
            return hashlib.sha1(self.path.read_bytes()).hexdigest()[:16]
        except FileNotFoundError:
            return "absent"

    def places(self) -> Iterator[Place]:
        if not self.path.exists():
            return
        label = str(self.path)
        try:
            with gzip.open(self.path, "rt", encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                if tuple(next(reader, ())) != COLUMNS:
                    raise SourceFormatError(f"expected the columns {','.join(COLUMNS)}", path=label, line=1)
                for row in reader:
                    yield _place(row, label, reader.line_num)
        except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
            if isinstance(exc, FileNotFoundError):
                raise SourceUnavailable(f"cannot read {label}: {exc}") from exc
            raise SourceFormatError(f"unreadable ({exc})", path=label) from None


def _place(row: list[str], label: str, line: int) -> Place:
    if len(row) != len(COLUMNS):
        raise SourceFormatError(f"expected {len(COLUMNS)} fields, got {len(row)}", path=label, line=line)
    code, gid, name, lat, lon, admin1code, population, alternates = row
    try:
        # The build kept usable names only (sources.geonamescache.usable_names).
        return Place(id=f"geonames:{int(gid)}", name=name, lat=float(lat), lon=float(lon), country="UA",
                     source=SettlementTableSource.name, admin1=regions.from_geonames("UA", admin1code),
                     population=int(population or 0), names=(name, *alternates.split(",")) if alternates else (name,),
                     raw={"geonameid": int(gid), "admin1code": admin1code, "katottg": code})
    except ValueError:
        raise SourceFormatError("geonameid, lat, lon or population is not a number", path=label, line=line) from None
