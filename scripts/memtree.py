"""Peak memory of a process *and its children at the same time*, sampled from ``/proc`` (Linux).

``ru_maxrss`` gives the peak of one process (or of the largest child with ``RUSAGE_CHILDREN``), never what a
parent and its workers hold together. :class:`TreeMemory` samples, every ``interval`` seconds in a thread, the
whole tree under a pid (``/proc/PID/task/*/children``, recursively) and keeps the largest sums seen:

* ``peak_rss_mb`` — the sum of the processes' resident set sizes (``/proc/PID/statm``); pages shared between
  a parent and its forked children are counted once per process, so this is an upper bound of what the
  tree holds;
* ``peak_pss_mb`` — the sum of their proportional set sizes (``/proc/PID/smaps_rollup``: a shared page
  counts 1/n in each of the n processes that map it), i.e. what the machine actually holds for the tree;
* ``peak_procs`` — the most processes seen at once.

A spike shorter than ``interval`` can be missed; ``max_single_rss_mb`` (``ru_maxrss`` of the root and of its
largest waited-for child, from the kernel) is reported beside it as a cross-check for single processes.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

__all__ = ["TreeMemory", "tree_pids"]

_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants alive now (``/proc/PID/task/TID/children``)."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
        pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
        return rss, pss
    except (OSError, ValueError, IndexError):  # the process ended between listing and reading
        return 0, 0


class TreeMemory:
    """Sample the memory of the process tree under ``pid`` (default: this process) in a thread.

    Use as a context manager; afterwards read ``peak_rss_mb``, ``peak_pss_mb`` and ``peak_procs``.
    """

    def __init__(self, pid: int | None = None, *, interval: float = 0.05, trace: list | None = None) -> None:
        self.pid = os.getpid() if pid is None else pid
        self.trace = trace  # when a list: (seconds, {pid: rss MiB}) appended at every sample
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self.peak_procs = 0
        self.samples = 0
        self._t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        pids = tree_pids(self.pid)
        rss = pss = 0
        each = {}
        for p in pids:
            r, s = _rss_pss(p)
            rss += r
            pss += s
            each[p] = round(r / 2**20)
        if self.trace is not None:
            self.trace.append((round(time.perf_counter() - self._t0, 2), each))
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.peak_procs = max(self.peak_procs, len(pids))
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def start(self) -> "TreeMemory":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> "TreeMemory":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss / 2**20

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 2**20


def _main() -> int:  # pragma: no cover - a manual tool: python scripts/memtree.py CMD ...
    import subprocess
    import sys

    t = time.perf_counter()
    trace: list | None = [] if os.environ.get("MEMTREE_TRACE") else None
    proc = subprocess.Popen(sys.argv[1:])
    with TreeMemory(proc.pid, trace=trace) as mem:
        proc.wait()
    if trace:
        with open(os.environ["MEMTREE_TRACE"], "w") as f:
            for at, each in trace:
                f.write(f"{at}\t{sum(each.values())}\t{each}\n")
    print(f"{time.perf_counter() - t:.1f} s; peak RSS of the tree {mem.peak_rss_mb:.0f} MB, PSS "
          f"{mem.peak_pss_mb:.0f} MB, {mem.peak_procs} process(es) at most, {mem.samples} samples",
          file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(_main())
