"""Extraction speed on one core for ~3 KB articles, and the cost of the first call.

    .venv/bin/python bench/bench_ingest.py [ROUNDS [BYTES]]

Articles are built from the fixture articles (English, Russian, Ukrainian), each BYTES
long in UTF-8 (default 3000, the issue's 3 KB), all different; every round extracts all
of them again (the extraction's memos of an article's text are emptied when the next
article begins, so no round gains from text an earlier one read). Rates are medians and
bests over the rounds: the machine is shared, and the best round says most about the
code; the rates from the process's CPU time are steadier still when other work competes
for the core. Measured twice: on the bare gazetteer, and through the look-up cache the CLI
uses for a batch (later rounds then find every name cached, as a batch of articles on one
front largely does); and through the cache once more with the rules alone (no scoring
model), the baseline of the model's cost, in the same run.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "geo" / "fixtures" / "articles"
SIZE = 3000


def build_articles(size: int = SIZE, count: int | None = None):
    """``count`` articles (default: as many as there are fixture articles), each ``size`` bytes."""
    from geo.ingest import Article, read_article

    paths = [p for p in sorted(ARTICLES.iterdir()) if p.suffix in (".txt", ".html")]
    texts, articles = [], []
    for start in range(len(paths) if count is None else count):
        body, i = [], start
        while sum(len(t.encode()) for t in body) < size:
            while len(texts) <= i % len(paths):  # read as needed: the first call reads one or two
                texts.append(read_article(str(paths[len(texts)])).text)
            body.append(texts[i % len(paths)])
            i += 1
        text = "\n\n".join(body).encode()[:size].decode(errors="ignore")
        articles.append(Article(text=text, source=f"bench-{start}",
                                published=dt.date(2025, 11, 21)))
    return articles


def main(rounds: int, size: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    from gazetteer import Gazetteer
    from geo.extraction import extract_claims
    from geo.extraction.mentions import CachedResolver

    gazetteer = Gazetteer.load()
    t1 = time.perf_counter()
    first = extract_claims(build_articles(size, 1)[0], gazetteer)
    t2 = time.perf_counter()
    print(f"first call: imports + Gazetteer.load() {t1 - t0:.2f} s, first article read and extracted "
          f"{1000 * (t2 - t1):.0f} ms, in all {t2 - t0:.2f} s ({len(first)} claims)")
    articles = build_articles(size)
    size = sum(len(a.text.encode()) for a in articles) / len(articles)
    runs = (("gazetteer", gazetteer, None), ("CachedResolver (as the CLI)", CachedResolver(gazetteer), None),
            ("CachedResolver, rules alone (baseline)", CachedResolver(gazetteer), False))
    for label, resolver, model in runs:
        rates, cpu_rates = [], []
        for _ in range(rounds):
            start, cpu = time.perf_counter(), time.process_time()
            claims = sum(len(extract_claims(article, resolver, model=model)) for article in articles)
            rates.append(len(articles) / (time.perf_counter() - start))
            cpu_rates.append(len(articles) / (time.process_time() - cpu))
        print(f"{label}: {len(articles)} different articles of {size / 1000:.1f} KB, {claims / len(articles):.1f} "
              f"claims each: first round {rates[0]:.0f} articles/s, later rounds median {statistics.median(rates[1:]):.0f} "
              f"best {max(rates[1:]):.0f} articles/s on one core (load average {os.getloadavg()[0]:.1f}); "
              f"by CPU time median {statistics.median(cpu_rates[1:]):.0f} best {max(cpu_rates[1:]):.0f}")

if __name__ == "__main__":
    main(max(2, int(sys.argv[1])) if len(sys.argv) > 1 else 10, int(sys.argv[2]) if len(sys.argv) > 2 else SIZE)
