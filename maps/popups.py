"""The data behind each settlement's popup: a dated timeline of every claim about it.

Popups are built in the browser (``assets/frontline.js``) from these columns with
``textContent``, so article text never becomes markup; here it is only deduplicated into
a string table. Columns (one list per field) rather than rows: the browser parses a few
long lists of small integers far faster than 100,000 short lists, and reads them as is.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from geo.model import Claim, Kind, Side, place_key, place_order
from maps.style import KINDS

EPOCH = dt.date(1970, 1, 1)
KIND_ORDER = tuple(Kind)
SIDE_ORDER = tuple(Side)
PLACE_COLUMNS = ("name", "admin1", "lat", "lon", "count", "precision")
CLAIM_COLUMNS = ("day", "kind", "side", "what", "percent", "claimant", "source", "url", "quote",
                 "until", "confidence", "verdict")
_NULLABLE = ("percent", "until", "confidence")
_SMALL = ("kind", "side")  # indexes into short vocabularies: one byte each
# Coordinates travel as integers of 1e-5 degree (about a metre): shorter than floats in
# JSON, and exact.
COORDINATE_SCALE = 100_000


# How a claim's controller joins its kind: the side that took, surrounds or advances on the
# place ("Encircled by RU": RU surrounds it, whoever is inside), or the side a denial or a
# contested claim says holds it. A partial claim's line leads with the share instead.
_CONTROLLER = {Kind.CAPTURED: " by {}", Kind.ENCIRCLED: " by {}", Kind.ADVANCE: " by {}",
               Kind.CONTESTED: ", held by {}", Kind.DENIED: ": held by {}"}


def claim_wording(claim: Claim) -> str:
    """What a claim says, as its line in a popup reads it: "Captured by RU", "60% held by
    RU", "Most held by RU", "Encircled by RU", "Contested (outskirts)", "Advance by RU to
    the outskirts", "Denied: held by UA"; the kind's label alone when no side is named."""
    return _wording(claim.kind, claim.controller_side, claim.percent, claim.qualifier)


@functools.lru_cache(maxsize=4096)  # a map has a few hundred distinct lines among 100,000 claims
def _wording(kind: Kind, controller: Side | None, percent: float | None, qualifier: str | None) -> str:
    side = controller.value if controller else None
    share = f"{percent:g}%" if percent is not None else qualifier
    if kind is Kind.PARTIAL:
        if side:
            return f"{(share or 'partly').capitalize()} held by {side}"
        return KINDS[kind]["label"] + (f": {share}" if share else "")
    text = KINDS[kind]["label"] + (_CONTROLLER[kind].format(side) if side else "")
    if kind is Kind.ADVANCE and share == "outskirts":
        return text + " to the outskirts"
    return text + (f" ({share})" if share else "")


def day_number(date: dt.date) -> int:
    """Days since 1970-01-01: compact in JSON, and JavaScript's Date counts from there."""
    return (date - EPOCH).days


class StringTable:
    """Each distinct string once; rows refer to it by index, 0 meaning "none".

    A map of a million claims has some 600,000 distinct quotes and URLs. Short strings are
    kept as they are; longer ones are written as UTF-8 to a temporary file (the system's
    cache, not this process's memory) and found again through their hash, a text whose
    hash another text has too being told apart by reading the stored one. ``strings``
    reads them back as text.
    """

    SHORT = 32  # characters: texts shorter than this (claimants, sources, ...) stay in memory
    _hash = staticmethod(hash)

    def __init__(self) -> None:
        self._short: dict[str, int] = {}
        self._by_hash: dict[int, int | list[int]] = {}
        self._file = tempfile.TemporaryFile(buffering=0)  # unbuffered: read back at once
        self._spans = array("q", [0, 0])  # string i is the file's bytes spans[i] .. spans[i + 1]
        self._memory: dict[int, str] = {}  # the short strings by index
        self.strings = Texts(self)

    def __len__(self) -> int:
        return len(self._spans) - 1

    def ref(self, text: str | None) -> int:
        if text is None:
            return 0
        if len(text) < self.SHORT:
            found = self._short.get(text)
            if found is None:
                found = self._short[text] = self._append(text, b"")
                self._memory[found] = text
            return found
        data = text.encode("utf-8")
        key = self._hash(text)
        known = self._by_hash.get(key)
        candidates = () if known is None else known if isinstance(known, list) else (known,)
        for index in candidates:
            if self._read(index) == data:
                return index
        index = self._append(text, data)
        self._by_hash[key] = index if known is None else [*candidates, index]
        return index

    def text(self, index: int) -> str | None:
        """String ``index`` (None for 0)."""
        if index == 0:
            return None
        short = self._memory.get(index)
        return short if short is not None else self._read(index).decode("utf-8")

    def _append(self, text: str, data: bytes) -> int:
        os.pwrite(self._file.fileno(), data, self._spans[-1])
        self._spans.append(self._spans[-1] + len(data))
        return len(self._spans) - 2

    def _read(self, index: int) -> bytes:
        start, end = self._spans[index], self._spans[index + 1]
        return os.pread(self._file.fileno(), end - start, start) if end > start else b""


class Texts(Sequence):
    """The strings of a :class:`StringTable`, read as a list."""

    def __init__(self, table: StringTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._table.text(i) for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._table.text(range(len(self))[index])


def coordinate(degrees: float) -> int:
    """A latitude or longitude as the integer the browser divides by COORDINATE_SCALE."""
    return round(degrees * COORDINATE_SCALE)


def encode_timelines(claims: Iterable[Claim], verdicts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Places with their claims as timelines, for the browser, column by column.

    Only resolved claims (with coordinates) are drawn. Returns ``places`` (columns
    :data:`PLACE_COLUMNS`: name, oblast string, coordinates, number of claims, precision
    string: where its latest claim puts it, the marker's point),
    ``claims`` (columns :data:`CLAIM_COLUMNS`, grouped by place in place order, oldest
    first, so a place's claims follow those of the places before it), ``strings`` and the
    ``kinds``/``sides`` vocabularies the columns index into, plus ``keys``: place key ->
    place index, for the other overlays. ``verdicts`` (claim id -> text, from a reference
    layer) fill the ``verdict`` column.
    """
    encoder = TimelineEncoder(verdicts)
    for timeline in timelines(sorted(claims, key=place_order)):
        encoder.add(timeline)
    return encoder.result()


def timelines(claims: Iterable[Claim]) -> Iterator[list[Claim]]:
    """The resolved claims of each place, oldest first, from claims grouped by place
    (:func:`geo.model.place_key`; within a place in any order)."""
    for _, group in itertools.groupby(claims, key=place_key):
        timeline = sorted((claim for claim in group if claim.lat is not None), key=place_order)
        if timeline:
            yield timeline


class TimelineEncoder:
    """The columns of :func:`encode_timelines`, built one place at a time: memory holds
    compact columns, not claims, so a map of a million claims can be streamed from the
    store. Feed each place's claims oldest first, places in key order."""

    def __init__(self, verdicts: Mapping[str, str] | None = None) -> None:
        self.table = StringTable()
        self.verdicts = verdicts
        self.places: list[tuple[Any, ...]] = []
        self.keys: dict[str, int] = {}
        # Integer columns as arrays (1 or 4 bytes a claim); the ones that may be null as lists.
        self.columns: dict[str, Any] = {name: [] if name in _NULLABLE else array("b" if name in _SMALL else "i")
                                        for name in CLAIM_COLUMNS}

    def add(self, timeline: Sequence[Claim]) -> None:
        latest = timeline[-1]
        self.keys[place_key(latest)] = len(self.places)
        self.places.append((latest.place or latest.as_written, self.table.ref(latest.admin1),
                            coordinate(latest.lat), coordinate(latest.lon), len(timeline),
                            self.table.ref(latest.precision)))
        rows = [_row(claim, self.table, self.verdicts) for claim in timeline]
        for name, values in zip(CLAIM_COLUMNS, zip(*rows)):
            self.columns[name].extend(values)

    def result(self) -> dict[str, Any]:
        return {"places": _columns(PLACE_COLUMNS, self.places), "claims": self.columns,
                "strings": self.table.strings, "keys": self.keys,
                "kinds": [k.value for k in KIND_ORDER], "sides": [s.value for s in SIDE_ORDER]}


def _columns(names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows)), strict=True))


def _row(claim: Claim, table: StringTable, verdicts: Mapping[str, str] | None) -> tuple[Any, ...]:
    return (
        day_number(claim.claim_date),
        KIND_ORDER.index(claim.kind),
        SIDE_ORDER.index(claim.claimant_side),
        table.ref(claim_wording(claim)),
        claim.percent,
        table.ref(claim.claimant),
        table.ref(claim.source),
        table.ref(claim.url),
        table.ref(claim.quote),
        None if claim.claim_until is None else day_number(claim.claim_until),
        None if claim.confidence is None else round(claim.confidence, 2),
        table.ref(verdicts.get(claim.id)) if verdicts else 0,
    )
