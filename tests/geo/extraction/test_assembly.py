"""What the assembly of an article's claims remembers of its sentences."""
from geo.extraction.assembly import _Seen
from geo.extraction.sentences import Sentence
from geo.model import Side


def test_claimants_of_passed_sentences_are_read_when_asked_and_in_their_order():
    asked = []

    def claimants(found):
        return lambda: asked.append(found) or found

    seen = _Seen(headline=frozenset())
    seen.saw(claimants(((0, 6, "Kremlin", Side.RU), (10, 15, None, Side.OTHER))), 0, Sentence(0, 20, 0, True))
    seen.saw(claimants(((0, 8, "Gerasimov", Side.RU),)), 1, Sentence(21, 40, 1, False))
    assert asked == []  # nothing read before a cued sentence needs it
    sides = {s[0]: s for s in seen.sides(2, 1, set(), set())}
    assert len(asked) == 2 and seen.named_last(Side.RU) == "Gerasimov" and seen.named_last(Side.UA) is None
    assert sides["RU"][2:5] == (1, True, True) and sides["UA"][2:5] == (-1, False, False)
    seen.saw(claimants(((0, 6, "Zelensky", Side.UA),)), 2, Sentence(41, 60, 2, False))
    assert seen.named_last(Side.UA) == "Zelensky" and len(asked) == 3
