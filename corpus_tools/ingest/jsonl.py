"""JSON Lines documents (``.jsonl``): one JSON object per line with a non-empty ``text``."""
from __future__ import annotations

import json
from collections.abc import Iterator

from corpus_tools.ingest.encoding import decode_file
from corpus_tools.ingest.metadata import RawDocument, canonical_field
from corpus_tools.ingest.problems import IngestProblem

__all__ = ["read_jsonl"]


def read_jsonl(data: bytes, *, file: str, base_id: str,
               encoding: str | None = None) -> Iterator[RawDocument | IngestProblem]:
    """Read a ``.jsonl`` file; each good line gives a document, each bad line an error at ``line N``.

    ``doc_id`` is the object's ``id`` (or ``doc_id``) field, else ``<base_id>/<line number>``. Every other field
    is metadata (``date``, ``title``, ... and the rest into ``extra``). Blank lines are skipped.
    """
    decoded = decode_file(data, file=file, encoding=encoding)
    if isinstance(decoded, IngestProblem):
        yield decoded
        return
    text, used = decoded
    # Split on "\n" only: str.splitlines would also split on U+2028, which may sit inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        position = f"line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestProblem(file, f"malformed JSON: {exc.msg} at column {exc.colno}; fix the line "
                                "(one JSON object per line)", "error", position)
            continue
        if not isinstance(obj, dict):
            yield IngestProblem(file, f"a JSON {type(obj).__name__}, not an object with a \"text\" field",
                                "error", position)
            continue
        keys = {canonical_field(k): k for k in obj}
        value = obj.get(keys.get("text", "text"))
        if not isinstance(value, str) or not value.strip():
            yield IngestProblem(file, 'no "text" (or it is empty); add the document\'s text as "text"',
                                "error", position)
            continue
        id_key = keys.get("id")
        explicit = obj.get(id_key) if id_key else None
        doc_id = str(explicit).strip() if explicit not in (None, "") else f"{base_id}/{number}"
        metadata = {k: v for k, v in obj.items() if canonical_field(k) not in ("id", "text")}
        own = any(v not in (None, "") for v in metadata.values())
        yield RawDocument(doc_id, value, used, metadata=metadata, own_metadata=own, position=position)
