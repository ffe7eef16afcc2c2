"""Manifests: a CSV/TSV/JSON table of metadata, one row per document, matched by ``id`` or ``file``.

* CSV (``,`` or ``;``, guessed from the header line), TSV, or JSON (a list of objects, or
  ``{"documents": [...]}``); any encoding :func:`decode_bytes` recognises (UTF-8 with or without BOM, cp1251...).
* ``id`` is the file name without extension, or its path relative to the source folder without extension;
  ``file`` is the path relative to the manifest's folder.
* Rows are numbered as a spreadsheet shows them (the header is row 1); JSON entries from 1.
"""
from __future__ import annotations

import csv
import io
import json
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_tools.errors import IngestError
from corpus_tools.ingest.encoding import DecodeError, decode_bytes
from corpus_tools.ingest.metadata import canonical_field
from corpus_tools.ingest.problems import IngestProblem

__all__ = ["ManifestRow", "Manifest", "read_manifest", "find_manifest", "MANIFEST_NAMES"]

#: Looked for at the top of each source folder when no manifest is given.
MANIFEST_NAMES: tuple[str, ...] = ("manifest.csv", "manifest.tsv", "manifest.json")


@dataclass(frozen=True)
class ManifestRow:
    """One manifest row: its position (``row 5`` / ``entry 3``), its ``id`` and ``file`` keys, all its values."""

    position: str
    id: str
    file: str
    fields: dict[str, str]


def _norm_path(value: str) -> str:
    value = value.strip().replace("\\", "/")
    return posixpath.normpath(value) if value else ""


def _strip_ext(rel: str) -> str:
    root, _ = posixpath.splitext(rel)
    return root


@dataclass
class Manifest:
    """A manifest read from disk, with lookups that remember which rows were used.

    Attributes
    ----------
    path : Path
    display : str
        The name problems are reported under.
    rows : list of ManifestRow
    problems : list of IngestProblem
        What was wrong with the manifest itself.
    usable : bool
        False when the manifest could not be read at all (its documents build without its metadata).
    """

    path: Path
    display: str
    rows: list[ManifestRow] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    usable: bool = True

    def __post_init__(self) -> None:
        self.folder = self.path.parent
        self._by_id: dict[str, ManifestRow] = {}
        self._by_file: dict[str, ManifestRow] = {}
        self._used: set[int] = set()
        for row in self.rows:
            if row.file:
                self._by_file.setdefault(_norm_path(row.file), row)
            if row.id:
                self._by_id.setdefault(row.id, row)

    def _use(self, row: ManifestRow | None) -> ManifestRow | None:
        if row is not None:
            self._used.add(id(row))
        return row

    def lookup_file(self, path: Path, doc_id: str) -> ManifestRow | None:
        """The row for a document file: by ``file`` (relative to the manifest folder, with or without
        extension), else by ``id`` (= relative path without extension, the ``doc_id``, or the file's stem)."""
        try:
            rel = Path(os.path.relpath(path, self.folder)).as_posix()
        except ValueError:  # another drive on Windows
            rel = path.as_posix()
        for key in (rel, _strip_ext(rel)):
            if key in self._by_file:
                return self._use(self._by_file[key])
        for key in (_strip_ext(rel), doc_id, path.stem):
            if key in self._by_id:
                return self._use(self._by_id[key])
        return None

    def lookup_id(self, doc_id: str) -> ManifestRow | None:
        """The row whose ``id`` is ``doc_id`` (for JSONL records)."""
        return self._use(self._by_id.get(doc_id))

    def unused_problems(self) -> list[IngestProblem]:
        """An error for each row that matched no document (call after all documents were read)."""
        problems = []
        for row in self.rows:
            if id(row) in self._used:
                continue
            if row.file:
                target = self.folder / row.file
                if not target.exists():
                    message = (f"file {row.file!r} does not exist (looked in {self.folder}); "
                               "fix the path or remove the row")
                else:
                    message = (f"file {row.file!r} is not among the documents read (not a .txt/.xml/.tei/.jsonl "
                               "file, hidden, or outside the sources given)")
            else:
                message = (f"no document file for id {row.id!r} (no {row.id}.txt, .xml, .tei or JSONL record "
                           "with that id); fix the id or remove the row")
            problems.append(IngestProblem(self.display, message, "error", row.position))
        return problems


def find_manifest(folder: Path) -> Path | None:
    """The ``manifest.csv``/``.tsv``/``.json`` at the top of ``folder``, if any (first in that order)."""
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _rows_from_json(text: str, display: str) -> tuple[list[tuple[str, dict[str, str]]], list[IngestProblem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Fatal(f"malformed JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}") from None
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if not isinstance(data, list):
        raise _Fatal('a JSON manifest must be a list of objects, or {"documents": [...]}', "")
    rows, problems = [], []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(IngestProblem(display, f"entry is a JSON {type(item).__name__}, not an object; skipped",
                                          "error", f"entry {number}"))
            continue
        rows.append((f"entry {number}", {str(k): _cell(v) for k, v in item.items()}))
    return rows, problems


def _delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _rows_from_csv(text: str, suffix: str,
                   display: str) -> tuple[list[tuple[str, dict[str, str]]], list[IngestProblem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, suffix), strict=True)
    rows, problems = [], []
    header: list[str] | None = None
    try:
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            if len(record) > len(header):
                problems.append(IngestProblem(
                    display, f"{len(record)} values but {len(header)} columns in the header; row skipped "
                    "(quote values that contain the separator)", "error", f"row {number}"))
                continue
            rows.append((f"row {number}", {name: cell.strip() for name, cell in zip(header, record) if name}))
    except csv.Error as exc:
        raise _Fatal(f"malformed CSV: {exc}", f"line {reader.line_num}") from None
    return rows, problems


class _Fatal(Exception):
    def __init__(self, message: str, position: str) -> None:
        super().__init__(message)
        self.position = position


def read_manifest(path: str | os.PathLike[str], *, display: str | None = None) -> Manifest:
    """Read a manifest file.

    Parameters
    ----------
    path : str or PathLike
        A ``.csv``, ``.tsv`` or ``.json`` file.
    display : str, optional
        The name to report problems under (default: ``path`` as given).

    Returns
    -------
    Manifest
        Its ``rows`` (keys ``id``/``file`` and every value, column names with aliases resolved:
        ``lang``→``language``, ``type``→``doc_type``, ``archive``/``archive_ref``→``source``) and its
        ``problems``. A manifest that cannot be read at all (bad CSV/JSON, no ``id``/``file`` column,
        undecodable) has ``usable=False``, no rows and one error problem naming the position.

    Raises
    ------
    IngestError
        The file does not exist or cannot be opened.
    """
    path = Path(path)
    display = display if display is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read manifest {display}: {exc.strerror or exc}") from None
    try:
        try:
            text, _ = decode_bytes(data)
        except DecodeError as exc:
            raise _Fatal(str(exc), f"byte {exc.position}" if exc.position is not None else "") from None
        if not text.strip():
            raise _Fatal("empty manifest; add a header line with an id or file column", "")
        suffix = path.suffix.lower()
        if suffix == ".json":
            raw_rows, problems = _rows_from_json(text, display)
        else:
            raw_rows, problems = _rows_from_csv(text, suffix, display)
        columns = {canonical_field(name) for _, values in raw_rows for name in values}
        if raw_rows and not columns & {"id", "file"}:
            raise _Fatal(f"no 'id' or 'file' column (columns: {', '.join(sorted(columns))}); add an id column "
                         "with each file's name without extension", "row 1" if suffix != ".json" else "")
    except _Fatal as fatal:
        message = f"{fatal}; documents are built without this manifest's metadata"
        return Manifest(path, display, problems=[IngestProblem(display, message, "error", fatal.position)],
                        usable=False)
    rows: list[ManifestRow] = []
    seen: dict[str, str] = {}
    for position, values in raw_rows:
        fields = {canonical_field(name): value for name, value in values.items() if value != ""}
        row_id, row_file = fields.get("id", ""), fields.get("file", "")
        if not row_id and not row_file:
            problems.append(IngestProblem(display, "row has neither an id nor a file; skipped", "error", position))
            continue
        key = f"id={row_id}" if row_id else f"file={_norm_path(row_file)}"
        if key in seen:
            problems.append(IngestProblem(display, f"duplicate {key} (first in {seen[key]}); row skipped",
                                          "error", position))
            continue
        seen[key] = position
        rows.append(ManifestRow(position, row_id, row_file, fields))
    return Manifest(path, display, rows=rows, problems=problems)
