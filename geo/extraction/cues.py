"""Claim cues of one sentence: which words say captured, partial, encircled, contested,
advance or denied, with their negation and hedge scope, and the statements a sentence
reports only to deny them ("X's statement that Y was captured does not correspond to
reality")."""
from __future__ import annotations

import dataclasses
import functools
import re

from geo.extraction import folding, lexicon
from geo.extraction.attribution import claimant_mentions
from geo.extraction.sentences import window
from geo.model import Kind, Side

# "to advance", "plans to capture", "for an offensive on", "чтобы избежать": an aim, not a
# claim; "managed to reach" is done
_INFINITIVE = folding.Folded(re.compile(r"(?:(?<!managed )(?<!able )(?<!continued )(?<!continue )(?<!continues )(?<!began )(?<!started )(?<!decided )\bto|\bfor an?|\bfor the|(?<!\w)для|(?<!\w)чтобы|(?<!\w)щоб)\s+$", re.I))
# how far a claimant may stand from the report noun it owns ("the ministry's statement")
_OWNER_GAP = 40


@dataclasses.dataclass(frozen=True, slots=True)
class Cue:
    kind: Kind
    style: str  # plain, nominal, inverse, expel, modifier, negated, verdict
    begin: int
    end: int
    percent: float | None = None
    qualifier: str | None = None
    alleged: bool = False  # "якобы «освободили»": the claim of the side the speaker doubts


@dataclasses.dataclass(frozen=True, slots=True)
class Reported:
    """A statement a sentence reports in order to deny it: ``begin:end`` holds it,
    ``claimant`` made it, ``verdict`` is the denying cue."""

    begin: int
    end: int
    claimant: tuple[str, Side] | None  # None: the side the speaker answers, unnamed
    verdict: Cue
    named: bool = False  # the deed named by a noun counts: "denied reports of the capture of X"


def find_cues(s_text: str, lang: str, start: int = 0) -> list[Cue]:
    """Claim cues of a sentence, longest first on overlap; a negated capture ("had not been
    captured", "не захвачен") is a denial, other negated or hedged cues are dropped, and a
    capture of ground in a place ("seized several buildings") is an advance.
    ``start``: where :func:`first_cue` found one, before which no cue starts."""
    low = folding.lowered(s_text)
    raw = _raw_cues(s_text, low, lang, start)
    seen: list[Cue] = []
    for cue in sorted(raw, key=lambda c: (c.begin, -(c.end - c.begin))):
        if not any(cue.begin < k.end and k.begin < cue.end for k in seen):
            seen.append(cue)
    said = _NEGATED_SPEECH.search(s_text, low)  # matches do not overlap: the first ends first
    unsaid = len(s_text) if said is None else said.end()
    kept = []
    for cue in seen:
        if cue.begin >= unsaid:
            continue
        if _NEGATION.search(s_text, low, max(0, cue.begin - 30), cue.begin) and cue.kind is not Kind.DENIED:
            if cue.kind is Kind.CAPTURED and cue.style == "plain":
                kept.append(dataclasses.replace(cue, kind=Kind.DENIED, style="negated"))
            continue
        if cue.kind is Kind.CAPTURED and cue.style == "plain" and lexicon.PART_OBJECT.match(s_text, cue.end):
            cue = dataclasses.replace(cue, kind=Kind.ADVANCE)
        alleged = _ALLEGED.search(s_text, low, max(0, cue.begin - 25), cue.begin) is not None
        if alleged:  # its denial follows, which is no hedge
            kept.append(dataclasses.replace(cue, alleged=True))
        elif not _hedged(s_text, low, cue) and not _background(s_text, low, cue):
            kept.append(cue)
    shares = [c for c in kept if c.style == "modifier"]
    kept = [c for c in kept if not (c.style == "holding" and any(max(p.begin - c.end, c.begin - p.end) <= _SHARE_GAP
                                                                 for p in shares))]
    denials = [c for c in kept if c.kind is Kind.DENIED]
    return [c for c in kept if not any(0 <= c.begin - d.end <= 20 for d in denials if d is not c)]


def _raw_cues(s_text: str, low: str | None, lang: str, start: int) -> list[Cue]:
    """Every match of the language's cue patterns from ``start``, in the patterns' order
    (:data:`_CUE_MAKERS`); each pattern is tried only where its :class:`folding.PrefixGate`
    says it may match."""
    makers = _CUE_MAKERS[lang]
    starts = _CUE_GATE[lang].starts(s_text, low, start)
    return [cue for row, positions in starts.items() for m in folding.matches_at(makers[row][0], s_text, positions)
            if (cue := makers[row][1](m, s_text, low)) is not None]


def _plain(kind: Kind, style: str, m: re.Match, s_text: str, low: str | None) -> Cue:
    return Cue(kind, style, m.start(), m.end())


def _percent(m: re.Match, s_text: str, low: str | None) -> Cue:
    return Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), percent=float(m.group(1).replace(",", ".")))


def _fraction(value: float, m: re.Match, s_text: str, low: str | None) -> Cue:
    return Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), percent=value)


def _qualifier(m: re.Match, s_text: str, low: str | None) -> Cue | None:
    """"most of", "частина": partial, unless it describes ("the occupied part of X")."""
    if _DESCRIPTIVE_PART.search(*window(s_text, low, 0, m.start())):
        return None
    return Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), qualifier=m.lastgroup)


# Each pattern a cue is found by, with what makes the cue of its match (None: no cue)
_CUE_MAKERS = {lang: [(pattern, functools.partial(_plain, kind, style)) for kind, style, pattern in lexicon.CUES[lang]]
               + [(lexicon.PERCENT, _percent)]
               + [(pattern, functools.partial(_fraction, value)) for pattern, value in lexicon.FRACTIONS]
               + [(lexicon.QUALIFIER[lang], _qualifier)]
               for lang in lexicon.CUES}
_CUE_GATE = {lang: folding.PrefixGate([pattern for pattern, _ in makers]) for lang, makers in _CUE_MAKERS.items()}


# "Под нашим контролем уже около 80 процентов X": a share held is partial, no holding of the place
_SHARE_GAP = 20


def first_cue(s_text: str, lang: str) -> int | None:
    """Where the sentence's first claim cue may start, or None when it has none."""
    m = _ANY_CUE[lang].search(s_text, folding.lowered(s_text))
    return None if m is None else m.start()


# Every cue, percentage, fraction and qualifier of a language in one pattern
_ANY_CUE = {lang: folding.Folded(pattern) for lang, pattern in lexicon.ANY_CUE.items()}


def _background(s_text: str, low: str | None, cue: Cue) -> bool:
    """"in liberated Kherson", "since the fall of X", "encircled enemy units": no claim of a place.
    ``low`` is :func:`folding.lowered` ``s_text``."""
    before, low_before = window(s_text, low, max(0, cue.begin - 25), cue.begin)
    if cue.kind is Kind.CAPTURED and cue.style == "plain" and _ATTRIBUTIVE.search(before, low_before):
        return True
    if cue.style == "nominal" and _TEMPORAL.search(before, low_before):
        return True
    return (cue.kind is Kind.ENCIRCLED and lexicon.ENCIRCLED_UNITS.match(s_text, cue.end) is not None
            and _ENCIRCLED_ATTRIBUTE.search(before, low_before) is not None)


def _hedged(s_text: str, low: str | None, cue: Cue) -> bool:
    """Whether a modal, a hedge or an aim ("plans to capture") makes the cue no claim."""
    if cue.kind is Kind.DENIED:
        return False
    clause_start = max((m.end() for m in lexicon.CLAUSE.finditer(s_text, 0, cue.begin)), default=0)
    if (_MODAL.search(s_text, low, clause_start, cue.begin)
            or _PREMATURE.search(s_text, low, clause_start, cue.end + 60)):
        return True
    if cue.style == "modifier":
        return bool(_STRIKE.search(s_text, low, clause_start, cue.begin))
    before, low_before = window(s_text, low, max(0, cue.begin - 25), cue.begin)
    if _HEDGE.search(before, low_before) or _INFINITIVE.search(before, low_before):
        return True
    if cue.style != "nominal":
        return False
    after, low_after = window(s_text, low, cue.end, cue.end + 60)
    return bool(_HEDGE.search(after, low_after) or _FUTURE.search(after, low_after))


# The sentence's patterns searched through their folded supersets (see :mod:`folding`): the
# same matches, faster. Those tried on the text right before a cue end in "$", so a folded
# one tries once from the window's end where a search tries every position.
_NEGATED_SPEECH = folding.Folded(lexicon.NEGATED_SPEECH)
_NEGATION = folding.Folded(lexicon.NEGATION)
_ALLEGED = folding.Folded(lexicon.ALLEGED)
_MODAL = folding.Folded(lexicon.MODAL)
_PREMATURE = folding.Folded(lexicon.PREMATURE)
_STRIKE = folding.Folded(lexicon.STRIKE)
_HEDGE = folding.Folded(lexicon.HEDGE)
_FUTURE = folding.Folded(lexicon.FUTURE)
_ATTRIBUTIVE = folding.Folded(lexicon.ATTRIBUTIVE)
_TEMPORAL = folding.Folded(lexicon.TEMPORAL)
_ENCIRCLED_ATTRIBUTE = folding.Folded(lexicon.ENCIRCLED_ATTRIBUTE)
_DESCRIPTIVE_PART = folding.Folded(lexicon.DESCRIPTIVE_PART)


def find_reported(s_text: str, cues: list[Cue], named: tuple | None = None) -> Reported | None:
    """"The ministry's statement that X had been captured does not correspond to reality",
    "заявления украинской стороны о том, что ... не соответствуют действительности": the
    statement between its report noun and the verdict, and who made it; ``named`` is the
    sentence's :func:`~geo.extraction.attribution.claimant_mentions` where already known."""
    verdicts = [c for c in cues if c.style == "verdict"]
    found = (claimant_mentions(s_text) if named is None else named) if verdicts else ()
    claimants = [m for m in found if m[2] is not None]
    for verdict in verdicts:
        for noun in lexicon.REPORT_NOUN.finditer(s_text, 0, verdict.begin):
            owners = [(min(abs(noun.start() - e), abs(b - noun.end())), name, side)
                      for b, e, name, side in claimants if e <= verdict.begin]
            near = [o for o in owners if o[0] <= _OWNER_GAP]
            if near:
                _, name, side = min(near, key=lambda o: o[0])
                return Reported(noun.end(), verdict.begin, (name, side), verdict, named=_about(s_text, noun.end()))
            if any(c.alleged and noun.end() <= c.begin < verdict.begin for c in cues):
                return Reported(noun.end(), verdict.begin, None, verdict)
            if _about(s_text, noun.end()):  # "Інформація про окупацію X не відповідає дійсності"
                return Reported(noun.end(), verdict.begin, None, verdict, named=True)
    return _rejected(s_text, cues)


_ABOUT = re.compile(r"\s+(?:про|о|об|щодо|about|of|on)(?!\w)", re.I)


def _about(s_text: str, at: int) -> bool:
    """Whether a report noun says what it is about: "reports of", "інформація про", "сообщения о"."""
    return _ABOUT.match(s_text, at) is not None


# how far a denying verb may stand before the statement it rejects ("rejected Russia's claim")
_REJECT_GAP = 30


def _rejected(s_text: str, cues: list[Cue]) -> Reported | None:
    """"Kyiv rejected Russia's claim that X had fallen", "спростував заяви російського
    Міноборони про «звільнення» X", "опровергли заявления о взятии X", "назвал ложью сообщения об
    окружении X": a denying verb or verdict, then
    the statement it denies, to the end of the clause; its author next to the report noun,
    else the side the speaker answers."""
    for verdict in (c for c in cues if c.kind is Kind.DENIED and c.style in ("plain", "verdict")):
        noun = lexicon.REPORT_NOUN.search(s_text, verdict.end, verdict.end + _REJECT_GAP)
        if noun is None or lexicon.CLAUSE.search(s_text, verdict.end, noun.start()):
            continue
        cut = lexicon.CLAUSE.search(s_text, noun.end())
        end = cut.start() if cut else len(s_text)
        if not any(c is not verdict and noun.end() <= c.begin < end and c.kind is not Kind.DENIED for c in cues):
            continue
        owners = [(name, side) for b, e, name, side in claimant_mentions(s_text)
                  if name is not None and (verdict.end <= b and e <= noun.start() or 0 <= b - noun.end() <= _OWNER_GAP)]
        return Reported(noun.end(), end, owners[0] if owners else None, verdict, named=True)
    return None
