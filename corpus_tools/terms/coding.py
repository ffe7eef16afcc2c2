"""Euphemism coding: export KWIC lines of a term for manual coding, import the coded file, coded shares over time.

A historian codes each line (e.g. ``seasonal`` / ``flight`` / ``unclear``) in a spreadsheet; the shares of each
code per period come back with Wilson 95 % intervals.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *JASA* 22, 209–212.
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion. *Statistical
Science* 16, 101–133 (recommend the Wilson interval for small n).
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from ..errors import CorpusToolsError

__all__ = ["CODING_COLUMNS", "CodingError", "coded_shares", "export_for_coding", "import_coded",
           "wilson_interval"]

#: Columns of an exported coding file, in order.
CODING_COLUMNS = ["row", "doc_id", "date", "year", "start", "end", "left", "match", "right", "code", "note"]
_REQUIRED = ("doc_id", "year", "start", "end", "match", "code")


class CodingError(CorpusToolsError):
    """A coded file cannot be read (the message names the row and column)."""


def wilson_interval(k: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n``.

    ``(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`` with ``z = Φ⁻¹(1 − alpha/2)``; ``(nan, nan)``
    when ``n`` is 0. Unlike the normal (Wald) interval it stays inside [0, 1] and keeps its coverage for
    small ``n`` and proportions near 0 or 1.

    References
    ----------
    Wilson (1927); Brown, Cai & DasGupta (2001).
    """
    if n <= 0:
        return float("nan"), float("nan")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n (k={k}, n={n})")
    z = float(norm.ppf(1 - alpha / 2))
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return float(low), float(high)


def export_for_coding(corpus, target: str, path: str | os.PathLike, *, periods: str | None = None,
                      sample: int | None = None, seed: int = 0, lexicon=None, width: int = 70) -> pd.DataFrame:
    """Write the KWIC lines of ``target`` (``term:ID`` or a query) to a CSV with an empty ``code`` column.

    Parameters
    ----------
    periods : str, optional
        Keep hits in these periods only (``1912-1928,1929-1933``); with ``sample`` the sample is drawn per
        period, so every period is represented.
    sample : int, optional
        At most this many lines (per period when ``periods`` is given), drawn at random with ``seed``.

    Returns
    -------
    DataFrame
        The rows written (columns :data:`CODING_COLUMNS`, plus ``period`` when ``periods`` is given).
    """
    from ..query.periods import parse_periods
    from .track import _hits, _kwic_lines, _period_of

    hits = _hits(corpus, target, lexicon)
    cols = list(CODING_COLUMNS)
    if periods:
        hits = hits.assign(period=_period_of(hits["year"], parse_periods(periods)))
        hits = hits[hits["period"].notna()]
        cols.insert(4, "period")
    if sample is not None:
        if periods:
            hits = pd.concat([g.sample(n=min(sample, len(g)), random_state=seed)
                              for _, g in hits.groupby("period", sort=False)])
        elif len(hits) > sample:
            hits = hits.sample(n=sample, random_state=seed)
        hits = hits.sort_values(["year", "doc_id", "start"], na_position="last")
    hits = hits.reset_index(drop=True)
    ids = sorted(set(hits["doc_id"]))
    dates = {}
    if ids:
        dates = dict(corpus.con.execute(
            f"SELECT doc_id, coalesce(date_text, CAST(date_start AS VARCHAR)) FROM documents "
            f"WHERE doc_id IN ({', '.join('?' for _ in ids)})", ids).fetchall())
    out = _kwic_lines(corpus, hits, width=width)
    out = out.assign(row=np.arange(1, len(out) + 1), date=[dates.get(d) for d in out["doc_id"]], code="", note="")
    out = out[cols]
    out.to_csv(path, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL)
    return out


def import_coded(path: str | os.PathLike) -> pd.DataFrame:
    """Read a coded CSV back; rows with an empty ``code`` are dropped (``attrs["uncoded"]`` counts them).

    Raises
    ------
    CodingError
        One line naming the file, row and column: a missing column, a non-numeric year or offset.
    """
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise CodingError(f"{p}: cannot read the coded file ({e.__class__.__name__}); save it as UTF-8 CSV") from e
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise CodingError(f"{p}: column {missing[0]!r} is missing; keep the columns written by export "
                          f"({', '.join(_REQUIRED)})")
    for col in ("year", "start", "end"):
        for j, v in enumerate(df[col]):
            v = v.strip()
            if col == "year" and v == "":
                continue
            if not v.lstrip("-").isdigit():
                raise CodingError(f"{p}: row {j + 2}, column {col!r}: {v!r} is not a whole number; "
                                  "do not edit this column")
    df["code"] = df["code"].str.strip()
    uncoded = int((df["code"] == "").sum())
    df = df[df["code"] != ""].copy()
    df["year"] = pd.to_numeric(df["year"].replace("", None)).astype("Int64")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    df.attrs["uncoded"] = uncoded
    return df.reset_index(drop=True)


def coded_shares(coded: pd.DataFrame, *, by: str = "year", alpha: float = 0.05) -> pd.DataFrame:
    """Share of each code per period with a Wilson ``1 − alpha`` interval.

    Parameters
    ----------
    coded : DataFrame
        From :func:`import_coded` (needs ``year`` and ``code``).
    by : str
        ``"year"``, ``"decade"`` or periods like ``1912-1928,1929-1933`` (rows outside them are left out).

    Returns
    -------
    DataFrame
        ``period, code, n, total, share, ci_low, ci_high``; every code appears in every period (n may be 0).
    """
    from ..query.periods import decade_label, is_period_spec, parse_periods
    from .track import _period_of

    df = coded.dropna(subset=["year"]).copy()
    if by == "year":
        df["period"] = df["year"].astype(int).astype(str)
        order = sorted(df["period"].unique())
    elif by == "decade":
        df["period"] = df["year"].map(lambda y: decade_label(int(y)))
        order = sorted(df["period"].unique())
    elif is_period_spec(by):
        plist = parse_periods(by)
        df["period"] = _period_of(df["year"].astype(float), plist)
        df = df[df["period"].notna()]
        order = [p.label for p in plist]
    else:
        raise CodingError(f"by must be 'year', 'decade' or periods like 1912-1928,1929-1933, got {by!r}")
    codes = sorted(df["code"].unique())
    rows = []
    for p in order:
        g = df[df["period"] == p]
        total = len(g)
        for c in codes:
            n = int((g["code"] == c).sum())
            lo, hi = wilson_interval(n, total, alpha)
            rows.append({"period": p, "code": c, "n": n, "total": total,
                         "share": n / total if total else float("nan"), "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=["period", "code", "n", "total", "share", "ci_low", "ci_high"])
