#!/usr/bin/env python
"""Annotation throughput on Stalin's collected works (≥ 1M tokens): our pipeline vs spaCy stock vs stanza.

The archive ../shared/data/corpora/stalin_works_ruts/stalin_works.tar.xz (ruTS) is unpacked in memory (its
7-line headers dropped); nothing is copied into the project. Systems, one core each, same texts:

* ``ours`` — ``corpus_tools.annotate.get_annotator().annotate`` end to end (normalization, tokenizer, sentences,
  lemma/POS/feats/OOV with the context model), per document; a first pass warms the caches (its time is
  reported as ``ours_cold_s``), the timed passes follow;
* ``spacy_stock`` — ``spacy.blank("ru")`` + its ``lemmatizer`` in pymorphy3 mode, ``nlp.pipe`` over the texts;
* ``stanza`` — a stanza pipeline from a local model folder, one torch thread: ``--stanza-dir DIR``, else
  ``STANZA_RESOURCES_DIR``, else the folder ``scripts/train_stanza_bench.py`` writes
  (``~/.cache/corpus_tools/stanza_ru_bench``: stanza's neural tokenizer, POS tagger and seq2seq lemmatizer trained
  offline on UD Russian dev files), else a *tiny* dictionary-only lemmatizer trained here in seconds (no
  tokenizer/POS model: it only measures stanza's overhead plus a dictionary look-up; labelled so in the output
  and in ``stanza_model``). Two measurements on the same documents:

  - ``pipeline`` — what a stanza user runs: ``stanza.Pipeline(processors="tokenize[,pos],lemma")`` from the
    folder on the raw texts (``bulk_process``); only when the folder has a tokenizer model;
  - ``backend`` — :class:`corpus_tools.annotate.stanza_backend.StanzaAnnotator`, i.e. a build with
    ``--backend stanza`` (adds our normalization, ``norm``/``oov`` columns and offsets; with no tokenizer model
    stanza gets our tokens).

  ``stanza_tok_s`` is ``pipeline`` when available, else ``backend`` (``stanza_config`` says which). stanza is
  slow, so it runs on the first documents holding ``--stanza-words`` whitespace-separated words (default 50,000;
  0 = all); the document count and stanza's own token count are reported — rates are tokens/s, so comparable.
  Reported as unavailable when stanza is not installed.

Timings are medians of ``--repeats`` passes. ``tokens`` is our token count; each system's rate uses its own
token count. ``peak_rss_mb`` is the process's peak resident memory after our pipeline's passes (before the
baselines run). ``ours_tok_s`` is the warm rate (caches filled by the first pass); ``ours_cold_tok_s`` is the
first pass, which is what a one-time build of this text costs. The load average is printed: other processes on
the machine slow every system alike but make the absolute rates noisy, so the ``*_cpu_tok_s`` keys give the
same rates over this process's CPU time.

Usage:
    python scripts/bench_annotate.py [--json PATH] [--repeats N] [--limit-docs N] [--stanza-dir DIR]
                                     [--stanza-words N] [--stanza-repeats N]
"""
from __future__ import annotations

import argparse
import json
import logging
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
STANZA_BENCH_DIR = Path.home() / ".cache" / "corpus_tools" / "stanza_ru_bench"     # scripts/train_stanza_bench.py


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


def time_passes(fn, repeats: int) -> tuple[float, int, float]:
    """Median wall-clock seconds, token count and median CPU seconds (this process) of ``repeats`` passes."""
    times, cpus, n = [], [], 0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        n = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(times), n, statistics.median(cpus)


def bench_ours(texts: list[str], repeats: int) -> dict:
    from corpus_tools.annotate import get_annotator

    ann = get_annotator("ru")

    def run() -> int:
        return sum(len(ann.annotate(t)["i"]) for t in texts)

    t0, c0 = time.perf_counter(), time.process_time()
    run()
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    secs, n, cpu = time_passes(run, repeats)
    return {"tokens": n, "seconds": secs, "cpu": cpu, "cold_seconds": cold, "cold_cpu": cold_cpu}


def spacy_stock():
    """spaCy's stock Russian pipeline: ``blank("ru")`` and its lemmatizer in pymorphy3 mode."""
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.initialize()
    return nlp


def bench_spacy(texts: list[str], repeats: int) -> dict:
    nlp = spacy_stock()

    def run() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))

    secs, n, cpu = time_passes(run, repeats)
    return {"tokens": n, "seconds": secs, "cpu": cpu}


_WORKER: dict = {}


def _load_worker(system: str) -> None:
    """Pool initializer: load one system in this worker process (not timed)."""
    if system == "ours":
        from corpus_tools.annotate import get_annotator

        ann = get_annotator("ru")
        ann.annotate("Загрузка.")                      # loads the models; caches stay (almost) empty
        _WORKER["run"] = lambda t: len(ann.annotate(t)["i"])
    else:
        nlp = spacy_stock()
        _WORKER["run"] = lambda t: len(nlp(t))


def _count(text: str) -> int:
    return _WORKER["run"](text)


def bench_parallel(texts: list[str], system: str, workers: int) -> dict:
    """One first pass over ``texts`` on ``workers`` fresh processes (documents handed out in order, one at a
    time, as ``build --workers N`` does); the models load before the clock starts."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_load_worker, initargs=(system,)) as pool:
        pool.map(_count, ["Разогрев."] * workers, chunksize=1)     # wait until every worker has loaded
        t0 = time.perf_counter()
        n = sum(pool.imap(_count, texts, chunksize=1))
        secs = time.perf_counter() - t0
    return {"tokens": n, "seconds": secs, "workers": workers}


def stanza_prefix(texts: list[str], words: int) -> list[str]:
    """The first documents holding at least ``words`` whitespace-separated words (all when ``words`` is 0)."""
    if not words:
        return texts
    out, n = [], 0
    for t in texts:
        if n >= words:
            break
        out.append(t)
        n += len(t.split())
    return out


def stanza_model_dir(arg: str | None) -> tuple[str | None, str]:
    """(folder, label): --stanza-dir, $STANZA_RESOURCES_DIR, the benchmark folder, else None (tiny fallback)."""
    for folder in (arg, os.environ.get("STANZA_RESOURCES_DIR"),
                   str(STANZA_BENCH_DIR) if (STANZA_BENCH_DIR / "resources.json").exists() else None):
        if folder:
            info = Path(folder) / "TRAINING.json"
            if info.exists():
                meta = json.loads(info.read_text(encoding="utf-8"))
                parts = ", ".join(k for k in ("tokenize", "pos", "lemma") if k in meta.get("models", {}))
                charlm = " + charlm" if meta.get("charlm") else ""
                return folder, (f"locally trained stanza {parts}{charlm} ({meta.get('train_words', '?'):,} words "
                                f"of UD Russian dev; scripts/train_stanza_bench.py) in {folder}")
            return folder, f"local stanza model folder {folder}"
    return None, "TINY dict-only lemmatizer (300 GSD dev sentences; no tokenizer/POS model) - not a real pipeline"


def bench_stanza(texts: list[str], repeats: int, model_dir: str | None) -> dict | None:
    try:
        import stanza
        import torch
    except ImportError:
        return None
    import tempfile

    from corpus_tools.annotate.stanza_backend import StanzaAnnotator, pipeline_options, train_dict_lemmatizer

    torch.set_num_threads(1)                   # one core, like the other systems
    model_dir, label = stanza_model_dir(model_dir)
    tmp = None
    if not model_dir:
        gsd = ROOT / ".." / "shared" / "data" / "ud" / "UD_Russian-GSD" / "ru_gsd-ud-dev.conllu"
        if not gsd.exists():
            return None
        tmp = tempfile.TemporaryDirectory()
        model_dir = tmp.name
        train_dict_lemmatizer(gsd, model_dir, sentences=300)
    ann = StanzaAnnotator(model_dir=model_dir)
    result: dict = {"model": label, "documents": len(texts)}
    if not ann.pretokenized:
        kw = pipeline_options(ann.models)
        nlp = stanza.Pipeline("ru", dir=str(model_dir), download_method=None, use_gpu=False,
                              logging_level="ERROR", allow_unknown_language=True, **kw)
        logging.getLogger("stanza").setLevel(logging.WARNING)     # its data loaders log every batch at DEBUG

        def run_pipeline() -> int:
            docs = nlp.bulk_process(texts)
            return sum(len(s.words) for d in docs for s in d.sentences)

        secs, n, cpu = time_passes(run_pipeline, repeats)
        result["pipeline"] = {"tokens": n, "seconds": secs, "cpu": cpu, "processors": kw["processors"]}

    def run_backend() -> int:
        return sum(len(ann.annotate(t)["i"]) for t in texts)

    ann.annotate(texts[0][:2000])               # load the Pipeline and our analyzer outside the timing
    secs, n, cpu = time_passes(run_backend, repeats)
    result["backend"] = {"tokens": n, "seconds": secs, "cpu": cpu}
    if tmp is not None:
        tmp.cleanup()
    result["config"] = "pipeline" if "pipeline" in result else "backend"
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the headline numbers here")
    ap.add_argument("--repeats", type=int, default=3, help="timed passes per system (median reported)")
    ap.add_argument("--limit-docs", type=int, default=None, help="only the first N documents (quick check)")
    ap.add_argument("--stanza-dir", default=None, help=f"stanza model folder (default: $STANZA_RESOURCES_DIR, "
                    f"else {STANZA_BENCH_DIR} when it exists, else a tiny model trained on the fly)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for the parallel first pass of ours and spaCy stock (default: CPU count; 0: skip)")
    ap.add_argument("--stanza-repeats", type=int, default=1, help="timed passes for stanza")
    ap.add_argument("--stanza-words", type=int, default=50_000, help="stanza runs on the first documents holding "
                    "this many whitespace-separated words (0: all documents)")
    args = ap.parse_args(argv)
    if not ARCHIVE.exists():
        print(f"data not found: {ARCHIVE} — skipping (this script needs ../shared/data)")
        return 0
    texts = read_texts(ARCHIVE, args.limit_docs)
    load_before = os.getloadavg()
    ours = bench_ours(texts, args.repeats)
    rss = peak_rss_mb()
    spacy_r = bench_spacy(texts, args.repeats)
    par = {}
    if args.workers > 0:
        par = {system: bench_parallel(texts, system, args.workers) for system in ("ours", "spacy")}
    stanza_r = bench_stanza(stanza_prefix(texts, args.stanza_words), args.stanza_repeats, args.stanza_dir)
    load_after = os.getloadavg()

    def rate(r: dict | None) -> float | None:
        return None if r is None else round(r["tokens"] / r["seconds"])

    out = {
        "tokens": ours["tokens"],
        "documents": len(texts),
        "ours_tok_s": rate(ours),
        "ours_cold_s": round(ours["cold_seconds"], 2),
        "ours_cold_tok_s": round(ours["tokens"] / ours["cold_seconds"]),
        "spacy_stock_tok_s": rate(spacy_r),
        "spacy_stock_tokens": spacy_r["tokens"],
        "stanza_tok_s": rate(stanza_r[stanza_r["config"]]) if stanza_r else "unavailable",
        "stanza_model": stanza_r["model"] if stanza_r else None,
        "stanza_config": ({"pipeline": "stanza.Pipeline(" + stanza_r.get("pipeline", {}).get("processors", "") +
                           ") on raw text", "backend": "StanzaAnnotator (--backend stanza)"}[stanza_r["config"]]
                          if stanza_r else None),
        "stanza_documents": stanza_r["documents"] if stanza_r else None,
        "stanza_tokens": stanza_r[stanza_r["config"]]["tokens"] if stanza_r else None,
        "stanza_pipeline_tok_s": rate(stanza_r.get("pipeline")) if stanza_r else None,
        "stanza_backend_tok_s": rate(stanza_r["backend"]) if stanza_r else None,
        "loadavg_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "peak_rss_mb": round(rss, 1),
        # CPU seconds of this process (less sensitive than wall time to other jobs on a loaded machine)
        "ours_cpu_tok_s": round(ours["tokens"] / ours["cpu"]),
        "ours_cold_cpu_tok_s": round(ours["tokens"] / ours["cold_cpu"]),
        "spacy_stock_cpu_tok_s": round(spacy_r["tokens"] / spacy_r["cpu"]),
        "stanza_cpu_tok_s": (round(stanza_r[stanza_r["config"]]["tokens"] / stanza_r[stanza_r["config"]]["cpu"])
                             if stanza_r else "unavailable"),
        "repeats": args.repeats,
    }
    if par:
        out["workers"] = args.workers
        out["ours_workers_cold_tok_s"] = rate(par["ours"])
        out["spacy_stock_workers_tok_s"] = rate(par["spacy"])
    ratio = out["ours_tok_s"] / out["spacy_stock_tok_s"]
    print(f"Annotation throughput, Stalin works: {len(texts)} documents, {ours['tokens']:,} tokens (ours), "
          f"one core, median of {args.repeats}")
    print(f"{'system':28} {'tokens':>10} {'tok/s':>10}")
    print(f"{'ours (end to end, warm)':28} {ours['tokens']:>10,} {out['ours_tok_s']:>10,}")
    print(f"{'ours (first pass, cold)':28} {ours['tokens']:>10,} {round(ours['tokens'] / ours['cold_seconds']):>10,}")
    print(f"{'spaCy blank(ru)+pymorphy3':28} {spacy_r['tokens']:>10,} {out['spacy_stock_tok_s']:>10,}")
    if stanza_r:
        for key, name in (("pipeline", "stanza Pipeline, raw text"), ("backend", "stanza via --backend stanza")):
            if key in stanza_r:
                r = stanza_r[key]
                mark = " *" if key == stanza_r["config"] else ""
                print(f"{name:28} {r['tokens']:>10,} {rate(r):>10,}{mark}")
    else:
        print(f"{'stanza':28} {'':>10} {'unavailable':>10}")
    if par:
        print(f"{'ours, first pass, ' + str(args.workers) + ' proc.':28} {par['ours']['tokens']:>10,} "
              f"{out['ours_workers_cold_tok_s']:>10,}")
        print(f"{'spaCy stock, ' + str(args.workers) + ' proc.':28} {par['spacy']['tokens']:>10,} "
              f"{out['spacy_stock_workers_tok_s']:>10,}")
        print(f"{args.workers} processes, first pass: ours / spaCy stock on {args.workers} processes "
              f"{out['ours_workers_cold_tok_s'] / out['spacy_stock_workers_tok_s']:.1f}x, ours / spaCy stock on one "
              f"{out['ours_workers_cold_tok_s'] / out['spacy_stock_tok_s']:.1f}x")
    print(f"ours / spaCy stock: {ratio:.1f}x warm, {out['ours_cold_tok_s'] / out['spacy_stock_tok_s']:.1f}x first "
          f"pass; peak RSS after ours: {rss:.0f} MB")
    if stanza_r:
        print(f"ours / stanza (* = stanza_tok_s, {out['stanza_config']}): "
              f"{out['ours_tok_s'] / out['stanza_tok_s']:.1f}x warm, "
              f"{out['ours_cold_tok_s'] / out['stanza_tok_s']:.1f}x first pass; stanza on the first "
              f"{stanza_r['documents']} documents, one torch thread; model: {stanza_r['model']}")
    print(f"by CPU time of this process: ours {out['ours_cpu_tok_s']:,} warm, {out['ours_cold_cpu_tok_s']:,} first "
          f"pass; spaCy stock {out['spacy_stock_cpu_tok_s']:,}; first pass / spaCy "
          f"{out['ours_cold_cpu_tok_s'] / out['spacy_stock_cpu_tok_s']:.1f}x, warm / spaCy "
          f"{out['ours_cpu_tok_s'] / out['spacy_stock_cpu_tok_s']:.1f}x")
    print(f"load average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
