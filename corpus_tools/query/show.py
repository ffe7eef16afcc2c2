"""Show one document: metadata, original text, and the character spans of a query's hits in it."""
from __future__ import annotations

import datetime as dt
import json
import sys
from typing import IO, Any

from ..errors import CorpusNotFoundError, QueryError
from .compile import SQL, matches_sql
from .parse import parse_query

__all__ = ["show", "merge_spans", "write_document"]

#: Metadata fields returned first, in this order (then the document's extra fields).
_META_FIELDS = ("doc_id", "title", "date_text", "date_start", "date_end", "date_precision", "year", "language",
                "script", "doc_type", "source", "region", "file", "encoding", "n_tokens", "n_words")


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def show(corpus, doc_id: str, *, query: str | None = None,
         highlight: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """One document with its hits.

    Parameters
    ----------
    corpus : Corpus
    doc_id : str
    query : str, optional
        Simple query or CQL; every match in this document becomes a hit.
    highlight : list of (start, end), optional
        Extra character spans to mark (e.g. the ``start``/``end`` of a KWIC line).

    Returns
    -------
    dict
        ``doc_id``, ``metadata`` (standard fields, dates as ISO strings, plus ``extra`` fields), ``text`` (the
        original text), ``query``, and ``hits``: a list of ``{"start", "end", "i0", "i1"}`` sorted by position
        (``i0``/``i1`` are ``None`` for spans given by ``highlight``); offsets index into ``text``.
    """
    con = corpus.con
    cols = ", ".join(_META_FIELDS)  # safe: fixed names
    rows = con.execute(f"SELECT {cols}, extra, text FROM documents WHERE doc_id = ?", [doc_id]).fetchall()
    if not rows:
        raise CorpusNotFoundError(f"no document {doc_id!r} in {corpus.path}; list them with corpus-tools info")
    row = rows[0]
    meta = {k: _plain(v) for k, v in zip(_META_FIELDS, row[:len(_META_FIELDS)])}
    extra = json.loads(row[-2]) if row[-2] else {}
    meta.update({k: v for k, v in extra.items() if k not in meta})
    text = row[-1]
    hits: list[dict[str, Any]] = []
    if query:
        m = matches_sql(parse_query(query), SQL("doc_id = ?", [doc_id]), extra_keys=corpus.extra_fields)
        for i0, i1, start, end in con.execute(
                f'SELECT i0, i1, start, "end" FROM ({m.text}) ORDER BY start, i0', m.params).fetchall():
            hits.append({"start": int(start), "end": int(end), "i0": int(i0), "i1": int(i1)})
    for span in highlight or ():
        start, end = (int(x) for x in span)
        if not 0 <= start <= end <= len(text):
            raise QueryError(f"highlight span {start}-{end} lies outside document {doc_id!r} "
                             f"(0-{len(text)} characters)")
        hits.append({"start": start, "end": end, "i0": None, "i1": None})
    hits.sort(key=lambda h: (h["start"], h["end"]))
    return {"doc_id": doc_id, "metadata": meta, "text": text, "query": query, "hits": hits}


def merge_spans(hits: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans covering every hit (for rendering)."""
    spans: list[tuple[int, int]] = []
    for s, e in sorted((h["start"], h["end"]) for h in hits):
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return spans


def write_document(result: dict[str, Any], *, out: IO[str] | None = None) -> None:
    """Print a :func:`show` result to the terminal with rich: a metadata table, then the text with hits
    highlighted (bold reverse)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = out or sys.stdout
    console = Console(file=out, width=max(100, Console(file=out).width), soft_wrap=False)
    table = Table(show_header=False, box=None, pad_edge=False, title=f"{result['doc_id']}")
    table.add_column(style="bold")
    table.add_column()
    for k, v in result["metadata"].items():
        if v not in (None, ""):
            table.add_row(str(k), str(v))
    if result.get("query"):
        table.add_row("query", f"{result['query']} ({len(result['hits'])} hits)")
    console.print(table)
    body = Text(result["text"])
    for s, e in merge_spans(result["hits"]):
        body.stylize("bold reverse", s, e)
    console.print(body)
