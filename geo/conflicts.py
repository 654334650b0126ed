"""Contradictions: the same place, opposite control asserted within a short window.

Pure logic over claims (no I/O), shared by ``frontline claims conflicts`` and the map.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from geo.model import Claim, Kind, Side, place_key

# Kinds that assert who holds a whole place; a partial claim only contradicts one of these.
FULL_CONTROL = (Kind.CAPTURED, Kind.DENIED)
CONTROL_KINDS = (Kind.CAPTURED, Kind.DENIED, Kind.PARTIAL)


@dataclasses.dataclass(frozen=True, slots=True)
class Conflict:
    """Two claims about one place, by claimants of different sides, asserting control
    by opposite sides.

    ``first`` starts no later than ``second``; ``days_apart`` is the gap between the two
    claims' dates (0 when a period claim covers the other's date).
    """

    place_key: str
    place: str
    first: Claim
    second: Claim
    days_apart: int

    def to_dict(self) -> dict[str, Any]:
        return {"place_key": self.place_key, "place": self.place,
                "days_apart": self.days_apart,
                "first": self.first.to_dict(), "second": self.second.to_dict()}


def asserted_controller(claim: Claim) -> Side | None:
    """The side a claim says holds (all or part of) its place, or None if it says none.

    A capture or a denial without an explicit controller speaks for the claimant's side
    ("liberated" by Russia; "under the control of Ukraine's defense forces").
    """
    if claim.kind not in CONTROL_KINDS:
        return None
    side = claim.controller_side
    if side is None and claim.kind in FULL_CONTROL and claim.claimant_side is not Side.OTHER:
        side = claim.claimant_side
    return side


def find_conflicts(claims: Iterable[Claim], window_days: int = 14) -> list[Conflict]:
    """Every pair of claims on one place by claimants of different sides asserting
    opposite control at most ``window_days`` apart, ordered by place, then date.

    Parameters
    ----------
    claims : claims in any order; those asserting no control are ignored.
    window_days : largest gap in days between the two claims (a period claim's gap is
        measured from its ``claim_until``).

    >>> find_conflicts(store.query(), window_days=14)[0].place   # doctest: +SKIP
    'Kupiansk'
    """
    if window_days < 0:
        raise ValueError("window_days must not be negative")
    by_place: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if asserted_controller(claim) is not None:
            by_place[place_key(claim)].append(claim)
    found: list[Conflict] = []
    for key in sorted(by_place):
        found.extend(_conflicts_at(key, by_place[key], window_days))
    return found


def _conflicts_at(key: str, claims: list[Claim], window_days: int) -> Iterable[Conflict]:
    claims.sort(key=lambda c: (c.claim_date, c.id))
    for i, first in enumerate(claims):
        first_end = first.claim_until or first.claim_date
        for second in claims[i + 1:]:
            gap = (second.claim_date - first_end).days
            if gap > window_days:
                break  # later claims start later still
            if _contradict(first, second):
                yield Conflict(key, first.place or first.as_written, first, second, max(0, gap))


def _contradict(a: Claim, b: Claim) -> bool:
    # Sides contradict each other; one claimant side telling a history ("Russia held the
    # city until September; Ukraine retook it in September") does not.
    if a.claimant_side is b.claimant_side:
        return False
    side_a, side_b = asserted_controller(a), asserted_controller(b)
    if side_a is None or side_b is None or side_a is side_b:
        return False
    return a.kind in FULL_CONTROL or b.kind in FULL_CONTROL
