"""A batch of articles through extraction: read in partitions, extracted in this process,
on all cores or on a Dask cluster, and stored in input order by one writer.

The claims and their ids do not depend on where they were extracted: each article is
extracted alone, against the same gazetteer, with the same reference date; partitions come
back in their order, so the store receives the claims in the order of the input.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from geo.corpus import Item, expand
from geo.errors import OutputError
from geo.export import chunked, export_claims
from geo.ingest import Outcome, Overrides, confidence_floor, extract_outcome
from geo.workers import DaskCluster, InProcess, ProcessPool

# Articles per partition: a pool's task, and a cluster's (whose tasks cost more to send).
POOL_PARTITION = 8
CLUSTER_PARTITION = 100
PARQUET_PARTITION = 1000  # with --output-parquet, articles per Parquet file
# The writer commits the claims of this many finished articles at once, or of however many
# finished within this many seconds: a killed batch loses at most that much work.
BATCH_ARTICLES = 200
BATCH_SECONDS = 1.0


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """What the extraction of every partition needs but the resolver: sent to the workers."""

    today: dt.date
    floor: float
    overrides: Overrides = Overrides()
    output: str | None = None  # folder of Parquet files, one per partition, instead of a store


def extract_partition(number: int, items: Sequence[Item], resolve: Any, job: Job) -> list[Outcome]:
    """The outcomes of a partition's articles, in order. With ``job.output`` its kept
    claims are written to ``part-NUMBER.parquet`` there, replacing that file whole."""
    outcomes = [extract_outcome(item.name, functools.partial(item.read, job.overrides), resolve,
                                today=job.today, floor=job.floor) for item in items]
    if job.output is not None:
        export_claims((claim for outcome in outcomes for claim in outcome.claims), "parquet",
                      Path(job.output) / f"part-{number:06d}.parquet")
        outcomes = [dataclasses.replace(outcome, added=len(outcome.claims)) for outcome in outcomes]
    return outcomes


def extract_batch(items: Iterable[Item], resolve: Any, job: Job, *, jobs: int = 1,
                  scheduler: str | None = None) -> Iterator[Outcome]:
    """The outcome of every item, in order: in this process for ``jobs=1`` (or a batch of
    one partition), else in ``jobs`` processes, or on the Dask cluster at ``scheduler``
    (``"local"``: a LocalCluster of ``jobs`` workers)."""
    size = PARQUET_PARTITION if job.output else CLUSTER_PARTITION if scheduler else POOL_PARTITION
    partitions = enumerate(chunked(items, size))
    first = list(itertools.islice(partitions, 2))
    if scheduler is not None:
        runner: Any = DaskCluster(resolve, scheduler, jobs)
    elif jobs > 1 and len(first) > 1:
        runner = ProcessPool(resolve, jobs)
    else:
        runner = InProcess(resolve)
    with runner:
        for outcomes in runner.map(extract_partition, itertools.chain(first, partitions), job):
            yield from outcomes


class BatchWriter:
    """Stores the claims of finished articles, a batch of articles in one transaction, so
    that an article's claims are stored all together or not at all."""

    def __init__(self, store: Any, *, articles: int, seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._articles = articles
        self._seconds = seconds
        self._clock = clock
        self._pending: list = []
        self._count = 0
        self._since = clock()
        self.added = 0

    def add(self, outcome: Outcome) -> None:
        self._pending.extend(outcome.claims)
        self._count += 1
        if self._count >= self._articles or self._clock() - self._since >= self._seconds:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.added += self._store.add(self._pending, status="proposed")
        self._pending = []
        self._count = 0
        self._since = self._clock()


class Batch:
    """One ``ingest`` run over PATHs: iterate it for the outcomes, in input order, while the
    claims are stored (or written to Parquet files); ``added`` then counts the new ones.

    >>> run = Batch(["corpus.jsonl.zst"], CachedResolver(Gazetteer.load()), store=store, jobs=2)  # doctest: +SKIP
    >>> failed = sum(1 for outcome in run if outcome.error)                                         # doctest: +SKIP
    """

    def __init__(self, paths: Sequence[str], resolve: Any, *, store: Any = None, output: Path | None = None,
                 glob: str | None = None, overrides: Overrides = Overrides(), today: dt.date | None = None,
                 min_confidence: float | None = None, jobs: int = 1, scheduler: str | None = None,
                 stdin: BinaryIO | None = None) -> None:
        self._paths = paths
        self._resolve = resolve
        self._store = store
        self._glob = glob
        self._stdin = stdin
        self._jobs = jobs
        self._scheduler = scheduler
        self._job = Job(today or dt.date.today(), confidence_floor(min_confidence), overrides,
                        None if output is None else str(output))
        if output is not None:
            _make_folder(output)
        self.added = 0

    def __iter__(self) -> Iterator[Outcome]:
        items = expand(self._paths, glob=self._glob, stdin=self._stdin)
        writer = None if self._store is None else BatchWriter(self._store, articles=BATCH_ARTICLES,
                                                              seconds=BATCH_SECONDS)
        for outcome in extract_batch(items, self._resolve, self._job, jobs=self._jobs, scheduler=self._scheduler):
            if writer is not None:
                writer.add(outcome)
            self.added += outcome.added
            yield outcome
        if writer is not None:
            writer.flush()
            self.added = writer.added


def _make_folder(folder: Path) -> None:
    """The Parquet output folder: made if missing, in a folder that must exist."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write: {exc.strerror or exc}") from None
