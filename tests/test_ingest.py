"""Ingest: readers, encodings, manifests, and every kind of bad input (problems, not exceptions)."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from corpus_tools.documents import Document
from corpus_tools.errors import IngestError
from corpus_tools.ingest import IngestProblem, decode_bytes, iter_documents, read_manifest

SHARED_DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
DRACOR = SHARED_DATA / "corpora" / "rusdracor_subset"

# Short realistic sentences, as in the archive's documents (constructed for the tests).
SENTENCES = {
    "report": "Откочевка хозяйств в Китай продолжается; причиной называют байскую агитацию.",
    "line": "Спецсводка ОГПУ № 5",
    "caps": "ИНФОРМСВОДКА О ПРОДЗАТРУДНЕНИЯХ",
    "two_lines": "Аулсовет сообщает о перегибах.\r\nХлебозаготовки выполнены на 40 %.\r\n",
}


def run(*sources, **kwargs) -> tuple[list[Document], list[IngestProblem]]:
    items = list(iter_documents([*sources], **kwargs))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert len(docs) + len(problems) == len(items)
    return docs, problems


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def only(problems: list[IngestProblem], level: str) -> IngestProblem:
    assert len(problems) == 1, problems
    assert problems[0].level == level
    return problems[0]


# ---------------------------------------------------------------------------------------------- IngestProblem


def test_problem_str_and_dict():
    p = IngestProblem("a/b.txt", "empty file", "error", "line 3")
    assert str(p) == "a/b.txt:line 3: empty file"
    assert str(IngestProblem("a.txt", "bad")) == "a.txt: bad"
    assert p.to_dict() == {"file": "a/b.txt", "position": "line 3", "level": "error", "message": "empty file"}
    json.dumps(p.to_dict())
    with pytest.raises(ValueError):
        IngestProblem("a.txt", "x", level="fatal")


# ---------------------------------------------------------------------------------------------- encodings

ENCODED = [
    # (name, bytes, expected recorded encoding)
    *[(f"{key}-utf-8", text.encode("utf-8"), "utf-8") for key, text in SENTENCES.items()],
    *[(f"{key}-utf-8-bom", codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig") for key, text in SENTENCES.items()],
    *[(f"{key}-utf-16-le-bom", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16-le")
      for key, text in SENTENCES.items()],
    *[(f"{key}-utf-16-be-bom", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be")
      for key, text in SENTENCES.items()],
    *[(f"{key}-utf-16-le", text.encode("utf-16-le"), "utf-16-le") for key, text in SENTENCES.items()],
    *[(f"{key}-utf-16-be", text.encode("utf-16-be"), "utf-16-be") for key, text in SENTENCES.items()],
    *[(f"{key}-utf-32", text.encode("utf-32"), "utf-32-le") for key, text in SENTENCES.items()],
    *[(f"{key}-cp1251", text.encode("cp1251"), "cp1251") for key, text in SENTENCES.items()],
    *[(f"{key}-koi8-r", text.encode("koi8-r", errors="ignore"), "koi8-r") for key, text in SENTENCES.items()],
    *[(f"{key}-cp866", text.encode("cp866", errors="ignore"), "cp866") for key, text in SENTENCES.items()],
]


@pytest.mark.parametrize(("name", "data", "expected"), ENCODED, ids=[row[0] for row in ENCODED])
def test_decode_bytes_detects_encoding(name, data, expected):
    text, used = decode_bytes(data)
    assert used == expected
    key, _, codec = name.partition("-")
    original = SENTENCES[key]
    if codec in ("koi8-r", "cp866"):  # "№" does not exist in KOI8-R
        original = original.encode(codec, errors="ignore").decode(codec)
    assert text == original  # BOM removed, \r\n kept


@pytest.mark.parametrize("word", ["Да.", "кулак", "по наущению баев", "ОТКОЧЕВКА", "Казкрайком"])
@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_decode_bytes_short_single_byte_texts(word, codec):
    assert decode_bytes(word.encode(codec)) == (word, codec)


def test_decode_bytes_forced_encoding():
    data = SENTENCES["report"].encode("koi8-r")
    assert decode_bytes(data, encoding="KOI8-R") == (SENTENCES["report"], "koi8-r")
    assert decode_bytes(codecs.BOM_UTF8 + b"abc", encoding="utf-8") == ("abc", "utf-8-sig")
    with pytest.raises(IngestError, match=r"not valid utf-8 \(byte 0, line 1\); try --encoding cp1251"):
        decode_bytes(SENTENCES["report"].encode("cp1251"), encoding="utf-8")
    with pytest.raises(IngestError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", encoding="klingon")


def test_decode_bytes_refuses_binary_and_broken_utf8():
    with pytest.raises(IngestError, match="binary file .a PDF., not text — is this a scan"):
        decode_bytes(b"%PDF-1.4\n\x00\x01\x02 stream")
    with pytest.raises(IngestError, match="binary file, not text"):
        decode_bytes(bytes(range(256)) * 4)
    broken = "Откочевка аулов".encode() + b"\xff" + " продолжается".encode()
    with pytest.raises(IngestError, match="UTF-8 except for 1 invalid byte sequence.*at byte 29"):
        decode_bytes(broken)
    assert decode_bytes(b"") == ("", "utf-8")


# ---------------------------------------------------------------------------------------------- plain text


def test_txt_folder_doc_ids_and_text_kept_byte_for_byte(tmp_path):
    write(tmp_path / "h1.txt", SENTENCES["two_lines"])
    write(tmp_path / "volume_12" / "31.txt", SENTENCES["report"], "cp1251")
    write(tmp_path / "volume_12" / "32.TXT", SENTENCES["caps"], "koi8-r")
    write(tmp_path / ".hidden.txt", "скрыто")
    write(tmp_path / ".git" / "x.txt", "скрыто")
    write(tmp_path / "README.txt", "о корпусе")
    write(tmp_path / "scan.pdf", b"%PDF-1.4")
    write(tmp_path / "notes.md", "заметки")
    docs, problems = run(tmp_path)
    assert problems == []
    assert [d.doc_id for d in docs] == ["h1", "volume_12/31", "volume_12/32"]
    assert [d.encoding for d in docs] == ["utf-8", "cp1251", "koi8-r"]
    assert docs[0].text == SENTENCES["two_lines"]
    assert docs[1].text == SENTENCES["report"]
    assert docs[1].file == "volume_12/31.txt"
    assert docs[0].date.precision == "unknown"


def test_single_file_source_uses_its_stem(tmp_path):
    path = write(tmp_path / "deep" / "doc_7.txt", SENTENCES["report"])
    docs, problems = run(path)
    assert problems == [] and [d.doc_id for d in docs] == ["doc_7"]
    assert docs[0].file == str(path)


def test_one_string_is_taken_as_one_source(tmp_path):
    write(tmp_path / "a.txt", SENTENCES["report"])
    assert [d.doc_id for d in iter_documents(str(tmp_path))] == ["a"]


@pytest.mark.parametrize(("name", "data", "encoding"), [
    ("utf-16-bom", codecs.BOM_UTF16_LE + SENTENCES["report"].encode("utf-16-le"), "utf-16-le"),
    ("utf-16", SENTENCES["line"].encode("utf-16-le"), "utf-16-le"),
    ("utf-8-bom", codecs.BOM_UTF8 + SENTENCES["line"].encode(), "utf-8-sig"),
    ("koi8", SENTENCES["report"].encode("koi8-r"), "koi8-r"),
    ("cp1251-one-line", SENTENCES["line"].encode("cp1251"), "cp1251"),
])
def test_txt_files_in_every_encoding(tmp_path, name, data, encoding):
    write(tmp_path / f"{name}.txt", data)
    docs, problems = run(tmp_path)
    assert problems == []
    assert docs[0].encoding == encoding
    assert docs[0].text.startswith(("Откочевка", "Спецсводка"))
    assert "\ufeff" not in docs[0].text


def test_front_matter(tmp_path):
    write(tmp_path / "a.txt", "---\ntitle: Спецсводка № 5\ndate: 15.03.1930\nlang: ru\nfond: Р-1380\n"
                              "pages: 12\n---\n" + SENTENCES["report"])
    write(tmp_path / "b.txt", "---\ndate: 1930-03-15\n---\r\n" + SENTENCES["line"])
    docs, problems = run(tmp_path)
    assert problems == []
    a, b = docs
    assert a.text == SENTENCES["report"]
    assert a.title == "Спецсводка № 5" and a.language == "ru"
    assert a.date.start == dt.date(1930, 3, 15) and a.date.text == "15.03.1930"
    assert a.extra == {"fond": "Р-1380", "pages": "12"}
    assert b.date.precision == "day" and b.date.text == "1930-03-15" and b.text == SENTENCES["line"]


def test_malformed_front_matter_is_an_error_with_its_line(tmp_path):
    write(tmp_path / "bad.txt", "---\ntitle: Сводка\ndate: [1930\n---\nтекст")
    write(tmp_path / "good.txt", SENTENCES["report"])
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    p = only(problems, "error")
    assert p.file == "bad.txt" and p.position.startswith("line ")
    assert "malformed YAML front matter" in p.message


def test_front_matter_not_a_mapping_and_unclosed(tmp_path):
    write(tmp_path / "list.txt", "---\n- a\n- b\n---\nтекст")
    write(tmp_path / "open.txt", "---\nпросто черта, а не front matter\nтекст")
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["open"]
    assert docs[0].text.startswith("---\n")
    assert [(p.file, p.level) for p in problems] == [("list.txt", "error"), ("open.txt", "warning")]
    assert "not a mapping" in problems[0].message and "no closing '---'" in problems[1].message


# ---------------------------------------------------------------------------------------------- bad files


def test_empty_binary_and_undecodable_files_are_errors(tmp_path):
    write(tmp_path / "a_empty.txt", b"")
    write(tmp_path / "b_blank.txt", "  \n\t\n")
    write(tmp_path / "c_scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "d_nul.txt", b"abc\x00\x00\x07\x01def\x00" * 20)
    write(tmp_path / "e_good.txt", SENTENCES["report"])
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["e_good"]
    assert [(p.file, p.level) for p in problems] == [
        ("a_empty.txt", "error"), ("b_blank.txt", "error"), ("c_scan.txt", "error"), ("d_nul.txt", "error")]
    assert problems[0].message.startswith("empty file (0 bytes)")
    assert problems[1].message.startswith("empty file (only whitespace)")
    assert "binary file (a PNG image), not text — is this a scan? convert it to text first" in problems[2].message
    assert problems[3].message.startswith("binary file, not text")


def test_forced_encoding_failure_names_byte_and_hint(tmp_path):
    write(tmp_path / "a.txt", "Сводка\n" + SENTENCES["report"], "cp1251")
    write(tmp_path / "b.txt", "ascii only, fine in any encoding")
    docs, problems = run(tmp_path, encoding="utf-8")
    assert [d.doc_id for d in docs] == ["b"]
    p = only(problems, "error")
    assert p.file == "a.txt" and p.position == "byte 0"
    assert "not valid utf-8" in p.message and "try --encoding cp1251 or koi8-r" in p.message
    assert str(p).startswith("a.txt:byte 0: the file is not valid utf-8")


def test_forced_encoding_is_used(tmp_path):
    write(tmp_path / "a.txt", SENTENCES["line"], "cp866")
    docs, problems = run(tmp_path, encoding="cp866")
    assert problems == [] and docs[0].text == SENTENCES["line"] and docs[0].encoding == "cp866"


def test_duplicate_doc_id_is_an_error_for_the_later_file(tmp_path):
    write(tmp_path / "a" / "x.txt", "первый")
    write(tmp_path / "b" / "x.jsonl", json.dumps({"id": "a/x", "text": "второй"}, ensure_ascii=False))
    docs, problems = run(tmp_path)
    assert [d.text for d in docs] == ["первый"]
    p = only(problems, "error")
    assert p.file == "b/x.jsonl" and p.position == "line 1" and "duplicate doc_id 'a/x'" in p.message
    assert "a/x.txt" in p.message


def test_bad_arguments_raise(tmp_path):
    with pytest.raises(IngestError, match="source not found: .*nowhere"):
        iter_documents([tmp_path / "nowhere"])
    with pytest.raises(IngestError, match="manifest not found"):
        iter_documents([tmp_path], manifest=tmp_path / "missing.csv")
    with pytest.raises(IngestError, match="unknown encoding"):
        iter_documents([tmp_path], encoding="cp9999")


# ---------------------------------------------------------------------------------------------- manifests


def _corpus(tmp_path: Path) -> Path:
    write(tmp_path / "h1.txt", SENTENCES["report"])
    write(tmp_path / "vol" / "h2.txt", SENTENCES["line"], "cp1251")
    return tmp_path


CSV_BY_ID = "id,date,title,lang,type,archive,fond\nh1,15.03.1930,Сводка,ru,report,ЦГА РК,Р-1380\nh2,1931,,,,,\n"


@pytest.mark.parametrize(("name", "content", "encoding"), [
    ("manifest.csv", CSV_BY_ID, "utf-8"),
    ("manifest.csv", "\ufeff" + CSV_BY_ID, "utf-8"),
    ("manifest.csv", CSV_BY_ID.replace(",", ";"), "utf-8"),
    ("manifest.csv", CSV_BY_ID, "cp1251"),
    ("manifest.tsv", CSV_BY_ID.replace(",", "\t"), "utf-8"),
    ("manifest.json", json.dumps([{"id": "h1", "date": "15.03.1930", "title": "Сводка", "lang": "ru",
                                   "type": "report", "archive": "ЦГА РК", "fond": "Р-1380"},
                                  {"id": "vol/h2", "date": "1931"}], ensure_ascii=False), "utf-8"),
    ("manifest.json", json.dumps({"documents": [{"file": "h1.txt", "date": "15.03.1930", "title": "Сводка",
                                                 "language": "ru", "doc_type": "report", "source": "ЦГА РК",
                                                 "fond": "Р-1380"},
                                                {"file": "vol/h2.txt", "date": 1931}]}), "utf-8"),
])
def test_manifest_formats(tmp_path, name, content, encoding):
    root = _corpus(tmp_path)
    write(root / name, content, encoding)
    docs, problems = run(root)
    assert problems == []
    h1, h2 = docs
    assert (h1.title, h1.language, h1.doc_type, h1.source) == ("Сводка", "ru", "report", "ЦГА РК")
    assert h1.date.start == dt.date(1930, 3, 15) and h2.date.precision == "year"
    assert h1.extra == {"fond": "Р-1380"} and h2.extra == {}


def test_manifest_by_file_column_and_explicit_path(tmp_path):
    root = _corpus(tmp_path / "src")
    manifest = write(tmp_path / "meta" / "list.csv", "file,date,region\n../src/vol/h2.txt,1932,Каркаралинский\n"
                                                     "../src/h1.txt,1930-е,\n")
    docs, problems = run(root, manifest=manifest)
    assert problems == []
    assert [(d.doc_id, d.date.precision, d.region) for d in docs] == [
        ("h1", "decade", ""), ("vol/h2", "year", "Каркаралинский")]


def test_manifest_id_becomes_doc_id_and_overrides_front_matter(tmp_path):
    write(tmp_path / "f" / "a.txt", "---\ntitle: из файла\ndate: 1929\n---\nтекст")
    write(tmp_path / "manifest.csv", "file,id,title\nf/a.txt,doc-001,из манифеста\n")
    docs, problems = run(tmp_path)
    assert problems == []
    assert (docs[0].doc_id, docs[0].title, docs[0].date.text) == ("doc-001", "из манифеста", "1929")


def test_manifest_row_without_file_is_an_error(tmp_path):
    root = _corpus(tmp_path)
    write(root / "manifest.csv", "id,date\nh1,1930\nh2,1931\nh9,1932\n")
    write(root / "list.tsv", "")  # not a document: ignored
    docs, problems = run(root)
    assert [d.doc_id for d in docs] == ["h1", "h2"]  # the manifest's id is the doc_id
    p = only(problems, "error")
    assert (p.file, p.position) == ("manifest.csv", "row 4")
    assert "no document file for id 'h9'" in p.message


def test_manifest_file_column_pointing_nowhere(tmp_path):
    root = _corpus(tmp_path)
    write(root / "manifest.csv", "file,date\nh1.txt,1930\nvol/h2.txt,1931\nvol/missing.txt,1932\n")
    docs, problems = run(root)
    assert len(docs) == 2
    p = only(problems, "error")
    assert str(p).startswith("manifest.csv:row 4: file 'vol/missing.txt' does not exist")


def test_file_without_manifest_row_is_a_warning(tmp_path):
    root = _corpus(tmp_path)
    write(root / "own.txt", "---\ntitle: своя шапка\n---\nтекст")
    write(root / "manifest.csv", "id,date\nh1,1930\n")
    items = list(iter_documents([root]))
    warning = items[items.index(next(i for i in items if isinstance(i, Document) and i.doc_id == "vol/h2")) - 1]
    assert isinstance(warning, IngestProblem) and warning.level == "warning"
    assert warning.file == "vol/h2.txt"
    assert warning.message == ("no manifest row for vol/h2.txt; built without metadata — add a row with "
                               "id=vol/h2 to manifest.csv")
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert [d.doc_id for d in docs] == ["h1", "own", "vol/h2"] and len(problems) == 1  # own.txt has metadata


@pytest.mark.parametrize(("name", "content", "position", "words"), [
    ("manifest.json", '[{"id": "h1", "date": "1930"},\n {"id": "h2" "date": "1931"}]', "line 2, column 14",
     "malformed JSON"),
    ("manifest.csv", 'id,date,title\nh1,1930,"Сводка\nh2,1931,x\n', "line 3", "malformed CSV"),
    ("manifest.csv", "name,date\nh1,1930\n", "row 1", "no 'id' or 'file' column"),
    ("manifest.json", '{"h1": "1930"}', "", "must be a list of objects"),
])
def test_malformed_manifest_is_one_error_and_documents_still_build(tmp_path, name, content, position, words):
    root = _corpus(tmp_path)
    write(root / name, content)
    docs, problems = run(root)
    assert [d.doc_id for d in docs] == ["h1", "vol/h2"]
    assert all(d.date.precision == "unknown" for d in docs)
    p = only(problems, "error")
    assert (p.file, p.position) == (name, position)
    assert words in p.message and "built without this manifest's metadata" in p.message


def test_manifest_row_with_too_many_values(tmp_path):
    root = _corpus(tmp_path)
    write(root / "manifest.csv", "id,date\nh1,1930\nh2,1931,лишнее\n")
    docs, problems = run(root)
    assert len(docs) == 2
    error, warning = problems
    assert (error.level, error.file, error.position) == ("error", "manifest.csv", "row 3")
    assert (warning.level, warning.file) == ("warning", "vol/h2.txt")


def test_read_manifest_directly(tmp_path):
    path = write(tmp_path / "m.csv", "ID;Дата;Lang\nh1;1930;ru\n")
    manifest = read_manifest(path)
    assert manifest.problems == [] and manifest.usable
    assert manifest.rows[0].id == "h1" and manifest.rows[0].fields == {"id": "h1", "Дата": "1930", "language": "ru"}
    with pytest.raises(IngestError, match="cannot read manifest"):
        read_manifest(tmp_path / "none.csv")


def test_manifest_encoding_column_forces_decoding(tmp_path):
    write(tmp_path / "a.txt", "Да", "cp866")
    write(tmp_path / "manifest.csv", "id,encoding\na,cp866\n")
    docs, problems = run(tmp_path)
    assert problems == [] and docs[0].text == "Да" and docs[0].encoding == "cp866"


# ---------------------------------------------------------------------------------------------- dates


def test_impossible_or_unreadable_date_is_a_warning_and_the_document_builds(tmp_path):
    write(tmp_path / "a.txt", "---\ndate: 31.02.1930\n---\nтекст")
    write(tmp_path / "b.txt", SENTENCES["report"])
    write(tmp_path / "manifest.csv", "id,date\na,\nb,весной\n")
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["a", "b"]
    assert [d.date for d in docs][0].precision == "unknown" and docs[0].date.text == "31.02.1930"
    assert docs[1].date.text == "весной"
    assert [(p.file, p.level) for p in problems] == [("a.txt", "warning"), ("b.txt", "warning")]
    assert "impossible date '31.02.1930'" in problems[0].message and "28 days" in problems[0].message
    assert "(from the file)" in problems[0].message
    assert "cannot read the date 'весной'" in problems[1].message
    assert "(from manifest.csv row 3)" in problems[1].message
    assert problems[1].message.endswith("the document is built with an unknown date")


# ---------------------------------------------------------------------------------------------- JSONL


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"id": "s-1", "text": SENTENCES["report"], "date": "март 1930", "region": "Адаевский",
                    "fond": "Р-5"}, ensure_ascii=False),
        "",
        json.dumps({"text": SENTENCES["line"]}, ensure_ascii=False),
        '{"id": "s-3", "text": "обрыв',
        json.dumps({"id": "s-4", "title": "без текста"}, ensure_ascii=False),
        json.dumps({"id": "s-5", "text": "   "}),
        json.dumps(["не", "объект"], ensure_ascii=False),
        json.dumps({"doc_id": 6, "text": "шестой", "lang": "kk", "tags": ["a", "b"]}, ensure_ascii=False),
    ]
    write(tmp_path / "part" / "batch.jsonl", "\n".join(lines) + "\n")
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["s-1", "part/batch/3", "6"]
    assert docs[0].date.precision == "month" and docs[0].region == "Адаевский" and docs[0].extra == {"fond": "Р-5"}
    assert docs[2].language == "kk" and docs[2].extra == {"tags": ["a", "b"]}
    assert all(d.file == "part/batch.jsonl" for d in docs)
    assert [(p.file, p.position, p.level) for p in problems] == [
        ("part/batch.jsonl", "line 4", "error"), ("part/batch.jsonl", "line 5", "error"),
        ("part/batch.jsonl", "line 6", "error"), ("part/batch.jsonl", "line 7", "error")]
    assert problems[0].message.startswith("malformed JSON")
    assert 'no "text"' in problems[1].message and 'no "text"' in problems[2].message
    assert "not an object" in problems[3].message


def test_jsonl_with_manifest_by_id(tmp_path):
    write(tmp_path / "b.jsonl", "\n".join([
        json.dumps({"id": "r1", "text": "первый"}, ensure_ascii=False),
        json.dumps({"id": "r2", "text": "второй"}, ensure_ascii=False),
        json.dumps({"id": "r3", "text": "третий", "date": "1933"}, ensure_ascii=False)]))
    write(tmp_path / "manifest.csv", "id,date\nr1,1930\n")
    docs, problems = run(tmp_path)
    assert [d.date.text for d in docs] == ["1930", "", "1933"]
    p = only(problems, "warning")  # r2 has no row and no metadata of its own; r3 has its own date
    assert (p.file, p.position) == ("b.jsonl", "line 2") and "no manifest row for id 'r2'" in p.message


# ---------------------------------------------------------------------------------------------- TEI

TEI_NS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru" xml:id="doc42">
  <teiHeader>
    <fileDesc>
      <titleStmt><title xml:lang="en">Report</title><title type="sub">подзаголовок</title>
        <title>Информсводка   № 3</title><author>ПП ОГПУ</author></titleStmt>
      <publicationStmt><date when="2024">2024</date></publicationStmt>
      <sourceDesc><msDesc><msIdentifier><repository>ЦГА РК</repository><idno>Ф. 5, оп. 1, д. 12</idno>
      </msIdentifier></msDesc><bibl><date notBefore="1930-03" notAfter="1930-05"/></bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><front><p>титульный лист</p></front><body>
    <head>О   откочевке</head>
    <p>Откочевка <hi>хозяйств</hi>
       продолжается.<note>примечание редактора</note> Причины<lb/>выясняются.</p>
    <sp><speaker>Бай.</speaker><l>Первая строка</l><l>Вторая строка</l></sp>
    <stage>(Уходит.)</stage>
  </body></text>
</TEI>
"""

TEI_PLAIN = """<TEI><teiHeader><fileDesc><titleStmt><title>Без пространства имён</title></titleStmt>
<sourceDesc><p>рукопись</p></sourceDesc></fileDesc>
<profileDesc><langUsage><language ident="kaz"/></langUsage><creation><date>15 марта 1930 г.</date></creation>
</profileDesc></teiHeader><text><body><p>Ауыл   көшті.</p></body></text></TEI>"""


def test_tei_namespaced(tmp_path):
    write(tmp_path / "tei" / "r.xml", TEI_NS)
    docs, problems = run(tmp_path)
    assert problems == []
    (doc,) = docs
    assert doc.doc_id == "tei/r" and doc.title == "Информсводка № 3" and doc.language == "ru"
    assert (doc.date.start, doc.date.end, doc.date.precision) == (dt.date(1930, 3, 1), dt.date(1930, 5, 31), "range")
    assert doc.source == "ЦГА РК, Ф. 5, оп. 1, д. 12"
    assert doc.extra["tei_id"] == "doc42" and doc.extra["author"] == "ПП ОГПУ"
    assert doc.text == ("О откочевке\nОткочевка хозяйств продолжается. Причины выясняются.\n"
                        "Бай.\nПервая строка\nВторая строка\n(Уходит.)")
    assert doc.encoding == "utf-8"


def test_tei_without_namespace(tmp_path):
    write(tmp_path / "k.tei", TEI_PLAIN)
    (doc,), problems = run(tmp_path)
    assert problems == []
    assert (doc.title, doc.language, doc.date.precision, doc.text) == (
        "Без пространства имён", "kk", "day", "Ауыл көшті.")


@pytest.mark.parametrize(("content", "position", "words"), [
    ("<TEI><teiHeader></teiHeader>\n<text><body><p>обрыв</body></text></TEI>", "line 2, column 23",
     "malformed XML: mismatched tag"),
    ("<html><body><p>не TEI</p></body></html>", "", "not a TEI document (root element <html>"),
    ("<TEI><teiHeader/><text><body/></text></TEI>", "", "no text in <text><body>"),
    ("", "", "empty file"),
])
def test_bad_tei_is_an_error(tmp_path, content, position, words):
    write(tmp_path / "bad.xml", content)
    write(tmp_path / "good.xml", TEI_PLAIN)
    docs, problems = run(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    p = only(problems, "error")
    assert (p.file, p.position) == ("bad.xml", position)
    assert words in p.message


def test_tei_unreadable_date_is_a_warning(tmp_path):
    write(tmp_path / "t.xml", TEI_PLAIN.replace("15 марта 1930 г.", "весной 1930"))
    docs, problems = run(tmp_path)
    assert docs[0].date.precision == "unknown" and docs[0].date.text == "весной 1930"
    p = only(problems, "warning")
    assert p.file == "t.xml" and "cannot read the date 'весной 1930'" in p.message


@pytest.mark.shared_data
@pytest.mark.skipif(not DRACOR.is_dir(), reason="../shared/data/corpora/rusdracor_subset is absent")
def test_dracor_plays_parse_with_their_year():
    with open(DRACOR / "plays_metadata.tsv", encoding="utf-8", newline="") as f:
        years = {row["file"]: int(row["year_min"]) for row in csv.DictReader(f, delimiter="\t")}
    docs, problems = run(DRACOR / "tei")
    assert problems == []
    assert len(docs) == len(list((DRACOR / "tei").glob("*.xml"))) == 29
    for doc in docs:
        # The earliest of written/print/premiere, as plays_metadata.tsv's year_min; a written date given as
        # notBefore/notAfter is a range starting that year.
        assert doc.date.start.year == years[doc.doc_id + ".xml"], doc.doc_id
        assert doc.date.precision in ("year", "range")
        assert doc.title and doc.language == "ru" and len(doc.text) > 10_000
        assert "<" not in doc.text
