"""RuShiftEval usage-sample evaluation of the usage-level shift measures (issue 4).

Protocol: for each word and period pair (RSE1 pre-Soviet:Soviet, RSE2 Soviet:post-Soviet, RSE3
pre-Soviet:post-Soviet) the earlier sample is the distinct ``sent1`` sentences and the later sample the distinct
``sent2`` sentences of the raw annotation file; :func:`corpus_tools.terms.shift.compare_usages` predicts their
relatedness; Spearman's rho against the gold COMPARE score per period pair, and the mean of the three.
The target occurrence is located by its ``<b><i>`` mark in each sentence and left out of the context.
The score (``rho``) is the relatedness of the pilot's recipe: PRT and APD each z-scored across the words of
a period pair and averaged, relatedness = minus that (``--score raw``: ``1 − (PRT + APD)/2``).

References of the same run:

* ``lexical_overlap`` — mean Jaccard similarity of content-lemma sets over all cross-period sentence pairs;
* ``shuffled_control`` — each word's usages pooled and split at random into samples of the original sizes,
  scored by the same function: how much of the score reflects polysemy rather than change.

The word space is fitted once on all distinct sentences of the raw annotation files (text only; no
annotator judgments and no gold scores are read for it).

Usage::

    python scripts/eval_shift.py [--split test|dev] [--json PATH] [--window N|sentence] [--cds X] [--span N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus_tools.terms.contexts import content_lemmas  # noqa: E402
from corpus_tools.terms.shift import compare_usages, standardise_across, usage_contexts  # noqa: E402
from corpus_tools.terms.space import ContextSpace  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "semchange" / "rushifteval"
PAIRS = ("RSE1", "RSE2", "RSE3")


def load_gold(split: str) -> pd.DataFrame:
    name = {"dev": "annotated_devset.tsv", "test": "annotated_testset.tsv"}[split]
    return pd.read_csv(DATA / "gold" / name, sep="\t", header=None, names=["word", *PAIRS])


def load_samples(split: str, k: int) -> dict[str, tuple[list[str], list[str]]]:
    """word -> (distinct sent1, distinct sent2) in file order."""
    raw = pd.read_csv(DATA / "raw_annotations" / f"rushifteval{k}_{split}_raw_annotations.tsv", sep="\t",
                      index_col=0, dtype=str, keep_default_na=False)
    out = {}
    for word, g in raw.groupby("word", sort=False):
        out[word] = (list(dict.fromkeys(g["sent1"])), list(dict.fromkeys(g["sent2"])))
    return out


def all_sentences() -> list[str]:
    sents: dict[str, None] = {}
    for split in ("dev", "test"):
        for k in (1, 2, 3):
            for a, b in load_samples(split, k).values():
                sents.update(dict.fromkeys(a))
                sents.update(dict.fromkeys(b))
    return list(sents)


def lexical_overlap(word: str, a: list[str], b: list[str]) -> float:
    """Mean Jaccard similarity of content-lemma sets over all cross-sample sentence pairs."""
    sa = [set(c) for c in usage_contexts(word, a)]
    sb = [set(c) for c in usage_contexts(word, b)]
    vals = [len(x & y) / len(x | y) for x in sa for y in sb if x | y]
    return float(np.mean(vals)) if vals else 0.0


def spearman_table(scores: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    out = {}
    for pair in PAIRS:
        s = scores[scores["pair"] == pair].set_index("word")["score"]
        g = gold.set_index("word")[pair].reindex(s.index)
        out[pair] = float(spearmanr(s.to_numpy(), g.to_numpy()).statistic)
    out["mean"] = float(np.mean([out[p] for p in PAIRS]))
    return out


def run(split: str, *, dims: int, window: int | None, weighting: str, cds: float, span: int | None,
        score: str, n_permutations: int, n_bootstrap: int, seed: int, normalize: bool = True) -> dict:
    gold = load_gold(split)
    t0 = time.perf_counter()
    corpus = [content_lemmas(s) for s in all_sentences()]
    space = ContextSpace(dims=dims, window=window, weighting=weighting, cds=cds, normalize=normalize,
                         seed=seed).fit(corpus)
    t_space = time.perf_counter() - t0
    rng = np.random.default_rng(seed)
    rows = []
    for k, pair in enumerate(PAIRS, start=1):
        samples = load_samples(split, k)
        for word in gold["word"]:
            a, b = samples[word]
            r = compare_usages(word, a, b, space=space, span=span, n_permutations=n_permutations,
                               n_bootstrap=n_bootstrap, seed=seed)
            pooled = a + b
            perm = rng.permutation(len(pooled))
            sa, sb = [pooled[i] for i in perm[:len(a)]], [pooled[i] for i in perm[len(a):]]
            rs = compare_usages(word, sa, sb, space=space, span=span, n_permutations=n_permutations,
                                n_bootstrap=0, seed=seed)
            ctx = usage_contexts(word, a + b, span=span)
            rows.append({
                "word": word, "pair": pair, "n_earlier": len(a), "n_later": len(b),
                "n_used": r["n_earlier"] + r["n_later"], "n_unmarked": sum("<b>" not in t for t in a + b),
                "n_empty_context": sum(not c for c in ctx),
                "relatedness": r["relatedness"], "p_value": r["p_value"],
                "prt_change": r["prt_change"], "apd": r["apd"], "prt_z": r["prt_z"], "apd_z": r["apd_z"],
                "ci_low": r["ci"].get("relatedness", [np.nan])[0],
                "ci_high": r["ci"].get("relatedness", [np.nan, np.nan])[1],
                "lexical_overlap": lexical_overlap(word, a, b),
                "shuffled": rs["relatedness"], "shuffled_prt": rs["prt_change"], "shuffled_apd": rs["apd"],
                "null_sd_prt": r["null_sd"]["prt_change"], "null_sd_apd": r["null_sd"]["apd"],
                "null_mu_prt": r["null_mean"]["prt_change"], "null_mu_apd": r["null_mean"]["apd"],
            })
    df = pd.DataFrame(rows)

    def rho(col: str, sign: float = 1.0) -> dict[str, float]:
        return spearman_table(df.assign(score=sign * df[col]), gold)

    # the pilot's score: PRT and APD z-scored across the words of each period pair, averaged (same for the
    # shuffled control, whose measures are standardised across its own words)
    df["relatedness_z"] = 0.0
    df["shuffled_z"] = 0.0
    for pair, g in df.groupby("pair"):
        df.loc[g.index, "relatedness_z"] = -standardise_across(g)
        df.loc[g.index, "shuffled_z"] = -standardise_across(g, ("shuffled_prt", "shuffled_apd"))
    main_col, shuf_col = ("relatedness_z", "shuffled_z") if score == "z" else ("relatedness", "shuffled")
    result = {
        "split": split,
        "n_words": int(len(gold)),
        "score": {"z": "-(z(PRT) + z(APD))/2 across the words of a period pair", "raw": "1 - (PRT + APD)/2"}[score],
        "rho": rho(main_col),
        "lexical_overlap": rho("lexical_overlap"),
        "shuffled_control": rho(shuf_col),
        "components": {
            "relatedness_raw_mean": rho("relatedness"),
            "relatedness_z_across_words": rho("relatedness_z"),
            "prt_change_raw": rho("prt_change", -1.0),
            "apd_raw": rho("apd", -1.0),
            "prt_null_z": rho("prt_z", -1.0),
            "apd_null_z": rho("apd_z", -1.0),
        },
        "usages": {"per_sample_min": int(min(df["n_earlier"].min(), df["n_later"].min())),
                   "per_sample_mean": float(np.mean([df["n_earlier"].mean(), df["n_later"].mean()])),
                   "used_min": int(df["n_used"].min()), "unmarked": int(df["n_unmarked"].sum()),
                   "empty_context": int(df["n_empty_context"].sum()),
                   "total": int(df["n_earlier"].sum() + df["n_later"].sum())},
        "settings": {"dims": dims, "window": "sentence" if window is None else window, "cds": cds,
                     "span": span, "weighting": weighting, "power": space.power, "score": score,
                     "n_permutations": n_permutations, "n_bootstrap": n_bootstrap, "seed": seed,
                     "space_sentences": len(corpus), "space_vocabulary": len(space.vocab_),
                     "space_dims": space.dims_},
        "share_p_below_0.05": float((df["p_value"] < 0.05).mean()),
        "seconds_space": round(t_space, 1),
    }
    return result, df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--window", default="sentence",
                    help="co-occurrence window of the space in content words, or 'sentence' (default)")
    ap.add_argument("--cds", type=float, default=0.75, help="PPMI context-distribution smoothing")
    ap.add_argument("--span", type=int, default=None,
                    help="use only content words within N of the target (default: the whole sentence)")
    ap.add_argument("--score", choices=("z", "raw"), default="z")
    ap.add_argument("--weighting", default="sif")
    ap.add_argument("--permutations", type=int, default=500)
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--tsv", type=Path, help="write per-word scores here")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not available", file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    window = None if args.window == "sentence" else int(args.window)
    result, df = run(args.split, dims=args.dims, window=window, weighting=args.weighting, cds=args.cds,
                     span=args.span, score=args.score, n_permutations=args.permutations,
                     n_bootstrap=args.bootstrap, seed=args.seed)
    result["seconds_total"] = round(time.perf_counter() - t0, 1)
    print(f"RuShiftEval usage samples, {args.split} split ({result['n_words']} words), Spearman rho vs gold")
    print(f"{'':34s}" + "".join(f"{c:>8s}" for c in (*PAIRS, "mean")))
    table = [("compare_usages relatedness (ours)", result["rho"]),
             ("lexical overlap (baseline)", result["lexical_overlap"]),
             ("period-shuffled control", result["shuffled_control"])]
    table += [(f"  component: {k}", v) for k, v in result["components"].items()]
    for name, r in table:
        print(f"{name:34s}" + "".join(f"{r[c]:8.3f}" for c in (*PAIRS, "mean")))
    u = result["usages"]
    print(f"usages: {u['total']} (per sample min {u['per_sample_min']}, mean {u['per_sample_mean']:.1f}); "
          f"target not marked: {u['unmarked']}; empty context: {u['empty_context']}; settings: "
          + ", ".join(f"{k}={v}" for k, v in result["settings"].items() if k in ("window", "cds", "span", "weighting",
                                                                                "dims", "score")))
    print(f"margin over lexical overlap: {result['rho']['mean'] - result['lexical_overlap']['mean']:+.3f}; "
          f"pairs with p < 0.05: {result['share_p_below_0.05']:.0%}; {result['seconds_total']} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.tsv:
        df.to_csv(args.tsv, sep="\t", index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
