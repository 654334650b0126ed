"""The in-memory name index: exact keys, inflected stems, loose spellings and skeleton blocks for fuzzy search."""
from __future__ import annotations

import bisect
import dataclasses
import gc
import itertools
import logging
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz import fuzz, process

from gazetteer import morph, spellbook
from gazetteer.merge import merge_places
from gazetteer.model import Place
from gazetteer.names import (SKELETON_CLASSES, has_cyrillic, key, latin, looks_ukrainian, loose_cost, loose_form,
                             skeleton, spellings)
from gazetteer.regions import region_name
from gazetteer.resolve import standing
from gazetteer.sources.base import Alias, Source
from gazetteer.sources.katottg import KatottgSource
from gazetteer.table import Groups, PlaceTable

log = logging.getLogger(__name__)

# Alternate names (GeoNames lists historic, foreign and misspelt ones) rank below the current
# name, so that Nikopol's old name "Slaviansk" does not tie with Sloviansk.
W_ALTERNATE = 0.93
W_INFLECTED = 0.95  # factor for a match through a lemma, or a stem of a consonant-final name
W_STEM = 0.93       # factor when both the query and the name lost an ending (Авдеевку ~ Авдеевка)
W_OTHER_LEMMA = 0.93  # further factor for stem matches when the form is a case of a name with і
W_LOOSE = 0.96      # factor for a spelling that differs only within classes, less its loose cost
LOOSE_MAX = 0.1     # more loose cost than this is no such spelling
FUZZY_CAP = 0.8     # a fuzzy match never scores as a confident one
FUZZY_CUTOFF = 70   # rapidfuzz ratio below which a spelling is not a candidate
SKELETON_CUTOFF = 55  # lower ratio still accepted when the consonant skeletons agree
_BLOCK = 2          # skeleton prefix length that blocks the fuzzy search
_CROWDED = 3000     # a larger block is narrowed class by class to one-edit neighbours (_blocks)
_MIN_SKELETON = 3   # shorter skeletons match too much to mean anything
_MIN_LOOSE = 6      # shortest key looked up loosely

Hits = dict[int, tuple[float, str]]  # place index -> (name similarity, matched key)
_NO_HIT = (0.0, "")


@dataclasses.dataclass
class Index:
    """Places and the name keys that lead to them.

    Keys are numbered in skeleton order, so that the keys sharing a skeleton prefix (a fuzzy
    search block) are one slice of ``keys`` and ``latins``; key ``j`` leads to the places
    ``place[starts[j]:starts[j + 1]]`` with the trust ``weight`` of the same slice.
    """

    places: PlaceTable
    keys: list[str]
    key_ids: dict[str, int]
    latins: list[str]
    shown: list[str]  # the name each key was generated from, as the source wrote it
    starts: array
    place: array
    weight: array
    stems: Groups      # stem -> key numbers
    skeletons: Groups  # skeleton -> key numbers
    standing: array    # resolve.standing() of each place, ranked with every namesake
    lat5: array        # coordinates as candidates give them: 5 decimals (about 1 m)
    lon5: array
    lemma_frames: frozenset[str]  # morph.lemma_frames() of every word of the Cyrillic keys
    by_id: dict[str, int]
    counts: dict[str, dict[str, int]]  # source name -> places and aliases it gave
    # skeleton -> {loose label -> key numbers}, worked out the first time a skeleton is asked for
    loose_labels: dict[str, dict[str, list[int]]] = dataclasses.field(default_factory=dict, repr=False)

    def exact(self, name_key: str, *, first: int | None = None) -> Hits:
        """Places one of whose spellings has exactly this key; with ``first``, only the places
        that rank first when nothing but the name is known (postings are stored in that order)."""
        j = self.key_ids.get(name_key)
        if j is None:
            return {}
        start, end = self.starts[j], self.starts[j + 1]
        if first is not None:
            end = min(end, start + first)
        return {i: (w, name_key) for i, w in zip(self.place[start:end], self.weight[start:end])}

    def inflected(self, name_key: str) -> Hits:
        """Places matched through case endings (stems) or pymorphy3 lemmas of a Cyrillic key."""
        hits: Hits = {}
        if not has_cyrillic(name_key):
            return hits
        # Оріхова is Оріхів's genitive before it is a form of Оріхове: the stem's other lemmas
        # rank below a nominative with і when there is one.
        closed: Hits = {}
        for form in morph.closed_nominatives(name_key):
            if (j := self.key_ids.get(form)) is not None:
                self._collect(closed, j, W_INFLECTED)
        stem_factor = W_OTHER_LEMMA if closed else 1.0
        for j in self.stems.get(morph.stem(name_key)):
            k = self.keys[j]
            self._collect(hits, j, stem_factor * (W_INFLECTED if morph.stem(k) == k else W_STEM))
        for i, hit in closed.items():
            if hits.get(i, _NO_HIT)[0] < hit[0]:
                hits[i] = hit
        if not hits and all(morph.may_lemmatise_to(w, self.lemma_frames) for w in name_key.split(" ")):
            for form in morph.lemma_forms(name_key):
                if (j := self.key_ids.get(form)) is not None:
                    self._collect(hits, j, W_INFLECTED)
        return hits

    def loose(self, name_key: str) -> Hits:
        """Places with a spelling that differs from the key only within vowel and consonant
        classes (:func:`~gazetteer.names.loose_cost`): the Russian Работино for Роботине,
        whose generated Russian form is Роботино; the closer, the higher."""
        # Ukrainian text writes the Ukrainian names (its case forms are inflected()'s); short
        # words meet too many names with another vowel.
        if looks_ukrainian(name_key) or len(name_key) < _MIN_LOOSE:
            return {}
        form = loose_form(latin(name_key))
        label, skel = form[0], form[1]
        if len(skel) < _MIN_SKELETON:
            return {}
        hits: Hits = {}
        inflected = has_cyrillic(name_key)  # a case ending, not another name: Клещеевку
        for j in self._labelled(skel).get(label, ()):
            cost = loose_cost(form, loose_form(self.latins[j]), endings=inflected)
            if cost is not None and cost <= LOOSE_MAX:
                self._collect(hits, j, W_LOOSE - cost)
        return hits

    def _labelled(self, skel: str) -> dict[str, list[int]]:
        """The keys of one skeleton (one label means one skeleton) by their loose label."""
        labelled = self.loose_labels.get(skel)
        if labelled is None:
            labelled = defaultdict(list)
            start, end = self.skeletons.run(skel)
            for j in range(start, end):
                labelled[loose_form(self.latins[j])[0]].append(j)
            labelled = self.loose_labels[skel] = dict(labelled)
        return labelled

    def fuzzy(self, name_key: str, *, limit: int = 30) -> Hits:
        """Places whose spellings are close in plain Latin or share the consonant skeleton."""
        query = latin(name_key)
        skel = skeleton(query)
        spans = self._blocks(skel)
        choices: list[str] = []
        for start, end in spans:
            choices += self.latins[start:end]
        offsets = list(itertools.accumulate((end - start for start, end in spans), initial=0))
        found = {}
        for _, score, n in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                           limit=limit):
            span = bisect.bisect_right(offsets, n) - 1
            found[spans[span][0] + n - offsets[span]] = score
        same_start, same_end = self.skeletons.run(skel) if len(skel) >= _MIN_SKELETON else (0, 0)
        for _, score, n in process.extract(query, self.latins[same_start:same_end], scorer=fuzz.ratio,
                                           score_cutoff=SKELETON_CUTOFF, limit=None):
            found.setdefault(same_start + n, score)
        hits: Hits = {}
        for j, ratio in found.items():
            other = skel if same_start <= j < same_end else self.skeletons.label_of(j)
            same = 1.0 if other == skel else fuzz.ratio(skel, other) / 100
            self._collect(hits, j, FUZZY_CAP * (0.6 * ratio / 100 + 0.4 * same))
        return hits

    def _collect(self, hits: Hits, j: int, factor: float) -> None:
        """Add the places of key number ``j`` at ``factor`` times their trust, keeping the best."""
        k = self.keys[j]
        start, end = self.starts[j], self.starts[j + 1]
        for i, w in zip(self.place[start:end], self.weight[start:end]):
            if hits.get(i, _NO_HIT)[0] < w * factor:
                hits[i] = (w * factor, k)

    def _blocks(self, skel: str) -> list[tuple[int, int]]:
        """Key-number ranges to search: the keys sharing the skeleton's first two classes.

        A crowded block (KR holds 12,000 keys) is narrowed class by class: the keys that share
        one more class of the query, plus those one edit away at that class (a class inserted,
        missing or replaced). Latency stays bounded while Часовым Яром (SVMRM) still meets
        Часів Яр (SVR).
        """
        if len(skel) < _BLOCK:  # a one-class skeleton is its own block, not every key it starts
            return [self.skeletons.run(skel)]
        ranges: list[tuple[int, int]] = []
        depth = _BLOCK
        block = self.skeletons.span(skel[:depth])
        while block[1] - block[0] > _CROWDED:
            ranges += self._one_edit(skel, depth)
            if depth == len(skel):
                block = self.skeletons.run(skel)
                break
            depth += 1
            block = self.skeletons.span(skel[:depth])
        spans: list[tuple[int, int]] = []
        for start, end in sorted([*ranges, block]):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            elif end > start:
                spans.append((start, end))
        return spans

    def _one_edit(self, skel: str, depth: int) -> list[tuple[int, int]]:
        """Ranges of the keys that share ``skel[:depth]``, then differ by one class edit and go
        on like the query for up to two more classes, its last one not counted (a case ending
        often adds it: Яром)."""
        head = skel[:depth]

        def going_on(prefix: str, tail: str) -> tuple[int, int]:
            tail = tail[:min(2, len(tail) - 1)]
            return self.skeletons.span(prefix + tail) if tail else self.skeletons.run(prefix)

        ranges = [going_on(head + c, skel[depth:]) for c in SKELETON_CLASSES]  # a class inserted
        if depth < len(skel):
            ranges.append(going_on(head, skel[depth + 1:]))  # the class missing
            ranges += [going_on(head + c, skel[depth + 1:]) for c in SKELETON_CLASSES]  # another class
        return ranges


def build_index(sources: Sequence[Source], *, progress: bool = False) -> Index:
    """Read every source, merge the places and index all their spellings.

    A first build takes seconds; ``progress`` shows how far it is on a line of stderr.
    """
    from tqdm import tqdm

    records: list[Place] = []
    aliases: list[Alias] = []
    counts: dict[str, dict[str, int]] = {}
    # Share of the bar per stage, as the stages take on the default sources.
    weights = {"sources": 30.0, "merge": 10.0, "names": 40.0, "tables": 20.0}
    bar = tqdm(total=sum(weights.values()), desc="building the gazetteer index (first run)", file=sys.stderr,
               disable=not progress, delay=0.5, bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}{postfix}")
    collecting = gc.isenabled()
    gc.disable()  # a build makes millions of objects and no cycles: collecting only costs time
    try:
        for source in sources:
            bar.set_postfix_str(source.name)
            before, before_aliases = len(records), len(aliases)
            records.extend(source.places())
            aliases.extend(source.aliases())
            counts[source.name] = {"places": len(records) - before, "aliases": len(aliases) - before_aliases}
            log.info("source %s: %s", source.name, counts[source.name])
            bar.update(weights["sources"] / len(sources))
        bar.set_postfix_str("merging")
        builder = _Builder(merge_places(records))
        bar.update(weights["merge"])
        bar.set_postfix_str("names")
        for share in builder.add_places():
            bar.update(weights["names"] * share)
        for alias in aliases:
            builder.add_alias(alias)
        bar.set_postfix_str("tables")
        index = builder.finish(counts)
        bar.set_postfix_str(f"{len(index.places):,} places", refresh=False)
        bar.update(bar.total - bar.n)  # the stages' float shares need not add up exactly
        return index
    finally:
        bar.close()
        if collecting:
            gc.enable()


class _Builder:
    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.by_id = {p.id: i for i, p in enumerate(places)}
        self.names: dict[str, dict[int, float]] = defaultdict(dict)
        self.shown: dict[str, str] = {}
        # Names repeat (123 villages are Іванівка): each is spelled out once per build.
        self.spelled: dict[tuple[str, bool], dict[str, float]] = {}

    def add_places(self, chunk: int = 2000) -> Iterator[float]:
        """Index the names of every place; yields the share done after each chunk of places."""
        if any(p.source.startswith(KatottgSource.name) for p in self.places):
            # The build spelt the codifier's names ahead (gazetteer.spellbook).
            self.spelled.update(((name, True), spelled) for name, spelled in spellbook.load().items())
        for start in range(0, len(self.places), chunk):
            for i in range(start, min(start + chunk, len(self.places))):
                place = self.places[i]
                main = (place.name, place.name_uk, place.name_ru)
                self.add_names(i, main, ukrainian_name=place.name_uk)
                # A main name again among the others would only add its keys at a lower weight.
                self.add_names(i, (n for n in place.names if n not in main), ukrainian_name=place.name_uk,
                               factor=W_ALTERNATE)
            yield (min(start + chunk, len(self.places)) - start) / len(self.places)

    def add_names(self, i: int, names: Iterable[str | None], *, ukrainian_name: str | None = None,
                  factor: float = 1.0) -> None:
        for name in filter(None, names):
            ukrainian = name == ukrainian_name
            spelled = self.spelled.get((name, ukrainian))
            if spelled is None:
                spelled = self.spelled[(name, ukrainian)] = spellings(name, ukrainian=ukrainian)
            for k, w in spelled.items():
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
        # (skeleton, key, latin) triples: sorted by skeleton, then key, without a key function.
        ordered = sorted((skeleton(lat), k, lat) for k, lat in ((k, latin(k)) for k in self.names))
        keys = [k for _, k, _ in ordered]
        cyrillic = [has_cyrillic(k) for k in keys]
        standings = array("d", (standing(p.population, p.precision) for p in self.places))
        starts, place, weight = array("I", [0]), array("I"), array("d")
        for k in keys:
            postings = self.names[k].items()
            if len(postings) > 1:
                # In resolve.rank's order without context: score, then population, then id.
                postings = sorted(postings, key=lambda iw: (-iw[1] * standings[iw[0]],
                                                            -self.places[iw[0]].population, self.places[iw[0]].id))
            for i, w in postings:
                place.append(i)
                weight.append(w)
            starts.append(len(place))
        return Index(
            places=PlaceTable(self.places), keys=keys, key_ids={k: j for j, k in enumerate(keys)},
            latins=[lat for _, _, lat in ordered], shown=[self.shown[k] for k in keys],
            starts=starts, place=place, weight=weight,
            stems=Groups((morph.stem(k), j) for j, k in enumerate(keys) if cyrillic[j]),
            skeletons=Groups(((skel, j) for j, (skel, _, _) in enumerate(ordered)), positions=True),
            standing=standings,
            lat5=array("d", (round(p.lat, 5) for p in self.places)),
            lon5=array("d", (round(p.lon, 5) for p in self.places)),
            lemma_frames=frozenset(f for w in {w for j, k in enumerate(keys) if cyrillic[j] for w in k.split(" ")}
                                   for f in morph.lemma_frames(w)),
            by_id=self.by_id, counts=counts,
        )
