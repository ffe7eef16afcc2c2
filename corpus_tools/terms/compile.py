"""Concept → queries: each lexicon pattern becomes a :class:`~corpus_tools.query.ast.Query` (a :class:`TermQuery`
that also remembers its concept, label and year restriction), and a concept's hits are the union of its
patterns' hits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import fold, norm_form
from ..errors import QueryError
from ..query.ast import Cond, Element, Expr, Or, Query
from ..query.compile import SQL, matches_sql
from ..query.parse import parse_query, parse_simple
from .lexicon import Concept, Lexicon, Pattern, YearRange, load_lexicons

__all__ = [
    "TermQuery", "compile_concept", "compile_pattern", "compile_term", "concept_matches_sql", "concept_token_expr",
]


@dataclass(frozen=True)
class TermQuery(Query):
    """A :class:`Query` compiled from one lexicon pattern.

    ``years`` is the pattern's document-year restriction (inclusive; ``None`` = any year). It is not part of the
    token pattern: :func:`concept_matches_sql` turns it into a condition on the document's reference year.
    """

    concept: str = ""
    label: str = ""
    lang: str = ""
    kind: str = ""
    years: YearRange | None = None


def _token(values: tuple[str, ...], lang: str = "ru") -> Element:
    """One token whose lemma or normalized form is one of ``values``."""
    folded = tuple(sorted({fold(v) for v in values} | {norm_form(v, lang=lang) for v in values}))
    return Element(Or((Cond("lemma", "=", values=folded), Cond("norm", "=", values=folded))))


def compile_pattern(pattern: Pattern, *, concept: str = "") -> TermQuery:
    """The query of one pattern (see ``docs/terms.md`` for the pattern kinds)."""
    # Kazakh values keep their і (the Russian pre-1918 rule і→и must not touch them)
    lang = pattern.lang or "ru"
    if pattern.kind == "lemmas":
        q = Query((_token(pattern.value, lang),))  # type: ignore[arg-type]
    elif pattern.kind == "forms":
        forms = tuple(sorted({fold(v) for v in pattern.value} | {norm_form(v, lang=lang) for v in pattern.value}))
        q = Query((Element(Cond("word", "=", values=forms)),))
    elif pattern.kind == "stems":
        # Safe: each stem is escaped; the result is a full-match regex over the normalized form.
        alt = "|".join(re.escape(norm_form(s, lang=lang)) for s in pattern.value)
        q = Query((Element(Cond("norm", "=", value=f"({alt}).*")),))
    elif pattern.kind == "query":
        q = parse_simple(str(pattern.value))
    else:
        q = parse_query(str(pattern.value))
    return TermQuery(q.elements, q.within, q.text or str(pattern.value), q.terms, concept=concept,
                     label=pattern.label, lang=pattern.lang, kind=pattern.kind, years=pattern.years)


def compile_concept(concept: Concept | str, *, lang: str | None = None,
                    lexicon: Lexicon | None = None) -> list[TermQuery]:
    """One query per pattern of ``concept`` (a :class:`Concept` or an id looked up in ``lexicon``).

    A hit of any of them is a hit of the concept. ``lang`` keeps only that language's patterns.
    """
    if isinstance(concept, str):
        concept = (lexicon if lexicon is not None else load_lexicons())[concept]
    return [compile_pattern(p, concept=concept.id) for p in concept.all_patterns(lang)]


def compile_term(term_id: str, *, lexicon: Lexicon | None = None) -> list[TermQuery]:
    """The queries of ``term:ID`` (the hook the query compiler calls); raises an error naming close ids."""
    return compile_concept(term_id, lexicon=lexicon)


def concept_token_expr(concept: Concept | str, *, lang: str | None = None,
                       lexicon: Lexicon | None = None) -> Expr:
    """One token pattern (``Or`` of the patterns) for a concept whose patterns are all single, unrestricted
    tokens — for ``term:ID`` inside a longer query or inside ``[...]``.

    Raises
    ------
    QueryError
        The concept has a multi-word or year-restricted pattern (query it on its own instead).
    """
    queries = compile_concept(concept, lang=lang, lexicon=lexicon)
    parts = []
    for q in queries:
        if q.years is not None or len(q.elements) != 1 or (q.elements[0].min, q.elements[0].max) != (1, 1):
            raise QueryError(
                f"term:{q.concept} has multi-word or year-restricted patterns ({q.label!r}); "
                f"search term:{q.concept} on its own, not inside a longer pattern"
            )
        parts.append(q.elements[0].expr)
    if not parts:
        raise QueryError(f"term:{getattr(concept, 'id', concept)} has no patterns for language {lang!r}")
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def _years_sql(years: YearRange | None) -> SQL:
    if not years:
        return SQL("")
    parts, params = [], []
    if years[0] is not None:
        parts.append("year >= ?")
        params.append(int(years[0]))
    if years[1] is not None:
        parts.append("year <= ?")
        params.append(int(years[1]))
    return SQL(" AND ".join(parts), params)


def concept_matches_sql(queries: list[TermQuery], doc_filter: SQL | None = None) -> SQL:
    """SQL with one row per concept hit: ``doc_id, i0, i1, start, end, lemma, pattern, pattern_no``.

    Year-restricted patterns only match in documents whose reference year lies in the range (undated
    documents never match them). Where several patterns hit at the same first token, the earliest pattern in
    the lexicon wins, so each hit is counted once.
    """
    if not queries:
        return SQL("SELECT NULL AS doc_id WHERE FALSE")
    selects, params = [], []
    for k, q in enumerate(queries):
        ys = _years_sql(q.years)
        parts = [s for s in ((doc_filter.text if doc_filter else ""), ys.text) if s]
        filt = SQL(" AND ".join(parts), (list(doc_filter.params) if doc_filter else []) + ys.params)
        m = matches_sql(q, filt if filt.text else None)
        # Safe: k is an int made here; the label is bound as a parameter.
        selects.append(f"SELECT *, ? AS pattern, {k} AS pattern_no FROM ({m.text})")
        params += [q.label] + m.params
    union = "\nUNION ALL\n".join(selects)
    return SQL(
        f"SELECT * FROM ({union}) "
        "QUALIFY row_number() OVER (PARTITION BY doc_id, i0 ORDER BY pattern_no, i1) = 1",
        params,
    )
