"""Collocations of a query: window counts → contingency tables → association measures (``stats.association``).

Convention (Evert 2008, "surface co-occurrence"; see ``docs/statistics.md``):

* the **window** of a hit is ``left`` token positions before its first token and ``right`` after its last
  (``sentence=True`` also stops it at the sentence boundary); positions are counted over all tokens, but only
  word tokens (not PUNCT/SYM) are counted as collocates;
* the windows of all hits are merged: a token position inside two overlapping windows counts once, and the
  tokens of any match are not part of any window (so ``f ≤ f2`` and the contingency table is consistent);
* ``f`` (O11) = occurrences of the collocate at window positions; ``R1`` = word tokens at window positions;
  ``f1`` = hits of the query; ``f2`` = the collocate's frequency in the (sub)corpus; ``N`` = word tokens of the
  (sub)corpus.
"""
from __future__ import annotations

import pandas as pd

from ..errors import QueryError
from .compile import SQL, matches_sql, query_doc_filter
from .filters import YearRange, doc_filter
from .parse import parse_query
from .periods import decade_label, is_period_spec, parse_periods
from .subcorpus import corpus_size, item_sql, word_sql

DEFAULT_SPAN = 5
DEFAULT_MEASURE = "logdice"


def _window_counts(con, query_sql: SQL, *, by: str, left: int, right: int, sentence: bool):
    """Per-collocate window counts plus the totals (f1 hits, R1 window tokens).

    Window positions are listed explicitly (``left`` before the first token, ``right`` after the last) and
    joined to the tokens on equality ``(doc_id, i)``: a hash join whose cost grows with the corpus scan, not
    with hits × document length as a range join would.
    """
    if sentence:
        m_cte = f"""m AS (
            SELECT q.doc_id, q.i0, q.i1, s.sent FROM ({query_sql.text}) q
            JOIN tokens s ON s.doc_id = q.doc_id AND s.i = q.i0)"""
        sent_cond = "AND t.sent = p.sent"
    else:
        m_cte = f"m AS (SELECT doc_id, i0, i1, NULL::INTEGER AS sent FROM ({query_sql.text}))"
        sent_cond = ""
    # Safe: ``sent_cond`` is a fixed string, ``item_sql``/``word_sql`` return allow-listed expressions.
    base = f"""
        WITH {m_cte},
        p AS (
            SELECT doc_id, sent, unnest(list_concat(range(i0 - ?, i0), range(i1 + 1, i1 + 1 + ?))) AS i FROM m
        ),
        nodes AS (SELECT DISTINCT doc_id, unnest(range(i0, i1 + 1)) AS i FROM m),
        win AS (
            SELECT DISTINCT t.doc_id, t.i, {item_sql(by, 't')} AS item
            FROM p JOIN tokens t ON t.doc_id = p.doc_id AND t.i = p.i {sent_cond}
            WHERE {word_sql('t')}
        ),
        w AS (SELECT win.* FROM win ANTI JOIN nodes ON win.doc_id = nodes.doc_id AND win.i = nodes.i)
    """
    params = query_sql.params + [left, right]
    counts = con.execute(
        base + "SELECT item AS collocate, count(*) AS f, count(DISTINCT doc_id) AS docs FROM w GROUP BY item",
        params,
    ).df()
    f1 = con.execute(f"WITH {m_cte} SELECT count(*) FROM m", query_sql.params).fetchall()[0][0]
    return counts, int(f1), int(counts["f"].sum()) if len(counts) else 0


#: Connection-scoped cache of whole-corpus item frequencies, one temporary table per ``by`` (derived from the
#: token parts; it dies with the connection).
_F2_TABLE = "_corpus_tools_f2_{by}"


def _whole_corpus_freqs(con, by: str) -> str:
    """Name of a temporary table ``(item, f2)``: word-token frequencies of every ``by`` item in the whole
    corpus, made by one scan on first use; later collocation tables without filters look ``f2`` up in it."""
    name = _F2_TABLE.format(by=by)  # safe: ``by`` was checked against ITEM_ATTRIBUTES by item_sql
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [name]
    ).fetchall()[0][0]
    if not exists:
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT {item_sql(by)} AS item, count(*) AS f2 FROM tokens "
                    f"WHERE {word_sql()} GROUP BY 1")
    return name


def _corpus_freqs(con, filt: SQL, attr: str, items: list[str], *, by: str | None = None) -> pd.DataFrame:
    if not items:
        return pd.DataFrame({"collocate": [], "f2": []})
    con.register("_coll_items", pd.DataFrame({"collocate": items}))
    try:
        if by is not None and not filt.text:
            table = _whole_corpus_freqs(con, by)
            return con.execute(
                f"SELECT item AS collocate, f2 FROM {table} WHERE item IN (SELECT collocate FROM _coll_items)"
            ).df()
        cond = f"AND doc_id IN (SELECT doc_id FROM doc_meta WHERE {filt.text})" if filt.text else ""
        return con.execute(
            f"""SELECT {attr} AS collocate, count(*) AS f2 FROM tokens
                WHERE {word_sql()} {cond} AND {attr} IN (SELECT collocate FROM _coll_items)
                GROUP BY 1""",
            filt.params,
        ).df()
    finally:
        con.unregister("_coll_items")


def collocates(
    corpus,
    query: str,
    *,
    left: int = DEFAULT_SPAN,
    right: int = DEFAULT_SPAN,
    sentence: bool = False,
    by: str = "lemma",
    min_freq: int = 2,
    years: YearRange | None = None,
    where=None,
    sort: str = DEFAULT_MEASURE,
    limit: int | None = None,
) -> pd.DataFrame:
    """Collocates of ``query`` with every association measure of :mod:`corpus_tools.stats.association`.

    Parameters
    ----------
    query : str
        The node: simple query or CQL.
    left, right : int, default 5
        Window size in token positions on each side of the match.
    sentence : bool, default False
        Also stop windows at sentence boundaries.
    by : {"lemma", "norm", "word", "pos"}
        Count collocates by lemma, normalized form, original spelling or POS.
    min_freq : int, default 2
        Minimum co-occurrence frequency ``f``.
    years, where
        Document filters; the subcorpus they select is also the reference for ``f2`` and ``N``.
    sort : str, default "logdice"
        A measure name (or ``freq``); sorted descending, ties by collocate.
    limit : int, optional
        Keep the first ``limit`` rows after sorting.

    Returns
    -------
    DataFrame
        ``collocate, freq, docs, f1, f2, N, R1, O11…O22, E11`` and one column per measure
        (``mi, mi3, t, z, g2, dice, logdice, log_ratio, delta_p, min_sens``). ``freq`` = ``f`` = O11.
    """
    from ..stats.association import MEASURES, association_measures

    if left < 0 or right < 0 or left + right == 0:
        raise QueryError("the window needs at least one position: set --left and/or --right above 0")
    if sort not in MEASURES and sort != "freq":
        raise QueryError(f"unknown measure {sort!r}; use freq or one of {', '.join(MEASURES)}")
    attr = item_sql(by)
    parsed = parse_query(query)
    filt = doc_filter(years=years, where=where, extra_keys=corpus.extra_fields)
    qdocs = query_doc_filter(parsed, extra_keys=corpus.extra_fields)
    if qdocs.text:  # within <doc .../>: f2 and N come from the same documents as the hits
        filt = SQL(" AND ".join(p for p in (filt.text, qdocs.text) if p), filt.params + qdocs.params)
    con = corpus.con
    counts, f1, r1 = _window_counts(con, matches_sql(parsed, filt, extra_keys=corpus.extra_fields), by=by,
                                    left=left, right=right,
                                    sentence=sentence)
    N, _ = corpus_size(con, filt)
    counts = counts[counts["f"] >= min_freq]
    if counts.empty:
        df = counts.assign(f2=pd.Series(dtype="int64"))
    else:
        df = counts.merge(_corpus_freqs(con, filt, attr, counts["collocate"].tolist(), by=by),
                          on="collocate", how="left")
    df["f1"], df["N"], df["R1"] = f1, N, r1
    df = association_measures(df)
    df = df.rename(columns={"f": "freq"})
    key = "freq" if sort == "freq" else sort
    df = df.sort_values([key, "collocate"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    if limit is not None:
        df = df.head(limit)
    front = ["collocate", "freq", "docs", "f1", "f2", "N", "R1"]
    df = df[front + [c for c in df.columns if c not in front]]
    df.attrs.update(query=query, f1=f1, R1=r1, N=N, left=left, right=right, sentence=sentence, by=by)
    return df


def _period_subsets(corpus, per: str, years: YearRange | None):
    """(label, years) pairs for year / decade / explicit periods."""
    if is_period_spec(per):
        return [(p.label, (p.start, p.end)) for p in parse_periods(per)]
    meta_years = corpus.meta.get("years") or [None, None]
    lo = years[0] if years and years[0] is not None else meta_years[0]
    hi = years[1] if years and years[1] is not None else meta_years[1]
    if lo is None or hi is None:
        raise QueryError("the corpus has no dated documents to split into periods")
    if per == "year":
        return [(y, (y, y)) for y in range(lo, hi + 1)]
    if per == "decade":
        return [(decade_label(d), (d, d + 9)) for d in range(lo // 10 * 10, hi // 10 * 10 + 1, 10)]
    raise QueryError(f"cannot split by {per!r}; use year, decade or periods like 1925-1928,1929-1933")


def collocates_by_period(corpus, query: str, *, per: str = "year", years: YearRange | None = None, where=None,
                         **options) -> pd.DataFrame:
    """The collocation table of :func:`collocates` computed separately in each period (``per``: year, decade
    or periods like ``1925-1928,1929-1933``) (each period is its own
    subcorpus for ``f2`` and ``N``); a ``period`` column first. Periods without hits are skipped."""
    frames = []
    for label, span in _period_subsets(corpus, per, years):
        df = collocates(corpus, query, years=span, where=where, **options)
        if len(df):
            df.insert(0, "period", label)
            frames.append(df)
    if not frames:
        return pd.DataFrame(columns=["period", "collocate", "freq"])
    return pd.concat(frames, ignore_index=True)


def association_series(corpus, query: str, collocate: str, *, measure: str = DEFAULT_MEASURE, per: str = "year",
                       years: YearRange | None = None, where=None, **options) -> pd.DataFrame:
    """Time series of one association (e.g. logDice of «откочевка» + «бегство») per period.

    Returns ``period, f1, freq, f2, N, <measure>``; periods where the pair does not co-occur have
    ``freq = 0`` and NaN for the measure.
    """
    rows = []
    options = {**options, "min_freq": 1}
    for label, span in _period_subsets(corpus, per, years):
        df = collocates(corpus, query, years=span, where=where, sort="freq", **options)
        hit = df[df["collocate"] == collocate]
        if len(hit):
            r = hit.iloc[0]
            rows.append({"period": label, "f1": int(r["f1"]), "freq": int(r["freq"]), "f2": int(r["f2"]),
                         "N": int(r["N"]), measure: float(r[measure])})
        else:
            rows.append({"period": label, "f1": int(df.attrs.get("f1", 0)), "freq": 0, "f2": None,
                         "N": int(df.attrs.get("N", 0)), measure: float("nan")})
    out = pd.DataFrame(rows)
    out.attrs.update(query=query, collocate=collocate, measure=measure)
    return out


def collocate_changes(corpus, query: str, period_a: str, period_b: str, *, measure: str = DEFAULT_MEASURE,
                      where=None, **options) -> pd.DataFrame:
    """Which collocates appear, vanish or change most between two periods (``1925-1928`` vs ``1929-1933``).

    Returns ``collocate, status, freq_a, freq_b, <measure>_a, <measure>_b, change`` with status ``appears``
    (only in b), ``vanishes`` (only in a) or ``shared``; sorted by status, then by |change| descending.
    """
    def one(spec: str) -> pd.DataFrame:
        (p,) = parse_periods(spec)
        df = collocates(corpus, query, years=(p.start, p.end), where=where, sort="freq", **options)
        return df[["collocate", "freq", measure]]

    a, b = one(period_a), one(period_b)
    m = a.merge(b, on="collocate", how="outer", suffixes=("_a", "_b"))
    m["status"] = "shared"
    m.loc[m["freq_a"].isna(), "status"] = "appears"
    m.loc[m["freq_b"].isna(), "status"] = "vanishes"
    m[["freq_a", "freq_b"]] = m[["freq_a", "freq_b"]].fillna(0).astype("int64")
    m["change"] = m[f"{measure}_b"] - m[f"{measure}_a"]
    order = {"appears": 0, "vanishes": 1, "shared": 2}
    m["_o"] = m["status"].map(order)
    m["_abs"] = m["change"].abs().fillna(-1)
    m["_f"] = m["freq_a"] + m["freq_b"]
    m = m.sort_values(["_o", "_abs", "_f", "collocate"], ascending=[True, False, False, True], kind="mergesort")
    out = m[["collocate", "status", "freq_a", "freq_b", f"{measure}_a", f"{measure}_b", "change"]]
    out = out.reset_index(drop=True)
    out.attrs.update(query=query, period_a=period_a, period_b=period_b, measure=measure)
    return out
