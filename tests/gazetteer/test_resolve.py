"""Ranking on a tiny index: region, point, context, ambiguity, scores in [0, 1]."""
from tests.gazetteer.tinyplaces import KUPIANSK


def test_tie_without_context_is_ambiguous(tiny):
    found = tiny.lookup("Kurilovka")
    assert {c.id for c in found[:2]} == {"t:1", "t:2"} and found[0].ambiguous


def test_region_breaks_the_tie(tiny):
    assert tiny.lookup("Kurilovka", region="Дніпропетровська область")[0].id == "t:2"
    assert not tiny.lookup("Kurilovka", region="Kharkov region")[0].ambiguous


def test_context_breaks_the_tie(tiny):
    assert tiny.lookup("Kurylivka", context=[KUPIANSK])[0].id == "t:1"


def test_scores_bounded_and_sorted(tiny):
    found = tiny.lookup("Kurylivka", limit=5)
    assert all(0 <= c.score <= 1 for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_alternate_name_and_matched(tiny):
    best = tiny.lookup("Artemovsk")[0]
    assert best.id == "t:4" and best.matched == "Artemovsk"
