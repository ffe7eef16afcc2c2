"""Which files of a source are documents, in which order."""
from __future__ import annotations

import os
from pathlib import Path

from corpus_tools.ingest.manifest import MANIFEST_NAMES

__all__ = ["DOCUMENT_EXTENSIONS", "is_document", "iter_source_files"]

#: File extensions read as documents (lower case), mapped to the reader's format name.
DOCUMENT_EXTENSIONS: dict[str, str] = {".txt": "txt", ".xml": "tei", ".tei": "tei", ".jsonl": "jsonl"}


def is_document(path: Path) -> bool:
    """A document file: a known extension, not a manifest, not a README, not hidden."""
    name = path.name
    if name.startswith(".") or name.lower() in MANIFEST_NAMES or name.upper().startswith("README"):
        return False
    return path.suffix.lower() in DOCUMENT_EXTENSIONS


def iter_source_files(folder: Path) -> list[Path]:
    """Every document file under ``folder``, recursively, hidden files and folders skipped, sorted by their
    path relative to ``folder`` (component by component, so ``a/b.txt`` comes before ``a-c.txt``)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(dirpath, name)
            if is_document(path) and path.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)
