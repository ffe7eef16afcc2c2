#!/usr/bin/env python
"""How build and query costs grow with corpus size: real builds of 1M, 10M and 100M tokens (issue 7).

Every size is a **real build** through ``corpus-tools build`` (``python -m corpus_tools build SRC -o DIR
--workers N --silent``, the code ``ct.build`` runs): ingest, normalization, tokenization, lemmatization,
Parquet token and index parts, the index sort, documents. The sources come from Stalin's collected works
(../shared/data/corpora/stalin_works_ruts/stalin_works.tar.xz, 1,243 documents, 1,364,973 tokens; read in
place, never copied into the project):

* **1M** — the works themselves (one JSONL file, as ``scripts/bench_build_stalin.py`` writes it);
* **10M, 100M** — the works replicated ``k`` = ceil(size / 1,364,973) times (8 and 74): copy ``c`` of each
  document gets the id ``cNNN/<id>`` and keeps its metadata (year included); one JSONL file per copy in a
  temporary input folder under ``--tmp`` (default ``/tmp``), removed afterwards. The texts repeat, so the
  annotator meets no new words after the first copy (its word caches stay at the works' vocabulary): a real
  archive of that size has a larger vocabulary.

For each size: ``tokens``, ``documents``, ``workers``, ``build_s`` (wall clock of the build command),
``tok_s``, ``peak_rss_mb`` — the most the build held **at once**: the largest sum of the resident set sizes
of the build process and all its children (annotation processes, the index sort) sampled every 0.05 s from
``/proc`` (``scripts/memtree.py``; pages a forked child shares with its parent are counted in both, so this
is an upper bound), ``peak_pss_mb`` (the same sum of proportional set sizes: shared pages counted once),
``max_single_rss_mb`` (the kernel's ``ru_maxrss`` of the largest single process, a cross-check),
``peak_procs``, ``disk_mb`` (the corpus folder), ``peak_tmp_disk_mb`` (the largest size of the build's temporary
folder, sampled every 2 s), and the medians of repeated warm runs of KWIC of a lemma
(first 100 lines), frequency by year and collocations of the same lemma (``kwic_s``, ``freq_year_s``,
``collocates_s``; first runs in ``*_first_s``), and the 1/5/15-minute load averages before the build and after
the queries (the machine has 2 cores shared with other jobs). Targets (issue 7, 100M tokens): ≤ 0.3 s,
≤ 1 s, ≤ 5 s; (issue 3, 10M): ≤ 0.1 s, ≤ 0.3 s, ≤ 1 s.

Usage:
    python scripts/bench_scale.py [--sizes 1,10,100] [--workers 1] [--big-workers 2] [--tmp /tmp] [--keep]
                                  [--repeat 5] [--json PATH] [--markdown PATH] [--update]

``--update`` keeps the rows of other sizes already in ``--json`` (so 1M and 10M can be run before 100M) and
writes the Markdown table from all of them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "stalin_works.tar.xz"

from memtree import TreeMemory  # noqa: E402

LEMMA = "кулак"
#: Tokens of the Stalin works; copies for each size are ceil(size / this).
BASE_TOKENS = 1_364_973
TARGETS = {"1": 1_000_000, "10": 10_000_000, "100": 100_000_000}
#: Issue targets at 10M (issue 3) and 100M (issue 7) tokens.
LIMITS = {"10": {"kwic_s": 0.1, "freq_year_s": 0.3, "collocates_s": 1.0},
          "100": {"kwic_s": 0.3, "freq_year_s": 1.0, "collocates_s": 5.0}}
#: The memory cap of issue 7, MiB.
CAP_MB = 1536


def folder_mb(path: Path) -> float:
    """Size of the files under ``path`` in MB (10^6 bytes); files removed while it walks are skipped."""
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            try:
                total += os.stat(os.path.join(dirpath, f)).st_size
            except OSError:  # removed while walking (a build's temporary folder)
                pass
    return total / 1e6


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def write_sources(base_jsonl: Path, folder: Path, copies: int) -> Path:
    """``copies`` JSONL files in ``folder``: every document of ``base_jsonl`` with the id ``cNNN/<id>``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = base_jsonl.read_text(encoding="utf-8").splitlines()
    for c in range(copies):
        with open(folder / f"copy-{c:03d}.jsonl", "w", encoding="utf-8") as f:
            for line in lines:
                doc = json.loads(line)
                doc["id"] = f"c{c:03d}/{doc['id']}"
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return folder


class TempDisk:
    """Samples, every ``every`` seconds on a thread, the size of the build's temporary folders
    (``.NAME.tmp-*`` beside ``out``: token parts, index parts, the sort's spill and range files)."""

    def __init__(self, out: Path, every: float = 2.0) -> None:
        self.out, self.every, self.peak_mb = out, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            size = sum(folder_mb(tmp) for tmp in self.out.parent.glob(f".{self.out.name}.tmp-*"))
            self.peak_mb = max(self.peak_mb, size)
            self._stop.wait(self.every)

    def __enter__(self) -> "TempDisk":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_build(src: Path, out: Path, workers: int) -> dict:
    """``python -m corpus_tools build SRC -o OUT --workers N --silent`` with its process tree and temporary
    disk sampled."""
    cmd = [sys.executable, "-m", "corpus_tools", "build", str(src), "-o", str(out), "--workers", str(workers),
           "--silent"]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    with TreeMemory(proc.pid) as mem, TempDisk(out) as disk:
        _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise subprocess.CalledProcessError(code, cmd)
    return {"build_s": round(took, 1), "peak_rss_mb": round(mem.peak_rss_mb), "peak_pss_mb": round(mem.peak_pss_mb),
            "max_single_rss_mb": round(usage.ru_maxrss / 1024), "peak_procs": mem.peak_procs,
            "memory_samples": mem.samples, "peak_tmp_disk_mb": round(disk.peak_mb)}


def bench_queries(path: Path, repeat: int) -> dict:
    """KWIC, freq-by-year and collocation timings — ``scripts/bench_query.py``'s ``bench``, without keywords."""
    from bench_query import bench

    out = bench(path, repeat, jobs=("kwic", "freq_year", "collocates"))
    return {k: v for k, v in out.items() if k not in ("corpus", "tokens")}


def table(results: list[dict]) -> str:
    cols = ["tokens", "documents", "workers", "build_s", "tok_s", "peak_rss_mb", "peak_pss_mb", "disk_mb",
            "peak_tmp_disk_mb", "kwic_s", "freq_year_s", "collocates_s", "load_before", "load_after"]
    lines = ["| " + " | ".join(cols) + " | targets (kwic/freq/coll) |", "|" + "---|" * (len(cols) + 1)]
    for r in results:
        cells = []
        for c in cols:
            v = r.get(c)
            if v is None:
                cells.append("—")
            elif c in ("tokens", "documents", "tok_s", "peak_rss_mb", "peak_pss_mb", "peak_tmp_disk_mb"):
                cells.append(f"{v:,}")
            elif c.startswith("load"):
                cells.append(" / ".join(str(x) for x in v))
            else:
                cells.append(str(v))
        lim = LIMITS.get(r["size"])
        target = " / ".join(f"≤{lim[k]}" for k in ("kwic_s", "freq_year_s", "collocates_s")) if lim else "—"
        lines.append("| " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100", help="comma-separated sizes in millions of tokens: 1, 10, 100")
    ap.add_argument("--workers", type=int, default=1, help="annotation processes of the 1M build (default 1)")
    ap.add_argument("--big-workers", type=int, default=2, help="annotation processes of the 10M/100M builds")
    ap.add_argument("--tmp", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")),
                    help="where the sources and corpora are written (default /tmp); needs ~10 GB free for 100M (sources, corpus and the build's temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and sources (default: removed)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--update", action="store_true", help="keep the other sizes' rows already in --json")
    args = ap.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in TARGETS]
    if bad:
        ap.error(f"unknown size(s) {bad}; use 1, 10, 100")
    if not DATA.exists():
        print(f"data not found: {DATA} — skipping (this script needs ../shared/data)")
        return 0
    from bench_build_stalin import to_jsonl

    work = Path(tempfile.mkdtemp(prefix="bench_scale-", dir=args.tmp))
    results: list[dict] = []
    try:
        base = work / "stalin_works.jsonl"
        to_jsonl(DATA, base)
        for size in sizes:
            copies = 1 if size == "1" else -(-TARGETS[size] // BASE_TOKENS)
            workers = args.workers if size == "1" else args.big_workers
            src = base if copies == 1 else write_sources(base, work / f"src_x{copies}", copies)
            out = work / f"stalin_x{copies}.corpus"
            row: dict = {"size": size, "build_kind": "real build" + (f", copies x{copies}" if copies > 1 else ""),
                         "copies": copies, "workers": workers, "load_before": _load()}
            print(f"size {size}M: {copies} cop{'y' if copies == 1 else 'ies'}, {workers} worker(s), load "
                  f"{row['load_before']}", flush=True)
            row.update(run_build(src, out, workers))
            meta = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
            row["tokens"] = meta["counts"]["tokens"]
            row["documents"] = meta["counts"]["documents"]
            row["content_hash"] = meta["content_hash"]
            row["software"] = meta.get("software")
            row["tok_s"] = round(row["tokens"] / row["build_s"])
            row["disk_mb"] = round(folder_mb(out), 1)
            row.update(bench_queries(out, args.repeat))
            row["load_after"] = _load()
            row["under_cap"] = row["peak_rss_mb"] <= CAP_MB
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if not args.keep:
                shutil.rmtree(out, ignore_errors=True)
                if src != base:
                    shutil.rmtree(src, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    if args.update and args.json and args.json.exists():
        done = {r["size"] for r in results}
        old = [r for r in json.loads(args.json.read_text(encoding="utf-8")) if r["size"] not in done]
        results = sorted(old + results, key=lambda r: int(r["size"]))
    text = table(results)
    print(f"\nquery: {LEMMA!r}; medians of {args.repeat} warm runs; peak_rss_mb = largest sum of RSS of the build "
          f"process and its children at one time (sampled every 0.05 s); load = 1/5/15-minute load averages "
          f"(2-core machine)\n\n{text}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(
            f"Output of `python scripts/bench_scale.py {' '.join(sys.argv[1:])}`"
            + (" (rows of other sizes kept from the earlier JSON)" if args.update else "")
            + f" (1M: {args.workers} worker(s); 10M, 100M: `--workers {args.big_workers}`); query "
            f"{LEMMA!r}, medians of {args.repeat} warm runs. Every row is a real build (`python -m corpus_tools "
            "build SRC -o DIR --workers N --silent`); 10M and 100M replicate the Stalin works 8 and 74 times "
            "under new ids. `peak_rss_mb`: the largest sum of the resident set sizes of the build process and "
            "all its children (annotation workers, index sort) at one moment, sampled every 0.05 s from /proc "
            "(shared pages counted in each process: an upper bound); `peak_pss_mb`: the same with proportional "
            "set sizes. load: 1/5/15-minute load averages of the 2-core machine before the build and after "
            f"the queries.\n\n{text}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
