"""Document-level (cluster) bootstrap intervals for a per-million rate.

A term recurs inside the documents that are about it, so its hits are not independent draws and the exact
Poisson interval of :mod:`corpus_tools.stats.ci` is too narrow when hits cluster. The bootstrap treats the
**document** as the unit of sampling: draw the period's ``n`` documents ``n`` times with replacement,
compute ``rate* = Σ hits / Σ words · 10⁶`` over the drawn documents, repeat ``n_boot`` times and take the
``alpha/2`` and ``1 − alpha/2`` quantiles of the ``rate*`` values (percentile interval, linear
interpolation between order statistics).

Computation: periods with few zero-hit documents are resampled document by document. In periods with
many (more than 500 at 2,000 resamples) a resample is drawn as "how many of the ``n`` draws land on
documents with hits" (binomial) plus those draws; the zero-hit documents only add words, and the sum of
their words is drawn from its normal approximation (exact mean and variance) — see
:func:`_resampled_rates`. This keeps the cost proportional to the documents *with hits* (times ``n_boot``),
not to all documents of the period.

Limits: the interval describes variation between documents of the kind the period holds, so it needs
several documents — with one document every resample is that document and the interval collapses to the
point estimate (``ci_low = ci_high = per_million``); with a handful of documents it is too narrow (the
percentile bootstrap under-covers in small samples). Resamples whose documents hold no words are dropped.
Results are deterministic for a given ``seed``.

References
----------
Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*, section 3.8 (resampling
    clusters). Cambridge University Press.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, chapter 13 (percentile interval).
    New York: Chapman & Hall.
Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K. & Mannila, H. (2016). Significance
    testing of word frequencies in corpora. *Digital Scholarship in the Humanities* 31(2), 374–397.
"""
from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from ._checks import StatisticsError, as_counts, require_columns

__all__ = ["BOOTSTRAP_COLUMNS", "bootstrap_period_ci", "bootstrap_rate_ci"]

DEFAULT_N_BOOT = 2000
DEFAULT_ALPHA = 0.05

#: Columns :func:`bootstrap_period_ci` adds after the period and the summed counts.
BOOTSTRAP_COLUMNS: tuple[str, ...] = ("docs", "per_million", "boot_ci_low", "boot_ci_high")

# Resample in blocks of at most this many drawn documents, so memory stays bounded for large periods.
_MAX_DRAWS_PER_BLOCK = 4_000_000
#: Above this many draws of zero-hit documents (their count × n_boot), the words of a resample's zero-hit
#: documents are drawn from the normal distribution with their exact mean and variance (see
#: :func:`_resampled_rates`) instead of document by document.
EXACT_ZERO_DRAWS = 1_000_000


def _check_options(n_boot: int, alpha: float) -> None:
    if int(n_boot) != n_boot or n_boot < 1:
        raise StatisticsError(f"n_boot must be a positive whole number, got {n_boot!r}")
    if not 0 < alpha < 1:
        raise StatisticsError(f"alpha must be between 0 and 1, got {alpha!r}")


def _segment_sums(values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Sums of consecutive runs of ``values`` of lengths ``sizes`` (which add up to ``values.size``)."""
    ends = np.cumsum(sizes)
    csum = np.concatenate([[0], np.cumsum(values, dtype=np.float64)])
    return csum[ends] - csum[ends - sizes]


def _direct_rates(h: np.ndarray, w: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """The exact draw: ``n`` document numbers per resample, hits and words summed (blocks bound memory)."""
    n = h.size
    block = max(1, _MAX_DRAWS_PER_BLOCK // n)
    rates = np.empty(n_boot)
    for start in range(0, n_boot, block):
        stop = min(start + block, n_boot)
        idx = rng.integers(0, n, size=(stop - start, n))
        hs, ws = h[idx].sum(axis=1), w[idx].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates[start:stop] = np.where(ws > 0, hs / ws * 1e6, np.nan)
    return rates


def _resampled_rates(h: np.ndarray, w: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap rates per million (NaN where the drawn documents hold no words).

    A resample draws the period's ``n`` documents uniformly with replacement. When the zero-hit documents are
    few (``zero-hit documents × n_boot ≤`` :data:`EXACT_ZERO_DRAWS`) it is drawn exactly that way
    (:func:`_direct_rates`). Otherwise it is drawn in an equivalent form: the number ``K`` of draws that fall
    on the ``m`` documents with hits is Binomial(n, m/n); those ``K`` draws are uniform over the documents with
    hits and are drawn one by one (hits and words; cost ``n_boot · m``); the other ``n − K`` draws fall on
    zero-hit documents, which add only words, and the sum of their words is drawn from the normal
    distribution with its exact conditional mean ``(n − K)·μ₀`` and variance ``(n − K)·σ₀²`` (μ₀, σ₀² the mean
    and population variance of the zero-hit documents' word counts), clipped to the possible range
    ``(n − K)·[min, max]``. That last step is a central-limit approximation, used only when more than
    ``EXACT_ZERO_DRAWS / n_boot`` zero-hit documents (500 at the default 2,000 resamples) are summed per
    resample; its effect on the interval is far below the Monte-Carlo error of the percentile estimate.
    """
    n = h.size
    hit = h > 0
    m = int(hit.sum())
    if (n - m) * n_boot <= EXACT_ZERO_DRAWS:
        return _direct_rates(h, w, n_boot, rng)
    hh, wh, wz = h[hit].astype(np.float64), w[hit].astype(np.float64), w[~hit].astype(np.float64)
    k = rng.binomial(n, m / n, size=n_boot)  # draws landing on documents with hits (here n − m ≥ 1)
    hits = np.zeros(n_boot)
    words_hit = np.zeros(n_boot)
    if m:
        per = max(1, _MAX_DRAWS_PER_BLOCK // n)
        for start in range(0, n_boot, per):
            kk = k[start:start + per]
            idx = rng.integers(0, m, size=int(kk.sum()))
            hits[start:start + per] = _segment_sums(hh[idx], kk)
            words_hit[start:start + per] = _segment_sums(wh[idx], kk)
    nz = n - k
    mu, var = float(wz.mean()), float(wz.var())
    words_zero = nz * mu + np.sqrt(nz * var) * rng.standard_normal(n_boot)
    words_zero = np.clip(words_zero, nz * float(wz.min()), nz * float(wz.max()))
    ws = words_hit + words_zero
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ws > 0, hits / ws * 1e6, np.nan)


def _interval(h: np.ndarray, w: np.ndarray, n_boot: int, alpha: float, rng: np.random.Generator):
    if h.size == 0 or w.sum() == 0:
        return float("nan"), float("nan")
    rates = _resampled_rates(h, w, n_boot, rng)
    rates = rates[~np.isnan(rates)]
    lo, hi = np.quantile(rates, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


def bootstrap_rate_ci(
    hits,
    words,
    *,
    n_boot: int = DEFAULT_N_BOOT,
    alpha: float = DEFAULT_ALPHA,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile interval of the per-million rate ``Σ hits / Σ words · 10⁶`` by resampling documents.

    Parameters
    ----------
    hits : array-like of int
        Hits in each document of the period.
    words : array-like of int
        Word tokens of each document, same order.
    n_boot : int, default 2000
        Number of resamples.
    alpha : float, default 0.05
        ``1 − alpha`` is the coverage of the interval.
    seed : int, default 0
        Seed of the random generator; the same inputs and seed give the same interval.

    Returns
    -------
    (float, float)
        ``(ci_low, ci_high)`` per million words; ``(nan, nan)`` without documents or words. With one document
        the interval is degenerate (both ends equal its rate).

    Raises
    ------
    StatisticsError
        If the lengths differ, a count is negative or missing, or an option is out of range.

    References
    ----------
    Davison & Hinkley 1997; Efron & Tibshirani 1993 (see the module docstring).
    """
    _check_options(n_boot, alpha)
    h = as_counts(hits, name="hits").ravel()
    w = as_counts(words, name="words").ravel()
    if h.shape != w.shape:
        raise StatisticsError(f"hits and words must have one value per document ({h.size} vs {w.size})")
    return _interval(h, w, int(n_boot), alpha, np.random.default_rng(seed))


def _period_rng(seed: int, label) -> np.random.Generator:
    # Seed each period from (seed, its label) so a period's interval does not change when other periods are
    # added to or removed from the table.
    return np.random.default_rng([int(seed), zlib.crc32(str(label).encode("utf-8"))])


def bootstrap_period_ci(
    df: pd.DataFrame,
    *,
    period: str = "period",
    hits: str = "hits",
    words: str = "n_words",
    n_boot: int = DEFAULT_N_BOOT,
    alpha: float = DEFAULT_ALPHA,
    seed: int = 0,
) -> pd.DataFrame:
    """Per-million rate and its document-level bootstrap interval for each period.

    Parameters
    ----------
    df : DataFrame
        One row per document with its period label, hits and word tokens (documents without hits must be
        included, with 0 hits).
    period, hits, words : str
        Column names.
    n_boot, alpha, seed
        As in :func:`bootstrap_rate_ci`. Each period is resampled with a generator seeded from ``seed`` and
        the period's label, so results do not depend on which other periods are present.

    Returns
    -------
    DataFrame
        One row per period, sorted by period: ``<period>, <hits>, <words>`` (sums), ``docs`` (documents),
        ``per_million`` (``Σ hits / Σ words · 10⁶``), ``boot_ci_low``, ``boot_ci_high``. A categorical
        ``period`` column also yields its unused categories, with ``docs = 0`` and NaN rates.

    Raises
    ------
    StatisticsError
        If a column is missing, a count is negative or missing, or an option is out of range.

    References
    ----------
    Davison & Hinkley 1997; Efron & Tibshirani 1993 (see the module docstring).
    """
    _check_options(n_boot, alpha)
    require_columns(df, (period, hits, words), what="bootstrap_period_ci")
    h_all = as_counts(df[hits].to_numpy(), name=hits)
    w_all = as_counts(df[words].to_numpy(), name=words)
    labels = df[period]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        keys = list(labels.cat.categories)
        codes = labels.cat.codes.to_numpy()
    else:
        keys = sorted(pd.unique(labels.dropna()))
        codes = pd.Index(keys).get_indexer(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
    rows = []
    for k, label in enumerate(keys):
        sel = order[bounds[k]:bounds[k + 1]]
        h, w = h_all[sel], w_all[sel]
        total_h, total_w = float(h.sum()), float(w.sum())
        lo, hi = _interval(h, w, int(n_boot), alpha, _period_rng(seed, label))
        rows.append((label, total_h, total_w, sel.size,
                     total_h / total_w * 1e6 if total_w > 0 else float("nan"), lo, hi))
    out = pd.DataFrame(rows, columns=[period, hits, words, *BOOTSTRAP_COLUMNS])
    out[[hits, words]] = out[[hits, words]].astype("int64")
    out["docs"] = out["docs"].astype("int64")
    if isinstance(labels.dtype, pd.CategoricalDtype):
        out[period] = pd.Categorical(out[period], categories=labels.cat.categories, ordered=labels.cat.ordered)
    out.attrs.update(n_boot=int(n_boot), alpha=alpha, seed=seed, method="document-level percentile bootstrap")
    return out
