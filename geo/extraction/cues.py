"""Claim cues of one sentence: which words say captured, partial, encircled, contested,
advance or denied, with their negation and hedge scope, and the statements a sentence
reports only to deny them ("X's statement that Y was captured does not correspond to
reality")."""
from __future__ import annotations

import dataclasses
import re

from geo.extraction import folding, lexicon
from geo.extraction.attribution import claimant_mentions
from geo.model import Kind, Side

# "to advance", "plans to capture", "for an offensive on", "чтобы избежать": an aim, not a
# claim; "managed to reach" is done
_INFINITIVE = re.compile(r"(?:(?<!managed )(?<!able )(?<!continued )(?<!continue )(?<!continues )(?<!began )(?<!started )(?<!decided )\bto|\bfor an?|\bfor the|(?<!\w)для|(?<!\w)чтобы|(?<!\w)щоб)\s+$", re.I)
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
    starts = _ANY_CUE[lang].starts(s_text, folding.lowered(s_text), start)
    raw = [Cue(kind, style, m.start(), m.end()) for kind, style, pattern in lexicon.CUES[lang]
           for m in folding.matches_at(pattern, s_text, starts)]
    for m in folding.matches_at(lexicon.PERCENT, s_text, starts):
        raw.append(Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), percent=float(m.group(1).replace(",", "."))))
    for pattern, value in lexicon.FRACTIONS:
        raw += [Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), percent=value) for m in folding.matches_at(pattern, s_text, starts)]
    for m in folding.matches_at(lexicon.QUALIFIER[lang], s_text, starts):
        if lexicon.DESCRIPTIVE_PART.search(s_text[:m.start()]):
            continue
        raw.append(Cue(Kind.PARTIAL, "modifier", m.start(), m.end(), qualifier=m.lastgroup))
    seen: list[Cue] = []
    for cue in sorted(raw, key=lambda c: (c.begin, -(c.end - c.begin))):
        if not any(cue.begin < k.end and k.begin < cue.end for k in seen):
            seen.append(cue)
    unsaid = min((m.end() for m in lexicon.NEGATED_SPEECH.finditer(s_text)), default=len(s_text))
    kept = []
    for cue in seen:
        if cue.begin >= unsaid:
            continue
        if lexicon.NEGATION.search(s_text, max(0, cue.begin - 30), cue.begin) and cue.kind is not Kind.DENIED:
            if cue.kind is Kind.CAPTURED and cue.style == "plain":
                kept.append(dataclasses.replace(cue, kind=Kind.DENIED, style="negated"))
            continue
        if cue.kind is Kind.CAPTURED and cue.style == "plain" and lexicon.PART_OBJECT.match(s_text, cue.end):
            cue = dataclasses.replace(cue, kind=Kind.ADVANCE)
        alleged = lexicon.ALLEGED.search(s_text, max(0, cue.begin - 25), cue.begin) is not None
        if alleged:  # its denial follows, which is no hedge
            kept.append(dataclasses.replace(cue, alleged=True))
        elif not _hedged(s_text, cue) and not _background(s_text, cue):
            kept.append(cue)
    shares = [c for c in kept if c.style == "modifier"]
    kept = [c for c in kept if not (c.style == "holding" and any(max(p.begin - c.end, c.begin - p.end) <= _SHARE_GAP
                                                                 for p in shares))]
    denials = [c for c in kept if c.kind is Kind.DENIED]
    return [c for c in kept if not any(0 <= c.begin - d.end <= 20 for d in denials if d is not c)]


# "Под нашим контролем уже около 80 процентов X": a share held is partial, no holding of the place
_SHARE_GAP = 20


def first_cue(s_text: str, lang: str) -> int | None:
    """Where the sentence's first claim cue may start, or None when it has none."""
    m = _ANY_CUE[lang].search(s_text, folding.lowered(s_text))
    return None if m is None else m.start()


# Every cue, percentage, fraction and qualifier of a language in one pattern
_ANY_CUE = {lang: folding.Folded(pattern) for lang, pattern in lexicon.ANY_CUE.items()}


def _background(s_text: str, cue: Cue) -> bool:
    """"in liberated Kherson", "since the fall of X", "encircled enemy units": no claim of a place."""
    before = s_text[max(0, cue.begin - 25):cue.begin]
    if cue.kind is Kind.CAPTURED and cue.style == "plain" and lexicon.ATTRIBUTIVE.search(before):
        return True
    if cue.style == "nominal" and lexicon.TEMPORAL.search(before):
        return True
    return (cue.kind is Kind.ENCIRCLED and lexicon.ENCIRCLED_UNITS.match(s_text, cue.end) is not None
            and lexicon.ENCIRCLED_ATTRIBUTE.search(before) is not None)


def _hedged(s_text: str, cue: Cue) -> bool:
    if cue.kind is Kind.DENIED:
        return False
    clause_start = max((m.end() for m in lexicon.CLAUSE.finditer(s_text, 0, cue.begin)), default=0)
    if lexicon.MODAL.search(s_text, clause_start, cue.begin) or lexicon.PREMATURE.search(s_text, clause_start, cue.end + 60):
        return True
    if cue.style == "modifier":
        return bool(lexicon.STRIKE.search(s_text, clause_start, cue.begin))
    before = s_text[max(0, cue.begin - 25):cue.begin]
    if lexicon.HEDGE.search(before) or _INFINITIVE.search(before):
        return True
    after = s_text[cue.end:cue.end + 60]
    return cue.style == "nominal" and bool(lexicon.HEDGE.search(after) or lexicon.FUTURE.search(after))


def find_reported(s_text: str, cues: list[Cue]) -> Reported | None:
    """"The ministry's statement that X had been captured does not correspond to reality",
    "заявления украинской стороны о том, что ... не соответствуют действительности": the
    statement between its report noun and the verdict, and who made it."""
    verdicts = [c for c in cues if c.style == "verdict"]
    claimants = [m for m in claimant_mentions(s_text) if m[2] is not None] if verdicts else []
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
