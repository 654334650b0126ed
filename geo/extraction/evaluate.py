"""Extracted claims scored against hand-written expectations (fixtures and bench).

An expectation file is JSON: ``{"note": ..., "options": {"published": ...}, "claims": [...]}``
where each claim names ``place`` (the resolved name, or the name as written when
``"resolved": false``), ``kind``, ``claimant_side`` and optionally ``claimant``,
``controller_side``, ``claim_date``, ``claim_until``, ``percent``, ``qualifier``,
``admin1``, ``group`` (a label shared by claims of one group) and ``denies`` (true when
the denial must point at a claim of the article). Annotated corpora add ``place_uk``
(the official Ukrainian name).

Scoring follows the codebook: distinct (place, kind, claimant side) triples per article; a
place matches by name, or, given a resolver, when it is the place the expected name
resolves to or an exact point within 5 km of it; an unresolved place matches by name
(any place the gazetteer knows by the name as written).
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gazetteer.distance import distance_km
from geo.model import Claim

# how far an extracted place may lie from the expected one and still be it (codebook)
NEAR_KM = 5.0
DETAILS = ("claimant", "controller_side", "claim_date", "claim_until", "percent", "qualifier", "admin1")


@dataclasses.dataclass(frozen=True, slots=True)
class Score:
    """Matches on (place, kind, claimant side); date and detail agreement among matches."""

    expected: int
    found: int
    matched: int
    dates_right: int
    missed: tuple[tuple, ...]
    extra: tuple[tuple, ...]
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def key(row: dict[str, Any]) -> tuple[str, str, str]:
    return (row["place"].casefold(), row["kind"], row["claimant_side"])


def as_row(claim: Claim) -> dict[str, Any]:
    """A claim in the shape of an expectation."""
    row = claim.to_dict()
    row["place"] = claim.place or claim.as_written
    return row


def compare(expected: Iterable[dict[str, Any]], claims: Iterable[Claim], resolve: Any = None) -> Score:
    """Pair expected and extracted claims on distinct (place, kind, claimant side), then
    check the details each expectation gives, the groups and the denial links.
    ``resolve`` (a gazetteer) lets a place match by position, not only by name."""
    want = _distinct(list(expected), key)
    got = list(claims)
    rows = [as_row(c) for c in got]
    places = {id(row): expected_place(row, resolve) for row in want} if resolve is not None else {}
    for row in rows if resolve is not None else ():
        if row.get("place_id") is None:  # unresolved: matched by name, any place of the name
            row["names"] = {c.name.casefold() for c in resolve.lookup(row["as_written"], region=row.get("region"), limit=10)}
    free = list(range(len(rows)))
    pairs: list[tuple[dict, int]] = []
    missed = []
    for row in want:
        index = _best(row, rows, free, places.get(id(row)))
        if index is None:
            missed.append(key(row))
        else:
            same = key(rows[index])
            free = [i for i in free if key(rows[i]) != same]  # its duplicates are no extras
            pairs.append((row, index))
    wrong = [w for row, i in pairs for w in _details(row, rows[i])]
    wrong += _groups(pairs, got)
    dates = sum(1 for row, i in pairs if row.get("claim_date") == rows[i]["claim_date"])
    extra = _distinct([rows[i] for i in free], key)
    return Score(len(want), len(pairs) + len(extra), len(pairs), dates, tuple(missed),
                 tuple(key(r) for r in extra), tuple(wrong))


def matches(row: dict, found: dict, place: Any = None) -> bool:
    """Whether an extracted row (:func:`as_row`) is the expected ``row``'s claim;
    ``place`` is the gazetteer's candidate for the expected place (see :func:`expected_place`)."""
    return row["kind"] == found["kind"] and row["claimant_side"] == found["claimant_side"] and same_place(row, found, place)


def same_place(row: dict, found: dict, place: Any = None) -> bool:
    names = {row["place"].casefold(), (row.get("place_uk") or "").casefold()}
    if found["place"].casefold() in names or (found.get("as_written") or "").casefold() in names:
        return True
    if names & found.get("names", set()):
        return True
    if place is None or found.get("lat") is None:
        return False
    if found.get("place_id") == place.id:
        return True
    return (found.get("precision") == "exact" == place.precision
            and distance_km(found["lat"], found["lon"], place.lat, place.lon) <= NEAR_KM)


def expected_place(row: dict, resolve: Any) -> Any:
    """The gazetteer's best place for an expected claim: its name in the oblast annotated."""
    for name in (row.get("place_uk"), row["place"]):
        if name:
            found = resolve.lookup(name, region=row.get("admin1"), limit=1)
            if found:
                return found[0]
    return None


def _distinct(rows: list[dict], by) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(by(row), row)
    return list(seen.values())


def _best(row: dict, rows: list[dict], free: list[int], place: Any) -> int | None:
    candidates = [i for i in free if matches(row, rows[i], place)]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (key(rows[i]) == key(row),
                                          sum(rows[i].get(f) == row[f] for f in DETAILS if f in row)))


def _details(row: dict, found: dict) -> list[str]:
    return [f"{key(row)}: {field} {found.get(field)!r} != expected {row[field]!r}"
            for field in DETAILS if field in row and found.get(field) != row[field]]


def _groups(pairs: list[tuple[dict, int]], got: list[Claim]) -> list[str]:
    wrong = []
    labels: dict[str, set] = {}
    ids = {c.id for c in got}
    for row, i in pairs:
        claim = got[i]
        if "group" in row:
            labels.setdefault(row["group"], set()).add(claim.group)
            if claim.group is None:
                wrong.append(f"{key(row)}: no group")
        if row.get("denies") and claim.denies not in ids:
            wrong.append(f"{key(row)}: denial not linked to a claim of the article")
    wrong += [f"group {label}: claims in {len(groups)} groups" for label, groups in labels.items() if len(groups) > 1]
    return wrong
