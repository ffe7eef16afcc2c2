"""Frequency lists of words, lemmas, normalized forms or POS tags, and n-grams of them."""
from __future__ import annotations

import pandas as pd

from ..errors import QueryError
from .filters import YearRange, doc_filter
from .subcorpus import corpus_size, item_sql, word_sql

WORDLIST_COLUMNS = ["item", "freq", "per_million", "docs", "range"]


def wordlist(
    corpus,
    *,
    by: str = "lemma",
    n: int = 1,
    years: YearRange | None = None,
    where=None,
    min_freq: int = 1,
    limit: int | None = None,
    include_punct: bool = False,
) -> pd.DataFrame:
    """Frequency list of single items (``n=1``) or n-grams over the corpus or a subcorpus.

    Parameters
    ----------
    by : {"lemma", "norm", "word", "pos"}
        What to count: lemmas, normalized forms, original spellings (lower-cased) or POS tags.
    n : int, default 1
        n-gram length. N-grams never cross a sentence boundary and, unless ``include_punct``, contain no
        punctuation.
    years, where
        Document filters, as for :func:`~corpus_tools.query.kwic.kwic`.
    min_freq : int, default 1
        Drop items seen fewer times.
    limit : int, optional
        Keep the most frequent ``limit`` items.

    Returns
    -------
    DataFrame
        ``item, freq, per_million, docs, range``: ``docs`` is the number of documents containing the item
        (document frequency), ``range`` the number of distinct years in which it occurs; ``per_million`` is
        relative to the word tokens of the selection (punctuation excluded). Sorted by frequency, then item.
        ``df.attrs`` holds ``tokens`` and ``documents`` of the selection.
    """
    if not isinstance(n, int) or not 1 <= n <= 6:
        raise QueryError("n-gram length must be between 1 and 6")
    if min_freq < 1:
        raise QueryError("--min-freq must be at least 1")
    if limit is not None and limit < 0:
        raise QueryError("--limit must be 0 or more")
    attr = item_sql(by)
    filt = doc_filter(years=years, where=where, extra_keys=corpus.extra_fields)
    con = corpus.con
    n_words, n_docs = corpus_size(con, filt)
    doc_cond = f"doc_id IN (SELECT doc_id FROM doc_meta WHERE {filt.text})" if filt.text else "TRUE"
    word_cond = "TRUE" if include_punct else word_sql()
    if n == 1:
        grams = f"SELECT doc_id, {attr} AS item FROM tokens WHERE {doc_cond} AND {word_cond}"
    else:
        leads = ", ".join(
            f"lead({attr}, {k}) OVER w AS a{k}, lead(sent, {k}) OVER w AS s{k}, lead(pos, {k}) OVER w AS p{k}"
            for k in range(1, n)
        )
        conds = " AND ".join(
            f"s{k} = sent" + ("" if include_punct else f" AND p{k} NOT IN ('PUNCT', 'SYM')") for k in range(1, n)
        )
        item = "concat_ws(' ', a0, " + ", ".join(f"a{k}" for k in range(1, n)) + ")"
        grams = f"""
            SELECT doc_id, {item} AS item FROM (
                SELECT doc_id, sent, pos, {attr} AS a0, {leads}
                FROM tokens WHERE {doc_cond}
                WINDOW w AS (PARTITION BY doc_id ORDER BY i)
            ) WHERE {conds} AND {word_cond}
        """
    sql = f"""
        SELECT g.item, count(*) AS freq, count(DISTINCT g.doc_id) AS docs, count(DISTINCT d.year) AS range
        FROM ({grams}) g JOIN doc_meta d ON d.doc_id = g.doc_id
        GROUP BY g.item HAVING count(*) >= ?
        ORDER BY freq DESC, g.item
    """ + (" LIMIT ?" if limit is not None else "")
    params = filt.params + [min_freq] + ([limit] if limit is not None else [])
    df = con.execute(sql, params).df()
    df["per_million"] = df["freq"] * 1e6 / n_words if n_words else float("nan")
    df = df[WORDLIST_COLUMNS]
    df.attrs.update(tokens=n_words, documents=n_docs, by=by, n=n)
    return df
