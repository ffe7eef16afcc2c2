"""The corpus directory, format v1 (see ``../shared/DESIGN.md`` and ``docs/corpus-format.md``)."""
from __future__ import annotations

import pyarrow as pa

FORMAT_NAME = "corpus_tools"
FORMAT_VERSION = 1

CORPUS_JSON = "corpus.json"
DOCUMENTS_FILE = "documents.parquet"
TOKENS_DIR = "tokens"
ERRORS_JSON = "errors.json"
#: Derived lookup index (see :mod:`corpus_tools.store.index`); optional, rebuildable from ``tokens/``.
INDEX_DIR = "index"
#: The compacted index inside ``INDEX_DIR``: every index row in one file sorted by ``key, doc_id, i``.
INDEX_FILE = "index.parquet"
#: Parquet key-value metadata of ``INDEX_FILE``: a JSON list of the token part names it covers.
INDEX_PARTS_KEY = "corpus_tools_token_parts"
#: Derived, inside ``INDEX_DIR``: where each document's rows are in the token parts (``doc_id, part, row0,
#: rows, last_i``), so that a query reads exactly the rows it needs; same ``INDEX_PARTS_KEY`` metadata.
LOCATOR_FILE = "locator.parquet"
#: Derived, inside ``INDEX_DIR``: ``documents.parquet`` without the ``text`` column, in few row groups, so that
#: opening a corpus's query connection does not read the thousands of small row groups of the texts.
DOC_META_FILE = "doc_meta.parquet"
#: DuckDB memory limit of the index sort (it spills to disk beyond it).
SORT_MEMORY = "512MB"
#: Folder (inside a build's temporary folder) of the document rows written so far, one file per token part.
DOC_PARTS_DIR = "documents.parts"

#: Rows per token part file; a build writes a part whenever this many token rows are pending.
PART_ROWS = 500_000

#: Rows per Parquet row group of token parts and index parts. Small groups with min/max statistics let
#: DuckDB skip most of a part when a query names a few documents (token parts are sorted by ``doc_id, i``)
#: or a few lemmas (index parts are sorted by ``key``).
ROW_GROUP_ROWS = 16_384
#: Rows per row group of the compacted index (``INDEX_FILE``). Larger than :data:`ROW_GROUP_ROWS`: DuckDB
#: pays a fixed cost per row group of a scanned file even when statistics rule it out (at 100M tokens,
#: 16,384-row groups made 8,842 of them and 0.07 s per lookup; 131,072-row groups 0.015 s, one-off timings).
INDEX_ROW_GROUP_ROWS = 131_072
#: Documents per row group of ``documents.parquet`` (sorted by ``doc_id`` within each build batch), so that
#: reading the texts of a few documents does not decompress all of them.
DOC_ROW_GROUP_ROWS = 32

#: Parts of speech that do not count as words in per-million denominators.
NON_WORD_POS: frozenset[str] = frozenset({"PUNCT", "SYM"})

TOKEN_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("sent", pa.int32()),
    ("i", pa.int32()),
    ("form", pa.string()),
    ("norm", pa.string()),
    ("lemma", pa.string()),
    ("pos", pa.string()),
    ("feats", pa.string()),
    ("oov", pa.bool_()),
    ("lang", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
])

DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("title", pa.string()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("date_precision", pa.string()),
    ("date_text", pa.string()),
    ("year", pa.int32()),
    ("language", pa.string()),
    ("script", pa.string()),
    ("doc_type", pa.string()),
    ("source", pa.string()),
    ("region", pa.string()),
    ("file", pa.string()),
    ("encoding", pa.string()),
    ("extra", pa.string()),
    ("text", pa.string()),
    ("n_tokens", pa.int64()),
    ("n_words", pa.int64()),
    ("doc_hash", pa.string()),
])


#: Index rows: one per token keyed by its lemma, plus one keyed by its norm where that differs.
INDEX_SCHEMA = pa.schema([
    ("key", pa.string()),
    ("doc_id", pa.string()),
    ("i", pa.int32()),
    ("sent", pa.int32()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("lemma", pa.string()),
    ("norm", pa.string()),
])


def part_name(n: int) -> str:
    return f"part-{n:05d}.parquet"


def part_number(name: str) -> int:
    """``part-00012.parquet`` → 12."""
    return int(name.split("-", 1)[1].split(".", 1)[0])
