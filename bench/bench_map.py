"""Map scale benchmark: 1,000 / 10,000 / 100,000 claims over up to 30,000 settlements.

For each size: time to build and write the HTML, its size, and the time until the map is
usable in headless Chromium (page opened -> every settlement drawn, the basemap drawn and a
frame painted), plus how long one move of the time slider takes (filter and repaint, next
frame). The maps carry Leaflet and the basemap themselves; with --assets they are saved with
copies from tests/maps/browser/node_modules beside them instead (save_map's ``assets``).
They open from file:// with every request refused: no network is used.

    .venv/bin/python bench/bench_map.py [--sizes 1000,10000,100000] [--out bench/out] [--assets]

Synthetic claims: about three claims per article (one sentence naming three places shares
its quote, URL and source), ~150-character quotes, Cyrillic place names, all six kinds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "maps" / "browser")]

from geo.model import Claim, Kind, Side  # noqa: E402
from maps import build_map, save_map  # noqa: E402
from maps.elements import BaseMap, ClaimLayer  # noqa: E402

NODE_MODULES = ROOT / "tests" / "maps" / "browser" / "node_modules"

MAX_SETTLEMENTS = 30_000
CLAIMANTS = {Side.RU: ["Russian Ministry of Defence", "DNR adviser Yan Gagin", "Russian General Staff"],
             Side.UA: ["Ukrainian General Staff", "Khortytsia group", "Ukrainian 3rd Corps"],
             Side.OTHER: ["ISW", "DeepState", "UK Defence Intelligence"]}
SYLLABLES = ["ново", "олекс", "андр", "івка", "петр", "вка", "кам", "янка", "бер", "ез", "ове", "рад"]


def synthetic_claims(n: int, seed: int = 5) -> list[Claim]:
    return list(iter_synthetic_claims(n, seed))


def iter_synthetic_claims(n: int, seed: int = 5) -> Iterator[Claim]:
    """The claims of :func:`synthetic_claims`, one at a time (a million do not fit a list)."""
    rng = random.Random(seed)
    settlements = min(MAX_SETTLEMENTS, max(1, n // 3))
    places = [("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + f"-{i}",
               rng.choice(["Donetsk", "Kharkiv", "Zaporizhzhia", "Luhansk", "Dnipropetrovsk"]),
               rng.uniform(46.5, 50.5), rng.uniform(33.0, 39.5)) for i in range(settlements)]
    start = dt.date(2024, 1, 1)
    made = 0
    article = 0
    while made < n:
        article += 1
        side = rng.choice(list(Side))
        claimant = rng.choice(CLAIMANTS[side])
        date = start + dt.timedelta(days=rng.randrange(700))
        named = rng.sample(places, k=min(3, n - made, settlements))
        quote = (f"{claimant} said on {date:%d %B} that units had taken control of "
                 + ", ".join(p[0] for p in named) + " after fighting along the front line, "
                 "a claim that could not be independently verified.")
        kind = rng.choice(list(Kind))
        for name, admin1, lat, lon in named:
            made += 1
            yield Claim(
                as_written=name, kind=kind, claimant=claimant, claimant_side=side, claim_date=date,
                source=rng.choice(["Reuters", "TASS", "Ukrainska Pravda", "Meduza", "Kyiv Independent"]),
                url=f"https://news.example/{date:%Y/%m/%d}/article-{article}",
                quote=quote, percent=rng.randrange(5, 100, 5) if kind is Kind.PARTIAL else None,
                controller_side=(Side.UA if side is Side.UA else Side.RU) if kind is Kind.DENIED else None,
                group=f"pocket-{article}" if kind is Kind.ENCIRCLED else None,
                place_id=name, place=name, admin1=admin1, lat=lat, lon=lon, precision="exact")


def time_in_browser(browser, html: Path, layer: str, basemap: str) -> tuple[float, float, int]:
    from harness import open_map

    started = time.perf_counter()
    page, log = open_map(browser, html, timeout_ms=60_000, cdn=False, tiles=False)
    page.wait_for_function(f"() => window.{layer} && {layer}.shownCount() > 0 && {basemap}.shown().labels.length > 0")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    usable = time.perf_counter() - started
    shown = page.evaluate(f"{layer}.shownCount()")
    slide = page.evaluate(f"""() => {{
        const t0 = performance.now();
        {layer}.setDay({layer}._day - 180);
        return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0))));
    }}""") / 1000
    page.close()
    if log.errors or log.blocked or log.dialogs:
        raise RuntimeError(f"page problems: {log}")
    return usable, slide, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--assets", action="store_true",
                        help="save the maps with local Leaflet files (tests/maps/browser/node_modules)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    browser = playwright = None
    if not args.no_browser:
        from harness import launch, missing_reason
        from playwright.sync_api import sync_playwright

        if reason := missing_reason():
            sys.exit(f"cannot open the browser: {reason}")
        playwright = sync_playwright().start()
        browser = launch(playwright)

    print(f"{'claims':>8} {'places':>7} {'build+write s':>13} {'HTML MB':>8} {'usable s':>9} "
          f"{'slider s':>9} {'drawn':>7}")
    for n in sizes:
        claims = synthetic_claims(n)
        places = len({c.place_id for c in claims})
        path = args.out / f"map_{n}.html"
        started = time.perf_counter()
        m = build_map(claims)
        size = save_map(m, path, assets=NODE_MODULES if args.assets else None)
        generated = time.perf_counter() - started
        usable = slide = shown = float("nan")
        if browser is not None:
            layer, basemap = (next(c for c in m._children.values() if isinstance(c, kind)).get_name()
                              for kind in (ClaimLayer, BaseMap))
            usable, slide, shown = time_in_browser(browser, path, layer, basemap)
        print(f"{n:>8,} {places:>7,} {generated:>13.2f} {size / 1e6:>8.2f} {usable:>9.2f} "
              f"{slide:>9.3f} {shown:>7}", flush=True)
    if browser is not None:
        browser.close()
        playwright.stop()


if __name__ == "__main__":
    main()
