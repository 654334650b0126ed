from conftest import TINY
from gazetteer.index import W_CROSS, W_NAME, build_index, spellings
from conftest import ListSource


def test_spellings_of_a_ukrainian_name():
    forms = spellings("Курилівка", ukrainian=True)
    assert forms["курилівка"] == W_NAME
    assert forms["kurylivka"] > W_CROSS and forms["kurilovka"] == W_CROSS and forms["куриловка"] == W_CROSS


def test_index_layers():
    index = build_index([ListSource(TINY)])
    assert set(index.exact("kurylivka")) == {0, 1}
    assert set(index.inflected("куриловке")) == {0, 1}
    assert 2 in index.fuzzy("kupiansq")
    assert index.counts["list"] == {"places": 4, "aliases": 0}
