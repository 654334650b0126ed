"""Gazetteer benchmark (run by hand): build and load time, lookup speed, coverage, and accuracy
against a baseline.

    .venv/bin/python bench/bench_gazetteer.py [--rounds 5] [--cold-rounds 1]

The cold build is the first run after an install: a new process loads the default gazetteer
with empty cache and temp directories (wall and CPU seconds, median of ``--cold-rounds``).

Every timing is the median of ``--rounds`` rounds (the machine is shared; single runs are noisy).
Exact lookups are timed apart on hits (the variant fixture; a sample of indexed names, many
shared by dozens of villages) and on misses (words and word pairs of news prose that name no
place, as article scanning asks), each the first time a name is seen (cold caches) and again.
Fuzzy latency is timed on the variant fixture and on a typo set (one deterministic edit in a
sample of indexed names), which all go through the fuzzy search. The baseline is rapidfuzz ``process.extractOne`` over every
indexed name, as a reader would write it first.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "gazetteer"))
from variants import FRONT_LINE, exact_shares, is_place, judge, load_russian_forms, load_variants  # noqa: E402

from gazetteer import Gazetteer, morph  # noqa: E402
from gazetteer.names import key  # noqa: E402
from gazetteer.sources.settlements import TABLE  # noqa: E402

# Our own news-style prose, for names that are not places.
PROSE = """
The Russian Ministry of Defence said on Thursday that its forces had taken control of the
settlement, while the General Staff of the Armed Forces of Ukraine reported heavy fighting.
President Volodymyr Zelensky told reporters in the capital that the front line held and that
new air defence systems had arrived from European partners. Analysts at the Institute for the
Study of War wrote that assault groups advanced along the railway towards the river crossing.
Министерство обороны России сообщило в четверг, что штурмовые подразделения группировки войск
освободили населённый пункт, а противник потерял до двухсот военнослужащих и три танка.
Генеральный штаб Вооружённых сил Украины заявил, что оборона держится, а бои продолжаются.
Міністерство оборони Росії повідомило, що підрозділи угруповання військ просунулися вперед.
Генеральний штаб Збройних сил України заявив, що сили оборони відбили дев'ятнадцять атак,
а ворог зазнав втрат у живій силі та техніці поблизу залізничної станції на лівому березі.
"""


def timed(func: Callable[[], object]) -> tuple[object, float, float]:
    """Result, wall seconds and this thread's CPU seconds (other jobs on the machine excluded)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = func()
    return result, time.perf_counter() - wall, time.thread_time() - cpu


def typo(name: str, n: int) -> str:
    """One deterministic edit of a name: a dropped, doubled, swapped or replaced letter."""
    pos = 1 + n % max(1, len(name) - 2)
    kind = n % 4
    if kind == 0:
        return name[:pos] + name[pos + 1:]
    if kind == 1:
        return name[:pos] + name[pos] + name[pos:]
    if kind == 2 and pos + 1 < len(name):
        return name[:pos] + name[pos + 1] + name[pos] + name[pos + 2:]
    vowels = "aeiouy" if name.isascii() else "аеиоуі"
    return name[:pos] + vowels[n % len(vowels)] + name[pos + 1:]


def prose_queries() -> list[str]:
    words = [w.strip(".,") for w in PROSE.split()]
    words = [w for w in words if len(w) > 1]
    return list(dict.fromkeys(words + [f"{a} {b}" for a, b in zip(words, words[1:])]))


def rate(g: Gazetteer, names: Sequence[str], rounds: int, *, cold: bool) -> tuple[float, float]:
    """Median exact lookups per second, wall and CPU; ``cold`` clears the key and lemma caches
    before each round."""
    walls, cpus = [], []
    for _ in range(rounds):
        if cold:
            for cached in (key, morph.lemmas, morph.lemma_forms):
                cached.cache_clear()
        _, wall, cpu = timed(lambda: [g.lookup(n, fuzzy=False) for n in names])
        walls.append(len(names) / wall)
        cpus.append(len(names) / cpu)
    return statistics.median(walls), statistics.median(cpus)


def percentiles(g: Gazetteer, queries: Sequence[tuple[str, str | None, tuple]], rounds: int) -> str:
    """Medians over rounds of the p50 and p99 latency of full lookups, wall and CPU."""
    stats: dict[str, list[float]] = {"wall p50": [], "wall p99": [], "cpu p50": [], "cpu p99": []}
    for _ in range(rounds):
        times = [timed(lambda: g.lookup(q, region=r, context=c))[1:] for q, r, c in queries]
        for clock, column in (("wall", 0), ("cpu", 1)):
            ms = sorted(t[column] * 1000 for t in times)
            stats[f"{clock} p50"].append(statistics.median(ms))
            stats[f"{clock} p99"].append(ms[int(len(ms) * 0.99)])
    return ", ".join(f"{name} {statistics.median(values):.2f} ms" for name, values in stats.items())


def cold_build(rounds: int) -> str:
    """Median wall and CPU seconds of a new process building the default index from nothing."""
    walls, cpus = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            # A fresh temp directory too: libraries cache there what they work out on first use.
            env = {**os.environ, "FRONTLINE_CACHE_DIR": f"{tmp}/cache", "FRONTLINE_DATA_DIR": f"{tmp}/data",
                   "TMPDIR": tmp, "PYTHONPATH": str(ROOT)}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", "from gazetteer import Gazetteer; Gazetteer.load()"], env=env,
                           check=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return f"{statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU"


def coverage(g: Gazetteer) -> str:
    """Share of KATOTTG settlements at their own point (precision exact), overall and per front-line oblast."""
    shares = exact_shares(g)
    exact, total = sum(e for e, _ in shares.values()), sum(n for _, n in shares.values())
    oblasts = ", ".join(f"{o} {shares[o][0] / shares[o][1]:.1%}" for o in FRONT_LINE)
    return f"{exact:,} of {total:,} settlements exact ({exact / total:.1%}); {oblasts}"


def russian_forms(g: Gazetteer) -> str:
    """The Russian forms of front-line villages: first with the oblast named, among five without."""
    forms = load_russian_forms()
    hinted = sum(judge(g, v, g.lookup(v.query, region=v.region)) for v in forms)
    first = sum(bool(found) and is_place(g, found[0], v) for v in forms for found in [g.lookup(v.query)])
    top5 = sum(any(is_place(g, c, v) for c in g.lookup(v.query)) for v in forms)
    fast = sum(bool(found) and is_place(g, found[0], v) for v in forms for found in [g.lookup(v.query, fuzzy=False)])
    n = len(forms)
    return (f"{n} Russian forms: first with the oblast {hinted / n:.1%}; without it first {first / n:.1%}, "
            f"in the first five {top5 / n:.1%}, first on the fast path {fast / n:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=1)
    args = parser.parse_args()
    rounds = args.rounds
    print(f"cold build (first run after install): {cold_build(args.cold_rounds)}; "
          f"shipped settlement table {TABLE.stat().st_size / 1e6:.2f} MB")
    Gazetteer.load()  # make sure the cache is warm
    loads = []
    for _ in range(rounds):  # keep one gazetteer only: more would slow what follows
        g, wall, cpu = timed(Gazetteer.load)
        loads.append((wall, cpu))
    info = g.info()
    print(f"warm load: median {statistics.median(t for t, _ in loads) * 1000:.0f} ms wall, "
          f"{statistics.median(t for _, t in loads) * 1000:.0f} ms CPU over {rounds} "
          f"({info['places']} places, {info['names']} keys)")
    _, lemmatiser_s, _ = timed(lambda: morph.lemmas("Харкові"))
    print(f"lemmatiser start-up (once per process): {lemmatiser_s * 1000:.0f} ms")

    variants = load_variants()
    places = g.index.places
    sample = [places.name_uk[i] or places.name[i] for i in range(0, len(places), 15)]
    fixture = [n for n in dict.fromkeys(v.query for v in variants) if g.lookup(n, fuzzy=False)]
    sampled = [n for n in dict.fromkeys(sample) if g.lookup(n, fuzzy=False)]
    misses = [n for n in prose_queries() if not g.lookup(n, fuzzy=False)]
    for label, names in (("fixture hits", fixture), ("hits, every 15th place's name", sampled), ("misses", misses)):
        (cold, cold_cpu), (warm, warm_cpu) = (rate(g, names, rounds, cold=c) for c in (True, False))
        print(f"exact/normalised lookups, {len(names)} {label}: cold {cold:,.0f}/s wall {cold_cpu:,.0f}/s CPU, "
              f"repeated {warm:,.0f}/s wall {warm_cpu:,.0f}/s CPU")

    print(f"full lookup, {len(variants)} variants: {percentiles(g, [(v.query, v.region, v.context) for v in variants], rounds)}")
    typos = [(typo(places.name[i], i), i) for i in range(7, len(places), 50)]
    typos = [(q, i) for q, i in typos if not g.lookup(q, fuzzy=False)]
    found = sum(any(c.id == places.id[i] for c in g.lookup(q)) for q, i in typos)
    print(f"fuzzy lookup, {len(typos)} typos: {percentiles(g, [(q, None, ()) for q, _ in typos], rounds)}; "
          f"place in top 5: {found}/{len(typos)}")

    correct = sum(judge(g, v, g.lookup(v.query, region=v.region, context=v.context)) for v in variants)
    print(f"gazetteer accuracy: {correct}/{len(variants)}")
    print(f"coverage: {coverage(g)}")
    print(russian_forms(g))
    baseline(g, variants)


def baseline(g: Gazetteer, variants) -> None:
    keys = g.index.keys
    places = g.index.places
    correct, times = 0, []
    top = [v for v in variants if v.expect == "top"]
    for v in top:
        (match, _, _), t, _ = timed(lambda: process.extractOne(key(v.query), keys, scorer=fuzz.WRatio))
        times.append(t * 1000)
        best = max(g.index.exact(match), key=lambda i: places.population[i])
        candidates = g.lookup(places.name_uk[best] or places.name[best], limit=10)
        correct += any(c.id == places.id[best] and is_place(g, c, v) for c in candidates)
    times.sort()
    print(f"baseline extractOne: accuracy {correct}/{len(top)} on 'top' rows, "
          f"p50 {statistics.median(times):.1f} ms, p99 {times[int(len(times) * 0.99)]:.1f} ms")


if __name__ == "__main__":
    main()
