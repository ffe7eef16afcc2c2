"""Plain objects shared by every step: :class:`Document` and its approximate date :class:`DateSpan`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from corpus_tools.dates import parse_date as parse_date

#: Metadata fields with a column of their own in ``documents.parquet``; anything else goes to ``extra``.
STANDARD_FIELDS: tuple[str, ...] = (
    "doc_id", "title", "date", "language", "script", "doc_type", "source", "region", "file", "encoding",
)

#: Values of :attr:`DateSpan.precision`.
PRECISIONS: tuple[str, ...] = (
    "day", "month", "year", "range", "decade", "circa", "not_before", "not_after", "unknown",
)


@dataclass(frozen=True)
class DateSpan:
    """An archivist's date read as a span of days.

    Attributes
    ----------
    start, end : datetime.date or None
        First and last day the date may denote (inclusive). ``None`` for an open or unknown side.
    precision : str
        One of :data:`PRECISIONS`.
    text : str
        The date exactly as written in the source.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"
    text: str = ""

    @property
    def year(self) -> int | None:
        """Reference year used to place the document on the time axis.

        The year of the span's midpoint when both ends are known; the known end's year for an open span
        (``не ранее 1929`` → 1929, ``не позднее 1933`` → 1933); ``None`` when unknown.
        See ``docs/dates.md``.
        """
        if self.start and self.end:
            mid = self.start + (self.end - self.start) / 2
            return mid.year
        if self.start:
            return self.start.year
        if self.end:
            return self.end.year
        return None

    @property
    def known(self) -> bool:
        return self.start is not None or self.end is not None

    def __str__(self) -> str:  # pragma: no cover - display helper
        return self.text or "unknown"


UNKNOWN_DATE = DateSpan()

#: Spellings of language names seen in manifests, mapped to ISO 639-1 codes.
LANGUAGE_ALIASES: dict[str, str] = {
    "ru": "ru", "rus": "ru", "russian": "ru", "рус": "ru", "русский": "ru", "ru-ru": "ru",
    "kk": "kk", "kaz": "kk", "kazakh": "kk", "каз": "kk", "казахский": "kk", "қазақ": "kk", "kk-kz": "kk",
}


def normalize_language(value: str) -> str:
    """``"Russian"``, ``"RU"``, ``"рус"`` → ``"ru"``; unknown values are returned lower-cased and stripped."""
    v = (value or "").strip().lower()
    return LANGUAGE_ALIASES.get(v, v)


@dataclass
class Document:
    """One source document: its original text (as decoded, BOM removed) and metadata."""

    doc_id: str
    text: str
    title: str = ""
    date: DateSpan = UNKNOWN_DATE
    language: str = ""
    script: str = ""
    doc_type: str = ""
    source: str = ""
    region: str = ""
    file: str = ""
    encoding: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def __getattr__(name: str) -> Any:
    # ``parse_date`` lives in :mod:`corpus_tools.dates`, which imports this module; importing it lazily here
    # lets ``from corpus_tools.documents import parse_date`` work whichever module is imported first.
    if name == "parse_date":
        from corpus_tools.dates import parse_date

        return parse_date
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
