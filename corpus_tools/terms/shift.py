"""Usage-level meaning shift between two samples of a word's usages (issue 4).

Each usage (a sentence containing the target) becomes the weighted mean of its context words' vectors in a
PPMI → truncated-SVD space built over the analysed text (:class:`~corpus_tools.terms.space.ContextSpace`).
Two samples are then compared by

* **PRT** — cosine distance between the samples' mean usage vectors (``prt_change = 1 − cos``);
* **APD** — average pairwise cosine distance between usages of the two samples;
* their **combination** ``change = (prt_change + apd) / 2``; the predicted **relatedness** is ``1 − change``
  (higher = less change, the direction of the RuShiftEval/DWUG COMPARE scores).

Shuffling the period labels gives a permutation null and p-value for each measure and the combination;
resampling usages within each sample gives percentile bootstrap CIs. ``prt_z``/``apd_z`` place each observed
measure in its null distribution (an effect size that, unlike the raw measures, discounts the spread of usages
both samples share — polysemy). On the RuShiftEval dev words, ranking by the raw combination matched the gold
far better than ranking by the null z-scores (docs/terms.md), so relatedness uses the raw values. To rank
many words, :func:`compare_many` z-scores PRT and APD across the words and averages them (``relatedness_z``,
the score evaluated on RuShiftEval). The space fitted on usage samples counts co-occurrence over the whole
sentence (``window=None``), and the target's own occurrences — located by their markup, else by lemma — are
never part of a context.

References
----------
Kutuzov, A. & Giulianelli, M. (2020). UiO-UvA at SemEval-2020 Task 1: Contextualised embeddings for lexical
semantic change detection. *SemEval-2020*, 126–134 (PRT and APD).
Giulianelli, M., Del Tredici, M. & Fernández, R. (2020). Analysing lexical semantic change with contextualised
word representations. *ACL 2020*, 3960–3973 (APD).
Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall (percentile intervals).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import CorpusToolsError
from ..normalize import fold
from .contexts import content_lemmas, lemma_of, usage_tokens
from .space import ContextSpace

__all__ = [
    "DEFAULT_BOOTSTRAP",
    "DEFAULT_PERMUTATIONS",
    "DEFAULT_WINDOW",
    "USAGE_WINDOW",
    "ShiftError",
    "apd",
    "compare_many",
    "compare_usages",
    "prt_change",
    "standardise_across",
    "usage_contexts",
    "usage_shift",
]

#: Default number of label permutations for the p-value (the issue asks for at least 200).
DEFAULT_PERMUTATIONS = 500
#: Co-occurrence window of the space ``track`` fits over a corpus (content words on each side).
DEFAULT_WINDOW = 3
#: Co-occurrence window of the space :func:`compare_usages` / :func:`compare_many` fit on usage samples:
#: ``None`` = the whole sentence (chosen on the 12 RuShiftEval dev words, docs/terms.md).
USAGE_WINDOW: int | None = None
#: Default number of bootstrap resamples for the confidence intervals.
DEFAULT_BOOTSTRAP = 200


class ShiftError(CorpusToolsError):
    """The samples cannot be compared (too few usages, a string instead of a list, …)."""


# --------------------------------------------------------------------------- measures
def prt_change(a: np.ndarray, b: np.ndarray) -> float:
    """PRT change: ``1 − cos(mean(a), mean(b))`` for two sets of usage vectors (rows).

    References
    ----------
    Kutuzov & Giulianelli (2020), "inverted cosine similarity over word prototypes".
    """
    ma, mb = a.mean(axis=0), b.mean(axis=0)
    na, nb = np.linalg.norm(ma), np.linalg.norm(mb)
    if na == 0 or nb == 0:
        return 1.0
    return float(1.0 - ma @ mb / (na * nb))


def apd(a: np.ndarray, b: np.ndarray) -> float:
    """Average pairwise cosine distance between the rows of ``a`` and of ``b`` (rows L2-normalised).

    References
    ----------
    Giulianelli et al. (2020); Kutuzov & Giulianelli (2020).
    """
    return float(1.0 - (a @ b.T).mean())


def _apd_from_sim(sim: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> float:
    return float(1.0 - sim[np.ix_(ia, ib)].mean())


def _prt_from_vectors(x: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> float:
    return prt_change(x[ia], x[ib])


# --------------------------------------------------------------------------- contexts
def usage_contexts(target: str, texts: Sequence[str], *, lemmatize: bool = True,
                   span: int | None = None) -> list[list[str]]:
    """Content lemmas of each usage with the target's own occurrences left out.

    The target is located (1) by markup — words inside ``<b>``/``<i>``/… tags, as usage samples such as
    RuShiftEval flag the occurrence — or, in a usage without marks, (2) by its lemma or form. Every located
    occurrence is removed, and so is any other word with the target's lemma or form (a misparsed inflected
    form of the target, e.g. «хором» of «хор», would otherwise stay in every context of the word).

    Parameters
    ----------
    target : str
        The word (a multiword target: each word's lemma is left out).
    texts : list of str
        One usage each.
    lemmatize : bool, default True
        pymorphy3 lemmas; ``False`` keeps folded word forms.
    span : int, optional
        Keep only the content words at most ``span`` content words away from an occurrence of the target
        (``None``: the whole usage; a usage where the target is not found is kept whole).
    """
    if isinstance(texts, str):
        raise ShiftError("give a list of usages (sentences), not one string")
    drop = {fold(target)} | set(fold(target).split())
    if lemmatize:
        drop |= {lemma_of(w) for w in fold(target).split()}
    out = []
    for text in texts:
        toks = usage_tokens(text, lemmatize=lemmatize)
        marked = {t[1] for t in toks if t[2]}
        at = [i for i, t in enumerate(toks) if t[2]]
        if not at:
            at = [i for i, (lemma, form, _) in enumerate(toks) if lemma in drop or form in drop]
        skip = drop | marked
        keep = [i for i, (lemma, form, m) in enumerate(toks)
                if not m and lemma not in skip and form not in skip]
        if span is not None and at:
            keep = [i for i in keep if min(abs(i - j) for j in at) <= span]
        out.append([toks[i][0] for i in keep])
    return out


# --------------------------------------------------------------------------- the comparison
def compare_usages(
    target: str,
    earlier_texts: Sequence[str],
    later_texts: Sequence[str],
    *,
    space: ContextSpace | None = None,
    extra_texts: Sequence[str] = (),
    dims: int = 100,
    window: int | None = USAGE_WINDOW,
    weighting: str = "sif",
    cds: float = 0.75,
    lemmatize: bool = True,
    span: int | None = None,
    n_permutations: int = DEFAULT_PERMUTATIONS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    alpha: float = 0.05,
    seed: int = 0,
) -> dict[str, Any]:
    """Compare two samples of usages of ``target`` and predict their relatedness.

    Parameters
    ----------
    target : str
        The word. Its occurrences — words inside ``<b>``/``<i>`` marks, or else words with its lemma or
        form — are left out of every context (:func:`usage_contexts`).
    earlier_texts, later_texts : list of str
        Usages, one sentence each, of the earlier and the later period.
    space : ContextSpace, optional
        An already fitted space (to compare many words in one space). Otherwise one is fitted on the
        contexts of both samples plus ``extra_texts`` with ``dims``, ``window`` and ``weighting``.
    extra_texts : list of str, optional
        Unlabelled text added to the space (not to the samples).
    dims, window, weighting, cds
        Settings of the fitted :class:`ContextSpace` (ignored when ``space`` is given); ``window=None``
        counts co-occurrence over the whole sentence.
    lemmatize : bool, default True
        pymorphy3 lemmas (Russian); ``False`` uses folded word forms.
    span : int, optional
        Use only the content words at most ``span`` words from the target (``None``: the whole usage).
    n_permutations : int, default 500
        Label shuffles for the null distribution (at least 200).
    n_bootstrap : int, default 200
        Resamples for the confidence intervals (0 disables them).
    alpha : float, default 0.05
        ``1 − alpha`` is the confidence level.
    seed : int, default 0
        Seed of permutations and resamples.

    Returns
    -------
    dict
        ``target``, ``n_earlier``, ``n_later`` (usages with at least one known context word),
        ``n_dropped``; ``prt_change`` (1 − cosine of the sample means), ``apd``, ``change`` (their mean)
        and ``relatedness`` (``1 − change``: higher = less change); ``p_value`` (one-sided permutation p of
        ``change``), ``p_prt``, ``p_apd``; ``prt_z``, ``apd_z`` (observed measure z-scored against its
        permutation null), ``null_mean``, ``null_sd``; ``ci`` — ``{measure: [low, high]}`` percentile bootstrap
        intervals of ``prt_change``, ``apd`` and ``relatedness``; ``settings``.

    Notes
    -----
    The permutation p-value is ``(1 + #{null ≥ observed}) / (1 + n_permutations)``. APD is high for any
    polysemous word even without change; the p-value (and ``apd_z``) answer whether the two samples differ more
    than random splits of the pooled usages would. With fewer than about 10 usages per sample every figure is
    unstable; the bootstrap interval shows how much.
    """
    if n_permutations < 200:
        raise ShiftError("n_permutations must be at least 200 for a usable p-value")
    ctx_a = usage_contexts(target, earlier_texts, lemmatize=lemmatize, span=span)
    ctx_b = usage_contexts(target, later_texts, lemmatize=lemmatize, span=span)
    if space is None:
        extra = [content_lemmas(t, lemmatize=lemmatize) for t in extra_texts]
        space = ContextSpace(dims=dims, window=window, weighting=weighting, cds=cds,
                             seed=seed).fit(ctx_a + ctx_b + extra)
    va, vb = space.embed(ctx_a), space.embed(ctx_b)
    keep_a, keep_b = np.linalg.norm(va, axis=1) > 0, np.linalg.norm(vb, axis=1) > 0
    va, vb = va[keep_a], vb[keep_b]
    if len(va) < 2 or len(vb) < 2:
        raise ShiftError(
            f"{target!r}: need at least 2 usages with known context words in each sample "
            f"(have {len(va)} and {len(vb)}); give more sentences or fit the space on more text"
        )
    result = usage_shift(va, vb, n_permutations=n_permutations, n_bootstrap=n_bootstrap, alpha=alpha, seed=seed)
    result = {
        "target": target,
        "n_earlier": int(len(va)),
        "n_later": int(len(vb)),
        "n_dropped": int((~keep_a).sum() + (~keep_b).sum()),
        **result,
        "settings": {
            "dims": space.dims_, "window": space.window, "weighting": space.weighting, "power": space.power,
            "cds": space.cds, "lemmatize": lemmatize, "span": span, "n_permutations": n_permutations,
            "n_bootstrap": n_bootstrap,
            "alpha": alpha, "seed": seed,
        },
    }
    return result


def usage_shift(va: np.ndarray, vb: np.ndarray, *, n_permutations: int = DEFAULT_PERMUTATIONS,
                n_bootstrap: int = DEFAULT_BOOTSTRAP, alpha: float = 0.05, seed: int = 0) -> dict[str, Any]:
    """PRT, APD, their mean, permutation p-values and bootstrap CIs for two sets of usage vectors.

    The measuring step of :func:`compare_usages`, for callers that already have usage vectors (``track``).
    Rows must be L2-normalised and non-zero. Returns the keys of :func:`compare_usages` from ``prt_change``
    to ``ci``.
    """
    if len(va) < 2 or len(vb) < 2:
        raise ShiftError(f"need at least 2 usages in each sample (have {len(va)} and {len(vb)})")
    rng = np.random.default_rng(seed)
    x = np.vstack([va, vb])
    sim = x @ x.T
    na = len(va)
    ia, ib = np.arange(na), np.arange(na, len(x))
    obs = np.array([_prt_from_vectors(x, ia, ib), _apd_from_sim(sim, ia, ib)])

    # step 1: permutation null — shuffle the period labels, keep the sample sizes
    null = np.empty((n_permutations, 2))
    for k in range(n_permutations):
        perm = rng.permutation(len(x))
        null[k] = _prt_from_vectors(x, perm[:na], perm[na:]), _apd_from_sim(sim, perm[:na], perm[na:])
    mu, sd = null.mean(axis=0), null.std(axis=0, ddof=1)
    z = (obs - mu) / np.where(sd > 0, sd, np.inf)
    change = float(obs.mean())

    def p(value: float, dist: np.ndarray) -> float:
        return float((1 + np.sum(dist >= value - 1e-12)) / (1 + len(dist)))

    # step 2: bootstrap — resample usages within each sample
    ci: dict[str, list[float]] = {}
    if n_bootstrap > 0:
        boots = np.empty((n_bootstrap, 3))
        for k in range(n_bootstrap):
            ra = rng.choice(ia, size=len(ia), replace=True)
            rb = rng.choice(ib, size=len(ib), replace=True)
            b_prt, b_apd = _prt_from_vectors(x, ra, rb), _apd_from_sim(sim, ra, rb)
            boots[k] = b_prt, b_apd, 1.0 - (b_prt + b_apd) / 2
        lo, hi = np.quantile(boots, [alpha / 2, 1 - alpha / 2], axis=0)
        ci = {name: [float(lo[j]), float(hi[j])] for j, name in enumerate(("prt_change", "apd", "relatedness"))}
    return {
        "prt_change": float(obs[0]),
        "apd": float(obs[1]),
        "change": change,
        "relatedness": 1.0 - change,
        "p_value": p(change, null.mean(axis=1)),
        "p_prt": p(obs[0], null[:, 0]),
        "p_apd": p(obs[1], null[:, 1]),
        "prt_z": float(z[0]),
        "apd_z": float(z[1]),
        "null_mean": {"prt_change": float(mu[0]), "apd": float(mu[1])},
        "null_sd": {"prt_change": float(sd[0]), "apd": float(sd[1])},
        "ci": ci,
    }


# --------------------------------------------------------------------------- many words
def standardise_across(values: "pd.DataFrame", columns: Sequence[str] = ("prt_change", "apd")) -> np.ndarray:
    """Mean of the columns after z-scoring each across the rows (the words of one period pair).

    A column with zero spread contributes 0. Used to put PRT and APD on one scale before averaging
    (the pilot of issue 4: z-scored PRT and APD combined ranked words better than either alone).
    """
    z = []
    for c in columns:
        x = np.asarray(values[c], dtype=float)
        sd = x.std(ddof=1) if len(x) > 1 else 0.0
        z.append((x - x.mean()) / sd if sd > 0 else np.zeros_like(x))
    return np.mean(z, axis=0)


def compare_many(
    target_samples: dict[str, tuple[Sequence[str], Sequence[str]]],
    *,
    space: ContextSpace | None = None,
    extra_texts: Sequence[str] = (),
    dims: int = 100,
    window: int | None = USAGE_WINDOW,
    weighting: str = "sif",
    cds: float = 0.75,
    lemmatize: bool = True,
    span: int | None = None,
    n_permutations: int = DEFAULT_PERMUTATIONS,
    n_bootstrap: int = 0,
    alpha: float = 0.05,
    seed: int = 0,
) -> "pd.DataFrame":
    """Compare the earlier and later usages of many words in one space, and standardise across the words.

    Parameters
    ----------
    target_samples : dict
        ``{word: (earlier_texts, later_texts)}`` — one period pair.
    space : ContextSpace, optional
        A fitted space; otherwise one is fitted on every sample's contexts plus ``extra_texts``.
    Other parameters are those of :func:`compare_usages`.

    Returns
    -------
    DataFrame
        One row per word: ``target, n_earlier, n_later, prt_change, apd, change, relatedness, p_value,
        p_prt, p_apd``; ``combined_z`` (mean of PRT and APD z-scored across the words, see
        :func:`standardise_across`) and ``relatedness_z = −combined_z``. Words that cannot be compared
        (fewer than 2 usages with known context words) are left out with a ``ShiftError`` message in
        ``DataFrame.attrs["skipped"]``.
    """
    import pandas as pd

    if space is None:
        texts = []
        for word, (a, b) in target_samples.items():
            texts += usage_contexts(word, list(a), lemmatize=lemmatize)
            texts += usage_contexts(word, list(b), lemmatize=lemmatize)
        texts += [content_lemmas(t, lemmatize=lemmatize) for t in extra_texts]
        space = ContextSpace(dims=dims, window=window, weighting=weighting, cds=cds, seed=seed).fit(texts)
    rows, skipped = [], {}
    for word, (a, b) in target_samples.items():
        try:
            r = compare_usages(word, a, b, space=space, lemmatize=lemmatize, span=span,
                               n_permutations=n_permutations,
                               n_bootstrap=n_bootstrap, alpha=alpha, seed=seed)
        except ShiftError as e:
            skipped[word] = str(e)
            continue
        rows.append({k: r[k] for k in ("target", "n_earlier", "n_later", "prt_change", "apd", "change",
                                       "relatedness", "p_value", "p_prt", "p_apd")})
    df = pd.DataFrame(rows, columns=["target", "n_earlier", "n_later", "prt_change", "apd", "change",
                                     "relatedness", "p_value", "p_prt", "p_apd"])
    df["combined_z"] = standardise_across(df) if len(df) else []
    df["relatedness_z"] = -df["combined_z"]
    df.attrs["skipped"] = skipped
    return df
