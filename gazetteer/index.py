"""The in-memory name index: exact keys, inflected stems and skeleton blocks for fuzzy search."""
from __future__ import annotations

import dataclasses
import itertools
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from gazetteer import morph
from gazetteer.merge import merge_places
from gazetteer.model import Place
from gazetteer.names import (has_cyrillic, key, latin, looks_russian, looks_ukrainian,
                             romanise_russian, romanise_ukrainian, russian_forms, skeleton)
from gazetteer.regions import region_name
from gazetteer.sources.base import Alias, Source

log = logging.getLogger(__name__)

# How much a spelling is trusted: a name a source gives, a standard romanisation of it,
# a generated Russian form of a Ukrainian name (Глушківка → Глушковка, Glushkovka).
W_NAME, W_ROMAN, W_CROSS = 1.0, 0.97, 0.9
# Alternate names (GeoNames lists historic, foreign and misspelt ones) rank below the current
# name, so that Nikopol's old name "Slaviansk" does not tie with Sloviansk.
W_ALTERNATE = 0.93
W_INFLECTED = 0.95  # factor for a match through a lemma, or a stem of a consonant-final name
W_STEM = 0.93       # factor when both the query and the name lost an ending (Авдеевку ~ Авдеевка)
FUZZY_CAP = 0.8     # a fuzzy match never scores as a confident one
FUZZY_CUTOFF = 70   # rapidfuzz ratio below which a spelling is not a candidate
SKELETON_CUTOFF = 55  # lower ratio still accepted when the consonant skeletons agree
_BLOCK = 2          # skeleton prefix length that blocks the fuzzy search
_MIN_SKELETON = 3   # shorter skeletons match too much to mean anything
_MAX_LEMMA_COMBOS = 16

Hits = dict[int, tuple[float, str]]  # place index -> (name similarity, matched key)


def spellings(name: str, *, ukrainian: bool = False) -> dict[str, float]:
    """Keys of a name and of its generated spellings, each with its trust weight."""
    out: dict[str, float] = {}

    def add(spelling: str, weight: float) -> None:
        k = key(spelling)
        if k and out.get(k, 0.0) < weight:
            out[k] = weight

    add(name, W_NAME)
    if has_cyrillic(name):
        if ukrainian or looks_ukrainian(name):
            for form in romanise_ukrainian(name):
                add(form, W_ROMAN)
            for form in russian_forms(name):
                add(form, W_CROSS)
                for spelling in romanise_russian(form):
                    add(spelling, W_CROSS)
        if looks_russian(name):
            for spelling in romanise_russian(name):
                add(spelling, W_ROMAN)
    return out


@dataclasses.dataclass
class Index:
    """Places and the name keys that lead to them."""

    places: list[Place]
    names: dict[str, tuple[tuple[int, float], ...]]
    shown: dict[str, str]
    stems: dict[str, tuple[str, ...]]
    skeletons: dict[str, tuple[str, ...]]
    blocks: dict[str, tuple[list[str], list[str]]]
    by_id: dict[str, int]
    counts: dict[str, dict[str, int]]  # source name -> places and aliases it gave

    def exact(self, name_key: str) -> Hits:
        """Places one of whose spellings has exactly this key."""
        return {i: (w, name_key) for i, w in self.names.get(name_key, ())}

    def inflected(self, name_key: str) -> Hits:
        """Places matched through case endings (stems) or pymorphy3 lemmas of a Cyrillic key."""
        hits: Hits = {}
        if not has_cyrillic(name_key):
            return hits
        for k in self.stems.get(morph.stem(name_key), ()):
            _keep_best(hits, self.exact(k), W_INFLECTED if morph.stem(k) == k else W_STEM)
        if not hits:
            options = [morph.lemmas(word) or (word,) for word in name_key.split(" ")]
            for words in itertools.islice(itertools.product(*options), _MAX_LEMMA_COMBOS):
                _keep_best(hits, self.exact(" ".join(words)), W_INFLECTED)
        return hits

    def fuzzy(self, name_key: str, *, limit: int = 30) -> Hits:
        """Places whose spellings are close in plain Latin or share the consonant skeleton."""
        query = latin(name_key)
        skel = skeleton(query)
        latins, keys = self.blocks.get(skel[:_BLOCK], ([], []))
        found = {keys[j]: score for _, score, j in process.extract(
            query, latins, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit)}
        if len(skel) >= _MIN_SKELETON:
            for k in self.skeletons.get(skel, ()):
                ratio = fuzz.ratio(query, latin(k))
                if ratio >= SKELETON_CUTOFF:
                    found.setdefault(k, ratio)
        hits: Hits = {}
        for k, ratio in found.items():
            same = 1.0 if skeleton(latin(k)) == skel else fuzz.ratio(skel, skeleton(latin(k))) / 100
            sim = FUZZY_CAP * (0.6 * ratio / 100 + 0.4 * same)
            _keep_best(hits, self.exact(k), sim)
        return hits


def _keep_best(hits: Hits, new: Hits, factor: float) -> None:
    for i, (w, k) in new.items():
        if hits.get(i, (0.0, ""))[0] < w * factor:
            hits[i] = (w * factor, k)


def build_index(sources: Sequence[Source]) -> Index:
    """Read every source, merge the places and index all their spellings."""
    records: list[Place] = []
    aliases: list[Alias] = []
    counts: dict[str, dict[str, int]] = {}
    for source in sources:
        before, before_aliases = len(records), len(aliases)
        records.extend(source.places())
        aliases.extend(source.aliases())
        counts[source.name] = {"places": len(records) - before, "aliases": len(aliases) - before_aliases}
        log.info("source %s: %s", source.name, counts[source.name])
    builder = _Builder(merge_places(records))
    for alias in aliases:
        builder.add_alias(alias)
    return builder.finish(counts)


class _Builder:
    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.by_id = {p.id: i for i, p in enumerate(places)}
        self.names: dict[str, dict[int, float]] = defaultdict(dict)
        self.shown: dict[str, str] = {}
        for i, place in enumerate(places):
            self.add_names(i, (place.name, place.name_uk, place.name_ru), ukrainian_name=place.name_uk)
            self.add_names(i, place.names, ukrainian_name=place.name_uk, factor=W_ALTERNATE)

    def add_names(self, i: int, names: Iterable[str | None], *, ukrainian_name: str | None = None,
                  factor: float = 1.0) -> None:
        for name in filter(None, names):
            for k, w in spellings(name, ukrainian=name == ukrainian_name).items():
                self.shown.setdefault(k, name)
                if self.names[k].get(i, 0.0) < w * factor:
                    self.names[k][i] = w * factor

    def add_alias(self, alias: Alias) -> None:
        target = self._target(alias)
        if target is None:
            log.warning("alias %r: no place %r%s", alias.alias, alias.target,
                        f" in {alias.oblast}" if alias.oblast else "")
            return
        self.add_names(target, (alias.alias,))

    def _target(self, alias: Alias) -> int | None:
        if alias.target in self.by_id:
            return self.by_id[alias.target]
        oblast = region_name(alias.oblast) if alias.oblast else None
        options = [i for i, w in self.names.get(key(alias.target), {}).items()
                   if w >= W_ALTERNATE and (oblast is None or self.places[i].admin1 == oblast)]
        return max(options, key=lambda i: self.places[i].population, default=None)

    def finish(self, counts: dict[str, dict[str, int]]) -> Index:
        stems: dict[str, list[str]] = defaultdict(list)
        skeletons: dict[str, list[str]] = defaultdict(list)
        blocks: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for k in self.names:
            if has_cyrillic(k):
                stems[morph.stem(k)].append(k)
            lat = latin(k)
            skel = skeleton(lat)
            skeletons[skel].append(k)
            block = blocks[skel[:_BLOCK]]
            block[0].append(lat)
            block[1].append(k)
        return Index(
            places=self.places,
            names={k: tuple(v.items()) for k, v in self.names.items()},
            shown=self.shown, stems={k: tuple(v) for k, v in stems.items()},
            skeletons={k: tuple(v) for k, v in skeletons.items()}, blocks=dict(blocks),
            by_id=self.by_id, counts=counts,
        )
