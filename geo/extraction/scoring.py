"""How likely each extracted claim is to be right: a logistic model over what the rules saw.

The rules find a claim; this stage says how far to trust it. Each claim becomes a vector of
features — the cue's kind and style, how far it stands from the place, how the speaker was
found (named next to a speech verb, carried over from an earlier sentence, the article's
voice, nobody), hedges, history, strikes and quotations in the sentence, whether the place
is a common word, how sure the gazetteer was, where in the article it stands — and a
logistic regression trained on the annotated corpus (:mod:`geo.extraction.train`, with
scikit-learn) turns it into a probability. The model ships as JSON weights: scoring is one
dot product per claim, so neither scikit-learn nor numpy is imported at run time.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import itertools
import math
import operator
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

from geo.extraction import lexicon, memo

MODEL_FILE = "model.json"
COMMON_FILE = "common_names.json"

# hedges, aims, forecasts: "could fall", "aims to take", "планирует", "загроза оточення"
_HEDGED = re.compile(r"(?<!\w)(?:could|may|might|would|will|aims?|plans?|intend\w*|threat\w*|risk\w*|expect\w*|"
                     r"может|могут|планиру\w+|намерен\w*|угроз\w+|рискует|грозит|"
                     r"може|можуть|планує\w*|загроз\w+|ризик\w*|намага\w+)(?!\w)", re.I)
# background history: "in 2022", "earlier", "ранее", "раніше", "had been"
_HISTORY = re.compile(r"(?<!\w)(?:earlier|previously|had been|had|back in|ранее|прежде|ещё в|раніше|ще в|у \d{4}|в \d{4}|in \d{4})(?!\w)",
                      re.I)
_REPELLED = re.compile(r"(?<!\w)(?:repel\w*|repuls\w*|thwart\w*|отраж\w+|отбил\w*|отбит\w*|відбил\w*|відбит\w*|відбива\w+)(?!\w)", re.I)
_QUOTE = re.compile(r"[«»“”\"]")


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules saw when they made a claim; the scoring features come from it."""

    sentence: str
    sentence_index: int
    paragraph: int
    cue_style: str
    cue_distance: int  # characters between cue and place; negative: the cue follows
    anaphor: bool  # the place stands as "the city" for one named before
    targets: int  # settlements the sentence names
    cues: int  # claim cues the sentence has
    attribution: str  # named, pronoun, carried, voice, reported, doubted, none
    in_headline: bool  # the place is named in the headline too
    alleged: bool
    candidates: int  # the gazetteer's candidates for the name
    score: float  # the gazetteer's score of the place taken
    population: int
    precision: str | None
    common: float  # the name's frequency as a common word (Zipf, 0 when not a word)
    # per side: (side, named in the sentence, sentences since one of its claimants was
    # named (-1: never), named in this paragraph, named in the headline, the sentence's
    # side words name it, the article's voice is of it)
    sides: tuple = ()
    place_at: int = 0  # where the place stands in the sentence


class Model:
    """A logistic model: ``weights`` by feature name, ``bias``, and ``threshold``, the
    confidence from which a claim is kept by default (chosen on the training data)."""

    def __init__(self, weights: Mapping[str, float], bias: float, threshold: float, meta: Mapping[str, Any] | None = None):
        self.weights = dict(weights)
        self.bias = bias
        self.threshold = threshold
        self.meta = dict(meta or {})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        return cls(data["weights"], data["bias"], data["threshold"], data.get("meta"))

    def to_json(self) -> dict[str, Any]:
        return {"bias": self.bias, "threshold": self.threshold, "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}

    def confidence(self, vector: Mapping[str, float]) -> float:
        # the generator's products and order of addition, without its frames
        z = self.bias + sum(map(operator.mul, vector.values(), map(self.weights.get, vector, itertools.repeat(0.0))))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def default_model() -> Model | None:
    """The model shipped with the package, or None when none was trained yet."""
    path = resources.files("geo.extraction").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def default_threshold() -> float:
    """The confidence from which ingest stores a claim: the shipped model's threshold (0 without one)."""
    model = default_model()
    return model.threshold if model is not None else 0.0


def kept(claims, floor: float | None = None) -> list:
    """The claims whose confidence reaches ``floor`` (default: :func:`default_threshold`);
    a claim with no confidence is kept."""
    floor = default_threshold() if floor is None else floor
    return [c for c in claims if c.confidence is None or c.confidence >= floor]


@functools.cache
def _common_table() -> dict[str, dict[str, float]]:
    path = resources.files("geo.extraction").joinpath("data", COMMON_FILE)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def common_word(name: str, lang: str) -> float:
    """How common a word a place name is in the article's language (its Zipf frequency in
    wordfreq, from the table :mod:`geo.extraction.train` writes; 0 when it is no common word)."""
    table = _common_table().get(lang)
    return table.get(name.casefold(), 0.0) if table else 0.0


def features(claim: Any, ev: Evidence, lang: str, days_before: int) -> dict[str, float]:
    """The feature vector of one claim (names → values; absent names are 0).

    ``days_before``: how many days the claim date lies before the publication date.
    """
    kind = claim.kind._value_
    side = claim.claimant_side._value_
    s = ev.sentence
    f: dict[str, float] = {
        f"kind={kind}": 1.0,
        f"style={ev.cue_style}": 1.0,
        f"kind*style={kind}*{ev.cue_style}": 1.0,
        f"lang={lang}": 1.0,
        f"side={side}": 1.0,
        f"attr={ev.attribution}": 1.0,
        f"attr*side={ev.attribution}*{side}": 1.0,
        f"attr*lang={ev.attribution}*{lang}": 1.0,
        f"side*lang={side}*{lang}": 1.0,
        f"kind*side={kind}*{side}": 1.0,
        f"controller={claim.controller_side._value_ if claim.controller_side else 'none'}*{side}": 1.0,
        f"dist={_bucket(abs(ev.cue_distance), (3, 12, 40, 100))}": 1.0,
        "cue_after": float(ev.cue_distance < 0),
        "anaphor": float(ev.anaphor),
        f"targets={_bucket(ev.targets, (1, 2, 4))}": 1.0,
        f"cues={_bucket(ev.cues, (1, 2, 4))}": 1.0,
        f"sentence={_bucket(ev.sentence_index, (0, 1, 3, 7, 15))}": 1.0,
        f"paragraph={_bucket(ev.paragraph, (0, 1, 3, 7))}": 1.0,
        "headline_place": float(ev.in_headline),
        "alleged": float(ev.alleged),
        f"candidates={_bucket(ev.candidates, (0, 1, 3))}": 1.0,
        "gazetteer_score": ev.score,
        "log_population": math.log10(1 + ev.population) / 7,
        f"precision={ev.precision or 'unresolved'}": 1.0,
        f"common={_bucket(ev.common, (0, 2.5, 3.5, 4.5))}": 1.0,
        f"before={_bucket(days_before, (0, 1, 7, 60))}": 1.0,
        "period": float(claim.claim_until is not None),
        "percent": float(claim.percent is not None),
        f"qualifier={claim.qualifier or 'none'}": 1.0,
        "denies_link": float(claim.denies is not None),
        "group": float(claim.group is not None),
        **_sentence_features(s),
    }
    base_attr = ev.attribution.split(">")[0]
    f[f"kind*attr={kind}*{base_attr}"] = 1.0
    f[f"kind*lang={kind}*{lang}"] = 1.0
    f[f"style*lang={ev.cue_style}*{lang}"] = 1.0
    # old news with no speaker named for it is the outlet's background
    found_how = ev.attribution.replace(side, "own") if ">" in ev.attribution else base_attr
    f[f"before={_bucket(days_before, (0, 1, 7, 60, 365))}*attr={found_how}"] = 1.0
    if claim.claim_until is not None:
        f[f"period*attr={found_how}"] = 1.0
    for name, in_sentence, since, paragraph, headline, words, voice in ev.sides:
        who = "own" if name == side else "other"
        if in_sentence:
            f[f"{who}_named_here"] = 1.0
            f[f"{who}_named_here*attr={base_attr}"] = 1.0
        since_key = f"{who}_since={_bucket(since, (-1, 0, 1, 3, 8))}"
        f[since_key] = f.get(since_key, 0) + 1.0
        if paragraph:
            f[f"{who}_paragraph"] = f.get(f"{who}_paragraph", 0) + 1.0
        if headline:
            f[f"{who}_headline"] = f.get(f"{who}_headline", 0) + 1.0
        if words:
            f[f"{who}_words*kind={kind}"] = f.get(f"{who}_words*kind={kind}", 0) + 1.0
        if voice:
            f[f"{who}_voice"] = 1.0
    if ">" in ev.attribution:
        f["variant"] = 1.0
        f[f"variant*side={side}"] = 1.0
    for word in _window(s, ev.place_at):
        f[f"w:{word}"] = 1.0
        f[f"w:{word}*kind={kind}"] = 1.0
    return f


_WORD = re.compile(r"[^\W\d_]{3,}")
# words either side of the place, and how much of a word stands for its stem (case
# endings vary in Russian and Ukrainian)
WINDOW_BEFORE, WINDOW_AFTER, STEM = 8, 4, 5


@memo.per_article(maxsize=512)
def _window(sentence: str, at: int) -> frozenset[str]:
    """The stems of the words around a place: what the model learns cue words from."""
    before = _WORD.findall(sentence[max(0, at - 120):at].lower())[-WINDOW_BEFORE:]
    after = _WORD.findall(sentence[at:at + 80].lower())[1:1 + WINDOW_AFTER]
    return frozenset({w[:STEM] for w in before} | {f"+{w[:STEM]}" for w in after})


@memo.per_article(maxsize=256)
def _sentence_features(s: str) -> dict[str, float]:
    """What a sentence says whatever the claim: hedges, history, strikes, quotation, length
    (asked for each claim of the sentence and each of its alternatives)."""
    return {
        "hedged": float(bool(_HEDGED.search(s))),
        "history": float(bool(_HISTORY.search(s))),
        "strike": float(bool(lexicon.STRIKE.search(s))),
        "repelled": float(bool(_REPELLED.search(s))),
        "quoted": float(bool(_QUOTE.search(s))),
        "first_person": float(bool(lexicon.FIRST_PERSON.search(s.lower()))),
        f"length={_bucket(len(s), (80, 160, 300, 600))}": 1.0,
    }


@functools.lru_cache(maxsize=4096)  # a few dozen buckets, asked for some thirty times per claim
def _bucket(value: float, edges: tuple[float, ...]) -> str:
    """The bucket a value falls in: "<=edge" for the first edge it does not pass, else ">last"."""
    for edge in edges:
        if value <= edge:
            return f"<={edge:g}"
    return f">{edges[-1]:g}"
