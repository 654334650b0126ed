"""Who says it: the claimant of each sentence, carried over reported speech."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re

from geo.extraction import folding, lexicon, memo, nonplaces
from geo.model import Side

_ACCORDING = re.compile(r"^(?:according to|по данным|по словам|по информации|за даними|за словами|за інформацією)", re.I)
# how far after a speech verb an inverted speaker may stand: "said Gerasimov"
_AFTER = 40
# "Petro Ivanenko, a spokesman for ...": the surname of a claimant named in apposition
_APPOSITION_AFTER = re.compile(r"(?:(?:\s+\w+)?,|\s+(?-i:[a-zа-яёіїєґ])\w*)?\s*(?-i:[A-ZА-ЯІЇЄҐ][\w'’-]+)\s+((?-i:[A-ZА-ЯІЇЄҐ][\w'’-]{2,}))(?![\w'’])", re.I)
_APPOSITION = re.compile(r"(?<![\w'’])(?-i:[A-ZА-ЯІЇЄҐ][\w'’-]+)\s+((?-i:[A-ZА-ЯІЇЄҐ][\w'’-]{2,})),\s*(?:(?:a|an|the)\s+)?$", re.I)
# searched in most sentences of an article once a speaker is named: folded, its pronouns
# lead it by their first letters, where the plain search tries each branch at each position
_PRONOUN_SPEECH = folding.Folded(lexicon.PRONOUN_SPEECH)


@dataclasses.dataclass(frozen=True, slots=True)
class Attribution:
    """The claimant of a sentence; ``explicit`` when named in it, ``date`` its last dated statement."""

    speaker: str | None = None
    side: Side = Side.OTHER
    explicit: bool = False
    date: dt.date | None = None
    lang: str | None = None


class Speaker:
    """Follows claimants through one article: a named speaker holds for the rest of the
    paragraph and the first sentence of the next one; "he said" and "the ministry" bring
    them back; "Об этом сообщили в X" names the speaker of the sentence before; what no
    one is quoted for, or what is said in the first person, is the article's own voice."""

    def __init__(self, lang: str, voice: Attribution | None = None, answers: dict[int, Attribution] | None = None) -> None:
        self.lang = lang
        self.voice = voice
        self.answers = answers or {}  # an interview's answers by paragraph: who gives them
        self.current: Attribution = Attribution(lang=lang)
        self.last: Attribution | None = None
        self.paragraph = -1
        self.carried_into: int | None = None
        self.dates: dict[str, dt.date] = {}
        self.surnames: dict[str, tuple[str, Side]] = {}
        # A sentence is read as the one before's "following" and then as itself: remember its
        # speaker, for this article only (its claimants are remembered by claimant_mentions).
        self.claimants = claimant_mentions
        self._speaker = functools.cache(functools.partial(find_speaker, lang=lang))

    def attribute(self, sentence: str, paragraph: int, following: str = "") -> tuple[Attribution, str]:
        """The claimant of ``sentence`` and the sentence that names it (for its date);
        ``following`` is the next sentence of the same paragraph."""
        found = self._named(sentence)
        if found is None and (lexicon.BACK_REFERENCE.match(following) or opens_quote(sentence)):
            found = self._named(following)
            sentence = following if found is not None else sentence
        if found is not None and not _more_specific(found, self.current):
            name, side = found
            self.current = self.last = Attribution(name, side, True, self.dates.get(name), self.lang)
            self._moved(paragraph, carried=False)
            return self.current, sentence
        if paragraph in self.answers:
            self._moved(paragraph, carried=False)
            return self.answers[paragraph], sentence
        subject = self._subject(sentence)
        if subject is not None:  # "Denis Pushilin ... struck a different note": "he said" next is his
            self.current, self.last = Attribution(lang=self.lang), subject
        if (self.current.speaker or self.last) and _PRONOUN_SPEECH.search(sentence, folding.lowered(sentence)):
            # "he said", "по его словам": the speaker of the paragraph, else the one named last
            if not self.current.speaker:
                self.current = self.last
            self._moved(paragraph, carried=False)
            return _explicit(self.current, True), sentence
        if paragraph != self.paragraph:
            carry = self.carried_into is None and paragraph == self.paragraph + 1
            self._moved(paragraph, carried=carry)
            if not carry:
                self.current = Attribution(lang=self.lang)
        if self.voice is not None and (self.current.speaker is None or _first_person(sentence)):
            return self.voice, sentence
        return _explicit(self.current, False), sentence

    def _subject(self, sentence: str) -> Attribution | None:
        """The claimant a sentence introduces ("Denis Pushilin, the Moscow-installed leader,
        struck a different note", "The Moscow-installed official Vladimir Rogov is telling a
        different story"), named first with an apposition or a person's name, or opening it
        by a surname the article set in apposition before ("Maliar has now given a fuller
        tally"), when no speech verb makes it the speaker."""
        opening_name = sentence.lstrip(_OPENERS)
        known = next((who for name, who in self.surnames.items() if opening_name.startswith(name)
                      and not opening_name[len(name):len(name) + 1].isalpha()), None)
        if known is None:
            if ", " not in sentence and _NAME_PAIR.search(sentence) is None:
                return None  # neither an apposition nor a person's name: spare the claimant scan
            opening = next((m for m in self.claimants(sentence) if sentence[:m[0]].strip(_OPENERS) in ("", "The")
                            and m[2] is not None), None)
            if opening is None or not (sentence.startswith(", ", opening[1]) or _NAME_AFTER.match(sentence, opening[1])):
                return None
            known = opening[2], opening[3]
        if lexicon.SPEECH[self.lang].search(sentence, folding.lowered(sentence)):
            return None
        return Attribution(known[0], known[1], True, self.dates.get(known[0]), self.lang)

    def _named(self, sentence: str) -> tuple[str, Side] | None:
        """The speaker named in ``sentence``; "the ministry" is the last one named."""
        known = self._known(sentence) if self.surnames else None
        if known is not None:
            return known
        found = self._speaker(sentence)
        if found is not None and found[0] is None:
            return (self.last.speaker, self.last.side) if self.last is not None else None
        if found is not None:
            self._learn(sentence, found)
        return found

    def _learn(self, sentence: str, found: tuple[str | None, Side]) -> None:
        """Remember the surname set in apposition to a claimant ("Petro Ivanenko, a
        spokesman for ...", "a spokesman for X, Petro Ivanenko,"): "Ivanenko said" later
        in the article is the same claimant."""
        for begin, end, name, _ in self.claimants(sentence):
            if name != found[0]:
                continue
            person = _APPOSITION.search(sentence, 0, begin) or _APPOSITION_AFTER.match(sentence, end)
            if person is not None and person.group(1).casefold() not in lexicon.NOT_PLACES:  # "On Thursday, the ministry"
                self.surnames[person.group(1)] = found

    def _known(self, sentence: str) -> tuple[str, Side] | None:
        """A remembered surname as the subject of a speech verb ("Ivanenko said", "said
        Ivanenko", "за словами Іваненка")."""
        verb = lexicon.SPEECH[self.lang].search(sentence, folding.lowered(sentence))
        for name, who in self.surnames.items() if verb else ():
            at = sentence.find(nonplaces.surname_stem(name))
            if 0 <= at < verb.start() or 0 <= at - verb.end() <= _AFTER:
                return who
        return None

    def remember(self, name: str, date: dt.date) -> None:
        """``name`` made a dated statement: their undated ones in the article share the date."""
        self.dates.setdefault(name, date)
        if self.current.speaker == name and self.current.date is None:
            self.current = dataclasses.replace(self.current, date=date)

    def _moved(self, paragraph: int, *, carried: bool) -> None:
        if paragraph != self.paragraph:
            self.carried_into = paragraph if carried else None
            self.paragraph = paragraph


def _explicit(said: Attribution, explicit: bool) -> Attribution:
    """``said``, named in the sentence or not: ``dataclasses.replace`` costs several times
    more, once per sentence."""
    return Attribution(said.speaker, said.side, explicit, said.date, said.lang)


def interview_answers(paragraphs: list[str], lang: str) -> dict[int, Attribution]:
    """The answers of an interview set out as dashed lines ("— Яка зараз ситуація?" then "—
    Складна, але стабільна."), by paragraph, each given by the claimant the introduction
    named last ("ми поговорили з командиром батальйону 57-ї бригади"); empty unless the
    article asks at least two such questions."""
    dashed = [i for i, p in enumerate(paragraphs) if _DASHED.match(p)]
    questions = [i for i in dashed if paragraphs[i].rstrip().endswith("?")]
    if len(questions) < _QUESTIONS:
        return {}
    named = [m for p in paragraphs[:questions[0]] for m in claimant_mentions(p) if m[2] is not None]
    if not named:
        return {}
    _, _, name, side = named[-1]
    given = Attribution(name, side, True, None, lang)
    return {i: given for i in dashed if i > questions[0] and i not in questions}


_DASHED = re.compile(r"\s*[—–-]\s")
# how many dashed questions make an article an interview
_QUESTIONS = 2


def article_voice(headings: list[str], body: str, source: str, lang: str) -> Attribution | None:
    """Who speaks where an article quotes no one: the claimant heading it ("General Staff:
    operational update", "... – Joint Forces group", "14 ОМБр ... | офіційний канал"), else the outlet itself when its own
    words take a side ("the occupiers", "khokhol"), outside quotations."""
    header = next(filter(None, map(_header_claimant, headings)), None)
    if header is not None:
        return Attribution(header[0], header[1], True, None, lang)
    own = lexicon.QUOTED.sub(" ", body)
    low = folding.lowered(own)
    sides = {side for side, pattern in lexicon.VOICE_MARKERS if pattern.search(own, low)}
    if len(sides) == 1:
        return Attribution(source, sides.pop(), True, None, lang)
    return None


def _header_claimant(title: str) -> tuple[str, Side] | None:
    title = title.strip()
    for begin, end, name, side in claimant_mentions(title):
        if name is not None and (begin == 0 and end == len(title)  # a byline: "Institute for the Study of War"
                                 or lexicon.REPORT_HEADING.match(title[:begin])
                                 or lexicon.HEADER_COLON.match(title[end:]) and begin <= 1
                                 or lexicon.HEADER_AUTHOR_DASH.match(title[end:]) and begin <= 1 and name not in _COUNTRIES
                                 or lexicon.HEADER_CHANNEL.match(title[end:]) and begin <= 1
                                 or lexicon.HEADER_DASH.search(title[:begin]) and lexicon.HEADER_TAIL.match(title[end:])):
            return name, side
    return None


# a country opening a heading ("Russia — Ukraine war: live") is its topic, not its author
_COUNTRIES = ("Russia", "Kyiv", "Moscow")


def _more_specific(found: tuple[str, Side], current: Attribution) -> bool:
    """"Ukrainian command" after "the General Staff" said the same: keep the name."""
    return (current.speaker is not None and current.side is found[1] and bool(lexicon.SIDED_GROUP.fullmatch(found[0]))
            and bool(_GENERIC.search(found[0])))


# Sided groups that stand for a named claimant, not for other speakers (bloggers, channels)
_GENERIC = re.compile(r"(?:side|command|officials|military|army|сторон\w+|командовани\w+|командуванн\w+)$", re.I)


def opens_quote(sentence: str) -> bool:
    """A quotation that runs on into the next sentences: its speaker is named where it closes."""
    return sentence.count("«") > sentence.count("»") or sentence.count("“") > sentence.count("”") or sentence.count('"') % 2 == 1


def closes_quote(sentence: str) -> bool:
    """Whether a quotation mark that can close one stands in the sentence."""
    return _CLOSING.search(sentence) is not None


_CLOSING = re.compile(r'[»”"]')


def _first_person(sentence: str) -> bool:
    return bool(lexicon.FIRST_PERSON.search(lexicon.QUOTED.sub(" ", sentence)))


def find_speaker(sentence: str, lang: str) -> tuple[str | None, Side] | None:
    """The claimant named in a sentence next to a speech verb ("Gerasimov said", "according
    to the Kremlin", "заявил Герасимов") or before a colon that opens what they say, not an
    addressee ("told President Putin")."""
    quoted = _quoted(sentence)
    verbs = [v for v in lexicon.SPEECH[lang].finditer(sentence, folding.lowered(sentence)) if not quoted(v.start())]
    colon = sentence.find(": ", 0, _COLON_SPAN)
    names = [n for n in claimant_mentions(sentence) if not quoted(n[0])] if verbs or colon > 0 else []
    names = [n for n in names if not lexicon.SERVICEMAN.search(n[2] or "")] or names
    if not names:
        return None
    for verb in verbs:
        if _ACCORDING.match(verb.group(0)):  # "according to X, ...": X before the comma
            after = [n for n in names if n[0] >= verb.end() and "," not in sentence[verb.end():n[0]]]
            if after:
                return after[0][2], after[0][3]
            continue
        if _NO_SUBJECT_BEFORE.search(sentence, max(0, verb.start() - 12), verb.start()):
            continue  # "Kyiv's claims were, he said, a lie": "claims" is a noun, the speaker is "he"
        before = [n for n in names if n[1] <= verb.start()]
        if before:
            # "Denis Pushilin, the Russian-installed head of the region, said": the name, not its title
            if len(before) > 1 and before[-2][3] is before[-1][3] and _APPOSED.fullmatch(sentence, before[-2][1], before[-1][0]):
                return before[-2][2], before[-2][3]
            return before[-1][2], before[-1][3]
        after = [n for n in names if 0 <= n[0] - verb.end() <= _AFTER and not _OWNED.search(sentence, verb.end(), n[0])]
        if after:
            return after[0][2], after[0][3]
    # "Генштаб ЗСУ у ранковому зведенні: Сили оборони звільнили ...", "Голова ОВА Олег Синєгубов: «...»"
    before = [n for n in names if n[1] <= colon and n[2] is not None]
    return (before[-1][2], before[-1][3]) if colon > 0 and before else None


# how far into a sentence the colon after its speaker may stand ("X in its morning report: ...")
_COLON_SPAN = 80


# "назвал ложью публикации украинских Telegram-каналов": the name after a report noun owns the report, it does not speak
_OWNED = re.compile(rf"(?:{lexicon.REPORT_NOUN.pattern})\s+(?:[\w-]+\s+)?$", re.I)


# what may stand before a sentence's opening claimant
_OPENERS = " \t«\"“—–-"
# a person's name, and one named right after a claimant: "the Moscow-installed official Vladimir Rogov"
_NAME_PAIR = re.compile(r"(?-i:[A-ZА-ЯІЇЄҐ][\w'’-]+)\s+(?-i:[A-ZА-ЯІЇЄҐ][\w'’-]+)")
_NAME_AFTER = re.compile(r"\s+" + _NAME_PAIR.pattern)
# before a speech verb, a pronoun subject or a possessive ("Kyiv's claims"): no name before it speaks
_NO_SUBJECT_BEFORE = re.compile(r"(?:(?<!\w)(?:he|she|they|он|она|они|він|вона|вони),?\s+(?:also\s+)?|\w['’]s\s+)$", re.I)
_APPOSED = re.compile(r",\s*(?:(?:the|a|an)\s+)?", re.I)


def _quoted(sentence: str):
    """Whether an offset lies inside a quotation of the sentence (not a quoted name), or
    before the closing mark of one that began in an earlier sentence: no speaker is named
    there. A straight quote after a space opens, else it closes."""
    spans, opened = [], None
    for m in _QUOTE_MARK.finditer(sentence):
        at = m.start()
        if m.group(0) in "«“" or m.group(0) == '"' and (at == 0 or sentence[at - 1] in " \t\n(["):
            opened = at if opened is None else opened
            continue
        if opened is None:
            spans.append((0, at))
        elif len(sentence[opened:at].split()) > _NAME_WORDS:
            spans.append((opened, at))
        opened = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    return lambda offset: any(b <= offset < e for b, e in spans)


_QUOTE_MARK = re.compile(r"[«»“”\"]")
# a quoted name ("«Два майора»", "the «Centre» group") is no quotation
_NAME_WORDS = 3


# A sentence's claimants are asked for by its speaker, the surnames set in apposition, the
# claimant it opens with, the owner of a statement it denies, the article's heading and the
# scan of where each side was named last: remembered for the article.
@memo.per_article(maxsize=1024)
def claimant_mentions(sentence: str) -> tuple[tuple[int, int, str | None, Side], ...]:
    """Claimants named in a sentence: groups a side adjective names ("Russian milbloggers",
    "a spokesperson for a Ukrainian brigade"), numbered units, the table's, then back-references ("the
    ministry", name None)."""
    found: list[tuple[int, int, str | None, Side]] = []
    low = folding.lowered(sentence)
    for row, starts in _CLAIMANT_STARTS.starts(sentence, low).items():
        pattern, name, side = _CLAIMANT_ROWS[row]
        for m in folding.matches_at(pattern, sentence, starts):  # each row's matches do not overlap
            if any(m.start() < e and s < m.end() for s, e, _, _ in found):
                continue
            before = max(0, m.start() - 60)
            if _ADDRESSEE.search(sentence[before:m.start()], None if low is None else low[before:m.start()]):
                continue
            if side is None:
                phrase = " ".join(m.group(0).split())
                side_ = lexicon.unit_side(phrase, sentence) if name == "unit" else lexicon.side_of(phrase)
                found.append((m.start(), m.end(), phrase, side_))
            else:
                found.append((m.start(), m.end(), name, side))
    return tuple(sorted(found))


_CLAIMANT_ROWS = ([(lexicon.SIDED_GROUP, None, None), (lexicon.UNIT_CLAIMANT, "unit", None)] + list(lexicon.CLAIMANTS)
                  + [(lexicon.BACK_CLAIMANT, None, Side.OTHER)])
# One pass finds where each row can start, and only there is it tried (a pass per row was
# the slowest step of attribution).
_CLAIMANT_STARTS = folding.PrefixGate([p for p, _, _ in _CLAIMANT_ROWS])
# Folded, so that its "$" tells in one try at the window's end whether a search can find it (a
# plain search tries each of the window's positions, for every claimant found); searched in
# the window cut out, where a word starting the window starts a word
_ADDRESSEE = folding.Folded(lexicon.ADDRESSEE)
