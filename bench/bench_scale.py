"""Ingest at scale: articles/s on one core, on two, on a LocalCluster; peak memory by size.

    python bench/bench_scale.py speed [ARTICLES [ROUNDS]]     # --jobs 1 vs --jobs 2, alternating
    python bench/bench_scale.py cluster [ARTICLES]            # LocalCluster of 2 workers vs --jobs 2
    python bench/bench_scale.py memory [SMALL LARGE]          # peak RSS of `frontline ingest` by size

The articles are the annotated corpus's (bench/corpus, read only), each copy at its own URL,
as a JSON Lines corpus in a temporary folder. `speed` and `cluster` run a whole batch
(geo.pipeline.Batch: reading, extraction, the store's writer, into a new database each
time) in this process after the gazetteer is loaded, so that the fixed cost of a command
(imports, the gazetteer) is left out; rounds alternate between the runners, since the
machine is shared. Rates by wall clock, with the load average before each round; by CPU
time (this process and its workers) too, which competing work does not change.
`memory` runs the command itself (`python -m geo ingest CORPUS --db NEW.db`) and samples
the resident and proportional set sizes of its processes every 20 ms: the peak of the main
process, of the largest worker, and of the whole tree (PSS: shared pages counted once).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "bench" / "corpus"


def write_corpus(path: Path, count: int) -> Path:
    """``count`` articles of the annotated corpus, in turn, each at its own URL."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("set*/*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"text": texts[i % len(texts)], "url": f"https://bench.example/{i}",
                                 "published": "2025-11-21", "id": i}, ensure_ascii=False) + "\n")
    return path


def run_batch(source: Path, resolver, folder: Path, **where) -> dict:
    """One whole batch into a new database: wall and CPU seconds, articles, claims stored."""
    from geo.pipeline import Batch
    from geo.store import Store

    db = Path(tempfile.mkdtemp(dir=folder)) / "bench.db"
    load = os.getloadavg()[0]
    before, start = os.times(), time.perf_counter()
    first = None
    with Store.open(db) as store:
        batch = Batch([str(source)], resolver, store=store, **where)
        articles = 0
        for _ in batch:
            articles += 1
            first = first or time.perf_counter()
    wall = time.perf_counter() - start
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user + system, this process and its reaped workers
    own = sum(after[:2]) - sum(before[:2])  # this process alone: reading, the writer, the results
    return {"wall": wall, "cpu": cpu, "own": own, "articles": articles, "added": batch.added, "load": load,
            "first": first - start, "end": wall}


def describe(label: str, runs: list[dict]) -> str:
    rates = [r["articles"] / r["wall"] for r in runs]
    cpu = [r["articles"] / r["cpu"] for r in runs]
    loads = " ".join(f"{r['load']:.1f}" for r in runs)
    cores = " ".join(f"{r['cpu'] / r['wall']:.2f}" for r in runs)
    return (f"{label}: {runs[0]['articles']} articles, {runs[0]['added']} claims stored; articles/s by wall clock "
            f"{' '.join(f'{x:.1f}' for x in rates)} (median {statistics.median(rates):.1f}, best {max(rates):.1f}); "
            f"per CPU second median {statistics.median(cpu):.1f} (of it this process "
            f"{statistics.median(r['own'] / r['cpu'] for r in runs):.0%}); cores had (CPU / wall seconds) "
            f"{cores}; load average before each round {loads}")


def loaded_resolver():
    from gazetteer import Gazetteer
    from geo.extraction.mentions import CachedResolver

    return CachedResolver(Gazetteer.load(progress=True))


def _control(number: int, partition: object, resolve: object) -> int:
    """Arithmetic alone, a fixed amount per partition: how far two processes can scale now."""
    return sum(i * i for i in range(1_500_000))


def control_ratio() -> float:
    """Wall-clock ratio of 8 control partitions in this process to the same in a pool of 2."""
    from geo.workers import InProcess, ProcessPool

    walls = []
    for runner in (InProcess(None), ProcessPool(None, 2)):
        start = time.perf_counter()
        with runner:
            list(runner.map(_control, enumerate([None] * 8)))
        walls.append(time.perf_counter() - start)
    return walls[0] / walls[1]


def speed(count: int, rounds: int) -> None:
    resolver = loaded_resolver()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_corpus(Path(tmp) / "corpus.jsonl", count)
        run_batch(source, resolver, Path(tmp), jobs=1)  # warm: the look-up cache, the lazy tables
        runs: dict[int, list[dict]] = {1: [], 2: []}
        controls = []
        for _ in range(rounds):
            for jobs in (1, 2):
                runs[jobs].append(run_batch(source, resolver, Path(tmp), jobs=jobs))
            controls.append(control_ratio())
        for jobs in (1, 2):
            print(describe(f"--jobs {jobs}", runs[jobs]))
        ratios = [b["wall"] and a["wall"] / b["wall"] for a, b in zip(runs[1], runs[2])]
        print(f"--jobs 2 / --jobs 1 by wall clock, round by round: {' '.join(f'{r:.2f}' for r in ratios)} "
              f"(median {statistics.median(ratios):.2f}, best {max(ratios):.2f}); a CPU-bound control through "
              f"the same runners, after each round: {' '.join(f'{r:.2f}' for r in controls)} (what the machine "
              "gave two processes then)")
    assert {r["added"] for r in runs[1] + runs[2]} == {runs[1][0]["added"]}, "runs stored different claims"


def cluster(count: int) -> None:
    from geo import pipeline

    resolver = loaded_resolver()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_corpus(Path(tmp) / "corpus.jsonl", count)
        run_batch(source, resolver, Path(tmp), jobs=1)  # warm, as for `speed`
        pool = run_batch(source, resolver, Path(tmp), jobs=2)
        dask = run_batch(source, resolver, Path(tmp), jobs=2, scheduler="local")
        for label, run, size in (("--jobs 2", pool, pipeline.POOL_PARTITION),
                                 ("--scheduler local --jobs 2", dask, pipeline.CLUSTER_PARTITION)):
            # after the first partition came back: the runner's start (forking, or starting a
            # LocalCluster and sending it the gazetteer) is behind it
            after = (run["articles"] - size) / (run["end"] - run["first"])
            print(f"{label}: {run['articles']} articles, {run['added']} claims stored in {run['wall']:.1f} s "
                  f"({run['articles'] / run['wall']:.1f} articles/s); first partition back after "
                  f"{run['first']:.1f} s, {after:.1f} articles/s from then on; cores had "
                  f"{run['cpu'] / run['wall']:.2f}; load average before {run['load']:.1f}")
    assert dask["added"] == pool["added"], "the cluster stored other claims"


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process, in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            fields = dict(line.split()[:2] for line in fh if line.split()[0] in ("Rss:", "Pss:"))
        return int(fields["Rss:"]), int(fields["Pss:"])
    except (FileNotFoundError, ProcessLookupError, KeyError, ValueError):
        return 0, 0


def _tree(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *map(int, children)]


def peak_memory(source: Path, db: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a pipe left unread would fill and block it
    process = subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(source), "--db", str(db)],
                               stdout=subprocess.DEVNULL, stderr=log, text=True, env=env)
    main_rss = worker_rss = total_pss = 0
    start = time.perf_counter()
    while process.poll() is None:
        sizes = {pid: _memory(pid) for pid in _tree(process.pid)}
        main_rss = max(main_rss, sizes[process.pid][0])
        worker_rss = max([worker_rss, *(rss for pid, (rss, _) in sizes.items() if pid != process.pid)])
        total_pss = max(total_pss, sum(pss for _, pss in sizes.values()))
        time.sleep(0.02)
    log.seek(0)
    stderr = log.read()
    log.close()
    assert process.returncode == 0, stderr[-2000:]
    return {"main": main_rss / 1024, "worker": worker_rss / 1024, "total": total_pss / 1024,
            "seconds": time.perf_counter() - start, "summary": stderr.strip().splitlines()[-1].split("\r")[-1]}


def memory(small: int, large: int) -> None:
    loaded_resolver()  # a first run builds the gazetteer's index: not in the figures
    with tempfile.TemporaryDirectory() as tmp:
        found = {}
        for count in (small, large):
            source = write_corpus(Path(tmp) / f"corpus{count}.jsonl", count)
            found[count] = peak_memory(source, Path(tmp) / f"m{count}.db")
            m = found[count]
            print(f"{count} articles: peak RSS main {m['main']:.0f} MiB, largest worker {m['worker']:.0f} MiB, "
                  f"whole tree (PSS) {m['total']:.0f} MiB; {m['seconds']:.0f} s, load average now "
                  f"{os.getloadavg()[0]:.1f}; {m['summary']}")
        for part in ("main", "worker", "total"):
            print(f"{part}: {large} / {small} articles = {found[large][part] / found[small][part]:.2f}")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    what, *numbers = sys.argv[1:] or ["speed"]
    values = [int(n) for n in numbers]
    if what == "speed":
        speed(*(values + [600, 3][len(values):]))
    elif what == "cluster":
        cluster(*(values or [1000]))
    elif what == "memory":
        memory(*(values + [1000, 10000][len(values):]))
    else:
        sys.exit(__doc__)
