"""The side a cue gives its place to, and the clause scan its sides share."""
from geo.extraction import control
from geo.extraction.cues import find_cues
from geo.model import Side


def _controller(text, lang, claimant_side):
    cue = find_cues(text, lang)[0]
    return control.controller(cue, text, [(0, len(text))], claimant_side)


def test_the_side_named_in_the_clause_holds_the_place_whatever_side_is_asked_first():
    text = "Russian forces captured Kupyansk in eastern Ukraine, the ministry said."
    assert [_controller(text, "en", side) for side in (Side.UA, Side.RU, Side.OTHER)] == [Side.RU] * 3


def test_the_enemy_is_the_side_opposite_the_claimant_asked():
    text = "Противник захватил Купянск."
    assert _controller(text, "ru", Side.UA) is Side.RU and _controller(text, "ru", Side.RU) is Side.UA


def test_a_clause_scan_is_given_again_only_for_the_same_sentence():
    text = "Russian forces captured Kupyansk."
    first = control._actors(text, 0, len(text))
    assert first == (((0, Side.RU),), ())
    assert control._actors(text, 0, len(text)) is first
    copy = "".join(["Ukrainian", text[7:]])  # another sentence at the same clause bounds
    assert control._actors(copy, 0, len(copy)) == (((0, Side.UA),), ())
    in_place = "They fought in Ukraine and Russia took Kupyansk."
    assert control._actors(in_place, 0, len(in_place))[0] == ((27, Side.RU),)  # "in Ukraine" names a place


def test_a_position_is_in_the_clause_holding_it_else_in_the_last():
    clauses = [(0, 0), (0, 10), (10, 25), (25, 40)]  # a cut at the very start leaves an empty clause
    assert [control.clause_of(clauses, at) for at in (0, 9, 10, 24, 25, 39)] == [1, 1, 2, 2, 3, 3]
    assert control.clause_of(clauses, 40) == 3 and control.clause_of(clauses, -5) == 3  # outside the sentence
    assert control.clause_of([(0, 12)], 3) == 0
