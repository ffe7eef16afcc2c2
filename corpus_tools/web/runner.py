"""Run one request's analysis in a worker thread with its own DuckDB connection and a time limit.

Each job opens the corpus afresh (a :class:`~corpus_tools.store.corpus.Corpus` is cheap to open: one JSON file
and two views), so a job never shares a connection with another request, and a job that runs past its time
limit is stopped with DuckDB's ``interrupt()`` on exactly that connection. Python work after the SQL (building
contexts, resampling) cannot be interrupted; it is bounded instead by the page and export limits in
:mod:`corpus_tools.web.params`.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import CorpusToolsError
from ..store.corpus import Corpus

__all__ = ["BusyError", "QueryTimeoutError", "Runner"]

T = TypeVar("T")


class QueryTimeoutError(CorpusToolsError):
    """A request's analysis ran past the time limit and was stopped."""


class BusyError(CorpusToolsError):
    """Too many long analyses are running at once."""


class Runner:
    """Runs jobs ``fn(corpus) -> result`` in a small thread pool, each on a fresh corpus connection.

    Parameters
    ----------
    corpus_path : path
        The corpus directory.
    timeout : float
        Seconds a job may run before its DuckDB query is interrupted and the request answered with an error.
    workers : int
        Threads in the pool (jobs beyond this wait their turn).
    """

    def __init__(self, corpus_path: str | os.PathLike, *, timeout: float, workers: int = 4) -> None:
        self.corpus_path = Path(corpus_path)
        self.timeout = float(timeout)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="corpus-web")
        # Heavy jobs (term tracking: seconds of numpy work that interrupt() cannot stop) run one at a time.
        self.heavy = threading.BoundedSemaphore(1)

    def _job(self, fn: Callable[[Corpus], T], holder: dict) -> T:
        corpus = Corpus.open(self.corpus_path)
        holder["corpus"] = corpus
        try:
            return fn(corpus)
        finally:
            holder.pop("corpus", None)
            corpus.close()

    async def run(self, fn: Callable[[Corpus], T], *, timeout: float | None = None, heavy: bool = False) -> T:
        """Run ``fn(corpus)`` in the pool; raise :class:`QueryTimeoutError` after ``timeout`` seconds."""
        limit = self.timeout if timeout is None else float(timeout)
        if heavy and not self.heavy.acquire(blocking=False):
            raise BusyError("another long analysis is running; try again in a moment")
        holder: dict[str, Any] = {}
        future = self.pool.submit(self._job, fn, holder)
        if heavy:
            future.add_done_callback(lambda _f: self.heavy.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=limit)
        except (asyncio.TimeoutError, TimeoutError):
            corpus = holder.get("corpus")
            if corpus is not None and corpus._con is not None:
                corpus._con.interrupt()  # stops the running DuckDB query of this job only
            raise QueryTimeoutError(
                f"the analysis took longer than {limit:g} s and was stopped; narrow the query (add a word, a "
                "date range or a filter) or use a sample"
            ) from None

    def run_sync(self, fn: Callable[[Corpus], T], *, timeout: float | None = None) -> T:
        """Blocking twin of :meth:`run` (for scripts and tests)."""
        return asyncio.run(self.run(fn, timeout=timeout))

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
