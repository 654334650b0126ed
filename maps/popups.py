"""The data behind each settlement's popup: a dated timeline of every claim about it.

Popups are built in the browser (``assets/frontline.js``) from this compact table with
``textContent``, so article text never becomes markup; here it is only deduplicated into
a string table. The table enters the page once, through :func:`maps.elements.script_json`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from geo.conflicts import place_key
from geo.model import Claim, Kind, Side

EPOCH = dt.date(1970, 1, 1)
KIND_ORDER = tuple(Kind)
SIDE_ORDER = tuple(Side)
# Column order of one claim row; the browser code reads rows by these positions.
CLAIM_COLUMNS = ("day", "kind", "side", "controller", "percent", "qualifier", "claimant",
                 "source", "url", "quote", "until")


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


def encode_timelines(claims: Iterable[Claim]) -> dict[str, Any]:
    """Places with their claims as timelines, for the browser.

    Only resolved claims (with coordinates) are drawn. Returns ``places`` (name, oblast,
    lat, lon, first row, row count), ``claims`` (rows in :data:`CLAIM_COLUMNS` order,
    grouped by place, oldest first), ``strings`` and the ``kinds``/``sides`` vocabularies
    the rows index into, plus ``keys``: place key -> place index, for the other overlays.
    """
    by_place: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.lat is not None:
            by_place[place_key(claim)].append(claim)
    table = StringTable()
    places: list[list[Any]] = []
    rows: list[list[Any]] = []
    keys: dict[str, int] = {}
    for key in sorted(by_place):
        timeline = sorted(by_place[key], key=lambda c: (c.claim_date, c.id))
        latest = timeline[-1]
        keys[key] = len(places)
        places.append([latest.place or latest.as_written, table.ref(latest.admin1),
                       round(latest.lat, 5), round(latest.lon, 5), len(rows), len(timeline)])
        rows.extend(_row(claim, table) for claim in timeline)
    return {"places": places, "claims": rows, "strings": table.strings, "keys": keys,
            "kinds": [k.value for k in KIND_ORDER], "sides": [s.value for s in SIDE_ORDER]}


def _row(claim: Claim, table: StringTable) -> list[Any]:
    return [
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
    ]
