"""Where partitions of a batch are extracted: in this process, in a pool of local
processes that share the loaded gazetteer, or on a Dask cluster.

Every runner has one interface: ``map(fn, partitions, *args)`` calls
``fn(number, partition, resolve, *args)`` for each ``(number, partition)`` and yields the
results in partition order, with only a few partitions submitted ahead (memory stays flat
whatever the size of the batch). ``fn`` and its arguments must be picklable for the pool
and the cluster.
"""
from __future__ import annotations

import collections
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from geo.errors import GeoError, WorkerError

AHEAD = 4  # partitions submitted per worker beyond the one it runs: keeps workers busy
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler
_PR_SET_PDEATHSIG = 1

# The resolver of a pool's worker process, set once when the process starts.
_resolver: Any = None


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ordered(futures: Iterable[Any], ahead: int) -> Iterator[Any]:
    """The results of ``futures`` (anything with ``result()``) in their order, taking at most
    ``ahead`` of them from ``futures`` before the first result is handed on."""
    pending: collections.deque = collections.deque()
    for future in futures:
        pending.append(future)
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class InProcess:
    """Partitions extracted one after the other in this process."""

    def __init__(self, resolve: Any) -> None:
        self._resolve = resolve

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def map(self, fn: Callable, partitions: Iterable[tuple[int, Any]], *args: Any) -> Iterator[Any]:
        for number, partition in partitions:
            yield fn(number, partition, self._resolve, *args)


class ProcessPool:
    """``jobs`` worker processes forked from this one once the gazetteer is loaded: they
    share its index (copy-on-write pages) rather than each loading or building its own.
    Where fork is not to be had, the resolver is pickled to each spawned worker instead.

    Workers ignore SIGINT (Ctrl-C reaches the whole process group): this process stops them
    and keeps what was stored. On Linux a worker dies with this process, also when it is
    killed.
    """

    def __init__(self, resolve: Any, jobs: int) -> None:
        self._resolve = resolve
        self.jobs = jobs
        self._pool: Any = None

    def __enter__(self) -> ProcessPool:
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if sys.platform == "linux" else "spawn"
        self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=_start_worker, initargs=(self._resolve, os.getpid()))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def map(self, fn: Callable, partitions: Iterable[tuple[int, Any]], *args: Any) -> Iterator[Any]:
        from concurrent.futures.process import BrokenProcessPool

        futures = (self._pool.submit(_in_worker, fn, number, partition, *args) for number, partition in partitions)
        try:
            yield from ordered(futures, self.jobs * AHEAD)
        except BrokenProcessPool:
            raise WorkerError("a worker process died (killed, or out of memory); what was stored stays: "
                              "run the same command again to add the rest") from None


def _start_worker(resolve: Any, parent: int) -> None:
    global _resolver
    _resolver = resolve
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        # Die with the parent: a killed ingest must not leave its workers waiting forever.
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl
            os._exit(1)


def _in_worker(fn: Callable, number: int, partition: Any, *args: Any) -> Any:
    return fn(number, partition, _resolver, *args)


class DaskCluster:
    """Partitions extracted as tasks on a Dask cluster: the scheduler at ``address``, or a
    LocalCluster of ``jobs`` worker processes on 127.0.0.1 for ``"local"``. The resolver is
    sent once to every worker (scattered), so that all resolve as this process does."""

    def __init__(self, resolve: Any, address: str, jobs: int) -> None:
        self._resolve = resolve
        self.address = address
        self.jobs = jobs
        self._client: Any = None
        self._cluster: Any = None
        self._resolver: Any = None  # the resolver's future, on the cluster

    def __enter__(self) -> DaskCluster:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise WorkerError("--scheduler needs Dask: pip install 'frontline[dask]'") from None
        try:
            if self.address == "local":
                self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None,
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=CONNECT_TIMEOUT)
            self._resolver = self._client.scatter(self._resolve, broadcast=True, hash=False)
        except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: a LocalCluster that did not start
            self.__exit__()
            what = "start a LocalCluster" if self.address == "local" else f"reach the Dask scheduler at {self.address}"
            raise WorkerError(f"cannot {what}: {' '.join(str(exc).split())}") from None
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()

    def map(self, fn: Callable, partitions: Iterable[tuple[int, Any]], *args: Any) -> Iterator[Any]:
        from distributed import KilledWorker

        threads = max(1, sum(self._client.nthreads().values()))
        futures = (self._client.submit(fn, number, partition, self._resolver, *args, pure=False)
                   for number, partition in partitions)
        try:
            yield from ordered(futures, threads * AHEAD)
        except GeoError:
            raise
        except (KilledWorker, OSError, TimeoutError) as exc:
            raise WorkerError(f"the Dask cluster failed ({type(exc).__name__}: {exc}); what was stored stays: "
                              "run the same command again to add the rest") from None
