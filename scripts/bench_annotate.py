#!/usr/bin/env python
"""Annotation throughput on Stalin's collected works (≥ 1M tokens): our pipeline vs spaCy stock vs stanza.

The archive ../shared/data/corpora/stalin_works_ruts/stalin_works.tar.xz (ruTS) is unpacked in memory (its
7-line headers dropped); nothing is copied into the project. Systems, one core each, same texts:

* ``ours`` — ``corpus_tools.annotate.get_annotator().annotate`` end to end (normalization, tokenizer, sentences,
  lemma/POS/feats/OOV with the context model), per document; a first pass warms the caches (its time is
  reported as ``ours_cold_s``), the timed passes follow;
* ``spacy_stock`` — ``spacy.blank("ru")`` + its ``lemmatizer`` in pymorphy3 mode, ``nlp.pipe`` over the texts;
* ``stanza`` — a stanza Pipeline (tokenize, lemma) from a local model folder when stanza is installed and
  ``STANZA_RESOURCES_DIR`` holds a Russian model; otherwise reported as unavailable.

Timings are medians of ``--repeats`` passes. ``tokens`` is our token count; each system's rate uses its own
token count. ``peak_rss_mb`` is the process's peak resident memory after our pipeline's passes (before the
baselines run).

Usage:
    python scripts/bench_annotate.py [--json PATH] [--repeats N] [--limit-docs N]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ARCHIVE = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "stalin_works.tar.xz"


def read_texts(archive: Path, limit: int | None = None) -> list[str]:
    texts: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile():
                raw = tar.extractfile(member).read().decode("utf-8")
                texts.append("\n".join(raw.split("\n")[8:]))     # 7 header lines and a blank line
                if limit and len(texts) >= limit:
                    break
    return texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0     # KiB on Linux


def time_passes(fn, repeats: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def bench_ours(texts: list[str], repeats: int) -> dict:
    from corpus_tools.annotate import get_annotator

    ann = get_annotator("ru")

    def run() -> int:
        return sum(len(ann.annotate(t)["i"]) for t in texts)

    t0 = time.perf_counter()
    run()
    cold = time.perf_counter() - t0
    secs, n = time_passes(run, repeats)
    return {"tokens": n, "seconds": secs, "cold_seconds": cold}


def bench_spacy(texts: list[str], repeats: int) -> dict:
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.initialize()

    def run() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))

    secs, n = time_passes(run, repeats)
    return {"tokens": n, "seconds": secs}


def bench_stanza(texts: list[str], repeats: int) -> dict | None:
    try:
        import stanza
    except ImportError:
        return None
    model_dir = os.environ.get("STANZA_RESOURCES_DIR")
    if not model_dir or not (Path(model_dir) / "ru").exists():
        return None
    nlp = stanza.Pipeline("ru", dir=model_dir, processors="tokenize,lemma", download_method=None, use_gpu=False)

    def run() -> int:
        return sum(len(s.words) for t in texts for s in nlp(t).sentences)

    secs, n = time_passes(run, 1)
    return {"tokens": n, "seconds": secs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the headline numbers here")
    ap.add_argument("--repeats", type=int, default=3, help="timed passes per system (median reported)")
    ap.add_argument("--limit-docs", type=int, default=None, help="only the first N documents (quick check)")
    args = ap.parse_args(argv)
    if not ARCHIVE.exists():
        print(f"data not found: {ARCHIVE} — skipping (this script needs ../shared/data)")
        return 0
    texts = read_texts(ARCHIVE, args.limit_docs)
    ours = bench_ours(texts, args.repeats)
    rss = peak_rss_mb()
    spacy_r = bench_spacy(texts, args.repeats)
    stanza_r = bench_stanza(texts, args.repeats)

    def rate(r: dict | None) -> float | None:
        return None if r is None else round(r["tokens"] / r["seconds"])

    out = {
        "tokens": ours["tokens"],
        "documents": len(texts),
        "ours_tok_s": rate(ours),
        "ours_cold_s": round(ours["cold_seconds"], 2),
        "spacy_stock_tok_s": rate(spacy_r),
        "spacy_stock_tokens": spacy_r["tokens"],
        "stanza_tok_s": rate(stanza_r) if stanza_r else "unavailable",
        "peak_rss_mb": round(rss, 1),
        "repeats": args.repeats,
    }
    ratio = out["ours_tok_s"] / out["spacy_stock_tok_s"]
    print(f"Annotation throughput, Stalin works: {len(texts)} documents, {ours['tokens']:,} tokens (ours), "
          f"one core, median of {args.repeats}")
    print(f"{'system':28} {'tokens':>10} {'tok/s':>10}")
    print(f"{'ours (end to end, warm)':28} {ours['tokens']:>10,} {out['ours_tok_s']:>10,}")
    print(f"{'ours (first pass, cold)':28} {ours['tokens']:>10,} {round(ours['tokens'] / ours['cold_seconds']):>10,}")
    print(f"{'spaCy blank(ru)+pymorphy3':28} {spacy_r['tokens']:>10,} {out['spacy_stock_tok_s']:>10,}")
    print(f"{'stanza':28} {'':>10} {str(out['stanza_tok_s']):>10}")
    print(f"ours / spaCy stock: {ratio:.1f}x; peak RSS after ours: {rss:.0f} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
