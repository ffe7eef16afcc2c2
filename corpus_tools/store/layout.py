"""The corpus directory, format v1 (see ``../shared/DESIGN.md`` and ``docs/corpus-format.md``)."""
from __future__ import annotations

import pyarrow as pa

FORMAT_NAME = "corpus_tools"
FORMAT_VERSION = 1

CORPUS_JSON = "corpus.json"
DOCUMENTS_FILE = "documents.parquet"
TOKENS_DIR = "tokens"
ERRORS_JSON = "errors.json"

#: Rows per token part file; a build writes a part whenever this many token rows are pending.
PART_ROWS = 1_000_000

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


def part_name(n: int) -> str:
    return f"part-{n:05d}.parquet"
