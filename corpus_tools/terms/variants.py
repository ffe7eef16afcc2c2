"""Which variants of a concept occur how often in which period."""
from __future__ import annotations

import pandas as pd

from ..query.filters import YearRange, doc_filter
from ..query.periods import decade_label, is_period_spec, parse_periods, period_label
from .compile import compile_concept, concept_matches_sql
from .lexicon import Lexicon, load_lexicons

__all__ = ["VARIANT_COLUMNS", "concept_hits", "concept_variants"]

VARIANT_COLUMNS = ["concept", "pattern", "variant", "period", "hits", "docs"]


def concept_hits(corpus, concept_id: str, *, lang: str | None = None, years: YearRange | None = None, where=None,
                 lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Every hit of a concept: ``doc_id, i0, i1, start, end, lemma, pattern, year, match``.

    ``match`` is the matched text as written (original spelling), ``lemma`` the lemmas of the matched tokens.
    """
    lexicon = lexicon if lexicon is not None else load_lexicons()
    queries = compile_concept(lexicon[concept_id], lang=lang)
    filt = doc_filter(years=years, where=where, extra_keys=corpus.extra_fields)
    m = concept_matches_sql(queries, filt if filt.text else None)
    sql = f"""
        WITH m AS ({m.text})
        SELECT m.doc_id, m.i0, m.i1, m.start, m."end", m.lemma, m.pattern, m.pattern_no, d.year,
               substr(d.text, m.start + 1, m."end" - m.start) AS match
        FROM m JOIN documents d USING (doc_id)
        ORDER BY d.year NULLS LAST, m.doc_id, m.i0
    """
    return corpus.con.execute(sql, m.params).df()


def _period(years: pd.Series, by: str) -> tuple[pd.Series, list]:
    if by == "year":
        return years.astype("Int64"), []
    if by == "decade":
        return years.map(lambda y: decade_label(int(y)) if pd.notna(y) else None), []
    if is_period_spec(by):
        periods = parse_periods(by)
        return years.map(lambda y: period_label(None if pd.isna(y) else y, periods)), [p.label for p in periods]
    raise ValueError(f"by must be 'year', 'decade' or periods like 1925-1928,1929-1933, got {by!r}")


def concept_variants(corpus, concept_id: str, *, by: str = "year", lang: str | None = None,
                     years: YearRange | None = None, where=None, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Hits of each variant of a concept per period.

    Parameters
    ----------
    corpus : Corpus
    concept_id : str
        Lexicon id (``otkochevka``).
    by : str, default "year"
        ``year``, ``decade`` or explicit periods (``1925-1928,1929-1933``).
    lang, years, where, lexicon
        Pattern language, document filters (as in ``kwic``), and the lexicon (default: shipped lexicons).

    Returns
    -------
    DataFrame
        ``concept, pattern, variant, period, hits, docs`` — ``pattern`` is the lexicon pattern's label,
        ``variant`` the lemma(s) of the matched tokens; sorted by period, pattern order, descending hits and
        variant. Hits in undated documents (or outside the given periods) have period ``None`` (kept last).
    """
    from ..errors import QueryError

    try:
        hits = concept_hits(corpus, concept_id, lang=lang, years=years, where=where, lexicon=lexicon)
        period, _order = _period(hits["year"], by)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    hits = hits.assign(period=period, variant=hits["lemma"])
    if hits.empty:
        return pd.DataFrame(columns=VARIANT_COLUMNS)
    g = (hits.groupby(["pattern_no", "pattern", "variant", "period"], dropna=False, sort=False)
             .agg(hits=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index())
    g.insert(0, "concept", concept_id)
    if by == "year":
        g["_key"] = g["period"].astype("float")
    elif _order:
        g["_key"] = g["period"].map({lab: k for k, lab in enumerate(_order)}).astype("float")
    else:
        g["_key"] = g["period"]
    g = g.sort_values(["_key", "pattern_no", "hits", "variant"], ascending=[True, True, False, True],
                      na_position="last", kind="mergesort")
    return g[VARIANT_COLUMNS].reset_index(drop=True)
