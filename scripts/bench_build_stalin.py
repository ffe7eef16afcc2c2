#!/usr/bin/env python
"""Real-data check and first throughput figure: build Stalin's collected works (1,243 dated documents) and
print per-year frequencies of «кулак», «раскулачивание», «колхоз».

Source: ../shared/data/corpora/stalin_works_ruts/stalin_works.tar.xz (ruTS; see its README for rights). The
archive is unpacked into a temporary folder and converted to JSONL (the 7-line header becomes metadata); nothing
is copied into the project.

Beside our lemma queries the table shows, for the same years, the reference counts in
``term_counts_by_year.tsv`` (a word-initial regex on lower-cased raw text, computed independently of this
toolkit) and our wildcard queries that mirror that regex — the two should agree closely; differences point at
tokenization.

The build's peak memory is measured as what it holds at once: the largest sum of the resident set sizes of
this process and its children (the annotation worker, the index sort), sampled from /proc
(``scripts/memtree.py``).

Usage:
    python scripts/bench_build_stalin.py [--workers N] [--json PATH] [--markdown PATH] [--keep DIR]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts"

#: (label, our query, column of term_counts_by_year.tsv that counts the same words by regex)
QUERIES = [
    ("кулак (lemma)", "кулак", None),
    ("раскулачивание (lemma)", "раскулачивание", None),
    ("колхоз (lemma)", "колхоз", None),
    ("кулак*|кулац*", '[norm="(кулак|кулац).*"]', "кулак/кулац"),
    ("раскулач*", "раскулач*", "раскулач"),
    ("колхоз*", "колхоз*", "колхоз"),
]
HEADER_KEYS = {"Volume": "volume", "Year": "date", "Type": "doc_type", "Translation": "translation",
               "Source": "source", "Subject": "title", "Topic": "topic"}


def to_jsonl(archive: Path, out: Path) -> int:
    """Unpack the archive and write one JSON object per document (header → metadata, rest → text)."""
    n = 0
    with tarfile.open(archive) as tar, open(out, "w", encoding="utf-8") as f:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            raw = tar.extractfile(member).read().decode("utf-8")
            lines = raw.split("\n")
            head, body = lines[:7], "\n".join(lines[8:])  # 7 header lines (CRLF), a blank line, the text
            doc = {"id": member.name.split("/", 1)[1]}
            for line in head:
                key, _, value = line.partition(":")
                if key.strip() in HEADER_KEYS and value.strip():
                    doc[HEADER_KEYS[key.strip()]] = value.strip()
            doc["text"] = body
            doc["language"] = "ru"
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    return n


def reference_counts() -> dict[str, dict[int, int]]:
    path = DATA / "term_counts_by_year.tsv"
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["year"].isdigit()]  # drop the TOTAL row
    return {col: {int(r["year"]): int(r[col]) for r in rows} for _, _, col in QUERIES if col}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write the headline numbers here")
    ap.add_argument("--markdown", type=Path, help="write the report as Markdown here")
    ap.add_argument("--keep", type=Path, help="build the corpus here (default: a temporary folder)")
    args = ap.parse_args()
    archive = DATA / "stalin_works.tar.xz"
    if not archive.exists():
        print(f"data not found: {archive} — skipping (this script needs ../shared/data)")
        return 0

    import corpus_tools as ct

    ref = reference_counts()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stalin_works.jsonl"
        n_docs = to_jsonl(archive, src)
        out = args.keep or Path(tmp) / "stalin.corpus"
        from memtree import TreeMemory

        t0 = time.perf_counter()
        with TreeMemory() as mem:  # this process and its children (annotation workers, index sort) together
            corpus = ct.build([src], out, workers=args.workers)
        build_s = time.perf_counter() - t0
        info = corpus.info()
        rep = corpus.build_report
        tables = {}
        t1 = time.perf_counter()
        for label, query, _ in QUERIES:
            tables[label] = corpus.freq(query, by="year").set_index("period")
        freq_s = time.perf_counter() - t1
        years = sorted({y for t in tables.values() for y in t.index if t.loc[y, "tokens"] > 0})

        head = ["year", "docs", "words"] + [lab for lab, _, _ in QUERIES[:3]]
        head += [f"{lab} (ours / regex)" for lab, _, col in QUERIES if col]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for y in years:
            first = tables[QUERIES[0][0]].loc[y]
            cells = [str(y), str(int(first["docs_total"])), f"{int(first['tokens']):,}"]
            for lab, _, _ in QUERIES[:3]:
                r = tables[lab].loc[y]
                cells.append(f"{int(r['hits'])} ({r['per_million']:.0f} pm, {r['ci_low']:.0f}–{r['ci_high']:.0f})"
                             if r["hits"] else "0")
            for lab, _, col in QUERIES:
                if col:
                    cells.append(f"{int(tables[lab].loc[y, 'hits'])} / {ref[col].get(y, 0)}")
            lines.append("| " + " | ".join(cells) + " |")
        totals = {lab: int(t["hits"].sum()) for lab, t in tables.items()}
        tok_s = rep.tokens / build_s
        summary = [
            f"Documents: {info['documents']} of {n_docs} in the archive; problems: {len(rep.problems)}",
            f"Tokens: {rep.tokens:,} (words excluding punctuation: {info['words']:,})",
            f"Build: {build_s:.1f} s with {args.workers} worker(s) = {tok_s:,.0f} tokens/s "
            f"(ingest + normalization + tokenization + lemmatization + Parquet)",
            f"Peak memory of the build: {mem.peak_rss_mb:,.0f} MB (largest sum of the RSS of this process and its "
            f"children at one time, sampled every 0.05 s; PSS {mem.peak_pss_mb:,.0f} MB)",
            f"Six freq-by-year queries: {freq_s:.2f} s in total",
            "Totals: " + ", ".join(f"{k} {v}" for k, v in totals.items()),
        ]
        report = "\n".join(summary) + "\n\n" + "\n".join(lines) + "\n"
        print(report)
        if args.markdown:
            args.markdown.write_text(
                "Output of `python scripts/bench_build_stalin.py"
                + (f" --workers {args.workers}" if args.workers != 1 else "")
                + "`\n\n" + "\n".join(f"- {s}" for s in summary) + "\n\n" + "\n".join(lines) + "\n",
                encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps({
                "documents": info["documents"], "tokens": rep.tokens, "words": info["words"],
                "build_s": round(build_s, 2), "tok_s": round(tok_s), "workers": args.workers,
                "peak_rss_mb": round(mem.peak_rss_mb), "peak_pss_mb": round(mem.peak_pss_mb),
                "load_avg": [round(x, 2) for x in os.getloadavg()],
                "freq_year_s": round(freq_s / len(QUERIES), 4), "totals": totals,
            }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        corpus.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
