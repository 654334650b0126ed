"""Store benchmarks of issue 13: `map --db` memory, `--as-of` cost, SQLite vs PostGIS.

    .venv/bin/python bench/bench_store.py [--sizes 100000,1000000] [--old REV] [--pg URL]
                                          [--repeat 3] [--out bench/out/store.jsonl]

For each size a store is filled with bench_map's synthetic claims (about three claims an
article sharing a ~150-character quote, up to 30,000 settlements, all six kinds) through
``Store.add``, once in SQLite and once in PostGIS (a throwaway cluster from
tests/pgcluster.py unless --pg gives a server). Then, each step in its own process so that
its peak RSS is its own (measured by a small launcher, see _MEASURED):

- ``map``: ``frontline map --db`` of every claim, seconds and peak RSS; with --old REV the
  same command of that revision (git archive) on a store it filled itself with the same
  claims, and the two pages' claim data, time control and bounds compared;
- ``as-of``: ``Store.query(ClaimFilter(as_of=...))`` on the middle date, timed ``--repeat``
  times; in the same process, the way it was answered before (every claim up to the date
  read and ``latest_per_place`` in Python) once, as the baseline;
- ``import`` / ``export`` (sizes up to 100,000): bench_claims' CSV imported with
  ``claims import``'s function, the store exported as GeoJSON, in both back ends.

Each line printed (and appended to --out) is one JSON record, with the one-minute load
average at its end: the machine is shared, so compare figures of similar load.
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

AS_OF = dt.date(2024, 12, 1)  # the synthetic claims span 2024-01-01 .. 2025-11-30


def fill(target: str, size: int) -> None:
    from bench_map import iter_synthetic_claims

    from geo.store import Store

    with Store.open(target) as store:
        store.add(iter_synthetic_claims(size))


def as_of(target: str, repeat: int) -> dict:
    from geo.model import ClaimFilter, latest_per_place
    from geo.store import Store

    with Store.open(target, mode="ro") as store:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            found = sum(1 for _ in store.query(ClaimFilter(as_of=AS_OF)))
            times.append(time.perf_counter() - began)
        began = time.perf_counter()
        before = sum(1 for _ in latest_per_place(store.query(ClaimFilter(until=AS_OF)), AS_OF))
        baseline = time.perf_counter() - began
    return {"claims_found": found, "seconds": [round(t, 3) for t in times],
            "python_baseline_seconds": round(baseline, 3), "baseline_found": before}


def import_export(target: str, size: int, folder: Path) -> dict:
    from bench_claims import generate_csv

    from geo.export import export_claims
    from geo.ledger import import_file
    from geo.store import Store

    generate_csv(folder / "in.csv", size)
    began = time.perf_counter()
    added = import_file(folder / "in.csv", target).added
    imported = time.perf_counter() - began
    began = time.perf_counter()
    with Store.open(target, mode="ro") as store:
        exported = export_claims(store.query(), "geojson", folder / "out.geojson")
    return {"added": added, "import_seconds": round(imported, 2), "exported": exported,
            "export_seconds": round(time.perf_counter() - began, 2)}


def step(argv: list[str]) -> None:
    """One step, in this process: prints its record."""
    name, target, size, folder = argv[0], argv[1], int(argv[2]), Path(argv[3])
    began = time.perf_counter()
    if name == "fill":
        record = {}
        fill(target, size)
    elif name == "as-of":
        record = as_of(target, int(argv[4]))
    else:
        record = import_export(target, size, folder)
    record["step_seconds"] = round(time.perf_counter() - began, 2)
    print(json.dumps(record), flush=True)


# Runs its arguments as a child and prints that child's peak RSS (KiB) on its last stderr
# line. A child started straight from here would report this process's peak as its own
# (the kernel gives a process started by vfork its parent's high-water mark at exec), and
# this process holds decoded pages; the launcher holds 10 MB.
_MEASURED = ("import resource, subprocess, sys\n"
             "code = subprocess.call(sys.argv[1:])\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
             "sys.exit(code)\n")


def run(command: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[str, float, int]:
    """Run ``command``; its stdout, seconds and peak RSS in MB (its own, through _MEASURED)."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *command], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout, seconds, int(done.stderr.strip().splitlines()[-1]) // 1024


def main() -> None:
    from geo.store import database_files

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--old", help="a git revision to compare `map --db` with (e.g. the branch's base)")
    parser.add_argument("--pg", help="URL of a PostgreSQL server with PostGIS (default: a throwaway cluster)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "store.jsonl")
    parser.add_argument("--steps", default="map,as-of,import")
    args = parser.parse_args()
    steps = args.steps.split(",")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-store-")))
        server = args.pg or _cluster(stack)
        old = _checkout(args.old, folder / "old") if args.old else None
        for size in (int(s) for s in args.sizes.split(",")):
            sqlite, pg = str(folder / f"s{size}.db"), _database(server, f"bench_{size}")
            for backend, target in (("sqlite", sqlite), ("postgis", pg)):
                _report(args.out, size, backend, "fill", *_step("fill", target, size, folder))
            if "map" in steps:
                _map(args.out, size, sqlite, folder, old)
            if "as-of" in steps:
                for backend, target in (("sqlite", sqlite), ("postgis", pg)):
                    _report(args.out, size, backend, "as-of", *_step("as-of", target, size, folder, args.repeat))
            if "import" in steps and size <= 100_000:
                for backend, target in (("sqlite", str(folder / f"i{size}.db")), ("postgis", _database(server, f"import_{size}"))):
                    _report(args.out, size, backend, "import-export", *_step("import", target, size, folder))
            for path in database_files(sqlite):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)


def _step(name: str, target: str, size: int, folder: Path, *extra) -> tuple[dict, float, int]:
    out, seconds, peak = run([sys.executable, __file__, "--step", name, target, str(size), str(folder), *map(str, extra)])
    return json.loads(out.strip().splitlines()[-1]), seconds, peak


def _map(out: Path, size: int, target: str, folder: Path, old: Path | None) -> None:
    from geo.store import database_files

    html = folder / "new.html"
    command = [sys.executable, "-m", "geo", "map", "--db", target, "-o", str(html)]
    _, seconds, peak = run(command, env={"PYTHONPATH": str(ROOT)}, cwd=ROOT)
    record = {"html_mb": round(html.stat().st_size / 2**20, 1)}
    if old is not None:
        # The same claims into a store of the older revision: exported as CSV here, imported there
        # (each from its own checkout: "python -m" looks in the working directory first).
        old_db, claims = folder / f"old{size}.db", folder / "claims.csv"
        run([sys.executable, "-m", "geo", "export", "csv", "-o", str(claims), "--db", target], cwd=ROOT)
        run([sys.executable, "-m", "geo", "claims", "import", str(claims), "--db", str(old_db)], cwd=old)
        old_html = folder / "old.html"
        _, old_seconds, old_peak = run([sys.executable, "-m", "geo", "map", "--db", str(old_db), "-o", str(old_html)],
                                       env={"PYTHONPATH": str(old)}, cwd=old)
        record.update(old_seconds=round(old_seconds, 1), old_peak_rss_mb=old_peak,
                      same_output=_page(html) == _page(old_html))
        for path in (*database_files(old_db), claims):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
    _report(out, size, "sqlite", "map", record, seconds, peak)


def _page(path: Path) -> tuple:
    """A map page's claim data (decoded), time control and bounds: its content without ids."""
    text = path.read_text(encoding="utf-8")
    packed = re.search(r'<script type="application/gzip\+base64" id="claim_layer_\w+">([^<]*)</script>', text).group(1)
    days = re.search(r"new frontline.TimeControl\(\s*(\[[^\]]*\])", text).group(1)
    bounds = re.search(r"fitBounds\(\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])", text).group(1)
    return json.loads(gzip.decompress(base64.b64decode(packed))), days, bounds


def _report(out: Path, size: int, backend: str, name: str, record: dict, seconds: float, peak: int) -> None:
    line = json.dumps({"claims": size, "backend": backend, "step": name, **record, "seconds_total": round(seconds, 1),
                       "peak_rss_mb": peak, "load_1m": round(os.getloadavg()[0], 2)})
    print(line, flush=True)
    with open(out, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _cluster(stack: contextlib.ExitStack) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    import pgcluster

    folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    url = pgcluster.start(folder)
    stack.callback(shutil.rmtree, folder, True)
    stack.callback(pgcluster.stop, folder)
    return url


def _database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


def _checkout(revision: str, folder: Path) -> Path:
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "geo", "gazetteer", "maps"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


if __name__ == "__main__":
    if sys.argv[1:2] == ["--step"]:
        step(sys.argv[2:])
    else:
        main()
