"""Type-level change: per-period word spaces aligned by orthogonal Procrustes, and the local-neighbourhood measure.

References
----------
Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings reveal statistical laws of
semantic change. *ACL 2016*, 1489–1501 (orthogonal Procrustes alignment).
Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Cultural shift or linguistic drift? Comparing two
computational measures of semantic change. *EMNLP 2016*, 2116–2121 (local neighbourhood measure).
Schönemann, P. H. (1966). A generalized solution of the orthogonal Procrustes problem. *Psychometrika* 31, 1–10.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .space import ContextSpace, SpaceError

__all__ = ["MIN_PERIOD_TOKENS", "MIN_TARGET_COUNT", "align", "local_neighbourhood_distance", "nearest",
           "period_spaces"]

#: A period with fewer content tokens than this gets no type-level space.
MIN_PERIOD_TOKENS = 20_000
#: The target must occur this often in a period for its type vector to be used.
MIN_TARGET_COUNT = 5


def period_spaces(texts: dict[str, Sequence[Sequence[str]]], target: str, *, dims: int = 100, window: int = 3,
                  min_count: int = 3, min_tokens: int = MIN_PERIOD_TOKENS, min_target: int = MIN_TARGET_COUNT,
                  seed: int = 0) -> tuple[dict[str, ContextSpace], list[str]]:
    """Fit one :class:`ContextSpace` per period; periods too small (or where ``target`` is rare) are skipped.

    Returns ``(spaces, notes)``; each note says which period was skipped and why.
    """
    spaces, notes = {}, []
    for label, t in texts.items():
        n_tokens = sum(len(x) for x in t)
        n_target = sum(x.count(target) for x in t)
        if n_tokens < min_tokens:
            notes.append(f"type-level: period {label} skipped, {n_tokens:,} content tokens (< {min_tokens:,})")
            continue
        if n_target < min_target:
            notes.append(f"type-level: period {label} skipped, target occurs {n_target} times (< {min_target})")
            continue
        try:
            spaces[label] = ContextSpace(dims=dims, window=window, min_count=min_count, seed=seed).fit(t)
        except SpaceError as e:
            notes.append(f"type-level: period {label} skipped: {e}")
    return spaces, notes


def align(a: ContextSpace, b: ContextSpace, *, exclude: Sequence[str] = ()) -> tuple[np.ndarray, list[str]]:
    """Rotation ``R`` minimising ``‖A R − B‖`` over the words both spaces know (``exclude`` left out).

    Spaces of different dimensionality are padded with zeros to the larger one. Returns ``(R, shared_words)``.
    """
    from scipy.linalg import orthogonal_procrustes

    shared = sorted((set(a.vocab_) & set(b.vocab_)) - set(exclude))
    if len(shared) < 10:
        raise SpaceError(f"only {len(shared)} words shared by the two period spaces; cannot align them")
    d = max(a.dims_, b.dims_)
    A = _pad(a.vectors_[[a.vocab_[w] for w in shared]], d)
    B = _pad(b.vectors_[[b.vocab_[w] for w in shared]], d)
    R, _ = orthogonal_procrustes(A, B)
    return R, shared


def _pad(x: np.ndarray, d: int) -> np.ndarray:
    return np.hstack([x, np.zeros((len(x), d - x.shape[1]))]) if x.shape[1] < d else x


def vector(space: ContextSpace, word: str, d: int | None = None) -> np.ndarray:
    v = space.vectors_[space.vocab_[word]]
    return _pad(v[None, :], d or len(v))[0]


def nearest(space: ContextSpace, word: str, *, k: int = 10, exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
    """The ``k`` words with the highest cosine similarity to ``word`` in one space."""
    vecs = space.vectors_
    sims = vecs @ vecs[space.vocab_[word]]
    norms = np.linalg.norm(vecs, axis=1) * np.linalg.norm(vecs[space.vocab_[word]])
    sims = np.where(norms > 0, sims / np.where(norms > 0, norms, 1), 0)
    words = {i: w for w, i in space.vocab_.items()}
    skip = set(exclude) | {word}
    out = []
    for i in np.argsort(-sims):
        if words[int(i)] in skip:
            continue
        out.append((words[int(i)], float(sims[i])))
        if len(out) == k:
            break
    return out


def local_neighbourhood_distance(a: ContextSpace, b: ContextSpace, word: str, *, k: int = 25,
                                 exclude: Sequence[str] = ()) -> float:
    """Hamilton et al.'s local-neighbourhood change: cosine distance of the word's similarity profiles.

    The union ``N`` of the word's ``k`` nearest neighbours in both spaces (words both spaces know); in each
    space the vector ``s = (cos(word, n))_{n ∈ N}``; the measure is ``1 − cos(s_a, s_b)``. No alignment needed.
    """
    both = set(a.vocab_) & set(b.vocab_)
    pool = [w for w, _ in nearest(a, word, k=len(a.vocab_), exclude=exclude) if w in both][:k]
    pool += [w for w, _ in nearest(b, word, k=len(b.vocab_), exclude=exclude) if w in both][:k]
    pool = list(dict.fromkeys(pool))
    if not pool:
        return float("nan")

    def profile(s: ContextSpace) -> np.ndarray:
        v = s.vectors_[s.vocab_[word]]
        m = s.vectors_[[s.vocab_[w] for w in pool]]
        den = np.linalg.norm(m, axis=1) * np.linalg.norm(v)
        return (m @ v) / np.where(den > 0, den, 1)

    pa, pb = profile(a), profile(b)
    den = np.linalg.norm(pa) * np.linalg.norm(pb)
    return float(1 - pa @ pb / den) if den > 0 else float("nan")
