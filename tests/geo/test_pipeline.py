"""Batches: partitions extracted in order wherever they run, stored by one writer in batches."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from geo import pipeline
from geo.corpus import ArticleFile, expand
from geo.ingest import Outcome, Overrides
from geo.pipeline import Batch, BatchWriter, Job, extract_batch
from geo.store import Store

DAY = dt.date(2025, 11, 21)


def article_text(i: int) -> str:
    places = ("Kupiansk", "Hlushkivka", "Kupiansk and Hlushkivka")
    return (f"date 2025-11-21\nSource: https://example.org/{i}\n\n"
            f"Russian forces captured {places[i % 3]}, Gerasimov said on Thursday.\n")


@pytest.fixture
def articles(tmp_path):
    paths = []
    for i in range(30):
        path = tmp_path / f"a{i:02d}.txt"
        path.write_text(article_text(i), encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "a07.txt").write_bytes(b"")  # one bad file among them
    return paths


def job(**fields) -> Job:
    return Job(DAY, 0.0, **fields)


def test_a_pool_finds_what_one_process_finds_in_the_same_order(articles, fake_gazetteer):
    one = list(extract_batch(map(ArticleFile, articles), fake_gazetteer, job(), jobs=1))
    two = list(extract_batch(map(ArticleFile, articles), fake_gazetteer, job(), jobs=2))
    assert two == one
    assert [o.path for o in one] == articles
    assert one[7].error and sum(len(o.claims) for o in one) == 39


class RecordingStore:
    def __init__(self):
        self.batches = []

    def add(self, claims, *, status):
        self.batches.append((list(claims), status))
        return len(claims)


def outcome(name: str, count: int) -> Outcome:
    return Outcome(name, claims=tuple(f"{name}-{i}" for i in range(count)))


def test_the_writer_commits_whole_articles_by_count_and_by_time():
    store, now = RecordingStore(), [0.0]
    writer = BatchWriter(store, articles=3, seconds=10, clock=lambda: now[0])
    for name, count in (("a", 2), ("b", 0), ("c", 1), ("d", 3)):
        writer.add(outcome(name, count))
    assert store.batches == [(["a-0", "a-1", "c-0"], "proposed")]
    now[0] = 10.0
    writer.add(outcome("e", 1))  # ten seconds since the last commit
    assert store.batches[-1] == (["d-0", "d-1", "d-2", "e-0"], "proposed")
    writer.add(outcome("f", 1))
    writer.flush()
    writer.flush()  # nothing pending: no empty transaction
    assert [claims for claims, _ in store.batches] == [["a-0", "a-1", "c-0"], ["d-0", "d-1", "d-2", "e-0"], ["f-0"]]
    assert writer.added == 8


def test_a_batch_stores_in_input_order_and_counts_the_new(tmp_path, articles, fake_gazetteer, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 4)
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 3600)
    db = tmp_path / "f.db"
    with Store.open(db) as store:
        transactions = []
        add = store.add
        store.add = lambda claims, **options: transactions.append(len(claims)) or add(claims, **options)
        run = Batch(articles, fake_gazetteer, store=store, today=DAY, min_confidence=0, jobs=2)
        outcomes = list(run)
        assert run.added == 39 and store.count() == 39
        assert len(transactions) == 8 and sum(transactions) == 39  # 30 articles, 4 a transaction
        again = Batch(articles, fake_gazetteer, store=store, today=DAY, min_confidence=0, jobs=2)
        assert len(list(again)) == 30 and again.added == 0
    with sqlite3.connect(db) as conn:  # storage order
        ids = [row[0] for row in conn.execute("SELECT id FROM claims ORDER BY rowid")]
    assert ids == [claim.id for o in outcomes for claim in o.claims]


def test_parquet_output_is_a_file_per_partition_in_order(tmp_path, articles, fake_gazetteer, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(pipeline, "PARQUET_PARTITION", 12)
    out = tmp_path / "out"
    run = Batch(articles, fake_gazetteer, output=out, today=DAY, min_confidence=0, jobs=2)
    outcomes = list(run)
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    ids = [i for f in files for i in pq.read_table(f).column("id").to_pylist()]
    assert ids == [claim.id for o in outcomes for claim in o.claims] and run.added == 39
    table = pq.read_table(files[0])
    assert table.schema.field("claim_date").type == "date32[day]" and table.column("lat").type == "double"


def test_the_overrides_reach_every_article(tmp_path, articles, fake_gazetteer):
    items = expand(articles[:10])
    found = list(extract_batch(items, fake_gazetteer, job(overrides=Overrides(source="Wire")), jobs=2))
    assert {c.source for o in found for c in o.claims} == {"Wire"}
