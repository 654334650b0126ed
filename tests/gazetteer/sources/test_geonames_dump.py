import contextlib
import io
import os
import time
import zipfile

import pytest

from tests.gazetteer.tinyplaces import ListSource, dump_line
from gazetteer import Gazetteer, cache
from gazetteer.data_import import download_dump, import_file
from gazetteer.errors import InvalidQuery, SourceFormatError, SourceUnavailable
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


def zipped(path, data=LINES.encode(), method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        zf.writestr("UA.txt", data)
    return path


def patch_member(path, *, flags=None, method=None, data=None):
    """Rewrite the one member's header fields (local and central) or its stored bytes."""
    raw = bytearray(path.read_bytes())
    local, central = raw.index(b"PK\x03\x04"), raw.index(b"PK\x01\x02")
    for offset, header in ((local + 6, "local"), (central + 8, "central")):
        if flags is not None:
            raw[offset:offset + 2] = flags.to_bytes(2, "little")
        if method is not None:
            raw[offset + 2:offset + 4] = method.to_bytes(2, "little")
    if data is not None:
        start = local + 30 + int.from_bytes(raw[local + 26:local + 28], "little")
        raw[start:start + len(data)] = data
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("make, reason", [
    (lambda p: patch_member(zipped(p, method=zipfile.ZIP_STORED), data=b"8"), "corrupt archive (Bad CRC-32"),
    (lambda p: patch_member(zipped(p), data=b"\xff\xff\xff"), "corrupt archive ("),
    (lambda p: patch_member(zipped(p), flags=0x1), "UA.txt is encrypted"),
    (lambda p: patch_member(zipped(p), method=99), "UA.txt is compressed with method 99, not deflate"),
    (lambda p: zipped(p, method=zipfile.ZIP_BZIP2), "UA.txt is compressed with method 12, not deflate"),
    (lambda p: zipped(p, b"\0" * 20 * 2**20), "times its size: a zip bomb, not a dump"),
    (lambda p: p.write_bytes(zipped(p).read_bytes()[:-30]), "not a zip file"),
])
def test_a_corrupt_or_hostile_zip_is_a_format_error(tmp_path, data_dir, make, reason):
    # Issue 15, items 7 and 10: each was a traceback (BadZipFile, zlib.error,
    # RuntimeError, NotImplementedError), or a 20 MB line read into memory.
    archive = tmp_path / "UA.zip"
    make(archive)
    with pytest.raises(SourceFormatError) as info:
        import_file(archive)
    assert reason in str(info.value) and str(archive) in str(info.value)
    assert not (data_dir / "geonames" / "UA.txt").exists()


def test_a_member_larger_than_a_dump_is_refused_before_reading(tmp_path, data_dir, monkeypatch):
    monkeypatch.setattr("gazetteer.sources.geonames_dump.MAX_DUMP", 100)
    with pytest.raises(SourceFormatError, match="unpacks to .*, more than a dump's 100 bytes"):
        import_file(zipped(tmp_path / "UA.zip", method=zipfile.ZIP_STORED))


def test_a_fifo_is_refused_not_waited_for(tmp_path, data_dir):
    fifo = tmp_path / "UA.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceUnavailable, match="is a FIFO, not a regular file"):
        import_file(fifo)


def trickle(handler):
    """Answers a byte every 0.25 s: each read comes in time, the whole never does."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/zip")
    handler.send_header("Content-Length", "40")
    handler.end_headers()
    with contextlib.suppress(OSError):
        for _ in range(40):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.25)


def unsized(handler):
    """5,000 bytes without a Content-Length (the connection's end ends them)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/zip")
    handler.end_headers()
    with contextlib.suppress(OSError):
        handler.wfile.write(b"y" * 5000)
    handler.close_connection = True


def test_the_timeout_bounds_the_whole_download(server, data_dir):
    # Issue 15, item 10: --timeout applied to each read, so a server sending a byte
    # every 2 s never timed out.
    base, routes, _ = server
    routes["/UA.zip"] = trickle
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="not complete in time"):
        download_dump("UA", base_url=base, timeout=1)
    assert time.monotonic() - started < 5
    assert not list((cache.cache_dir() / "downloads").glob("*"))


def test_a_download_is_capped_and_nothing_is_kept_of_a_failed_one(server, data_dir, monkeypatch):
    # Issue 15, item 10: a 1 GiB answer was kept in the cache after "not a zip file".
    base, routes, _ = server
    monkeypatch.setattr("gazetteer.http.MAX_DOWNLOAD", 1000)
    routes["/UA.zip"] = (200, "application/zip", b"z" * 2000)
    with pytest.raises(SourceUnavailable, match="answer of 1.95 KiB, more than the 1000 bytes allowed"):
        download_dump("UA", base_url=base, timeout=5)
    routes["/UA.zip"] = unsized
    with pytest.raises(SourceUnavailable, match="answer larger than the 1000 bytes allowed"):
        download_dump("UA", base_url=base, timeout=5)
    routes["/UA.zip"] = (200, "application/zip", b"not a zip")
    with pytest.raises(SourceFormatError, match="not a zip file"):
        download_dump("UA", base_url=base, timeout=5)
    assert not list((cache.cache_dir() / "downloads").glob("*"))


def test_a_country_code_must_be_two_ascii_letters(server, data_dir):
    # Issue 15, item 7: "ÜA" reached urllib, which raised UnicodeEncodeError.
    base, _, seen = server
    with pytest.raises(InvalidQuery, match="'ÜA' is not an ISO 3166 two-letter country code"):
        download_dump("ÜA", base_url=base, timeout=5)
    assert seen == []
