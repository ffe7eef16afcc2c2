"""Exception classes. The CLI turns each into one ``Error: ...`` line and exit status 1.

Every message says what went wrong, where (file, position) and what to try next.
"""
from __future__ import annotations


class CorpusToolsError(Exception):
    """Base class of every error corpus_tools raises on purpose."""


class IngestError(CorpusToolsError):
    """A source (file, folder, manifest) cannot be read at all."""


class DateParseError(CorpusToolsError, ValueError):
    """A date string cannot be read, or names an impossible date."""


class CorpusNotFoundError(CorpusToolsError):
    """The corpus directory does not exist or is not a corpus."""


class CorpusFormatError(CorpusToolsError):
    """The corpus directory was written by an incompatible format version or is damaged."""


class QueryError(CorpusToolsError):
    """A query cannot be parsed; ``position`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, *, query: str = "", position: int | None = None) -> None:
        self.query = query
        self.position = position
        if position is not None:
            message = f"{message} (at character {position + 1} of {query!r})"
        super().__init__(message)


class PeriodError(CorpusToolsError, ValueError):
    """A period specification such as ``1925-1928,1929-1933`` cannot be read."""


class EmptySelectionError(CorpusToolsError):
    """Filters left no documents to work on."""
