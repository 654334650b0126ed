"""The shipped spellbook is a faithful, current cache of names.spellings, and a stale one is not used."""
import gzip
import random

from gazetteer import spellbook
from gazetteer.names import spellings
from gazetteer.sources.katottg import KatottgSource


def test_the_shipped_book_is_current_and_spells_as_the_code_does():
    book = spellbook.load()
    names = {p.name_uk for p in KatottgSource().places()}
    assert set(book) == names  # not empty: the version matches the code (else rerun gazetteer.build)
    for name in random.Random(11).sample(sorted(names), 300) + ["Кліщіївка", "Роботине", "Куп’янськ"]:
        assert book[name] == spellings(name, ukrainian=True), name


def _book(tmp_path, *rows):
    path = tmp_path / "spellbook.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(("name,own,romanised,russian", *rows)) + "\n").encode()))
    return path


def test_a_book_from_other_code_is_not_used(tmp_path):
    path = _book(tmp_path, "#version,0123456789abcdef,,", "Роботине,роботине,robotyne,роботино")
    assert spellbook.load(path) == {}
    current = _book(tmp_path, f"#version,{spellbook.version()},,", "Роботине,роботине,robotyne|robotine,роботино")
    assert spellbook.load(current) == {"Роботине": {"роботине": 1.0, "robotyne": 0.97, "robotine": 0.97,
                                                    "роботино": 0.9}}


def test_an_unreadable_book_is_not_used(tmp_path, caplog):
    path = tmp_path / "spellbook.csv.gz"
    path.write_bytes(b"not gzip")
    assert spellbook.load(path) == {} and "spellbook unusable" in caplog.text
    assert spellbook.load(tmp_path / "absent.csv.gz") == {}
