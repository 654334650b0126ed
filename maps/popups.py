"""The data behind each settlement's popup: a dated timeline of every claim about it.

Popups are built in the browser (``assets/frontline.js``) from these columns with
``textContent``, so article text never becomes markup; here it is only deduplicated into
a string table. Columns (one list per field) rather than rows: the browser parses a few
long lists of small integers far faster than 100,000 short lists, and reads them as is.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from geo.model import Claim, Kind, Side, place_key
from maps.style import KINDS

EPOCH = dt.date(1970, 1, 1)
KIND_ORDER = tuple(Kind)
SIDE_ORDER = tuple(Side)
PLACE_COLUMNS = ("name", "admin1", "lat", "lon", "count", "precision")
CLAIM_COLUMNS = ("day", "kind", "side", "what", "percent", "claimant", "source", "url", "quote",
                 "until", "confidence", "verdict")
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
    by_place: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.lat is not None:
            by_place[place_key(claim)].append(claim)
    table = StringTable()
    places: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    keys: dict[str, int] = {}
    for key in sorted(by_place):
        timeline = sorted(by_place[key], key=lambda c: (c.claim_date, c.id))
        latest = timeline[-1]
        keys[key] = len(places)
        places.append((latest.place or latest.as_written, table.ref(latest.admin1),
                       coordinate(latest.lat), coordinate(latest.lon), len(timeline),
                       table.ref(latest.precision)))
        rows.extend(_row(claim, table, verdicts) for claim in timeline)
    return {"places": _columns(PLACE_COLUMNS, places), "claims": _columns(CLAIM_COLUMNS, rows),
            "strings": table.strings, "keys": keys,
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
