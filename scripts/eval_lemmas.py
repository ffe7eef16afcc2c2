#!/usr/bin/env python
"""Russian lemma accuracy on UD test files with gold tokens, beside pymorphy3 and spaCy baselines.

For each test file (GSD, Taiga, PUD, Poetry in ../shared/data/ud) the gold tokens of each sentence go through
the pipeline's own lemma code (:meth:`corpus_tools.annotate.ru.Pipeline.analyze_tokens`: conventions, unknown
words, the context model). Scored on non-PUNCT words, case- and ё-insensitively (issue 6):

* ``lemma`` — our pipeline; ``content_lemma`` — the same on NOUN/VERB/ADJ/PROPN (gold UPOS);
* ``default`` — our candidates without the context model (the context-free default reading);
* ``oracle`` — the gold lemma is among our candidates (after the convention layer);
* ``pymorphy_first`` — pymorphy3's first parse of the form;
* ``spacy_stock`` — ``spacy.blank("ru")`` + its ``lemmatizer`` in pymorphy3 mode over the gold tokens.

With ``--conventions`` it also prints, on the dev files, how often each convention rule's reading is the gold
lemma (the counts behind :mod:`corpus_tools.annotate.ru.conventions`).

Usage:
    python scripts/eval_lemmas.py [--json PATH] [--per-upos] [--conventions]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
UD = ROOT / ".." / "shared" / "data" / "ud"
TEST = {
    "gsd": UD / "UD_Russian-GSD" / "ru_gsd-ud-test.conllu",
    "taiga": UD / "UD_Russian-Taiga" / "ru_taiga-ud-test.conllu",
    "pud": UD / "UD_Russian-PUD" / "ru_pud-ud-test.conllu",
    "poetry": UD / "UD_Russian-Poetry" / "ru_poetry-ud-test.conllu",
}
DEV = {
    "gsd": UD / "UD_Russian-GSD" / "ru_gsd-ud-dev.conllu",
    "taiga": UD / "UD_Russian-Taiga" / "ru_taiga-ud-dev.conllu",
    "poetry": UD / "UD_Russian-Poetry" / "ru_poetry-ud-dev.conllu",
}
CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
SYSTEMS = ("lemma", "default", "oracle", "pymorphy_first", "spacy_stock")


def spacy_lemmatizer():
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.initialize()
    return nlp


def evaluate(path: Path, ours, plain, morph, nlp, fold) -> dict:
    """Per-system correct counts, overall and per gold UPOS, for one CoNLL-U file."""
    from spacy.tokens import Doc

    from corpus_tools.annotate.ru.ud import read_conllu

    sentences = list(read_conllu(path))
    toks = [w.form for s in sentences for w in s]
    sents = [k for k, s in enumerate(sentences) for _ in s]
    gold = [w for s in sentences for w in s]
    ours_lemmas = ours.analyze_tokens(toks, sents)["lemma"]
    plain_lemmas = plain.analyze_tokens(toks, sents)["lemma"]
    _, _, infos = ours.word_infos(toks, sents)
    spacy_lemmas: list[str] = []
    for s in sentences:
        doc = nlp(Doc(nlp.vocab, words=[w.form for w in s]))
        spacy_lemmas.extend(t.lemma_ for t in doc)
    total: Counter = Counter()
    correct: dict[str, Counter] = {name: Counter() for name in SYSTEMS}
    for k, w in enumerate(gold):
        if w.upos == "PUNCT":
            continue
        g = fold(w.lemma)
        groups = ("all", w.upos) + (("content",) if w.upos in CONTENT else ())
        hits = {
            "lemma": fold(ours_lemmas[k]) == g,
            "default": fold(plain_lemmas[k]) == g,
            "oracle": any(c.lemma == g for c in infos[k].cands),
            "pymorphy_first": fold(morph.parse(w.form)[0].normal_form) == g,
            "spacy_stock": fold(spacy_lemmas[k]) == g,
        }
        for grp in groups:
            total[grp] += 1
            for name, ok in hits.items():
                correct[name][grp] += ok
    return {"total": total, "correct": correct}


def pct(c: Counter, t: Counter, grp: str) -> float:
    return round(100.0 * c[grp] / t[grp], 2) if t[grp] else float("nan")


def convention_counts(ours, fold) -> Counter:
    """(rule, outcome) counts on the dev files: outcome ``gold`` when the rule's reading is the gold lemma."""
    from corpus_tools.annotate.ru.ud import read_conllu

    out: Counter = Counter()
    for path in DEV.values():
        sentences = list(read_conllu(path))
        toks = [w.form for s in sentences for w in s]
        sents = [k for k, s in enumerate(sentences) for _ in s]
        _, _, infos = ours.word_infos(toks, sents)
        gold = [w for s in sentences for w in s]
        for w, info in zip(gold, infos):
            g = fold(w.lemma)
            for rule in {c.rule for c in info.cands if c.rule}:
                lemmas = {c.lemma for c in info.cands if c.rule == rule}
                out[(rule, "gold" if g in lemmas else "other")] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the headline numbers here")
    ap.add_argument("--per-upos", action="store_true", help="print accuracy per gold UPOS")
    ap.add_argument("--conventions", action="store_true", help="print convention-rule counts on dev files")
    args = ap.parse_args(argv)
    missing = [str(p) for p in TEST.values() if not p.exists()]
    if missing:
        print(f"UD data not available ({', '.join(missing)}); skipping.", file=sys.stderr)
        return 0

    import pymorphy3

    from corpus_tools.annotate.ru import Pipeline
    from corpus_tools.annotate.ru.ud import fold_lemma

    t0 = time.perf_counter()
    ours, plain = Pipeline(), Pipeline(use_ranker=False)
    morph = pymorphy3.MorphAnalyzer(lang="ru")
    nlp = spacy_lemmatizer()
    results = {name: evaluate(path, ours, plain, morph, nlp, fold_lemma) for name, path in TEST.items()}

    head = f"{'file':8} {'words':>6} {'ours':>7} {'content':>8} {'no-ctx':>7} {'oracle':>7} {'pymorphy1':>9} " \
           f"{'spaCy':>7}"
    print("Lemma accuracy, UD test files, gold tokens, non-PUNCT, case/ё-insensitive (%)")
    print(head)
    print("-" * len(head))
    out: dict[str, dict] = {}
    for name, r in results.items():
        t, c = r["total"], r["correct"]
        row = {
            "lemma": pct(c["lemma"], t, "all"),
            "content_lemma": pct(c["lemma"], t, "content"),
            "oracle": pct(c["oracle"], t, "all"),
            "pymorphy_first": pct(c["pymorphy_first"], t, "all"),
            "spacy_stock": pct(c["spacy_stock"], t, "all"),
            "default": pct(c["default"], t, "all"),
            "content_oracle": pct(c["oracle"], t, "content"),
            "content_pymorphy_first": pct(c["pymorphy_first"], t, "content"),
            "words": t["all"],
            "per_upos": {u: {"n": t[u], "lemma": pct(c["lemma"], t, u),
                             "pymorphy_first": pct(c["pymorphy_first"], t, u)}
                         for u in sorted(k for k in t if k not in ("all", "content"))},
        }
        out[name] = row
        print(f"{name:8} {t['all']:>6} {row['lemma']:>7.2f} {row['content_lemma']:>8.2f} {row['default']:>7.2f} "
              f"{row['oracle']:>7.2f} {row['pymorphy_first']:>9.2f} {row['spacy_stock']:>7.2f}")
    if args.per_upos:
        for name, row in out.items():
            print(f"\n{name}: per gold UPOS (n, ours, pymorphy first)")
            for u, v in row["per_upos"].items():
                print(f"  {u:6} {v['n']:>6} {v['lemma']:>7.2f} {v['pymorphy_first']:>7.2f}")
    if args.conventions:
        counts = convention_counts(ours, fold_lemma)
        print("\nConvention rules on dev files: tokens where the rule applies, and where its reading is gold")
        for rule in sorted({r for r, _ in counts}):
            print(f"  {rule:18} applies {counts[(rule, 'gold')] + counts[(rule, 'other')]:>6}"
                  f"  gold {counts[(rule, 'gold')]:>5}")
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
