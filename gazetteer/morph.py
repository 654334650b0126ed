"""Lemmas of inflected Cyrillic place names ("в Купянске", "Авдеевку", "у Вовчанську").

Two tools: a cheap suffix stripper used on both the index and the query, and pymorphy3's
lemmas (Russian and Ukrainian dictionaries, imported on first use) for the alternations
that stripping misses (Харкові → харків).
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection

from gazetteer.names import has_russian_letters, looks_russian

# Case endings of Russian and Ukrainian nouns and adjectives, longest first.
_ENDING = re.compile(
    r"(?:ами|ями|ого|его|ому|ему|ові|еві|ою|ею|ої|ій|ім|ой|ей|ом|ем|ам|ям|ах|ях|ую|юю|ая|яя|ое|ее"
    r"|ые|ие|ый|ий|а|я|о|е|є|у|ю|ы|и|і|ї|ь|й)$")
_MIN_STEM = 3
_MAX_LEMMA_COMBOS = 16
# pymorphy3's Ukrainian dictionary spells the apostrophe ASCII; ’ and ʼ send words to the guesser.
_APOSTROPHE = str.maketrans({"’": "'", "ʼ": "'"})
_CONSONANT = re.compile(r"[бвгґджзклмнпрстфхцчшщ]")


def stem(name_key: str) -> str:
    """Each word of a Cyrillic key without its case ending: "часовом яре" → "часов яр"."""
    words = []
    for word in name_key.split(" "):
        cut = _ENDING.sub("", word)
        words.append(cut if len(cut) >= _MIN_STEM else word)
    return " ".join(words)


# A Ukrainian noun whose nominative closes its last syllable with і (ї) opens it with о, е
# (є) in the other cases: Оріхів/Оріхова, Харків/Харкова, Київ/Києва, Бориспіль/Борисполя.
_OPENED = re.compile(r"^(.+?)([оеє])([бвгґджзклмнпрстфхцчшщ])(ь?)(ові|еві|ом|ем|ою|а|у|і|я|ю)$")
_CLOSED = {"о": "і", "е": "і", "є": "ї"}
_SOFT_ENDINGS = frozenset(("я", "ю", "ем", "еві", "і"))


def closed_nominatives(name_key: str) -> tuple[str, ...]:
    """Nominatives with і a Ukrainian case form may come from: "оріхова" → "оріхів",
    "києва" → "київ", "борисполя" → "бориспіль" (the last word only)."""
    head, _, word = name_key.rpartition(" ")
    match = _OPENED.match(word)
    if match is None or len(match[1]) < 2:
        return ()
    start, vowel, consonant, soft, ending = match.groups()
    closed = start + _CLOSED[vowel] + consonant
    forms = [closed + "ь", closed] if soft or ending in _SOFT_ENDINGS else [closed]
    prefix = head + " " if head else ""
    return tuple(prefix + f for f in forms)


def lemma_frames(word: str) -> tuple[str, ...]:
    """A word cut after its last, second-last or third-last consonant: the frames it shares
    with its case forms (see :func:`may_lemmatise_to`)."""
    return tuple(dict.fromkeys(_frames(word, (0, 1, 2))))


def may_lemmatise_to(word: str, frames: Collection[str]) -> bool:
    """Whether a word can be a case form of a word with one of these :func:`lemma_frames`.

    A case form and its lemma agree up to their last two consonants at most, after which
    endings add consonants and vowels alternate (Ківшарівці/Ківшарівка → ківшар,
    Часовому/Часів → час, Кременця/Кременець → крем), so a word whose frame no indexed
    word has need not go to pymorphy3.
    """
    return _frames(word, (2,))[0] in frames


def _frames(word: str, cuts: tuple[int, ...]) -> list[str]:
    """The word cut after its last consonant but ``cut``, for each cut ("" when too short)."""
    ends = [m.end() for m in _CONSONANT.finditer(word)]
    return [word[:ends[-cut - 1]] if len(ends) > cut else "" for cut in cuts]


@functools.cache
def analyzer(lang: str):
    """pymorphy3's analyzer for ``"ru"`` or ``"uk"``, made once per process and shared with
    :mod:`geo.extraction.nonplaces`: each one costs tens of milliseconds to make."""
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("lemmatising Cyrillic needs pymorphy3 and pymorphy3-dicts-ru/-uk") from exc
    return pymorphy3.MorphAnalyzer(lang=lang)


@functools.lru_cache(maxsize=16384)
def lemmas(word: str) -> tuple[str, ...]:
    """Every normal form pymorphy3 offers for a word, Russian and Ukrainian, best first.

    A word with a Ukrainian-only letter (і ї є ґ ') is not parsed as Russian, nor one with a
    Russian-only letter (ы э ъ) as Ukrainian: the parse is most of a miss's cost.
    """
    word = word.translate(_APOSTROPHE).lower()
    russian, ukrainian = analyzer("ru"), analyzer("uk")
    fitting = ((russian, looks_russian(word)), (ukrainian, not has_russian_letters(word)))
    analyzers = [analyzer for analyzer, fits in fitting if fits]
    forms = dict.fromkeys(p.normal_form for analyzer in analyzers for p in analyzer.parse(word))
    return tuple(forms)


@functools.lru_cache(maxsize=65536)
def lemma_forms(name_key: str) -> tuple[str, ...]:
    """Keys the words of a Cyrillic key may stand for, lemma by lemma ("часовому ярі" → "часів яр").

    Cached by key: text scanning asks for the same non-place words again and again.
    """
    options = [lemmas(word) or (word,) for word in name_key.split(" ")]
    return tuple(" ".join(words) for words in itertools.islice(itertools.product(*options), _MAX_LEMMA_COMBOS))
