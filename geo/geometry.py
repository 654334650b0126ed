"""Encirclement areas: the settlements claimed encircled together, as one buffered hull.

Hulls and buffers are computed in the UTM zone of each group (metres), never in web
mercator, which stretches distances by ~1.5 at Ukraine's latitudes; the result is brought
back to WGS 84 for the map. Work is batched per zone, so thousands of groups stay fast.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from array import array
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import shapely
from pyproj import Transformer
from shapely import Polygon

from geo.model import Claim, Kind, Side

DEFAULT_BUFFER_M = 3000.0
QUAD_SEGMENTS = 4  # a quarter circle in 4 segments: enough for a 3 km margin on a map


@dataclasses.dataclass(frozen=True, slots=True)
class EncirclementArea:
    """The area one claimant said was encircled, first claimed on ``claim_date``.

    ``polygon`` is in WGS 84 (x = lon, y = lat, as shapely and GeoJSON want it).
    ``approximate`` names the places whose point is only their hromada's, raion's or
    oblast's centre (precision other than exact): the hull rests on those points.
    """

    group: str
    claimant_side: Side
    claim_date: dt.date
    places: tuple[str, ...]
    polygon: Polygon
    approximate: tuple[str, ...] = ()


def utm_epsg(lat: float, lon: float) -> int:
    """EPSG code of the WGS 84 UTM zone holding a point (326xx north, 327xx south)."""
    zone = min(int((lon + 180) // 6) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone


@functools.lru_cache(maxsize=16)
def _transformers(epsg: int) -> tuple[Transformer, Transformer]:
    # always_xy: both directions take and give (x, y) = (lon, lat) / (easting, northing).
    return (Transformer.from_crs(4326, epsg, always_xy=True),
            Transformer.from_crs(epsg, 4326, always_xy=True))


def encirclement_areas(claims: Iterable[Claim], *,
                       buffer_m: float = DEFAULT_BUFFER_M) -> list[EncirclementArea]:
    """One area per (group, claimant side) of resolved ``encircled`` claims.

    The convex hull of the group's settlements is buffered by ``buffer_m`` metres, so a
    single encircled town or two on a line still make an area. Claims without a group
    are treated as a group of their own. Ordered by date, then group.
    """
    groups = EncirclementGroups(buffer_m=buffer_m)
    for claim in claims:
        groups.add(claim)
    return groups.areas()


@dataclasses.dataclass(slots=True)
class _Members:
    """What an area needs of its claims: their first date, place names and points."""

    claim_date: dt.date
    places: list[str] = dataclasses.field(default_factory=list)
    approximate: list[str] = dataclasses.field(default_factory=list)
    lats: array = dataclasses.field(default_factory=lambda: array("d"))
    lons: array = dataclasses.field(default_factory=lambda: array("d"))


class EncirclementGroups:
    """The groups of :func:`encirclement_areas`, gathered one claim at a time and kept as
    points and names rather than claims (a map streams a million claims past them)."""

    def __init__(self, *, buffer_m: float = DEFAULT_BUFFER_M) -> None:
        if buffer_m <= 0:
            raise ValueError("buffer_m must be positive")
        self.buffer_m = buffer_m
        self._groups: dict[tuple[str, Side], _Members] = {}

    def add(self, claim: Claim) -> None:
        """Take ``claim`` if it is a resolved ``encircled`` claim."""
        if claim.kind is not Kind.ENCIRCLED or claim.lat is None:
            return
        key = (claim.group or f"claim:{claim.id}", claim.claimant_side)
        members = self._groups.get(key)
        if members is None:
            members = self._groups[key] = _Members(claim.claim_date)
        members.claim_date = min(members.claim_date, claim.claim_date)
        name = claim.place or claim.as_written
        members.places.append(name)
        if is_approximate(claim):
            members.approximate.append(name)
        members.lats.append(claim.lat)
        members.lons.append(claim.lon)

    def areas(self) -> list[EncirclementArea]:
        """The areas, ordered by date, then group."""
        by_zone: dict[int, list[tuple[str, Side]]] = defaultdict(list)
        for key, members in self._groups.items():
            lat = sum(members.lats) / len(members.lats)
            lon = sum(members.lons) / len(members.lons)
            by_zone[utm_epsg(lat, lon)].append(key)
        areas = []
        for epsg, keys in by_zone.items():
            polygons = _buffered_hulls(epsg, [self._groups[k] for k in keys], self.buffer_m)
            areas.extend(_area(group, side, self._groups[(group, side)], polygon)
                         for (group, side), polygon in zip(keys, polygons))
        return sorted(areas, key=lambda a: (a.claim_date, a.group, a.claimant_side.value))


def _buffered_hulls(epsg: int, groups: list[_Members], buffer_m: float) -> list[Polygon]:
    to_utm, to_wgs = _transformers(epsg)
    lons = np.concatenate([np.frombuffer(members.lons) for members in groups])
    lats = np.concatenate([np.frombuffer(members.lats) for members in groups])
    xs, ys = to_utm.transform(lons, lats)
    points = shapely.points(xs, ys)
    owner = np.repeat(np.arange(len(groups)), [len(members.lats) for members in groups])
    hulls = shapely.convex_hull(shapely.multipoints(points, indices=owner))
    buffered = shapely.buffer(hulls, buffer_m, quad_segs=QUAD_SEGMENTS)
    return list(shapely.transform(buffered, to_wgs.transform, interleaved=False))


def _area(group: str, side: Side, members: _Members, polygon: Polygon) -> EncirclementArea:
    return EncirclementArea(group=group, claimant_side=side, claim_date=members.claim_date,
                            places=tuple(sorted(set(members.places))), polygon=polygon,
                            approximate=tuple(sorted(set(members.approximate))))


def is_approximate(claim: Claim) -> bool:
    """Whether a claim's point is only the centre of the unit its place lies in."""
    return claim.precision not in (None, "exact")
