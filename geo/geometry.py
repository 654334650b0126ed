"""Encirclement areas: the settlements claimed encircled together, as one buffered hull.

Hulls and buffers are computed in the UTM zone of the group (metres), never in web
mercator, which stretches distances by ~1.5 at Ukraine's latitudes; the result is brought
back to WGS 84 for the map.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pyproj import Transformer
import shapely
from shapely import MultiPoint, Polygon

from geo.model import Claim, Kind, Side

DEFAULT_BUFFER_M = 3000.0


@dataclasses.dataclass(frozen=True, slots=True)
class EncirclementArea:
    """The area one claimant said was encircled, first claimed on ``claim_date``.

    ``polygon`` is in WGS 84 (x = lon, y = lat, as shapely and GeoJSON want it).
    """

    group: str
    claimant_side: Side
    claim_date: dt.date
    places: tuple[str, ...]
    polygon: Polygon


def utm_epsg(lat: float, lon: float) -> int:
    """EPSG code of the WGS 84 UTM zone holding a point (326xx north, 327xx south)."""
    zone = min(int((lon + 180) // 6) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone


def encirclement_areas(claims: Iterable[Claim], *,
                       buffer_m: float = DEFAULT_BUFFER_M) -> list[EncirclementArea]:
    """One area per (group, claimant side) of resolved ``encircled`` claims.

    The convex hull of the group's settlements is buffered by ``buffer_m`` metres, so a
    single encircled town or two on a line still make an area. Claims without a group
    are treated as a group of their own. Ordered by date, then group.
    """
    if buffer_m <= 0:
        raise ValueError("buffer_m must be positive")
    groups: dict[tuple[str, Side], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind is Kind.ENCIRCLED and claim.lat is not None:
            groups[(claim.group or f"claim:{claim.id}", claim.claimant_side)].append(claim)
    areas = [_area(group, side, members, buffer_m) for (group, side), members in groups.items()]
    return sorted(areas, key=lambda a: (a.claim_date, a.group, a.claimant_side.value))


def _area(group: str, side: Side, members: list[Claim], buffer_m: float) -> EncirclementArea:
    # shapely wants (x, y) = (lon, lat); with always_xy pyproj takes the same order.
    points = MultiPoint(sorted({(c.lon, c.lat) for c in members}))
    centre = points.centroid
    to_utm = Transformer.from_crs(4326, utm_epsg(centre.y, centre.x), always_xy=True)
    to_wgs = Transformer.from_crs(to_utm.target_crs, 4326, always_xy=True)
    hull = shapely.transform(points, to_utm.transform, interleaved=False).convex_hull.buffer(buffer_m)
    places = sorted({c.place or c.as_written for c in members})
    return EncirclementArea(group=group, claimant_side=side,
                            claim_date=min(c.claim_date for c in members),
                            places=tuple(places), polygon=shapely.transform(hull, to_wgs.transform, interleaved=False))
