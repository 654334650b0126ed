from gazetteer.index import build_index
from gazetteer.names import W_CROSS, W_NAME, spellings
from tests.gazetteer.tinyplaces import TINY, ListSource, place


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



def test_crowded_block_is_narrowed_but_keeps_one_edit_neighbours(monkeypatch):
    from gazetteer import index as index_module

    others = [place("t:5", "Kramatorsk", 48.72, 37.56, admin1="Donetsk", name_uk="Краматорськ"),
              place("t:6", "Krasnohrad", 49.37, 35.44, name_uk="Красноград")]
    index = build_index([ListSource(TINY + others)])
    monkeypatch.setattr(index_module, "_CROWDED", 0)
    narrowed = {index.keys[j] for start, end in index._blocks("KRLVSK") for j in range(start, end)}
    assert {"kurylivka", "kurilovka", "куриловка"} <= narrowed  # KRLVK: one class missing
    assert not narrowed & {"kramatorsk", "krasnohrad"}            # KRMTRSK, KRSNKRT: not one edit
    assert {index.places.id[i] for i in index.fuzzy("kurilovsk")} >= {"t:1", "t:2"}
