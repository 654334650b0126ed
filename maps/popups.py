"""The data behind each settlement's popup: a dated timeline of every claim about it.

Popups are built in the browser (``assets/frontline.js``) from these columns with
``textContent``, so article text never becomes markup; here it is only deduplicated into
a string table. Columns (one list per field) rather than rows: the browser parses a few
long lists of small integers far faster than 100,000 short lists, and reads them as is.
"""
from __future__ import annotations

import datetime as dt
import itertools
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from geo.model import Claim, Kind, Side, place_key, place_order

EPOCH = dt.date(1970, 1, 1)
KIND_ORDER = tuple(Kind)
SIDE_ORDER = tuple(Side)
PLACE_COLUMNS = ("name", "admin1", "lat", "lon", "count", "precision")
CLAIM_COLUMNS = ("day", "kind", "side", "controller", "percent", "qualifier", "claimant",
                 "source", "url", "quote", "until", "confidence", "verdict")
_NULLABLE = ("percent", "until", "confidence")
# Coordinates travel as integers of 1e-5 degree (about a metre): shorter than floats in
# JSON, and exact.
COORDINATE_SCALE = 100_000


def day_number(date: dt.date) -> int:
    """Days since 1970-01-01: compact in JSON, and JavaScript's Date counts from there."""
    return (date - EPOCH).days


class StringTable:
    """Each distinct string once; rows refer to it by index, 0 meaning "none"."""

    def __init__(self) -> None:
        self.strings: list[str | None] = [None]
        self._index: dict[str, int] = {}

    def ref(self, text: str | None) -> int:
        if text is None:
            return 0
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self.strings)
            self.strings.append(text)
        return found


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
    """The resolved claims of each place, from claims grouped by place (see
    :func:`geo.model.place_order`)."""
    for _, group in itertools.groupby(claims, key=place_key):
        timeline = [claim for claim in group if claim.lat is not None]
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
        # Integer columns as arrays (4 bytes a claim); the ones that may be null as lists.
        self.columns: dict[str, Any] = {name: [] if name in _NULLABLE else array("i") for name in CLAIM_COLUMNS}

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
        -1 if claim.controller_side is None else SIDE_ORDER.index(claim.controller_side),
        claim.percent,
        table.ref(claim.qualifier),
        table.ref(claim.claimant),
        table.ref(claim.source),
        table.ref(claim.url),
        table.ref(claim.quote),
        None if claim.claim_until is None else day_number(claim.claim_until),
        None if claim.confidence is None else round(claim.confidence, 2),
        table.ref(verdicts.get(claim.id)) if verdicts else 0,
    )
