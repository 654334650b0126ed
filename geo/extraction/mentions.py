"""Settlement and oblast mentions in article text, found with the gazetteer's fast path.

Capitalised n-grams (up to three words) are looked up exactly (the gazetteer lemmatises
inflected Cyrillic forms); names in a list next to a known one ("the settlements of A, B
and C") get a fuzzy look-up and are kept, unresolved, when nothing matches. The oblasts
named in the article and the other places found are the context that resolves
same-named villages.
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from gazetteer.distance import distance_km
from geo.extraction import folding, lexicon, nonplaces

log = logging.getLogger(__name__)

MAX_WORDS = 3
# a letter, then word characters, apostrophes and hyphens up to the last letter or digit: the
# look-behind backs the run off to it, where an optional group ending in one (the same
# tokens) costs re a repeat's bookkeeping at each of the article's hundreds of words
_TOKEN = re.compile(r"[^\W\d_][\w'’ʼ-]*(?<=[^\W_])")
_POSSESSIVE = re.compile(r"['’]s$")
# searched before every capitalised word that starts no mention: through its superset
_LIST_INTRO = folding.Folded(re.compile(r"(?:settlements|villages|towns|localities|such as|including|namely|населённы\w+ пункт\w+|"
                                        r"населен\w+ пункт\w+|сёла|села|сел|посёлки|селища)\s*(?:of\s+)?:?\s*$", re.I))
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|и\s+|і\s+|та\s+)?|\s+(?:and|и|і|та|й)\s+)$", re.I)
_REGION_PAIR = re.compile(r"^\s+(?:and|и|і|та)\s+([^\W\d_][\w'’-]*)\s+(?:regions|provinces|oblasts|областей|областях|областях)",
                          re.I)
# "на Харківщині", "на Запоріжжі": a region named by its locative
_LOCATIVE_REGION = re.compile(r"(?<!\w)на\s+$")
# "Харківщина", "Донеччини": an oblast's everyday name
_OBLAST_NICKNAME = re.compile(r"(?:щин|чин)\w$")
FUZZY_FLOOR = 0.8
# candidates closer than this in score are told apart by context
CLOSE_CALL = 0.03
# a listed village this far from its neighbours in the list is suspect
FAR_KM = 250
LIST_SPAN = 60
# population from which a resolved place is not second-guessed
CITY = 50_000
# most points of other places passed as context to one look-up
MAX_CONTEXT = 8


class Resolver(Protocol):
    """What extraction needs from a gazetteer; :class:`gazetteer.Gazetteer` is one."""

    def lookup(self, name: str, region: str | None = None, near: Any = None, limit: int = 5,
               context: Sequence[tuple[float, float]] = (), fuzzy: bool = True) -> list[Any]: ...

    def region(self, text: str) -> str | None: ...


@dataclasses.dataclass(slots=True)
class Mention:
    """A settlement named at ``begin:end``; ``place`` is its resolved candidate, or None."""

    as_written: str
    begin: int
    end: int
    candidates: list[Any]
    region: str | None = None
    place: Any = None
    near: tuple[float, float] | None = None  # the town of a raion or axis named next to it
    word: bool = False  # a common word of the language, kept only when listed with places
    text: str = dataclasses.field(default="", repr=False)  # the article, for :attr:`landmark`
    _landmark: bool | None = dataclasses.field(default=None, repr=False)

    @property
    def landmark(self) -> bool:
        """Whether the text names the place only to locate something else ("100 km from X",
        "the X front"); worked out when first asked, as most mentions are never asked."""
        if self._landmark is None:
            before, after = self.text[max(0, self.begin - 60):self.begin], self.text[self.end:self.end + 30]
            self._landmark = bool(lexicon.landmark_before(before) or lexicon.AXIS_AFTER.match(after))
        return self._landmark


@dataclasses.dataclass(slots=True)
class Mentions:
    """The settlements and oblasts of one article."""

    places: list[Mention]
    regions: list[tuple[int, str]]


def find_mentions(text: str, resolve: Resolver, wanted: Callable[[int], bool] | None = None,
                  common: Callable[[str], float] | None = None) -> Mentions:
    """Settlement and oblast mentions of ``text``, settlements resolved with their context.

    ``wanted(offset)`` limits the (slower) resolution in context to the mentions that may
    carry a claim; the others keep their best plain candidate. ``common(word)`` is how
    common a word a name is in the text's language (Zipf frequency): a common word is no
    village unless the text makes it one ("the village of Pisky", "в селе Зелёное").
    """
    tokens = list(map(re.Match.span, _TOKEN.finditer(text)))
    capitals = [k for k, (begin, _) in enumerate(tokens) if text[begin].isupper()]  # most words: no name starts there
    opening = {k for k in capitals if nonplaces.opens_unknown_name(text, tokens, k)}
    low = folding.lowered(text)
    cache: dict[str, list[Any]] = {}
    places: list[Mention] = []
    regions: list[tuple[int, str]] = []
    areas: list[tuple[int, tuple[float, float]]] = []
    surnames: set[str] = set()  # of the people the article names in full
    unused = 0  # the first token no name found so far covers
    for i in capitals:
        if i < unused:
            continue
        if nonplaces.is_person(text, tokens, i):
            # "речник Генштабу Андрій Ковальов": after a title, the person may begin a word later
            first = i + 1 if i + 2 < len(tokens) and nonplaces.is_person(text, tokens, i + 1) else i
            surnames.add(nonplaces.surname_stem(_word(text, tokens[first + 1])).casefold())
            unused = first + 2
            continue
        unused = i + max(_scan_at(text, low, tokens, i, resolve, cache, places, regions, areas, opening, common), 1)
    places[:] = _without_words(text, places)
    places += _unknown_places(text, places)
    _extend_lists(text, tokens, capitals, opening, places, resolve)
    places[:] = [m for m in places if not _surname(text, m, surnames)]
    places.sort(key=lambda m: m.begin)
    _resolve_in_context(places, regions, areas, resolve, wanted or (lambda offset: True))
    _check_coherence(places, resolve, wanted or (lambda offset: True))
    _same_place_again(places, resolve)
    return Mentions(places, regions)


def _scan_at(text, low, tokens, i, resolve, cache, places, regions, areas, opening, common=None) -> int:
    """Try the longest capitalised n-gram at token ``i`` (a capitalised one); returns how many tokens it used.
    ``low`` is :func:`folding.lowered` ``text``; ``opening`` holds the tokens that open an unknown
    two-word name (:func:`nonplaces.opens_unknown_name`)."""
    start = tokens[i][0]
    if _word(text, tokens[i]).casefold() in lexicon.NOT_PLACES:
        return 1
    region_of = _REGION_OF.search(text, max(0, start - 20), start) if _of_before(text, start) else None
    if region_of and region_of.end() == start:
        _add_region(f"{_word(text, tokens[i])} region", start, resolve, regions)
        return 1
    for n in range(_name_run(text, tokens, i), 0, -1):
        end = tokens[i + n - 1][1]
        name = _POSSESSIVE.sub("", text[start:end])
        after = text[end:end + 60]
        if n == 1 and _OBLAST_NICKNAME.search(name) and (oblast := resolve.region(name)):
            regions.append((start, oblast))  # "Харківщини": the oblast, not the village named so
            return 1
        if n == 1 and _LOCATIVE_REGION.search(text[max(0, start - 4):start]):
            region = _locative_region(name, resolve, cache)
            if region is not None:
                if region:
                    regions.append((start, region))
                return 1
        told = _may_tell(low, end, 60)  # after most names, none of the words below
        noun = told and lexicon.REGION_NOUN.match(after)
        if noun and n > 1:
            continue
        if noun:
            _add_region(text[start:end + noun.end()], start, resolve, regions)
            return n + len(_TOKEN.findall(noun.group(0)))  # "Народной Республики" is no village either
        pair = told and _REGION_PAIR.match(after)
        if pair:
            _add_region(f"{name} region", start, resolve, regions)
            _add_region(f"{pair.group(1)} region", end + pair.start(1), resolve, regions)
            return n + 2
        district = told and lexicon.DISTRICT_AFTER.match(after)
        if n > 1 and district:
            continue  # "Плавні Василівського району": the last word alone names the raion
        if n == 1 and (district or told and _DIRECTION_AFTER.match(after)):
            point = _area_point(name, resolve, cache)
            if point is not None:
                areas.append((start, point))
        if told and lexicon.UNIT_AFTER.match(after) or district or _unit_before(text, start):
            return n
        if n == 1 and i in opening:
            return 2
        found = _fast(name, resolve, cache)
        if found and n == 1 and (nonplaces.is_adjective(text, start, end) or nonplaces.is_speaker(text, start, end)
                                 or nonplaces.is_function_word(name) or nonplaces.is_common_noun(text, start, end)):
            return 1
        if found:
            mention = _mention(text, name, start, end, found)
            mention.word = n == 1 and common is not None and _common_word(text, start, name, found, common)
            places.append(mention)
            return n
    return 1


_REGION_OF = re.compile(r"\b(?:region|oblast|province)\s+of\s+(?:the\s+)?", re.I)
# How common a word must be to be taken for a word, not a village: anywhere, and at the
# start of a sentence, where every word is capitalised (Zipf frequency, wordfreq's scale)
COMMON_WORD, COMMON_AT_START = 4.5, 3.0
# "the village of Pisky", "в селе Зелёное", "у селі Піски": the text makes the word a place
_PLACE_NOUNS = (r"(?:village|town|city|settlement|hamlet|село|селе|села|селу|селом|селі|селище|селища|селищі|селищем|посёлок|"
                r"поселок|посёлке|поселке|посёлка|поселка|посёлком|поселком|деревн\w+|хутор\w*|місто|міста|місті|містом|город|"
                r"города|городе|городом|населенн?\w+ пункт\w*|населен\w+ пункт\w*)(?:\s+of)?\s+[«\"“]?")
_PLACE_NOUN = re.compile(_PLACE_NOUNS + "$", re.I)
# "the village of Xyz", "селом Новоолександрівка": a settlement even when no source knows it
_NAMED = _PLACE_NOUNS + r"((?-i:[A-ZА-ЯЁІЇЄҐ])[\w'’ʼ-]+(?:[ -](?-i:[A-ZА-ЯЁІЇЄҐ])[\w'’ʼ-]+)?)"
# Searched in whole articles, through a superset that leaves the look-behind to the pattern,
# which checks it at each candidate: opening with the nouns, the superset lets re skip to
# their first letters at once, where a look-behind first makes it try every position.
_NAMED_PLACE = folding.Folded(re.compile(r"(?<!\w)" + _NAMED, re.I), folding.superset(re.compile(_NAMED, re.I)))
# "Ставки Донецької області", "Pisky, Donetsk region": the region named next makes it a place
_REGION_NEXT = re.compile(r",?\s+(?:[А-ЯІЇЄҐ]\w*(?:ської|ской|цької|цкой|зької|зкой)|[A-Z]\w+\s+(?:region|oblast|province))(?!\w)")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:\n—–-]\s*[«\"“]?|^\W*)\s*$")


def _unknown_places(text: str, places: list[Mention]) -> list[Mention]:
    """Names the text calls a settlement ("the village of X") that no mention covers: kept
    unresolved, so that their claims are stored and `claims resolve` can place them later."""
    taken = [(m.begin, m.end) for m in places]
    found = []
    for m in _NAMED_PLACE.finditer(text, folding.lowered(text)):
        begin, end = m.span(1)
        name = _POSSESSIVE.sub("", m.group(1))
        if (name.casefold() in lexicon.NOT_PLACES or any(b < end and begin < e for b, e in taken)
                or lexicon.REGION_NOUN.match(text[begin + len(name):begin + len(name) + 40])):
            continue  # "населенные пункты Харьковской области": the oblast, no village
        found.append(_mention(text, name, begin, begin + len(name), []))
    return found


def _surname(text: str, mention: Mention, surnames: set[str]) -> bool:
    """A one-word mention that is the surname of someone the article named in full
    ("Андрій Демченко ... — сказав Демченко"), unless the text makes it a place."""
    word = mention.as_written.casefold()
    return (" " not in word and any(word.startswith(stem) and len(word) - len(stem) <= 3 for stem in surnames)
            and not _PLACE_NOUN.search(text[max(0, mention.begin - 30):mention.begin]))


def _without_words(text: str, places: list[Mention]) -> list[Mention]:
    """The mentions less those that are common words, unless listed with a place
    ("поблизу Гірника, Українська та Цукурино") or named as one elsewhere in the article
    ("«Красне контролюють наші підрозділи»" before "звільнили Стрілечу, Красне, Пильну")."""
    listed = [not m.word or any(0 <= j < len(places) and not places[j].word and _LIST_GLUE.match(
        text[min(m.end, places[j].end):max(m.begin, places[j].begin)]) for j in (i - 1, i + 1))
        for i, m in enumerate(places)]
    named = {m.as_written for m, keep in zip(places, listed) if keep}
    return [m for m, keep in zip(places, listed) if keep or m.as_written in named]


def _common_word(text: str, start: int, name: str, found: list[Any], common: Callable[[str], float]) -> bool:
    """Whether a one-word name is a common word of the language here ("As a result", "Now",
    "Города"), not the village of that name; a city is always itself."""
    zipf = common(name)
    if not zipf or (getattr(found[0], "population", 0) or 0) >= CITY:
        return False
    before = text[max(0, start - 30):start]
    if _PLACE_NOUN.search(before) or _REGION_NEXT.match(text, start + len(name)):
        return False
    return zipf >= COMMON_WORD or zipf >= COMMON_AT_START and _SENTENCE_START.search(before) is not None


def _of_before(text: str, start: int) -> bool:
    """Whether "of" stands in the 20 characters before ``start``: no "region of" without it."""
    return "of" in text[max(0, start - 20):start].lower()


def _unit_before(text: str, start: int) -> bool:
    """"группировки «Днепр»": a unit's name in quotes. The quote must end the window, or
    come right before its final line break, for the search to be worth running."""
    before = text[max(0, start - 40):start]
    return before.rstrip("\n")[-1:] in _OPENING_QUOTES and lexicon.UNIT_BEFORE.search(before) is not None


_OPENING_QUOTES = frozenset('«"“')
_DIRECTION_AFTER = re.compile(r"^[\"”»]?[\s-]*(?:direction|axis|front|sector|направлени\w+|напрям\w+)(?!\w)", re.I)
# The words after a name that make it something else (an oblast, a raion, a unit) or locate
# another place by it: each case-insensitive match costs re thousands of instructions, and
# after most names none matches, which their union's superset on the lowered text tells at once.
_TELLING = folding.superset(re.compile("|".join(f"(?:{p.pattern})" for p in (
    lexicon.REGION_NOUN, _REGION_PAIR, lexicon.DISTRICT_AFTER, _DIRECTION_AFTER, lexicon.UNIT_AFTER)), re.I))


def _may_tell(low: str | None, end: int, size: int) -> bool:
    """Whether one of the words after a name (:data:`_TELLING`) may open the ``size``
    characters from ``end``; ``low`` is :func:`folding.lowered` text (None: it may)."""
    return low is None or _TELLING.match(low[end:end + size]) is not None  # their "^": on the window itself


# "Торецькому", "Василівського", "Константиновском": the adjective of a town naming its raion or axis
_TOWN_ADJECTIVE = re.compile(r"^(.+?)(ськ|цьк|зьк|ск|цк)(?:ому|ого|ий|ій|ім|им|ом|ой|ый|ая|ої|а|е|и)$")
# how far a raion or axis named before a village (the same paragraph, roughly) or after it locates it
AREA_BEFORE, AREA_AFTER = 250, 60


def _area_point(name: str, resolve: Resolver, cache: dict[str, list[Any]]) -> tuple[float, float] | None:
    """The point of the town a raion or axis is named after: "Василівського району" is
    Vasylivka's, "Торецькому напрямку" Toretsk's; the most populous reading wins."""
    m = _TOWN_ADJECTIVE.match(name)
    tries = [name] if m is None else [m.group(1) + m.group(2), m.group(1) + "ка", m.group(1), m.group(1) + "е"]
    found = [c for t in tries for c in _fast(t, resolve, cache)[:1]]
    best = max(found, key=lambda c: getattr(c, "population", 0) or 0, default=None)
    return (best.lat, best.lon) if best is not None else None


def _locative_region(name: str, resolve: Resolver, cache: dict[str, list[Any]]) -> str | None:
    """"на Харківщині", "на Запоріжжі": after "на" an oblast's own name or its -щина form
    stands for the oblast, not the city."""
    region = resolve.region(name)
    if region:
        return region
    found = _fast(name, resolve, cache)
    if found and found[0].admin1 and found[0].name == found[0].admin1:
        return found[0].admin1
    return "" if _OBLAST_NICKNAME.search(name) else None


def _name_run(text: str, tokens: list[tuple[int, int]], i: int) -> int:
    """How many tokens from ``i`` on, at most :data:`MAX_WORDS`, form a name: each next one
    capitalised and one space after the one before."""
    n = 1
    while (n < MAX_WORDS and i + n < len(tokens) and text[tokens[i + n - 1][1]:tokens[i + n][0]] == " "
           and text[tokens[i + n][0]].isupper()):
        n += 1
    return n


def _word(text: str, token: tuple[int, int]) -> str:
    return _POSSESSIVE.sub("", text[token[0]:token[1]])


def _fast(name: str, resolve: Resolver, cache: dict[str, list[Any]]) -> list[Any]:
    if name not in cache:
        found = _exact(name, resolve)
        for guess in _nominatives(name):
            other = _exact(guess, resolve)
            if other and (not found or other[0].score > found[0].score):
                found = other
        cache[name] = found
    return cache[name]


def _exact(name: str, resolve: Resolver) -> list[Any]:
    try:
        return resolve.lookup(name, fuzzy=False)
    except ValueError as exc:  # InvalidQuery: a name the gazetteer refuses
        log.debug("lookup %r refused: %s", name, exc)
        return []


# Genitive endings of plural names and of names in -ь, which the lemmatiser does not
# undo for villages it does not know: "Ставков" (Ставки), "Улаклов" (Улакли),
# "Константинополя" (Константинополь), "Гаев" (Гаи), "Лозовеньей" (-ьи), "Лук'янців" (Лук'янці).
_GENITIVES = (("ов", ("ы", "и")), ("ев", ("и", "ы")), ("ей", ("и", "ь")), ("я", ("ь",)), ("ів", ("і", "и")), ("їв", ("ї",)))


def _nominatives(name: str) -> list[str]:
    """Nominatives a Cyrillic genitive may stand for; the exact reading wins on a tie."""
    if " " in name or not nonplaces.is_cyrillic(name):
        return []
    return [name[:-len(ending)] + nominative for ending, nominatives in _GENITIVES if name.endswith(ending)
            for nominative in nominatives][:2]


def _mention(text: str, name: str, begin: int, end: int, candidates: list[Any]) -> Mention:
    return Mention(name, begin, end, list(candidates), text=text)


def _add_region(phrase: str, begin: int, resolve: Resolver, regions: list[tuple[int, str]]) -> None:
    region = resolve.region(phrase)
    if region:
        regions.append((begin, region))


def _extend_lists(text: str, tokens, capitals: list[int], opening: set[int], places: list[Mention],
                  resolve: Resolver) -> None:
    """Capitalised words listed next to a known settlement, or after "the villages of", are
    settlements too: look them up fuzzily, keep them unresolved when nothing matches.
    ``capitals`` are the capitalised tokens; ``opening`` those opening an unknown two-word
    name, which is no list member, and neither is its second word."""
    starts = {m.begin for m in places}
    ends = {m.end for m in places}
    low = folding.lowered(text)
    for k in capitals:
        begin, end = tokens[k]
        if begin in starts or k in opening or k - 1 in opening:
            continue
        word = _word(text, (begin, end))
        after = text[end:end + 40]
        if word.casefold() in lexicon.NOT_PLACES or _may_tell(low, end, 40) and (
                lexicon.UNIT_AFTER.match(after) or lexicon.REGION_NOUN.match(after)):
            continue  # "сел Харьковской области": the oblast, no village
        # most words have no mention within the gap: sets tell at once
        glued = not (ends.isdisjoint(range(begin - 8, begin)) and starts.isdisjoint(range(end + 1, end + 9))) and any(
            begin - gap in ends and _LIST_GLUE.match(text[begin - gap:begin])
            or end + gap in starts and _LIST_GLUE.match(text[end:end + gap]) for gap in range(1, 9))
        # the pattern looks at nothing before its match (no look-behind, no \b): searching the
        # window in place finds what searching a copy of it would
        if not (glued or _LIST_INTRO.search(text, low, max(0, begin - 40), begin)):
            continue
        if any(m.begin < begin < m.end for m in places):
            continue  # the second word of a name found already ("Nova Kakhovka and ...")
        try:
            found = [c for c in resolve.lookup(word, fuzzy=True, limit=3) if c.score >= FUZZY_FLOOR]
        except ValueError:
            found = []
        if not found and _SENTENCE_START.search(text, max(0, begin - 3), begin):
            continue  # "Напомним, Лисичанск и ...": a sentence's first word is capitalised anyway
        places.append(_mention(text, word, begin, begin + len(word), found))
        starts.add(begin)
        ends.add(begin + len(word))


def _resolve_in_context(places: list[Mention], regions: list[tuple[int, str]], areas, resolve: Resolver,
                        wanted: Callable[[int], bool]) -> None:
    """Pick each mention's place: alone when clear, else with its region hint, the town of
    a raion or axis named next to it, and the points of the article's other places."""
    for mention in places:
        mention.region = _region_near(mention, regions)
    _share_list_regions(places, regions)
    for mention in places:
        near = [p for begin, p in areas if -AREA_BEFORE <= begin - mention.begin <= AREA_AFTER and begin != mention.begin]
        mention.near = near[-1] if near and len(mention.candidates) > 1 else None
    settled = {m.as_written: m.candidates[0] for m in places
               if m.candidates and not _close_call(m.candidates, m.region)}
    points = tuple({(c.lat, c.lon) for c in settled.values()})[:MAX_CONTEXT]
    for mention in places:
        if not mention.candidates:
            continue
        first = mention.candidates[0]
        if mention.near is not None and wanted(mention.begin):
            others = tuple(p for p in points if p != (first.lat, first.lon))
            ranked = resolve.lookup(mention.as_written, region=mention.region, near=mention.near, context=others,
                                    fuzzy=False, limit=3)
            mention.place = ranked[0] if ranked else first
            continue
        if mention.as_written in settled and mention.region is None or not wanted(mention.begin) or not _close_call(mention.candidates, mention.region):
            mention.place = first
            continue
        others = tuple(p for p in points if p != (first.lat, first.lon))
        ranked = resolve.lookup(mention.as_written, region=mention.region, context=others, fuzzy=False, limit=3)
        if ranked and not ranked[0].ambiguous:
            mention.place = ranked[0]
        else:  # too close to call: a town among villages is the town; else unresolved, never picked silently
            mention.place = _town_among_villages(ranked or mention.candidates)


# a town this large, and this many times larger than the next place of its name, is the one meant
TOWN, TOWN_RATIO = 10_000, 4


def _town_among_villages(candidates: list[Any]) -> Any:
    first, *rest = candidates
    population = getattr(first, "population", 0) or 0
    second = max((getattr(c, "population", 0) or 0 for c in rest), default=0)
    return first if population >= TOWN and population >= TOWN_RATIO * second else None


def _check_coherence(places: list[Mention], resolve: Resolver, wanted: Callable[[int], bool]) -> None:
    """A village resolved far from the article's other places ("Petrovsk" in Odesa oblast
    among villages near Kupiansk) is looked up again near them; a listed one that still does
    not fit is left unresolved. Towns of ``CITY`` inhabitants or more are trusted."""
    for mention in places:
        if mention.place is None or getattr(mention.place, "population", 0) >= CITY or not wanted(mention.begin):
            continue
        if mention.near is not None or mention.region is not None and mention.place.admin1 == mention.region:
            continue  # the text named its oblast, raion or axis
        listed = [m.place for m in places if m is not mention and m.place is not None
                  and abs(m.begin - mention.begin) <= LIST_SPAN]
        if not listed and len(mention.candidates) < 2:
            continue
        near = listed or list(itertools.islice((m.place for m in places if m.place is not None and m.as_written != mention.as_written
                                                and not m.landmark), MAX_CONTEXT))  # landmarks worked out as far as needed
        if not near or min(_km(mention.place, p) for p in near) <= FAR_KM:
            continue
        points = tuple((p.lat, p.lon) for p in near)
        try:
            again = resolve.lookup(mention.as_written, context=points, fuzzy=bool(listed), limit=5)
        except ValueError:
            again = []
        floor = FUZZY_FLOOR if listed else 0.0
        fits = [c for c in again if c.score >= floor and min(_km(c, p) for p in near) <= FAR_KM]
        if fits:
            mention.place = fits[0]
        elif listed:
            mention.place = None


def _same_place_again(places: list[Mention], resolve: Resolver) -> None:
    """A name left unresolved that the article resolves elsewhere ("село Золотий Колодязь"
    unresolved, "Золотого Колодязя" resolved by its context) is that place."""
    resolved = {m.place.id: m.place for m in places if m.place is not None}
    for mention in places:
        if mention.place is not None or not resolved:
            continue
        try:
            found = resolve.lookup(mention.as_written, limit=5)
        except ValueError:
            continue
        same = [c for c in found if c.id in resolved and c.score >= FUZZY_FLOOR]
        if same:
            mention.place = resolved[same[0].id]


def _km(a: Any, b: Any) -> float:
    """Great-circle distance of two places (anything with ``lat``, ``lon``) in kilometres."""
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _close_call(candidates: list[Any], region: str | None) -> bool:
    """Whether context must decide: several candidates scored alike, or a region hint."""
    if len(candidates) < 2:
        return False
    return region is not None or candidates[0].score - candidates[1].score < CLOSE_CALL


def _region_near(mention: Mention, regions: list[tuple[int, str]]) -> str | None:
    """The oblast named right after the mention ("Kupyansk in the Kharkov region")."""
    after = [r for begin, r in regions if 0 <= begin - mention.end <= 40]
    return after[0] if after else None


def _share_list_regions(places: list[Mention], regions: list[tuple[int, str]]) -> None:
    """A list of places shares the one oblast named after any of them, or before the colon
    opening it ("п'яти сіл Харківщини: Стрілечої, Пильної, Борисівки")."""
    lists: list[list[Mention]] = []
    for mention in places:
        if lists and _LIST_GLUE.match(mention.text[lists[-1][-1].end:mention.begin]):
            lists[-1].append(mention)
        else:
            lists.append([mention])
    for members in (m for m in lists if len(m) > 1):
        named = {m.region for m in members if m.region is not None}
        first = members[0]
        if not named and _COLON_BEFORE.search(first.text, max(0, first.begin - 3), first.begin):
            named = {r for begin, r in regions if 0 < first.begin - begin <= _REGION_BEFORE_LIST}
        if len(named) == 1:
            for member in members:
                member.region = member.region or next(iter(named))


_COLON_BEFORE = re.compile(r":\s*$")
# how far before a list's colon its oblast may be named
_REGION_BEFORE_LIST = 40


class CachedResolver:
    """A resolver that remembers its answers: a batch of articles names the same places
    again and again. Wrap the gazetteer once per batch; the cache is bounded."""

    def __init__(self, resolve: Resolver, size: int = 50_000) -> None:
        self._resolve = resolve
        self._size = size
        self._lookups: dict[tuple, list[Any]] = {}
        self._regions: dict[str, str | None] = {}

    def lookup(self, name: str, region: str | None = None, near: Any = None, limit: int = 5,
               context: Sequence[tuple[float, float]] = (), fuzzy: bool = True) -> list[Any]:
        key = (name, region, near, limit, tuple(context), fuzzy)
        if key not in self._lookups:
            if len(self._lookups) >= self._size:
                self._lookups.clear()
            self._lookups[key] = self._resolve.lookup(name, region=region, near=near, limit=limit,
                                                      context=context, fuzzy=fuzzy)
        return self._lookups[key]

    def region(self, text: str) -> str | None:
        if text not in self._regions:
            if len(self._regions) >= self._size:
                self._regions.clear()
            self._regions[text] = self._resolve.region(text)
        return self._regions[text]
