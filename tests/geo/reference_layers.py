"""Reference layers the tests draw themselves: squares of RU-held area over a few days
around two made-up places (the product ships no third-party control geometry)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from geo.model import Claim, Kind, Side

# Two places one degree apart; the square of day d grows east over the days.
WEST = dict(place_id="west", place="Westville", admin1="Testland", lat=48.5, lon=37.5)
EAST = dict(place_id="east", place="Eastville", admin1="Testland", lat=48.5, lon=38.5)
EDGE = dict(place_id="edge", place="Edgeton", admin1="Testland", lat=48.5, lon=38.0)
D = dt.date(2025, 3, 1)


def square(west: float, east: float, south: float = 48.0, north: float = 49.0) -> dict:
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north],
                                                [west, north], [west, south]]]}


def collection(*geometries: dict, **properties) -> dict:
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": properties, "geometry": g} for g in geometries]}


def write_days(folder: Path, days: dict[int, float]) -> list[Path]:
    """One file per day offset, ``occupied_YYYYMMDD.geojson``: the RU area from lon 37 to
    the given eastern edge."""
    paths = []
    for offset, east in days.items():
        path = folder / f"occupied_{(D + dt.timedelta(days=offset)):%Y%m%d}.geojson"
        path.write_text(json.dumps(collection(square(37.0, east))))
        paths.append(path)
    return paths


def claim(place: dict, kind: Kind, offset: int, side: Side = Side.RU, **extra) -> Claim:
    fields = dict(as_written=place["place"], kind=kind, claimant=f"{side.value} staff", claimant_side=side,
                  claim_date=D + dt.timedelta(days=offset), source="Test Wire", **place)
    fields.update(extra)
    return Claim(**fields)
