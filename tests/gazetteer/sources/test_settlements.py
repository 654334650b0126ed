"""The shipped settlement table: read row by row, malformed files named, part of the cache key."""
import gzip
import math

import pytest

from gazetteer import Gazetteer
from gazetteer.errors import SourceFormatError
from gazetteer.sources.settlements import COLUMNS, TABLE, SettlementTableSource
from gazetteer.model import Place
from tests.gazetteer.tinyplaces import ListSource

HEADER = ",".join(COLUMNS)
ROBOTYNE = "UA23100270150025192,695586,Robotyne,47.44781,35.83700,26,480,\"Rabotino,Роботино\""


def table(tmp_path, *lines, name="settlements.csv.gz"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return path


def test_shipped_table_is_package_data_with_its_notice():
    assert TABLE.is_file() and TABLE.parent.name == "data"
    notice = (TABLE.parent / "SOURCES.md").read_text(encoding="utf-8")
    assert "settlements.csv.gz" in notice and "CC BY 4.0" in notice and "ODbL" in notice


def test_a_row_is_a_geonames_place_tied_to_its_settlement(tmp_path):
    [robotyne] = SettlementTableSource(table(tmp_path, HEADER, ROBOTYNE)).places()
    assert (robotyne.id, robotyne.lat, robotyne.lon, robotyne.admin1) == ("geonames:695586", 47.44781, 35.837,
                                                                          "Zaporizhzhia")
    assert robotyne.raw["katottg"] == "UA23100270150025192" and "Rabotino" in robotyne.names


@pytest.mark.parametrize("lines, line", [
    (("katottg,lat,lon", ROBOTYNE), 1),
    ((HEADER, ROBOTYNE, "UA1,2,X,north,35.8,26,0,"), 3),
    ((HEADER, "UA1,2,X"), 2),
])
def test_malformed_table_names_file_and_line(tmp_path, lines, line):
    with pytest.raises(SourceFormatError) as info:
        list(SettlementTableSource(table(tmp_path, *lines)).places())
    assert info.value.line == line and "settlements.csv.gz" in str(info.value)


def test_a_file_that_is_not_gzip_is_a_format_error(tmp_path):
    path = tmp_path / "settlements.csv.gz"
    path.write_text(HEADER)
    with pytest.raises(SourceFormatError, match="unreadable"):
        list(SettlementTableSource(path).places())


def test_absent_table_gives_nothing(tmp_path):
    source = SettlementTableSource(tmp_path / "none.csv.gz")
    assert list(source.places()) == [] and source.fingerprint() == "absent"


def test_a_changed_table_rebuilds_the_index(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    settlement = Place(id="UA23100270150025192", name="Robotyne", lat=math.nan, lon=math.nan, country="UA",
                       source="katottg", name_uk="Роботине", admin1="Zaporizhzhia", names=("Роботине",),
                       raw={"category": "C", "hromada": "UA23100270000073418", "raion": "UA23100000000034132"})
    path = table(tmp_path, HEADER, ROBOTYNE)
    first = Gazetteer.load([ListSource([settlement]), SettlementTableSource(path)]).lookup("Rabotino")[0]
    moved = ROBOTYNE.replace("47.44781", "47.44791")  # same size, other bytes
    table(tmp_path, HEADER, moved)
    again = Gazetteer.load([ListSource([settlement]), SettlementTableSource(path)]).lookup("Rabotino")[0]
    assert (first.lat, again.lat) == (47.44781, 47.44791)
    assert first.id == again.id == "UA23100270150025192" and again.precision == "exact"
