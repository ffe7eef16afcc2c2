"""Build a corpus directory: ingest → normalize + annotate → Parquet, committed atomically.

Steps (the same labels appear in the log):
1. recover from an earlier killed build (keeping its finished parts for resuming) and check the target;
2. with ``append``, note the previous corpus's documents (their rows are carried over in step 3c);
3. stream the sources: (a) each document is annotated — in a pool of ``workers`` processes (one by default) or
   on a Dask cluster (``scheduler``) — unless an unchanged copy is in the previous corpus or in a killed build's
   finished parts; (b) its token rows and document row are buffered, and every
   :data:`~corpus_tools.store.layout.PART_ROWS` token rows a token part, its index part and a document part are
   written; (c) reused rows of a killed build and the previous corpus's parts are carried over; (d) the index
   parts are sorted into one index file (DuckDB, key range by key range, bounded memory, in a child process;
   if it fails the annotated parts are kept for the next build to resume);
4. merge the document parts into ``documents.parquet`` (streaming), write ``errors.json`` and ``corpus.json``
   (with the content hash);
5. swap the new folder into place and drop the killed build's leftovers.

Memory stays bounded whatever the corpus size: this process holds at most one part's rows (plus one batch of
documents in flight). The annotator runs in worker processes (also for ``workers=1``), which end before the
index sort; the sort runs in a child process of its own. So the peak is this process plus the annotation
workers, or this process plus the sort — never all of them (``docs/scale.md``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
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
from .index import IndexSortError, compact_index, sort_tokens, write_parquet, write_token_part

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
    resumed: int = 0
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


def _pipeline_versions(backend: str = "pymorphy", stanza_dir: str | None = None) -> dict[str, str]:
    from ..annotate import PIPELINE_VERSION
    from ..annotate.kk import PIPELINE_VERSION as KK_VERSION

    ru = PIPELINE_VERSION
    if backend == "stanza":
        from ..annotate import stanza_annotator

        ru = stanza_annotator("ru", stanza_dir).pipeline_version  # also fails early on a bad model folder
    return {"corpus_tools": __version__, "annotate": f"{ru}+{KK_VERSION}"}


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


def _annotate(doc: Document, *, backend: str = "pymorphy", stanza_dir: str | None = None
              ) -> tuple[Document, dict[str, list] | None, str]:
    """Annotate one document; a problem with this document (e.g. a language without a pipeline) is
    returned as a message so that the other documents still build."""
    from ..annotate import annotate_document

    try:
        return doc, annotate_document(doc, backend=backend, stanza_dir=stanza_dir), ""
    except CorpusToolsError as exc:
        return doc, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one odd document must not sink the build
        log.debug("annotation failed for %s", doc.doc_id, exc_info=True)
        return doc, None, f"annotation failed ({type(exc).__name__}: {exc}); please report this document"


#: Documents sent ahead to each annotation process (so that it never waits for the next one).
AHEAD_PER_WORKER = 4
#: Word types each annotation process may cache at least, however many processes share the budget.
MIN_VOCABULARY_PER_WORKER = 20_000


def _worker_init(parent: int, workers: int = 1) -> None:
    """Start of an annotation process: die with the build (Linux ``PR_SET_PDEATHSIG``), so that a killed
    build leaves no annotator running; exit at once if the build is already gone. The Russian annotator's
    word caches get an equal share of :data:`~corpus_tools.annotate.ru.VOCABULARY_LIMIT` per process, so
    that the build's memory does not grow with ``workers``."""
    from ..annotate import ru

    ru.VOCABULARY_LIMIT = max(MIN_VOCABULARY_PER_WORKER, ru.VOCABULARY_LIMIT // max(workers, 1))
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the worker ends with the pool
            pass
    if os.getppid() != parent:  # pragma: no cover - the build died before prctl took effect
        os._exit(1)


def _annotate_task(doc: Document, kwargs: dict) -> tuple[dict[str, list] | None, str]:
    """One document in an annotation process: the result of :func:`_annotate` without the document (the
    build still has it), to halve what crosses the pipe."""
    _, cols, error = _annotate(doc, **kwargs) if kwargs else _annotate(doc)
    return cols, error


def _annotation_context():
    """``fork`` where it exists (Linux: the process starts at once and shares the loaded code), else the
    platform's default (``spawn``)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _annotated(docs: Iterator[Document], workers: int, scheduler: str | None = None, *,
               backend: str = "pymorphy", stanza_dir: str | None = None,
               ) -> Iterator[tuple[Document, dict[str, list] | None, str]]:
    """Annotate in order: in ``workers`` annotation processes (also for one worker, so that the
    annotator's memory — models and word caches — is released when annotation ends, before the index sort),
    or with ``scheduler`` on a Dask cluster (the same output either way)."""
    kwargs = {} if backend == "pymorphy" else {"backend": backend, "stanza_dir": stanza_dir}
    if scheduler:
        from .distributed import annotate_on_dask

        # a partial of a module-level function stays picklable for Dask
        yield from annotate_on_dask(docs, partial(_annotate, **kwargs) if kwargs else _annotate, scheduler)
        return
    ahead = workers * AHEAD_PER_WORKER
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_annotation_context(),
                               initializer=_worker_init, initargs=(os.getpid(), workers))
    try:
        pending: deque = deque()
        for doc in docs:
            pending.append((doc, pool.submit(_annotate_task, doc, kwargs)))
            while len(pending) >= ahead:
                d, fut = pending.popleft()
                yield (d, *fut.result())
        while pending:
            d, fut = pending.popleft()
            yield (d, *fut.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # the processes (and their memory) end here


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
    """Buffers token rows and document rows; every :data:`layout.PART_ROWS` token rows writes token part
    ``n``, its index part and the document part ``n`` (last, so a document part marks a finished part)."""

    def __init__(self, folder: Path, first_part: int = 0) -> None:
        self.folder = folder
        self.n = first_part
        self.pending: list[pa.Table] = []
        self.doc_rows: list[dict] = []
        self.rows = 0
        self.total = 0
        (folder / layout.DOC_PARTS_DIR).mkdir(parents=True, exist_ok=True)

    def add(self, doc_id: str, cols: dict[str, list], row: dict) -> None:
        n = len(cols["i"])
        if n:
            data = {"doc_id": [doc_id] * n, **{k: cols[k] for k in layout.TOKEN_SCHEMA.names if k != "doc_id"}}
            self.add_tokens(pa.table(data, schema=layout.TOKEN_SCHEMA))
        self.doc_rows.append(row)
        if self.rows >= layout.PART_ROWS:
            self.flush()

    def add_tokens(self, table: pa.Table) -> None:
        if table.num_rows:
            self.pending.append(table.select(layout.TOKEN_SCHEMA.names).cast(layout.TOKEN_SCHEMA))
            self.rows += table.num_rows
            self.total += table.num_rows

    def flush(self) -> None:
        if not self.doc_rows and not self.pending:
            return
        if self.pending:
            tokens = sort_tokens(pa.concat_tables(self.pending))
            self.pending = []  # the rows are in ``tokens`` now: one copy of them, not two, while it is indexed
            write_token_part(tokens, self.folder, self.n, presorted=True)
            del tokens
        docs = pa.Table.from_pylist(self.doc_rows, schema=layout.DOCUMENT_SCHEMA).sort_by("doc_id")
        write_parquet(docs, self.folder / layout.DOC_PARTS_DIR / layout.part_name(self.n),
                      row_group_size=layout.DOC_ROW_GROUP_ROWS)
        self.n += 1
        self.pending, self.doc_rows, self.rows = [], [], 0
        pa.default_memory_pool().release_unused()  # give the part's transient copies back to the system


def _carry_over(previous: Path, tmp: Path, drop: set[str], *, first_part: int) -> int:
    """Copy (hard-link where possible) the previous corpus's token parts (and their index parts, in the older
    per-part layout), minus the documents in ``drop``; parts that lose documents are rewritten. The index of
    the linked parts is made from them by :func:`~corpus_tools.store.index.compact_index` at the end."""
    parts = sorted((previous / layout.TOKENS_DIR).glob("part-*.parquet"))
    n = first_part
    (tmp / layout.INDEX_DIR).mkdir(exist_ok=True)
    drop_arr = pa.array(sorted(drop), pa.string())
    for part in parts:
        index = previous / layout.INDEX_DIR / part.name
        if drop:
            table = pq.read_table(part)
            table = table.filter(pc.invert(pc.is_in(table["doc_id"], drop_arr)))
            if table.num_rows:
                write_token_part(table, tmp, n)
                n += 1
            continue
        for src, sub in ((part, layout.TOKENS_DIR), (index, layout.INDEX_DIR)):
            if not src.is_file():
                continue
            target = tmp / sub / layout.part_name(n)
            try:
                os.link(src, target)
            except OSError:
                shutil.copy2(src, target)
        n += 1
    return n


def _doc_batches(path: Path, *, drop: set[str] = frozenset(), keep: set[str] | None = None
                 ) -> Iterator[pa.Table]:
    """Row groups of a documents Parquet file, without the ``drop`` documents (or only the ``keep`` ones)."""
    f = pq.ParquetFile(path)
    for k in range(f.num_row_groups):
        t = f.read_row_group(k)
        if drop:
            t = t.filter(pc.invert(pc.is_in(t["doc_id"], pa.array(sorted(drop), pa.string()))))
        if keep is not None:
            t = t.filter(pc.is_in(t["doc_id"], pa.array(sorted(keep), pa.string())))
        if t.num_rows:
            yield t.select(layout.DOCUMENT_SCHEMA.names).cast(layout.DOCUMENT_SCHEMA)


# ---------------------------------------------------------------------------------------------- resume
RESUME_KIND = "resume"


def _collect_resumable(final: Path) -> list[Path]:
    """Move the folders of killed builds that hold finished parts to ``.NAME.resume-*`` (so that
    :func:`recover` keeps them) and return every resume folder."""
    parent = final.parent
    if not parent.exists():
        return []
    for tmp in parent.glob(f".{final.name}.tmp-*"):
        if any((tmp / layout.DOC_PARTS_DIR).glob("part-*.parquet")):
            try:
                os.rename(tmp, final.with_name(f".{final.name}.{RESUME_KIND}-{uuid.uuid4().hex[:12]}"))
            except OSError:  # pragma: no cover - e.g. another build took it first
                continue
    return sorted(parent.glob(f".{final.name}.{RESUME_KIND}-*"))


def _resumable_docs(folders: list[Path]) -> dict[str, tuple[str, Path, str]]:
    """``doc_id → (doc_hash, folder, part name)`` for every document in a finished part of a killed build."""
    found: dict[str, tuple[str, Path, str]] = {}
    for folder in folders:
        for dpart in sorted((folder / layout.DOC_PARTS_DIR).glob("part-*.parquet")):
            try:
                t = pq.read_table(dpart, columns=["doc_id", "doc_hash", "n_tokens"])
            except Exception:  # noqa: BLE001 - a damaged leftover is simply not reused
                continue
            has_tokens = (folder / layout.TOKENS_DIR / dpart.name).is_file()
            for doc_id, doc_h, n in zip(*(t[c].to_pylist() for c in ("doc_id", "doc_hash", "n_tokens"))):
                if n == 0 or has_tokens:
                    found[doc_id] = (doc_h, folder, dpart.name)
    return found


def _reuse_parts(reused: dict[tuple[Path, str], set[str]], writer: _PartWriter, progress, done: int) -> int:
    """Step 3c: copy the rows of the reused documents from the killed build's parts into ``writer``."""
    for (folder, name), ids in sorted(reused.items()):
        keep = pa.array(sorted(ids), pa.string())
        tpath = folder / layout.TOKENS_DIR / name
        if tpath.is_file():
            t = pq.read_table(tpath)
            writer.add_tokens(t.filter(pc.is_in(t["doc_id"], keep)))
        for batch in _doc_batches(folder / layout.DOC_PARTS_DIR / name, keep=ids):
            writer.doc_rows.extend(batch.to_pylist())
        done += len(ids)
        if progress:
            progress(done, writer.total)
        if writer.rows >= layout.PART_ROWS:
            writer.flush()
    return done


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
    scheduler: str | None = None,
    resume: bool = True,
    backend: str = "pymorphy",
    stanza_dir: str | os.PathLike | None = None,
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
    backend : {"pymorphy", "stanza"}, default "pymorphy"
        Lemma/POS backend for Russian documents; ``stanza`` runs a stanza pipeline from ``stanza_dir`` (or
        ``$STANZA_RESOURCES_DIR``), never downloading (``pip install corpus-tools[stanza]``).
    stanza_dir : path, optional
        The local stanza model folder.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://HOST:PORT``): annotate on its workers (``pip install
        corpus_tools[dask]``). The corpus is the same (same content hash) as a one-process build.
    resume : bool, default True
        Reuse the finished parts of an earlier build to the same ``out`` that was killed: documents whose
        ``doc_hash`` is unchanged are not annotated again. ``False`` discards such leftovers.

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
    # 1. recover (keeping a killed build's finished parts), check
    resume_dirs = _collect_resumable(final)
    if not resume:
        for d in resume_dirs:
            shutil.rmtree(d, ignore_errors=True)
        resume_dirs = []
    recover(final)
    check_target(final)
    previous = Corpus.open(final) if append and final.exists() else None
    resumable = _resumable_docs(resume_dirs)
    if resumable:
        log.info("resuming: %d annotated documents found in %d killed build(s)", len(resumable), len(resume_dirs))

    from ..annotate import BACKENDS

    if backend not in BACKENDS:
        raise CorpusToolsError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    stanza_dir = str(stanza_dir) if stanza_dir is not None else None
    pipeline = _pipeline_versions(backend, stanza_dir)
    report = BuildReport()
    tmp = temp_sibling(final)
    (tmp / layout.TOKENS_DIR).mkdir(parents=True)
    keep_tmp = False
    try:
        # 2. the previous corpus (append): hashes only; rows are carried over after streaming
        hashes: dict[str, str] = {}
        replaced: set[str] = set()
        reused: dict[tuple[Path, str], set[str]] = defaultdict(set)
        old_hash: dict[str, str] = {}
        if previous is not None:
            old = previous.con.execute("SELECT doc_id, doc_hash FROM documents").fetchall()
            old_hash = dict(old)

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
                got = resumable.get(item.doc_id)
                if got is not None and got[0] == doc_h:
                    reused[(got[1], got[2])].add(item.doc_id)
                    report.resumed += 1
                    continue
                yield item

        writer = _PartWriter(tmp)
        # 3a-b. stream
        docs_done = 0
        new_docs = 0
        for doc, cols, error in _annotated(fresh_documents(), workers, scheduler, backend=backend,
                                           stanza_dir=stanza_dir):
            if cols is None:
                report.problems.append(IngestProblem(doc.file or doc.doc_id, error))
                hashes.pop(doc.doc_id, None)
                replaced.discard(doc.doc_id)
                continue
            writer.add(doc.doc_id, cols, _document_row(doc, cols, hashes[doc.doc_id]))
            docs_done += 1
            new_docs += 1
            if progress:
                progress(docs_done, writer.total)
        # 3c. carry over: the killed build's reused documents, then the previous corpus's parts
        docs_done = _reuse_parts(reused, writer, progress, docs_done)
        new_docs += report.resumed
        writer.flush()
        if previous is not None:
            _carry_over(previous.path, tmp, replaced, first_part=writer.n)
            report.replaced = len(replaced)
        report.added = new_docs - len(replaced)
        # 3d. one globally sorted index file from the index parts (sorted by key ranges, bounded memory, in a child
        # process). If it fails, the annotated parts stay in ``tmp``: the next build to ``out`` resumes them.
        try:
            compact_index(tmp)
        except IndexSortError as exc:
            keep_tmp = True
            raise IndexSortError(f"{exc.reason}; the previous corpus at {final} is unchanged and the annotated "
                                 f"parts are kept: free memory or disk space and run the same build again to "
                                 f"resume") from None
        # 4. documents (streamed from the parts), errors, corpus.json
        stats = _write_documents(tmp, previous.path / layout.DOCUMENTS_FILE if previous is not None else None,
                                 replaced)
        shutil.rmtree(tmp / layout.DOC_PARTS_DIR, ignore_errors=True)
        report.documents = stats["documents"]
        report.tokens = stats["tokens"]
        _write_json(tmp / layout.ERRORS_JSON, {
            "problems": [p.to_dict() for p in report.problems],
            "errors": report.failed,
            "warnings": len(report.problems) - report.failed,
        })
        years = stats["years"]
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
                "words": stats["words"],
                "undated_documents": stats["undated"],
                "problems": len(report.problems),
            },
            "years": [min(years), max(years)] if years else None,
            "extra_fields": sorted(stats["extra_keys"]),
            "lexicon_hash": None,
            "content_hash": content_hash(stats["hashes"]),
        }
        _write_json(tmp / layout.CORPUS_JSON, meta)
        if previous is not None:
            previous.close()
        # 5. swap, then drop the killed builds' leftovers
        swap_into_place(tmp, final)
        for d in resume_dirs:
            shutil.rmtree(d, ignore_errors=True)
    except BaseException:
        if not keep_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    corpus = Corpus.open(final)
    corpus.build_report = report
    return corpus


def _write_documents(tmp: Path, previous_docs: Path | None, drop: set[str]) -> dict:
    """Step 4: stream the document parts (and the previous corpus's kept documents) into
    ``documents.parquet`` and, without the texts, ``index/doc_meta.parquet``; return the counts and hashes
    ``corpus.json`` needs."""
    stats: dict = {"documents": 0, "tokens": 0, "words": 0, "undated": 0, "years": [], "extra_keys": set(),
                   "hashes": []}
    sources: list[Iterator[pa.Table]] = [
        _doc_batches(p) for p in sorted((tmp / layout.DOC_PARTS_DIR).glob("part-*.parquet"))
    ]
    if previous_docs is not None:
        sources.append(_doc_batches(previous_docs, drop=drop))
    years: set[int] = set()
    (tmp / layout.INDEX_DIR).mkdir(exist_ok=True)
    meta_schema = layout.DOCUMENT_SCHEMA.remove(layout.DOCUMENT_SCHEMA.get_field_index("text"))
    with pq.ParquetWriter(tmp / layout.DOCUMENTS_FILE, layout.DOCUMENT_SCHEMA, compression="zstd",
                          write_statistics=True) as out, \
            pq.ParquetWriter(tmp / layout.INDEX_DIR / layout.DOC_META_FILE, meta_schema, compression="zstd") as meta:
        for batches in sources:
            for t in batches:
                out.write_table(t, row_group_size=layout.DOC_ROW_GROUP_ROWS)
                meta.write_table(t.drop_columns(["text"]))
                stats["documents"] += t.num_rows
                stats["tokens"] += int(pc.sum(t["n_tokens"]).as_py() or 0)
                stats["words"] += int(pc.sum(t["n_words"]).as_py() or 0)
                stats["undated"] += t["year"].null_count
                years.update(y for y in pc.unique(t["year"]).to_pylist() if y is not None)
                for extra in pc.unique(t["extra"]).to_pylist():
                    stats["extra_keys"].update(json.loads(extra or "{}"))
                stats["hashes"].extend(zip(t["doc_id"].to_pylist(), t["doc_hash"].to_pylist()))
    stats["years"] = sorted(years)
    return stats


def source_content_hash(
    sources: Sequence[str | os.PathLike] | str | os.PathLike,
    *,
    manifest: str | os.PathLike | None = None,
    lang: str = "auto",
    encoding: str | None = None,
) -> str:
    """The content hash a build of ``sources`` would get when every document annotates without error,
    computed without annotating (reads and hashes the documents only)."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    pipeline = _pipeline_versions()
    pairs = []
    for item in iter_documents(sources, manifest=manifest, encoding=encoding):
        if isinstance(item, IngestProblem):
            continue
        _settle_language(item, lang)
        pairs.append((item.doc_id, document_hash(item, pipeline)))
    return content_hash(pairs)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
