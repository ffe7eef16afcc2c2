"""KWIC concordances: every match with its left and right context, taken from the original text."""
from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..errors import QueryError
from ..normalize import fold
from .compile import matches_sql
from .filters import YearRange, doc_filter
from .parse import parse_query

#: Default context size in tokens on each side.
DEFAULT_WINDOW = 8
#: Default order of concordance lines.
DEFAULT_SORT = ("date", "doc", "position")
SORT_KEYS = ("date", "doc", "position", "left", "right", "match")

KWIC_COLUMNS = [
    "doc_id", "date", "year", "left", "match", "right", "lemma", "start", "end", "title", "doc_type",
    "source", "region",
]

_SPACE = re.compile(r"\s+")


def _one_line(s: str) -> str:
    return _SPACE.sub(" ", s.replace("\u00ad", "")).strip()


def _parse_sort(sort: str | Sequence[str] | None) -> list[tuple[str, bool]]:
    if sort is None:
        keys: Sequence[str] = DEFAULT_SORT
    elif isinstance(sort, str):
        keys = [k for k in sort.split(",") if k.strip()]
    else:
        keys = sort
    out = []
    for key in keys:
        key = key.strip()
        desc = key.startswith("-")
        name = key.lstrip("-+")
        if name not in SORT_KEYS:
            raise QueryError(f"unknown sort key {name!r}; use {', '.join(SORT_KEYS)} (prefix - to reverse)")
        out.append((name, desc))
    return out


def kwic(
    corpus,
    query: str,
    *,
    window: int = DEFAULT_WINDOW,
    years: YearRange | None = None,
    where=None,
    sort: str | Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Concordance lines of ``query``.

    Parameters
    ----------
    corpus : Corpus
    query : str
        Simple query or CQL (see ``docs/queries.md``).
    window : int, default 8
        Context tokens on each side (punctuation counts as a token).
    years : (int or None, int or None), optional
        Inclusive range of document reference years.
    where : list of "FIELD=VALUE" / "FIELD!=VALUE" / "FIELD~REGEX", or dict, optional
        Metadata filters.
    sort : str or list, default "date,doc,position"
        Keys among date, doc, position, left, right, match; ``-key`` sorts descending. ``left`` sorts by the
        words nearest the match first.
    limit : int, optional
        At most this many lines (after sorting).

    Returns
    -------
    DataFrame
        Columns ``doc_id, date, year, left, match, right, lemma, start, end, title, doc_type, source, region``;
        ``start``/``end`` are offsets of the match in the document's original text, ``date`` the date as
        written in the source. ``df.attrs["total"]`` is the number of matches before ``limit``.
    """
    if window < 0:
        raise QueryError("--window must be 0 or more")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise QueryError("--limit must be a whole number, 0 or more")
    keys = _parse_sort(sort)
    parsed = parse_query(query)
    filt = doc_filter(years=years, where=where, extra_keys=corpus.extra_fields)
    m = matches_sql(parsed, filt)
    con = corpus.con
    sql = f"""
        WITH m AS ({m.text})
        SELECT m.doc_id, d.date_text AS date, d.year, d.date_start, m.i0, m.i1, m.start, m."end", m.lemma,
               d.title, d.doc_type, d.source, d.region
        FROM m JOIN documents d USING (doc_id)
    """
    hits = con.execute(sql, m.params).df()
    total = len(hits)
    needs_context_sort = any(k in ("left", "right", "match") for k, _ in keys)
    if not needs_context_sort:
        hits = _sort(hits, keys)
        if limit is not None:
            hits = hits.head(limit)
    hits = _add_context(con, hits, window)
    if needs_context_sort:
        hits = _sort(hits, keys)
        if limit is not None:
            hits = hits.head(limit)
    out = hits[KWIC_COLUMNS].reset_index(drop=True)
    for col in ("start", "end"):
        out[col] = out[col].astype("int64")
    out["year"] = out["year"].astype("Int64")
    out.attrs["total"] = total
    out.attrs["query"] = query
    return out


def _sort(df: pd.DataFrame, keys: list[tuple[str, bool]]) -> pd.DataFrame:
    if df.empty:
        return df
    cols, asc = [], []
    for name, desc in keys:
        if name == "date":
            cols += ["date_start", "year"]
            asc += [not desc, not desc]
        elif name == "doc":
            cols.append("doc_id")
            asc.append(not desc)
        elif name == "position":
            cols.append("start")
            asc.append(not desc)
        else:
            col = f"_sort_{name}"
            if name == "left":
                df[col] = df["left"].map(lambda s: " ".join(reversed(fold(s).split())))
            else:
                df[col] = df[name].map(fold)
            cols.append(col)
            asc.append(not desc)
    # tie-breakers make the order deterministic
    for col in ("doc_id", "start"):
        if col not in cols:
            cols.append(col)
            asc.append(True)
    return df.sort_values(cols, ascending=asc, na_position="last", kind="mergesort")


def _add_context(con, hits: pd.DataFrame, window: int) -> pd.DataFrame:
    """Add ``left``/``match``/``right`` strings cut from the original text at token offsets."""
    if hits.empty:
        for col in ("left", "match", "right"):
            hits[col] = pd.Series(dtype="object")
        return hits
    keys = hits[["doc_id", "i0", "i1"]].copy()
    con.register("_kwic_keys", keys)
    try:
        bounds = con.execute(
            """
            SELECT k.doc_id, k.i0, k.i1,
                   min(t.start) FILTER (WHERE t.i < k.i0) AS left_start,
                   max(t."end") FILTER (WHERE t.i > k.i1) AS right_end
            FROM _kwic_keys k JOIN tokens t
              ON t.doc_id = k.doc_id AND t.i BETWEEN k.i0 - ? AND k.i1 + ?
            GROUP BY k.doc_id, k.i0, k.i1
            """,
            [window, window],
        ).df()
        texts = dict(con.execute(
            "SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT DISTINCT doc_id FROM _kwic_keys)"
        ).fetchall())
    finally:
        con.unregister("_kwic_keys")
    hits = hits.merge(bounds, on=["doc_id", "i0", "i1"], how="left")
    left, match, right = [], [], []
    for doc_id, start, end, ls, re_ in zip(hits["doc_id"], hits["start"], hits["end"], hits["left_start"],
                                           hits["right_end"]):
        text = texts[doc_id]
        start, end = int(start), int(end)
        ls = start if pd.isna(ls) else int(ls)
        re_ = end if pd.isna(re_) else int(re_)
        left.append(_one_line(text[ls:start]))
        match.append(_one_line(text[start:end]))
        right.append(_one_line(text[end:re_]))
    hits["left"], hits["match"], hits["right"] = left, match, right
    return hits
