"""corpus_tools: make dated Russian and Kazakh documents of the 1910s–1930s searchable and measurable.

>>> import corpus_tools as ct
>>> corpus = ct.build(["corpora/demo"], "demo.corpus")     # doctest: +SKIP
>>> corpus.kwic("откочевка", window=8, years=(1928, 1933))  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from .documents import DateSpan, Document  # noqa: E402
from .errors import (  # noqa: E402
    CorpusFormatError,
    CorpusNotFoundError,
    CorpusToolsError,
    DateParseError,
    IngestError,
    QueryError,
)

__all__ = [
    "Corpus", "CorpusFormatError", "CorpusNotFoundError", "CorpusToolsError", "DateParseError", "DateSpan",
    "Document", "IngestError", "QueryError", "__version__", "build",
]


def __getattr__(name: str):
    # Lazy: importing the package must stay cheap (the CLI's --help, the docs); the store pulls in DuckDB.
    if name in ("Corpus", "build"):
        from . import store

        return getattr(store, name)
    raise AttributeError(name)
