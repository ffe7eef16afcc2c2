"""Subcorpus specifications shared by frequency lists, collocations and keywords.

A SPEC is a period (``1930-1933`` or ``1930``) or a metadata condition (``doc_type=report``, ``region~Семипал``),
or several of them joined with ``;`` (all must hold).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from .compile import SQL
from .filters import YearRange, doc_filter
from .periods import _PERIOD

#: Token attributes a frequency list can count, and the SQL expression for each (safe: fixed strings).
#: ``{t}`` is replaced by a table alias and a dot (or nothing).
ITEM_ATTRIBUTES: dict[str, str] = {
    "lemma": "{t}lemma",
    "norm": "{t}norm",
    # the original spelling, lower-cased, with soft hyphens and line-break hyphenation removed
    "word": "lower(regexp_replace({t}form, '\u00ad|-[ \t]*\r?\n[ \t]*|\r?\n', '', 'g'))",
    "pos": "{t}pos",
}

#: Parts of speech that are never counted as words (per-million denominators, collocates, frequency lists).
NON_WORD_POS = ("PUNCT", "SYM")


def word_sql(alias: str = "") -> str:
    """SQL condition: the token is a word (not punctuation or a symbol)."""
    return f"{alias + '.' if alias else ''}pos NOT IN ('PUNCT', 'SYM')"


@dataclass(frozen=True)
class Subcorpus:
    """A document selection: a year range and metadata conditions."""

    years: YearRange | None = None
    where: tuple[str, ...] = ()
    label: str = "corpus"

    def filter(self, extra_keys) -> SQL:
        return doc_filter(years=self.years, where=list(self.where), extra_keys=extra_keys)


def parse_spec(spec: str) -> Subcorpus:
    """Read a SPEC such as ``1930-1933``, ``doc_type=report`` or ``1929-1933;region~Семипал``."""
    years: YearRange | None = None
    where: list[str] = []
    for part in (p.strip() for p in spec.split(";")):
        if not part:
            continue
        m = _PERIOD.match(part)
        if m:
            if years is not None:
                raise QueryError(f"subcorpus {spec!r} names two periods; give one period per subcorpus")
            start, end = int(m.group(1)), int(m.group(2) or m.group(1))
            if end < start:
                raise QueryError(f"period {part!r} ends before it starts")
            years = (start, end)
        elif any(op in part for op in ("=", "~")):
            where.append(part)
        else:
            raise QueryError(
                f"cannot read subcorpus {part!r}; write a period (1930-1933) or FIELD=VALUE (doc_type=report)"
            )
    if years is None and not where:
        raise QueryError("empty subcorpus specification")
    return Subcorpus(years, tuple(where), spec)


def item_sql(by: str, alias: str = "") -> str:
    """SQL expression of a countable token attribute (``by`` checked against :data:`ITEM_ATTRIBUTES`)."""
    if by not in ITEM_ATTRIBUTES:
        raise QueryError(f"cannot count by {by!r}; use one of {', '.join(ITEM_ATTRIBUTES)}")
    return ITEM_ATTRIBUTES[by].format(t=alias + "." if alias else "")


def corpus_size(con, filt: SQL) -> tuple[int, int]:
    """(word tokens, documents) of the filtered documents."""
    row = con.execute(
        "SELECT coalesce(sum(n_words), 0), count(*) FROM doc_meta" + (f" WHERE {filt.text}" if filt.text else ""),
        filt.params,
    ).fetchall()[0]
    return int(row[0]), int(row[1])
