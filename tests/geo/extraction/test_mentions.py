"""The mention scan's windowed searches, done in place on the article, find what searching
a copy of each window finds."""
import re
from pathlib import Path

import pytest

from geo.extraction import folding, mentions

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"

TEXTS = [
    "Russian forces entered the villages of Pisky and Vodiane, including Nevelske, namely: Krasnohorivka.",
    "Освобождены населённые пункты Ивановка, Степовое; сёла Ставки и Гаи, посёлки: Зелёное.",
    "Звільнено населені пункти Піски, села Тернове та селища Nevelske 🇺🇦 — і Ставки.",
    "SETTLEMENTS OF Kupyansk; Such As\nLyman",
]
_CAPITAL = re.compile(r"\b[A-ZА-ЯЁІЇЄҐ]")


@pytest.fixture(scope="module")
def corpus():
    texts = list(TEXTS)
    for path in sorted(ARTICLES.glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def _windows(corpus, width):
    return [(text, max(0, m.start() - width), m.start()) for text in corpus for m in _CAPITAL.finditer(text)]


def test_a_list_intro_is_found_in_place_as_in_the_window(corpus):
    windows = _windows(corpus, 40)
    found = [mentions._LIST_INTRO.search(text, folding.lowered(text), begin, end) is not None for text, begin, end in windows]
    assert found == [mentions._LIST_INTRO.pattern.search(text[begin:end]) is not None for text, begin, end in windows]
    assert sum(found) >= 8


def test_named_places_are_found_through_their_superset_as_by_their_pattern(corpus):
    texts = corpus + ["у селі Піски, село «Ставки» і selo; the village of Pisky; хутор Зелений Гай", "вселе Ставки, поселок Гаи"]
    found = [[m.span(1) for m in mentions._NAMED_PLACE.finditer(text, folding.lowered(text))] for text in texts]
    assert found == [[m.span(1) for m in mentions._NAMED_PLACE.pattern.finditer(text)] for text in texts]
    assert found[-1] == [(22, 25)]  # "вселе Ставки": no noun begins inside a word


def test_the_words_after_a_name_are_never_ruled_out_where_one_of_them_matches(corpus):
    texts = corpus + ["Kupiansk district, Lyman and Kharkiv regions, Pokrovsk direction, Dnepr group of forces",
                      "Донецкой Народной Республики, Василівського району, «Днепр» группировки, Торецькому напрямку"]
    patterns = (mentions.lexicon.REGION_NOUN, mentions._REGION_PAIR, mentions.lexicon.DISTRICT_AFTER,
                mentions._DIRECTION_AFTER, mentions.lexicon.UNIT_AFTER)
    told = 0
    for text in texts:
        for m in mentions._TOKEN.finditer(text):
            for size in (40, 60):
                matched = any(p.match(text[m.end():m.end() + size]) for p in patterns)
                assert not matched or mentions._may_tell(folding.lowered(text), m.end(), size), text[m.end():m.end() + size]
                told += matched
    assert told >= 16
