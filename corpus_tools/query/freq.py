"""Frequency of queries per period, per million words, with exact Poisson confidence intervals."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import EmptySelectionError, QueryError
from ..stats.ci import per_million_ci
from .compile import DOC_FIELDS, matches_sql, query_doc_filter
from .filters import YearRange, doc_filter, field_sql
from .parse import parse_query
from .periods import decade_label, is_period_spec, parse_periods

FREQ_COLUMNS = ["query", "period", "hits", "tokens", "per_million", "ci_low", "ci_high", "docs", "docs_total",
                "boot_ci_low", "boot_ci_high", "dp", "dp_norm", "juilland_d"]


def freq(
    corpus,
    queries: str | Sequence[str],
    *,
    by: str = "year",
    years: YearRange | None = None,
    where=None,
    alpha: float = 0.05,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Hits of each query per period.

    Parameters
    ----------
    corpus : Corpus
    queries : str or list of str
        Simple queries or CQL.
    by : str, default "year"
        ``year``, ``decade``, explicit periods (``1925-1928,1929-1933``) or a document field (``doc_type``,
        ``region``, an ``extra`` field…).
    years, where
        Document filters, as in :func:`~corpus_tools.query.kwic.kwic`.
    alpha : float, default 0.05
        ``1 - alpha`` is the confidence level of the intervals.
    n_boot, seed : int
        Resamples and seed of the document-level bootstrap interval.

    Returns
    -------
    DataFrame
        One row per query and period: ``query, period, hits, tokens, per_million, ci_low, ci_high, docs,
        docs_total``. ``tokens`` counts word tokens (punctuation and symbols excluded) of the period's
        documents; ``docs`` is the number of documents with at least one hit, ``docs_total`` all documents
        of the period. ``ci_low``/``ci_high`` bound the per-million rate (exact Poisson interval, Garwood
        1936); ``boot_ci_low``/``boot_ci_high`` a document-level percentile bootstrap of the same rate (hits
        cluster in documents, so this interval is the honest one when few documents carry the hits).
        ``dp``/``dp_norm`` (Gries' DP, normalized) and ``juilland_d`` measure how evenly the hits spread over
        the period's documents. Years without documents inside the range appear with ``tokens = 0`` and NaN
        rates. Documents without a date are left out of time periods (``df.attrs["undated_documents"]``).

    Notes
    -----
    A document is placed in time by its reference year (``DateSpan.year``: the midpoint of its date span).
    """
    if isinstance(queries, str):
        queries = [queries]
    if not queries:
        raise QueryError("give at least one query")
    parsed = [(q, parse_query(q)) for q in queries]
    filt = doc_filter(years=years, where=where, extra_keys=corpus.extra_fields)
    con = corpus.con

    params: list = []
    if by in ("year", "decade") or is_period_spec(by):
        group_col = "year"
    else:
        group_col = field_sql(by, corpus.extra_fields, params)
    docs = con.execute(
        f"SELECT doc_id, n_words, {group_col} AS grp FROM doc_meta"
        + (f" WHERE {filt.text}" if filt.text else ""),
        params + filt.params,
    ).df()
    if docs.empty:
        raise EmptySelectionError("no documents match the filters; widen --from/--to or --where")
    docs, order, undated = _assign_periods(docs, by, years)

    rows = []
    for text, q in parsed:
        m = matches_sql(q, filt, extra_keys=corpus.extra_fields)
        per_doc = con.execute(f"SELECT doc_id, count(*) AS hits FROM ({m.text}) GROUP BY doc_id", m.params).df()
        d = docs
        qdocs = query_doc_filter(q, extra_keys=corpus.extra_fields)
        if qdocs.text:  # within <doc .../>: the denominators cover the same documents as the hits
            keep = con.execute(f"SELECT doc_id FROM doc_meta WHERE {qdocs.text}", qdocs.params).df()
            d = d[d["doc_id"].isin(keep["doc_id"])]
        d = d.merge(per_doc, on="doc_id", how="left")
        d["hits"] = d["hits"].fillna(0).astype("int64")
        g = d.groupby("period", sort=False).agg(
            hits=("hits", "sum"), tokens=("n_words", "sum"),
            docs=("hits", lambda s: int((s > 0).sum())), docs_total=("doc_id", "count"),
        )
        g = g.reindex(order)
        g[["hits", "tokens", "docs", "docs_total"]] = g[["hits", "tokens", "docs", "docs_total"]].fillna(0)
        pm, lo, hi = per_million_ci(g["hits"].to_numpy(), g["tokens"].to_numpy(), alpha)
        g["per_million"], g["ci_low"], g["ci_high"] = pm, lo, hi
        spread = _spread_by_period(d, alpha=alpha, n_boot=n_boot, seed=seed)
        g = g.join(spread)
        g = g.reset_index().rename(columns={"index": "period"})
        g.insert(0, "query", text)
        rows.append(g)
    out = pd.concat(rows, ignore_index=True)[FREQ_COLUMNS]
    for col in ("hits", "tokens", "docs", "docs_total"):
        out[col] = out[col].astype("int64")
    out.attrs["undated_documents"] = undated
    out.attrs["by"] = by
    return out


def _spread_by_period(d: pd.DataFrame, *, alpha: float, n_boot: int, seed: int) -> pd.DataFrame:
    """Per period: document-level bootstrap interval of the rate and dispersion of the hits over documents."""
    from ..stats.bootstrap import bootstrap_rate_ci
    from ..stats.dispersion import dispersion

    rows = {}
    for period, g in d.groupby("period", sort=False):
        hits, words = g["hits"].to_numpy(), g["n_words"].to_numpy()
        if not words.sum():
            blo, bhi = float("nan"), float("nan")
        elif not hits.sum():
            # Every resample of a period without hits has rate 0: the interval is (0, 0) without resampling
            # (the bootstrap's cost grows with the period's documents × n_boot).
            blo, bhi = 0.0, 0.0
        else:
            blo, bhi = bootstrap_rate_ci(hits, words, n_boot=n_boot, alpha=alpha, seed=seed)
        disp = dispersion(hits, words) if hits.sum() and words.sum() else {}
        rows[period] = {"boot_ci_low": blo, "boot_ci_high": bhi, "dp": disp.get("dp", float("nan")),
                        "dp_norm": disp.get("dp_norm", float("nan")),
                        "juilland_d": disp.get("juilland_d", float("nan"))}
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["boot_ci_low", "boot_ci_high", "dp", "dp_norm", "juilland_d"])


def _assign_periods(docs: pd.DataFrame, by: str, years: YearRange | None):
    """Add a ``period`` column; return the frame, the ordered list of periods and the undated count."""
    undated = 0
    if by in ("year", "decade") or is_period_spec(by):
        undated = int(docs["grp"].isna().sum())
        docs = docs[docs["grp"].notna()].copy()
        if docs.empty:
            raise EmptySelectionError("none of the selected documents has a readable date")
        yrs = docs["grp"].astype(int)
        if by == "year":
            docs["period"] = yrs
            lo = years[0] if years and years[0] is not None else int(yrs.min())
            hi = years[1] if years and years[1] is not None else int(yrs.max())
            order = list(range(lo, hi + 1))
        elif by == "decade":
            docs["period"] = yrs.map(decade_label)
            lo = (years[0] if years and years[0] is not None else int(yrs.min())) // 10 * 10
            hi = (years[1] if years and years[1] is not None else int(yrs.max())) // 10 * 10
            order = [decade_label(y) for y in range(lo, hi + 1, 10)]
        else:
            periods = parse_periods(by)
            labels = np.full(len(docs), None, dtype=object)
            yv = yrs.to_numpy()
            for p in periods:
                labels[(yv >= p.start) & (yv <= p.end)] = p.label
            docs["period"] = labels
            docs = docs[docs["period"].notna()]
            order = [p.label for p in periods]
    else:
        docs = docs.copy()
        docs["period"] = docs["grp"].map(lambda v: "(none)" if v is None or v == "" or v != v else str(v))
        order = sorted(docs["period"].unique().tolist())
    return docs, order, undated


__all__ = ["FREQ_COLUMNS", "freq", "DOC_FIELDS"]
