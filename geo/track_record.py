"""Track record: per claimant and per side, how often and how soon the reference agreed.

Pure logic over :class:`geo.verify.Judgement` values. A claim is *judged* when it has a
verdict other than ``no_reference``; its lag counts when the reference agreed
(``consistent`` counts as 0 days, ``confirmed_later`` as its lag).
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from geo.verify import Judgement, Verdict


@dataclasses.dataclass(frozen=True, slots=True)
class Record:
    """One claimant's (or one side's, ``claimant`` None) verdict counts and lags."""

    claimant: str | None
    side: str
    judged: int
    consistent: int
    confirmed_later: int
    not_confirmed: int
    no_reference: int
    lags: tuple[int, ...]

    @property
    def share_confirmed(self) -> float | None:
        """Consistent or confirmed later, as a share of the judged claims."""
        return (self.consistent + self.confirmed_later) / self.judged if self.judged else None

    @property
    def lag_median(self) -> float | None:
        return float(np.median(self.lags)) if self.lags else None

    @property
    def lag_p90(self) -> float | None:
        return float(np.percentile(self.lags, 90)) if self.lags else None

    def to_dict(self) -> dict[str, Any]:
        out = {"claimant": self.claimant, "side": self.side} if self.claimant is not None else {"side": self.side}
        share = self.share_confirmed
        return {**out, "judged": self.judged, "consistent": self.consistent,
                "confirmed_later": self.confirmed_later, "not_confirmed": self.not_confirmed,
                "no_reference": self.no_reference,
                "share_confirmed": None if share is None else round(share, 4),
                "lag_median_days": self.lag_median, "lag_p90_days": self.lag_p90}


def track_records(judgements: Iterable[Judgement]) -> tuple[list[Record], list[Record]]:
    """(per claimant, per side) records of the judgements that have a verdict; claimants
    by number judged, most first, then name; sides by name."""
    by_claimant: dict[tuple[str, str], list[Judgement]] = defaultdict(list)
    by_side: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        if j.verdict is None:
            continue
        side = j.claim.claimant_side.value
        by_claimant[(j.claim.claimant, side)].append(j)
        by_side[side].append(j)
    claimants = sorted((_record(name, side, group) for (name, side), group in by_claimant.items()),
                       key=lambda r: (-r.judged, r.claimant, r.side))
    sides = [_record(None, side, by_side[side]) for side in sorted(by_side)]
    return claimants, sides


def _record(claimant: str | None, side: str, group: list[Judgement]) -> Record:
    counts = {v: 0 for v in Verdict}
    lags = []
    for j in group:
        counts[j.verdict] += 1
        if j.verdict in (Verdict.CONSISTENT, Verdict.CONFIRMED_LATER):
            lags.append(j.lag_days)
    return Record(claimant, side, judged=len(group) - counts[Verdict.NO_REFERENCE],
                  consistent=counts[Verdict.CONSISTENT], confirmed_later=counts[Verdict.CONFIRMED_LATER],
                  not_confirmed=counts[Verdict.NOT_CONFIRMED], no_reference=counts[Verdict.NO_REFERENCE],
                  lags=tuple(sorted(lags)))
