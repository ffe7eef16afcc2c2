#!/usr/bin/env python
"""How build and query costs grow with corpus size: 1M, 10M and 100M tokens (issue 7).

Corpora, all from Stalin's collected works (../shared/data/corpora/stalin_works_ruts, 1,364,973 tokens):

* **1M** — a real build: ingest, normalization, tokenization, lemmatization and Parquet writing
  (``scripts/bench_build_stalin.py --keep``, run as a child process so that its peak RSS is its own);
* **10M, 100M** — copies of the 1M corpus (``scripts/bench_query.py``'s ``scale_corpus``: documents repeated
  with ids suffixed and years shifted; the annotation rows are copied, not recomputed), followed by the
  build's last step, the index compaction (:func:`corpus_tools.store.index.compact_index`). Their
  ``build_s`` / ``tok_s`` / ``peak_rss_mb`` are those of the copy (writing token parts, index parts and
  documents, then sorting the index into one file), **not** of annotation; ``build_kind`` says which.

For each size: ``tokens``, ``build_s``, ``tok_s``, ``peak_rss_mb`` (of the build or copy process),
``disk_mb`` (the corpus folder), and the medians of repeated warm runs of KWIC of a lemma (first 100 lines),
frequency by year and collocations of the same lemma (``kwic_s``, ``freq_year_s``, ``collocates_s``; first
runs in ``*_first_s``). Targets (issue 7, 100M tokens): ≤ 0.3 s, ≤ 1 s, ≤ 5 s; (issue 3, 10M): ≤ 0.1 s,
≤ 0.3 s, ≤ 1 s.

Usage:
    python scripts/bench_scale.py [--sizes 1,10,100] [--workers N] [--stalin DIR] [--dir DIR] [--repeat 5]
                                  [--json PATH] [--markdown PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "stalin_works.tar.xz"

LEMMA = "кулак"
#: Stalin corpus tokens (a real build); copies for each target size are ceil(size / this).
BASE_TOKENS = 1_364_973
TARGETS = {"1": (1_000_000, "real build"), "10": (10_000_000, "copy"), "100": (100_000_000, "copy")}
#: Issue targets at 10M (issue 3) and 100M (issue 7) tokens.
LIMITS = {"10": {"kwic_s": 0.1, "freq_year_s": 0.3, "collocates_s": 1.0},
          "100": {"kwic_s": 0.3, "freq_year_s": 1.0, "collocates_s": 5.0}}


def _du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _child_peak(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; return (seconds, peak RSS in MB of that child alone, from ``wait4``)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return took, usage.ru_maxrss / 1024  # KiB on Linux


def bench_queries(path: Path, repeat: int) -> dict:
    """KWIC, freq-by-year and collocation timings — ``scripts/bench_query.py``'s ``bench``, without keywords."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_query import bench

    out = bench(path, repeat, jobs=("kwic", "freq_year", "collocates"))
    return {k: v for k, v in out.items() if k not in ("corpus", "tokens")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100", help="comma-separated sizes in millions of tokens: 1, 10, 100")
    ap.add_argument("--workers", type=int, default=1, help="annotation processes of the real build")
    ap.add_argument("--stalin", type=Path, help="reuse this Stalin corpus instead of building (no build_s then)")
    ap.add_argument("--dir", type=Path, help="write the corpora here (default: a temporary folder, removed)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in TARGETS]
    if bad:
        ap.error(f"unknown size(s) {bad}; use 1, 10, 100")
    if args.stalin is None and not DATA.exists():
        print(f"data not found: {DATA} — skipping (this script needs ../shared/data)")
        return 0

    work = args.dir or Path(tempfile.mkdtemp(prefix="bench_scale-", dir=os.environ.get("TMPDIR")))
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    try:
        base = args.stalin
        base_row: dict = {"size": "1", "build_kind": "real build"}
        if base is None:
            base = work / "stalin_1m.corpus"
            if base.exists():
                shutil.rmtree(base)
            took, rss = _child_peak([sys.executable, str(ROOT / "scripts" / "bench_build_stalin.py"), "--keep",
                                     str(base), "--workers", str(args.workers)])
            base_row.update(build_s=round(took, 1), peak_rss_mb=round(rss), workers=args.workers)
        else:
            base_row.update(build_s=None, peak_rss_mb=None, build_kind="reused (not timed)")
        base_tokens = json.loads((base / "corpus.json").read_text(encoding="utf-8"))["counts"]["tokens"]
        for size in sizes:
            if size == "1":
                row, path = dict(base_row), base
            else:
                target, _ = TARGETS[size]
                factor = -(-target // base_tokens)
                path = work / f"stalin_x{factor}.corpus"
                if path.exists():
                    shutil.rmtree(path)
                code = ("import sys; from pathlib import Path; sys.path[:0] = [sys.argv[4], sys.argv[5]]; "
                        "from bench_query import scale_corpus; "
                        "scale_corpus(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])); "
                        "from corpus_tools.store.index import compact_index; compact_index(Path(sys.argv[2]))")
                took, rss = _child_peak([sys.executable, "-c", code, str(base), str(path), str(factor), str(ROOT),
                                         str(ROOT / "scripts")])
                row = {"size": size, "build_kind": f"copy x{factor}", "build_s": round(took, 1),
                       "peak_rss_mb": round(rss)}
            meta = json.loads((path / "corpus.json").read_text(encoding="utf-8"))
            row["tokens"] = meta["counts"]["tokens"]
            row["documents"] = meta["counts"]["documents"]
            row["tok_s"] = round(row["tokens"] / row["build_s"]) if row.get("build_s") else None
            row["disk_mb"] = round(_du_mb(path), 1)
            row.update(bench_queries(path, args.repeat))
            row["load_avg"] = round(os.getloadavg()[0], 2)
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if size != "1" and args.dir is None:
                shutil.rmtree(path, ignore_errors=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)

    cols = ["tokens", "build_kind", "build_s", "tok_s", "peak_rss_mb", "disk_mb", "kwic_s", "freq_year_s",
            "collocates_s", "load_avg"]
    lines = ["| " + " | ".join(cols) + " | targets (kwic/freq/coll) |", "|" + "---|" * (len(cols) + 1)]
    for r in results:
        cells = [f"{r[c]:,}" if c == "tokens" else ("—" if r.get(c) is None else str(r[c])) for c in cols]
        lim = LIMITS.get(r["size"])
        target = " / ".join(f"≤{lim[k]}" for k in ("kwic_s", "freq_year_s", "collocates_s")) if lim else "—"
        lines.append("| " + " | ".join(cells) + f" | {target} |")
    table = "\n".join(lines)
    print(f"\nquery: {LEMMA!r}; medians of {args.repeat} warm runs; load_avg = 1-minute load average after the "
          f"size's runs (2-core machine)\n\n{table}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(
            f"Output of `python scripts/bench_scale.py --sizes {args.sizes} --repeat {args.repeat}`; query "
            f"{LEMMA!r}, medians of warm runs.\n\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
