import io
import zipfile

import pytest

from tests.gazetteer.tinyplaces import ListSource, dump_line
from gazetteer import Gazetteer
from gazetteer.data_import import download_dump, import_file
from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.sources import GeonamesDumpSource

LINES = (dump_line(900001, "Testivka", 49.5, 37.5, alternates="Тестівка,Testovka", population=321)
         + dump_line(900002, "Some River", 49.6, 37.6, fclass="H"))


def test_import_keeps_populated_places(tmp_path, data_dir):
    dump = tmp_path / "UA.txt"
    dump.write_text(LINES, encoding="utf-8")
    target, count = import_file(dump)
    assert count == 1 and target == data_dir / "geonames" / "UA.txt"
    places = list(GeonamesDumpSource(data_dir / "geonames").places())
    assert [p.name for p in places] == ["Testivka"] and places[0].admin1 == "Kharkiv"


def test_import_zip(tmp_path, data_dir):
    archive = tmp_path / "UA.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("UA.txt", LINES)
        zf.writestr("readme.txt", "about")
    assert import_file(archive)[1] == 1


@pytest.mark.parametrize("bad, line", [
    (LINES + "900003\tBroken\n", 3),
    (dump_line(1, "X", 49, 37).replace("\t49\t", "\tnorth\t"), 1),
    (LINES.replace("\t49.5\t", "\t99.5\t"), 1),
])
def test_malformed_dump_names_file_and_line(tmp_path, data_dir, bad, line):
    dump = tmp_path / "UA.txt"
    dump.write_text(bad, encoding="utf-8")
    with pytest.raises(SourceFormatError) as info:
        import_file(dump)
    assert info.value.line == line and "UA.txt" in str(info.value) and f":{line}:" in str(info.value)
    assert not (data_dir / "geonames" / "UA.txt").exists()


def test_not_a_zip(tmp_path, data_dir):
    bad = tmp_path / "UA.zip"
    bad.write_bytes(b"garbage")
    with pytest.raises(SourceFormatError, match="not a zip"):
        import_file(bad)


def test_download_from_local_server(server, data_dir):
    base, routes, seen = server
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("UA.txt", LINES)
    routes["/UA.zip"] = (200, "application/zip", buffer.getvalue())
    target, count = download_dump("ua", base_url=base, timeout=5)
    assert count == 1 and seen == ["/UA.zip"] and target.exists()


def test_download_missing_country(server, data_dir):
    base, _, _ = server
    with pytest.raises(SourceUnavailable, match="404"):
        download_dump("XX", base_url=base, timeout=5)


def test_imported_place_is_found(tmp_path, data_dir):
    dump = tmp_path / "UA.txt"
    dump.write_text(LINES, encoding="utf-8")
    import_file(dump)
    g = Gazetteer.load([ListSource([]), GeonamesDumpSource(data_dir / "geonames")])
    assert g.lookup("Тестовке")[0].name == "Testivka"
