"""Query syntax tree shared by the simple-query and CQL parsers.

A query is a sequence of token patterns, each optionally repeated ``{min,max}`` times, optionally restricted to
one sentence (``within s``). A token pattern is a boolean expression over token attributes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Token attributes a query may test, and the column expression each compares against.
#: ``word`` compares with the normalized spelling *or* the original spelling (case- and ё-folded), so both
#: modern and pre-1918 spellings can be searched; ``norm`` only with the normalized spelling.
TOKEN_ATTRIBUTES: tuple[str, ...] = ("word", "norm", "lemma", "pos", "lang", "feats")


@dataclass(frozen=True)
class Cond:
    """``attr op value``: ``op`` is ``=`` or ``!=``; ``value`` is a regular expression (full match) unless
    ``values`` is given, in which case the attribute must equal one of them (already folded)."""

    attr: str
    op: str
    value: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class And:
    parts: tuple["Expr", ...]


@dataclass(frozen=True)
class Or:
    parts: tuple["Expr", ...]


@dataclass(frozen=True)
class Not:
    part: "Expr"


@dataclass(frozen=True)
class AnyToken:
    """``[]``: any token."""


Expr = Cond | And | Or | Not | AnyToken


@dataclass(frozen=True)
class DocCond:
    """``field op value`` on document metadata (``within <doc field="regex"/>``): ``value`` is a regular
    expression (full match, case- and ё-folded) on the field's text; ``op`` is ``=`` or ``!=``.
    ``position`` is the character offset of the field name in the query, for error messages."""

    field: str
    op: str
    value: str
    position: int = 0


@dataclass(frozen=True)
class Element:
    """One position of the sequence: a token pattern repeated between ``min`` and ``max`` times."""

    expr: Expr
    min: int = 1
    max: int = 1


@dataclass(frozen=True)
class Query:
    """A parsed query: the sequence, an optional ``within`` structure, document conditions, and its text.

    ``within`` is ``"s"`` (the match lies inside one sentence) or ``None``; ``doc_conds`` restrict the
    documents searched (all must hold).
    """

    elements: tuple[Element, ...]
    within: str | None = None
    text: str = ""
    terms: tuple[str, ...] = field(default=())
    doc_conds: tuple[DocCond, ...] = field(default=())

    def lengths(self, limit: int = 64) -> list[tuple[int, ...]]:
        """Every combination of repetition counts, at most ``limit`` of them (longer queries are refused)."""
        combos: list[tuple[int, ...]] = [()]
        for el in self.elements:
            combos = [c + (n,) for c in combos for n in range(el.min, el.max + 1)]
            if len(combos) > limit:
                from ..errors import QueryError

                raise QueryError(
                    f"query expands to more than {limit} token sequences; narrow the {{n,m}} ranges",
                    query=self.text,
                )
        return [c for c in combos if sum(c) > 0]
