"""Gazetteer benchmark (run by hand): load time, lookup speed, and accuracy against a baseline.

    .venv/bin/python bench/bench_gazetteer.py

The baseline is rapidfuzz ``process.extractOne`` over every indexed name, as a reader would
write it first.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "gazetteer"))
from variants import is_place, judge, load_variants  # noqa: E402

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.names import key  # noqa: E402


def timed(func):
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def main() -> None:
    Gazetteer.load()  # make sure the cache is warm
    g, load_s = timed(Gazetteer.load)
    print(f"warm load: {load_s * 1000:.0f} ms ({len(g.index.places)} places, {len(g.index.names)} keys)")
    variants = load_variants()
    names = [v.query for v in variants] + ["the", "city", "region", "forces", "Kupiansk", "Бахмут"] * 20
    _, exact_s = timed(lambda: [g.lookup(n, fuzzy=False) for _ in range(20) for n in names])
    print(f"exact/normalised lookups: {20 * len(names) / exact_s:,.0f}/s")
    times = []
    for v in variants * 3:
        _, t = timed(lambda: g.lookup(v.query, region=v.region, context=v.context))
        times.append(t * 1000)
    times.sort()
    print(f"full lookup p50 {statistics.median(times):.2f} ms, p99 {times[int(len(times) * 0.99)]:.2f} ms")
    hits = sum(judge(g, v, g.lookup(v.query, region=v.region, context=v.context)) for v in variants)
    print(f"gazetteer accuracy: {hits}/{len(variants)}")
    baseline(g, variants)


def baseline(g: Gazetteer, variants) -> None:
    keys = list(g.index.names)
    correct, times = 0, []
    top = [v for v in variants if v.expect == "top"]
    for v in top:
        (match, _, _), t = timed(lambda: process.extractOne(key(v.query), keys, scorer=fuzz.WRatio))
        times.append(t * 1000)
        best = max((g.index.places[i] for i, _ in g.index.names[match]), key=lambda p: p.population)
        candidate = g.lookup(best.name_uk or best.name, limit=10)
        correct += any(c.id == best.id and is_place(g, c, v) for c in candidate)
    times.sort()
    print(f"baseline extractOne: accuracy {correct}/{len(top)} on 'top' rows, "
          f"p50 {statistics.median(times):.1f} ms, p99 {times[int(len(times) * 0.99)]:.1f} ms")


if __name__ == "__main__":
    main()
