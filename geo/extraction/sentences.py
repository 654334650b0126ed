"""Article text cut into paragraphs and sentences, page boilerplate and headlines marked."""
from __future__ import annotations

import dataclasses
import re

from geo.extraction import lexicon

_TERMINAL = ".!?…:;\"”»’)"
# quotes and brackets that close a title, not a sentence: "... – Угруповання «Сіверськ»"
_CLOSING = "\"”»’)"
_SPLIT = re.compile(r"(?<=[.!?…])[\"”»’]?\s+(?=[\"“«(\[]?[A-ZА-ЯЁІЇЄҐ])")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Capt|St|Sen|Rep|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                           r"Sep|Sept|Oct|Nov|Dec|vs|etc|им|г|гг|обл|ул|р|тыс|млн|ген)|\b[A-ZА-ЯІЇЄҐ])\.$")
HEADLINE_WORDS = 20
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_LATIN = re.compile("[A-Za-z]+")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]+")
_RUSSIAN = re.compile("[ыэъёЫЭЪЁ]+")


@dataclasses.dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence at ``begin:end`` of the article text, with its paragraph number."""

    begin: int
    end: int
    paragraph: int
    headline: bool


def detect_language(text: str) -> str:
    """"en", "ru" or "uk" from the letters used."""
    cyrillic = _letters(_CYRILLIC, text)
    if cyrillic * 2 < _letters(_LATIN, text):
        return "en"
    uk = _letters(_UKRAINIAN, text)
    ru = _letters(_RUSSIAN, text)
    return "uk" if uk > ru else "ru"


def _letters(runs: re.Pattern, text: str) -> int:
    """How many letters of ``text`` the runs match (runs, not letters: fewer matches to make)."""
    return sum(map(len, runs.findall(text)))


def body_text(text: str) -> str:
    """``text`` with page boilerplate blanked out (same length, so offsets still hold):
    everything after a "You may also like" list header, and single lines like "Related
    article: ..."."""
    out = []
    blank_rest = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not blank_rest and lexicon.BOILERPLATE_END.match(stripped):
            blank_rest = True
        if blank_rest or lexicon.BOILERPLATE_LINE.match(stripped):
            out.append("".join(ch if ch in "\r\n" else " " for ch in line))
        else:
            out.append(line)
    return "".join(out)


def window(s_text: str, low: str | None, begin: int, end: int) -> tuple[str, str | None]:
    """``s_text[begin:end]`` and its lowered copy (the same slice of ``low``, the sentence's
    :func:`folding.lowered` copy: lowering keeps offsets), for a folded search that must not
    see past the window's edges."""
    return s_text[begin:end], None if low is None else low[begin:end]


def is_question(s_text: str) -> bool:
    """Whether a sentence asks, closing quotes aside."""
    return s_text.rstrip().rstrip(_CLOSING).endswith("?")


_TIME_STAMP = re.compile(r"\d{1,2}[:.]\d{2}")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text``; a line that ends mid-sentence joins the next one when that
    starts in lower case ("according to" / "comments broadcast ..."). A short paragraph with
    no full stop is a headline, unless a live feed's time stamp ("13:05") heads it."""
    sentences: list[Sentence] = []
    stamped = False
    for number, (begin, end) in enumerate(_paragraphs(text)):
        block = text[begin:end]
        headline = (block.rstrip().rstrip(_CLOSING)[-1:] not in _TERMINAL and len(block.split()) < HEADLINE_WORDS
                    and not stamped)
        stamped = _TIME_STAMP.fullmatch(block.strip()) is not None
        start = 0
        for m in _SPLIT.finditer(block):
            if _ABBREVIATION.search(block[max(0, m.start() - 6):m.start()]):
                continue
            sentences.append(Sentence(begin + start, begin + m.start(), number, headline))
            start = m.end()
        sentences.append(Sentence(begin + start, end, number, headline))
    return [piece for s in sentences if text[s.begin:s.end].strip() for piece in _pieces(text, s)]


# Longer than this a "sentence" is a list or broken markup, not prose: it is read in pieces
# of at most this length, cut after a comma or a space, so that the work per sentence (which
# grows with its length times its places) stays bounded and an article's stays linear.
MAX_SENTENCE = 2000
_CUT = re.compile(r"[,;]\s|\s")


def _pieces(text: str, sentence: Sentence) -> list[Sentence]:
    if sentence.end - sentence.begin <= MAX_SENTENCE:
        return [sentence]
    pieces, begin = [], sentence.begin
    while sentence.end - begin > MAX_SENTENCE:
        window = text[begin:begin + MAX_SENTENCE]
        cuts = [m.end() for m in _CUT.finditer(window, MAX_SENTENCE // 2)]
        end = begin + (cuts[-1] if cuts else MAX_SENTENCE)
        pieces.append(dataclasses.replace(sentence, begin=begin, end=end))
        begin = end
    pieces.append(dataclasses.replace(sentence, begin=begin))
    return pieces


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(begin, end) of each non-empty line group, joining lines broken mid-sentence."""
    spans: list[tuple[int, int]] = []
    end = -1
    for line in text.split("\n"):
        begin, end = end + 1, end + 1 + len(line)
        if line.isspace() or not line:
            continue
        if spans and _continues(text, spans[-1], line):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((begin, end))
    return spans


def _continues(text: str, previous: tuple[int, int], line: str) -> bool:
    tail = text[previous[0]:previous[1]].rstrip()
    head = line.lstrip()[:1]
    return bool(tail) and tail[-1] not in _TERMINAL and head.islower() and len(tail.split()) >= HEADLINE_WORDS // 2
