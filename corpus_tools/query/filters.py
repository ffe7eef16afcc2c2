"""Document filters: a year range and ``FIELD=VALUE`` conditions on metadata (standard fields or ``extra``)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import QueryError
from .compile import DOC_FIELDS, SQL

_WHERE = re.compile(r"^\s*([^=!~]+?)\s*(!=|=|~)\s*(.*)$", re.S)

YearRange = tuple[int | None, int | None]


def parse_where(items: Iterable[str] | Mapping[str, str] | None) -> list[tuple[str, str, str]]:
    """Turn ``["doc_type=report", "region~Семипалат.*"]`` (or a dict of equalities) into triples."""
    if not items:
        return []
    if isinstance(items, Mapping):
        return [(k, "=", str(v)) for k, v in items.items()]
    if isinstance(items, str):
        items = [items]
    out = []
    for item in items:
        m = _WHERE.match(item)
        if not m:
            raise QueryError(f"cannot read filter {item!r}; write FIELD=VALUE, FIELD!=VALUE or FIELD~REGEX")
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def field_sql(name: str, extra_keys: Iterable[str], params: list) -> str:
    """Column expression for a document field; unknown names must be keys of ``extra``."""
    if name in DOC_FIELDS:
        return name  # safe: from the allow-list
    if name in set(extra_keys):
        params.append('$."' + name.replace('"', '\\"') + '"')
        return "json_extract_string(extra, ?)"
    known = ", ".join(list(DOC_FIELDS) + sorted(set(extra_keys)))
    raise QueryError(f"unknown document field {name!r}; fields of this corpus: {known}")


def doc_filter(*, years: YearRange | None = None, where=None, extra_keys: Iterable[str] = ()) -> SQL:
    """SQL condition over ``documents`` for a year range (inclusive) and metadata conditions."""
    parts: list[str] = []
    params: list = []
    if years:
        lo, hi = years
        if lo is not None and hi is not None and lo > hi:
            raise QueryError(f"--from {lo} is after --to {hi}")
        if lo is not None:
            parts.append("year >= ?")
            params.append(int(lo))
        if hi is not None:
            parts.append("year <= ?")
            params.append(int(hi))
    for name, op, value in parse_where(where):
        col = field_sql(name, extra_keys, params)
        if op == "~":
            parts.append(f"regexp_matches(CAST({col} AS VARCHAR), ?)")
        elif op == "=":
            parts.append(f"CAST({col} AS VARCHAR) = ?")
        else:
            parts.append(f"CAST({col} AS VARCHAR) IS DISTINCT FROM ?")
        params.append(value)
    return SQL(" AND ".join(parts), params)
