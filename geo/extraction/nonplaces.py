"""Capitalised words that are not settlements though the gazetteer knows a place of that
name: adjectives agreeing with their noun, people (a first name and surname, a title
before a name or in apposition after it, a name next to a speech verb), and function words and common nouns
capitalised at the start of a sentence ("Под контролем", "Кроме того", "Поводом")."""
from __future__ import annotations

import functools
import re

from gazetteer.names import has_cyrillic
from geo.extraction import folding, lexicon

_UKRAINIAN = re.compile("[іїєґ]")
_RUSSIAN = re.compile("[ыэъё]")
_NEXT_WORD = re.compile(r" ([а-яёіїєґ'’-]{3,})")
# A verb of saying right before or after a name: "сказав Петренко", "Smith said".
_SAYS = (r"(?:said|says|told|added|wrote|сказал\w*|сказав|сказала|заявил\w*|заяви(?:в|ла|ли)|зазначи(?:в|ла)|отметил\w*|додав|"
         r"добавил\w*|написал\w*|написав|написала|сообщил\w*|повідоми(?:в|ла|ли)|подчеркнул\w*|наголоси(?:в|ла))")
_SAYS_WORD = re.compile(_SAYS, re.I)
_WORD = re.compile(r"\w+")
_SAYS_AFTER = re.compile(rf"^\s+{_SAYS}(?!\w)", re.I)
# "Haidai wrote", "Tymoshenko, deputy head of the President's Office, wrote"
_SAYS_AFTER_NAME = re.compile(rf"(?:,\s+[^,.;:!?\"«»“”]{{3,60}},)?,?\s+{_SAYS}(?!\w)", re.I)
# a closing quotation mark, not one opening a quoted predicate ('said Kupiansk "remains ...')
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?»”)]|\"(?!\w)|$)")
_TITLE_BEFORE = folding.Folded(lexicon.TITLE_BEFORE)
# parts of speech a settlement's name never has
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})


def is_person(text: str, tokens: list[tuple[int, int]], i: int) -> bool:
    """A first name before a surname: after a title ("Governor Oleh Synjehubow") or before
    one in apposition ("Serhii Lytvyn, a spokesman for ..."), with a speech verb, or one the
    dictionary knows as a first name ("Владислав Петренко")."""
    if (i + 1 >= len(tokens) or not text[tokens[i][0]].isupper() or text[tokens[i][1]:tokens[i + 1][0]] != " "
            or not text[tokens[i + 1][0]].isupper()):
        return False
    if _TITLE_BEFORE.search(text, folding.lowered(text), max(0, tokens[i][0] - 60), tokens[i][0]) is not None:
        return True
    if (_SAYS_AFTER_NAME.match(text, tokens[i + 1][1]) and text[max(0, tokens[i][0] - 2):tokens[i][0]] in (", ", '" ', "» ", "” ", "— ")
            or _says_before(text[max(0, tokens[i][0] - 20):tokens[i][0]]) or lexicon.TITLE_AFTER.match(text, tokens[i + 1][1])):
        return True  # "the head ..., Oleg Grygorov, said", '..." Serhiy Haidai wrote', "said Oleg Grygorov", "Serhii Lytvyn, a spokesman for"
    word = text[tokens[i][0]:tokens[i][1]]
    return has_cyrillic(word[:1]) and _is_first_name(word.lower())


def is_speaker(text: str, begin: int, end: int) -> bool:
    """A name a speech verb goes with: "…, – сказав Петренко.", "Smith said"."""
    before = text[max(0, begin - 20):begin]
    return bool(_says_before(before) and _CLAUSE_END.match(text, end) or _SAYS_AFTER.match(text[end:end + 20]))


def _says_before(window: str) -> bool:
    """Whether ``window`` ends with a verb of saying, maybe a comma, and a space: what a
    search of ``(?<!\\w)SAYS,?\\s+$`` tells. A verb is one word, so its last word (read
    backwards, as a search for a word at the end tries every position) tells alone."""
    head = window.rstrip()
    if len(head) == len(window):
        return False
    word = _WORD.match(head.removesuffix(",")[::-1])
    return word is not None and _is_says(word.group()[::-1])


@functools.lru_cache(maxsize=8192)
def _is_says(word: str) -> bool:
    return _SAYS_WORD.fullmatch(word) is not None


def surname_stem(surname: str) -> str:
    """A Cyrillic surname without its last letter, which case endings change
    ("Борідько", "Борідька", "Борідьком"; "Ковальов", "Ковальова")."""
    return surname[:-1] if len(surname) > 4 and has_cyrillic(surname[-1]) else surname


def is_cyrillic(word: str) -> bool:
    return has_cyrillic(word[:1])


@functools.lru_cache(maxsize=8192)
def is_function_word(word: str) -> bool:
    """"Под", "Кроме", "Наши": a preposition, conjunction, particle or pronoun."""
    if not has_cyrillic(word[:1]):
        return False
    lower = word.lower().replace("’", "'")
    parses = _analyzer("uk" if _UKRAINIAN.search(lower) else "ru").parse(lower)
    return bool(parses) and parses[0].tag.POS in _FUNCTION_POS


def is_common_noun(text: str, begin: int, end: int) -> bool:
    """"Поводом для слухов стали…": a sentence opening with a dictionary noun in a case no
    bare place name takes there (instrumental, dative, locative) is no village of that name."""
    if text[max(0, begin - 3):begin].strip(" «\"“-—–") not in ("", ".", "!", "?") and "\n" not in text[max(0, begin - 3):begin]:
        return False
    return _common_noun(text[begin:end].lower())


@functools.lru_cache(maxsize=8192)
def _common_noun(word: str) -> bool:
    """An oblique-case dictionary noun in every language the spelling allows: "дачне", a
    Ukrainian adjective, is no Russian noun though the Russian analyser guesses one."""
    if not has_cyrillic(word[:1]):
        return False
    langs = ("uk",) if _UKRAINIAN.search(word) else ("ru",) if _RUSSIAN.search(word) else ("ru", "uk")
    return all(_oblique_noun(_analyzer(lang).parse(word)) for lang in langs)


def _oblique_noun(parses) -> bool:
    best = parses[0] if parses else None
    return (best is not None and best.score >= 0.9 and best.tag.POS == "NOUN" and best.tag.case in _OBLIQUE
            and "Geox" not in best.tag.grammemes)


_OBLIQUE = frozenset({"ablt", "datv", "loct"})


def is_adjective(text: str, begin: int, end: int) -> bool:
    """"Украинская сторона", "Українські воїни": a capitalised adjective agreeing with the
    noun after it is an attribute, not a village named like one ("Удачне залишається")."""
    following = _NEXT_WORD.match(text, end)
    word = text[begin:end]
    if following is None or not has_cyrillic(word[:1]):
        return False
    return _agrees(word.lower(), following.group(1).replace("’", "'"))


def opens_unknown_name(text: str, tokens: list[tuple[int, int]], i: int) -> bool:
    """"Малая Локня", "Малой Локни": a capitalised adjective agreeing with the capitalised word
    after it opens a two-word name; where the gazetteer knows no such name, neither word
    alone is the place ("Малая" is no village Male, "Локня" no Loknia in Sumy oblast). In
    Latin letters, a Russian adjective's transliterated ending tells ("Malaya Loknya",
    "Kazachya Loknya")."""
    if (i + 1 >= len(tokens) or not text[tokens[i][0]].isupper() or text[tokens[i][1]:tokens[i + 1][0]] != " "
            or not text[tokens[i + 1][0]].isupper()):
        return False
    word = text[tokens[i][0]:tokens[i][1]]
    if not has_cyrillic(word[:1]):
        return _LATIN_ADJECTIVE.fullmatch(word) is not None
    return _agrees(word.lower(), text[tokens[i + 1][0]:tokens[i + 1][1]].lower().replace("’", "'"))


# Russian adjectives as the press transliterates them: "Malaya", "Kazachya", "Krasnoye", "Bolshoy"
_LATIN_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:aya|chya|shya|zhya|oye|oy|iy|yy|yi)")


@functools.lru_cache(maxsize=8192)
def _agrees(adjective: str, noun: str) -> bool:
    analyzer = _analyzer("uk" if _UKRAINIAN.search(adjective + noun) else "ru")
    adjectives = [p.tag for p in analyzer.parse(adjective) if p.tag.POS == "ADJF"]
    nouns = [p.tag for p in analyzer.parse(noun) if p.tag.POS == "NOUN"]
    return any(a.case == n.case and a.number == n.number and (a.gender is None or n.gender is None or a.gender == n.gender)
               for a in adjectives for n in nouns)


@functools.lru_cache(maxsize=8192)
def _is_first_name(word: str) -> bool:
    parses = _analyzer("uk" if _UKRAINIAN.search(word) else "ru").parse(word)
    # the tag class is shared between the analyzers: test the plain grammeme set (see notes §7)
    return bool(parses) and "Name" in parses[0].tag.grammemes and parses[0].score >= 0.5


@functools.cache
def _analyzer(lang: str):
    # The gazetteer's analyzers: ingest has them loaded already for lemmas.
    from gazetteer.morph import analyzer

    return analyzer(lang)
