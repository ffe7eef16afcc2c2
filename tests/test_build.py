"""Building corpora: layout, content hash, append, workers, atomic replacement, recovery, bad input."""
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import corpus_tools as ct
from corpus_tools.errors import CorpusNotFoundError, CorpusToolsError
from corpus_tools.store import layout
from conftest import TINY_DOCS, write_tiny_source


def test_layout_and_metadata(tiny_corpus):
    p = tiny_corpus.path
    assert (p / "corpus.json").is_file() and (p / "documents.parquet").is_file() and (p / "errors.json").is_file()
    assert list((p / "tokens").glob("part-*.parquet"))
    meta = json.loads((p / "corpus.json").read_text())
    assert meta["format_version"] == layout.FORMAT_VERSION
    assert meta["counts"]["documents"] == len(TINY_DOCS)
    assert meta["software"]["annotate"]
    docs = tiny_corpus.documents().set_index("doc_id")
    assert docs.loc["b1930", "date_text"] == "15.03.1930"
    assert str(docs.loc["b1930", "date_start"])[:10] == "1930-03-15"
    assert docs.loc["b1930", "date_precision"] == "day" and docs.loc["b1930", "year"] == 1930
    assert json.loads(docs.loc["b1930", "extra"]) == {"fond": "5"}
    assert docs.loc["b1930", "source"] == "ДЕМО Ф.1 Д.b1930"
    assert docs.loc["b1930", "encoding"] == "utf-8"
    assert pd.isna(docs.loc["d_undated", "year"]) and docs.loc["d_undated", "date_text"] == "весной"
    assert tiny_corpus.text("b1930") == TINY_DOCS["b1930"][2]


def test_unreadable_date_is_a_warning_in_errors_json(tiny_corpus):
    problems = tiny_corpus.problems()
    assert [p["level"] for p in problems] == ["warning"]
    assert "весной" in problems[0]["message"]


def test_token_schema_and_offsets(tiny_corpus):
    table = pq.read_table(next((tiny_corpus.path / "tokens").glob("part-*.parquet")))
    assert table.schema.names == layout.TOKEN_SCHEMA.names
    for doc_id, (_, _, text) in TINY_DOCS.items():
        toks = tiny_corpus.tokens(doc_id)
        assert list(toks["i"]) == list(range(len(toks)))
        for form, start, end in zip(toks["form"], toks["start"], toks["end"]):
            assert text[start:end] == form


def test_rebuild_same_content_same_hash_and_atomic_replace(tiny_source, tmp_path):
    a = ct.build([tiny_source], tmp_path / "a.corpus")
    b = ct.build([tiny_source], tmp_path / "a.corpus")  # rebuild in place
    assert a.content_hash == b.content_hash
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".a.corpus")]


def test_content_hash_changes_with_content(tiny_source, tmp_path):
    a = ct.build([tiny_source], tmp_path / "a.corpus")
    changed = write_tiny_source(tmp_path / "changed")
    (changed / "a1913.txt").write_text("Иной текст.", encoding="utf-8")
    b = ct.build([changed], tmp_path / "b.corpus")
    assert a.content_hash != b.content_hash


def test_append_adds_keeps_and_replaces(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    (first / "x.txt").write_text("Откочевка аулов.", encoding="utf-8")
    (first / "y.txt").write_text("Кулак.", encoding="utf-8")
    out = tmp_path / "c.corpus"
    c1 = ct.build([first], out)
    second = tmp_path / "second"
    second.mkdir()
    (second / "z.txt").write_text("Бегство за кордон.", encoding="utf-8")
    (second / "y.txt").write_text("Кулацкая агитация.", encoding="utf-8")  # same id, new text
    c2 = ct.build([second], out, append=True)
    rep = c2.build_report
    assert (rep.added, rep.replaced, rep.documents) == (1, 1, 3)
    assert set(c2.documents()["doc_id"]) == {"x", "y", "z"}
    assert c2.text("y") == "Кулацкая агитация."
    assert len(c2.kwic("кулак")) == 0 and len(c2.kwic("агитация")) == 1 and len(c2.kwic("откочевка")) == 1
    # appending the same documents again changes nothing
    c3 = ct.build([second], out, append=True)
    assert c3.build_report.unchanged == 2 and c3.content_hash == c2.content_hash
    # and equals a fresh build of the same content
    both = tmp_path / "both"
    both.mkdir()
    for f in [first / "x.txt", second / "y.txt", second / "z.txt"]:
        (both / f.name).write_bytes(f.read_bytes())
    assert ct.build([both], tmp_path / "fresh.corpus").content_hash == c3.content_hash
    assert c1.content_hash != c3.content_hash


def test_workers_give_identical_output(tmp_path):
    from corpus_tools.report.demo import demo_source

    one = ct.build([demo_source()], tmp_path / "one.corpus", workers=1)
    two = ct.build([demo_source()], tmp_path / "two.corpus", workers=2)
    assert one.content_hash == two.content_hash
    cols = "doc_id, i, form, norm, lemma, pos, start, \"end\""
    q = f"SELECT {cols} FROM tokens ORDER BY doc_id, i"
    assert one.con.execute(q).df().equals(two.con.execute(q).df())


def test_failed_build_leaves_previous_corpus(tiny_source, tmp_path, monkeypatch):
    out = tmp_path / "keep.corpus"
    before = ct.build([tiny_source], out)
    h = before.content_hash

    import sys

    build_mod = sys.modules["corpus_tools.store.build"]

    def boom(doc):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(build_mod, "_annotate", boom)
    with pytest.raises(RuntimeError):
        ct.build([tiny_source], out)
    assert ct.Corpus.open(out).content_hash == h
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".keep.corpus")]


def test_recovery_after_a_killed_build(tiny_source, tmp_path):
    out = tmp_path / "k.corpus"
    h = ct.build([tiny_source], out).content_hash
    # a build killed between its two renames: the old corpus is parked, the new one never arrived
    parked = tmp_path / ".k.corpus.old-123-abc"
    os.rename(out, parked)
    (tmp_path / ".k.corpus.tmp-456-def").mkdir()  # and an unfinished temporary folder
    assert ct.build([tiny_source], out).content_hash == h
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.corpus"]


def test_refuses_to_overwrite_a_folder_that_is_not_a_corpus(tiny_source, tmp_path):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "thesis.docx").write_text("x")
    with pytest.raises(CorpusToolsError, match="is not a corpus"):
        ct.build([tiny_source], target)
    assert (target / "thesis.docx").exists()


def test_open_errors(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="not a corpus"):
        ct.Corpus.open(tmp_path)
    (tmp_path / "corpus.json").write_text('{"format": "corpus_tools", "format_version": 99}')
    with pytest.raises(ct.CorpusFormatError, match="version 99"):
        ct.Corpus.open(tmp_path)


BAD = {
    "good1.txt": "Откочевка аулов на джайляу.".encode(),
    "good2.txt": "Бегство за кордон.".encode("cp1251"),
    "empty.txt": b"",
    "scan.txt": bytes(range(256)) * 8,
    "orphan.txt": "Файл без строки в манифесте.".encode(),
    "broken.xml": "<TEI><teiHeader><title>x</title></teiHeader><text><body><p>не закрыт".encode(),
    "lines.jsonl": '{"id": "j1", "text": "Кулацкая агитация."}\n{"id": "j2", "text": \n'.encode(),
    "baddate.txt": "Документ с невозможной датой.".encode(),
}
BAD_MANIFEST = "id,date\ngood1,1930\ngood2,1931\nempty,1930\nscan,1930\nbaddate,31.02.1930\nmissing,1930\n"


def test_bad_input_one_line_each_and_good_documents_build(tmp_path):
    src = tmp_path / "bad"
    src.mkdir()
    for name, data in BAD.items():
        (src / name).write_bytes(data)
    (src / "manifest.csv").write_text(BAD_MANIFEST, encoding="utf-8")
    corpus = ct.build([src], tmp_path / "bad.corpus")
    assert set(corpus.documents()["doc_id"]) == {"good1", "good2", "orphan", "baddate", "j1"}
    problems = {(p.file.split("/")[-1], p.level) for p in corpus.build_report.problems}
    assert ("empty.txt", "error") in problems
    assert ("scan.txt", "error") in problems
    assert ("broken.xml", "error") in problems
    assert ("lines.jsonl", "error") in problems
    assert ("orphan.txt", "warning") in problems
    assert ("baddate.txt", "warning") in problems or ("manifest.csv", "warning") in problems
    assert any(p.level == "error" and "missing" in p.message for p in corpus.build_report.problems)
    for p in corpus.build_report.problems:
        assert "\n" not in str(p)
    saved = json.loads((corpus.path / "errors.json").read_text())
    assert saved["errors"] == corpus.build_report.failed >= 5
    assert corpus.documents().set_index("doc_id").loc["good2", "encoding"] == "cp1251"


def test_unknown_language_fails_only_that_document(tmp_path):
    src = tmp_path / "langs"
    src.mkdir()
    (src / "manifest.csv").write_text("id,language\nru1,Russian\nde1,de\n", encoding="utf-8")
    (src / "ru1.txt").write_text("Откочевка аулов.", encoding="utf-8")
    (src / "de1.txt").write_text("Die Wanderung.", encoding="utf-8")
    corpus = ct.build([src], tmp_path / "langs.corpus")
    docs = corpus.documents().set_index("doc_id")
    assert list(docs.index) == ["ru1"] and docs.loc["ru1", "language"] == "ru"
    (problem,) = [p for p in corpus.build_report.problems if p.level == "error"]
    assert problem.file.endswith("de1.txt") and "'de'" in problem.message
