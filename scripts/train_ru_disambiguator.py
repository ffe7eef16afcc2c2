#!/usr/bin/env python
"""Train the Russian lemma disambiguator (corpus_tools/annotate/ru/disambiguator.json.gz) on UD dev files.

Training data: the dev files of UD_Russian-GSD, UD_Russian-Taiga and UD_Russian-Poetry in ../shared/data/ud
(CC BY-SA 4.0) — never the test files, which ``scripts/eval_lemmas.py`` reports on. Gold tokens go through the
same code as the pipeline (:meth:`Pipeline.word_infos`); every token with more than one candidate lemma, the
gold lemma among its allowed candidates and a wrong one among them too gives one group of candidate rows.
The model is a conditional logit (softmax over a token's candidates; the likelihood of the gold candidates'
total probability) with an L2 penalty, fitted by L-BFGS over the hashed features of
:mod:`corpus_tools.annotate.ru.disambiguate`; weights are written rounded to 4 decimals.

``--holdout NAME`` leaves one dev file out of training and prints the lemma accuracy on it (non-PUNCT words,
case- and ё-folded) beside the context-free default: use it to compare feature sets without the test files.

Usage:
    python scripts/train_ru_disambiguator.py [--out PATH] [--l2 1.0] [--files gsd,taiga,poetry] [--holdout NAME]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
UD = ROOT / ".." / "shared" / "data" / "ud"
DEV = {
    "gsd": UD / "UD_Russian-GSD" / "ru_gsd-ud-dev.conllu",
    "taiga": UD / "UD_Russian-Taiga" / "ru_taiga-ud-dev.conllu",
    "poetry": UD / "UD_Russian-Poetry" / "ru_poetry-ud-dev.conllu",
}


def groups(pipeline, path: Path):
    """``(request, labels)`` for every trainable ambiguous token of ``path``; labels: candidate lemma is gold."""
    from corpus_tools.annotate.ru.disambiguate import neighbours
    from corpus_tools.annotate.ru.ud import fold_lemma, read_conllu

    for sent in read_conllu(path):
        toks = [w.form for w in sent]
        sents = [0] * len(toks)
        _, modes, infos = pipeline.word_infos(toks, sents)
        for k, w in enumerate(sent):
            info = infos[k]
            if not info.ambiguous or w.upos == "PUNCT":
                continue
            gold = fold_lemma(w.lemma)
            labels = [c.lemma == gold for c in info.cands]
            if not any(labels) or all(labels):
                continue
            yield (info, modes[k], *neighbours(infos, sents, k)), labels


def design(requests: list, labels: list) -> tuple:
    """Sparse design matrix (hashed feature indices), gold flags and group starts over the allowed rows."""
    from scipy import sparse

    from corpus_tools.annotate.ru.disambiguate import HASH_BITS, CandTable, Ranker, context_indices

    probe = Ranker(np.zeros(1 << HASH_BITS, dtype=np.float32))
    tables, nb, starts = probe.rows(requests)
    cat = [np.concatenate([getattr(tb, f) for tb in tables]) for f in CandTable._fields[1:8]]
    cidx, active = context_indices(*cat[:6], nb)
    static = [idx for tb in tables for idx in tb.static_idx]
    allowed = cat[6]
    gold = np.concatenate([np.asarray(lab, dtype=bool) for lab in labels])
    group = np.repeat(np.arange(len(tables)), [len(tb.static) for tb in tables])
    # keep groups whose allowed rows hold a gold and a non-gold candidate
    ok_gold = np.bincount(group, weights=gold & allowed, minlength=len(tables)) > 0
    ok_bad = np.bincount(group, weights=~gold & allowed, minlength=len(tables)) > 0
    keep = allowed & (ok_gold & ok_bad)[group]
    rows_idx = []
    for r in np.flatnonzero(keep).tolist():
        rows_idx.append(np.concatenate([static[r], cidx[r][active[r]]]))
    lens = np.asarray([len(x) for x in rows_idx])
    indptr = np.concatenate([[0], np.cumsum(lens)])
    X = sparse.csr_matrix((np.ones(indptr[-1]), np.concatenate(rows_idx), indptr), shape=(len(rows_idx), 1 << HASH_BITS))
    X.sum_duplicates()
    g = group[keep]
    gstarts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    return X, gold[keep], gstarts


def fit_listwise(X, gold: np.ndarray, starts: np.ndarray, l2: float) -> np.ndarray:
    """Weights minimising the conditional-logit loss ``sum_g -log P(gold | g) + l2/2 |w|^2`` (L-BFGS).

    References
    ----------
    McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior.
    Liu, D. C., Nocedal, J. (1989). On the limited memory BFGS method for large scale optimization.
    Mathematical Programming 45, 503-528.
    """
    from scipy.optimize import minimize

    used = np.unique(X.indices)
    Xc = X[:, used].tocsr()
    n = Xc.shape[0]
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n)))

    def seg_lse(s: np.ndarray) -> np.ndarray:
        m = np.maximum.reduceat(s, starts)
        m = np.where(np.isfinite(m), m, 0.0)
        return m + np.log(np.add.reduceat(np.exp(s - m[group]), starts))

    def f(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = Xc @ w
        lse_all = seg_lse(s)
        sg = np.where(gold, s, -np.inf)
        lse_gold = seg_lse(sg)
        p = np.exp(s - lse_all[group])
        q = np.where(gold, np.exp(sg - lse_gold[group]), 0.0)
        loss = float((lse_all - lse_gold).sum()) + 0.5 * l2 * float(w @ w)
        grad = Xc.T @ (p - q) + l2 * w
        return loss, grad

    res = minimize(f, np.zeros(Xc.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = np.zeros(X.shape[1], dtype=np.float32)
    w[used] = res.x
    return w


def dev_accuracy(pipeline, path: Path) -> float:
    """Lemma accuracy of ``pipeline`` on a dev file (non-PUNCT words, folded), gold tokens."""
    from corpus_tools.annotate.ru.ud import fold_lemma, read_conllu

    right = total = 0
    for sent in read_conllu(path):
        lemmas = pipeline.analyze_tokens([w.form for w in sent], [0] * len(sent))["lemma"]
        for w, lemma in zip(sent, lemmas):
            if w.upos != "PUNCT":
                total += 1
                right += fold_lemma(w.lemma) == lemma
    return 100.0 * right / total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the shipped path)")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty")
    ap.add_argument("--files", default="gsd,taiga,poetry", help="dev files to train on")
    ap.add_argument("--holdout", default=None, help="dev file left out of training and scored")
    args = ap.parse_args(argv)

    names = [n for n in args.files.split(",") if n != args.holdout]
    missing = [str(DEV[n]) for n in names + ([args.holdout] if args.holdout else []) if not DEV[n].exists()]
    if missing:
        print(f"UD data not available: {', '.join(missing)}; nothing to train.", file=sys.stderr)
        return 1
    from corpus_tools.annotate.ru import Pipeline
    from corpus_tools.annotate.ru.disambiguate import MODEL_PATH, Ranker

    t0 = time.perf_counter()
    pipeline = Pipeline(use_ranker=False)
    requests, labels = [], []
    for name in names:
        n0 = len(requests)
        for req, lab in groups(pipeline, DEV[name]):
            requests.append(req)
            labels.append(lab)
        print(f"{name}: {len(requests) - n0} ambiguous tokens")
    X, gold, starts = design(requests, labels)
    print(f"{X.shape[0]} candidate rows in {len(starts)} groups, {len(np.unique(X.indices))} features")
    w = fit_listwise(X, gold, starts, args.l2)
    ranker = Ranker(np.round(w, 4))
    if args.holdout:
        p = Pipeline(use_ranker=False)
        base = dev_accuracy(p, DEV[args.holdout])
        p._ranker = ranker
        acc = dev_accuracy(p, DEV[args.holdout])
        print(f"held-out {args.holdout} dev: lemma {acc:.2f}% (context-free default {base:.2f}%)")
    out = args.out or (None if args.holdout else MODEL_PATH)
    if out is not None:
        ranker.save(out)
        print(f"{int(np.count_nonzero(ranker.weights))} weights -> {out} ({out.stat().st_size / 1e6:.2f} MB)")
    print(f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
