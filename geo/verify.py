"""Claimed vs assessed: a verdict and a lag for every claim against a reference layer.

Pure logic over claims and a loaded :class:`geo.reference.Reference` (no I/O). Per
reference date, the claimed places inside the area are found with one STRtree query
(the tree over the places, the area as the query geometry, so only places near it are
tested, against a prepared area); a place on the area's boundary counts as inside it.
A partial claim compares its share with the share of the settlement inside the area: the
settlement is its boundary where one is given, else a disk whose area grows with its
population (see :func:`settlement_radius_m`); where the area's edge crosses it, the share
is that of its sample points inside.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import numpy as np
import shapely

from geo.model import Claim, Kind, Side
from geo.reference import AREAS, Reference

# Share of a settlement a partial claim must find held: the claimed share less
# SHARE_TOLERANCE (reference lines and "60 %" are both rough), and at least MIN_FOOTHOLD.
SHARE_TOLERANCE = 0.10
MIN_FOOTHOLD = 0.05
QUALIFIER_SHARES = {"most": 0.5, "part": MIN_FOOTHOLD, "outskirts": MIN_FOOTHOLD}
# A settlement without a boundary: a disk of population / DENSITY, at least MIN_RADIUS_M.
DENSITY_PER_KM2 = 2000.0
MIN_RADIUS_M = 500.0
DISK_SEGMENTS = 32
SAMPLE_GRID = 12
NEAR_DAYS = 1  # "on the claim date": the nearest reference date within a day of it
_OTHER = {Side.RU: Side.UA, Side.UA: Side.RU}
_METRES_PER_DEGREE = 111_320.0


class Verdict(str, Enum):
    """What the reference says of a claim."""

    CONSISTENT = "consistent"
    CONFIRMED_LATER = "confirmed_later"
    NOT_CONFIRMED = "not_confirmed"
    NO_REFERENCE = "no_reference"


@dataclasses.dataclass(frozen=True, slots=True)
class Judgement:
    """A claim's verdict against reference ``reference`` (None, with ``reason``, when the
    claim gets none). ``holder`` is the side the claim says holds the place;
    ``last_disagreed`` the last reference date before ``confirmed_on`` (from the day before
    the claim on) on which the reference did not yet agree: the true lag lies between it
    and ``confirmed_on``; null when no date in between, so ``lag_days`` is an upper bound."""

    claim: Claim
    reference: str
    verdict: Verdict | None
    holder: Side | None = None
    confirmed_on: dt.date | None = None
    lag_days: int | None = None
    last_disagreed: dt.date | None = None
    as_of: dt.date | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim.to_dict(), "reference": self.reference,
                "verdict": self.verdict and self.verdict.value,
                "confirmed_on": _iso(self.confirmed_on), "lag_days": self.lag_days,
                "as_of": _iso(self.as_of), "holder": self.holder and self.holder.value,
                "last_disagreed": _iso(self.last_disagreed), "reason": self.reason}

    def describe(self) -> str:
        """'confirmed 15 days later by deepstate', for listings and popups."""
        if self.verdict is None:
            return f"no verdict from {self.reference}: {self.reason}"
        if self.verdict is Verdict.CONFIRMED_LATER:
            return f"confirmed {self.lag_days} day{'' if self.lag_days == 1 else 's'} later by {self.reference}"
        if self.verdict is Verdict.CONSISTENT:
            return f"consistent with {self.reference}"
        if self.verdict is Verdict.NOT_CONFIRMED:
            return f"not confirmed by {self.reference} as of {self.as_of}"
        return f"no {self.reference} map on or after the claim date"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def asserted_holder(claim: Claim, answered: Mapping[str, Claim]) -> tuple[Side | None, str | None]:
    """The side a claim says holds its place, or None and why it gets no verdict.

    Captured, partial, encircled and advance claims assert their controller (the
    claimant's side when none is given); a denial the side the denier says holds the
    place, else the side opposite to the claim it answers, else the denier's own side.
    """
    if claim.lat is None:
        return None, "place unresolved"
    if claim.kind is Kind.CONTESTED:
        return None, "a contested claim says no side holds the place"
    side = claim.controller_side
    if side is None and claim.kind is Kind.DENIED and claim.denies in answered:
        denied, _ = asserted_holder(answered[claim.denies], {})
        side = _OTHER.get(denied)
    if side is None and claim.claimant_side in _OTHER:
        side = claim.claimant_side
    if side is None:
        return None, "the claim names no side holding the place"
    return side, None


def settlement_radius_m(population: int | None) -> float:
    """Radius of the disk standing for a settlement with no boundary: its area is the
    population at DENSITY_PER_KM2, never under MIN_RADIUS_M (a village of 300)."""
    area_m2 = (population or 0) / DENSITY_PER_KM2 * 1e6
    return max(MIN_RADIUS_M, math.sqrt(area_m2 / math.pi))


def required_share(claim: Claim) -> float:
    """The share of a settlement a partial claim is judged against (0-1)."""
    claimed = claim.percent / 100 if claim.percent is not None else QUALIFIER_SHARES.get(claim.qualifier, MIN_FOOTHOLD)
    return max(MIN_FOOTHOLD, claimed - SHARE_TOLERANCE)


def verify_claims(claims: Iterable[Claim], reference: Reference, *,
                  population: Callable[[str], int | None] | None = None,
                  boundaries: Mapping[str, Any] | None = None) -> list[Judgement]:
    """One :class:`Judgement` per claim, in the order given.

    Parameters
    ----------
    claims : any claims; contested and unresolved ones get no verdict, with the reason.
    reference : a loaded layer (:func:`geo.reference.load_reference`).
    population : place id -> population, for the disk of a partial claim's settlement.
    boundaries : place id -> settlement polygon (WGS 84), used instead of the disk.

    Examples
    --------
    >>> judgements = verify_claims(store.query(), load_reference(store, "deepstate"))  # doctest: +SKIP
    >>> judgements[0].verdict, judgements[0].lag_days                               # doctest: +SKIP
    (<Verdict.CONFIRMED_LATER: 'confirmed_later'>, 15)
    """
    claims = list(claims)
    by_id = {c.id: c for c in claims}
    holders = [asserted_holder(c, by_id) for c in claims]
    days = np.array([(d - dt.date(1970, 1, 1)).days for d in reference.dates], dtype=np.int64)
    as_of = reference.dates[-1] if reference.dates else None
    judged = [i for i, (side, _) in enumerate(holders) if side is not None]
    keys = sorted({claims[i].place_id or f"{claims[i].lat},{claims[i].lon}" for i in judged})
    index = {k: n for n, k in enumerate(keys)}
    place_of = {i: index[claims[i].place_id or f"{claims[i].lat},{claims[i].lon}"] for i in judged}
    points = {place_of[i]: claims[i] for i in judged}
    held = _held(reference, [points[n] for n in range(len(keys))], keys)
    partial = sorted({place_of[i] for i in judged if claims[i].kind is Kind.PARTIAL})
    shares = _shares(reference, [points[n] for n in partial], population, boundaries or {}) if partial else {}
    share_of = {n: row for n, row in zip(partial, shares)} if partial else {}
    agreeing: dict[tuple[int, Side], list[int]] = {}
    out = []
    for i, claim in enumerate(claims):
        side, reason = holders[i]
        if side is None:
            out.append(Judgement(claim, reference.name, None, reason=reason, as_of=as_of))
            continue
        p = place_of[i]
        if held.get(p) is None:
            out.append(Judgement(claim, reference.name, None, holder=side, as_of=as_of,
                                 reason=f"place not in {reference.name}"))
            continue
        if claim.kind is Kind.PARTIAL:
            agrees = list(np.flatnonzero(_side_share(share_of[p], held[p], side, reference) >= required_share(claim)))
        else:
            key = (p, side)
            if key not in agreeing:
                agreeing[key] = list(np.flatnonzero(held[p] == _code(side)))
            agrees = agreeing[key]
        out.append(_judge(claim, side, reference.name, days, agrees, as_of))
    return out


def _judge(claim: Claim, side: Side, name: str, days: np.ndarray, agrees: list[int],
           as_of: dt.date | None) -> Judgement:
    """The verdict from the reference days (ascending) and the indices of those that agree."""
    day = (claim.claim_date - dt.date(1970, 1, 1)).days
    lo = bisect.bisect_left(days, day - NEAR_DAYS)
    near = None
    for j in range(lo, min(lo + 3, len(days))):
        if abs(days[j] - day) <= NEAR_DAYS and (near is None or abs(days[j] - day) <= abs(days[near] - day)):
            near = j
    position = bisect.bisect_left(agrees, near) if near is not None else len(agrees)
    if near is not None and position < len(agrees) and agrees[position] == near:
        return Judgement(claim, name, Verdict.CONSISTENT, side, _date(days[near]), 0, as_of=as_of)
    start = bisect.bisect_left(days, day)
    if start == len(days):
        return Judgement(claim, name, Verdict.NO_REFERENCE, side, as_of=as_of)
    after = max(start, near + 1) if near is not None else start
    k = bisect.bisect_left(agrees, after)
    if k == len(agrees):
        return Judgement(claim, name, Verdict.NOT_CONFIRMED, side, as_of=as_of)
    j = agrees[k]
    first_looked = near if near is not None else start
    last = _date(days[j - 1]) if j - 1 >= first_looked else None
    return Judgement(claim, name, Verdict.CONFIRMED_LATER, side, _date(days[j]), int(days[j] - day), last, as_of)


def _date(day: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(day))


# Who holds a place on a reference date, as held[place][date] codes.
_UNKNOWN, _RU, _UA, _CONTESTED = 0, 1, 2, 3
_CODES = {"RU": _RU, "UA": _UA, "contested": _CONTESTED}


def _code(side: Side) -> int:
    return _CODES[side.value]


def _held(reference: Reference, claims: Sequence[Claim], keys: Sequence[str]) -> dict[int, np.ndarray | None]:
    """Per place (by position), the holder code on each reference date; None for a place
    a settlement table does not list."""
    n_dates = len(reference.dates)
    if reference.kind == AREAS:
        inside = np.zeros((len(claims), n_dates), dtype=bool)
        if claims and n_dates:
            tree = shapely.STRtree(shapely.points([c.lon for c in claims], [c.lat for c in claims]))
            for j, area in enumerate(reference.areas):
                inside[tree.query(area, predicate="intersects"), j] = True
        holder, other = _code(reference.holder), _code(_OTHER[reference.holder])
        return {p: np.where(inside[p], holder, other).astype(np.int8) for p in range(len(claims))}
    out: dict[int, np.ndarray | None] = {}
    for p, (claim, key) in enumerate(zip(claims, keys)):
        history = reference.places.get(claim.place_id or key)
        if history is None:
            out[p] = None
            continue
        row = np.full(n_dates, _UNKNOWN, dtype=np.int8)
        for state in history:
            row[bisect.bisect_left(reference.dates, state.date):] = _CODES[state.holder]
        out[p] = row
    return out


def _shares(reference: Reference, claims: Sequence[Claim], population: Callable[[str], int | None] | None,
            boundaries: Mapping[str, Any]) -> list[np.ndarray | None]:
    """Per partial place, the share of it inside the area on each date (areas layers);
    None for a settlement table, whose holder stands for the whole place.

    A shape wholly inside or outside the area counts 1 or 0; for one the area's edge
    crosses, the share of its sample points (:func:`_samples`) the prepared area contains:
    an overlay would cost as many vertices as the whole area has, for every such shape."""
    if reference.kind != AREAS:
        return [None] * len(claims)
    shapes = np.array([boundaries.get(c.place_id) if c.place_id in boundaries else
                       _disk(c.lat, c.lon, settlement_radius_m(population(c.place_id) if population and c.place_id
                                                               else None))
                       for c in claims])
    samples = [_samples(shape) for shape in shapes]
    tree = shapely.STRtree(shapes)
    out = np.zeros((len(shapes), len(reference.dates)))
    for j, area in enumerate(reference.areas):
        hit = tree.query(area, predicate="intersects")
        if not len(hit):
            continue
        shapely.prepare(area)
        whole = shapely.contains(area, shapes[hit])
        out[hit[whole], j] = 1.0
        for p in hit[~whole]:
            xs, ys = samples[p]
            out[p, j] = shapely.contains_xy(area, xs, ys).mean()
    return list(out)


def _samples(shape: Any) -> tuple[np.ndarray, np.ndarray]:
    """Points of a regular SAMPLE_GRID x SAMPLE_GRID grid over the shape's box that fall
    inside it (about 110 for a disk: shares to within a few per cent)."""
    minx, miny, maxx, maxy = shape.bounds
    xs, ys = np.meshgrid(np.linspace(minx, maxx, SAMPLE_GRID + 2)[1:-1], np.linspace(miny, maxy, SAMPLE_GRID + 2)[1:-1])
    inside = shapely.contains_xy(shape, xs.ravel(), ys.ravel())
    return xs.ravel()[inside], ys.ravel()[inside]


def _side_share(shares: np.ndarray | None, held: np.ndarray, side: Side, reference: Reference) -> np.ndarray:
    """The share of a place ``side`` holds on each date."""
    if shares is None:  # a settlement table: all, half (contested) or nothing
        return np.where(held == _code(side), 1.0, np.where(held == _CONTESTED, 0.5, 0.0))
    return shares if side is reference.holder else 1.0 - shares


def _disk(lat: float, lon: float, radius_m: float):
    """A circle of ``radius_m`` around a point, in degrees: an ellipse, since a degree of
    longitude is cos(lat) times shorter than one of latitude."""
    angles = np.linspace(0, 2 * math.pi, DISK_SEGMENTS, endpoint=False)
    dy = radius_m / _METRES_PER_DEGREE
    dx = dy / math.cos(math.radians(lat))
    return shapely.Polygon(np.column_stack([lon + dx * np.cos(angles), lat + dy * np.sin(angles)]))


def verdict_frame(judgements: Sequence[Judgement]):
    """The verdicts joined to their claims, as a GeoDataFrame of claim points (WGS 84):
    every claim field plus ``reference``, ``verdict``, ``holder``, ``confirmed_on``,
    ``lag_days``, ``last_disagreed``, ``as_of`` and ``reason``."""
    import geopandas as gpd

    rows = [{**j.claim.to_dict(), **{k: v for k, v in j.to_dict().items() if k != "claim"}} for j in judgements]
    frame = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy([r["lon"] for r in rows], [r["lat"] for r in rows]),
                             crs="EPSG:4326")
    return frame
