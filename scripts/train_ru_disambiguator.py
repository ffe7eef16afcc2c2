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

``--cv K`` runs K-fold cross-validation over the dev files (fold f holds out the f-th contiguous block of
sentences of every file) and writes no model; ``--errors PATH`` saves its wrong dev tokens for error analysis,
``--cv-l2``, ``--off`` and ``--weight`` compare penalties, feature templates and per-file loss weights.

Usage:
    python scripts/train_ru_disambiguator.py [--out PATH] [--l2 0.3] [--files gsd,taiga,poetry] [--holdout NAME]
    python scripts/train_ru_disambiguator.py --cv 5 [--errors PATH] [--cv-l2 0.3,1,3] [--off 14] [--weight taiga=2]
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
    from corpus_tools.annotate.ru.ud import read_conllu

    for sent in read_conllu(path):
        yield from sentence_groups(pipeline, sent)


def sentence_groups(pipeline, sent: list):
    """``(request, labels)`` for the trainable ambiguous tokens of one sentence (a list of UD words)."""
    from corpus_tools.annotate.ru.disambiguate import neighbours
    from corpus_tools.annotate.ru.ud import fold_lemma

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


def design(requests: list, labels: list, weights: np.ndarray | None = None) -> tuple:
    """Sparse design matrix (hashed feature indices), gold flags and group starts over the allowed rows."""
    from scipy import sparse

    from corpus_tools.annotate.ru.disambiguate import BIT_FIELDS, HASH_BITS, HASH_FIELDS, Ranker, context_indices

    probe = Ranker(np.zeros(1 << HASH_BITS, dtype=np.float32))
    tables, nb, starts = probe.rows(requests)
    cat = [np.concatenate([getattr(tb, f) for tb in tables]) for f in (*HASH_FIELDS, *BIT_FIELDS, "allowed")]
    cidx, active = context_indices(*cat[:-1], nb)
    static = [idx for tb in tables for idx in tb.static_idx]
    allowed = cat[-1]
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
    gw = np.ones(len(gstarts)) if weights is None else np.asarray(weights, dtype=float)[g[gstarts]]
    return X, gold[keep], gstarts, gw


def fit_listwise(X, gold: np.ndarray, starts: np.ndarray, l2: float, gw: np.ndarray | None = None) -> np.ndarray:
    """Weights minimising the conditional-logit loss ``sum_g -log P(gold | g) + l2/2 |w|^2`` (L-BFGS).

    References
    ----------
    McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior.
    Liu, D. C., Nocedal, J. (1989). On the limited memory BFGS method for large scale optimization.
    Mathematical Programming 45, 503-528.
    """
    from scipy.optimize import minimize

    gw = np.ones(len(starts)) if gw is None else gw
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
        loss = float((gw * (lse_all - lse_gold)).sum()) + 0.5 * l2 * float(w @ w)
        grad = Xc.T @ ((p - q) * gw[group]) + l2 * w
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


def cross_validate(k: int, l2s: list[float], names: list[str], errors: Path | None = None,
                   weights: dict[str, float] | None = None) -> dict:
    """``k``-fold cross-validation over the dev files: fold ``f`` holds out the ``f``-th contiguous block of
    sentences of every file and trains on the rest of all of them. Prints and returns, per L2 penalty, the
    lemma accuracy of each file (non-PUNCT words, folded) beside the context-free default and the oracle.
    ``errors``: a TSV of the wrong tokens of the first penalty (file, gold UPOS, form, gold, ours, in
    candidates, candidate lemmas, sentence)."""
    from corpus_tools.annotate.ru import Pipeline
    from corpus_tools.annotate.ru.disambiguate import Ranker
    from corpus_tools.annotate.ru.ud import fold_lemma, read_conllu

    pipeline = Pipeline(use_ranker=False)
    sentences = {n: list(read_conllu(DEV[n])) for n in names}
    fold_of = {n: [j * k // len(ss) for j in range(len(ss))] for n, ss in sentences.items()}
    per_sent = {n: [list(sentence_groups(pipeline, s)) for s in ss] for n, ss in sentences.items()}
    stats = {(l2, n, m): 0 for l2 in l2s for n in names for m in ("right", "total", "default", "oracle")}
    rows_out: list[str] = []
    for f in range(k):
        requests, labels, wts = [], [], []
        for n in names:
            for j, gs in enumerate(per_sent[n]):
                if fold_of[n][j] != f:
                    for req, lab in gs:
                        requests.append(req)
                        labels.append(lab)
                        wts.append((weights or {}).get(n, 1.0))
        X, gold, starts, gw = design(requests, labels, np.asarray(wts))
        for l2 in l2s:
            ranker = Ranker(np.round(fit_listwise(X, gold, starts, l2, gw), 4))
            p = Pipeline(use_ranker=False)
            p._ranker = ranker
            for n in names:
                for j, sent in enumerate(sentences[n]):
                    if fold_of[n][j] != f:
                        continue
                    toks = [w.form for w in sent]
                    lemmas = p.analyze_tokens(toks, [0] * len(sent))["lemma"]
                    if l2 == l2s[0]:
                        base = pipeline.analyze_tokens(toks, [0] * len(sent))["lemma"]
                        _, _, infos = pipeline.word_infos(toks, [0] * len(sent))
                    for i, (w, lemma) in enumerate(zip(sent, lemmas)):
                        if w.upos == "PUNCT":
                            continue
                        g = fold_lemma(w.lemma)
                        stats[(l2, n, "total")] += 1
                        stats[(l2, n, "right")] += g == lemma
                        if l2 == l2s[0]:
                            stats[(l2, n, "default")] += g == base[i]
                            cands = {c.lemma for c in infos[i].cands}
                            stats[(l2, n, "oracle")] += g in cands
                            if g != lemma and errors is not None:
                                rows_out.append("\t".join([n, w.upos, w.form, g, lemma, str(g in cands),
                                                           ",".join(sorted(cands)), " ".join(toks)]))
        print(f"fold {f + 1}/{k} done", flush=True)
    out = {}
    for l2 in l2s:
        for n in names:
            t = stats[(l2, n, "total")]
            out[(l2, n)] = 100.0 * stats[(l2, n, "right")] / t
            d, o = (100.0 * stats[(l2s[0], n, m)] / t for m in ("default", "oracle"))
            print(f"cv{k} l2={l2:g} {n:7} lemma {out[(l2, n)]:.2f}%  (default {d:.2f}%, oracle {o:.2f}%, {t} words)")
    if errors is not None:
        errors.write_text("\n".join(rows_out) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the shipped path)")
    ap.add_argument("--l2", type=float, default=0.3, help="L2 penalty (0.3: best of 0.03–3 in 5-fold CV)")
    ap.add_argument("--files", default="gsd,taiga,poetry", help="dev files to train on")
    ap.add_argument("--holdout", default=None, help="dev file left out of training and scored")
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation over the dev files (no model written)")
    ap.add_argument("--cv-l2", default=None, help="comma-separated L2 penalties to compare under --cv")
    ap.add_argument("--errors", type=Path, default=None, help="under --cv: write the wrong tokens (TSV) here")
    ap.add_argument("--off", default="", help="under --cv: context templates to switch off (column numbers)")
    ap.add_argument("--weight", default="", help="under --cv: per-file weights of the loss, e.g. taiga=2")
    args = ap.parse_args(argv)
    if args.cv:
        from corpus_tools.annotate.ru import disambiguate

        disambiguate.OFF.update(int(x) for x in args.off.split(",") if x)
        weights = {k: float(v) for k, v in (x.split("=") for x in args.weight.split(",") if x)}
        l2s = [float(x) for x in (args.cv_l2 or str(args.l2)).split(",")]
        t0 = time.perf_counter()
        cross_validate(args.cv, l2s, args.files.split(","), args.errors, weights)
        print(f"{time.perf_counter() - t0:.0f} s")
        return 0

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
    X, gold, starts, _ = design(requests, labels)
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
