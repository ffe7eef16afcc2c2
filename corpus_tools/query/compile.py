"""Compile a parsed :class:`Query` to parameterised DuckDB SQL over the ``tokens`` and ``documents`` views.

Every user value is bound as a parameter; the only names formatted into SQL are table aliases made here and
column names taken from the allow-lists below.
"""
from __future__ import annotations

from functools import lru_cache

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..errors import QueryError
from .ast import And, AnyToken, Cond, DocCond, Element, Expr, Not, Or, Query

__all__ = ["DOC_FIELDS", "SQL", "compile_term", "expr_sql", "matches_sql", "query_doc_filter"]

_REGEX_META = re.compile(r"[.^$*+?{}\[\]\\|()]")

#: Column expression per token attribute (``{t}`` is the table alias). Safe: fixed strings.
_ATTR_SQL: dict[str, tuple[str, ...]] = {
    "word": ("{t}.norm", "replace(lower({t}.form), 'ё', 'е')"),
    "norm": ("{t}.norm",),
    "lemma": ("{t}.lemma",),
    "pos": ("lower({t}.pos)",),
    "lang": ("lower({t}.lang)",),
    "feats": ("lower({t}.feats)",),
}

#: Document fields usable in filters and ``--by``; anything else is looked up in ``extra``.
DOC_FIELDS: tuple[str, ...] = (
    "doc_id", "title", "year", "date_precision", "date_text", "language", "script", "doc_type", "source",
    "region", "file", "encoding",
)


@dataclass
class SQL:
    """A SQL fragment and its parameters, in order."""

    text: str
    params: list = field(default_factory=list)


@lru_cache(maxsize=1)
def _shipped_lexicon():
    from ..terms.lexicon import load_lexicons

    return load_lexicons()


def compile_term(term_id: str) -> Expr | Query:
    """The single-token pattern a lexicon concept ``term:ID`` stands for inside a longer query or ``[...]``.

    A query that is just ``term:ID`` is compiled as the union of all the concept's patterns (multi-word and
    year-restricted ones included) by :func:`matches_sql`; inside a sequence the concept must consist of
    single-token patterns without year restrictions, otherwise this raises a :class:`QueryError` saying so.
    """
    from ..terms.compile import concept_token_expr

    return concept_token_expr(term_id, lexicon=_shipped_lexicon())


def _single_term(query: Query) -> str | None:
    """The concept id when the whole query is one ``term:ID``."""
    if len(query.elements) == 1:
        el = query.elements[0]
        if isinstance(el.expr, Cond) and el.expr.attr == "term" and (el.min, el.max) == (1, 1):
            return el.expr.value
    return None


def _expand_terms(query: Query) -> Query:
    """Replace every ``term:ID`` element by what :func:`compile_term` returns."""
    if not any(isinstance(el.expr, Cond) and el.expr.attr == "term" for el in query.elements):
        return query
    elements: list[Element] = []
    doc_conds = list(query.doc_conds)
    for el in query.elements:
        if not (isinstance(el.expr, Cond) and el.expr.attr == "term"):
            elements.append(el)
            continue
        got = compile_term(el.expr.value)
        if isinstance(got, Query):
            if (el.min, el.max) != (1, 1) and len(got.elements) != 1:
                raise QueryError(f"term:{el.expr.value} is a multi-word term and cannot be repeated",
                                 query=query.text)
            elements.extend(got.elements)
            doc_conds.extend(got.doc_conds)
        else:
            elements.append(Element(got, el.min, el.max))
    return replace(query, elements=tuple(elements), doc_conds=tuple(doc_conds))


def _doc_cond_sql(cond: DocCond, query: Query, extra_keys: Iterable[str] | None, params: list) -> str:
    """SQL over ``documents`` for one ``<doc field="regex"/>`` condition (full match, case- and ё-folded).

    ``!=`` also holds for documents where the field is empty (NULL).
    """
    from .filters import field_sql  # filters imports this module

    if extra_keys is None and cond.field not in DOC_FIELDS:
        # No list of extra keys to check against: look the name up in ``extra`` (a missing key is NULL).
        col = "json_extract_string(extra, ?)"
        params.append('$."' + cond.field.replace('"', '\\"') + '"')
    else:
        try:
            col = field_sql(cond.field, extra_keys or (), params)
        except QueryError as exc:
            raise QueryError(str(exc), query=query.text, position=cond.position) from None
    # Safe: ``col`` is an allow-listed column or a json_extract_string call with a bound path.
    match = f"coalesce(regexp_full_match(replace(lower(CAST({col} AS VARCHAR)), 'ё', 'е'), ?), FALSE)"
    params.append(cond.value)
    return f"NOT {match}" if cond.op == "!=" else match


def query_doc_filter(query: Query, *, extra_keys: Iterable[str] | None = None) -> SQL:
    """SQL condition over ``documents`` for the query's ``within <doc .../>`` conditions (empty if none).

    Analyses that divide by corpus size (per-million, collocations, keywords) should AND this into their
    document filter so the denominator covers the same documents as the hits.
    """
    params: list = []
    parts = [_doc_cond_sql(c, query, extra_keys, params) for c in query.doc_conds]
    return SQL(" AND ".join(parts), params)


def _cond_sql(cond: Cond, alias: str, params: list) -> str:
    if cond.attr == "term":
        got = compile_term(cond.value)
        if isinstance(got, Query):
            raise QueryError(f"term:{cond.value} is a multi-word term; use it outside [...]")
        return expr_sql(got, alias, params) or "TRUE"
    columns = [c.format(t=alias) for c in _ATTR_SQL[cond.attr]]
    if cond.values:
        placeholders = ", ".join("?" for _ in cond.values)
        parts = []
        for col in columns:
            parts.append(f"{col} IN ({placeholders})")
            params.extend(cond.values)
    elif _REGEX_META.search(cond.value):
        parts = []
        for col in columns:
            parts.append(f"regexp_full_match({col}, ?)")
            params.append(cond.value)
    else:
        parts = []
        for col in columns:
            parts.append(f"{col} = ?")
            params.append(cond.value)
    sql = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    return f"NOT {sql}" if cond.op == "!=" else sql


def expr_sql(expr: Expr, alias: str, params: list) -> str | None:
    """SQL condition for one token pattern, or ``None`` for ``[]`` (any token)."""
    if isinstance(expr, AnyToken):
        return None
    if isinstance(expr, Cond):
        return _cond_sql(expr, alias, params)
    if isinstance(expr, Not):
        inner = expr_sql(expr.part, alias, params)
        return "FALSE" if inner is None else f"NOT ({inner})"
    if isinstance(expr, (And, Or)):
        joiner = " AND " if isinstance(expr, And) else " OR "
        parts = [expr_sql(p, alias, params) for p in expr.parts]
        if isinstance(expr, Or) and any(p is None for p in parts):
            return None
        parts = [p for p in parts if p is not None]
        return "(" + joiner.join(parts) + ")" if parts else None
    raise TypeError(f"not a query expression: {expr!r}")  # pragma: no cover


#: Token attributes the derived ``token_index`` view is keyed by (see :mod:`corpus_tools.store.index`).
_INDEXED_ATTRS = ("lemma", "norm")


def _index_keys(expr: Expr) -> list[str] | None:
    """The index keys that every match of ``expr`` has, or ``None`` when ``expr`` is not an equality on lemma
    or norm (or an OR of such equalities), so that the index cannot answer it."""
    if isinstance(expr, Cond):
        if expr.attr not in _INDEXED_ATTRS or expr.op != "=":
            return None
        if expr.values:
            return list(expr.values)
        if _REGEX_META.search(expr.value):
            return None
        return [expr.value]
    if isinstance(expr, Or):
        keys: list[str] = []
        for part in expr.parts:
            got = _index_keys(part)
            if got is None:
                return None
            keys.extend(got)
        return keys
    return None


def matches_sql(query: Query, doc_filter: SQL | None = None, *, extra_keys: Iterable[str] | None = None) -> SQL:
    """SQL returning one row per match: ``doc_id, i0, i1, start, end, lemma``.

    ``i0``/``i1`` are the first and last token numbers; ``start``/``end`` character offsets into the original
    text. Where several lengths match at the same first token (``{n,m}``, ``[]?``), the shortest is kept.
    ``term:ID`` elements are expanded with :func:`compile_term`; ``within <doc .../>`` conditions are applied
    (``extra_keys``, the corpus's extra metadata fields, lets an unknown field name raise a
    :class:`QueryError` with its position; without it, unknown names simply match nothing).
    """
    docs = query_doc_filter(query, extra_keys=extra_keys)
    if doc_filter is not None and doc_filter.text:
        docs = SQL(f"({doc_filter.text})" + (f" AND {docs.text}" if docs.text else ""),
                   doc_filter.params + docs.params)
    term_id = _single_term(query)
    if term_id is not None:
        from ..terms.compile import compile_concept, concept_matches_sql

        inner = concept_matches_sql(compile_concept(term_id, lexicon=_shipped_lexicon()),
                                    docs if docs.text else None)
        return SQL(f'SELECT doc_id, i0, i1, start, "end", lemma FROM ({inner.text})', inner.params)
    query = _expand_terms(query)
    params: list = []
    selects = []
    for lengths in query.lengths():
        aliases: list[tuple[str, Expr]] = []
        for element, n in zip(query.elements, lengths):
            for _ in range(n):
                aliases.append((f"t{len(aliases)}", element.expr))
        first, last = aliases[0][0], aliases[-1][0]
        keys = _index_keys(aliases[0][1]) if len(aliases) == 1 else None
        if keys is not None:
            # One token, equality on lemma/norm: answered by the index (sorted by key, so only the row groups
            # holding these keys are read). Safe: ``first`` is an alias made here, values are parameters.
            params.extend(dict.fromkeys(keys))
            where = [f"{first}.key IN ({', '.join('?' for _ in dict.fromkeys(keys))})",
                     expr_sql(aliases[0][1], first, params)]
            if docs.text:
                where.append(f"{first}.doc_id IN (SELECT doc_id FROM doc_meta WHERE {docs.text})")
                params.extend(docs.params)
            selects.append(
                f"SELECT {first}.doc_id AS doc_id, {first}.i AS i0, {first}.i AS i1, {first}.start AS start, "
                f"{first}.\"end\" AS \"end\", concat_ws(' ', {first}.lemma) AS lemma FROM token_index {first} WHERE "
                + " AND ".join(where)
            )
            continue
        joins = [f"tokens {first}"]
        where: list[str] = []
        for k, (alias, expr) in enumerate(aliases):
            if k:
                on = f"{alias}.doc_id = {first}.doc_id AND {alias}.i = {first}.i + {k}"
                if query.within == "s":
                    on += f" AND {alias}.sent = {first}.sent"
                joins.append(f"JOIN tokens {alias} ON {on}")
        for alias, expr in aliases:
            cond = expr_sql(expr, alias, params)
            if cond:
                where.append(cond)
        if docs.text:
            where.append(f"{first}.doc_id IN (SELECT doc_id FROM doc_meta WHERE {docs.text})")
            params.extend(docs.params)
        lemma = "concat_ws(' ', " + ", ".join(f"{a}.lemma" for a, _ in aliases) + ")"
        selects.append(
            f"SELECT {first}.doc_id AS doc_id, {first}.i AS i0, {last}.i AS i1, {first}.start AS start, "
            f"{last}.\"end\" AS \"end\", {lemma} AS lemma FROM " + " ".join(joins)
            + (" WHERE " + " AND ".join(where) if where else "")
        )
    union = "\nUNION ALL\n".join(selects)
    text = (
        f"SELECT * FROM ({union}) m "
        "QUALIFY row_number() OVER (PARTITION BY doc_id, i0 ORDER BY i1) = 1"
    )
    return SQL(text, params)
