"""Reading sources into ``Document``s: readers (.txt, TEI, JSONL), encoding detection, manifest matching.

>>> from corpus_tools.ingest import iter_documents, IngestProblem
>>> for item in iter_documents(["corpora/demo"]):          # doctest: +SKIP
...     if isinstance(item, IngestProblem):
...         print(item)                                      # "sub/b.txt:line 3: malformed YAML ..."
...     else:
...         print(item.doc_id, item.date.year)

Bad files never raise: each gives an :class:`IngestProblem` (``level="error"``: the document was not built;
``"warning"``: built with a caveat) and the good documents still build. Only unusable arguments raise
:class:`~corpus_tools.errors.IngestError`.
"""
from __future__ import annotations

from corpus_tools.ingest.encoding import DecodeError, decode_bytes
from corpus_tools.ingest.manifest import MANIFEST_NAMES, Manifest, ManifestRow, read_manifest
from corpus_tools.ingest.pipeline import iter_documents
from corpus_tools.ingest.problems import IngestProblem
from corpus_tools.ingest.walk import DOCUMENT_EXTENSIONS

__all__ = [
    "iter_documents",
    "IngestProblem",
    "decode_bytes",
    "DecodeError",
    "read_manifest",
    "Manifest",
    "ManifestRow",
    "MANIFEST_NAMES",
    "DOCUMENT_EXTENSIONS",
]
