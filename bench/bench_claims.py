"""Import N generated claims, export them as GeoJSON and GeoPackage, import the GeoJSON
back: time and peak memory.

    .venv/bin/python bench/bench_claims.py 1000000 100000

Each step (generate + import, export GeoJSON, export GeoPackage) runs in its own process,
so that its peak RSS (ru_maxrss) is its own: export memory should not grow with the
claim count. Import streams CSV row by row, and GeoJSON value by value, in one
transaction, so its memory does not follow the file size either (SQLite's page cache, 32 MiB, is most of it). Each step also
prints the one-minute load average at its end: on a shared machine, times compare only
at similar load.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("captured", "partial", "encircled", "contested", "advance", "denied")


def generate_csv(path: Path, count: int) -> None:
    """Claims over 5,000 places and two years, about a fifth unresolved."""
    rng = random.Random(7)
    start = dt.date(2024, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["place_id", "place", "admin1", "lat", "lon", "precision", "as_written", "kind",
                      "percent", "claimant", "claimant_side", "controller_side", "claim_date",
                      "source", "url", "quote"])
        for i in range(count):
            p = rng.randrange(5000)
            kind = KINDS[i % 6]
            side = ("RU", "UA")[i % 2]
            resolved = p % 5 != 0
            out.writerow([f"P{p}" if resolved else "", f"Place {p}" if resolved else "",
                          "Kharkiv" if resolved else "",
                          f"{47 + p % 400 / 100:.5f}" if resolved else "",
                          f"{34 + p % 500 / 100:.5f}" if resolved else "",
                          "exact" if resolved else "", f"Селище {p}", kind,
                          rng.randrange(101) if kind == "partial" else "",
                          f"Claimant {i % 40}", side, side,
                          (start + dt.timedelta(days=i % 700)).isoformat(), f"Outlet {i % 30}",
                          f"https://example.org/{i // 10}", f"Report number {i} about place {p}."])


def run_step(step: str, count: int, root: Path) -> None:
    """One step in this process; prints its time and this process's peak RSS."""
    from geo.export import export_claims
    from geo.ledger import import_file
    from geo.store import Store

    began = time.perf_counter()
    if step == "import":
        generate_csv(root / "in.csv", count)
        began = time.perf_counter()
        result = import_file(root / "in.csv", root / "c.db").added
    elif step == "geojson-import":  # the GeoJSON export read back, into a new store
        result = import_file(root / "out.geojson", root / "c2.db").added
    else:
        with Store.open(root / "c.db") as store:
            result = export_claims(store.query(), step, root / f"out.{step}")
    seconds = time.perf_counter() - began
    size = (root / {"import": "c.db", "geojson-import": "c2.db"}.get(step, f"out.{step}")).stat().st_size
    print(json.dumps({"claims": count, "step": step, "result": result,
                      "seconds": round(seconds, 1), "file_mb": round(size / 2**20),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "load_1m": round(os.getloadavg()[0], 2)}),
          flush=True)


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--step":
        run_step(argv[1], int(argv[2]), Path(argv[3]))
        return
    for count in (int(a) for a in (argv or ["1000000", "100000"])):
        with tempfile.TemporaryDirectory() as tmp:
            for step in ("import", "geojson", "gpkg", "geojson-import"):
                subprocess.run([sys.executable, __file__, "--step", step, str(count), tmp], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
