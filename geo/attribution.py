"""Who says it: the claimant of each sentence, carried over reported speech."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from geo import lexicon
from geo.model import Side

_ACCORDING = re.compile(r"^(?:according to|по данным|по словам|по информации|за даними|за словами|за інформацією)", re.I)
# how far after a speech verb an inverted speaker may stand: "said Gerasimov"
_AFTER = 40


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
    paragraph and the first sentence of the next one; "he said" brings them back."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.current: Attribution = Attribution(lang=lang)
        self.paragraph = -1
        self.carried_into: int | None = None
        self.dates: dict[str, dt.date] = {}

    def attribute(self, sentence: str, paragraph: int) -> Attribution:
        found = find_speaker(sentence, self.lang)
        if found is not None:
            name, side = found
            self.current = Attribution(name, side, True, self.dates.get(name), self.lang)
            self._moved(paragraph, carried=False)
            return self.current
        if self.current.speaker and lexicon.PRONOUN_SPEECH.search(sentence):
            self._moved(paragraph, carried=False)
            return dataclasses.replace(self.current, explicit=True)
        if paragraph != self.paragraph:
            carry = self.carried_into is None and paragraph == self.paragraph + 1
            self._moved(paragraph, carried=carry)
            if not carry:
                self.current = Attribution(lang=self.lang)
        return dataclasses.replace(self.current, explicit=False)

    def remember(self, name: str, date: dt.date) -> None:
        """``name`` made a dated statement: their undated ones in the article share the date."""
        self.dates.setdefault(name, date)
        if self.current.speaker == name and self.current.date is None:
            self.current = dataclasses.replace(self.current, date=date)

    def _moved(self, paragraph: int, *, carried: bool) -> None:
        if paragraph != self.paragraph:
            self.carried_into = paragraph if carried else None
            self.paragraph = paragraph


def find_speaker(sentence: str, lang: str) -> tuple[str, Side] | None:
    """The claimant named in a sentence next to a speech verb ("Gerasimov said", "according
    to the Kremlin", "заявил Герасимов"), not an addressee ("told President Putin")."""
    verbs = list(lexicon.SPEECH[lang].finditer(sentence))
    names = _claimant_mentions(sentence) if verbs else []
    if not names:
        return None
    for verb in verbs:
        if _ACCORDING.match(verb.group(0)):
            after = [n for n in names if n[0] >= verb.end()]
            if after:
                return after[0][2], after[0][3]
            continue
        before = [n for n in names if n[1] <= verb.start()]
        if before:
            return before[-1][2], before[-1][3]
        after = [n for n in names if 0 <= n[0] - verb.end() <= _AFTER]
        if after:
            return after[0][2], after[0][3]
    return None


def _claimant_mentions(sentence: str) -> list[tuple[int, int, str, Side]]:
    found: list[tuple[int, int, str, Side]] = []
    for pattern, name, side in lexicon.CLAIMANTS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e, _, _ in found):
                continue
            if lexicon.ADDRESSEE.search(sentence[max(0, m.start() - 60):m.start()]):
                continue
            found.append((m.start(), m.end(), name, side))
    return sorted(found)
