"""Token parts and the derived lemma/norm index, written part by part.

Layout (additive to format v1, see ``docs/corpus-format.md``):

* ``tokens/part-NNNNN.parquet`` — rows sorted by ``doc_id, i``, row groups of
  :data:`~corpus_tools.store.layout.ROW_GROUP_ROWS` rows with min/max statistics, so a query naming a few
  documents reads a few row groups;
* ``index/part-NNNNN.parquet`` — for the same tokens, one row keyed by the lemma and one keyed by the norm
  (where it differs), in two runs each sorted by ``key`` (every row group covers a narrow key range): a lemma or word lookup reads only the row groups whose ``key`` range
  holds it, and gets everything a match needs (``doc_id, i, sent, start, end, lemma, norm``) without touching
  the token parts.

The index is derived: :func:`build_index` rebuilds it from ``tokens/`` (for corpora built before it existed),
and a corpus without it is queried from ``tokens/`` directly (slower on large corpora).
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import layout

__all__ = ["build_index", "index_complete", "index_table", "write_parquet", "write_token_part"]


def write_parquet(table: pa.Table, path: Path, *, row_group_size: int = layout.ROW_GROUP_ROWS) -> None:
    """Write ``table`` to ``path`` atomically (a temporary name, then a rename), zstd, with statistics."""
    tmp = path.with_name(f".{path.name}.writing")
    pq.write_table(table, tmp, compression="zstd", row_group_size=row_group_size, write_statistics=True)
    os.replace(tmp, path)


def _keyed(base: pa.Table, column: str) -> pa.Table:
    """``base`` with a ``key`` column copied from ``column``, sorted by ``key, doc_id, i``."""
    keyed = base.add_column(0, "key", base[column]).cast(layout.INDEX_SCHEMA)
    return keyed.take(pc.sort_indices(keyed, [("key", "ascending"), ("doc_id", "ascending"), ("i", "ascending")]))


def _index_pieces(tokens: pa.Table):
    """The two sorted runs of an index part: every token keyed by lemma, then those whose norm differs
    keyed by norm. Each run is sorted by key, so every row group covers a narrow key range."""
    base = tokens.select(["doc_id", "i", "sent", "start", "end", "lemma", "norm"])
    yield _keyed(base, "lemma")
    differs = pc.fill_null(pc.not_equal(base["norm"], base["lemma"]), True)
    yield _keyed(base.filter(differs), "norm")


def index_table(tokens: pa.Table) -> pa.Table:
    """Index rows of a token table (both runs of :func:`_index_pieces`, concatenated)."""
    return pa.concat_tables(list(_index_pieces(tokens)))


def _write_index(tokens: pa.Table, path: Path) -> None:
    """Write the index part of ``tokens`` run by run (one run in memory at a time), atomically."""
    tmp = path.with_name(f".{path.name}.writing")
    with pq.ParquetWriter(tmp, layout.INDEX_SCHEMA, compression="zstd", write_statistics=True) as out:
        for piece in _index_pieces(tokens):
            out.write_table(piece, row_group_size=layout.ROW_GROUP_ROWS)
            del piece
    os.replace(tmp, path)


def write_token_part(tokens: pa.Table, folder: Path, n: int) -> None:
    """Write token part ``n`` (sorted by ``doc_id, i``) under ``folder/tokens`` and its index part under
    ``folder/index``. The index part is written first, so a token part never exists without its index."""
    tokens = tokens.take(pc.sort_indices(tokens, [("doc_id", "ascending"), ("i", "ascending")]))
    (folder / layout.INDEX_DIR).mkdir(exist_ok=True)
    _write_index(tokens, folder / layout.INDEX_DIR / layout.part_name(n))
    write_parquet(tokens, folder / layout.TOKENS_DIR / layout.part_name(n))


def index_complete(path: Path) -> bool:
    """Whether every token part of the corpus at ``path`` has its index part (and nothing else is there)."""
    tokens = {p.name for p in (path / layout.TOKENS_DIR).glob("part-*.parquet")}
    index = {p.name for p in (path / layout.INDEX_DIR).glob("part-*.parquet")}
    return bool(tokens) and tokens == index


def build_index(path: str | os.PathLike) -> int:
    """(Re)write ``index/`` of an existing corpus from its token parts, one part at a time (bounded memory).

    Returns the number of index parts written. Safe to run on a corpus in use: each file is written under a
    temporary name and renamed.
    """
    root = Path(path)
    folder = root / layout.INDEX_DIR
    folder.mkdir(exist_ok=True)
    parts = sorted((root / layout.TOKENS_DIR).glob("part-*.parquet"))
    names = {p.name for p in parts}
    for stale in folder.glob("part-*.parquet"):
        if stale.name not in names:
            stale.unlink()
    for part in parts:
        _write_index(pq.read_table(part), folder / part.name)
    return len(parts)
