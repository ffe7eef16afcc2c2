#!/usr/bin/env python
"""Train the Russian lemma disambiguator (corpus_tools/annotate/ru/disambiguator.json.gz) on UD dev files.

Training data: the dev files of UD_Russian-GSD, UD_Russian-Taiga and UD_Russian-Poetry in ../shared/data/ud
(CC BY-SA 4.0) — never the test files, which ``scripts/eval_lemmas.py`` reports on. Gold tokens go through the
same code as the pipeline (:meth:`Pipeline.word_infos`); every token with more than one candidate lemma and the
gold lemma among them gives one row per candidate (label: candidate lemma = gold lemma, case- and ё-folded).
A logistic regression over the binary features of :func:`candidate_features` is fitted and its non-zero
weights are written, rounded to 4 decimals.

Usage:
    python scripts/train_ru_disambiguator.py [--out PATH] [--C 0.5] [--files gsd,taiga,poetry]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
UD = ROOT / ".." / "shared" / "data" / "ud"
DEV = {
    "gsd": UD / "UD_Russian-GSD" / "ru_gsd-ud-dev.conllu",
    "taiga": UD / "UD_Russian-Taiga" / "ru_taiga-ud-dev.conllu",
    "poetry": UD / "UD_Russian-Poetry" / "ru_poetry-ud-dev.conllu",
}


def rows(pipeline, path: Path):
    """(features of one candidate, label, group id) for every ambiguous token of ``path``."""
    from corpus_tools.annotate.ru.disambiguate import candidate_features, neighbours
    from corpus_tools.annotate.ru.ud import fold_lemma, read_conllu

    group = 0
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
            left, left2, right = neighbours(infos, sents, k)
            for feats, y in zip(candidate_features(info, modes[k], left, left2, right), labels):
                yield feats, y, group
            group += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the shipped path)")
    ap.add_argument("--C", type=float, default=0.5, help="inverse L2 regularisation strength")
    ap.add_argument("--files", default="gsd,taiga,poetry", help="dev files to train on")
    args = ap.parse_args(argv)

    missing = [str(DEV[n]) for n in args.files.split(",") if not DEV[n].exists()]
    if missing:
        print(f"UD data not available: {', '.join(missing)}; nothing to train.", file=sys.stderr)
        return 1
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from corpus_tools.annotate.ru import Pipeline
    from corpus_tools.annotate.ru.disambiguate import MODEL_PATH, Ranker

    pipeline = Pipeline(use_ranker=False)
    X, y = [], []
    for name in args.files.split(","):
        n0 = len(y)
        for feats, label, _ in rows(pipeline, DEV[name]):
            X.append(dict.fromkeys(feats, 1))
            y.append(int(label))
        print(f"{name}: {len(y) - n0} candidate rows")
    vec = DictVectorizer()
    Xm = vec.fit_transform(X)
    clf = LogisticRegression(C=args.C, max_iter=2000, solver="liblinear")
    Xm.indices = Xm.indices.astype("int32")
    Xm.indptr = Xm.indptr.astype("int32")
    clf.fit(Xm, y)
    names = vec.get_feature_names_out()
    weights = {str(f): float(w) for f, w in zip(names, clf.coef_[0]) if abs(w) >= 5e-4}
    out = args.out or MODEL_PATH
    Ranker(weights).save(out)
    print(f"{len(weights)} weights of {len(names)} features -> {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
