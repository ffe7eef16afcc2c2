"""CLI twins of the statistics commands (collocates, keywords, wordlist, ngrams), show, KWIC export and the
reproducibility record; plus term:ID queries against the shipped lexicon."""
from __future__ import annotations

import csv
import json

import pytest

from corpus_tools.cli import main

MEASURE_KEYS = {"collocate", "freq", "mi", "mi3", "t", "z", "g2", "dice", "logdice", "log_ratio", "delta_p",
                "min_sens"}
KEYWORD_KEYS = {"item", "target_freq", "reference_freq", "g2", "log_ratio", "log_ratio_ci_low",
                "log_ratio_ci_high", "simple_maths"}


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_dir(demo_corpus):
    return demo_corpus.path


def test_collocates_json_contract(demo_dir, capsys):
    code, out, _ = run(capsys, "collocates", demo_dir, "откочевка", "--left", "4", "--right", "4",
                       "--min-freq", "3", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows and MEASURE_KEYS <= set(rows[0])
    assert all(r["freq"] >= 3 for r in rows)
    assert [r["logdice"] for r in rows] == sorted((r["logdice"] for r in rows), reverse=True)


def test_collocates_over_time_series_and_compare(demo_dir, capsys):
    code, out, _ = run(capsys, "collocates", demo_dir, "откочевка", "--per", "1912-1928,1929-1933", "--format",
                       "csv")
    assert code == 0 and {r["period"] for r in csv.DictReader(out.splitlines())} == {"1912-1928", "1929-1933"}
    code, out, _ = run(capsys, "collocates", demo_dir, "откочевка", "--series", "агитация", "--per",
                       "1912-1928,1929-1933", "--format", "json")
    series = {r["period"]: r for r in json.loads(out)}
    assert series["1912-1928"]["freq"] == 0 and series["1929-1933"]["freq"] > 0
    code, out, _ = run(capsys, "collocates", demo_dir, "откочевка", "--compare", "1912-1928,1929-1933",
                       "--format", "json")
    assert code == 0 and {r["status"] for r in json.loads(out)} <= {"appears", "vanishes", "shared"}
    code, _, err = run(capsys, "collocates", demo_dir, "откочевка", "--compare", "1912-1928")
    assert code == 2 and "two periods" in err


def test_keywords_json_contract(demo_dir, capsys):
    code, out, _ = run(capsys, "keywords", demo_dir, "--target", "1929-1933", "--reference", "1912-1928",
                       "--limit", "10", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 10 and KEYWORD_KEYS <= set(rows[0])
    code, out, _ = run(capsys, "keywords", demo_dir, "--target", "doc_type=ogpu_summary", "--reference",
                       "doc_type=newspaper", "--direction", "positive", "--format", "csv")
    assert code == 0 and all(r["direction"] == "positive" for r in csv.DictReader(out.splitlines()))
    code, _, err = run(capsys, "keywords", demo_dir, "--target", "doc_type=report")
    assert code == 1 and err.startswith("Error: give --reference")


def test_wordlist_and_ngrams(demo_dir, capsys):
    code, out, _ = run(capsys, "wordlist", demo_dir, "--limit", "5", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5 and {"item", "freq", "per_million", "docs", "range"} <= set(rows[0])
    code, out, _ = run(capsys, "ngrams", demo_dir, "--n", "2", "--min-freq", "5", "--format", "json")
    assert code == 0 and all(len(r["item"].split()) == 2 and r["freq"] >= 5 for r in json.loads(out))
    code, out, _ = run(capsys, "wordlist", demo_dir, "--by", "pos", "--format", "table")
    assert code == 0 and "NOUN" in out


def test_output_file_gets_a_record_beside_it(demo_dir, tmp_path, capsys, demo_corpus):
    target = tmp_path / "coll.csv"
    code, _, err = run(capsys, "collocates", demo_dir, "откочевка", "-o", target)
    assert code == 0 and target.exists()
    record = json.loads((tmp_path / "coll.csv.record.json").read_text(encoding="utf-8"))
    assert record["analysis"] == "collocates" and record["parameters"]["query"] == "откочевка"
    assert record["corpus"]["content_hash"] == demo_corpus.content_hash
    assert record["packages"]["duckdb"] and record["conventions"]
    explicit = tmp_path / "kwic.record.json"
    code, _, _ = run(capsys, "kwic", demo_dir, "откочевка", "--limit", "2", "--format", "json", "--record", explicit)
    assert json.loads(explicit.read_text(encoding="utf-8"))["parameters"]["limit"] == 2


def test_kwic_sample_and_html_export(demo_dir, tmp_path, capsys):
    a = json.loads(run(capsys, "kwic", demo_dir, "откочевка", "--sample", "5", "--seed", "3", "--format", "json")[1])
    b = json.loads(run(capsys, "kwic", demo_dir, "откочевка", "--sample", "5", "--seed", "3", "--format", "json")[1])
    assert len(a) == 5 and a == b
    page = tmp_path / "k.html"
    code, _, _ = run(capsys, "kwic", demo_dir, "откочевка", "--limit", "3", "--html", page)
    text = page.read_text(encoding="utf-8")
    assert code == 0 and "<html" in text.lower() and "откочев" in text.lower()
    assert (tmp_path / "k.html.record.json").exists()


def test_show_document(demo_dir, capsys, demo_corpus):
    doc_id = demo_corpus.kwic("откочевка", limit=1)["doc_id"][0]
    code, out, _ = run(capsys, "show", demo_dir, doc_id, "--query", "откочевка", "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["doc_id"] == doc_id and res["hits"]
    for h in res["hits"]:
        assert "откоч" in res["text"][h["start"]:h["end"]].lower().replace("ё", "е")
    code, out, _ = run(capsys, "show", demo_dir, doc_id, "--format", "html")
    assert code == 0 and "<html" in out.lower()
    code, _, err = run(capsys, "show", demo_dir, "no-such-doc")
    assert code == 1 and err.startswith("Error:")


def test_term_queries_use_the_shipped_lexicon(demo_corpus, capsys):
    term = demo_corpus.kwic("term:otkochevka")
    plain = demo_corpus.kwic("откоч*")
    assert len(term) >= len(plain)
    assert set(zip(plain["doc_id"], plain["start"])) <= set(zip(term["doc_id"], term["start"]))
    f = demo_corpus.freq("term:otkochevka", by="1912-1928,1929-1933").set_index("period")
    assert f.loc["1929-1933", "per_million"] > f.loc["1912-1928", "per_million"]
    assert len(demo_corpus.kwic('term:otkochevka_za_kordon')) > 0
    code, _, err = run(capsys, "kwic", demo_corpus.path, "term:no_such_concept")
    assert code == 1 and "no_such_concept" in err
