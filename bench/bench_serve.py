"""`frontline serve` under load: answer times of /api/claims and /review with 100,000
claims in the database (target: under 200 ms), against 1,000 claims as the baseline of
the same run, and 20 concurrent review requests (target: nothing lost).

    python bench/bench_serve.py [100000]

The server is the real app on uvicorn, on 127.0.0.1, in this process; requests come from
a thread pool over HTTP. Each figure is the median and the 95th percentile of 50 requests
after 3 warm-up requests. The gazetteer is left out (no candidates), so the context
figure is the database's and the highlighter's share.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "geo" / "serve")]

from live import LiveServer  # noqa: E402

from geo.model import Claim, Kind, Side  # noqa: E402
from geo.serve import create_app  # noqa: E402
from geo.store import Store  # noqa: E402

REPEATS = 50
PATHS = ("/api/claims", "/api/claims?status=proposed&order=confidence&limit=50",
         "/api/claims?side=UA&kind=captured&since=2025-06-01", "/review")


def claims(count: int, seed: int = 1):
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    for n in range(count):
        kind = rng.choice([Kind.CAPTURED, Kind.ADVANCE, Kind.CONTESTED])
        side = rng.choice([Side.RU, Side.UA])
        yield Claim(as_written=f"Place {n % 5000}", kind=kind, claimant=f"Staff {side.value}", claimant_side=side,
                    controller_side=side if kind is Kind.CAPTURED else None,
                    claim_date=start + dt.timedelta(days=rng.randrange(700)), source=f"Outlet {n % 40}",
                    url=f"https://news.example/{n // 3}", quote=f"Forces of {side.value} took Place {n % 5000}.",
                    place_id=f"p{n % 5000}", place=f"Place {n % 5000}", lat=47 + rng.random() * 3,
                    lon=33 + rng.random() * 5, precision="exact", confidence=round(rng.random(), 3))


def timed(server: LiveServer, path: str) -> tuple[float, float]:
    for _ in range(3):
        server.request(path)
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        status, _ = server.request(path)
        times.append((time.perf_counter() - began) * 1000)
        assert status == 200, (path, status)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def concurrent_reviews(server: LiveServer, db: Path) -> None:
    with Store.open(db, mode="ro") as store:
        queue = store.reviewed(statuses=("proposed",), order="confidence", limit=21)
    distinct, same = queue[:20], queue[20]
    before = len(Store.open(db, mode="ro").audit())
    with ThreadPoolExecutor(20) as pool:
        began = time.perf_counter()
        answers = list(pool.map(lambda r: server.post_review(r.claim.id, {"status": "accepted", "revision": 0}),
                                distinct))
        spent = time.perf_counter() - began
        races = list(pool.map(lambda n: server.post_review(same.claim.id, {"status": "rejected", "revision": 0,
                                                                          "by": f"reviewer {n}"}), range(20)))
    with Store.open(db, mode="ro") as store:
        accepted = sum(store.get(r.claim.id).review.status == "accepted" for r in distinct)
        raced = store.get(same.claim.id)
        audit = len(store.audit()) - before
    print(f"20 concurrent decisions on 20 claims: {sum(s == 200 for s, _ in answers)} x 200 in {spent * 1000:.0f} ms; "
          f"{accepted}/20 stored accepted, {audit - 1} audit entries for them")
    codes = sorted(s for s, _ in races)
    print(f"20 concurrent decisions on one claim (same revision): {codes.count(200)} x 200, {codes.count(409)} x 409; "
          f"stored: {raced.review.status} by {raced.review.reviewed_by}, revision {raced.review.revision}")
    assert accepted == 20 and codes.count(200) == 1 and codes.count(409) == 19 and raced.review.revision == 1


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1_000, count):
            db = Path(tmp) / f"serve{size}.db"
            began = time.perf_counter()
            with Store.open(db) as store:
                store.add(claims(size), status="proposed")
            print(f"\n{size:,} claims stored in {time.perf_counter() - began:.1f} s")
            with LiveServer(create_app(db, reviewer="bench")) as server:
                for path in PATHS:
                    median, p95 = timed(server, path)
                    print(f"  GET {path:58s} median {median:6.1f} ms  p95 {p95:6.1f} ms")
                some = Store.open(db, mode="ro").reviewed(limit=1)[0].claim.id
                median, p95 = timed(server, f"/api/claims/{some}/context")
                print(f"  GET {'/api/claims/{id}/context':58s} median {median:6.1f} ms  p95 {p95:6.1f} ms")
                if size == count:
                    concurrent_reviews(server, db)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
