"""Build a corpus directory: ingest → normalize + annotate → Parquet, committed atomically.

Steps (the same labels appear in the log):
1. recover from an earlier killed build and check the target;
2. with ``append``, carry over the previous corpus's documents and token parts;
3. stream the sources: each document is annotated and its tokens buffered, a Parquet part is written every
   :data:`~corpus_tools.store.layout.PART_ROWS` rows;
4. write ``documents.parquet``, ``errors.json`` and ``corpus.json`` (with the content hash);
5. swap the new folder into place.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import __version__
from ..documents import Document, normalize_language
from ..errors import CorpusToolsError
from ..ingest import IngestProblem, iter_documents
from . import layout
from .atomic import check_target, recover, swap_into_place, temp_sibling

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]

LANG_CHOICES = ("auto", "ru", "kk")


@dataclass
class BuildReport:
    """What a build did: counts and every ingest problem (``level`` error = document not built)."""

    documents: int = 0
    tokens: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")


def _settle_language(doc: Document, lang: str) -> None:
    """Fill ``language`` and ``script`` when the metadata leaves them empty.

    ``language``: normalized spelling of the metadata value; else ``lang`` unless it is ``auto``; else
    detected (``ru``, ``kk`` or ``mixed``; text with no evidence counts as ``ru``). ``script``: detected.
    """
    from ..normalize.langdetect import detect_language, detect_script

    doc.language = normalize_language(doc.language)
    if not doc.language:
        if lang != "auto":
            doc.language = lang
        else:
            found = detect_language(doc.text, by_sentence=True)
            doc.language = found if found in ("ru", "kk", "mixed") else "ru"
    if not doc.script:
        doc.script = detect_script(doc.text)


def _pipeline_versions() -> dict[str, str]:
    from ..annotate import PIPELINE_VERSION
    from ..annotate.kk import PIPELINE_VERSION as KK_VERSION

    return {"corpus_tools": __version__, "annotate": f"{PIPELINE_VERSION}+{KK_VERSION}"}


def document_hash(doc: Document, pipeline: dict[str, str]) -> str:
    """Hash of everything a document contributes: metadata, text and the annotation pipeline's version."""
    meta = {
        "doc_id": doc.doc_id, "title": doc.title, "date": doc.date.text, "language": doc.language,
        "script": doc.script, "doc_type": doc.doc_type, "source": doc.source, "region": doc.region,
        "extra": doc.extra, "pipeline": pipeline.get("annotate", ""),
    }
    h = hashlib.sha256(json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str).encode())
    h.update(b"\0")
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def content_hash(doc_hashes: Iterable[tuple[str, str]]) -> str:
    """Order-independent hash of the corpus content from ``(doc_id, doc_hash)`` pairs."""
    h = hashlib.sha256()
    for doc_id, doc_h in sorted(doc_hashes):
        h.update(f"{doc_id}\t{doc_h}\n".encode())
    return h.hexdigest()


def _annotate(doc: Document) -> tuple[Document, dict[str, list] | None, str]:
    """Annotate one document; a problem with this document (e.g. a language without a pipeline) is
    returned as a message so that the other documents still build."""
    from ..annotate import annotate_document

    try:
        return doc, annotate_document(doc), ""
    except CorpusToolsError as exc:
        return doc, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one odd document must not sink the build
        log.debug("annotation failed for %s", doc.doc_id, exc_info=True)
        return doc, None, f"annotation failed ({type(exc).__name__}: {exc}); please report this document"


def _annotated(docs: Iterator[Document], workers: int) -> Iterator[tuple[Document, dict[str, list] | None, str]]:
    """Annotate in order; with ``workers > 1`` in a process pool, batch by batch (same output as one worker)."""
    if workers <= 1:
        for doc in docs:
            yield _annotate(doc)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while True:
            batch = list(islice(docs, workers * 8))
            if not batch:
                return
            yield from pool.map(_annotate, batch, chunksize=2)


def _document_row(doc: Document, cols: dict[str, list], doc_h: str) -> dict:
    n_words = sum(1 for p in cols["pos"] if p not in layout.NON_WORD_POS)
    return {
        "doc_id": doc.doc_id, "title": doc.title,
        "date_start": doc.date.start, "date_end": doc.date.end,
        "date_precision": doc.date.precision, "date_text": doc.date.text, "year": doc.date.year,
        "language": doc.language, "script": doc.script, "doc_type": doc.doc_type, "source": doc.source,
        "region": doc.region, "file": doc.file, "encoding": doc.encoding,
        "extra": json.dumps(doc.extra, ensure_ascii=False, sort_keys=True, default=str),
        "text": doc.text, "n_tokens": len(cols["i"]), "n_words": n_words, "doc_hash": doc_h,
    }


class _PartWriter:
    """Buffers token columns and writes numbered Parquet parts."""

    def __init__(self, folder: Path, first_part: int = 0) -> None:
        self.folder = folder
        self.n = first_part
        self.pending: list[pa.Table] = []
        self.rows = 0
        self.total = 0

    def add(self, doc_id: str, cols: dict[str, list]) -> None:
        n = len(cols["i"])
        if not n:
            return
        data = {"doc_id": [doc_id] * n, **{k: cols[k] for k in layout.TOKEN_SCHEMA.names if k != "doc_id"}}
        self.pending.append(pa.table(data, schema=layout.TOKEN_SCHEMA))
        self.rows += n
        self.total += n
        if self.rows >= layout.PART_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        table = pa.concat_tables(self.pending)
        pq.write_table(table, self.folder / layout.part_name(self.n), compression="zstd")
        self.n += 1
        self.pending, self.rows = [], 0


def _carry_over(previous: Path, tmp: Path, drop: set[str], *, first_part: int) -> int:
    """Copy (hard-link where possible) the previous corpus's token parts, minus the documents in ``drop``."""
    parts = sorted((previous / layout.TOKENS_DIR).glob("part-*.parquet"))
    n = first_part
    for part in parts:
        target = tmp / layout.TOKENS_DIR / layout.part_name(n)
        if drop:
            table = pq.read_table(part)
            mask = pc.invert(pc.is_in(table["doc_id"], pa.array(sorted(drop))))
            table = table.filter(mask)
            if table.num_rows:
                pq.write_table(table, target, compression="zstd")
                n += 1
            continue
        try:
            os.link(part, target)
        except OSError:
            shutil.copy2(part, target)
        n += 1
    return n


def build(
    sources: Sequence[str | os.PathLike] | str | os.PathLike,
    out: str | os.PathLike,
    *,
    manifest: str | os.PathLike | None = None,
    lang: str = "auto",
    workers: int = 1,
    append: bool = False,
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
):
    """Build (or extend) a corpus directory from text sources and return the opened :class:`Corpus`.

    Parameters
    ----------
    sources : path or list of paths
        Folders (read recursively) and files: ``.txt`` (with a manifest or YAML front matter), TEI ``.xml``,
        ``.jsonl``.
    out : path
        The corpus directory to write. An existing corpus there is replaced only when the build succeeds.
    manifest : path, optional
        CSV/TSV/JSON metadata with a column ``id`` or ``file``. Default: ``manifest.*`` in a source folder.
    lang : {"auto", "ru", "kk"}
        Language of the documents when their metadata does not say. ``"auto"`` does no detection yet: it leaves
        ``language`` empty, and such documents are annotated as Russian. A document whose language has no
        annotation pipeline (no folder under ``corpus_tools/annotate``) stops the build (``UnknownLanguageError``).
    workers : int, default 1
        Annotation processes. The output is identical for any number.
    append : bool, default False
        Add the documents to the existing corpus instead of replacing it; unchanged documents are kept
        as they are, changed ones re-annotated.
    encoding : str, optional
        Force a text encoding (e.g. ``cp1251``) instead of detecting it.
    progress : callable, optional
        Called as ``progress(documents_done, tokens_done)`` after each document.

    Returns
    -------
    Corpus
        The opened corpus; ``corpus.build_report`` is a :class:`BuildReport`.
    """
    from .corpus import Corpus

    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    if lang not in LANG_CHOICES:
        raise CorpusToolsError(f"unknown language {lang!r}; use one of {', '.join(LANG_CHOICES)}")
    if workers < 1:
        raise CorpusToolsError("--workers must be at least 1")
    final = Path(out).absolute()
    final.parent.mkdir(parents=True, exist_ok=True)
    # 1. recover, check
    recover(final)
    check_target(final)
    previous = Corpus.open(final) if append and final.exists() else None

    pipeline = _pipeline_versions()
    report = BuildReport()
    tmp = temp_sibling(final)
    (tmp / layout.TOKENS_DIR).mkdir(parents=True)
    try:
        # 2. carry over
        rows: list[dict] = []
        hashes: dict[str, str] = {}
        replaced: set[str] = set()
        if previous is not None:
            old_docs = previous.documents(with_text=True)
            old_hash = dict(zip(old_docs["doc_id"], old_docs["doc_hash"]))
        else:
            old_docs, old_hash = None, {}

        def fresh_documents() -> Iterator[Document]:
            for item in iter_documents(sources, manifest=manifest, encoding=encoding):
                if isinstance(item, IngestProblem):
                    report.problems.append(item)
                    log.info("%s", item)
                    continue
                _settle_language(item, lang)
                doc_h = document_hash(item, pipeline)
                if old_hash.get(item.doc_id) == doc_h:
                    report.unchanged += 1
                    continue
                if item.doc_id in old_hash:
                    replaced.add(item.doc_id)
                hashes[item.doc_id] = doc_h
                yield item

        new_rows: list[dict] = []
        writer = _PartWriter(tmp / layout.TOKENS_DIR)
        # 3. stream
        docs_done = 0
        for doc, cols, error in _annotated(fresh_documents(), workers):
            if cols is None:
                report.problems.append(IngestProblem(doc.file or doc.doc_id, error))
                hashes.pop(doc.doc_id, None)
                replaced.discard(doc.doc_id)
                continue
            writer.add(doc.doc_id, cols)
            new_rows.append(_document_row(doc, cols, hashes[doc.doc_id]))
            docs_done += 1
            if progress:
                progress(docs_done, writer.total)
        writer.flush()
        if previous is not None:
            _carry_over(previous.path, tmp, replaced, first_part=writer.n)
            keep = old_docs[~old_docs["doc_id"].isin(replaced)]
            rows = keep.to_dict("records")
            report.replaced = len(replaced)
        report.added = len(new_rows) - len(replaced)
        rows.extend(new_rows)
        # 4. documents, errors, corpus.json
        table = pa.Table.from_pylist(rows, schema=layout.DOCUMENT_SCHEMA)
        pq.write_table(table, tmp / layout.DOCUMENTS_FILE, compression="zstd")
        report.documents = table.num_rows
        report.tokens = int(sum(r["n_tokens"] for r in rows))
        _write_json(tmp / layout.ERRORS_JSON, {
            "problems": [p.to_dict() for p in report.problems],
            "errors": report.failed,
            "warnings": len(report.problems) - report.failed,
        })
        all_hashes = {r["doc_id"]: r["doc_hash"] for r in rows}
        extra_keys = sorted({k for r in rows for k in json.loads(r["extra"] or "{}")})
        years = [r["year"] for r in rows if r["year"] is not None]
        meta = {
            "format": layout.FORMAT_NAME,
            "format_version": layout.FORMAT_VERSION,
            "software": pipeline,
            "settings": {"lang": lang, "encoding": encoding},
            "sources": [str(Path(s)) for s in sources],
            "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "counts": {
                "documents": report.documents,
                "tokens": report.tokens,
                "words": int(sum(r["n_words"] for r in rows)),
                "undated_documents": sum(1 for r in rows if r["year"] is None),
                "problems": len(report.problems),
            },
            "years": [min(years), max(years)] if years else None,
            "extra_fields": extra_keys,
            "lexicon_hash": None,
            "content_hash": content_hash(all_hashes.items()),
        }
        _write_json(tmp / layout.CORPUS_JSON, meta)
        if previous is not None:
            previous.close()
        # 5. swap
        swap_into_place(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    corpus = Corpus.open(final)
    corpus.build_report = report
    return corpus


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
