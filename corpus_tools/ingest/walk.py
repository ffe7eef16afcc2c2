"""Which files of a source are documents, in which order."""
from __future__ import annotations

import os
from pathlib import Path

from corpus_tools.ingest.manifest import MANIFEST_NAMES

__all__ = ["DOCUMENT_EXTENSIONS", "count_documents", "is_document", "iter_source_files"]

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


def count_documents(sources: "list[str | os.PathLike[str]]") -> int | None:
    """How many documents ``sources`` hold, for a progress bar: one per ``.txt``/TEI file, one per non-blank
    line of a ``.jsonl`` file (counted on the raw bytes, no parsing). ``None`` if a source does not exist."""
    total = 0
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = iter_source_files(path)
        elif path.is_file():
            files = [path]
        else:
            return None
        for f in files:
            if f.suffix.lower() == ".jsonl":
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total
