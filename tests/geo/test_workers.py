"""Runners: results in partition order, few partitions ahead, failures as one error."""
from __future__ import annotations

import json
import os
import socket
from concurrent.futures import Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo import pipeline, workers
from geo.cli import main
from geo.errors import WorkerError
from geo.workers import InProcess, ProcessPool, ordered

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"


def done(value) -> Future:
    future = Future()
    future.set_result(value)
    return future


def test_ordered_takes_only_a_few_futures_ahead():
    taken = []

    def futures():
        for i in range(10):
            taken.append(i)
            yield done(i)
    results = ordered(futures(), 3)
    assert next(results) == 0 and taken == [0, 1, 2]
    assert list(results) == list(range(1, 10))


def square(number, partition, resolve, offset):
    return [number, [x * x + offset for x in partition], resolve]


def die(number, partition, resolve):
    if number == 3:
        os._exit(1)
    return number


def test_runners_keep_partition_order():
    partitions = list(enumerate([[1, 2], [3], [], [4, 5, 6]] * 5))
    expected = [square(n, p, "r", 1) for n, p in partitions]
    with InProcess("r") as runner:
        assert list(runner.map(square, partitions, 1)) == expected
    with ProcessPool("r", 2) as runner:
        assert list(runner.map(square, partitions, 1)) == expected


def test_a_dead_worker_is_one_error():
    with ProcessPool(None, 2) as runner, pytest.raises(WorkerError, match="a worker process died"):
        list(runner.map(die, enumerate([[]] * 20)))


def test_an_unreachable_scheduler_is_one_error(monkeypatch):
    monkeypatch.setattr(workers, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(WorkerError, match=f"cannot reach the Dask scheduler at {address}"):
        with workers.DaskCluster(None, address, 1):
            pass


def corpus(path: Path) -> Path:
    """The fixture articles as a JSON Lines corpus, one row each."""
    with path.open("w", encoding="utf-8") as fh:
        for article in sorted(ARTICLES.iterdir()):
            if article.suffix in (".txt", ".html"):
                field = "html" if article.suffix == ".html" else "text"
                fh.write(json.dumps({field: article.read_text(encoding="utf-8"), "id": article.stem,
                                     "published": "2025-11-21"}, ensure_ascii=False) + "\n")
    return path


def stored(db: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM claims ORDER BY rowid").fetchall()


def test_a_local_dask_cluster_of_two_workers_finds_what_one_process_finds(tmp_path, monkeypatch):
    # The real gazetteer and extraction, as in a run; partitions of 8 so that both workers
    # get some of the 39 articles. (Parquet output is the same code on a worker as in a
    # pool: tests/geo/test_pipeline.py.)
    monkeypatch.setattr(pipeline, "CLUSTER_PARTITION", 8)
    source = corpus(tmp_path / "c.jsonl")
    runner = CliRunner()
    one = runner.invoke(main, ["ingest", str(source), "--jobs", "1", "--json", "--db", str(tmp_path / "one.db")])
    assert one.exit_code == 0, one.output
    cluster = runner.invoke(main, ["ingest", str(source), "--scheduler", "local", "--jobs", "2", "--json",
                                   "--db", str(tmp_path / "dask.db")])
    assert cluster.exit_code == 0, cluster.output
    assert stored(tmp_path / "dask.db") == stored(tmp_path / "one.db")
    assert len(stored(tmp_path / "one.db")) > 40
    assert cluster.stdout == one.stdout
    assert cluster.stderr.splitlines()[-1] == one.stderr.splitlines()[-1]  # the summary
