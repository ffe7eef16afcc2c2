"""KWIC concordances: every match with its left and right context, taken from the original text.

Steps (the same labels appear in :func:`kwic`):

1. match the query in SQL (:func:`~corpus_tools.query.compile.matches_sql`) and count the matches;
2. optionally keep a reproducible random sample of them;
3. attach the sort keys that live in the corpus tables (dates, metadata, the norms of the tokens around the
   match) and, when no key needs the context strings, sort and cut in SQL;
4. cut ``left``/``match``/``right`` from the original text for the lines kept (sorting by the context strings
   themselves happens after this step).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..errors import QueryError
from ..normalize import fold
from .compile import DOC_FIELDS, SQL, matches_sql
from .filters import YearRange, doc_filter, field_sql
from .parse import parse_query

__all__ = [
    "CONTEXTS", "DEFAULT_SORT", "DEFAULT_WINDOW", "KWIC_COLUMNS", "SORT_KEYS", "SortKey", "kwic", "parse_sort",
]

#: Default context size in tokens on each side.
DEFAULT_WINDOW = 8
#: Default order of concordance lines.
DEFAULT_SORT = ("date", "doc", "position")
#: Token-position sort keys: the folded norm of the k-th token left (``kL``) or right (``kR``) of the match.
POSITION_KEYS: dict[str, tuple[str, int]] = {
    f"{k}{side}": (side, k) for side in ("L", "R") for k in (1, 2, 3)
}
#: Sort keys other than document fields (any standard or extra document field is a key too).
SORT_KEYS = ("node", *POSITION_KEYS, "date", "doc", "position", "left", "right", "match")
#: Keys that need the context strings, so sorting by them happens after step 4.
CONTEXT_KEYS = frozenset({"left", "right", "match"})
#: ``context=`` values.
CONTEXTS = ("tokens", "sentence")

KWIC_COLUMNS = [
    "doc_id", "date", "year", "left", "match", "right", "lemma", "start", "end", "title", "doc_type",
    "source", "region", "sent", "i0",
]

_SPACE = re.compile(r"\s+")


def _one_line(s: str) -> str:
    return _SPACE.sub(" ", s.replace("\u00ad", "")).strip()


@dataclass(frozen=True)
class SortKey:
    """One sort key: ``name`` as the user wrote it (without ``-``), descending or not, and its kind:
    ``node``, ``position`` (1L…3R), ``builtin`` (date, doc, position), ``context`` (left, right, match) or
    ``field`` (a document metadata field)."""

    name: str
    desc: bool
    kind: str


def parse_sort(sort: str | Sequence[str] | None, *, extra_fields: Sequence[str] = ()) -> list[SortKey]:
    """Read ``"-1L,node,date"`` (or a list of keys) into :class:`SortKey` objects.

    Raises
    ------
    QueryError
        For an unknown key, naming the keys and fields available.
    """
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
        upper = name.upper() if len(name) == 2 else name
        if name == "node":
            kind = "node"
        elif upper in POSITION_KEYS:
            name, kind = upper, "position"
        elif name in ("date", "doc", "position"):
            kind = "builtin"
        elif name in CONTEXT_KEYS:
            kind = "context"
        elif name in DOC_FIELDS or name in extra_fields:
            kind = "field"
        else:
            fields = ", ".join(list(DOC_FIELDS) + sorted(extra_fields))
            raise QueryError(
                f"unknown sort key {name!r}; use {', '.join(SORT_KEYS)} or a document field ({fields}); "
                "prefix - to reverse"
            )
        out.append(SortKey(name, desc, kind))
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
    sample: int | None = None,
    seed: int = 0,
    context: str = "tokens",
) -> pd.DataFrame:
    """Concordance lines of ``query``.

    Parameters
    ----------
    corpus : Corpus
    query : str
        Simple query or CQL (see ``docs/queries.md``).
    window : int, default 8
        Context tokens on each side (punctuation counts as a token). Ignored with ``context="sentence"``.
    years : (int or None, int or None), optional
        Inclusive range of document reference years.
    where : list of "FIELD=VALUE" / "FIELD!=VALUE" / "FIELD~REGEX", or dict, optional
        Metadata filters.
    sort : str or list, default "date,doc,position"
        Comma-separated keys, each optionally prefixed ``-`` for descending: ``node`` (the match's tokens,
        normalized and folded), ``1L``, ``2L``, ``3L``, ``1R``, ``2R``, ``3R`` (the normalized, folded k-th token
        left/right of the match; punctuation counts), ``date``, ``doc``, ``position``, ``left`` (the left context,
        nearest word first), ``right``, ``match`` (the match as written, folded), or any document field
        (standard or extra; numeric values sort as numbers). Ties are broken by ``doc_id``, then position.
    limit : int, optional
        At most this many lines (after sampling and sorting).
    sample : int, optional
        Keep a random sample of this many matches before sorting and ``limit``. The sample depends only on
        ``seed``, the query, the filters and the corpus — never on ``sort``.
    seed : int, default 0
        Seed of the sample.
    context : {"tokens", "sentence"}, default "tokens"
        ``tokens``: ``window`` tokens each side; ``sentence``: the whole sentence(s) of the match.

    Returns
    -------
    DataFrame
        Columns ``doc_id, date, year, left, match, right, lemma, start, end, title, doc_type, source, region,
        sent, i0``; ``start``/``end`` are offsets of the match in the document's original text, ``date`` the
        date as written in the source, ``sent``/``i0`` the sentence and token number of the match's first
        token (for linking to :func:`~corpus_tools.query.show.show`). ``df.attrs``: ``total`` (matches before
        sampling and ``limit``), ``query``, ``sort``, ``sample``, ``seed``, ``context``, ``window``.

    Notes
    -----
    The sample keeps the ``sample`` matches with the smallest MD5 hash of ``(seed, doc_id, first token
    number)``: a uniform sample without replacement that is the same on every machine and DuckDB version, and
    a larger sample contains a smaller one of the same seed.
    """
    if not isinstance(window, int) or window < 0:
        raise QueryError("--window must be a whole number, 0 or more")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise QueryError("--limit must be a whole number, 0 or more")
    if sample is not None and (not isinstance(sample, int) or sample < 0):
        raise QueryError("--sample must be a whole number, 0 or more")
    if not isinstance(seed, int):
        raise QueryError("--seed must be a whole number")
    if context not in CONTEXTS:
        raise QueryError(f"unknown context {context!r}; use {' or '.join(CONTEXTS)}")
    extra = corpus.extra_fields
    keys = parse_sort(sort, extra_fields=extra)
    parsed = parse_query(query)
    filt = doc_filter(years=years, where=where, extra_keys=extra)
    con = corpus.con

    # Steps 1-3: matches, total, sample, SQL sort keys; ORDER BY/LIMIT in SQL unless a context key is used.
    by_context = any(k.kind == "context" for k in keys)
    sql, key_cols = _lines_sql(matches_sql(parsed, filt, extra_keys=extra), keys, extra_fields=extra,
                               sample=sample, seed=seed, limit=None if by_context else limit)
    hits = con.execute(sql.text, sql.params).df()
    total = int(hits["_total"].iloc[0]) if len(hits) else _count(con, parsed, filt, extra)

    # Step 4: contexts for the lines kept (for every line when sorting by context).
    hits = _add_context(con, hits, window=window, context=context, corpus=corpus)
    if by_context:
        hits = _sort_by_context(hits, keys, key_cols)
        if limit is not None:
            hits = hits.head(limit)
    out = hits[KWIC_COLUMNS].reset_index(drop=True)
    for col in ("start", "end", "i0"):
        out[col] = out[col].astype("int64")
    out["sent"] = out["sent"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    out.attrs.update(total=total, query=query, sort=",".join(("-" if k.desc else "") + k.name for k in keys),
                     sample=sample, seed=seed if sample is not None else None, context=context,
                     window=window if context == "tokens" else None)
    return out


def _count(con, parsed, filt, extra) -> int:
    """Number of matches (used when no line came back, e.g. ``limit=0``)."""
    m = matches_sql(parsed, filt, extra_keys=extra)
    return int(con.execute(f"SELECT count(*) FROM ({m.text})", m.params).fetchall()[0][0])


def _lines_sql(m: SQL, keys: list[SortKey], *, extra_fields: Sequence[str], sample: int | None, seed: int,
               limit: int | None) -> tuple[SQL, list[tuple[str, bool]]]:
    """SQL for the concordance lines with their sort-key columns ``_k0, _k1…``.

    Returns the SQL and the ``(column, descending)`` pairs in sort order (tie-breakers included). Every name
    formatted into the SQL is a fixed string or a generated ``_kN`` alias; values are bound parameters.
    """
    params = list(m.params)
    ctes = [f"hits AS (SELECT doc_id, i0, i1, start, \"end\", lemma, count(*) OVER () AS _total FROM ({m.text}))"]
    if sample is not None:
        # Bottom-k of a stable hash: independent of sort order, DuckDB version and machine.
        ctes.append(
            "src AS (SELECT * FROM hits ORDER BY md5(CAST(? AS VARCHAR) || chr(31) || doc_id || chr(31) || "
            "CAST(i0 AS VARCHAR)), doc_id, i0 LIMIT ?)"
        )
        params += [seed, sample]
    else:
        ctes.append("src AS (SELECT * FROM hits)")

    token_keys = [k for k in keys if k.kind in ("node", "position")]
    if token_keys:
        ctes.append(_token_keys_cte(token_keys))

    select: list[str] = []
    key_cols: list[tuple[str, bool]] = []
    for k in keys:
        if k.kind == "context":
            key_cols.append((f"_ctx_{k.name}", k.desc))
            continue
        exprs: list[str]
        if k.kind == "node":
            exprs = ["tk.k_node"]
        elif k.kind == "position":
            exprs = [f'tk."k_{k.name}"']  # safe: name from POSITION_KEYS
        elif k.name == "date":
            exprs = ["d.date_start", "d.year"]
        elif k.name == "doc":
            exprs = ["s.doc_id"]
        elif k.name == "position":
            exprs = ["s.start"]
        elif k.name in DOC_FIELDS:
            exprs = [f"d.{k.name}"]  # safe: allow-listed column name
        else:
            # Extra fields are text: numbers first, in numeric order, then the rest alphabetically.
            path: list = []
            field_sql(k.name, extra_fields, path)  # binds the JSON path of the (known) extra field
            exprs = ["TRY_CAST(json_extract_string(d.extra, ?) AS DOUBLE)", "json_extract_string(d.extra, ?)"]
            params += path * 2
        for e in exprs:
            alias = f"_k{len(select)}"
            select.append(f"{e} AS {alias}")
            key_cols.append((alias, k.desc))
    for col in ("doc_id", "start", "i0"):  # tie-breakers: a match is unique by (doc_id, i0)
        key_cols.append((f"_tie_{col}", False))
        select.append(f"s.{col} AS _tie_{col}")  # safe: fixed names

    text = (
        "WITH " + ",\n".join(ctes) + "\n"
        "SELECT s.doc_id, s.i0, s.i1, s.start, s.\"end\", s.lemma, s._total, d.date_text AS date, d.year, "
        "d.title, d.doc_type, d.source, d.region" + "".join(", " + x for x in select) + "\n"
        "FROM src s JOIN doc_meta d ON d.doc_id = s.doc_id"
        + (" LEFT JOIN tk ON tk.doc_id = s.doc_id AND tk.i0 = s.i0" if token_keys else "")
    )
    sql_keys = [(c, desc) for c, desc in key_cols if not c.startswith("_ctx_")]
    if not any(c.startswith("_ctx_") for c, _ in key_cols):
        text += "\nORDER BY " + ", ".join(f"{c} {'DESC' if desc else 'ASC'} NULLS LAST" for c, desc in sql_keys)
        if limit is not None:
            text += " LIMIT ?"
            params.append(limit)
    return SQL(text, params), key_cols


def _token_keys_cte(token_keys: list[SortKey]) -> str:
    """``tk``: per match, the folded norm of the tokens the position keys name, and of the match (node)."""
    parts, aggs = [], []
    for k in token_keys:
        if k.kind == "node":
            parts.append("SELECT doc_id, i0, 'node' AS slot, unnest(range(i0, i1 + 1)) AS i FROM src")
            aggs.append("string_agg(t.norm, ' ' ORDER BY t.i) FILTER (WHERE p.slot = 'node') AS k_node")
        else:
            side, n = POSITION_KEYS[k.name]
            at = f"i0 - {n}" if side == "L" else f"i1 + {n}"  # safe: n is an int from POSITION_KEYS
            parts.append(f"SELECT doc_id, i0, '{k.name}' AS slot, {at} AS i FROM src")
            aggs.append(f"max(t.norm) FILTER (WHERE p.slot = '{k.name}') AS \"k_{k.name}\"")
    return (
        "tk AS (SELECT p.doc_id, p.i0, " + ", ".join(dict.fromkeys(aggs)) + " FROM ("
        + " UNION ALL ".join(dict.fromkeys(parts))
        + ") p JOIN tokens t ON t.doc_id = p.doc_id AND t.i = p.i GROUP BY p.doc_id, p.i0)"
    )


def _sort_by_context(hits: pd.DataFrame, keys: list[SortKey], key_cols: list[tuple[str, bool]]) -> pd.DataFrame:
    """Sort in pandas when a key needs the context strings (``left``, ``right``, ``match``)."""
    if hits.empty:
        return hits
    for k in keys:
        if k.kind != "context":
            continue
        col = f"_ctx_{k.name}"
        if k.name == "left":
            hits[col] = hits["left"].map(lambda s: " ".join(reversed(fold(s).split())))
        else:
            hits[col] = hits[k.name].map(fold)
    cols = [c for c, _ in key_cols]
    asc = [not d for _, d in key_cols]
    return hits.sort_values(cols, ascending=asc, na_position="last", kind="mergesort")


def _in_list(values: Sequence[str]) -> str:
    """``IN (?, ?, …)`` for ``values`` bound as parameters: a constant list DuckDB checks against each Parquet
    row group's min/max ``doc_id``, so only the row groups of these documents are read."""
    return "IN (" + ", ".join("?" for _ in values) + ")"


def _texts(con, doc_ids: Sequence[str], corpus=None) -> dict[str, str]:
    """``{doc_id: text}`` of a few documents; with ``corpus``, only their row groups of ``documents.parquet``
    are read (see :mod:`corpus_tools.store.locate`)."""
    if not doc_ids:
        return {}
    if corpus is not None:
        t = corpus.row_groups("documents").read(doc_ids, ["doc_id", "text"])
        return {} if t is None else dict(zip(t["doc_id"].to_pylist(), t["text"].to_pylist()))
    # Safe: _in_list only makes placeholders.
    df = con.execute(f"SELECT doc_id, text FROM documents WHERE doc_id {_in_list(doc_ids)}", list(doc_ids)).df()
    return dict(zip(df["doc_id"], df["text"]))


def _token_rows(con, doc_ids: Sequence[str], corpus=None, spans=None) -> tuple[str, list]:
    """A relation (SQL text and its parameters) with ``doc_id, i, sent, start, end`` of the given documents
    (only the token numbers in ``spans``, ``(doc_id, lo, hi)``, when given and the corpus has a locator):
    read through the corpus's token locator (or its row-group catalog) and registered as ``_kwic_tok`` when
    ``corpus`` is given, else a filtered ``tokens`` subquery."""
    cols = ["doc_id", "i", "sent", "start", "end"]
    if corpus is not None:
        locator = corpus.token_locator()
        if locator is not None:
            t = locator.read(spans if spans is not None else [(d, None, None) for d in doc_ids], cols)
        else:
            t = corpus.row_groups("tokens").read(doc_ids, cols)
        if t is None:
            import pyarrow as pa

            t = pa.table({c: pa.array([], pa.string() if c == "doc_id" else pa.int32()) for c in cols})
        con.register("_kwic_tok", t)
        return "_kwic_tok", []
    # Safe: placeholders from _in_list; values are parameters.
    return f'(SELECT doc_id, i, sent, start, "end" FROM tokens WHERE doc_id {_in_list(doc_ids)})', list(doc_ids)


def _add_context(con, hits: pd.DataFrame, *, window: int, context: str, corpus=None) -> pd.DataFrame:
    """Add ``left``/``match``/``right`` (cut from the original text at token offsets) and ``sent``.

    Steps: (a) the token range of each line's context — ``window`` tokens each side, or the sentence(s) of
    the match; (b) its character span, from the tokens' integer columns only (equality join on ``doc_id, i``,
    reading only the token row groups of the lines' documents); (c) the three substrings of the original text,
    whitespace collapsed for display.
    """
    if hits.empty:
        for col in ("left", "match", "right"):
            hits[col] = pd.Series(dtype="object")
        hits["sent"] = pd.Series(dtype="Int64")
        return hits
    keys = hits[["doc_id", "i0", "i1", "start", "end"]].copy()
    doc_ids = sorted(set(keys["doc_id"]))
    spans = None
    if context != "sentence":  # the window of each line is all it needs
        spans = [(d, int(i0) - window, int(i1) + window)
                 for d, i0, i1 in zip(keys["doc_id"], keys["i0"], keys["i1"])]
    tok, tok_params = _token_rows(con, doc_ids, corpus, spans)  # token rows of the lines' documents only
    con.register("_kwic_keys", keys)
    try:
        if context == "sentence":
            ranges = f"""
                WITH k AS (
                    SELECT k.doc_id, k.i0, k.i1,
                           max(t.sent) FILTER (WHERE t.i = k.i0) AS s0, max(t.sent) FILTER (WHERE t.i = k.i1) AS s1
                    FROM (SELECT doc_id, i0, i1, unnest([i0, i1]) AS i FROM _kwic_keys) k
                         JOIN {tok} t ON t.doc_id = k.doc_id AND t.i = k.i
                    GROUP BY k.doc_id, k.i0, k.i1),
                ss AS (
                    SELECT t.doc_id, t.sent, min(t.i) AS lo, max(t.i) AS hi
                    FROM {tok} t JOIN (SELECT doc_id, s0 AS sent FROM k UNION SELECT doc_id, s1 FROM k) u
                      ON t.doc_id = u.doc_id AND t.sent = u.sent
                    GROUP BY t.doc_id, t.sent)
                SELECT k.doc_id, k.i0, k.i1, coalesce(a.lo, k.i0) AS lo, coalesce(b.hi, k.i1) AS hi
                FROM k LEFT JOIN ss a ON a.doc_id = k.doc_id AND a.sent = k.s0
                       LEFT JOIN ss b ON b.doc_id = k.doc_id AND b.sent = k.s1
            """
            params: list = tok_params + tok_params
        else:
            ranges = "SELECT doc_id, i0, i1, i0 - ? AS lo, i1 + ? AS hi FROM _kwic_keys"
            params = [window, window]
        # Every position of every line joined on equality (doc_id, i): a hash join whatever the document
        # sizes; positions outside the document find no token and drop out.
        sql = f"""
            WITH r AS ({ranges}),
            p AS (SELECT doc_id, i0, i1, unnest(range(lo, hi + 1)) AS i FROM r)
            SELECT p.doc_id, p.i0, max(t.sent) FILTER (WHERE t.i = p.i0) AS sent,
                   min(t.start) FILTER (WHERE t.i < p.i0) AS left_start,
                   max(t."end") FILTER (WHERE t.i > p.i1) AS right_end
            FROM p JOIN {tok} t ON t.doc_id = p.doc_id AND t.i = p.i
            GROUP BY p.doc_id, p.i0
        """
        spans = con.execute(sql, params + tok_params).df()
    finally:
        con.unregister("_kwic_keys")
        if corpus is not None:
            con.unregister("_kwic_tok")
    texts = _texts(con, doc_ids, corpus)
    spans = keys.merge(spans, on=["doc_id", "i0"], how="left", sort=False)
    left, match, right = [], [], []
    for doc_id, start, end, ls, re_ in zip(spans["doc_id"], spans["start"], spans["end"], spans["left_start"],
                                          spans["right_end"]):
        text = texts.get(doc_id, "")
        start, end = int(start), int(end)
        ls = start if pd.isna(ls) else int(ls)
        re_ = end if pd.isna(re_) else int(re_)
        left.append(text[ls:start])
        match.append(text[start:end])
        right.append(text[end:re_])
    parts = pd.DataFrame({"doc_id": spans["doc_id"], "i0": spans["i0"], "sent": spans["sent"],
                          "left": left, "match": match, "right": right})
    hits = hits.merge(parts, on=["doc_id", "i0"], how="left", sort=False)
    for col in ("left", "match", "right"):
        hits[col] = hits[col].fillna("").map(_one_line)
    return hits
