"""Claims from one article: pure, rule-based, and given a resolver instead of opening one.

Per sentence: claim cues ("liberated", "80% of", "encircled", "fighting in", "advanced",
"denied"), the settlements and anaphors ("the city") of each clause, who says it (the
claimant nearest a speech verb, carried over reported speech), and dates. Then claims are
deduplicated per article, the villages of one encirclement share a ``group``, and a
denial names the claim it denies in ``denies``.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from geo.extraction import control, folding, lexicon, memo, scoring
from geo.extraction.attribution import Attribution, Speaker, article_voice, closes_quote, interview_answers, opens_quote
from geo.extraction.control import clause_of
from geo.extraction.cues import Cue, find_cues, find_reported, first_cue
from geo.extraction.dates import DateSpan, after, find_dates
from geo.extraction.mentions import Mention, Resolver, find_mentions
from geo.extraction.scoring import Evidence, Model, default_model, features
from geo.extraction.sentences import Sentence, body_text, detect_language, is_question, split_sentences
from geo.model import Claim, Kind, Side, place_key

# Which claim a place keeps when one sentence says several things of it.
PRIORITY = (Kind.DENIED, Kind.PARTIAL, Kind.CAPTURED, Kind.ENCIRCLED, Kind.CONTESTED, Kind.ADVANCE)
# how far after a cue its object may stand
OBJECT_SPAN = 40
# extra distance of a cue that follows its target
AFTER_BIAS = 8
# how near a speech verb a date must be to date the statement
SPEECH_GAP = 25
# A carried (not explicit) claimant does not own background history older than this.
HISTORY = dt.timedelta(days=60)
_MODIFIER_GAP = re.compile(r"^\s*[\"”»]?\s*(?:of\s+|от\s+|від\s+)?(?:the\s+)?(?:(?:\w+\s+)?(?:city|town|village|settlement|территори\w+|"
                           r"територі\w+|города|міста|села)\s+(?:of\s+)?)?$", re.I)
# "advanced to the outskirts of X, where fighting goes on": the advance comes first
_OUTSKIRTS_KINDS = (Kind.ADVANCE, Kind.CONTESTED)
# "hold the outskirts of X": a part of it held
_HELD_KINDS = {Kind.CAPTURED, Kind.PARTIAL}
# who made an "allegedly" claim when no one of that side is named
_UNNAMED = {Side.RU: "Russian side", Side.UA: "Ukrainian side"}
# "MOSCOW, Nov. 21 — ": the wire's dateline is the publication, not the claim
_DATELINE = re.compile(r"^\s*[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ .'-]{2,},\s+[^—–\n]{3,25}?\s+[—–-]\s")


@dataclasses.dataclass(slots=True)
class Target:
    """A settlement a clause speaks of: a mention, or an anaphor standing for one."""

    mention: Mention
    begin: int
    end: int


def extract_claims(article: Any, resolve: Resolver, *, today: dt.date | None = None,
                   model: Model | None = None, common: Any = None) -> list[Claim]:
    """The claims an article reports, each with its ``confidence``.

    Parameters
    ----------
    article
        A :class:`geo.ingest.Article` (text, title, published, source, url, language).
    resolve
        A gazetteer (anything with ``lookup`` and ``region``, see :class:`geo.extraction.mentions.Resolver`).
    today
        Reference date when the article has no publication date.
    model
        The scoring model (:mod:`geo.extraction.scoring`); the shipped one by default.
        Without any, every claim has confidence None.
    common
        How common a word a name is (``common(word, lang)`` → Zipf frequency); the shipped
        table by default.

    Examples
    --------
    >>> claims = extract_claims(Article(text="Russian forces captured Kupiansk, Gerasimov said.",
    ...     source="demo", published=dt.date(2025, 11, 21)), Gazetteer.load())  # doctest: +SKIP
    >>> claims[0].kind, claims[0].claimant_side
    (<Kind.CAPTURED: 'captured'>, <Side.RU: 'RU'>)
    """
    model = default_model() if model is None else model
    groups = featured(article, resolve, today=today, common=common, scored=bool(model))
    if not model:
        return [group[0][0] for group in groups]
    return choose([[(claim, model.confidence(vector)) for claim, vector in group] for group in groups])


def featured(article: Any, resolve: Resolver, *, today: dt.date | None = None, common: Any = None,
             scored: bool = True) -> list[list[tuple[Claim, dict[str, float] | None]]]:
    """The claims of an article (no confidence yet), each with its scoring features
    (:func:`geo.extraction.scoring.features`), as alternatives: the rules' claim first,
    then the same claim given to another side where no speaker was named for it; after
    the rules' claims, the candidates they passed over (another cue's kind for a place).
    ``scored=False`` keeps to the rules' claims, without features; ``common`` stands in for
    :func:`geo.extraction.scoring.common_word`."""
    common = common or scoring.common_word
    claims, seen, lang, base = _found(article, resolve, today, common)
    if not scored:
        return [[(claim, None)] for claim in claims]
    given = {(place_key(c), c.kind) for c in claims}
    claims = claims + [c for c in seen.extra if (place_key(c), c.kind) not in given]

    def vector(claim: Claim, ev: Evidence) -> dict[str, float]:
        return features(claim, ev, lang, (base - claim.claim_date).days)

    return [[(claim, vector(claim, seen.evidence[claim.id, claim.claimant]))]
            + [(v if (v.group, v.denies) == (claim.group, claim.denies)
                else v.with_trusted(group=claim.group, denies=claim.denies), vector(v, ev))
               for v, ev in seen.variants.get((claim.id, claim.claimant), ())]
            for claim in claims]


def choose(groups: list[list[tuple[Claim, float]]]) -> list[Claim]:
    """From each claim's alternatives the likeliest, once per place, kind, side and date:
    where several sentences say the same, the first of them, as sure as the surest."""
    best: dict[tuple, tuple[Claim, float]] = {}
    for group in groups:
        claim, confidence = max(group, key=lambda pair: pair[1])
        key = (place_key(claim), claim.kind, claim.claimant_side, claim.claim_date)
        first, surest = best.get(key, (claim, confidence))
        best[key] = (first, max(surest, confidence))
    return [claim.with_trusted(confidence=round(confidence, 3)) for claim, confidence in best.values()]


def _found(article: Any, resolve: Resolver, today: dt.date | None, common: Any):
    """The rules' claims, what they saw of each, the language and the reference date;
    ``common`` says which names are common words."""
    memo.new_article()  # what the memos know of other articles' sentences is no help here
    text = body_text(article.text)
    lang = article.language or detect_language(text)
    base = article.published or today or dt.date.today()
    sentences = split_sentences(text)
    # a headline or a question ("— Лисичанск будет штурмом брать?") claims nothing
    firsts = ((i, None if s.headline or is_question(text[s.begin:s.end]) else first_cue(text[s.begin:s.end], lang))
              for i, s in enumerate(sentences))
    cued = {i: first for i, first in firsts if first is not None}  # where its first cue may start
    common_here = lambda word: common(word, lang)  # noqa: E731
    mentions = find_mentions(text, resolve, _claim_zone(sentences, cued), common_here)
    speaker = Speaker(lang, _voice(text, sentences, article.source, lang), interview_answers(_paragraphs(text, sentences), lang))
    claims: list[Claim] = []
    seen = _Seen(headline=frozenset(_key(m) for m in mentions.places
                                    if any(s.headline and s.begin <= m.begin < s.end for s in sentences[:2])),
                 voice=speaker.voice.side if speaker.voice is not None else None, common=common_here)
    begins = [m.begin for m in mentions.places]  # sorted
    named: list[Mention] = []  # the mentions of the sentences so far
    for index, sentence in enumerate(sentences):
        places = mentions.places[bisect.bisect_left(begins, sentence.begin):bisect.bisect_left(begins, sentence.end)]
        if not sentence.headline:
            said, where = speaker.attribute(text[sentence.begin:sentence.end], sentence.paragraph,
                                            _following(text, sentences, index))
            said = _dated(speaker, said, where, base)
            previous = claims[-1].claim_date if claims else None
            found = (_sentence_claims(text, sentence, index, places, _last_place(named), said, lang, base, article,
                                      previous, speaker, cued[index], seen) if index in cued else [])
            _remember(speaker, said, found, base)
            claims += found
        seen.saw(functools.partial(speaker.claimants, text[sentence.begin:sentence.end]), index, sentence)
        named += places
    claims = _link(_held(_dedupe(claims, article.source), seen), article)
    return claims, seen, lang, base


@dataclasses.dataclass(slots=True)
class _Seen:
    """What the rules saw of an article's claims, for scoring: the places of its headline,
    the evidence of each claim by (id, claimant), the other sides each claim could be
    given to (for claims no speaker was named for), and where each side's claimants were
    last named."""

    headline: frozenset[str]
    voice: Side | None = None
    common: Callable[[str], float] = lambda word: 0.0  # how common a word a name is in the article's language
    evidence: dict[tuple[str, str], Evidence] = dataclasses.field(default_factory=dict)
    variants: dict[tuple[str, str], list[tuple[Claim, Evidence]]] = dataclasses.field(default_factory=dict)
    extra: list[Claim] = dataclasses.field(default_factory=list)  # candidates the rules passed over
    holding: set[tuple[str, str]] = dataclasses.field(default_factory=set)  # claims of a side's own place
    last: dict[Side, tuple[int, int, str]] = dataclasses.field(default_factory=dict)  # sentence, paragraph, name
    headline_sides: set[Side] = dataclasses.field(default_factory=set)
    unread: list[tuple[Callable[[], tuple], int, Sentence]] = dataclasses.field(default_factory=list)

    def saw(self, claimants: Callable[[], tuple], index: int, sentence: Sentence) -> None:
        """A sentence passed; its claimants (``claimants()``) are read when a later cued
        sentence asks for them: most of those after an article's last cue are never needed."""
        self.unread.append((claimants, index, sentence))

    def _read(self) -> None:
        for claimants, index, sentence in self.unread:
            for _, _, name, side in claimants():
                if name is not None:
                    self.last[side] = (index, sentence.paragraph, name)
                    if sentence.headline:
                        self.headline_sides.add(side)
        self.unread.clear()

    def named_last(self, side: Side) -> str | None:
        """The claimant of ``side`` named last in the sentences so far."""
        self._read()
        return self.last[side][2] if side in self.last else None

    def sides(self, index: int, paragraph: int, in_sentence: set[Side], words: set[Side]) -> tuple:
        """For each side, how it stands in the text around a sentence (see :class:`Evidence`)."""
        self._read()
        return tuple((side.value, side in in_sentence, index - self.last[side][0] if side in self.last else -1,
                      side in self.last and self.last[side][1] == paragraph, side in self.headline_sides,
                      side in words, self.voice is side) for side in Side)


def _key(mention: Mention) -> str:
    return mention.place.id if mention.place is not None else " ".join(mention.as_written.casefold().split())


def _last_place(named: list[Mention]) -> Mention | None:
    """The settlement named last before a sentence, not counting landmarks: what "the city" means."""
    return next((m for m in reversed(named) if not m.landmark), None)


def _voice(text: str, sentences: list[Sentence], source: str, lang: str) -> Attribution | None:
    headings = [text[s.begin:s.end] for s in sentences[:2] if s.headline or lexicon.REPORT_OPENING.match(text[s.begin:s.end])]
    return article_voice(headings, text, source, lang)


def _paragraphs(text: str, sentences: list[Sentence]) -> list[str]:
    """The article's paragraphs by number (as :class:`Sentence` counts them)."""
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        spans[s.paragraph] = (spans.get(s.paragraph, (s.begin, s.end))[0], s.end)
    return [text[slice(*spans[i])] if i in spans else "" for i in range(max(spans, default=-1) + 1)]


def _following(text: str, sentences: list[Sentence], index: int) -> str:
    """The next sentence of the same paragraph, or ""; for a sentence that opens a
    quotation, the one of the paragraph where it closes (its speaker is named there)."""
    quoting = opens_quote(text[sentences[index].begin:sentences[index].end])
    for later in sentences[index + 1:index + 1 + _QUOTE_SPAN]:
        if later.paragraph != sentences[index].paragraph:
            break
        sentence = text[later.begin:later.end]
        if not quoting or closes_quote(sentence):
            return sentence
    return ""


# how many sentences a quotation may run on before the one naming its speaker
_QUOTE_SPAN = 4


def _claim_zone(sentences: list[Sentence], cued: dict[int, int]):
    """Whether an offset lies in, or just before, a sentence with a claim cue: only places
    there need resolving in context."""
    spans = [(sentences[max(0, i - 1)].begin, sentences[i].end) for i in sorted(cued)]
    return lambda offset: any(b <= offset < e for b, e in spans)


def _dated(speaker: Speaker, said: Attribution, s_text: str, base: dt.date) -> Attribution:
    """A named speaker's statement dated in the sentence ("Gerasimov said on Thursday")
    dates their undated statements in the rest of the article."""
    if said.speaker is None or not said.explicit:
        return said
    dates = [d for d in find_dates(_without_dateline(s_text), base) if not d.follows]
    when = _spoken_date(dates, s_text, said.lang)
    if when is None or not base - HISTORY <= when <= base:
        return said
    speaker.remember(said.speaker, when)
    return dataclasses.replace(said, date=said.date or when)


def _remember(speaker: Speaker, said: Attribution, found: list[Claim], base: dt.date) -> None:
    """A claim dated in its sentence ("the following day") dates its speaker's undated ones."""
    if said.speaker is None or not said.explicit:
        return
    dated = [c.claim_date for c in found if c.claimant == said.speaker and base - HISTORY <= c.claim_date < base]
    if dated:
        speaker.remember(said.speaker, dated[0])


def _without_dateline(s_text: str) -> str:
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), s_text)


def _spoken_date(dates: list[DateSpan], s_text: str, lang: str | None) -> dt.date | None:
    """The date next to a speech verb: "said on Thursday", "в четверг сообщило"."""
    if not lang or all(d.until is not None for d in dates):
        return None
    verbs = [m.span() for m in lexicon.SPEECH[lang].finditer(s_text, folding.lowered(s_text))]
    for d in dates:
        if d.until is None and any(-SPEECH_GAP <= d.begin - e <= SPEECH_GAP or -SPEECH_GAP <= b - d.end <= SPEECH_GAP
                                   for b, e in verbs):
            return d.start
    return None


def _sentence_claims(text, sentence: Sentence, index: int, places: list[Mention], last_place,
                     said: Attribution, lang: str, base: dt.date, article, previous: dt.date | None,
                     speaker: Speaker, cue_start: int, seen: _Seen) -> list[Claim]:
    s_text = text[sentence.begin:sentence.end]
    cues = find_cues(s_text, lang, cue_start)
    if not cues:
        return []
    # a place in a claimant's name ("Belgorod governor", "Sumy regional administration") is no target
    named = speaker.claimants(s_text)
    targets = [t for t in _targets(s_text, sentence.begin, places, last_place, lang)
               if not any(b <= t.begin < e for b, e, _, _ in named)]
    clauses = _clauses(s_text)
    # the side a cue gives its place to, asked again for each target and side it is tried with
    controller = functools.cache(lambda cue, side: control.controller(cue, s_text, clauses, side))
    dates = after(find_dates(_without_dateline(s_text), base), previous)
    quote = " ".join(s_text.split())[:2000]
    bound = _attributed(cues, targets, clauses, s_text, said, last_place, speaker.voice, named)
    sides = seen.sides(index, sentence.paragraph, {side for _, _, name, side in named if name is not None},
                       {side for side, pattern in lexicon.SIDE_WORDS if pattern.search(s_text)})
    seeing = _Sentence(s_text, sentence, index, len(targets), len(cues), sides)

    def candidate(target: Target, cue: Cue, who: Attribution, style: str, extra: bool) -> Claim | None:
        claim = _claim(target, cue, s_text, clauses, dates, who, base, article, quote, controller)
        if (claim.id, claim.claimant) in seen.evidence:
            return None
        how = ("none" if claim.claimant_side is Side.OTHER and claim.claimant == article.source
               else _how(who, said, speaker.voice, cue))
        evidence = seeing.evidence(target, cue, style, how, seen)
        seen.evidence[claim.id, claim.claimant] = evidence
        if cue.style == "holding":
            seen.holding.add((claim.id, claim.claimant))
        if how in _UNSURE and claim.claim_date >= base - HISTORY:  # older news with no speaker is background
            seen.variants[claim.id, claim.claimant] = [
                (_given_to(claim, side, seen, article, controller(cue, side)),
                 dataclasses.replace(evidence, attribution=f"{how}>{side.value}"))
                for side in Side if side is not claim.claimant_side]
        if extra:
            seen.extra.append(claim)
        return claim

    claims = [c for target, cue, who in bound if not (cue.style == "nominal" and who.speaker is None)
              if (c := candidate(target, cue, who, cue.style, False)) is not None]
    # cues of another kind near a bound place, which the rules passed over: the model weighs them
    taken = {(id(t.mention), c.kind) for t, c, _ in bound}
    for target in {id(t.mention): t for t, _, _ in bound}.values():
        for cue in cues:
            if (id(target.mention), cue.kind) not in taken and _distance(cue, target) <= ALTERNATIVE_SPAN:
                taken.add((id(target.mention), cue.kind))
                candidate(target, cue, _own_subject(cue, named, said, s_text), f"other:{cue.style}", True)
    return _merge(_group(claims, article, index))


# how far from its place a cue the rules did not bind may stand and still be a candidate
ALTERNATIVE_SPAN = 80


@dataclasses.dataclass(frozen=True, slots=True)
class _Sentence:
    """A cued sentence as the scoring sees it."""

    text: str
    sentence: Sentence
    index: int
    targets: int
    cues: int
    sides: tuple

    def evidence(self, target: Target, cue: Cue, style: str, how: str, seen: _Seen) -> Evidence:
        mention = target.mention
        top = mention.candidates[0] if mention.candidates else None
        return Evidence(
            sentence=self.text, sentence_index=self.index, paragraph=self.sentence.paragraph, cue_style=style,
            cue_distance=-_distance(cue, target) if cue.begin >= target.end else _distance(cue, target),
            anaphor=target.begin != mention.begin - self.sentence.begin, targets=self.targets, cues=self.cues,
            attribution=how, in_headline=_key(mention) in seen.headline, alleged=cue.alleged,
            candidates=len(mention.candidates), score=getattr(top, "score", 0.0) if mention.place is not None else 0.0,
            population=getattr(mention.place, "population", 0) or 0, precision=getattr(mention.place, "precision", None),
            common=seen.common(mention.as_written), sides=self.sides, place_at=max(0, target.begin))


# how a claimant found for a claim leaves room for another side
_UNSURE = ("none", "carried", "voice")


def _given_to(claim: Claim, side: Side, seen: _Seen, article, controller: Side | None) -> Claim:
    """``claim`` given to ``side`` instead: to the claimant of that side named last, else to
    the side unnamed (the outlet for a third party), with the controller that side implies."""
    name = seen.named_last(side)
    name = _UNNAMED.get(side, article.source) if name is None else name
    return dataclasses.replace(claim, claimant=name, claimant_side=side, controller_side=controller)


def _how(who: Attribution, said: Attribution, voice: Attribution | None, cue: Cue) -> str:
    """How the claimant of a claim was found: named in the sentence, carried over from an
    earlier one, the article's voice, the author of a statement reported to be denied, or
    the side an "allegedly" claim is given to."""
    if who is not said:
        return "doubted" if cue.alleged else "reported"
    if voice is not None and said is voice:
        return "voice"
    return "explicit" if said.explicit else "carried"


def _attributed(cues: list[Cue], targets: list[Target], clauses, s_text: str, said: Attribution,
                last_place: Mention | None, voice: Attribution | None = None,
                named: tuple = ()) -> list[tuple[Target, Cue, Attribution]]:
    """(target, cue, claimant) of a sentence. A reported statement it denies is its
    author's claim, and the verdict denies each place in it; a denial with no place of its
    own ("Kyiv rejected the announcement") is of the place named last; a denying verb's own
    subject denies ("..., a claim Ukraine's military rejected"). ``named``: the sentence's
    claimants (:func:`geo.extraction.attribution.claimant_mentions`)."""
    reported = find_reported(s_text, cues, named)
    if reported is None:
        found = _bind(cues, targets, clauses, s_text)
        if not found and last_place is not None and lexicon.REPORT_REF.search(s_text):
            found = [(Target(last_place, c.end, c.end), c) for c in cues if c.kind is Kind.DENIED][:1]
        return [(t, c, _doubted(said, voice, s_text[max(0, c.begin - 50):c.begin]) if c.alleged
                 else _own_subject(c, named, said, s_text)) for t, c in found]
    inside = [t for t in targets if reported.begin <= t.begin < reported.end]
    outside = [t for t in targets if t not in inside]
    author = (dataclasses.replace(said, speaker=reported.claimant[0], side=reported.claimant[1], explicit=True)
              if reported.claimant else _doubted(said, voice, s_text[:reported.end]))
    stated = [c for c in cues if reported.begin <= c.begin < reported.end
              and (c.style not in ("nominal", "modifier") or c.alleged or reported.named and c.style == "nominal")]
    rest = [c for c in cues if c is not reported.verdict and not reported.begin <= c.begin < reported.end]
    return ([(t, c, author) for t, c in _bind(stated, inside, [(0, len(s_text))], s_text)]
            + [(t, reported.verdict, said) for t in inside]
            + [(t, c, said) for t, c in _bind(rest, outside, clauses, s_text)])


def _own_subject(cue: Cue, named: tuple, said: Attribution, s_text: str) -> Attribution:
    """The claimant a cue's own subject names, where it stands for another side than the
    sentence's speaker: right before a denying verb ("..., a claim Ukraine's military
    rejected"), or shortly before a capture in scare quotes ("Міноборони рф сьогодні знову
    «звільнило» Піщане"); else the speaker, who names its own side more precisely."""
    if cue.kind is Kind.DENIED and cue.style == "plain":
        gap = 0
    elif cue.kind is Kind.CAPTURED and s_text[cue.begin - 1:cue.begin] in _SCARE_QUOTES:
        gap = _QUOTED_VERB_GAP
    else:
        return said
    subject = next((n for n in named if n[2] is not None and n[1] <= cue.begin
                    and len(s_text[n[1]:cue.begin].strip(" " + _SCARE_QUOTES)) <= gap
                    and not lexicon.CLAUSE.search(s_text, n[1], cue.begin)), None)
    if subject is None or subject[3] is said.side or subject[3] is Side.OTHER:
        return said
    return Attribution(subject[2], subject[3], True, said.date, said.lang)


_SCARE_QUOTES = "«\"“"
# how many characters ("сьогодні знову") may stand between a claimant and the quoted verb it says
_QUOTED_VERB_GAP = 25


def _doubted(said: Attribution, voice: Attribution | None, before: str) -> Attribution:
    """Who made a claim reported as "allegedly" true: the other side; but a speaker of the
    side the outlet takes no part with ("Russia's ministry said troops allegedly
    'liberated' X" in a Ukrainian outlet) made it, and the outlet doubts it; so did any
    other speaker named unless the words before the cue (``before``) give the deed to the
    other side ("Danylenko said the Russian side had 'allegedly' captured")."""
    named = said.explicit and said.side is not Side.OTHER and (voice is None or said.speaker != voice.speaker)
    if named and (voice is not None and said.side is not voice.side or not _names_side(control.opposite(said.side), before)):
        return said
    side = control.opposite(said.side)
    name = _UNNAMED.get(side)
    return dataclasses.replace(said, speaker=name, side=side, explicit=True) if name else said


def _names_side(side: Side, text: str) -> bool:
    return any(p.search(text) for s, p in lexicon.SIDE_WORDS if s is side)


# "населенный пункт Цукурино", "the settlement of Nowgorodskoje": a noun followed by a name
# is no anaphor, whether or not the name resolved
_NAME_NEXT = re.compile(r"\s+(?:of\s+)?[«\"“]?(?-i:[A-ZА-ЯІЇЄҐ])")


def _targets(s_text: str, offset: int, places: list[Mention], last_place, lang: str) -> list[Target]:
    """The settlements of a sentence plus anaphors ("the city") resolved to the last one named."""
    targets = [Target(m, m.begin - offset, m.end - offset) for m in places if not m.landmark]
    for m in lexicon.ANAPHOR[lang].finditer(s_text):
        if (any(0 <= t.begin - m.end() <= 5 for t in targets) or _NAME_NEXT.match(s_text, m.end())
                or lexicon.landmark_before(s_text[:m.start()][-60:])):
            continue
        earlier = [m_ for m_ in places if not m_.landmark and m_.end - offset <= m.start()]
        antecedent = earlier[-1] if earlier else last_place
        if antecedent is not None:
            targets.append(Target(antecedent, m.start(), m.end()))
    return sorted(targets, key=lambda t: t.begin)


def _clauses(s_text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in lexicon.CLAUSE.finditer(s_text)] + [len(s_text)]
    return list(zip(cuts, cuts[1:]))


def _bind(cues: list[Cue], targets: list[Target], clauses, s_text: str) -> list[tuple[Target, Cue]]:
    """Each target takes its clause's nearest cue; modifiers ("80% of") bind the target right
    after them; a cue left without a target takes the previous clause's ("fell to Russia
    ..., but was recaptured by Ukraine")."""
    pairs: list[tuple[Target, Cue]] = []
    main = [c for c in cues if c.style != "modifier"]
    for cue in (c for c in cues if c.style == "modifier"):
        following = [t for t in targets if t.begin >= cue.end and _MODIFIER_GAP.match(s_text[cue.end:t.begin])]
        if following:
            pairs.append((following[0], _of_part(_modified(cue, main, clauses), following[0], s_text)))
    used: set[int] = set()
    by_clause: dict[int, list[Target]] = {}
    for target in targets:
        clause = clause_of(clauses, target.begin)
        by_clause.setdefault(clause, []).append(target)
        options = [c for c in main if clause_of(clauses, c.begin) == clause
                   and not (c.begin >= target.end and _has_object(c, targets, s_text))]
        if options:
            cue = min(options, key=lambda c: _distance(c, target))
            used.add(id(cue))
            pairs.append((target, cue))
    for cue in main:
        clause = clause_of(clauses, cue.begin)
        if id(cue) in used or clause in by_clause or cue.style == "nominal":
            continue
        if lexicon.RELATIVE_CLAUSE.match(s_text, clauses[clause][0] + 1):
            continue
        previous = [by_clause[c] for c in range(clause - 1, -1, -1) if c in by_clause]
        if previous:
            pairs.append((previous[0][-1], cue))
    return pairs


def _of_part(cue: Cue, target: Target, s_text: str) -> Cue:
    """"half of Toretsk's industrial zone": a share of a part of the town, not of the town."""
    if cue.percent is not None and lexicon.POSSESSIVE_PART.match(s_text, target.end):
        return dataclasses.replace(cue, percent=None, qualifier="part")
    return cue


def _has_object(cue: Cue, targets: list[Target], s_text: str) -> bool:
    """Whether a settlement follows the cue closely ("entered the outskirts of X"): then
    the cue is about that one, not about a place named before it; one added "along with"
    it ("X was liberated, along with Y") shares the cue."""
    return any(0 <= t.begin - cue.end <= OBJECT_SPAN and not lexicon.CLAUSE.search(s_text, cue.end, t.begin)
               and not lexicon.ALONG_WITH.search(s_text, cue.end, t.begin) for t in targets)


def _modified(cue: Cue, main: list[Cue], clauses) -> Cue:
    """"on the outskirts of X" with an advance or fighting cue in the clause is that kind."""
    if cue.qualifier != "outskirts":
        return cue
    clause = clause_of(clauses, cue.begin)
    kinds = {other.kind for other in main if clause_of(clauses, other.begin) == clause}
    kind = next((k for k in _OUTSKIRTS_KINDS if k in kinds), None)
    if kind is None and not kinds & _HELD_KINDS:  # "reached the outskirts of X": reaching its edge
        kind = Kind.ADVANCE
    return cue if kind is None else dataclasses.replace(cue, kind=kind)


def _distance(cue: Cue, target: Target) -> int:
    """Characters between cue and target; a cue after its target counts a little farther
    ("advanced near Toretsk and fighting continued in ...")."""
    return cue.begin - target.end + AFTER_BIAS if cue.begin >= target.end else target.begin - cue.end


def _claim(target: Target, cue: Cue, s_text: str, clauses, dates: list[DateSpan], said: Attribution,
           base: dt.date, article, quote: str, controller) -> Claim:
    start, until = _date_for(cue, dates, clauses, said, base, s_text)
    claimant, side = said.speaker, said.side
    if claimant is not None and not said.explicit and start < base - HISTORY:
        claimant = None
    if claimant is None:
        claimant, side = article.source, Side.OTHER
    mention = target.mention
    place = mention.place
    resolved = {} if place is None else dict(place_id=place.id, place=place.name, admin1=place.admin1, lat=place.lat,
                                             lon=place.lon, precision=place.precision)
    return Claim(as_written=mention.as_written, kind=cue.kind, claimant=claimant, claimant_side=side,
                 claim_date=start, claim_until=until, source=article.source, controller_side=controller(cue, side),
                 percent=cue.percent, qualifier=cue.qualifier, published=article.published, url=article.url,
                 quote=quote, region=mention.region, **resolved)


def _date_for(cue: Cue, dates: list[DateSpan], clauses, said: Attribution, base: dt.date, s_text: str):
    """The date of the cue's clause; else the date of the statement ("said on Thursday");
    else the speaker's earlier dated statement; else the publication date."""
    clause = clause_of(clauses, cue.begin)
    if cue.style == "verdict":  # the dates before it are those of the statement it denies
        dates = [d for d in dates if d.begin >= cue.begin]
    same = [d for d in dates if clause_of(clauses, d.begin) == clause] or (dates if len(clauses) == 1 else [])
    if same:
        best = min(same, key=lambda d: abs(d.begin - cue.begin))
        return best.start, best.until
    return _spoken_date(dates, s_text, said.lang) or said.date or base, None


def _merge(claims: list[Claim]) -> list[Claim]:
    """One claim per place, controller and claimant in a sentence: the strongest kind; the
    one "on the outskirts" says most ("advanced to the outskirts of X, where fighting goes on")."""
    kept: list[Claim] = []
    for claim in sorted(claims, key=_rank):
        if not any(place_key(k) == place_key(claim) and k.claimant == claim.claimant and not _retaken(k, claim)
                   for k in kept):
            kept.append(claim)
    return sorted(kept, key=lambda c: claims.index(c))


def _rank(claim: Claim) -> tuple[int, bool]:
    rank = PRIORITY.index(claim.kind)
    if claim.qualifier == "outskirts":
        return min(rank, PRIORITY.index(Kind.CONTESTED)), False
    return rank, True


def _retaken(a: Claim, b: Claim) -> bool:
    """Two captures of one place by different sides: "fell to Russia ..., recaptured by Ukraine"."""
    return a.kind is b.kind is Kind.CAPTURED and a.controller_side is not b.controller_side


def _group(claims: list[Claim], article, index: int) -> list[Claim]:
    """Villages claimed encircled together in one sentence share a group."""
    encircled = [c for c in claims if c.kind is Kind.ENCIRCLED]
    if len({place_key(c) for c in encircled}) < 2:
        return claims
    seed = f"{article.url or article.source}|{article.published}|{index}"
    group = "encircled:" + hashlib.sha256(seed.encode()).hexdigest()[:10]
    return [c.with_trusted(group=group) if c.kind is Kind.ENCIRCLED else c for c in claims]


def _dedupe(claims: list[Claim], source: str) -> list[Claim]:
    """One claim per key; an "allegedly" claim of an unnamed side repeats one that side's
    named claimant already made of the place; a claim can restate an earlier one (:func:`_restates`);
    fighting in a place its claimant gives a share of that day is told by the share; the
    outlet's own words repeating a claim it reported ("the claim that X was captured is
    false") add none."""
    seen: set[tuple] = set()
    named = {(place_key(c), c.kind, c.claimant_side) for c in claims if c.claimant not in _UNNAMED.values()}
    shares = {(place_key(c), c.claimant, c.claim_date) for c in claims if c.kind is Kind.PARTIAL}
    out = []
    for claim in claims:
        key = (place_key(claim), claim.kind, claim.claimant, claim.controller_side, claim.claim_date,
               claim.claim_until, claim.percent, claim.qualifier)
        if claim.claimant == _UNNAMED.get(claim.claimant_side) and key[:2] + (claim.claimant_side,) in named:
            continue
        if _restates(claim, out) or claim.kind is Kind.CONTESTED and (place_key(claim), claim.claimant, claim.claim_date) in shares:
            continue
        if claim.claimant == source and claim.kind is not Kind.DENIED and _reported_before(claim, out):
            continue
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _held(claims: list[Claim], seen: _Seen) -> list[Claim]:
    """A side calling a place its own ("Старые Терны — наши!", "під контролем наших
    підрозділів") denies the other side's claim only where the article reports one; else
    it claims the place (the codebook's denial rejects a claim): a capture, for that side.
    The other side's withdrawal from the place ("Russia left Kherson") is no such claim."""
    out = []
    for claim in claims:
        if (claim.id, claim.claimant) in seen.holding and not any(
                place_key(c) == place_key(claim) and c.claimant_side not in (claim.claimant_side, Side.OTHER)
                and c.controller_side is not claim.claimant_side for c in claims):
            taken = dataclasses.replace(claim, kind=Kind.CAPTURED, id="")
            seen.evidence[taken.id, taken.claimant] = seen.evidence[claim.id, claim.claimant]
            seen.variants[taken.id, taken.claimant] = [(dataclasses.replace(v, kind=Kind.CAPTURED, id=""), ev)
                                                       for v, ev in seen.variants.get((claim.id, claim.claimant), ())]
            claim = taken
        out.append(claim)
    return out


def _restates(claim: Claim, earlier: list[Claim]) -> bool:
    """A claimant saying again what it said of the place: "it is fully under our control"
    after its own capture of a place no one else claimed, or "the village is under the
    control of Russian troops" after its denial of the other side's claim that day."""
    about = [c for c in earlier if place_key(c) == place_key(claim) and c.claimant == claim.claimant
             and c.controller_side is claim.controller_side]
    if claim.kind is Kind.DENIED:
        return (any(c.kind is Kind.CAPTURED for c in about)
                and all(c.claimant_side is claim.claimant_side for c in earlier if place_key(c) == place_key(claim)))
    return claim.kind is Kind.CAPTURED and any(c.kind is Kind.DENIED and c.claim_date == claim.claim_date for c in about)


def _reported_before(claim: Claim, earlier: list[Claim]) -> bool:
    """Whether an earlier claim of the article, made no later, says the same."""
    return any(c.kind is claim.kind and c.controller_side is claim.controller_side and place_key(c) == place_key(claim)
               and c.claim_date <= claim.claim_date for c in earlier)


def _link(claims: list[Claim], article) -> list[Claim]:
    """A denial names, in ``denies``, the latest earlier claim of the other side it answers."""
    out: list[Claim] = []
    for claim in claims:
        if claim.kind is Kind.DENIED and claim.denies is None:
            denied = [c for c in out if c.kind is not Kind.DENIED and place_key(c) == place_key(claim)
                      and c.claimant_side is not claim.claimant_side and c.claimant_side is not Side.OTHER]
            if denied:
                claim = claim.with_trusted(denies=denied[-1].id)
        out.append(claim)
    return out
