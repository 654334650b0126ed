"""The shipped settlement table: GeoNames points of KATOTTG settlements (``gazetteer.build``).

Each row is a GeoNames populated place with the KATOTTG code of the settlement it is; the
merge gives that settlement the point (``precision="exact"``) and the GeoNames names. No
import and no network: the table is package data (GeoNames CC BY 4.0, the join ODbL 1.0;
see ``gazetteer/data/SOURCES.md``).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gazetteer import regions
from gazetteer.errors import SourceFormatError
from gazetteer.model import Place
from gazetteer.sources.base import ShippedTable, read_table

TABLE = Path(__file__).resolve().parents[1] / "data" / "settlements.csv.gz"
COLUMNS = ("katottg", "geonameid", "name", "lat", "lon", "admin1code", "population", "alternatenames")


class SettlementTableSource(ShippedTable):
    """GeoNames places of Ukraine, each tied to its KATOTTG settlement, from the shipped table."""

    name = "geonames-ua"
    table = TABLE

    def places(self) -> Iterator[Place]:
        for line, (code, gid, name, lat, lon, admin1code, population, alternates) in read_table(self.path, COLUMNS):
            try:
                # The build kept usable names only (sources.geonamescache.usable_names).
                yield Place(id=f"geonames:{int(gid)}", name=name, lat=float(lat), lon=float(lon), country="UA",
                            source=self.name, admin1=regions.from_geonames("UA", admin1code),
                            population=int(population or 0),
                            names=(name, *alternates.split(",")) if alternates else (name,),
                            raw={"geonameid": int(gid), "admin1code": admin1code, "katottg": code})
            except ValueError:
                raise SourceFormatError("geonameid, lat, lon or population is not a number", path=str(self.path),
                                        line=line) from None
