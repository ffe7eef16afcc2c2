"""Annotation on a Dask cluster (``build(..., scheduler="tcp://HOST:PORT")``, ``pip install corpus_tools[dask]``).

The workers run the same per-document annotation function as a one-process build; results come back in
source order and are written by the calling process, so the corpus (and its content hash) is the same as
a one-process build. Workers need corpus_tools (same version) installed; no shared filesystem is needed.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from ..errors import CorpusToolsError

__all__ = ["BATCH_DOCS", "annotate_on_dask"]

#: Documents sent to the cluster per batch; two batches are kept in flight so workers never wait.
BATCH_DOCS = 64


def _client(scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise CorpusToolsError(
            "--scheduler needs Dask: pip install 'corpus_tools[dask]' (or pip install 'dask[distributed]')"
        ) from None
    try:
        return Client(scheduler, timeout="10s", set_as_default=False)
    except OSError as exc:
        raise CorpusToolsError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it with: dask scheduler"
        ) from None


def annotate_on_dask(docs: Iterator[Any], fn: Callable[[Any], Any], scheduler: str) -> Iterator[Any]:
    """Apply ``fn`` to every document on the cluster at ``scheduler``; yield the results in input order."""
    client = _client(scheduler)
    try:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=30)
        in_flight: deque = deque()
        while True:
            batch = list(islice(docs, BATCH_DOCS))
            if batch:
                in_flight.append(client.map(fn, batch, pure=False))
            if not in_flight:
                return
            if batch and len(in_flight) < 2:
                continue
            futures = in_flight.popleft()
            yield from client.gather(futures)
            del futures
    finally:
        client.close()
