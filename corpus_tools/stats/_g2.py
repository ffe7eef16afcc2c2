"""The signed log-likelihood statistic G² of a 2×2 table, shared by association and keyness."""
from __future__ import annotations

import numpy as np


def signed_g2(O: list[np.ndarray], E: list[np.ndarray]) -> np.ndarray:
    """``±2 Σ O·ln(O/E)`` over the four cells ``O11, O12, O21, O22``, with ``0·ln 0 = 0``.

    Negative when ``O11 < E11``. NaN where ``E11`` is NaN (an empty table). No warnings are raised.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
        *Computational Linguistics* 19(1), 61–74.
    """
    total = np.zeros(np.shape(O[0]), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in zip(O, E):
            # o > 0 implies e > 0 (a positive cell has positive row and column margins), so the log is finite.
            pos = o > 0
            total = total + np.where(pos, o * np.log(np.where(pos, o, 1.0) / np.where(pos, e, 1.0)), 0.0)
    g2 = np.maximum(2.0 * total, 0.0)        # rounding can leave a tiny negative sum when O ≈ E
    g2 = np.where(np.isnan(E[0]), np.nan, g2)
    return np.where(O[0] < E[0], -g2, g2)
