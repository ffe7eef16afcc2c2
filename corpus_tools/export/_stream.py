"""Documents with their token rows, one document at a time, read part by part (bounded memory)."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..store import layout

__all__ = ["DocTokens", "clean_cell", "iter_documents", "sentence_ranges", "write_documents"]

_BREAKS = re.compile(r"\s*[\t\r\n\u2028\u2029]+\s*")


def clean_cell(value: str | None) -> str:
    """A token attribute fit for one tab-separated cell: tabs and line breaks (with the spaces around them,
    as in line-break hyphenation ``откочев-⏎ка``) removed; ``_`` for an empty value."""
    if value is None or value == "":
        return "_"
    v = _BREAKS.sub("", value)
    return v if v else "_"


@dataclass
class DocTokens:
    """One document: its metadata (``documents`` columns, ``extra`` parsed into a dict; ``text`` only when
    asked for) and its token rows as a dict of columns in text order."""

    meta: dict[str, Any]
    tokens: dict[str, list]

    @property
    def text(self) -> str | None:
        return self.meta.get("text")


class _Documents:
    """Reads the metadata rows of given documents from ``documents.parquet``, row group by row group."""

    def __init__(self, path, *, with_text: bool) -> None:
        self.file = pq.ParquetFile(path)
        self.columns = [n for n in self.file.schema_arrow.names if with_text or n != "text"]
        self.group_of: dict[str, int] = {}
        for k in range(self.file.num_row_groups):
            for doc_id in self.file.read_row_group(k, columns=["doc_id"])["doc_id"].to_pylist():
                self.group_of[doc_id] = k

    def rows(self, doc_ids) -> dict[str, dict[str, Any]]:
        groups = sorted({self.group_of[d] for d in doc_ids if d in self.group_of})
        if not groups:
            return {}
        wanted = set(doc_ids)
        out = {}
        for row in self.file.read_row_groups(groups, columns=self.columns).to_pylist():
            if row["doc_id"] in wanted:
                row["extra"] = json.loads(row.get("extra") or "{}")
                out[row["doc_id"]] = row
        return out


def iter_documents(corpus, *, with_text: bool = False) -> Iterator[DocTokens]:
    """Every document of ``corpus`` with its tokens: part by part, documents in the order they are stored
    (sorted by ``doc_id`` within a part); documents without tokens come last. Holds one token part (and its
    documents' rows) at a time."""
    docs = _Documents(corpus.path / layout.DOCUMENTS_FILE, with_text=with_text)
    token_cols = [n for n in layout.TOKEN_SCHEMA.names if n != "doc_id"]
    seen: set[str] = set()
    for part in sorted((corpus.path / layout.TOKENS_DIR).glob("part-*.parquet")):
        table = pq.read_table(part)
        ids = table["doc_id"].to_pylist()
        cols = {name: table[name].to_pylist() for name in token_cols}
        del table
        meta = docs.rows(set(ids))
        start, n = 0, len(ids)
        while start < n:  # rows of one document are contiguous within a part
            doc_id = ids[start]
            end = start
            while end < n and ids[end] == doc_id:
                end += 1
            order = sorted(range(start, end), key=cols["i"].__getitem__)
            seen.add(doc_id)
            yield DocTokens(meta.get(doc_id, {"doc_id": doc_id, "extra": {}}),
                            {k: [v[j] for j in order] for k, v in cols.items()})
            start = end
    rest = sorted(d for d in docs.group_of if d not in seen)
    for k in range(0, len(rest), 256):
        meta = docs.rows(rest[k:k + 256])
        for doc_id in rest[k:k + 256]:
            yield DocTokens(meta[doc_id], {c: [] for c in token_cols})


def sentence_ranges(t: dict[str, list]) -> Iterator[tuple[int, int, int]]:
    """``(sent, first, last)`` row ranges of the sentences of one document's tokens (rows in token order)."""
    n = len(t["i"])
    start = 0
    while start < n:
        end = start
        while end + 1 < n and t["sent"][end + 1] == t["sent"][start]:
            end += 1
        yield t["sent"][start], start, end
        start = end + 1


def write_documents(corpus, path, render: Callable[[DocTokens], tuple[str, int]]) -> dict[str, int]:
    """Stream every document of ``corpus`` (:func:`iter_documents`) through ``render``, which returns the
    document's text and its number of sentences, into ``path`` (UTF-8, ``\\n`` line ends).

    Returns ``documents``, ``sentences`` and ``tokens`` written."""
    counts = {"documents": 0, "sentences": 0, "tokens": 0}
    with open(Path(path), "w", encoding="utf-8", newline="\n") as out:
        for doc in iter_documents(corpus):
            text, sentences = render(doc)
            out.write(text)
            counts["documents"] += 1
            counts["sentences"] += sentences
            counts["tokens"] += len(doc.tokens["i"])
    return counts
