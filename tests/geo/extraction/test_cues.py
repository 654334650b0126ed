"""Cue finding: the gated and folded searches find exactly what the plain patterns find."""
from pathlib import Path

import pytest

from geo.extraction import cues, folding, lexicon
from geo.extraction.sentences import window
from geo.model import Kind

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"

TEXTS = [
    "Russian forces had NOT been captured Kupyansk; Kyiv allegedly «liberated» 80% of it.",
    "Мол, их штурмовики «освободили» половину Часова Яра, но это не соответствует действительности.",
    "Сили оборони нібито «звільнили» околиці; окупованої частини міста це не стосується.",
    "ſ and İstanbul: text that is not lowered, where the plain patterns are used.",
    "",
]


@pytest.fixture(scope="module")
def corpus():
    texts = list(TEXTS)
    for path in sorted(ARTICLES.glob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts + [t.upper() for t in texts[:40]]


def _spans(matches):
    return [(m.span(), m.groups(), m.lastgroup) for m in matches]


def test_each_cue_pattern_is_found_from_the_starts_its_gate_gives_it(corpus):
    for text in corpus:
        low = folding.lowered(text)
        for lang, makers in cues._CUE_MAKERS.items():
            for start in (0, 7):
                starts = cues._CUE_GATE[lang].starts(text, low, start)
                for row, (pattern, _) in enumerate(makers):
                    expected = [m for m in pattern.finditer(text) if m.start() >= start]
                    found = list(folding.matches_at(pattern, text, starts.get(row, [])))
                    assert _spans(found) == _spans(expected), (pattern.pattern[:60], text)


def test_the_checks_before_and_after_a_cue_see_what_their_patterns_see(corpus):
    folded = [cues._NEGATED_SPEECH, cues._NEGATION, cues._ALLEGED, cues._MODAL, cues._PREMATURE, cues._STRIKE,
              cues._HEDGE, cues._INFINITIVE, cues._FUTURE, cues._ATTRIBUTIVE, cues._TEMPORAL,
              cues._ENCIRCLED_ATTRIBUTE, cues._DESCRIPTIVE_PART]
    for text in corpus:
        low = folding.lowered(text)
        for at in range(0, len(text), 9):
            part, low_part = window(text, low, max(0, at - 25), at)
            for pattern in folded:
                assert _spans(pattern.finditer(part, low_part)) == _spans(pattern.pattern.finditer(part))
                assert _spans(pattern.finditer(text, low, max(0, at - 30), at)) == _spans(
                    pattern.pattern.finditer(text, max(0, at - 30), at))


def test_the_window_checks_end_in_dollar_so_they_are_tried_once_from_the_end():
    for pattern in (cues._NEGATION, cues._ALLEGED, cues._INFINITIVE, cues._ATTRIBUTIVE, cues._TEMPORAL,
                    cues._ENCIRCLED_ATTRIBUTE, cues._DESCRIPTIVE_PART):
        assert pattern.plan.end is not None, pattern.pattern.pattern[:60]


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Russian forces captured Kupyansk, the ministry said.", "en", [(Kind.CAPTURED, "plain", None)]),
    ("Kupyansk had not been captured, Kyiv said.", "en", [(Kind.DENIED, "negated", None)]),
    ("Russian troops plan to capture Kupyansk.", "en", []),
    ("ВС РФ якобы «освободили» Купянск.", "ru", [(Kind.CAPTURED, "plain", True)]),
    ("Под контролем уже около 80 процентов города.", "ru", [(Kind.PARTIAL, "modifier", None)]),
    ("Бої тривають в окупованій частині міста.", "uk", [(Kind.CONTESTED, "plain", None)]),
])
def test_cues_of_a_sentence(text, lang, found):
    got = cues.find_cues(text, lang)
    assert [(c.kind, c.style, c.alleged or None) for c in got] == found
