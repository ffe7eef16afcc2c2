#!/usr/bin/env python
"""Time and temporary disk of the index compaction at the end of a build: key range by key range (the
default) against one sort of everything (``range_rows=0``, the method before ranges), on one corpus.

For each method the corpus's ``index/`` is emptied (so the token parts are indexed from scratch, as for a
corpus carried over by ``--append``), :func:`corpus_tools.store.index.compact_index` runs in its child
process, and the size of ``index/`` (index parts, range files, DuckDB's spill folder, the result) is sampled
every second; both results are checked to hold the same rows in the same order (a hash over every row and
its row number). Writes JSON (``--json``) and a Markdown table (``--markdown``).

Usage:
    python scripts/bench_compact.py CORPUS [--json PATH] [--markdown PATH]

CORPUS is changed in place (its index is rewritten twice); use a copy, e.g. the ×74 Stalin corpus kept by
``scripts/bench_scale.py --keep``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from bench_scale import folder_mb  # noqa: E402


def run(corpus: Path, range_rows: int | None) -> dict:
    import duckdb

    from corpus_tools.store import layout
    from corpus_tools.store.index import compact_index

    index = corpus / layout.INDEX_DIR
    shutil.rmtree(index, ignore_errors=True)
    peak, stop = [0.0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], folder_mb(index) * 1e6 / 2**20)  # MiB, as the index file below
            time.sleep(1.0)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t = time.perf_counter()
    target = compact_index(corpus, range_rows=range_rows)
    seconds = time.perf_counter() - t
    stop.set()
    th.join()
    rows, digest = duckdb.connect().execute(
        "SELECT count(*), bit_xor(hash(file_row_number, key, doc_id, i, sent, start, \"end\", lemma, norm)) "
        f"FROM read_parquet('{target}', file_row_number = true)").fetchall()[0]
    return {"method": "key ranges" if range_rows is None else "one sort", "seconds": round(seconds, 1),
            "peak_index_dir_mb": round(peak[0]), "index_mb": round(target.stat().st_size / 2**20, 1),
            "rows": rows, "digest": str(digest), "load_after": [round(x, 2) for x in os.getloadavg()]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    import corpus_tools as ct

    tokens = ct.Corpus.open(args.corpus).meta["counts"]["tokens"]
    load = [round(x, 2) for x in os.getloadavg()]
    results = [run(args.corpus, None), run(args.corpus, 0)]
    same = results[0]["rows"] == results[1]["rows"] and results[0]["digest"] == results[1]["digest"]
    out = {"corpus": args.corpus.name, "tokens": tokens, "load_before": load, "same_rows": same,
           "results": results}
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        lines = [f"Output of `python scripts/bench_compact.py {args.corpus.name} …` on {tokens:,} tokens "
                 f"(load before {load}); same rows in the same order: {same}.", "",
                 "| method | seconds | peak size of index/ (MB) | index file (MB) | rows |", "|---|---|---|---|---|"]
        for r in results:
            lines.append(f"| {r['method']} | {r['seconds']} | {r['peak_index_dir_mb']:,} | {r['index_mb']} | "
                         f"{r['rows']:,} |")
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
