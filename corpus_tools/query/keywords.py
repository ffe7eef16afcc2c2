"""Keywords of a target subcorpus against a reference subcorpus (``stats.keyness``)."""
from __future__ import annotations

import pandas as pd

from ..errors import EmptySelectionError, QueryError
from .subcorpus import Subcorpus, parse_spec
from .wordlist import wordlist

KEYWORD_COLUMNS = [
    "item", "target_freq", "reference_freq", "target_pm", "reference_pm", "g2", "p", "significant",
    "log_ratio", "log_ratio_ci_low", "log_ratio_ci_high", "simple_maths", "pct_diff", "direction",
]


def _complement(spec: Subcorpus) -> Subcorpus:
    """The rest of the corpus: only for plain period targets (metadata complements need a SPEC)."""
    if spec.where or spec.years is None:
        raise QueryError("give --reference for a metadata target (e.g. --reference doc_type!=report)")
    return spec


def keywords(
    corpus,
    *,
    target: str | Subcorpus,
    reference: str | Subcorpus | None = None,
    by: str = "lemma",
    min_freq: int = 3,
    sidak: bool = False,
    alpha: float = 0.05,
    smoothing: float = 1.0,
    direction: str = "both",
    sort: str = "g2",
    limit: int | None = None,
) -> pd.DataFrame:
    """Keywords of ``target`` against ``reference`` (default: every document outside a target period).

    Parameters
    ----------
    target, reference : str
        A period (``1930-1933``), a condition (``doc_type=report``) or both (``1929-1933;region~Семипал``).
    by : {"lemma", "norm", "word", "pos"}
    min_freq : int, default 3
        Items must occur at least this often in the two subcorpora together.
    sidak : bool, default False
        Šidák-correct the significance threshold for the number of items tested.
    smoothing : float, default 1.0
        The constant ``k`` of simple maths (Kilgarriff 2009).
    direction : {"both", "positive", "negative"}
        Keep keywords over-represented in the target (positive), under-represented (negative) or both.
    sort : str, default "g2"
        ``g2`` (positive keywords by descending G², then negative ones by ascending G²), ``log_ratio``,
        ``simple_maths`` or ``pct_diff``.

    Returns
    -------
    DataFrame
        ``item, target_freq, reference_freq, target_pm, reference_pm, g2, p, significant, log_ratio,
        log_ratio_ci_low, log_ratio_ci_high, simple_maths, pct_diff, direction``; ``attrs`` hold the two
        subcorpus sizes.
    """
    from ..stats.keyness import keyness

    if direction not in ("both", "positive", "negative"):
        raise QueryError("direction must be both, positive or negative")
    tgt = parse_spec(target) if isinstance(target, str) else target
    if reference is None:
        _complement(tgt)
        lo, hi = tgt.years
        ref_lists = [wordlist(corpus, by=by, years=(None, lo - 1)), wordlist(corpus, by=by, years=(hi + 1, None))]
        ref_tokens = sum(w.attrs["tokens"] for w in ref_lists)
        ref = pd.concat(ref_lists).groupby("item", as_index=False)["freq"].sum()
        ref_label = f"not {tgt.label}"
    else:
        rsub = parse_spec(reference) if isinstance(reference, str) else reference
        rlist = wordlist(corpus, by=by, years=rsub.years, where=list(rsub.where))
        ref_tokens, ref, ref_label = rlist.attrs["tokens"], rlist[["item", "freq"]], rsub.label
    tlist = wordlist(corpus, by=by, years=tgt.years, where=list(tgt.where))
    tgt_tokens = tlist.attrs["tokens"]
    if not tgt_tokens:
        raise EmptySelectionError(f"the target subcorpus {tgt.label!r} has no words")
    if not ref_tokens:
        raise EmptySelectionError(f"the reference subcorpus {ref_label!r} has no words")
    df = tlist[["item", "freq"]].merge(ref, on="item", how="outer", suffixes=("_t", "_r"))
    df = df.rename(columns={"freq_t": "target_freq", "freq_r": "reference_freq"})
    df[["target_freq", "reference_freq"]] = df[["target_freq", "reference_freq"]].fillna(0).astype("int64")
    df = df[df["target_freq"] + df["reference_freq"] >= min_freq]
    df = keyness(df, N_target=tgt_tokens, N_reference=ref_tokens, smoothing=smoothing, alpha=alpha, sidak=sidak)
    if direction != "both":
        df = df[df["direction"] == direction]
    if sort == "g2":
        df = df.assign(_pos=df["direction"].eq("positive"), _abs=df["g2"].abs())
        df = df.sort_values(["_pos", "_abs", "item"], ascending=[False, False, True], kind="mergesort")
    elif sort in ("log_ratio", "simple_maths", "pct_diff"):
        df = df.sort_values([sort, "item"], ascending=[False, True], kind="mergesort")
    else:
        raise QueryError("sort must be g2, log_ratio, simple_maths or pct_diff")
    df = df[KEYWORD_COLUMNS].reset_index(drop=True)
    if limit is not None:
        df = df.head(limit)
    df.attrs.update(target=tgt.label, reference=ref_label, target_tokens=tgt_tokens, reference_tokens=ref_tokens,
                    by=by)
    return df
