"""Keyness: how much more (or less) frequent an item is in a target (sub)corpus than in a reference one.

For an item with frequency ``a`` in a target of ``c`` tokens and ``b`` in a reference of ``d`` tokens the
2×2 table is ``O11 = a, O12 = c − a, O21 = b, O22 = d − b`` with ``E_ij = R_i · C_j / (c + d)``.

References
----------
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues. CADS International
    Conference, Bologna (%DIFF).
Hardie, A. (2014). Log Ratio – an informal introduction. CASS blog, Lancaster University.
Kilgarriff, A. (2009). Simple maths for keywords. *Proceedings of Corpus Linguistics 2009*, Liverpool.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Proceedings of the Workshop
    on Comparing Corpora*, ACL 2000, 1–6.
Šidák, Z. (1967). Rectangular confidence regions for the means of multivariate normal distributions.
    *Journal of the American Statistical Association* 62, 626–633.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

from ._checks import StatisticsError, as_counts, require_columns
from ._g2 import signed_g2

__all__ = ["keyness", "sidak_threshold"]

#: Columns :func:`keyness` needs.
REQUIRED = ("item", "target_freq", "reference_freq")

#: Added to a zero frequency before Log Ratio and its interval are taken (Hardie 2014).
LOG_RATIO_ZERO = 0.5

#: Coverage of the Log Ratio confidence interval.
LOG_RATIO_CI_LEVEL = 0.95

#: Sketch Engine's default smoothing constant of simple maths (Kilgarriff 2009).
DEFAULT_SMOOTHING = 1.0


def sidak_threshold(alpha: float, m: int) -> float:
    """Per-test significance level ``1 − (1 − alpha)^(1/m)`` keeping the family-wise error at ``alpha``.

    References
    ----------
    Šidák, Z. (1967). Rectangular confidence regions for the means of multivariate normal distributions.
        *Journal of the American Statistical Association* 62, 626–633.
    """
    if m < 1:
        return alpha
    # -expm1(log1p(-alpha)/m) is 1 − (1 − alpha)^(1/m) without cancellation for large m.
    return float(-np.expm1(np.log1p(-alpha) / m))


def keyness(
    df: pd.DataFrame,
    *,
    N_target: int,
    N_reference: int,
    smoothing: float = DEFAULT_SMOOTHING,
    alpha: float = 0.05,
    sidak: bool = False,
) -> pd.DataFrame:
    """Keyness scores of each item of a target corpus against a reference corpus.

    Parameters
    ----------
    df : DataFrame
        Needs ``item``, ``target_freq`` (``a``) and ``reference_freq`` (``b``); other columns are kept.
    N_target, N_reference : int
        Tokens in the target (``c``) and reference (``d``) corpora; both must be positive.
    smoothing : float, default 1.0
        The constant ``k`` of simple maths (Sketch Engine's default is 1).
    alpha : float, default 0.05
        Significance level for ``significant``.
    sidak : bool, default False
        Test each item at the Šidák-corrected level ``1 − (1 − alpha)^(1/m)``, ``m = len(df)``: pass
        every item you tested, not a pre-selected top list.

    Returns
    -------
    DataFrame
        A copy of ``df`` (same row order) with:

        ===================== =================================================================
        ``target_pm``          ``a / c · 10⁶``
        ``reference_pm``       ``b / d · 10⁶``
        ``g2``                 4-cell log-likelihood ``2 Σ O ln(O/E)``, positive when the item is
                               relatively more frequent in the target (Rayson & Garside 2000)
        ``p``                  upper tail of χ² with 1 degree of freedom at ``|g2|``
        ``significant``        ``p < alpha`` (or ``p <`` the Šidák level)
        ``log_ratio``          ``log2((a'/c) / (b'/d))``, ``a' = a`` or 0.5 when ``a = 0``, likewise
                               ``b'`` (Hardie 2014)
        ``log_ratio_ci_low``,  95 % interval: ``(ln((a'/c)/(b'/d)) ∓ 1.96 · √(1/a' + 1/b')) / ln 2``
        ``log_ratio_ci_high``
        ``simple_maths``       ``(target_pm + k) / (reference_pm + k)`` (Kilgarriff 2009)
        ``pct_diff``           ``(target_pm − reference_pm) · 100 / reference_pm`` (Gabrielatos &
                               Marchi 2012)
        ``direction``          ``"positive"`` (``a/c > b/d``), ``"negative"`` (``a/c < b/d``) or
                               ``"none"`` (equal relative frequencies)
        ===================== =================================================================

    Raises
    ------
    StatisticsError
        If a column is missing, a frequency is negative or missing, a corpus size is not positive or
        a frequency exceeds its corpus size.

    Notes
    -----
    * ``g2`` uses all four cells; Rayson & Garside's widely used formula keeps only the two cells of the
      item (``a`` and ``b``). The two agree closely when ``a ≪ c`` and ``b ≪ d``.
    * The Log Ratio interval is the Wald interval for the log of a ratio of two Poisson rates (standard
      error ``√(1/a' + 1/b')`` on the natural-log scale), converted to log2 by dividing by ln 2. With small
      counts it is wide, as it should be; with a zero count it rests on the 0.5 substitution and is only
      a rough guide.
    * ``pct_diff`` is ``+inf`` when the reference frequency is 0 (Gabrielatos & Marchi replace 0 with a tiny
      number, which gives an arbitrary huge value instead); NaN when both frequencies are 0.
    * An item absent from both corpora gets ``g2 = 0``, ``p = 1``, ``simple_maths = 1`` and NaN for
      ``log_ratio`` and its interval.

    References
    ----------
    Gabrielatos & Marchi 2012; Hardie 2014; Kilgarriff 2009; Rayson & Garside 2000; Šidák 1967 (see the
    module docstring).
    """
    require_columns(df, REQUIRED, what="keyness")
    c, d = _corpus_size(N_target, "N_target"), _corpus_size(N_reference, "N_reference")
    if not 0 < alpha < 1:
        raise StatisticsError(f"alpha must be between 0 and 1, got {alpha}")
    if smoothing < 0:
        raise StatisticsError(f"smoothing must be 0 or more, got {smoothing}")
    a = as_counts(df["target_freq"].to_numpy(), name="target_freq")
    b = as_counts(df["reference_freq"].to_numpy(), name="reference_freq")
    if (a > c).any():
        raise StatisticsError("a target_freq exceeds N_target; count N_target over the same subcorpus")
    if (b > d).any():
        raise StatisticsError("a reference_freq exceeds N_reference; count N_reference over the same subcorpus")

    n = c + d
    O = [a, c - a, b, d - b]
    E = [c * (a + b) / n, c * (n - a - b) / n, d * (a + b) / n, d * (n - a - b) / n]
    g2 = signed_g2(O, E)
    p = chi2.sf(np.abs(g2), 1)
    level = sidak_threshold(alpha, len(df)) if sidak else alpha

    t_pm, r_pm = a / c * 1e6, b / d * 1e6
    a_s = np.where(a == 0, LOG_RATIO_ZERO, a)
    b_s = np.where(b == 0, LOG_RATIO_ZERO, b)
    both_zero = (a == 0) & (b == 0)
    ln_ratio = np.where(both_zero, np.nan, np.log((a_s / c) / (b_s / d)))
    half_width = norm.ppf(0.5 + LOG_RATIO_CI_LEVEL / 2) * np.sqrt(1 / a_s + 1 / b_s)
    cross = a * d - b * c   # sign of a/c − b/d without rounding of the rates

    out = df.copy()
    out["target_pm"] = t_pm
    out["reference_pm"] = r_pm
    out["g2"] = g2
    out["p"] = p
    out["significant"] = p < level
    out["log_ratio"] = ln_ratio / np.log(2)
    out["log_ratio_ci_low"] = (ln_ratio - half_width) / np.log(2)
    out["log_ratio_ci_high"] = (ln_ratio + half_width) / np.log(2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["simple_maths"] = (t_pm + smoothing) / (r_pm + smoothing)
        out["pct_diff"] = (t_pm - r_pm) * 100 / r_pm
    out["direction"] = np.select([cross > 0, cross < 0], ["positive", "negative"], "none")
    out.attrs.update(N_target=int(c), N_reference=int(d), alpha=alpha, sidak=sidak, alpha_per_test=level,
                     smoothing=smoothing)
    return out


def _corpus_size(value, name: str) -> float:
    try:
        size = float(value)
    except (TypeError, ValueError):
        raise StatisticsError(f"{name} must be a number of tokens, got {value!r}") from None
    if not size > 0:
        raise StatisticsError(f"{name} must be positive (the subcorpus has no tokens); got {value!r}")
    return size
