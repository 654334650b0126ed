"""Extracted claims scored against hand-written expectations (fixtures and bench).

An expectation file is JSON: ``{"note": ..., "options": {"published": ...}, "claims": [...]}``
where each claim names ``place`` (the resolved name, or the name as written when
``"resolved": false``), ``kind``, ``claimant_side`` and optionally ``claimant``,
``controller_side``, ``claim_date``, ``claim_until``, ``percent``, ``qualifier``,
``admin1``, ``group`` (a label shared by claims of one group) and ``denies`` (true when
the denial must point at a claim of the article).
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.model import Claim

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


def compare(expected: Iterable[dict[str, Any]], claims: Iterable[Claim]) -> Score:
    """Pair expected and extracted claims on (place, kind, claimant side), then check the
    details each expectation gives, the groups and the denial links."""
    want = list(expected)
    got = list(claims)
    rows = [as_row(c) for c in got]
    free = list(range(len(rows)))
    pairs: list[tuple[dict, int]] = []
    missed = []
    for row in want:
        index = _best(row, rows, free)
        if index is None:
            missed.append(key(row))
        else:
            free.remove(index)
            pairs.append((row, index))
    wrong = [w for row, i in pairs for w in _details(row, rows[i])]
    wrong += _groups(pairs, got)
    dates = sum(1 for row, i in pairs if row.get("claim_date") == rows[i]["claim_date"])
    return Score(len(want), len(rows), len(pairs), dates, tuple(missed),
                 tuple(key(rows[i]) for i in free), tuple(wrong))


def _best(row: dict, rows: list[dict], free: list[int]) -> int | None:
    candidates = [i for i in free if key(rows[i]) == key(row)]
    if not candidates:
        return None
    return max(candidates, key=lambda i: sum(rows[i].get(f) == row[f] for f in DETAILS if f in row))


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
