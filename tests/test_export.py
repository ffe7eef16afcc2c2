"""Export to VRT and CoNLL-U: structure, escaping, round-trip counts (tiny and demo corpora)."""
import re
import xml.etree.ElementTree as ET

import pytest

from corpus_tools.errors import CorpusToolsError
from corpus_tools.export import EXPORT_FORMATS, export, export_conllu, export_vrt
from corpus_tools.export._stream import clean_cell
from conftest import TINY_DOCS

#: (token attribute as stored, cell as exported)
CELLS = [
    ("откочевка", "откочевка"),
    ("откочев-\nка", "откочев-ка"),        # line-break hyphenation
    ("откочев- \r\n  ка", "откочев-ка"),
    ("", "_"),
    (None, "_"),
    ("a\tb", "ab"),
]


@pytest.mark.parametrize("value, cell", CELLS)
def test_clean_cell(value, cell):
    assert clean_cell(value) == cell


def _conllu_blocks(text: str):
    """Sentences as (comments dict, token rows)."""
    for block in text.strip("\n").split("\n\n"):
        comments, rows = {}, []
        for line in block.split("\n"):
            if line.startswith("#"):
                key, _, value = line[2:].partition(" = ")
                comments[key] = value
            else:
                rows.append(line.split("\t"))
        yield comments, rows


@pytest.mark.parametrize("fixture", ["tiny_corpus", "demo_corpus"])
def test_conllu_structure_and_counts(fixture, request, tmp_path):
    corpus = request.getfixturevalue(fixture)
    out = tmp_path / "c.conllu"
    counts = export_conllu(corpus, out)
    info = corpus.info()
    assert counts["tokens"] == info["tokens"] and counts["documents"] == info["documents"]
    text = out.read_text(encoding="utf-8")
    n_tokens, sent_ids = 0, set()
    for comments, rows in _conllu_blocks(text):
        assert comments["sent_id"] not in sent_ids
        sent_ids.add(comments["sent_id"])
        rebuilt = []
        for k, row in enumerate(rows, 1):
            assert len(row) == 10, row
            assert row[0] == str(k)                              # IDs 1..n
            assert all(cell and "\n" not in cell for cell in row)
            misc = dict(x.split("=", 1) for x in row[9].split("|"))
            assert int(misc["start"]) < int(misc["end"])
            rebuilt.append(row[1] + ("" if misc.get("SpaceAfter") == "No" or k == len(rows) else " "))
        assert comments["text"] == "".join(rebuilt)             # what UD validators check
        n_tokens += len(rows)
    assert n_tokens == info["tokens"] and len(sent_ids) == counts["sentences"]


def test_conllu_offsets_point_into_the_original(tiny_corpus, tmp_path):
    out = tmp_path / "t.conllu"
    export_conllu(tiny_corpus, out)
    doc = None
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id = "):
            doc = line.split(" = ", 1)[1]
        elif line and not line.startswith("#"):
            row = line.split("\t")
            misc = dict(x.split("=", 1) for x in row[9].split("|"))
            assert TINY_DOCS[doc][2][int(misc["start"]):int(misc["end"])] == row[1]


@pytest.mark.parametrize("fixture", ["tiny_corpus", "demo_corpus"])
def test_vrt_is_well_formed_and_complete(fixture, request, tmp_path):
    corpus = request.getfixturevalue(fixture)
    out = tmp_path / "c.vrt"
    counts = export_vrt(corpus, out)
    body = out.read_text(encoding="utf-8")
    root = ET.fromstring("<corpus>" + body + "</corpus>")      # escaping is right, tags balance
    texts = root.findall("text")
    assert len(texts) == corpus.info()["documents"] == counts["documents"]
    lines = [ln for s in root.iter("s") for ln in (s.text or "").strip("\n").split("\n") if ln]
    assert len(lines) == corpus.info()["tokens"] == counts["tokens"]
    assert all(len(ln.split("\t")) == 5 for ln in lines)
    assert len(root.findall("text/s")) == counts["sentences"]


def test_vrt_text_attributes(tiny_corpus, tmp_path):
    out = tmp_path / "t.vrt"
    export_vrt(tiny_corpus, out)
    root = ET.fromstring("<corpus>" + out.read_text(encoding="utf-8") + "</corpus>")
    by_id = {t.get("id"): t for t in root.findall("text")}
    assert set(by_id) == set(TINY_DOCS)
    b = by_id["b1930"]
    assert (b.get("year"), b.get("date"), b.get("doc_type"), b.get("fond")) == ("1930", "15.03.1930",
                                                                                 "ogpu_summary", "5")
    assert by_id["d_undated"].get("year") == ""
    first = b.find("s").text.strip().split("\n")[0].split("\t")
    assert first[:3] == ["Под", "под", "ADP"]


def test_vrt_escapes_markup(tmp_path):
    import corpus_tools as ct

    src = tmp_path / "src"
    src.mkdir()
    (src / "x.txt").write_text("Цена < 5 & \"больше\" > 3.", encoding="utf-8")
    corpus = ct.build([src], tmp_path / "x.corpus")
    out = tmp_path / "x.vrt"
    export_vrt(corpus, out)
    body = out.read_text(encoding="utf-8")
    assert "&lt;" in body and "&amp;" in body and "&gt;" in body
    words = [ln.split("\t")[0] for ln in ET.fromstring("<c>" + body + "</c>").find("text/s").text.split("\n") if ln]
    assert "<" in words and "&" in words


def test_export_dispatch(tiny_corpus, tmp_path):
    assert set(EXPORT_FORMATS) == {"vrt", "conllu"}
    assert export(tiny_corpus, tmp_path / "a.vrt", format="vrt")["tokens"] == tiny_corpus.info()["tokens"]
    with pytest.raises(CorpusToolsError, match="unknown export format 'xml'; use vrt or conllu"):
        export(tiny_corpus, tmp_path / "a.xml", format="xml")


def test_sent_ids_have_no_spaces(tmp_path):
    import corpus_tools as ct

    src = tmp_path / "src"
    (src / "a b").mkdir(parents=True)
    (src / "a b" / "c d.txt").write_text("Одно предложение. И второе.", encoding="utf-8")
    corpus = ct.build([src], tmp_path / "s.corpus")
    out = tmp_path / "s.conllu"
    export_conllu(corpus, out)
    ids = re.findall(r"^# sent_id = (.*)$", out.read_text(encoding="utf-8"), re.M)
    assert ids == ["a_b/c_d/s0", "a_b/c_d/s1"]
