"""Metadata fields shared by manifests, front matter, TEI headers and JSONL: aliases and the split into
``Document`` fields and ``extra``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawDocument", "FIELD_ALIASES", "DOCUMENT_FIELDS", "KEY_FIELDS", "canonical_field", "split_metadata"]

#: Column names users write, mapped to ``Document`` field names (matched case-insensitively).
FIELD_ALIASES: dict[str, str] = {
    "lang": "language",
    "type": "doc_type",
    "archive": "source",
    "archive_ref": "source",
    "doc_id": "id",
}

#: Metadata that fills a ``Document`` attribute of its own (``date`` is parsed with ``parse_date``).
DOCUMENT_FIELDS: tuple[str, ...] = ("title", "date", "language", "script", "doc_type", "source", "region")

#: Fields that say which document a record is, or how to read it; never copied into ``extra``.
KEY_FIELDS: tuple[str, ...] = ("id", "file", "text", "encoding")


def canonical_field(name: str) -> str:
    key = str(name).strip()
    lowered = key.lower()
    lowered = FIELD_ALIASES.get(lowered, lowered)
    return lowered if lowered in DOCUMENT_FIELDS or lowered in KEY_FIELDS else key


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_metadata(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split raw metadata into (document fields, extra).

    Names are matched case-insensitively through :data:`FIELD_ALIASES`; empty values are dropped; keys in
    :data:`KEY_FIELDS` are left out of both. ``date`` stays a string (or an already-built ``DateSpan``).
    Document fields are strings; ``extra`` keeps strings as strings and other JSON values as they are.
    """
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in raw.items():
        if _is_empty(value):
            continue
        key = canonical_field(name)
        if key in KEY_FIELDS:
            continue
        if key in DOCUMENT_FIELDS:
            fields[key] = value if key == "date" and not isinstance(value, (str, int, float)) else str(value).strip()
        else:
            extra[key] = value.strip() if isinstance(value, str) else value
    return fields, extra


@dataclass
class RawDocument:
    """What a reader found in a file, before manifest metadata and date parsing (see ``pipeline.py``).

    Attributes
    ----------
    doc_id : str
        From the file (JSONL ``id``) or its path.
    text : str
        The document text.
    encoding : str
        How the file was decoded.
    metadata : dict
        Fields carried by the file itself (front matter, TEI header, JSONL keys); ``date`` may be a ``DateSpan``.
    own_metadata : bool
        True when the file carries its own metadata (no "no manifest row" warning then).
    position : str
        Where in the file the document is (``line 3`` of a JSONL file), or empty.
    warnings : list of str
        Caveats found while reading, reported as warnings with the document.
    """

    doc_id: str
    text: str
    encoding: str
    metadata: dict[str, Any] = field(default_factory=dict)
    own_metadata: bool = False
    position: str = ""
    warnings: list[str] = field(default_factory=list)
