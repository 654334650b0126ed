import os
import threading

import pytest

from tests.gazetteer.tinyplaces import TINY, ListSource, place
from gazetteer import Gazetteer
from gazetteer.data_import import import_file
from gazetteer.errors import SourceFormatError, SourceUnavailable
from gazetteer.sources import AliasSource


def test_user_aliases_and_places(tmp_path, data_dir):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("alias,place,oblast,lat,lon\nKupa,Kupiansk,Kharkiv,,\nOskil Bridge,Oskil Bridge,Kharkiv,49.7,37.63\n"
                        "Artyomovsk-2,t:4,,,\n", encoding="utf-8")
    target, rows = import_file(csv_file)
    assert rows == 3 and target.exists()
    g = Gazetteer.load([ListSource(TINY), AliasSource(target)])
    assert g.lookup("Kupa")[0].id == "t:3"
    assert g.lookup("Artyomovsk-2")[0].id == "t:4"
    assert g.lookup("Oskil Bridge")[0].lat == 49.7


@pytest.mark.parametrize("text, line", [
    ("alias,place\n,Kupiansk\n", 2), ("alias,place,lat,lon\nX,Y,north,37\n", 2), ("name,where\nX,Y\n", 1),
])
def test_bad_alias_file(tmp_path, text, line):
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError) as info:
        list(AliasSource(path).aliases())
    assert info.value.line == line


def test_absent_file_is_empty(tmp_path):
    assert list(AliasSource(tmp_path / "none.csv").places()) == []


def test_2024_renamings_resolve_to_the_new_places():
    from gazetteer.sources.aliases import BUILTIN

    renamed = [place("r:1", "Samar", 48.65, 35.25, admin1="Dnipropetrovsk", name_uk="Самар", population=70000),
               place("r:2", "Berestyn", 49.38, 35.44, name_uk="Берестин", population=21000),
               place("r:3", "Sheptytskyi", 50.39, 24.23, admin1="Lviv", name_uk="Шептицький", population=64000),
               place("r:4", "Pivdenne", 46.62, 31.1, admin1="Odesa", name_uk="Південне", population=32000),
               place("r:5", "Sulynivka", 48.3, 38.0, admin1="Donetsk", name_uk="Сулинівка")]
    g = Gazetteer.load([ListSource(renamed), AliasSource(BUILTIN, name="renamed")])
    for old, new in [("Новомосковськ", "r:1"), ("Novomoskovsk", "r:1"), ("Krasnohrad", "r:2"), ("Красноград", "r:2"),
                     ("Chervonohrad", "r:3"), ("Червоноград", "r:3"), ("Южное", "r:4"), ("Yuzhne", "r:4"),
                     ("Орлово-Іванівка", "r:5")]:
        assert g.lookup(old, fuzzy=False)[0].id == new, old


def test_an_alias_file_that_is_a_fifo_is_refused_not_waited_for(tmp_path, data_dir):
    # Issue 15, item 8: reading a FIFO with no writer hung.
    fifo = tmp_path / "aliases.csv"
    os.mkfifo(fifo)
    writer = [os.open(fifo, os.O_RDWR)]  # a regression reads an end after 2 s instead of waiting

    def close_writer():
        if writer:
            os.close(writer.pop())
    timer = threading.Timer(2, close_writer)
    timer.start()
    try:
        with pytest.raises(SourceUnavailable, match="is a FIFO, not a regular file"):
            import_file(fifo)
    finally:
        timer.cancel()
        timer.join()
        close_writer()
