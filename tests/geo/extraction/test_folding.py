"""Folded patterns find exactly what their patterns find, only faster."""
import re
from pathlib import Path

import pytest

from geo.extraction import folding, lexicon
from geo.extraction.cues import _ANY_CUE

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"

FOLDED = (list(_ANY_CUE.values()) + list(lexicon.SPEECH.values()) + [lexicon.LANDMARK_BEFORE]
          + [p for _, p in lexicon.VOICE_MARKERS])
# the patterns found through the starts of the union of them all
CUE_PARTS = {lang: [p for _, _, p in lexicon.CUES[lang]] + [lexicon.PERCENT, lexicon.QUALIFIER[lang]]
             + [p for p, _ in lexicon.FRACTIONS] for lang in lexicon.CUES}

TEXTS = [
    "Russian forces CAPTURED Kupyansk, the Defence Ministry SAID on Thursday.",
    "ВС РФ ОСВОБОДИЛИ Купянск, сообщило Минобороны; «более 75 процентов» Красноармейска.",
    "Сили оборони ЗВІЛЬНИЛИ Куп'янськ, заявили у Генштабі 🇺🇦 — про 80% міста.",
    "Straße, İstanbul and ſ: text outside the plain range still matches as before.",
    "",
]


def _spans(matches):
    return [(m.span(), m.groups(), m.lastgroup) for m in matches]


@pytest.fixture(scope="module")
def corpus():
    texts = list(TEXTS)
    for path in sorted(ARTICLES.glob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_folded_patterns_match_exactly_what_their_patterns_match(corpus):
    for text in corpus:
        low = folding.lowered(text)
        for folded in FOLDED:
            assert _spans(folded.finditer(text, low)) == _spans(folded.pattern.finditer(text)), (folded.pattern.pattern[:60], text)
            assert _spans(folded.finditer(text, low, 5, 40)) == _spans(folded.pattern.finditer(text, 5, 40))


def test_each_cue_pattern_is_found_from_the_starts_of_their_union(corpus):
    for text in corpus:
        low = folding.lowered(text)
        for lang, parts in CUE_PARTS.items():
            starts = _ANY_CUE[lang].starts(text, low)
            for pattern in parts:
                assert _spans(folding.matches_at(pattern, text, starts)) == _spans(pattern.finditer(text)), pattern.pattern[:60]


def test_search_gives_the_first_match_or_none():
    folded = folding.Folded(re.compile(r"(?<!\w)(?P<verb>captured|took)(?!\w)", re.I))
    text = "They Took it; then CAPTURED more."
    m = folded.search(text, folding.lowered(text))
    assert m.group("verb") == "Took" and m.lastgroup == "verb"
    assert folded.search("nothing here", folding.lowered("nothing here")) is None
    assert folded.search(text, folding.lowered(text), 6).group(0) == "CAPTURED"


def test_adjacent_and_overlapping_candidates():
    folded = folding.Folded(re.compile(r"ab|b(?-i:C)", re.I))
    for text in ("ABabAB", "abcbC", "aBC"):
        assert _spans(folded.finditer(text, folding.lowered(text))) == _spans(folded.pattern.finditer(text))


def test_text_outside_the_plain_range_is_not_lowered():
    assert folding.lowered("Kupyansk") == "kupyansk"
    assert folding.lowered("ſ and 🇷🇺") is None


def test_case_sensitive_parts_of_a_pattern_stay_a_superset():
    pattern = re.compile(r"(?-i:ВФУ)|armed forces", re.I)
    folded = folding.Folded(pattern)
    for text in ("the ВФУ said", "the вфу said", "ARMED FORCES said"):
        assert _spans(folded.finditer(text, folding.lowered(text))) == _spans(pattern.finditer(text))


def test_long_alternations_are_grouped_by_first_letter_without_changing_matches():
    source = r"(?<!\w)(?:kupiansk|kupyansk|kharkiv|pokrovsk|ab?c|\d+ km|[xy]z|a|k)(?!\w)"
    low = folding.superset(re.compile(source, re.I))
    assert "k(?:" in low.pattern and "(?<!\\w)" in low.pattern
    for text in ("Kupyansk and KHARKIV", "ac abc 12 km yz a k", "kupianskiy"):
        lowered = folding.lowered(text)
        assert [m.span() for m in low.finditer(lowered)] == [m.span() for m in re.finditer(source, text, re.I)]


def test_a_branch_led_by_a_group_is_spread_and_one_led_by_a_class_guarded_by_the_characters_it_can_start_with():
    pattern = re.compile(r"(?<!\w)(?:(?:the )?kremlin|«?[Рр]усск\w+|\d+ km|(?:\w+ )?rada|kyiv|kharkiv|kupiansk|(?:x)?)", re.I)
    low = folding.superset(pattern)
    assert "the kremlin|k(?:remlin|yiv|" in low.pattern and "|rada|" in low.pattern  # "(?:the )?kremlin" spread
    assert "(?=[«р])«?[рр]усск" in low.pattern and r"(?=[\d])\d+ km" in low.pattern and r"(?=[\w])\w+ rada" in low.pattern
    assert "|(?:x)?)" in low.pattern  # it may match empty: no guard
    for text in ("The Kremlin, kremlin and «Русские» 12 km from Verkhovna Rada", "русский, x, kyiv"):
        folded = folding.Folded(pattern)
        assert [m.span() for m in folded.finditer(text, folding.lowered(text))] == [m.span() for m in pattern.finditer(text)]


def test_a_group_is_spread_over_its_branch_only_where_that_keeps_the_language_and_its_groups():
    assert folding._factored(r"(?:is|are) (?:still )?held|x") == r"is (?:still )?held|are (?:still )?held|x"
    assert folding._factored(r"(?:the )?kremlin") == "the kremlin|kremlin"
    for kept in (r"(?:ab|cd)+x", r"(?:ab|cd){2}x", r"(?:ab|cd)?+x", r"(?:ab|(c)d)x", r"(?:ab|cd)(x)", r"(?:a|b)\1",
                 r"(?:a|b|c|d|e|f|g|h|i)x"):
        assert folding._factored(kept) == kept
    for text in ("it is still held", "they are held", "held"):
        assert bool(re.search(folding._factored(r"(?:is|are) (?:still )?held"), text)) == bool(re.search(r"(?:is|are) (?:still )?held", text))


def test_each_claimant_row_is_found_from_the_starts_the_gate_gives_it(corpus):
    from geo.extraction import attribution
    rows = [p for p, _, _ in attribution._CLAIMANT_ROWS]
    for text in corpus + [t.upper() for t in corpus[:40]]:
        starts = attribution._CLAIMANT_STARTS.starts(text, folding.lowered(text))
        for i, pattern in enumerate(rows):
            assert _spans(folding.matches_at(pattern, text, starts.get(i, []))) == _spans(pattern.finditer(text)), pattern.pattern[:60]


def test_a_gate_tries_each_pattern_only_where_its_first_characters_stand():
    patterns = [re.compile(r"(?<!\w)(?:the )?kremlin", re.I), re.compile(r"(?<!\w)\d+ km"),
                re.compile(r"(?<!\w)(?:\w+ )?rada", re.I), re.compile(r"(?<!\w)(?-i:Kyiv)|(?<!\w)ки[её]в", re.I),
                re.compile(r"\d+%")]
    gate = folding.PrefixGate(patterns)
    text = "Kyiv, 12 km from the Kremlin, the Rada said 80% of 120%"
    starts = gate.starts(text, folding.lowered(text))
    assert list(starts) == sorted(starts)  # in the patterns' order
    assert starts[0] == [17, 21] and starts[1] == [6] and starts[3] == [0]  # not "the Rada", nor "80%"
    # a pattern that may open with any word, or not at a word start ("20%" inside "120%"): by their supersets
    assert starts[2] == starts[4] == [30, 34, 44, 45, 51, 52, 53]
    for i, pattern in enumerate(patterns):
        assert _spans(folding.matches_at(pattern, text, starts.get(i, []))) == _spans(pattern.finditer(text))
    assert gate.starts("nothing here", "nothing here") == {}
    unlowered = "ſ Kremlin, Kyiv"  # text that cannot be lowered: every pattern at every place any may match
    assert gate.starts(unlowered, folding.lowered(unlowered)) == dict.fromkeys(range(5), [2, 11])


def test_prefixes_are_those_every_match_begins_with():
    assert folding._prefixes(r"(?<!\w)(?:the )?kremlin") == {"the k", "kreml"}
    assert folding._prefixes(r"(?:ab|c)d?") == {"ab", "abd", "c", "cd"}
    assert folding._prefixes(r"[а-я]\w+") == {c for c in "абвгдежзийклмнопрстуфхцчшщъыьэюя"}
    assert "" in folding._prefixes(r"(?:\w+ )?rada")
    assert folding._prefixes(r"x(?:ab)*") == {"x", "xab"}


def test_a_pattern_ending_in_dollar_is_tried_once_from_the_end():
    end = folding.ending(re.compile(r"(?<!\w)(?:south|north)(?:-?east)?\s+of\s+(?:the\s+)?[её]?$"))
    assert end.match("eht fo tsae-htuos") is None  # reversed text must end the pattern at its start
    assert end.match(" eht  fo tsaehtron si ti") and end.match("ё fo htuos") and end.match("\n fo htuos")
    assert end.match(" fo htuosx") and not end.match(" fo htuo")  # look-arounds left out: a superset
    assert end.match(" fo tsae") is None
    assert folding.ending(re.compile(r"south of")) is None and folding.ending(re.compile(r"(a)\1$")) is None


def test_windows_before_places_are_told_from_their_end_as_a_search_tells_them(corpus):
    folded = lexicon.LANDMARK_BEFORE
    windows = [text[max(0, m.start() - 60):m.start()] for text in corpus for m in re.finditer(r"\b[A-ZА-ЯІЇЄҐ]", text)]
    windows += ["100 km from ", "south of the city of\n", "на подступах к ", "берегом "]
    assert sum(folded.pattern.search(w) is not None for w in windows) > 4
    for window in windows:
        assert _spans(folded.finditer(window, folding.lowered(window))) == _spans(folded.pattern.finditer(window)), window


def _needles(source: str, flags: int = 0) -> list[str] | None:
    found = folding.needles(re.compile(source, flags))
    return None if found is None else found.pattern.split("|")


def test_needles_are_strings_one_of_which_every_match_holds():
    assert _needles(r"(?<!\w)(?:\w+ )?(?:міськ\w+|сільськ\w+) рад\w+|hambarashvili") == ["hambarashvili", "міськ", "сільськ"]
    assert _needles(r"ab(?=x)cd|e(?:fg|hh)i+") == ["abcd", "fg", "hh"]  # the surest of each branch
    assert _needles(r"(?:the )?kremlin|\d+ km") == [re.escape(" km"), "kremlin"]
    assert _needles(r"(?i:abc)de") == ["de"]  # not what case-insensitive parts match
    assert _needles(r"x?\w+|kyiv") is None and _needles("kremlin", re.I) is None
    found = folding.needles(re.compile(r"(?:city|town) military administration|kremlin"))
    assert found.search("the city military administration") and not found.search("the kremlin", 5)


def test_a_pattern_at_word_starts_with_few_first_characters_is_searched_from_their_class():
    folded = folding.Folded(re.compile(r"(?<!\w)(?:kyiv|orcs|окупант\w*)(?!\w)", re.I))
    assert folded.plan.find.pattern.startswith("[koо](?<=(?=(?<!\\w)")
    for text in ("Orcs near Kyiv; the окупанти, a Kyivan", "kkyiv kyiv", ""):
        assert _spans(folded.finditer(text, folding.lowered(text))) == _spans(folded.pattern.finditer(text))
        assert folded.starts(text, folding.lowered(text)) == [m.start() for m in folded.pattern.finditer(text)]
    for wide in (r"(?<!\w)[a-z]+", r"(?<!\w)\d+ km", r"\bkyiv"):  # a range, a category, no word-start test
        folded = folding.Folded(re.compile(wide))
        assert folded.plan.find is folded.plan.low
