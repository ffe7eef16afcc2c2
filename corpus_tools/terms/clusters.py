"""Sense clusters of usages: k-means on usage vectors, k chosen by silhouette, clusters labelled by context words.

References
----------
Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation of cluster analysis.
*J. Comput. Appl. Math.* 20, 53–65.
Giulianelli, M., Del Tredici, M. & Fernández, R. (2020). Analysing lexical semantic change with contextualised
word representations. *ACL 2020* (clustering usages into senses and comparing their distributions over time).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = ["MIN_CLUSTER_USAGES", "cluster_usages", "label_clusters"]

#: Fewer usages than this are not clustered (one cluster is reported).
MIN_CLUSTER_USAGES = 8


def cluster_usages(vectors: np.ndarray, *, k_range: tuple[int, int] = (2, 4), seed: int = 0
                   ) -> tuple[np.ndarray, int, float]:
    """K-means clusters of usage vectors, ``k`` in ``k_range`` (inclusive) with the best silhouette.

    Returns ``(labels, k, silhouette)``; labels are renumbered 0, 1, … by decreasing cluster size. With fewer
    than :data:`MIN_CLUSTER_USAGES` usages (or fewer distinct vectors than 2) every usage is in cluster 0 and the
    silhouette is NaN.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(vectors)
    distinct = len(np.unique(np.round(vectors, 6), axis=0)) if n else 0
    best: tuple[float, int, np.ndarray] | None = None
    if n >= MIN_CLUSTER_USAGES and distinct >= 3:
        for k in range(k_range[0], min(k_range[1], distinct - 1) + 1):
            labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(vectors)
            if len(set(labels)) < 2:
                continue
            s = float(silhouette_score(vectors, labels, metric="cosine"))
            if best is None or s > best[0] + 1e-12:
                best = (s, k, labels)
    if best is None:
        return np.zeros(n, dtype=int), 1, float("nan")
    s, k, labels = best
    order = [c for c, _ in Counter(labels.tolist()).most_common()]
    remap = {c: j for j, c in enumerate(order)}
    return np.array([remap[c] for c in labels]), k, s


def label_clusters(contexts: Sequence[Sequence[str]], labels: np.ndarray, *, top: int = 8, min_count: int = 2
                   ) -> dict[int, list[tuple[str, float, int]]]:
    """Top context lemmas of each cluster by smoothed log-ratio against the other clusters.

    ``score = log2( ((a + 0.5) / (n_c + 1)) / ((b + 0.5) / (n_o + 1)) )`` where ``a`` of the cluster's
    ``n_c`` usages and ``b`` of the other ``n_o`` usages contain the lemma; lemmas in fewer than ``min_count``
    of the cluster's usages are skipped. Returns ``{cluster: [(lemma, score, a), …]}``.

    References
    ----------
    Hardie, A. (2014). Log Ratio — an informal introduction. CASS, Lancaster University.
    """
    out: dict[int, list[tuple[str, float, int]]] = {}
    doc_sets = [set(c) for c in contexts]
    for c in sorted(set(labels.tolist())):
        inside = [s for s, lab in zip(doc_sets, labels) if lab == c]
        outside = [s for s, lab in zip(doc_sets, labels) if lab != c]
        a_counts = Counter(w for s in inside for w in s)
        b_counts = Counter(w for s in outside for w in s)
        n_c, n_o = len(inside), len(outside)
        scored = []
        for w, a in a_counts.items():
            if a < min_count:
                continue
            b = b_counts.get(w, 0)
            score = math.log2(((a + 0.5) / (n_c + 1)) / ((b + 0.5) / (n_o + 1)))
            scored.append((w, score, a))
        scored.sort(key=lambda t: (-t[1], -t[2], t[0]))
        out[c] = scored[:top]
    return out
