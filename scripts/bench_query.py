#!/usr/bin/env python
"""Query speed on real and scaled corpora: KWIC, frequency by year, collocations, keywords.

Corpora: Stalin's works (built by ``scripts/bench_build_stalin.py --keep DIR``, or built here) and the same
corpus scaled to at least 10M tokens by repeating its documents with shifted years and prefixed ids (written directly as
Parquet: the annotation is copied, not recomputed, since only query speed is measured here).

Timings are medians of repeated runs on a warm connection (the first run, which reads Parquet metadata, is
reported separately as ``*_first_s``). Targets (issue 3): at 10M tokens KWIC of a lemma (first 100 lines)
≤ 0.1 s, freq-by-year ≤ 0.3 s, collocations of a lemma ≤ 1 s.

Usage:
    python scripts/bench_query.py [--stalin DIR] [--scale 8] [--repeat 5] [--json PATH] [--markdown PATH]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "stalin_works.tar.xz"

LEMMA = "кулак"


def scale_corpus(src: Path, dst: Path, factor: int) -> None:
    """Write ``dst``: ``factor`` copies of ``src``'s documents, copy k shifted by k years, ids prefixed
    ``kNNN/`` (as batches of a real archive differ in their id prefix: volume, issue, date).

    The annotation is copied, not recomputed. Rows are written in the layout a build writes (token parts
    sorted by ``doc_id, i`` with their index parts, documents sorted by ``doc_id``), one part at a time.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from corpus_tools.store import layout
    from corpus_tools.store.index import write_parquet, write_token_part

    (dst / layout.TOKENS_DIR).mkdir(parents=True)
    parts = sorted((src / layout.TOKENS_DIR).glob("part-*.parquet"))
    docs = pq.read_table(src / layout.DOCUMENTS_FILE)
    n = 0
    with pq.ParquetWriter(dst / layout.DOCUMENTS_FILE, layout.DOCUMENT_SCHEMA, compression="zstd") as out:
        for k in range(factor):
            prefix = f"k{k:03d}/"
            d = docs.set_column(docs.schema.get_field_index("doc_id"), "doc_id",
                                pc.binary_join_element_wise(pa.scalar(prefix), docs["doc_id"], ""))
            d = d.set_column(d.schema.get_field_index("year"), "year", pc.add(d["year"], pa.scalar(k, pa.int32())))
            for col in ("date_start", "date_end"):
                vals = [None if x is None else x.replace(year=x.year + k) if not (x.month == 2 and x.day == 29)
                        else x.replace(year=x.year + k, day=28) for x in d[col].to_pylist()]
                d = d.set_column(d.schema.get_field_index(col), col, pa.array(vals, pa.date32()))
            out.write_table(d.sort_by("doc_id").cast(layout.DOCUMENT_SCHEMA),
                            row_group_size=layout.DOC_ROW_GROUP_ROWS)
            for part in parts:
                t = pq.read_table(part)
                t = t.set_column(0, "doc_id", pc.binary_join_element_wise(pa.scalar(prefix), t["doc_id"], ""))
                write_token_part(t, dst, n)
                n += 1
    meta = json.loads((src / layout.CORPUS_JSON).read_text(encoding="utf-8"))
    meta["counts"] = {k: v * factor for k, v in meta["counts"].items() if isinstance(v, int)}
    meta["years"] = [meta["years"][0], meta["years"][1] + factor - 1]
    meta["content_hash"] = f"scaled-{factor}x-{meta['content_hash']}"
    (dst / layout.CORPUS_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    from corpus_tools.store.index import compact_index

    compact_index(dst)  # like a real build: one sorted index file


def timed(fn, repeat: int) -> tuple[float, float]:
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return first, statistics.median(runs)


JOBS = ("kwic", "freq_year", "collocates", "keywords")


def bench(path: Path, repeat: int, *, jobs: tuple[str, ...] = JOBS) -> dict:
    """``{corpus, tokens, <job>_s, <job>_first_s}`` for the named jobs (medians of warm runs)."""
    import corpus_tools as ct

    corpus = ct.Corpus.open(path)
    tokens = corpus.meta["counts"]["tokens"]
    out: dict = {"corpus": path.name, "tokens": tokens}
    calls = {
        "kwic": lambda: corpus.kwic(LEMMA, limit=100),
        "freq_year": lambda: corpus.freq(LEMMA, by="year"),
        "collocates": lambda: corpus.collocates(LEMMA),
        "keywords": lambda: corpus.keywords(target="1929-1933", reference="1917-1927", min_freq=5),
    }
    for name, fn in ((n, calls[n]) for n in jobs):
        first, med = timed(fn, repeat)
        out[f"{name}_s"] = round(med, 4)
        out[f"{name}_first_s"] = round(first, 4)
    corpus.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stalin", type=Path, help="an existing Stalin corpus (from bench_build_stalin.py --keep)")
    ap.add_argument("--scale", type=int, default=8, help="copies for the scaled corpus (default 8 → ~11M tokens)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stalin = args.stalin
        if stalin is None:
            if not DATA.exists():
                print(f"data not found: {DATA} — skipping (this script needs ../shared/data)")
                return 0
            stalin = Path(tmp) / "stalin.corpus"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_build_stalin.py"), "--keep", str(stalin)],
                           check=True, stdout=subprocess.DEVNULL)
        scaled = Path(tmp) / f"stalin_x{args.scale}.corpus"
        scale_corpus(stalin, scaled, args.scale)
        results = [bench(stalin, args.repeat), bench(scaled, args.repeat)]
    cols = ["corpus", "tokens", "kwic_s", "freq_year_s", "collocates_s", "keywords_s"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        lines.append("| " + " | ".join(f"{r[c]:,}" if c == "tokens" else str(r[c]) for c in cols) + " |")
    table = "\n".join(lines)
    print(f"query: {LEMMA!r}; medians of {args.repeat} warm runs (first-run times in the JSON)\n\n{table}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(f"Output of `python scripts/bench_query.py --scale {args.scale} --repeat "
                                 f"{args.repeat}`; query {LEMMA!r}, medians of warm runs.\n\n{table}\n",
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
