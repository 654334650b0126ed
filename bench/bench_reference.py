"""Reference layers: import D daily GeoJSON layers of ~80 KB, then verify N claims against
them; the baseline in the same run is the plain scan (every claim against every date's
area, no tree, no prepared geometry), timed on a sample and scaled up.

    python bench/bench_reference.py 700 100000

Targets (issue 10): 700 layers import in under 60 s; 100,000 claims verify in under 30 s.
The layers are drawn here: a front line of ~3,000 vertices that wiggles and moves east a
little each day (the product ships no third-party geometry). Prints the one-minute load
average too: on a shared machine, times compare only at similar load.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import shapely  # noqa: E402

from geo.model import Claim, Kind, Side  # noqa: E402
from geo.reference import import_files, load_reference  # noqa: E402
from geo.store import Store  # noqa: E402
from geo.verify import verify_claims  # noqa: E402

START = dt.date(2024, 1, 1)
VERTICES = 3000
SOUTH, NORTH = 46.5, 50.5


def layer(day: int) -> dict:
    """RU-held area: from lon 36 to a wiggling front near lon 37.5 + day / 1000."""
    rng = random.Random(day)
    front = []
    for i in range(VERTICES):
        lat = SOUTH + (NORTH - SOUTH) * i / (VERTICES - 1)
        lon = 37.5 + day / 1000 + 0.15 * math.sin(lat * 7 + day / 50) + rng.uniform(-0.003, 0.003)
        front.append([round(lon, 6), round(lat, 6)])
    ring = [[36.0, SOUTH], *front, [36.0, NORTH], [36.0, SOUTH]]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}


def claims(count: int, days: int) -> list[Claim]:
    """Claims over 5,000 places near the front, a tenth partial, a tenth denials."""
    rng = random.Random(7)
    places = [(f"p{i}", rng.uniform(SOUTH, NORTH), rng.uniform(37.0, 38.6)) for i in range(5000)]
    out = []
    for i in range(count):
        pid, lat, lon = places[rng.randrange(len(places))]
        kind = rng.choices([Kind.CAPTURED, Kind.PARTIAL, Kind.DENIED, Kind.ADVANCE], [6, 1, 1, 2])[0]
        side = Side.UA if kind is Kind.DENIED else Side.RU
        out.append(Claim(as_written=pid, kind=kind, claimant=f"claimant {i % 7}", claimant_side=side,
                         controller_side=side, percent=rng.choice([30, 60, 90]) if kind is Kind.PARTIAL else None,
                         claim_date=START + dt.timedelta(days=rng.randrange(days)), source="bench",
                         quote=str(i), place_id=pid, place=pid, lat=lat, lon=lon))
    return out


def scan(sample: list[Claim], reference) -> float:
    """The baseline: every claim tested against every date's area, unprepared."""
    started = time.perf_counter()
    for claim in sample:
        point = shapely.Point(claim.lon, claim.lat)
        [area.intersects(point) for area in reference.areas]
    return time.perf_counter() - started


def main(days: int, count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = []
        for d in range(days):
            path = folder / f"occupied_{START + dt.timedelta(days=d):%Y%m%d}.geojson"
            path.write_text(json.dumps(layer(d)))
            sizes.append(path.stat().st_size)
        paths = sorted(folder.glob("*.geojson"))
        with Store.open(folder / "bench.db") as store:
            started = time.perf_counter()
            outcomes = list(import_files(store, paths, name="bench"))
            imported = time.perf_counter() - started
            assert all(o.error is None for o in outcomes), [o.error for o in outcomes if o.error][:3]
            started = time.perf_counter()
            reference = load_reference(store, "bench")
            loaded = time.perf_counter() - started
        print(f"import: {days} layers, {sum(sizes) / len(sizes) / 1024:.0f} KB each on average: "
              f"{imported:.1f} s ({days / imported:.0f} layers/s); load for verification {loaded:.2f} s")
        found = claims(count, days)
        started = time.perf_counter()
        judgements = verify_claims(found, reference, population=lambda place_id: 20_000)
        verified = time.perf_counter() - started
        verdicts = {}
        for j in judgements:
            verdicts[j.verdict and j.verdict.value] = verdicts.get(j.verdict and j.verdict.value, 0) + 1
        print(f"verify: {count} claims ({len(set(c.place_id for c in found))} places) against {days} dates: "
              f"{verified:.1f} s; verdicts {verdicts}")
        sample = found[:200]
        per_claim = scan(sample, reference) / len(sample)
        print(f"baseline scan (unprepared, no tree), {len(sample)} claims: {per_claim * 1000:.1f} ms per claim, "
              f"so {per_claim * count:.0f} s for {count}")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 700, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
