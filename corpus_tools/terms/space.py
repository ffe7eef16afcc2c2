"""A count-based word space: PPMI over windowed co-occurrence, reduced by truncated SVD.

Used by :mod:`corpus_tools.terms.shift` to turn context words into dense vectors. Settings are stored as given;
everything learned from the text ends in an underscore (scikit-learn convention).

References
----------
Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with lessons learned from word
embeddings. *TACL* 3, 211–225 (context-distribution smoothing, eigenvalue weighting ``p = 0.5``).
Arora, S., Liang, Y. & Ma, T. (2017). A simple but tough-to-beat baseline for sentence embeddings. *ICLR*
(SIF weights ``a / (a + p(w))``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from ..errors import CorpusToolsError

__all__ = ["ContextSpace", "SpaceError", "WEIGHTINGS"]

#: Context-word weightings a :class:`ContextSpace` offers when averaging a usage's context.
WEIGHTINGS: tuple[str, ...] = ("sif", "idf", "none")


class SpaceError(CorpusToolsError):
    """The text is too small (or the settings too large) to build a word space."""


class ContextSpace:
    """PPMI → truncated SVD word vectors, plus the context-word weights used to average a usage.

    Parameters
    ----------
    dims : int, default 100
        SVD dimensions (lowered to the vocabulary size minus one on small texts; see ``dims_``).
    window : int or None, default 5
        Co-occurrence window in content words on each side, within one text; ``None`` counts every pair of
        words of a text (whole-sentence co-occurrence).
    min_count : int, default 1
        Words seen fewer times get no vector.
    power : float, default 0.5
        Word vectors are ``U · Σ^power`` (eigenvalue weighting).
    cds : float, default 0.75
        Context-distribution smoothing exponent of PPMI.
    weighting : {"sif", "idf", "none"}, default "sif"
        Weight of a context word when averaging a usage.
    sif_a : float, default 1e-3
        The ``a`` of SIF weights.
    normalize : bool, default True
        L2-normalise word vectors before averaging them.
    seed : int, default 0
        Random state of the randomized SVD.

    Attributes
    ----------
    vocab_ : dict[str, int]
    vectors_ : ndarray (n_words, dims_)
        Word vectors (L2-normalised unless ``normalize=False``).
    weights_ : ndarray (n_words,)
    dims_ : int
    """

    def __init__(self, *, dims: int = 100, window: int | None = 5, min_count: int = 1, power: float = 0.5,
                 cds: float = 0.75, weighting: str = "sif", sif_a: float = 1e-3, normalize: bool = True,
                 seed: int = 0) -> None:
        if weighting not in WEIGHTINGS:
            raise SpaceError(f"unknown weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")
        if dims < 1 or (window is not None and window < 1):
            raise SpaceError("dims and window must be 1 or more (window=None: the whole text)")
        self.dims = dims
        self.window = window
        self.min_count = min_count
        self.power = power
        self.cds = cds
        self.weighting = weighting
        self.sif_a = sif_a
        self.normalize = normalize
        self.seed = seed

    # ------------------------------------------------------------------ fitting
    def fit(self, texts: Sequence[Sequence[str]]) -> "ContextSpace":
        """Learn the space from texts given as lists of context lemmas (see :func:`.contexts.content_lemmas`).

        Steps: (1) count words, keep those seen ``min_count`` times; (2) count co-occurrences within
        ``window`` (or anywhere in the text); (3) PPMI with smoothed context distribution; (4) truncated SVD,
        ``U · Σ^power``, rows L2-normalised; (5) context weights (SIF from word probabilities, IDF from text
        frequencies).
        """
        if isinstance(texts, str) or (texts and isinstance(texts[0], str)):
            raise SpaceError("fit() takes a list of texts, each a list of lemmas; use content_lemmas() first")
        counts = Counter(w for t in texts for w in t)
        vocab = sorted(w for w, c in counts.items() if c >= self.min_count)
        if len(vocab) < 3:
            raise SpaceError("fewer than 3 context words: give more text (or lower min_count)")
        index = {w: k for k, w in enumerate(vocab)}
        rows, cols = [], []
        for t in texts:
            ids = [index[w] for w in t if w in index]
            for pos, a in enumerate(ids):
                end = None if self.window is None else pos + 1 + self.window
                for b in ids[pos + 1: end]:
                    if a != b:
                        rows += (a, b)
                        cols += (b, a)
        n = len(vocab)
        cooc = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
        cooc.sum_duplicates()
        ppmi = _ppmi(cooc, self.cds)
        self.dims_ = max(1, min(self.dims, n - 1))
        self.vectors_ = _svd_vectors(ppmi, self.dims_, self.power, self.seed, self.normalize)
        self.vocab_ = index
        freq = np.array([counts[w] for w in vocab], dtype=float)
        df = Counter(w for t in texts for w in set(t))
        if self.weighting == "sif":
            p = freq / freq.sum()
            self.weights_ = self.sif_a / (self.sif_a + p)
        elif self.weighting == "idf":
            self.weights_ = np.log((1 + len(texts)) / (1 + np.array([df[w] for w in vocab], dtype=float))) + 1
        else:
            self.weights_ = np.ones(n)
        return self

    # ------------------------------------------------------------------ applying
    def embed(self, contexts: Iterable[Sequence[str]]) -> np.ndarray:
        """One L2-normalised vector per usage: the weighted mean of its context words' vectors.

        A usage none of whose words is in the space gets a zero row.
        """
        out = []
        for ctx in contexts:
            ids = [self.vocab_[w] for w in ctx if w in self.vocab_]
            if not ids:
                out.append(np.zeros(self.dims_))
                continue
            v = self.weights_[ids] @ self.vectors_[ids]
            norm = np.linalg.norm(v)
            out.append(v / norm if norm > 0 else v)
        return np.vstack(out) if out else np.zeros((0, self.dims_))


def _ppmi(cooc: sparse.csr_matrix, cds: float) -> sparse.csr_matrix:
    """Positive PMI of a symmetric count matrix; context probabilities raised to ``cds`` (Levy et al. 2015)."""
    # PMI = log P(w,c) / (P(w) P_cds(c)) = log n_wc · Σ_c n_c^cds / (n_w · n_c^cds)
    row = np.asarray(cooc.sum(axis=1)).ravel()
    col = np.asarray(cooc.sum(axis=0)).ravel() ** cds
    coo = cooc.tocoo()
    pmi = np.log(coo.data * col.sum() / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=cooc.shape)


def _svd_vectors(matrix: sparse.csr_matrix, dims: int, power: float, seed: int, normalize: bool) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD

    if matrix.nnz == 0:
        raise SpaceError("no co-occurring context words: give longer texts or a larger window")
    svd = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized", n_iter=7)
    us = svd.fit_transform(matrix)                      # U · Σ
    sigma = svd.singular_values_
    safe = np.where(sigma > 0, sigma, 1.0)
    vec = us / safe * np.where(sigma > 0, sigma ** power, 0.0)   # U · Σ^power
    if not normalize:
        return vec
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    return vec / np.where(norms > 0, norms, 1.0)
