""":func:`iter_documents`: sources + manifest → a stream of ``Document``s and ``IngestProblem``s.

Steps (the same labels appear in the code):

1. check the arguments (sources exist, the manifest can be opened, the encoding is known) — the only place
   that raises;
2. read the explicit manifest, or the ``manifest.csv|tsv|json`` at the top of each source folder;
3. for each document file, in sorted order: find its manifest row, read it with the reader of its extension;
4. merge metadata (the file's own, then the manifest's on top), parse the date, check the ``doc_id`` is new,
   and yield warnings followed by the ``Document`` — or an error instead of it;
5. after the files, report manifest rows that matched no document.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools.dates import parse_date
from corpus_tools.documents import DateSpan, Document
from corpus_tools.errors import DateParseError, IngestError
from corpus_tools.ingest.encoding import canonical_encoding
from corpus_tools.ingest.jsonl import read_jsonl
from corpus_tools.ingest.manifest import Manifest, ManifestRow, find_manifest, read_manifest
from corpus_tools.ingest.metadata import RawDocument, split_metadata
from corpus_tools.ingest.problems import IngestProblem
from corpus_tools.ingest.tei import read_tei
from corpus_tools.ingest.txt import read_txt
from corpus_tools.ingest.walk import DOCUMENT_EXTENSIONS, is_document, iter_source_files

__all__ = ["iter_documents", "READERS"]

Reader = Callable[..., Iterator["RawDocument | IngestProblem"]]

#: Reader for each format name of :data:`DOCUMENT_EXTENSIONS`.
READERS: dict[str, Reader] = {"txt": read_txt, "tei": read_tei, "jsonl": read_jsonl}

SourceArg = str | os.PathLike[str]


@dataclass
class _Source:
    path: Path
    given: str
    is_dir: bool


def iter_documents(sources: Sequence[SourceArg] | SourceArg, *, manifest: SourceArg | None = None,
                   encoding: str | None = None) -> Iterator[Document | IngestProblem]:
    """Read documents from folders and files, streaming ``Document``s and per-file ``IngestProblem``s.

    Parameters
    ----------
    sources : sequence of str or PathLike
        Folders (walked recursively, sorted, hidden entries skipped) and/or single files: ``.txt`` (optional
        YAML front matter), ``.xml``/``.tei`` (TEI) and ``.jsonl`` (one document per line). A single path is
        accepted as a one-element list.
    manifest : str or PathLike, optional
        A CSV/TSV/JSON manifest for all sources. Without it, a ``manifest.csv``/``.tsv``/``.json`` at the top of
        a source folder is used for that folder.
    encoding : str, optional
        Force this encoding for ``.txt`` and ``.jsonl`` files (default: detect).

    Yields
    ------
    Document or IngestProblem
        A document's warnings come right before it; an error comes instead of it. Problems with a manifest
        come first (what is wrong with it) and last (rows that matched no document).

    Raises
    ------
    IngestError
        Only for unusable arguments, before anything is read: a source that does not exist, a manifest that
        cannot be opened, an unknown encoding. Bad *files* never raise.

    Notes
    -----
    ``doc_id`` is the manifest row's ``id`` when the row has one; otherwise the path relative to the source
    folder without extension (``volume_12/31``), a single file's stem, or for JSONL the record's ``id`` /
    ``doc_id`` (else ``<path>/<line number>``). A ``doc_id`` seen before is an error for the later document.
    """
    # 1. arguments
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    checked = []
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise IngestError(f"source not found: {os.fspath(source)}; give a folder of .txt/.xml/.tei/.jsonl "
                              "files or one such file")
        checked.append(_Source(path, os.fspath(source), path.is_dir()))
    if not checked:
        raise IngestError("no sources given; name at least one folder or file")
    if encoding:
        canonical_encoding(encoding)
    explicit = None
    if manifest is not None:
        manifest_path = Path(manifest)
        if not manifest_path.is_file():
            raise IngestError(f"manifest not found: {os.fspath(manifest)}")
        explicit = read_manifest(manifest_path, display=os.fspath(manifest))
    return _stream(checked, explicit, encoding)


def _stream(sources: list[_Source], explicit: Manifest | None,
            encoding: str | None) -> Iterator[Document | IngestProblem]:
    seen: dict[str, str] = {}
    if explicit is not None:
        yield from explicit.problems
    for source in sources:
        # 2. manifest of this source
        index = explicit
        if source.is_dir and explicit is None:
            found = find_manifest(source.path)
            if found is not None:
                index = read_manifest(found, display=found.name)
                yield from index.problems
        if source.is_dir:
            files = [(path, path.relative_to(source.path).as_posix()) for path in iter_source_files(source.path)]
        else:
            files = [(source.path, source.given)]
        for path, display in files:
            base_id = (os.path.splitext(display)[0] if source.is_dir else path.stem)
            yield from _read_file(path, display, base_id, index, encoding, seen)
        # 5. rows that matched nothing
        if index is not None and index is not explicit:
            yield from index.unused_problems()
    if explicit is not None:
        yield from explicit.unused_problems()


def _read_file(path: Path, display: str, base_id: str, index: Manifest | None, encoding: str | None,
               seen: dict[str, str]) -> Iterator[Document | IngestProblem]:
    # 3. manifest row and reader
    fmt = DOCUMENT_EXTENSIONS.get(path.suffix.lower()) if is_document(path) else None
    if fmt is None:
        yield IngestProblem(display, f"not a document file ({path.suffix or 'no extension'}); "
                            f"give .txt, .xml/.tei or .jsonl files")
        return
    usable = index is not None and index.usable
    file_row = index.lookup_file(path, base_id) if usable else None
    forced = encoding or (file_row.fields.get("encoding") if file_row else None) or None
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestProblem(display, f"cannot read the file: {exc.strerror or exc}; check its permissions")
        return
    for item in READERS[fmt](data, file=display, base_id=base_id, encoding=forced):
        if isinstance(item, IngestProblem):
            yield item
            continue
        rows = [file_row] if file_row else []
        if fmt == "jsonl" and usable:
            id_row = index.lookup_id(item.doc_id)
            if id_row is not None and id_row is not file_row:
                rows.append(id_row)
        yield from _build(item, rows, index if usable else None, display, base_id, seen)


def _build(raw: RawDocument, rows: list[ManifestRow], index: Manifest | None, display: str, base_id: str,
           seen: dict[str, str]) -> Iterator[Document | IngestProblem]:
    # 4. metadata, date, doc_id
    fields, extra = split_metadata(raw.metadata)
    date_origin = ""
    if "date" in fields:
        date_origin = "the file"
    doc_id = raw.doc_id
    for row in rows:
        row_fields, row_extra = split_metadata(row.fields)
        fields.update(row_fields)
        extra.update(row_extra)
        if "date" in row_fields:
            date_origin = f"{index.display if index else 'the manifest'} {row.position}"
        if row.id and raw.position == "":
            doc_id = row.id
    if doc_id in seen:
        yield IngestProblem(display, f"duplicate doc_id {doc_id!r} (already used by {seen[doc_id]}); rename the "
                            "file or give it a distinct id", "error", raw.position)
        return
    seen[doc_id] = display + (f":{raw.position}" if raw.position else "")
    warnings = list(raw.warnings)
    if index is not None and not rows and not raw.own_metadata:
        key = doc_id if raw.position else base_id
        what = f"id {doc_id!r}" if raw.position else display
        warnings.append(f"no manifest row for {what}; built without metadata — add a row with id={key} "
                        f"to {index.display}")
    date = _date(fields.pop("date", None), date_origin, warnings)
    for message in warnings:
        yield IngestProblem(display, message, "warning", raw.position)
    yield Document(
        doc_id=doc_id, text=raw.text, date=date, file=display, encoding=raw.encoding, extra=extra,
        **{name: str(value) for name, value in fields.items()},
    )


def _date(value: Any, origin: str, warnings: list[str]) -> DateSpan:
    if value is None:
        return DateSpan()
    if isinstance(value, DateSpan):
        return value
    text = str(value)
    try:
        return parse_date(text)
    except DateParseError as exc:
        where = f" (from {origin})" if origin else ""
        warnings.append(f"date{where}: {exc}; the document is built with an unknown date")
        return DateSpan(precision="unknown", text=text)
