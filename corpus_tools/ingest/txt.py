"""Plain-text documents (``.txt``), with optional YAML front matter."""
from __future__ import annotations

from collections.abc import Iterator

from corpus_tools.ingest.encoding import decode_file
from corpus_tools.ingest.frontmatter import FrontMatterError, split_front_matter
from corpus_tools.ingest.metadata import RawDocument
from corpus_tools.ingest.problems import IngestProblem

__all__ = ["read_txt"]


def read_txt(data: bytes, *, file: str, base_id: str,
             encoding: str | None = None) -> Iterator[RawDocument | IngestProblem]:
    """Read one ``.txt`` file: its text (byte-for-byte after decoding) and its front matter, if any.

    The text of a file with front matter is what follows the closing ``---`` line.
    """
    decoded = decode_file(data, file=file, encoding=encoding)
    if isinstance(decoded, IngestProblem):
        yield decoded
        return
    text, used = decoded
    try:
        meta, body, closed = split_front_matter(text)
    except FrontMatterError as exc:
        yield IngestProblem(file, f"{exc}; fix it or remove the front matter", "error",
                            f"line {exc.line}" if exc.line else "")
        return
    doc = RawDocument(base_id, body, used, metadata=meta or {}, own_metadata=bool(meta))
    if not closed:
        doc.warnings.append("the file starts with '---' but has no closing '---' line; read as plain text "
                            "without front matter")
    if meta is not None and not body.strip():
        yield IngestProblem(file, "no text after the front matter; add the document's text below the closing '---'")
        return
    yield doc
