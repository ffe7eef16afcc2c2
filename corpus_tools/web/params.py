"""Request parameters → validated keyword arguments for the library, with the web page's limits.

Nothing here builds SQL: values are checked for type and size and handed to the library functions, which
bind them as SQL parameters (field names are checked against the corpus' allow-list there and here).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import CorpusToolsError
from ..query.compile import DOC_FIELDS

__all__ = [
    "DEFAULT_PAGE_SIZE", "DEFAULT_TIMEOUT", "EXPORT_LIMIT", "FILTER_PREFIX", "MAX_LINES", "MAX_QUERIES",
    "MAX_QUERY_CHARS", "MAX_WINDOW", "PAGE_SIZES", "TRACK_TIMEOUT", "Filters", "ParamError", "SearchParams",
    "filter_choices", "read_filters", "read_search", "read_time",
]

#: Longest query (characters) accepted.
MAX_QUERY_CHARS = 2000
#: Longest filter value / period list / sort specification (characters).
MAX_VALUE_CHARS = 300
#: Concordance lines per page that may be asked for; the first is the default.
PAGE_SIZES = (50, 25, 100, 200)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]
#: Paging reaches at most this many lines; beyond it, narrow the query, sample or export.
MAX_LINES = 10_000
#: Most concordance lines one CSV export holds (the record says when the total was larger).
EXPORT_LIMIT = 100_000
#: Largest context window (tokens each side).
MAX_WINDOW = 30
#: Largest sample.
MAX_SAMPLE = 10_000
#: Most queries compared in one over-time chart.
MAX_QUERIES = 6
#: Most free ``FIELD=VALUE`` conditions.
MAX_WHERE = 10
#: Seconds a request's analysis may run (term tracking: ``TRACK_TIMEOUT``).
DEFAULT_TIMEOUT = 30.0
TRACK_TIMEOUT = 180.0
#: Query-string prefix of metadata filters: ``f.doc_type=report``.
FILTER_PREFIX = "f."
#: Fields offered as drop-down filters when they have between 2 and this many distinct values.
MAX_CHOICES = 60
#: Fields never offered as drop-downs (identifiers, free text, numbers handled elsewhere).
_NO_CHOICE = frozenset({"doc_id", "title", "year", "date_text", "date_start", "date_end", "source", "file",
                        "text", "extra", "n_tokens", "n_words", "doc_hash"})

_YEAR = re.compile(r"^\s*(\d{1,4})\s*$")
_INT = re.compile(r"^\s*(\d{1,9})\s*$")


class ParamError(CorpusToolsError):
    """A request parameter is missing, too long or not of the expected kind."""


def _one(params: Mapping[str, Any], name: str, default: str = "") -> str:
    v = params.get(name, default)
    v = default if v is None else str(v)
    if len(v) > (MAX_QUERY_CHARS if name in ("q", "target") else MAX_VALUE_CHARS):
        raise ParamError(f"parameter {name!r} is too long; shorten it")
    return v.strip()


def _int(params: Mapping[str, Any], name: str, default: int | None, *, lo: int, hi: int) -> int | None:
    raw = _one(params, name)
    if raw == "":
        return default
    m = _INT.match(raw)
    if not m:
        raise ParamError(f"parameter {name!r} must be a whole number, got {raw[:40]!r}")
    v = int(m.group(1))
    if not lo <= v <= hi:
        raise ParamError(f"parameter {name!r} must lie between {lo} and {hi}, got {v}")
    return v


def _year(params: Mapping[str, Any], name: str) -> int | None:
    raw = _one(params, name)
    if raw == "":
        return None
    m = _YEAR.match(raw)
    if not m:
        raise ParamError(f"{'from' if name == 'from' else 'to'} must be a year like 1929, got {raw[:40]!r}")
    return int(m.group(1))


def filter_choices(documents: pd.DataFrame, extra_fields: Sequence[str]) -> dict[str, list[str]]:
    """Drop-down values per metadata field: fields with 2…``MAX_CHOICES`` distinct non-empty values.

    ``documents`` is :meth:`Corpus.documents` (standard columns plus ``extra`` as JSON text).
    """
    import json

    columns: dict[str, pd.Series] = {c: documents[c] for c in documents.columns
                                     if c in DOC_FIELDS and c not in _NO_CHOICE}
    if extra_fields and "extra" in documents.columns:
        extra = [json.loads(x) if isinstance(x, str) and x else {} for x in documents["extra"]]
        for name in extra_fields:
            if name not in _NO_CHOICE and name not in columns:
                columns[name] = pd.Series([e.get(name) for e in extra], dtype="object")
    out: dict[str, list[str]] = {}
    for name, col in columns.items():
        values = sorted({str(v) for v in col.dropna().tolist() if str(v).strip()})
        if 2 <= len(values) <= MAX_CHOICES:
            out[name] = values
    return out


@dataclass
class Filters:
    """Document filters of a request: year range, drop-down fields, free conditions."""

    year_from: int | None = None
    year_to: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    where: list[str] = field(default_factory=list)

    @property
    def years(self) -> tuple[int | None, int | None] | None:
        return None if self.year_from is None and self.year_to is None else (self.year_from, self.year_to)

    def where_list(self) -> list[str] | None:
        """Conditions for the library's ``where=``; drop-down values are equalities (bound as parameters)."""
        items = [f"{k}={v}" for k, v in self.fields.items()] + list(self.where)
        return items or None

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for links that keep them)."""
        out: list[tuple[str, str]] = []
        if self.year_from is not None:
            out.append(("from", str(self.year_from)))
        if self.year_to is not None:
            out.append(("to", str(self.year_to)))
        out += [(FILTER_PREFIX + k, v) for k, v in self.fields.items()]
        if self.where:
            out.append(("where", "\n".join(self.where)))
        return out

    def describe(self) -> dict[str, Any]:
        return {"years": list(self.years) if self.years else None, "where": self.where_list()}


def read_filters(params, *, allowed_fields: Sequence[str]) -> Filters:
    """``from``, ``to``, ``f.FIELD`` (one value each, empty = any) and ``where`` (lines ``FIELD=VALUE``,
    ``FIELD!=VALUE`` or ``FIELD~REGEX``)."""
    allowed = set(allowed_fields)
    f = Filters(year_from=_year(params, "from"), year_to=_year(params, "to"))
    if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
        raise ParamError(f"from {f.year_from} is after to {f.year_to}")
    for key in params.keys():
        if not key.startswith(FILTER_PREFIX):
            continue
        name = key[len(FILTER_PREFIX):]
        if name not in allowed:
            raise ParamError(f"unknown document field {name[:40]!r}; fields of this corpus: "
                             f"{', '.join(sorted(allowed))}")
        value = _one(params, key)
        if value:
            # A drop-down value is an equality whatever characters it holds: "=" inside it is safe because
            # the library splits FIELD=VALUE at the first operator, and the field name has none.
            f.fields[name] = value
    lines = [ln.strip() for ln in _one(params, "where").splitlines() if ln.strip()]
    if len(lines) > MAX_WHERE:
        raise ParamError(f"at most {MAX_WHERE} conditions in 'where'")
    f.where = lines
    return f


@dataclass
class SearchParams:
    """A concordance request."""

    query: str
    filters: Filters
    sort: str = ""
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    window: int = 8
    context: str = "tokens"
    sample: int | None = None
    seed: int = 0

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def kwic_options(self, *, limit: int) -> dict[str, Any]:
        opts: dict[str, Any] = {"window": self.window, "context": self.context, "limit": limit}
        if self.sort:
            opts["sort"] = self.sort
        if self.filters.years:
            opts["years"] = self.filters.years
        if self.filters.where_list():
            opts["where"] = self.filters.where_list()
        if self.sample is not None:
            opts.update(sample=self.sample, seed=self.seed)
        return opts

    def query_items(self, *, page: int | None = None) -> list[tuple[str, str]]:
        items = [("q", self.query)] + self.filters.query_items()
        if self.sort:
            items.append(("sort", self.sort))
        if self.size != DEFAULT_PAGE_SIZE:
            items.append(("size", str(self.size)))
        if self.window != 8:
            items.append(("window", str(self.window)))
        if self.context != "tokens":
            items.append(("context", self.context))
        if self.sample is not None:
            items += [("sample", str(self.sample)), ("seed", str(self.seed))]
        if page is not None and page != 1:
            items.append(("page", str(page)))
        return items


def read_search(params, *, allowed_fields: Sequence[str]) -> SearchParams:
    size = _int(params, "size", DEFAULT_PAGE_SIZE, lo=1, hi=max(PAGE_SIZES))
    page = _int(params, "page", 1, lo=1, hi=MAX_LINES)
    assert size is not None and page is not None
    if (page - 1) * size >= MAX_LINES:
        raise ParamError(f"pages reach only the first {MAX_LINES:,} lines; narrow the query, sort differently, "
                         "take a sample or export the whole concordance as CSV")
    context = _one(params, "context", "tokens") or "tokens"
    if context not in ("tokens", "sentence"):
        raise ParamError("context must be tokens or sentence")
    return SearchParams(
        query=_one(params, "q"),
        filters=read_filters(params, allowed_fields=allowed_fields),
        sort=_one(params, "sort"),
        page=page,
        size=size,
        window=_int(params, "window", 8, lo=0, hi=MAX_WINDOW),  # type: ignore[arg-type]
        context=context,
        sample=_int(params, "sample", None, lo=1, hi=MAX_SAMPLE),
        seed=_int(params, "seed", 0, lo=0, hi=2**31 - 1),  # type: ignore[arg-type]
    )


def read_time(params, *, allowed_fields: Sequence[str]) -> tuple[list[str], str, str, Filters]:
    """Over-time request: queries (``q``, repeatable; empty ones dropped), ``by``, ``band`` and filters."""
    getlist = getattr(params, "getlist", None)
    raw = getlist("q") if getlist else [params.get("q", "")]
    queries = []
    for q in raw:
        q = (q or "").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise ParamError("a query is too long; shorten it")
        if q and q not in queries:
            queries.append(q)
    if len(queries) > MAX_QUERIES:
        raise ParamError(f"compare at most {MAX_QUERIES} queries at once")
    by = _one(params, "by", "year") or "year"
    band = _one(params, "band", "poisson") or "poisson"
    if band not in ("poisson", "bootstrap"):
        raise ParamError("band must be poisson or bootstrap")
    return queries, by, band, read_filters(params, allowed_fields=allowed_fields)


def allowed_fields(extra_fields: Sequence[str]) -> list[str]:
    """Every document field a filter may name: the standard ones and this corpus' extra fields."""
    return list(DOC_FIELDS) + [f for f in extra_fields if f not in DOC_FIELDS]
