"""Compile a parsed :class:`Query` to parameterised DuckDB SQL over the ``tokens`` and ``documents`` views.

Every user value is bound as a parameter; the only names formatted into SQL are table aliases made here and
column names taken from the allow-lists below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import QueryError
from .ast import And, AnyToken, Cond, Expr, Not, Or, Query

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


def _cond_sql(cond: Cond, alias: str, params: list) -> str:
    if cond.attr == "term":
        raise QueryError(
            f"term:{cond.value} needs the term lexicon, which this version does not ship yet; "
            "search for the words themselves or use CQL",
        )
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


def matches_sql(query: Query, doc_filter: SQL | None = None) -> SQL:
    """SQL returning one row per match: ``doc_id, i0, i1, start, end, lemma``.

    ``i0``/``i1`` are the first and last token numbers; ``start``/``end`` character offsets into the original
    text. Where several lengths match at the same first token (``{n,m}``, ``[]?``), the shortest is kept.
    """
    params: list = []
    selects = []
    for lengths in query.lengths():
        aliases: list[tuple[str, Expr]] = []
        for element, n in zip(query.elements, lengths):
            for _ in range(n):
                aliases.append((f"t{len(aliases)}", element.expr))
        first, last = aliases[0][0], aliases[-1][0]
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
        if doc_filter is not None and doc_filter.text:
            where.append(f"{first}.doc_id IN (SELECT doc_id FROM documents WHERE {doc_filter.text})")
            params.extend(doc_filter.params)
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
