"""Token parts and the derived lemma/norm index, written part by part.

Layout (additive to format v1, see ``docs/corpus-format.md``):

* ``tokens/part-NNNNN.parquet`` — rows sorted by ``doc_id, i``, row groups of
  :data:`~corpus_tools.store.layout.ROW_GROUP_ROWS` rows with min/max statistics, so a query naming a few
  documents reads a few row groups;
* ``index/part-NNNNN.parquet`` — for the same tokens, one row keyed by the lemma and one keyed by the norm
  (where it differs), in two runs each sorted by ``key`` (every row group covers a narrow key range): a lemma or word lookup reads only the row groups whose ``key`` range
  holds it, and gets everything a match needs (``doc_id, i, sent, start, end, lemma, norm``) without touching
  the token parts.

At the end of a build (and by :func:`build_index`) the index parts are **compacted** into one file,
``index/index.parquet``, globally sorted by ``key, doc_id, i`` with small row groups: a lookup of one key then
reads the few row groups that hold it, in one file, whatever the number of token parts (at 100M tokens the
per-part layout cost one footer and one probe per part, 222 of them). The sort runs range by range: DuckDB
sorts each key range of about 2M rows within a memory limit (reading only the row groups of each index part
that overlap it), and the sorted ranges are joined in order — in a child process (:func:`compact_index`) so
that its memory goes back to the system when it ends; the file's Parquet
key-value metadata lists the token parts it covers (:data:`~corpus_tools.store.layout.INDEX_PARTS_KEY`), so
:func:`index_complete` can tell a stale index from a complete one. Corpora with per-part index files (written
before compaction existed) stay readable as they are.

The index is derived: :func:`build_index` rebuilds it from ``tokens/`` (for corpora built before it existed),
and a corpus without it is queried from ``tokens/`` directly (slower on large corpora).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import CorpusToolsError
from . import layout

__all__ = [
    "IndexSortError", "build_index", "compact_index", "index_complete", "index_files", "index_table",
    "doc_meta_file", "index_rows_sql", "key_ranges", "locator_complete", "locator_sql", "sort_tokens", "write_doc_meta",
    "write_parquet", "write_token_part",
]


def write_parquet(table: pa.Table, path: Path, *, row_group_size: int = layout.ROW_GROUP_ROWS) -> None:
    """Write ``table`` to ``path`` atomically (a temporary name, then a rename), zstd, with statistics."""
    tmp = path.with_name(f".{path.name}.writing")
    pq.write_table(table, tmp, compression="zstd", row_group_size=row_group_size, write_statistics=True)
    os.replace(tmp, path)


def _keyed(base: pa.Table, column: str) -> pa.Table:
    """``base`` with a ``key`` column copied from ``column``, sorted by ``key, doc_id, i``."""
    keyed = base.add_column(0, "key", base[column]).cast(layout.INDEX_SCHEMA)
    return keyed.take(pc.sort_indices(keyed, [("key", "ascending"), ("doc_id", "ascending"), ("i", "ascending")]))


def _index_pieces(tokens: pa.Table):
    """The two sorted runs of an index part: every token keyed by lemma, then those whose norm differs
    keyed by norm. Each run is sorted by key, so every row group covers a narrow key range."""
    base = tokens.select(["doc_id", "i", "sent", "start", "end", "lemma", "norm"])
    yield _keyed(base, "lemma")
    differs = pc.fill_null(pc.not_equal(base["norm"], base["lemma"]), True)
    yield _keyed(base.filter(differs), "norm")


def index_table(tokens: pa.Table) -> pa.Table:
    """Index rows of a token table (both runs of :func:`_index_pieces`, concatenated)."""
    return pa.concat_tables(list(_index_pieces(tokens)))


def _write_index(tokens: pa.Table, path: Path) -> None:
    """Write the index part of ``tokens`` run by run (one run in memory at a time), atomically."""
    tmp = path.with_name(f".{path.name}.writing")
    with pq.ParquetWriter(tmp, layout.INDEX_SCHEMA, compression="zstd", write_statistics=True) as out:
        for piece in _index_pieces(tokens):
            out.write_table(piece, row_group_size=layout.ROW_GROUP_ROWS)
            del piece
    os.replace(tmp, path)


def sort_tokens(tokens: pa.Table) -> pa.Table:
    """``tokens`` sorted by ``doc_id, i`` (a copy)."""
    return tokens.take(pc.sort_indices(tokens, [("doc_id", "ascending"), ("i", "ascending")]))


def write_token_part(tokens: pa.Table, folder: Path, n: int, *, presorted: bool = False) -> None:
    """Write token part ``n`` (sorted by ``doc_id, i``; ``presorted`` says it already is) under
    ``folder/tokens`` and its index part under ``folder/index``. The index part is written first, so a token
    part never exists without its index."""
    if not presorted:
        tokens = sort_tokens(tokens)
    (folder / layout.INDEX_DIR).mkdir(exist_ok=True)
    _write_index(tokens, folder / layout.INDEX_DIR / layout.part_name(n))
    write_parquet(tokens, folder / layout.TOKENS_DIR / layout.part_name(n))


def _token_part_names(path: Path) -> list[str]:
    return sorted(p.name for p in (path / layout.TOKENS_DIR).glob("part-*.parquet"))


def _compacted_parts(file: Path) -> list[str] | None:
    """The token part names a compacted index file covers (from its footer), or ``None`` if unreadable."""
    try:
        kv = pq.ParquetFile(file).metadata.metadata or {}
        return sorted(json.loads(kv[layout.INDEX_PARTS_KEY.encode()].decode("utf-8")))
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None


def index_complete(path: Path) -> bool:
    """Whether the corpus at ``path`` has a complete index: a compacted ``index/index.parquet`` that covers
    exactly its token parts, or (older layout) one index part per token part and nothing else."""
    path = Path(path)
    tokens = _token_part_names(path)
    if not tokens:
        return False
    compact = path / layout.INDEX_DIR / layout.INDEX_FILE
    if compact.is_file():
        return _compacted_parts(compact) == tokens
    index = sorted(p.name for p in (path / layout.INDEX_DIR).glob("part-*.parquet"))
    return tokens == index


def index_files(path: Path) -> list[Path]:
    """The Parquet files of a complete index (the compacted file, or the per-part files); ``[]`` if the
    index is missing or incomplete."""
    path = Path(path)
    if not index_complete(path):
        return []
    compact = path / layout.INDEX_DIR / layout.INDEX_FILE
    if compact.is_file():
        return [compact]
    return sorted((path / layout.INDEX_DIR).glob("part-*.parquet"))


def locator_sql(root: Path, names: list[str], out: Path) -> str:
    """A DuckDB ``COPY`` writing the document locator of the token parts ``names`` of the corpus at ``root``
    to ``out``: one row per document and part, ``doc_id, part, row0, rows, last_i`` (the document's first row
    number in the part, its number of rows, its last token number), sorted by ``doc_id``, with the part names
    in the key-value metadata like the index. It reads only the ``doc_id`` and ``i`` columns (about 1 s at
    100M tokens)."""
    files = ", ".join(_sql_str(root / layout.TOKENS_DIR / n) for n in names)
    kv = _sql_str(json.dumps(names))
    return (
        "COPY (SELECT doc_id, parse_filename(filename) AS part, min(file_row_number) AS row0, "
        "count(*) AS \"rows\", max(i) AS last_i "
        f"FROM read_parquet([{files}], filename = true, file_row_number = true) "
        f"GROUP BY ALL ORDER BY doc_id, part) TO {_sql_str(out)} (FORMAT parquet, COMPRESSION zstd, "
        f"KV_METADATA {{{layout.INDEX_PARTS_KEY}: {kv}}})"
    )


def locator_complete(path: Path) -> bool:
    """Whether ``index/locator.parquet`` of the corpus at ``path`` covers exactly its token parts."""
    path = Path(path)
    tokens = _token_part_names(path)
    file = path / layout.INDEX_DIR / layout.LOCATOR_FILE
    return bool(tokens) and file.is_file() and _compacted_parts(file) == tokens


#: Folder inside ``index/`` where the sort spills (removed when the sort ends, also when it fails).
SORT_TMP_DIR = ".sort-tmp"


def _sql_str(text: str) -> str:
    """A SQL string literal (single quotes doubled). Used for file paths and JSON made here."""
    return "'" + str(text).replace("'", "''") + "'"


#: Rows of one key range of the compaction (:func:`compact_index`): small enough for DuckDB to sort each range
#: within the memory limit (about 150 MB at 2M rows), so the sort need not spill the whole index to disk.
RANGE_ROWS = 2_000_000
#: Folder inside ``index/`` for the sorted key ranges before they are joined into one file.
RANGES_DIR = ".ranges"

_INDEX_COLUMNS = (
    "CAST(key AS VARCHAR) AS key, doc_id, CAST(i AS INTEGER) AS i, CAST(sent AS INTEGER) AS sent, "
    "CAST(start AS INTEGER) AS start, CAST(\"end\" AS INTEGER) AS \"end\", lemma, norm"
)


def index_rows_sql(tokens: str) -> str:
    """SQL for the index rows of the token relation ``tokens`` (a view name or ``read_parquet(...)``): every
    token keyed by its lemma, and by its norm where that differs — the rows of :func:`index_table`."""
    cols = 'doc_id, i, sent, start, "end", lemma, norm'
    return (f"SELECT lemma AS key, {cols} FROM {tokens} UNION ALL "
            f"SELECT norm AS key, {cols} FROM {tokens} WHERE norm IS DISTINCT FROM lemma")


def _bare_index_sql(part: Path, out: Path) -> str:
    """A DuckDB ``COPY`` writing the index part of token part ``part`` (no index part of its own, e.g. carried
    over from a compacted corpus) to ``out``, sorted by ``key, doc_id, i`` in small row groups."""
    return (
        f"COPY (SELECT {_INDEX_COLUMNS} FROM ({index_rows_sql(f'read_parquet({_sql_str(part)})')}) "
        f"ORDER BY key, doc_id, i) "
        f"TO {_sql_str(out)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {layout.ROW_GROUP_ROWS})"
    )


def key_ranges(files: list[Path], rows: int) -> list[str]:
    """Boundaries ``b1 < b2 < …`` that split the keys of the index ``files`` into ranges of about ``rows``
    rows, from the row groups' ``key`` statistics (footers only): range 0 is ``key < b1``, range ``k`` is
    ``b_k <= key < b_{k+1}``, the last ``key >= b_last`` (plus null keys). A single key with more rows makes a
    range of its own."""
    groups: list[tuple[str, int]] = []
    for f in files:
        md = pq.ParquetFile(f).metadata
        col = md.schema.to_arrow_schema().get_field_index("key")
        for g in range(md.num_row_groups):
            rg = md.row_group(g)
            st = rg.column(col).statistics
            if st is None or not st.has_min_max:
                continue
            groups.append((st.min, rg.num_rows))
    groups.sort()
    bounds: list[str] = []
    acc = 0
    for low, n in groups:
        if acc >= rows and (not bounds or low > bounds[-1]):
            bounds.append(low)
            acc = 0
        acc += n
    return bounds


def compact_index(path: str | os.PathLike, *, memory_limit: str = layout.SORT_MEMORY,
                  threads: int | None = None, isolate: bool = True, range_rows: int | None = None) -> Path:
    """Sort the whole index of the corpus (folder) at ``path`` into one file, ``index/index.parquet``.

    Steps: (1) a token part without an index part (carried over from a compacted corpus, or written before
    the index existed) gets one, sorted by key; (2) the keys are cut into ranges of about ``range_rows`` rows
    (default :data:`RANGE_ROWS`) from the index parts' row-group statistics (:func:`key_ranges`), and DuckDB
    sorts each range by ``key, doc_id, i`` on its own — reading only the row groups of each part whose key
    range overlaps it, within ``memory_limit`` — into a file of ``index/.ranges/``; (3) the range files are
    joined in order into one file of :data:`~corpus_tools.store.layout.INDEX_ROW_GROUP_ROWS`-row groups with
    min/max statistics (no sort: DuckDB keeps the order of the files); (4) the document locator
    (:func:`locator_sql`). The sort spills to a folder inside ``index/`` only for a range larger than the
    memory limit, so the temporary disk is about the size of the index (it was about 200 bytes per token
    with one sort of everything). Each file is written under a temporary name and renamed; then the per-part
    index files are removed. ``range_rows=0`` sorts everything as one range (the method before ranges, the
    baseline of ``scripts/bench_compact.py``).

    With ``isolate`` (the default) the SQL runs in a child process (a fresh interpreter that imports only
    DuckDB): its memory is returned to the system when it ends, and the calling process does not grow by
    what DuckDB's allocator keeps. ``isolate=False`` sorts in this process. The file is the same either way.

    Raises
    ------
    IndexSortError
        When the sort fails or its process is killed (e.g. out of memory or disk); the corpus at ``path``
        is left as it was (no index file; the index parts kept, new ones only if complete), with no
        temporary files.

    Returns
    -------
    Path
        The compacted index file.
    """
    root = Path(path)
    folder = root / layout.INDEX_DIR
    folder.mkdir(exist_ok=True)
    names = _token_part_names(root)
    target = folder / layout.INDEX_FILE
    locator = folder / layout.LOCATOR_FILE
    if not names:
        for stale in [*folder.glob("part-*.parquet"), target, locator]:
            stale.unlink(missing_ok=True)
        return target
    spill = folder / SORT_TMP_DIR
    ranges_dir = folder / RANGES_DIR
    tmp = folder / f".{layout.INDEX_FILE}.writing"
    tmp_locator = folder / f".{layout.LOCATOR_FILE}.writing"
    settings = [f"SET memory_limit = {_sql_str(memory_limit)}", f"SET temp_directory = {_sql_str(spill)}",
                "SET preserve_insertion_order = true"]
    if threads:
        settings.append(f"SET threads = {int(threads)}")
    run = (lambda sql: _run_sort_child(sql, root, memory_limit)) if isolate and sys.executable else _run_sort
    bare = [n for n in names if not (folder / n).is_file()]
    written = {n: folder / f".{n}.writing" for n in bare}
    try:
        # 1. index parts for the token parts that have none
        if bare:
            run(settings + [_bare_index_sql(root / layout.TOKENS_DIR / n, written[n]) for n in bare])
            for n, f in written.items():
                os.replace(f, folder / n)
        # 2. sorted key ranges, 3. joined into one file, 4. the locator
        parts = [folder / n for n in names]
        rows = RANGE_ROWS if range_rows is None else range_rows
        bounds = key_ranges(parts, rows) if rows > 0 else []  # 0: one sort of everything (the old way)
        ranges_dir.mkdir(exist_ok=True)
        source = f"read_parquet([{', '.join(_sql_str(p) for p in parts)}])"
        lows = [None, *bounds]
        highs = [*bounds, None]
        statements = list(settings)
        range_files = []
        for k, (lo, hi) in enumerate(zip(lows, highs)):
            where = []
            if lo is not None:
                where.append(f"key >= {_sql_str(lo)}")
            if hi is not None:
                where.append(f"key < {_sql_str(hi)}")
            cond = " AND ".join(where) if where else "TRUE"
            if hi is None:
                cond = f"({cond}) OR key IS NULL"
            out = ranges_dir / f"r-{k:05d}.parquet"
            range_files.append(out)
            statements.append(
                f"COPY (SELECT {_INDEX_COLUMNS} FROM {source} WHERE {cond} ORDER BY key, doc_id, i) "
                f"TO {_sql_str(out)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {layout.ROW_GROUP_ROWS})"
            )
        kv = _sql_str(json.dumps(names))
        statements.append(
            f"COPY (SELECT * FROM read_parquet([{', '.join(_sql_str(f) for f in range_files)}])) "
            f"TO {_sql_str(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {layout.INDEX_ROW_GROUP_ROWS}, "
            f"KV_METADATA {{{layout.INDEX_PARTS_KEY}: {kv}}})"
        )
        statements.append(locator_sql(root, names, tmp_locator))
        run(statements)
    except BaseException:
        for f in (tmp, tmp_locator, *written.values()):
            f.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
        shutil.rmtree(ranges_dir, ignore_errors=True)
    os.replace(tmp_locator, locator)
    os.replace(tmp, target)
    for stale in folder.glob("part-*.parquet"):
        stale.unlink()
    return target


class IndexSortError(CorpusToolsError):
    """The index sort (:func:`compact_index`) failed; the message is one line saying why and what to do,
    ``reason`` the why alone."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


#: The index sort's child process: a fresh interpreter (ended with its parent on Linux) that runs the SQL
#: statements read from stdin (JSON) with DuckDB and reports a failure as one line on stderr.
_SORT_CHILD = (
    "import json, os, sys\n"
    "if sys.platform.startswith('linux'):  # end with the build: prctl(PR_SET_PDEATHSIG, SIGKILL)\n"
    "    try:\n"
    "        import ctypes\n"
    "        ctypes.CDLL(None).prctl(1, 9)\n"
    "    except Exception:\n"
    "        pass\n"
    "    if os.getppid() != int(sys.argv[1]):\n"
    "        sys.exit(1)\n"
    "try:\n"
    "    import duckdb\n"
    "    con = duckdb.connect(':memory:')\n"
    "    for sql in json.loads(sys.stdin.read()):\n"
    "        con.execute(sql)\n"
    "    con.close()\n"
    "except BaseException as exc:\n"
    "    sys.stderr.write(type(exc).__name__ + ': ' + ' '.join(str(exc).split()) + '\\n')\n"
    "    sys.exit(1)\n"
)


def _run_sort(statements: list[str]) -> None:
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        for sql in statements:
            con.execute(sql)
    except duckdb.Error as exc:
        why = f"sorting the index failed: {' '.join(str(exc).split())}"
        raise IndexSortError(f"{why}; free memory or disk space and run the command again", why) from None
    finally:
        con.close()


def _run_sort_child(statements: list[str], root: Path, memory_limit: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _SORT_CHILD, str(os.getpid())], input=json.dumps(statements),
                          text=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode == 0:
        return
    if proc.returncode < 0:
        why = f"its process was killed by signal {-proc.returncode}"
        if -proc.returncode == signal.SIGKILL:
            why += " (out of memory?)"
    else:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        why = lines[-1] if lines else f"its process exited with code {proc.returncode}"
    why = f"sorting the index failed: {why}"
    raise IndexSortError(f"{why}; free memory or disk space (the sort needs about {memory_limit} of memory and "
                         f"spills to {root / layout.INDEX_DIR}) and run the command again", why)


def write_doc_meta(path: str | os.PathLike) -> Path:
    """Write ``index/doc_meta.parquet`` of the corpus at ``path``: its ``documents.parquet`` without the texts,
    streamed batch by batch (a build writes it as it merges the documents; this is for older corpora)."""
    root = Path(path)
    src = pq.ParquetFile(root / layout.DOCUMENTS_FILE)
    cols = [n for n in src.schema_arrow.names if n != "text"]
    target = root / layout.INDEX_DIR / layout.DOC_META_FILE
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_name(f".{target.name}.writing")
    with pq.ParquetWriter(tmp, src.schema_arrow.remove(src.schema_arrow.get_field_index("text")),
                          compression="zstd") as out:
        for batch in src.iter_batches(batch_size=65_536, columns=cols):
            out.write_table(pa.Table.from_batches([batch]))
    os.replace(tmp, target)
    return target


def doc_meta_file(path: Path, documents: int) -> Path | None:
    """``index/doc_meta.parquet`` of the corpus at ``path`` if it is there and has ``documents`` rows."""
    f = Path(path) / layout.INDEX_DIR / layout.DOC_META_FILE
    try:
        return f if f.is_file() and pq.ParquetFile(f).metadata.num_rows == documents else None
    except (OSError, pa.ArrowException):
        return None


def build_index(path: str | os.PathLike, *, compact: bool = True) -> int:
    """(Re)write ``index/`` of an existing corpus from its token parts (bounded memory).

    With ``compact`` (the default) the index is written straight from the token parts into one sorted file
    (:func:`compact_index`, which also writes the document locator); without, one index part per token part
    (the older layout). Either way it (re)writes ``index/doc_meta.parquet`` (:func:`write_doc_meta`).
    Returns the number of token parts indexed. Safe to run on a corpus in use: each file is written under a
    temporary name and renamed.
    """
    root = Path(path)
    folder = root / layout.INDEX_DIR
    folder.mkdir(exist_ok=True)
    parts = sorted((root / layout.TOKENS_DIR).glob("part-*.parquet"))
    if (root / layout.DOCUMENTS_FILE).is_file():
        write_doc_meta(root)
    if compact:
        for stale in folder.glob("part-*.parquet"):
            stale.unlink()
        compact_index(root)
        return len(parts)
    names = {p.name for p in parts}
    for stale in folder.glob("part-*.parquet"):
        if stale.name not in names:
            stale.unlink()
    (folder / layout.INDEX_FILE).unlink(missing_ok=True)
    for part in parts:
        _write_index(pq.read_table(part), folder / part.name)
    return len(parts)
