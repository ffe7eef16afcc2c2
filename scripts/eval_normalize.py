"""Evaluate pre-1918 spelling normalization on Riga newspaper OCR (1915–1919).

Measures the share of Cyrillic word tokens that pymorphy3's dictionary knows (a) raw, (b) after the
``prereform2modern`` package (baseline), (c) after ``corpus_tools.normalize.norm_form`` with the document's
``has_prereform`` flag, on the same seeded sample of tokens; plus the speed of (b) and (c) (median of
``--runs`` runs, caches cleared before each run). Two last rows run the whole pipeline and are therefore on
their own token counts: ``normalize_text`` + ``norm_form`` (``normalize_text`` joins line-break hyphens and
repairs Latin look-alikes before tokenizing), and the annotation a build makes (the document's language
detected as in ``corpus-tools build``, then :func:`corpus_tools.annotate.annotate_document`): the share of
Cyrillic word tokens that get a Russian dictionary lemma (``lang`` ru, ``oov`` false), and the share sent to
the Kazakh model (``lang`` kk; none of these newspapers has Kazakh text, so every such token is an error).

Usage::

    python scripts/eval_normalize.py [--sample 50000] [--seed 0] [--runs 3] [--json PATH]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    ROOT / ".." / "shared" / "data" / "corpora" / "latvian_periodicals_ocr_1915_1919"
).resolve()

_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile("[\u0400-\u052f]")


def _words(text: str) -> list[str]:
    """Letter runs that contain at least one Cyrillic letter."""
    return [w for w in _WORD_RE.findall(text) if _CYRILLIC_RE.search(w)]


def _time_median(fn: Callable[[], object], runs: int, reset: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        reset()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def annotated_shares(docs: list[str]) -> tuple[float, float, int]:
    """Shares of Cyrillic word tokens annotated with a Russian dictionary lemma, and as Kazakh; token count."""
    from corpus_tools.annotate import annotate_document
    from corpus_tools.documents import Document
    from corpus_tools.normalize import detect_language

    known = kazakh = n = 0
    for k, text in enumerate(docs):
        lang = detect_language(text, by_sentence=True)           # as corpus-tools build settles a language
        doc = Document(doc_id=str(k), text=text, language=lang if lang in ("ru", "kk", "mixed") else "ru")
        cols = annotate_document(doc)
        for form, oov, lang in zip(cols["form"], cols["oov"], cols["lang"]):
            if _CYRILLIC_RE.search(form) and _WORD_RE.search(form):
                n += 1
                known += lang == "ru" and not oov
                kazakh += lang == "kk"
    return known / n, kazakh / n, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=50_000, help="word tokens to sample (0 = all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3, help="timing runs (the median is reported)")
    parser.add_argument("--json", type=Path, help="write the headline numbers to this file")
    args = parser.parse_args(argv)

    files = sorted(DATA.rglob("*.plain.txt")) if DATA.is_dir() else []
    if not files:
        print(f"data not found, skipping: {DATA}")
        return 0

    try:
        from prereform2modern.transliterator import Transliterator
    except ImportError:
        print("the baseline prereform2modern is not installed: pip install '.[eval]'")
        return 1

    if str(ROOT) not in sys.path:  # run from a checkout without installing the package
        sys.path.insert(0, str(ROOT))

    from corpus_tools.normalize import has_prereform, norm_form, normalize_text
    from corpus_tools.normalize._morph import is_known
    from corpus_tools.normalize.hyphenation import keep_hyphen
    from corpus_tools.normalize.prereform import modernize_word

    docs = [f.read_text(encoding="utf-8") for f in files]
    flags = [has_prereform(d) for d in docs]
    tokens = [(w, flag) for d, flag in zip(docs, flags) for w in _words(d)]
    sample = tokens if not args.sample or args.sample >= len(tokens) else random.Random(args.seed).sample(
        tokens, args.sample
    )
    words = [w for w, _ in sample]

    def baseline() -> list[str]:
        return [Transliterator.transliterate(w, print_log=False) for w in words]

    def ours() -> list[str]:
        return [norm_form(w, prereform=flag) for w, flag in sample]

    def reset() -> None:
        modernize_word.cache_clear()
        is_known.cache_clear()
        keep_hyphen.cache_clear()

    def share_known(forms: list[str]) -> float:
        return sum(is_known(f) for f in forms) / len(forms)

    known_raw = share_known(words)
    known_base = share_known(baseline())
    known_ours = share_known(ours())
    t_base = _time_median(baseline, args.runs, reset)
    t_ours = _time_median(ours, args.runs, reset)

    pipeline_forms = []
    for d in docs:
        nt = normalize_text(d)
        pipeline_forms += [norm_form(w, prereform=nt.prereform) for w in _words(nt.text)]
    known_pipeline = share_known(pipeline_forms)
    annotated, annotated_kk, n_annotated = annotated_shares(docs)

    n = len(sample)
    rows = [
        ("raw (lower-cased)", known_raw, None, n),
        ("prereform2modern (baseline)", known_base, n / t_base, n),
        ("corpus_tools norm_form", known_ours, n / t_ours, n),
        ("corpus_tools normalize_text + norm_form", known_pipeline, None, len(pipeline_forms)),
        ("corpus_tools annotation (as a build)", annotated, None, n_annotated),
    ]
    print(f"Riga newspaper OCR 1915–1919: {len(docs)} documents, {sum(flags)} flagged pre-reform, "
          f"{len(tokens)} Cyrillic word tokens, sample {n} (seed {args.seed})")
    print(f"{'method':<42} {'known':>8} {'words/s':>10} {'tokens':>8}")
    for name, share, speed, count in rows:
        speed_s = f"{speed:,.0f}" if speed else "–"
        print(f"{name:<42} {share:>8.1%} {speed_s:>10} {count:>8}")
    print(f"(words/s: median of {args.runs} runs, caches cleared before each run)")
    print(f"annotation: {annotated_kk:.2%} of the Cyrillic word tokens were sent to the Kazakh model "
          "(all wrong: the newspapers are Russian)")

    if args.json:
        args.json.write_text(json.dumps({
            "known_raw": round(known_raw, 4),
            "known_prereform2modern": round(known_base, 4),
            "known_ours": round(known_ours, 4),
            "known_ours_pipeline": round(known_pipeline, 4),
            "known_ours_annotation": round(annotated, 4),
            "kazakh_ours_annotation": round(annotated_kk, 4),
            "words": n,
            "ours_words_s": round(n / t_ours),
            "prereform2modern_words_s": round(n / t_base),
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
