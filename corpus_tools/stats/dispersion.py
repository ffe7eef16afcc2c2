"""Dispersion of an item over the parts (documents) of a corpus: range, Gries' DP and DPnorm, Juilland's D.

Notation for one item over ``n`` parts: ``f_i`` its frequency in part ``i``, ``F = Σ f_i``; ``w_i`` the size
of part ``i`` in tokens, ``W = Σ w_i``; ``v_i = f_i / F`` (share of the item's occurrences) and
``s_i = w_i / W`` (share of the corpus). Parts where the item does not occur take part with ``f_i = 0``.

* ``range`` = number of parts with ``f_i > 0``.
* ``dp`` = ``½ Σ |v_i − s_i|`` (Gries 2008): 0 = spread exactly as the part sizes predict; close to 1 =
  concentrated in a small part.
* ``dp_norm`` = ``dp / (1 − min s_i)`` (Lijffijt & Gries 2012), which reaches 1 when every occurrence is in
  the smallest part.
* ``juilland_d`` = ``1 − V / √(n − 1)`` (Juilland & Chang-Rodríguez 1964) where ``V = σ / μ`` is the
  coefficient of variation of the item's **relative** frequencies ``p_i = f_i / w_i`` over the ``n`` parts
  (``σ`` the population standard deviation, divisor ``n``). Using relative rather than raw frequencies is
  how Gries (2008) applies D to parts of unequal size; with equal parts both agree. 1 = perfectly even,
  0 = all occurrences in one part.

Parts of size 0 are ignored (they hold no tokens, so no occurrences). An item that never occurs gets
``range = 0`` and NaN for the three scores; with a single part ``dp_norm`` and ``juilland_d`` are NaN.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal of Corpus
    Linguistics* 13(4), 403–437.
Juilland, A. & Chang-Rodríguez, E. (1964). *Frequency Dictionary of Spanish Words*. The Hague: Mouton.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted frequencies in
    corpora". *International Journal of Corpus Linguistics* 17(1), 147–149.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._checks import StatisticsError, as_counts, require_columns

__all__ = ["DISPERSION_MEASURES", "dispersion", "dispersion_table"]

#: Keys of :func:`dispersion` and score columns of :func:`dispersion_table`.
DISPERSION_MEASURES: tuple[str, ...] = ("range", "dp", "dp_norm", "juilland_d")


def _scores(F, n_range, abs_dev_nz, s_nz, sum_p, sum_p2, n_parts, min_s):
    """The scores from per-item sums over the parts where the item occurs (vectorised over items).

    ``abs_dev_nz = Σ_{f_i>0} |v_i − s_i|``, ``s_nz = Σ_{f_i>0} s_i``, ``sum_p = Σ p_i``,
    ``sum_p2 = Σ p_i²``; parts with ``f_i = 0`` contribute ``|0 − s_i| = s_i`` to DP, i.e. ``1 − s_nz`` in
    all, and nothing to the sums of ``p``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        occurs = F > 0
        dp = np.where(occurs, 0.5 * (abs_dev_nz + np.maximum(1.0 - s_nz, 0.0)), np.nan)
        dp = np.clip(dp, 0.0, 1.0)
        dp_norm = np.where(n_parts > 1, dp / (1.0 - min_s), np.nan)
        mean = sum_p / n_parts
        var = np.maximum(sum_p2 / n_parts - mean ** 2, 0.0)   # population variance; clip rounding below 0
        cv = np.sqrt(var) / mean
        d = np.where(occurs & (n_parts > 1), 1.0 - cv / np.sqrt(n_parts - 1.0), np.nan)
    return {"range": n_range, "dp": dp, "dp_norm": dp_norm, "juilland_d": d}


def dispersion(freqs, sizes) -> dict:
    """Range, DP, DPnorm and Juilland's D of one item over the parts of a corpus.

    Parameters
    ----------
    freqs : array-like of int
        The item's frequency in each part, zeros included.
    sizes : array-like of int
        Size of each part in tokens, same order and length as ``freqs``.

    Returns
    -------
    dict
        ``range`` (int), ``dp``, ``dp_norm``, ``juilland_d`` (floats; see the module docstring).

    Raises
    ------
    StatisticsError
        If the lengths differ, a value is negative or missing, a part of size 0 has occurrences, or there
        are no tokens at all.

    Examples
    --------
    Gries' (2008) toy corpus: 5 parts of 9, 10, 10, 10 and 11 tokens; the item occurs 1, 2, 3, 4 and 5 times.

    >>> r = dispersion([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    >>> round(r["dp"], 2), round(r["dp_norm"], 4)
    (0.18, 0.2195)

    References
    ----------
    Gries 2008; Juilland & Chang-Rodríguez 1964; Lijffijt & Gries 2012 (see the module docstring).
    """
    f = as_counts(freqs, name="freqs").ravel()
    w = as_counts(sizes, name="sizes").ravel()
    if f.shape != w.shape:
        raise StatisticsError(f"freqs and sizes must have the same length ({f.size} vs {w.size})")
    if (f[w == 0] > 0).any():
        raise StatisticsError("a part of size 0 has occurrences; pass the part sizes in tokens")
    f, w = f[w > 0], w[w > 0]
    if not w.size:
        raise StatisticsError("the parts hold no tokens; pass at least one part with a positive size")
    s = w / w.sum()
    F = f.sum()
    nz = f > 0
    v = f[nz] / F if F > 0 else f[nz]
    p = f / w
    sc = _scores(np.array([F]), np.array([int(nz.sum())]), np.array([np.abs(v - s[nz]).sum()]),
                 np.array([s[nz].sum()]), np.array([p.sum()]), np.array([(p ** 2).sum()]),
                 np.array([float(w.size)]), np.array([s.min()]))
    return {"range": int(sc["range"][0]), "dp": float(sc["dp"][0]), "dp_norm": float(sc["dp_norm"][0]),
            "juilland_d": float(sc["juilland_d"][0])}


def dispersion_table(
    df: pd.DataFrame,
    *,
    part: str,
    item: str,
    freq: str,
    size: str,
    part_sizes: Mapping | pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`dispersion` for many items at once, from a long table of (item, part, frequency, part size).

    Parameters
    ----------
    df : DataFrame
        One row per item and part where it occurs (rows with frequency 0 are allowed, rows of parts where the
        item is absent may be left out); duplicate (item, part) rows are summed.
    part, item, freq, size : str
        Names of the part (document) id, item, frequency and part-size columns of ``df``.
    part_sizes : mapping or Series, optional
        Size of **every** part of the corpus (part id → tokens). Give it when some parts contain none of the
        items in ``df``; otherwise the parts are those that appear in ``df``.

    Returns
    -------
    DataFrame
        One row per item, sorted by item: ``<item>, freq, parts, range, dp, dp_norm, juilland_d`` where
        ``freq`` is the item's total frequency and ``parts`` the number of parts of the corpus.

    Raises
    ------
    StatisticsError
        If a column is missing, a count is negative or missing, one part has two sizes, or an item occurs
        in a part missing from ``part_sizes``.

    Notes
    -----
    Works on the rows given, never on an item × part matrix: parts where an item is absent enter DP through
    ``Σ_{f_i=0} s_i = 1 − Σ_{f_i>0} s_i`` and Juilland's D through the part count ``n`` only.

    References
    ----------
    Gries 2008; Juilland & Chang-Rodríguez 1964; Lijffijt & Gries 2012 (see the module docstring).
    """
    require_columns(df, (part, item, freq, size), what="dispersion_table")
    if df[item].isna().any() or df[part].isna().any():
        raise StatisticsError(f"columns {item!r} and {part!r} have missing values; drop those rows first")
    sizes = _part_sizes(df, part=part, size=size, part_sizes=part_sizes)
    f_all = as_counts(df[freq].to_numpy(), name=freq)
    item_codes, items = pd.factorize(df[item], sort=True)
    part_codes, parts = pd.factorize(df[part])
    w_part = sizes.reindex(parts).to_numpy(dtype=float)
    if np.isnan(w_part).any():
        raise StatisticsError(f"part {parts[np.isnan(w_part)][0]!r} is missing from part_sizes; "
                              "give the size of every part")
    if ((w_part[part_codes] == 0) & (f_all > 0)).any():
        raise StatisticsError("a part of size 0 has occurrences; pass the part sizes in tokens")
    positive = sizes[sizes > 0]
    if positive.empty:
        raise StatisticsError("the parts hold no tokens; pass at least one part with a positive size")
    W, n_parts, min_s = float(positive.sum()), float(len(positive)), float(positive.min() / positive.sum())

    # One entry per (item, part) with f > 0, duplicates summed: key = item code · (number of parts) + part code.
    keep = f_all > 0
    key = item_codes[keep].astype(np.int64) * len(parts) + part_codes[keep]
    pairs, inverse = np.unique(key, return_inverse=True)
    f = np.bincount(inverse, weights=f_all[keep], minlength=pairs.size)
    codes, w = pairs // len(parts), w_part[pairs % len(parts)]
    s = w / W
    p = f / w
    k = len(items)
    F = np.bincount(codes, weights=f, minlength=k)
    v = f / F[codes]
    out = pd.DataFrame({item: items, "freq": F, "parts": int(n_parts)})
    scores = _scores(
        F,
        np.bincount(codes, minlength=k),
        np.bincount(codes, weights=np.abs(v - s), minlength=k),
        np.bincount(codes, weights=s, minlength=k),
        np.bincount(codes, weights=p, minlength=k),
        np.bincount(codes, weights=p * p, minlength=k),
        np.full(k, n_parts),
        np.full(k, min_s),
    )
    for name in DISPERSION_MEASURES:
        out[name] = scores[name]
    out["freq"] = out["freq"].round().astype("int64")
    out["range"] = out["range"].astype("int64")
    return out


def _part_sizes(df: pd.DataFrame, *, part: str, size: str, part_sizes) -> pd.Series:
    """One size per part: from ``part_sizes`` when given (checked against ``df``), else from ``df``."""
    pairs = df[[part, size]].drop_duplicates()
    if pairs[part].duplicated().any():
        bad = pairs.loc[pairs[part].duplicated(), part].iloc[0]
        raise StatisticsError(f"part {bad!r} has more than one size in column {size!r}; give each part one size")
    from_df = pd.Series(as_counts(pairs[size].to_numpy(), name=size), index=pairs[part].to_numpy())
    if part_sizes is None:
        return from_df
    given = pd.Series(part_sizes, dtype=float)
    given = pd.Series(as_counts(given.to_numpy(), name="part_sizes"), index=given.index)
    common = from_df.index.intersection(given.index)
    if (from_df[common] != given[common]).any():
        raise StatisticsError(f"the sizes in column {size!r} disagree with part_sizes; use one source of sizes")
    return given
