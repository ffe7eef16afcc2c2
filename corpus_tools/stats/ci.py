"""Confidence intervals for counts.

References
----------
Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28, 437–442.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import chi2


def poisson_ci(k, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) two-sided ``1 - alpha`` interval for the mean of a Poisson count ``k``.

    ``lower = chi2.ppf(alpha/2, 2k) / 2`` (0 when k = 0) and ``upper = chi2.ppf(1 - alpha/2, 2k + 2) / 2``.
    Works element-wise on arrays.
    """
    k = np.asarray(k, dtype=float)
    lower = np.where(k > 0, chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    upper = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lower, upper


def per_million_ci(hits, tokens, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate per million tokens and its exact Poisson interval; NaN where ``tokens`` is 0."""
    hits = np.asarray(hits, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    lo, hi = poisson_ci(hits, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(tokens > 0, 1e6 / tokens, np.nan)
    return hits * scale, lo * scale, hi * scale
