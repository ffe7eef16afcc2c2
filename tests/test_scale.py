"""Scale features on small corpora: part-by-part layout and index, index vs. no-index answers, killed builds
that leave the previous corpus intact and are resumed, the streaming document writer."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import corpus_tools as ct
from corpus_tools.store import layout
from corpus_tools.store.index import build_index, index_complete

ROOT = Path(__file__).resolve().parents[1]

#: Queries whose answers must not depend on whether the lemma index is used: (name, query).
QUERIES = [
    ("lemma", "откочевка"),
    ("word form", '"откочевки"'),
    ("cql lemma or norm", '[lemma="аул" | norm="аулы"]'),
    ("cql regex", '[lemma="откоч.*"]'),
    ("sequence", "откочевка в"),
    ("lemma in a year range", "кулак"),
]


@pytest.fixture(scope="module")
def small_parts(tmp_path_factory):
    """The demo corpus built with 2,000-row parts, and a copy without the index (as an old corpus)."""
    from corpus_tools.report.demo import demo_source

    folder = tmp_path_factory.mktemp("parts")
    mp = pytest.MonkeyPatch()
    mp.setattr(layout, "PART_ROWS", 2000)
    try:
        corpus = ct.build([demo_source()], folder / "parts.corpus")
    finally:
        mp.undo()
    old = folder / "noindex.corpus"
    shutil.copytree(corpus.path, old)
    shutil.rmtree(old / layout.INDEX_DIR)
    return corpus, ct.Corpus.open(old)


def test_parts_layout(small_parts, demo_corpus):
    corpus, _ = small_parts
    tokens = sorted(p.name for p in (corpus.path / layout.TOKENS_DIR).glob("part-*.parquet"))
    assert len(tokens) >= 4 and corpus.has_index
    assert not list((corpus.path / layout.INDEX_DIR).glob("part-*.parquet"))  # compacted into one file
    assert not (corpus.path / layout.DOC_PARTS_DIR).exists()
    assert corpus.content_hash == demo_corpus.content_hash
    for name in tokens:  # each part sorted by (doc_id, i)
        t = pq.read_table(corpus.path / layout.TOKENS_DIR / name).to_pandas()
        assert t[["doc_id", "i"]].equals(t.sort_values(["doc_id", "i"])[["doc_id", "i"]].reset_index(drop=True))
    # the index: one file sorted by (key, doc_id, i) that names the token parts it covers
    index = pq.ParquetFile(corpus.path / layout.INDEX_DIR / layout.INDEX_FILE)
    assert json.loads(index.metadata.metadata[layout.INDEX_PARTS_KEY.encode()]) == tokens
    k = index.read(columns=["key", "doc_id", "i"]).to_pandas()
    assert k.equals(k.sort_values(["key", "doc_id", "i"]).reset_index(drop=True))
    docs = pq.ParquetFile(corpus.path / layout.DOCUMENTS_FILE)
    assert docs.num_row_groups >= 3 and docs.metadata.num_rows == corpus.info()["documents"]


def test_per_part_index_layout_still_read(small_parts, tmp_path):
    """A corpus indexed part by part (before compaction existed) is complete and gives the same answers."""
    corpus, _ = small_parts
    copy = tmp_path / "perpart.corpus"
    shutil.copytree(corpus.path, copy)
    assert build_index(copy, compact=False) >= 4
    assert not (copy / layout.INDEX_DIR / layout.INDEX_FILE).exists()
    old = ct.Corpus.open(copy)
    assert old.has_index
    pd.testing.assert_frame_equal(old.kwic("откочевка"), corpus.kwic("откочевка"))
    # a stale compacted index (covering other parts) is not complete
    shutil.copy2(corpus.path / layout.INDEX_DIR / layout.INDEX_FILE, copy / layout.INDEX_DIR / layout.INDEX_FILE)
    (copy / layout.TOKENS_DIR / "part-00000.parquet").rename(copy / layout.TOKENS_DIR / "part-00099.parquet")
    assert not index_complete(copy)


def test_index_rows(small_parts):
    corpus, _ = small_parts
    n_tokens = corpus.info()["tokens"]
    lemma_rows, norm_rows, differ = corpus.con.execute(
        "SELECT (SELECT count(*) FROM token_index WHERE key = lemma), "
        "(SELECT count(*) FROM token_index WHERE key <> lemma), "
        "(SELECT count(*) FROM tokens WHERE norm IS DISTINCT FROM lemma)").fetchall()[0]
    assert lemma_rows >= n_tokens and norm_rows == differ


@pytest.mark.parametrize("name, query", QUERIES, ids=[q[0] for q in QUERIES])
def test_same_answers_with_and_without_index(small_parts, name, query):
    indexed, old = small_parts
    assert not old.has_index
    pd.testing.assert_frame_equal(indexed.kwic(query), old.kwic(query))
    pd.testing.assert_frame_equal(indexed.kwic(query, sort="-1R,node", context="sentence"),
                                  old.kwic(query, sort="-1R,node", context="sentence"))
    pd.testing.assert_frame_equal(indexed.freq(query, by="decade"), old.freq(query, by="decade"))
    a = indexed.collocates(query, min_freq=1)
    b = old.collocates(query, min_freq=1)
    pd.testing.assert_frame_equal(a, b)


def test_build_index_on_an_old_corpus(small_parts, tmp_path):
    _, old = small_parts
    copy = tmp_path / "old.corpus"
    shutil.copytree(old.path, copy)
    assert not index_complete(copy)
    assert build_index(copy) == len(list((copy / layout.TOKENS_DIR).glob("part-*.parquet")))
    fresh = ct.Corpus.open(copy)
    assert fresh.has_index
    pd.testing.assert_frame_equal(fresh.kwic("откочевка"), old.kwic("откочевка"))


def test_locator_points_at_every_documents_rows(small_parts):
    """``index/locator.parquet``: for each document, the part and rows that hold its tokens, and nothing else."""
    corpus, old = small_parts
    loc = pq.read_table(corpus.path / layout.INDEX_DIR / layout.LOCATOR_FILE).to_pylist()
    assert old.token_locator() is None  # no index folder: the row-group catalog is used instead
    seen = set()
    for row in loc:
        t = pq.read_table(corpus.path / layout.TOKENS_DIR / row["part"], columns=["doc_id", "i"])
        piece = t.slice(row["row0"], row["rows"]).to_pydict()
        assert set(piece["doc_id"]) == {row["doc_id"]} and piece["i"] == list(range(row["rows"]))
        assert row["last_i"] == row["rows"] - 1
        seen.add(row["doc_id"])
    with_tokens = corpus.con.execute("SELECT DISTINCT doc_id FROM tokens").fetchall()
    assert seen == {d for (d,) in with_tokens}
    assert sum(r["rows"] for r in loc) == corpus.info()["tokens"]


def test_token_locator_reads_exact_spans(tmp_path):
    """Spans of token numbers come back exactly (clipped to the document, overlaps merged), across row groups
    and parts, also for a document whose token numbers have a gap (read whole, then filtered by the caller)."""
    import duckdb
    import pyarrow as pa

    from corpus_tools.store.index import locator_sql
    from corpus_tools.store.locate import TokenLocator

    root = tmp_path / "c.corpus"
    (root / layout.TOKENS_DIR).mkdir(parents=True)
    (root / layout.INDEX_DIR).mkdir()
    parts = {"part-00000.parquet": [("a", 30), ("c", 5)], "part-00001.parquet": [("b", 23), ("d", 4)]}
    rows = []
    for name, docs in parts.items():
        cols = {"doc_id": [], "i": [], "start": []}
        for doc, n in docs:
            numbers = list(range(n)) if doc != "d" else [0, 1, 5, 6]  # d: not dense
            cols["doc_id"] += [doc] * n
            cols["i"] += numbers
            cols["start"] += [100 * ord(doc) + i for i in numbers]
        t = pa.table({"doc_id": pa.array(cols["doc_id"]), "i": pa.array(cols["i"], pa.int32()),
                      "start": pa.array(cols["start"], pa.int32())})
        pq.write_table(t, root / layout.TOKENS_DIR / name, row_group_size=7)
        rows.append(t)
    names = sorted(parts)
    duckdb.connect().execute(locator_sql(root, names, root / layout.INDEX_DIR / layout.LOCATOR_FILE))
    loc = TokenLocator.open(root)
    every = pa.concat_tables(rows).to_pylist()

    def expect(spans):
        out = []
        for r in every:
            if any(r["doc_id"] == d and (lo is None or r["i"] >= lo) and (hi is None or r["i"] <= hi)
                   for d, lo, hi in spans):
                out.append(r)
        return sorted(out, key=lambda r: (r["doc_id"], r["i"]))

    cases = [
        [("a", 3, 12)],                                  # crosses a row group boundary
        [("a", -5, 2), ("a", 27, 40)],                   # clipped at both ends
        [("a", 5, 9), ("a", 8, 15), ("c", 0, 0)],        # overlapping spans merged; two documents in a part
        [("b", None, None), ("a", 29, 29)],              # a whole document; two parts
        [("zzz", 0, 3)],                                 # unknown document
    ]
    for spans in cases:
        got = loc.read(spans, ["doc_id", "i", "start"])
        got = [] if got is None else sorted(got.to_pylist(), key=lambda r: (r["doc_id"], r["i"]))
        assert got == expect(spans), spans
    # not dense: the whole document comes back, the caller filters on ``i``
    got = loc.read([("d", 5, 5)], ["doc_id", "i"]).to_pydict()
    assert got == {"doc_id": ["d"] * 4, "i": [0, 1, 5, 6]}
    # a locator that does not cover the token parts is not used
    (root / layout.TOKENS_DIR / names[1]).rename(root / layout.TOKENS_DIR / "part-00009.parquet")
    assert TokenLocator.open(root) is None


def test_doc_meta_file_is_documents_without_texts(small_parts, tmp_path):
    """``index/doc_meta.parquet`` (written by the build, or by ``build_index`` for older corpora) feeds the
    connection's ``doc_meta``; without it, or with the wrong number of rows, ``documents.parquet`` does."""
    from corpus_tools.store.index import write_doc_meta

    corpus, old = small_parts
    meta = pq.read_table(corpus.path / layout.INDEX_DIR / layout.DOC_META_FILE)
    docs = pq.read_table(corpus.path / layout.DOCUMENTS_FILE)
    assert meta.equals(docs.drop_columns(["text"]))
    copy = tmp_path / "meta.corpus"
    shutil.copytree(old.path, copy)  # no index folder at all
    assert write_doc_meta(copy) == copy / layout.INDEX_DIR / layout.DOC_META_FILE
    assert pq.read_table(copy / layout.INDEX_DIR / layout.DOC_META_FILE).equals(meta)
    pq.write_table(meta.slice(0, 2), copy / layout.INDEX_DIR / layout.DOC_META_FILE)  # wrong row count: ignored
    wrong = ct.Corpus.open(copy)
    assert wrong.con.execute("SELECT count(*) FROM doc_meta").fetchall()[0][0] == docs.num_rows
    pd.testing.assert_frame_equal(wrong.freq("откочевка", by="year"), corpus.freq("откочевка", by="year"))


def test_stale_locator_falls_back_to_the_catalog(small_parts, tmp_path):
    corpus, _ = small_parts
    copy = tmp_path / "stale.corpus"
    shutil.copytree(corpus.path, copy)
    loc = copy / layout.INDEX_DIR / layout.LOCATOR_FILE
    pq.write_table(pq.read_table(loc).slice(0, 3).replace_schema_metadata({layout.INDEX_PARTS_KEY: '["x"]'}), loc)
    stale = ct.Corpus.open(copy)
    assert stale.token_locator() is None
    pd.testing.assert_frame_equal(stale.kwic("откочевка"), corpus.kwic("откочевка"))


# ------------------------------------------------------------------------------------------ kill and resume
def _replicated_source(folder: Path, copies: int) -> Path:
    """The demo documents ``copies`` times (ids suffixed) as one JSONL file."""
    from corpus_tools.report.demo import demo_source

    demo = ct.Corpus.open(ct.build([demo_source()], folder / "demo.corpus").path)
    docs = demo.documents(with_text=True)
    path = folder / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k in range(copies):
            for r in docs.itertuples():
                f.write(json.dumps({"id": f"{r.doc_id}~{k}", "date": r.date_text, "doc_type": r.doc_type,
                                    "text": r.text, "language": "ru"}, ensure_ascii=False) + "\n")
    return path


_BUILD = """
import sys
from corpus_tools.store import layout
layout.PART_ROWS = 4000
import corpus_tools as ct
ct.build([sys.argv[1]], sys.argv[2])
"""


def test_killed_build_keeps_previous_corpus_and_resumes(tmp_path):
    src = _replicated_source(tmp_path, 20)
    out = tmp_path / "big.corpus"
    small = tmp_path / "small.jsonl"
    small.write_text(src.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
    before = ct.build([small], out).content_hash

    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(src), str(out)], env=env)
    deadline = time.monotonic() + 240
    parts: list = []
    while time.monotonic() < deadline and proc.poll() is None:
        parts = list(tmp_path.glob(f".{out.name}.tmp-*/{layout.DOC_PARTS_DIR}/part-*.parquet"))
        if len(parts) >= 3:
            break
        time.sleep(0.2)
    if proc.poll() is not None:
        pytest.fail("the build finished before it could be killed; make the test corpus bigger")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(parts) >= 3

    # the previous corpus is untouched, the killed build's folder is beside it
    assert ct.Corpus.open(out).content_hash == before
    assert list(tmp_path.glob(f".{out.name}.tmp-*"))

    mp = pytest.MonkeyPatch()
    mp.setattr(layout, "PART_ROWS", 4000)
    try:
        again = ct.build([src], out)
    finally:
        mp.undo()
    report = again.build_report
    n_docs = sum(1 for _ in open(src, encoding="utf-8"))
    assert report.documents == n_docs and 0 < report.resumed < n_docs
    # the same content as a build from scratch (content hash from the documents alone)
    from corpus_tools.store.build import source_content_hash

    assert again.content_hash == source_content_hash([src])
    assert again.info()["tokens"] == int(again.documents()["n_tokens"].sum())
    assert again.con.execute("SELECT count(*) FROM tokens").fetchall()[0][0] == again.info()["tokens"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}")) == []


# ------------------------------------------------------------------------------- bounded memory of a build
def test_sort_in_a_child_writes_the_same_index(small_parts, tmp_path):
    """The index sort in a child process (the default) and in this process give the same file."""
    from corpus_tools.store.index import compact_index

    corpus, _ = small_parts
    files = {}
    for isolate in (True, False):
        copy = tmp_path / f"isolate-{isolate}.corpus"
        shutil.copytree(corpus.path, copy)
        build_index(copy, compact=False)  # back to index parts, then sort them again
        files[isolate] = compact_index(copy, isolate=isolate)
        assert sorted(p.name for p in (copy / layout.INDEX_DIR).iterdir()) == sorted(
            [layout.INDEX_FILE, layout.LOCATOR_FILE, layout.DOC_META_FILE])
        assert ct.Corpus.open(copy).content_hash == corpus.content_hash
    a, b = (pq.ParquetFile(files[k]) for k in (True, False))
    assert a.metadata.metadata == b.metadata.metadata
    assert a.read().equals(b.read())
    assert a.read().equals(pq.read_table(corpus.path / layout.INDEX_DIR / layout.INDEX_FILE))


@pytest.mark.parametrize("bare, rows", [(False, 1000), (True, 1000), (False, 0)],
                         ids=["from index parts", "from bare token parts", "one sort"])
def test_compaction_in_key_ranges_gives_the_same_index(small_parts, tmp_path, bare, rows):
    """Sorting the index range by range (many small sorts, then joined in order) gives the rows of one sort."""
    from corpus_tools.store.index import compact_index, key_ranges

    corpus, _ = small_parts
    whole = pq.read_table(corpus.path / layout.INDEX_DIR / layout.INDEX_FILE)
    copy = tmp_path / "ranges.corpus"
    shutil.copytree(corpus.path, copy)
    if bare:
        shutil.rmtree(copy / layout.INDEX_DIR)  # token parts only, as carried over from a compacted corpus
    else:
        build_index(copy, compact=False)
        assert len(key_ranges(sorted((copy / layout.INDEX_DIR).glob("part-*.parquet")), 1000)) >= 3
    compact_index(copy, range_rows=rows, isolate=False)
    names = {p.name for p in (copy / layout.INDEX_DIR).iterdir()}
    assert {layout.INDEX_FILE, layout.LOCATOR_FILE} <= names <= {layout.INDEX_FILE, layout.LOCATOR_FILE, layout.DOC_META_FILE}
    got = pq.read_table(copy / layout.INDEX_DIR / layout.INDEX_FILE)
    assert got.cast(whole.schema).equals(whole)  # same rows in the same order (nullability may differ)
    assert ct.Corpus.open(copy).has_index


def test_a_build_leaves_no_temporary_files(small_parts):
    corpus, _ = small_parts
    hidden = [p for p in corpus.path.rglob("*") if p.name.startswith(".")]
    assert hidden == []
    assert sorted(p.name for p in corpus.path.parent.iterdir() if p.name.startswith(f".{corpus.path.name}")) == []


_ANNOTATOR_MODULES = """
import sys
import corpus_tools as ct
ct.build([sys.argv[1]], sys.argv[2])
print(sorted(m for m in ("pymorphy3", "corpus_tools.annotate.ru.engine", "duckdb") if m in sys.modules))
"""


def test_the_build_process_does_not_load_the_annotator(tiny_source, tmp_path):
    """With one worker the annotator runs in a child process, which ends (and frees the models and word caches)
    before the index sort: the build process itself never imports it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", _ANNOTATOR_MODULES, str(tiny_source), str(tmp_path / "t.corpus")],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[-2] == "['duckdb']"
    assert ct.Corpus.open(tmp_path / "t.corpus").info()["tokens"] > 0


def _sort_error(mp, index_mod, build_mod):
    from functools import partial

    mp.setattr(build_mod, "compact_index", partial(index_mod.compact_index, memory_limit="lots"))


def _sort_killed(mp, index_mod, build_mod):
    mp.setattr(index_mod, "_SORT_CHILD", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")


#: Ways the index sort's child process fails: (name, how to make it fail, words of the message).
SORT_FAILURES = [
    ("duckdb error", _sort_error, "Memory must have a number"),
    ("killed", _sort_killed, "killed by signal 9"),
]


@pytest.mark.parametrize("name, fail, words", SORT_FAILURES, ids=[f[0] for f in SORT_FAILURES])
def test_a_failed_index_sort_keeps_the_corpus_and_resumes(tiny_source, tmp_path, name, fail, words):
    from corpus_tools.report.demo import demo_source
    from corpus_tools.store.index import IndexSortError

    build_mod = sys.modules["corpus_tools.store.build"]
    index_mod = sys.modules["corpus_tools.store.index"]
    out = tmp_path / "keep.corpus"
    before = ct.build([tiny_source], out).content_hash
    mp = pytest.MonkeyPatch()
    fail(mp, index_mod, build_mod)
    try:
        with pytest.raises(IndexSortError) as err:
            ct.build([demo_source()], out)
    finally:
        mp.undo()
    message = str(err.value)
    assert "\n" not in message and words in message and "unchanged" in message and "resume" in message
    assert ct.Corpus.open(out).content_hash == before
    kept = list(tmp_path.glob(".keep.corpus.tmp-*"))
    assert len(kept) == 1  # the annotated parts, without the sort's temporary files
    assert not [p for p in (kept[0] / layout.INDEX_DIR).iterdir() if p.name.startswith(".")]
    again = ct.build([demo_source()], out)
    assert again.build_report.resumed == again.build_report.documents > 0
    from corpus_tools.store.build import source_content_hash

    assert again.content_hash == source_content_hash([demo_source()])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.corpus"]


def test_memtree_counts_children():
    """The bench's memory sampler adds a child's memory to its parent's."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from memtree import TreeMemory

    code = "import sys, time; x = b'x' * (200 * 2**20); sys.stdout.write('ok\\n'); sys.stdout.flush(); time.sleep(1)"
    own = TreeMemory()
    own.sample()
    with TreeMemory(interval=0.02) as mem:
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "ok\n"
        mem.sample()
        proc.wait()
    assert mem.peak_procs >= 2 and mem.peak_rss_mb >= own.peak_rss_mb + 190 and mem.peak_pss_mb >= 190


def test_annotation_processes_share_the_vocabulary_budget(monkeypatch):
    """Each of N annotation processes caches at most 1/N of the word types (memory does not grow with N)."""
    import os
    import sys

    import importlib

    from corpus_tools.annotate import ru

    build_mod = importlib.import_module("corpus_tools.store.build")
    monkeypatch.setattr(sys, "platform", "no-prctl")          # keep the test process's own death signal alone
    for workers, expected in [(1, 120_000), (2, 60_000), (4, 30_000), (16, build_mod.MIN_VOCABULARY_PER_WORKER)]:
        monkeypatch.setattr(ru, "VOCABULARY_LIMIT", 120_000)
        build_mod._worker_init(os.getppid(), workers)
        assert ru.VOCABULARY_LIMIT == expected
        assert ru.Pipeline().vocabulary_limit == expected
